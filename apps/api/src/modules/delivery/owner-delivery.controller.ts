import { Body, Controller, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ownerDeliveryRulesSchema, ownerDeliveryZoneInputSchema, zoneSlugSchema } from '@sokoni/contracts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerDelete, OwnerGet, OwnerPost, OwnerPut } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { OwnerDeliveryService } from './owner-delivery.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const zoneParams = z.object({ zone: zoneSlugSchema });
const defaultsQuery = z.object({ replace: z.enum(['true', 'false']).default('false') }).strict();

/** The owner's delivery zones and rules. Store = the token's store (auth/permissions.ts). */
@Controller('v1/owner/delivery')
@UseGuards(OwnerAuthGuard)
export class OwnerDeliveryController {
  constructor(private readonly delivery: OwnerDeliveryService) {}

  @OwnerGet('zones', 'orders.read')
  async zones(@Ctx() ctx: RequestContext) {
    return this.delivery.settings(ctx);
  }

  /** Creates (201) or replaces (200) a zone. */
  @OwnerPut('zones/:zone', 'settings.write')
  @ApiDoc({ params: zoneParams, body: ownerDeliveryZoneInputSchema })
  async putZone(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { zone } = parseInput(zoneParams, params, 'params');
    const result = await this.delivery.putZone(ctx, zone, parseInput(ownerDeliveryZoneInputSchema, body, 'body'));
    void reply.status(result.created ? 201 : 200);
    return { zone: result.zone };
  }

  @OwnerDelete('zones/:zone', 'settings.write', 200)
  @ApiDoc({ params: zoneParams })
  async deleteZone(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { zone } = parseInput(zoneParams, params, 'params');
    return this.delivery.deleteZone(ctx, zone);
  }

  @OwnerPut('rules', 'settings.write')
  @ApiDoc({ body: ownerDeliveryRulesSchema })
  async putRules(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.delivery.putRules(ctx, parseInput(ownerDeliveryRulesSchema, body, 'body'));
  }

  /** The default Nairobi zones in one click; 409 if zones exist, unless ?replace=true. */
  @OwnerPost('defaults', 'settings.write', 200)
  @ApiDoc({ query: defaultsQuery })
  async defaults(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { replace } = parseInput(defaultsQuery, query, 'query');
    return this.delivery.applyDefaults(ctx, replace === 'true');
  }
}
