import { Body, Controller, Param, UseGuards } from '@nestjs/common';
import { deliveryStatusUpdateSchema, dispatchOrderSchema, multiLineText } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { DeliveriesService } from './deliveries.service';
import { DeliveryDispatchService } from './delivery-dispatch.service';
import { DeliveryUpdatesService } from './delivery-updates.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const numberParams = z.object({ number: z.coerce.number().int().min(1).max(2_000_000_000) });
const deliveredBody = z.object({ note: multiLineText.trim().max(300).optional() }).optional();

/** Owner/staff: send an order out (rider or partner agent point), follow it, record the outcome. */
@Controller('v1/owner/orders')
@UseGuards(OwnerAuthGuard)
export class OwnerDeliveriesController {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly dispatching: DeliveryDispatchService,
    private readonly updates: DeliveryUpdatesService,
  ) {}

  /** { method: 'manual_rider', riderName, riderPhone } or { method: 'partner_pickup', agentId }. */
  @OwnerPost(':number/dispatch', 'orders.fulfil', 201)
  @ApiDoc({ params: numberParams, body: dispatchOrderSchema })
  async dispatch(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    const input = parseInput(dispatchOrderSchema, body, 'body');
    return this.dispatching.dispatch(ctx, number, input);
  }

  /** The shopper has the order (handed over by the rider, or collected at the agent point). */
  @OwnerPost(':number/delivered', 'orders.fulfil', 200)
  @ApiDoc({ params: numberParams, body: deliveredBody })
  async delivered(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    const note = parseInput(deliveredBody, body ?? undefined, 'body')?.note;
    return this.updates.updateByStaff(ctx, number, { status: 'delivered', note });
  }

  /** Rider progress by hand: picked_up, in_transit, delivered, failed, cancelled. */
  @OwnerPost(':number/delivery/status', 'orders.fulfil', 200)
  @ApiDoc({ params: numberParams, body: deliveryStatusUpdateSchema })
  async status(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    return this.updates.updateByStaff(ctx, number, parseInput(deliveryStatusUpdateSchema, body, 'body'));
  }

  /** Asks the partner for the parcel's trail now (for a webhook that never came). */
  @OwnerPost(':number/delivery/refresh', 'orders.fulfil', 200)
  @ApiDoc({ params: numberParams })
  async refresh(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    return this.updates.refreshFromPartner(ctx, number);
  }

  @OwnerGet(':number/delivery', 'orders.read')
  @ApiDoc({ params: numberParams })
  async get(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    return this.deliveries.forOrder(ctx, number);
  }
}
