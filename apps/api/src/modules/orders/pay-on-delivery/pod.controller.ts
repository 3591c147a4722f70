import { Body, Controller, Headers, Param, Res, UseGuards } from '@nestjs/common';
import { ApiDoc } from '../../../openapi/api-doc.decorator';
import {
  idempotencyKeySchema,
  podCashSchema,
  podCollectMpesaSchema,
  podRefusedSchema,
  podSettingsUpdateSchema,
} from '@sokoni/contracts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../../platform/api-error';
import type { RequestContext } from '../../../platform/request-context';
import { parseInput } from '../../../platform/validation';
import { Ctx, OwnerGet, OwnerPost, OwnerPut } from '../../auth/auth.decorators';
import { OwnerAuthGuard } from '../../auth/owner-auth.guard';
import { PodDoorService } from './pod-door.service';
import { PodSettingsService } from './pod-settings.service';

const numberParams = z.object({ number: z.coerce.number().int().min(1).max(2_000_000_000) });

/**
 * Pay on delivery, owner side (docs/pay-on-delivery.md): the settings (owner and admin:
 * settings.write), the three door actions (whoever fulfils orders, riders included) and the cash
 * still out with riders.
 */
@Controller('v1/owner')
@UseGuards(OwnerAuthGuard)
export class PodController {
  constructor(
    private readonly settings: PodSettingsService,
    private readonly door: PodDoorService,
  ) {}

  @OwnerGet('pay-on-delivery/settings', 'orders.read')
  getSettings(@Ctx() ctx: RequestContext) {
    return this.settings.get(ctx);
  }

  @OwnerPut('pay-on-delivery/settings', 'settings.write')
  @ApiDoc({ body: podSettingsUpdateSchema })
  saveSettings(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.settings.save(ctx, parseInput(podSettingsUpdateSchema, body, 'body'));
  }

  @OwnerGet('pay-on-delivery/cash-to-collect', 'orders.read')
  cashToCollect(@Ctx() ctx: RequestContext) {
    return this.door.cashToCollect(ctx);
  }

  /** An M-Pesa prompt to the shopper's phone (or another) for the order's total; Idempotency-Key required. */
  @OwnerPost('orders/:number/pay-on-delivery/mpesa', 'orders.fulfil', 201)
  @ApiDoc({ body: podCollectMpesaSchema, headers: idempotencyKeySchema, params: numberParams })
  async collectMpesa(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { number } = parseInput(numberParams, params, 'params');
    if (!idempotencyKey)
      throw new ApiError(400, 'validation_failed', 'The Idempotency-Key header is required to send a prompt', {
        where: 'headers',
        field: 'idempotency-key',
      });
    const key = parseInput(idempotencyKeySchema, idempotencyKey, 'headers');
    const { phone } = parseInput(podCollectMpesaSchema, body ?? {}, 'body');
    const { payment, created } = await this.door.collectMpesa(ctx, number, key, phone);
    if (!created) reply.status(200);
    return { payment };
  }

  @OwnerPost('orders/:number/pay-on-delivery/cash', 'orders.fulfil', 200)
  @ApiDoc({ body: podCashSchema, params: numberParams })
  async cash(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    const { amountKes } = parseInput(podCashSchema, body ?? {}, 'body');
    return { order: await this.door.cashReceived(ctx, number, amountKes) };
  }

  @OwnerPost('orders/:number/pay-on-delivery/refused', 'orders.fulfil', 200)
  @ApiDoc({ body: podRefusedSchema, params: numberParams })
  async refused(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    const { note } = parseInput(podRefusedSchema, body ?? {}, 'body');
    return { order: await this.door.refused(ctx, number, note) };
  }
}
