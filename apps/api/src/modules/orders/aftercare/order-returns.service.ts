import { Injectable } from '@nestjs/common';
import type { OrderReturn, RequestReturn, ReturnSettings } from '@sokoni/contracts';
import { ApiError } from '../../../platform/api-error';
import { TenantDb } from '../../../platform/tenant-db';
import type { RequestContext } from '../../../platform/request-context';
import { assertSessionLive, type ShopperSession } from '../../shoppers/shopper-session';
import { AuditService } from '../../audit/audit.service';
import { RefundsService } from '../../payments/refunds.service';
import { assertReturnTransition } from '../order-status';
import { OrdersService } from '../orders.service';
import { AftercareRepository } from './aftercare.repository';
import { creditFor, OrderTrackingService } from './order-tracking.service';

/**
 * Returns: the shopper asks (lines, reason, optional photo) within the store's window after
 * delivery; the owner accepts (the lines' worth goes back as a partial refund through the refund
 * service) or refuses with a reason; the goods received back return to stock (`return`
 * movements). Statuses move through order-status.ts; messages through the outbox.
 */
@Injectable()
export class OrderReturnsService {
  constructor(
    private readonly repository: AftercareRepository,
    private readonly orders: OrdersService,
    private readonly tracking: OrderTrackingService,
    private readonly refunds: RefundsService,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
  ) {}

  async settings(ctx: RequestContext): Promise<ReturnSettings> {
    return this.tenantDb.run(ctx, (trx) => this.repository.settings(trx));
  }

  async saveSettings(ctx: RequestContext, settings: ReturnSettings): Promise<ReturnSettings> {
    return this.tenantDb.run(ctx, async (trx) => {
      const before = await this.repository.settings(trx);
      await this.repository.saveSettings(trx, ctx.tenantId, settings);
      await this.audit.record(trx, ctx, {
        action: 'settings.returns_changed',
        entity: { type: 'store', id: ctx.tenantId },
        before,
        after: settings,
      });
      return settings;
    });
  }

  /** The shopper's request, checked against the window, the lines bought and any earlier request. */
  async request(
    ctx: RequestContext,
    session: ShopperSession,
    orderId: string,
    input: RequestReturn,
  ): Promise<OrderReturn> {
    return this.tenantDb.run(ctx, async (trx) => {
      await assertSessionLive(trx, session);
      const phone = session.phone;
      const order = await this.orders.lockWithin(trx, { id: orderId }).catch(() => null);
      if (!order || order.phone !== phone)
        throw ApiError.notFound('not_found', 'No such order among yours', { field: 'orderId' });
      const view = await this.tracking.trackingWithin(trx, order);
      if (!view.returns.allowed)
        throw new ApiError(409, 'conflict', view.returns.reason ?? 'This order cannot be returned', {
          reason: 'not_returnable',
          field: 'orderId',
        });
      const items = await this.orders.itemsWithin(trx, order.id);
      const wanted = new Map<string, number>();
      for (const l of input.lines) wanted.set(l.sku, (wanted.get(l.sku) ?? 0) + l.quantity);
      const lines: { line: number; quantity: number; unitPriceKes: number }[] = [];
      for (const [sku, quantity] of wanted) {
        const item = items.find((i) => i.sku === sku);
        if (!item)
          throw new ApiError(400, 'validation_failed', `Order #${order.number} has no item ${sku}`, {
            field: 'lines',
            sku,
          });
        if (quantity > item.quantity)
          throw new ApiError(
            400,
            'validation_failed',
            `You bought ${item.quantity} of ${item.title}: you cannot return ${quantity}`,
            { field: 'lines', sku, bought: item.quantity },
          );
        lines.push({ line: item.line, quantity, unitPriceKes: item.unit_price_kes });
      }
      const credit = creditFor(order, lines);
      const photo = input.photo ? Buffer.from(input.photo.base64, 'base64') : null;
      await this.repository.insertReturn(
        trx,
        {
          tenant_id: ctx.tenantId,
          order_id: order.id,
          reason: input.reason,
          amount_kes: credit.amountKes,
          vat_kes: credit.vatKes,
          photo,
          photo_type: input.photo ? input.photo.contentType : null,
        },
        lines.map((l) => ({ line: l.line, quantity: l.quantity })),
      );
      await this.audit.record(trx, ctx, {
        actor: { type: 'shopper', id: null },
        action: 'order.return_requested',
        entity: { type: 'order', id: order.id },
        after: { lines: input.lines, reason: input.reason, amountKes: credit.amountKes },
      });
      return (await this.tracking.returnWithin(trx, order.id))!;
    });
  }

  /**
   * The owner's decision. Accept: the return is accepted and the shopper told (one transaction),
   * then its worth is refunded (partial refund; if M-Pesa cannot take it now, `refundAgain`).
   * Refuse: with the reason the shopper is told.
   */
  async decide(
    ctx: RequestContext,
    number: number,
    userId: string,
    decision: { decision: 'accept' | 'refuse'; note?: string },
  ): Promise<{ return: OrderReturn; refundError: string | null }> {
    const to = decision.decision === 'accept' ? 'accepted' : 'refused';
    const { orderId, amountKes } = await this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.lockWithin(trx, { number });
      const ret = await this.repository.lockReturn(trx, order.id);
      if (!ret) throw ApiError.notFound('not_found', `Order #${number} has no return request`);
      assertReturnTransition(ret.status, to);
      await this.repository.updateReturn(trx, ret.id, {
        status: to,
        decision_note: decision.note ?? null,
        decided_by: userId,
        decided_at: new Date(),
      });
      await this.audit.record(trx, ctx, {
        action: `order.return_${to}`,
        entity: { type: 'order', id: order.id },
        before: { status: ret.status },
        after: { status: to, note: decision.note ?? null, amountKes: ret.amount_kes },
      });
      await this.orders.oweNotificationWithin(trx, ctx, order.id, `order_return_${to}`, {
        amountKes: ret.amount_kes,
        note: decision.note ?? null,
      });
      return { orderId: order.id, amountKes: ret.amount_kes };
    });
    const refundError = to === 'accepted' ? await this.sendRefund(ctx, number, orderId, amountKes, userId) : null;
    const ret = await this.tenantDb.run(ctx, (trx) => this.tracking.returnWithin(trx, orderId));
    return { return: ret!, refundError };
  }

  /** An accepted return whose refund did not go (M-Pesa down, refused): try again. */
  async refundAgain(ctx: RequestContext, number: number, userId: string) {
    const { orderId, amountKes } = await this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.findWithin(trx, number);
      const ret = await this.repository.lockReturn(trx, order.id);
      if (!ret || (ret.status !== 'accepted' && ret.status !== 'received'))
        throw new ApiError(409, 'conflict', `Order #${number} has no accepted return to refund`, {
          reason: 'no_accepted_return',
        });
      const refund = ret.refund_id ? await this.repository.refund(trx, ret.refund_id) : undefined;
      if (refund && refund.status !== 'failed')
        throw new ApiError(409, 'conflict', `The refund of this return is already ${refund.status}`, {
          reason: 'refund_exists',
        });
      return { orderId: order.id, amountKes: ret.amount_kes };
    });
    const refundError = await this.sendRefund(ctx, number, orderId, amountKes, userId);
    const ret = await this.tenantDb.run(ctx, (trx) => this.tracking.returnWithin(trx, orderId));
    return { return: ret!, refundError };
  }

  /** The goods are back at the shop: their stock returns (`return` movements), once. */
  async received(ctx: RequestContext, number: number): Promise<OrderReturn> {
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.lockWithin(trx, { number });
      const ret = await this.repository.lockReturn(trx, order.id);
      if (!ret) throw ApiError.notFound('not_found', `Order #${number} has no return request`);
      assertReturnTransition(ret.status, 'received');
      const lines = await this.repository.returnLines(trx, ret.id);
      await this.orders.receiveReturnWithin(
        trx,
        order,
        lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })),
      );
      await this.repository.updateReturn(trx, ret.id, { status: 'received', received_at: new Date() });
      await this.audit.record(trx, ctx, {
        action: 'order.return_received',
        entity: { type: 'order', id: order.id },
        after: { lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) },
      });
      return (await this.tracking.returnWithin(trx, order.id))!;
    });
  }

  async photo(ctx: RequestContext, number: number) {
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.findWithin(trx, number);
      const row = await this.repository.photo(trx, order.id);
      if (!row?.photo || !row.photo_type) throw ApiError.notFound('not_found', `Order #${number} has no return photo`);
      return { bytes: row.photo, contentType: row.photo_type };
    });
  }

  private async sendRefund(
    ctx: RequestContext,
    number: number,
    orderId: string,
    amountKes: number,
    userId: string,
  ): Promise<string | null> {
    if (amountKes <= 0) return null;
    try {
      const refund = await this.refunds.request(ctx, number, { amountKes, reason: 'Return accepted' }, userId);
      await this.tenantDb.run(ctx, async (trx) => {
        const ret = await this.repository.lockReturn(trx, orderId);
        if (ret) await this.repository.updateReturn(trx, ret.id, { refund_id: refund.id });
      });
      return null;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const refundId = (error.details as { refundId?: string } | undefined)?.refundId;
      if (refundId)
        await this.tenantDb.run(ctx, async (trx) => {
          const ret = await this.repository.lockReturn(trx, orderId);
          if (ret) await this.repository.updateReturn(trx, ret.id, { refund_id: refundId });
        });
      return error.message;
    }
  }
}
