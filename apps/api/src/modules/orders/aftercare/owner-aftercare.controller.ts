import { Body, Controller, Param, Res, UseGuards } from '@nestjs/common';
import { cancelOrderSchema, returnDecisionSchema, returnSettingsSchema } from '@sokoni/contracts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { RequestContext } from '../../../platform/request-context';
import { parseInput } from '../../../platform/validation';
import { Ctx, OwnerGet, OwnerPost, OwnerPut } from '../../auth/auth.decorators';
import { OwnerAuthGuard } from '../../auth/owner-auth.guard';
import { OrderCancellationService } from './order-cancellation.service';
import { OrderReturnsService } from './order-returns.service';
import { OrderTrackingService } from './order-tracking.service';
import { ApiDoc } from '../../../openapi/api-doc.decorator';

const numberParams = z.object({ number: z.coerce.number().int().min(1).max(2_000_000_000) });

/**
 * The owner's side of after the sale: the order's timeline and return, refund-and-cancel in one
 * action, the return decision, goods received back, and the store's return policy.
 */
@Controller('v1/owner')
@UseGuards(OwnerAuthGuard)
export class OwnerAftercareController {
  constructor(
    private readonly tracking: OrderTrackingService,
    private readonly cancellation: OrderCancellationService,
    private readonly returns: OrderReturnsService,
  ) {}

  @OwnerGet('orders/:number/aftercare', 'orders.read')
  @ApiDoc({ params: numberParams })
  async aftercare(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    return this.tracking.forOwner(ctx, number);
  }

  /** Refund-and-cancel: staff may cancel unpaid orders only (checked in the service). */
  @OwnerPost('orders/:number/cancel', 'orders.fulfil', 200)
  @ApiDoc({ params: numberParams, body: cancelOrderSchema })
  async cancel(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    const { reason } = parseInput(cancelOrderSchema, body ?? {}, 'body');
    return this.cancellation.cancel(
      ctx,
      { number },
      { kind: 'owner', userId: ctx.owner.userId, role: ctx.owner.role },
      reason,
    );
  }

  @OwnerPost('orders/:number/returns/decision', 'orders.refund', 200)
  @ApiDoc({ params: numberParams, body: returnDecisionSchema })
  async decide(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    const decision = parseInput(returnDecisionSchema, body ?? {}, 'body');
    return this.returns.decide(ctx, number, ctx.owner.userId, decision);
  }

  @OwnerPost('orders/:number/returns/refund', 'orders.refund', 200)
  @ApiDoc({ params: numberParams })
  async refundAgain(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    return this.returns.refundAgain(ctx, number, ctx.owner.userId);
  }

  @OwnerPost('orders/:number/returns/received', 'orders.fulfil', 200)
  @ApiDoc({ params: numberParams })
  async received(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    return { return: await this.returns.received(ctx, number) };
  }

  @OwnerGet('orders/:number/returns/photo', 'orders.read')
  @ApiDoc({ params: numberParams })
  async photo(@Ctx() ctx: RequestContext, @Param() params: unknown, @Res() reply: FastifyReply) {
    const { number } = parseInput(numberParams, params, 'params');
    const photo = await this.returns.photo(ctx, number);
    await reply
      .header('content-type', photo.contentType)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(photo.bytes);
  }

  @OwnerGet('settings/returns', 'orders.read')
  async settings(@Ctx() ctx: RequestContext) {
    return { settings: await this.returns.settings(ctx) };
  }

  @OwnerPut('settings/returns', 'settings.write')
  @ApiDoc({ body: returnSettingsSchema })
  async saveSettings(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const settings = parseInput(returnSettingsSchema, body ?? {}, 'body');
    return { settings: await this.returns.saveSettings(ctx, settings) };
  }
}
