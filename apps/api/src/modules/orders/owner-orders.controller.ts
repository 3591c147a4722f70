import { Body, Controller, Param, Query, UseGuards } from '@nestjs/common';
import { areaSlugSchema, multiLineText, orderStatuses } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { OwnerOrdersService } from './owner-orders.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const numberParams = z.object({ number: z.coerce.number().int().min(1).max(2_000_000_000) });
const listQuery = z.object({
  status: z.enum(orderStatuses).optional(),
  area: areaSlugSchema.optional(),
  channel: z.enum(['web', 'whatsapp', 'link']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.coerce.number().int().positive().optional(),
});
/** Fulfilment moves owners and staff make by hand; paid/refunded come from the payment flow. */
const statusBody = z.object({
  to: z.enum(['packed', 'dispatched', 'delivered', 'cancelled']),
  note: multiLineText.trim().max(300).optional(),
});

@Controller('v1/owner/orders')
@UseGuards(OwnerAuthGuard)
export class OwnerOrdersController {
  constructor(private readonly orders: OwnerOrdersService) {}

  @OwnerGet('', 'orders.read')
  @ApiDoc({ query: listQuery })
  async list(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { status, area, channel, limit, cursor } = parseInput(listQuery, query, 'query');
    return this.orders.list(ctx, { status, area, channel }, limit, cursor);
  }

  @OwnerGet(':number', 'orders.read')
  @ApiDoc({ params: numberParams })
  async get(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    return { order: await this.orders.get(ctx, number) };
  }

  @OwnerPost(':number/status', 'orders.fulfil', 200)
  @ApiDoc({ params: numberParams, body: statusBody })
  async setStatus(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    const { to, note } = parseInput(statusBody, body, 'body');
    return { order: await this.orders.move(ctx, number, to, note) };
  }
}
