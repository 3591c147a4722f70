import { Injectable } from '@nestjs/common';
import type { CashToCollect, Order, Payment } from '@sokoni/contracts';
import { ApiError } from '../../../platform/api-error';
import { TenantDb } from '../../../platform/tenant-db';
import { AuditService } from '../../audit/audit.service';
import { DeliveryRefusalService } from '../../delivery/delivery-refusal.service';
import { PaymentInitiationService } from '../../payments/payment-initiation.service';
import { assertCollectable, paymentStateOf } from '../order-status';
import { OrdersService } from '../orders.service';
import { PodCollection } from './pod-collection.service';
import { PodRepository } from './pod.repository';
import type { RequestContext } from '../../../platform/request-context';

/**
 * At the door, on the owner's order page (owner, admin or a staff rider): collect with M-Pesa
 * (an ordinary STK attempt: callbacks, receipts, reconciliation and refunds as for any payment),
 * cash received (audited: who, when, how much), or refused (the delivery ends failed, the status
 * machine cancels the order, the stock goes back as a release movement, the shopper is told once
 * through the outbox). Plus the dashboard's cash to collect per rider.
 */
@Injectable()
export class PodDoorService {
  constructor(
    private readonly orders: OrdersService,
    private readonly collection: PodCollection,
    private readonly repository: PodRepository,
    private readonly payments: PaymentInitiationService,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
    private readonly deliveries: DeliveryRefusalService,
  ) {}

  async collectMpesa(
    ctx: RequestContext,
    number: number,
    idempotencyKey: string,
    phone: string | undefined,
  ): Promise<{ payment: Payment; created: boolean }> {
    const orderId = await this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.findWithin(trx, number);
      assertCollectable(order.status, paymentStateOf(order));
      return order.id;
    });
    // The shopper's own payment path from here on (one open attempt per order, same key = same attempt).
    return this.payments.start(ctx, orderId, idempotencyKey, phone === undefined ? {} : { phone });
  }

  async cashReceived(ctx: RequestContext, number: number, amountKes: number): Promise<Order> {
    const userId = ctx.owner.userId;
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.lockWithin(trx, { number });
      assertCollectable(order.status, paymentStateOf(order));
      // Cash is the order's total, no more and no less: a short or over payment is not "received".
      if (amountKes !== order.total_kes)
        throw new ApiError(
          400,
          'validation_failed',
          `The order's total is KES ${order.total_kes}: record cash received for exactly that`,
          { where: 'body', field: 'amountKes', expected: order.total_kes },
        );
      await this.collection.collectWithin(trx, ctx, order, 'cash', { type: 'user', id: userId }, { amountKes });
      await this.repository.insertCash(trx, {
        tenant_id: ctx.tenantId,
        order_id: order.id,
        amount_kes: amountKes,
        received_by: userId,
      });
      await this.audit.record(trx, ctx, {
        action: 'order.cash_received',
        entity: { type: 'order', id: order.id },
        before: { collected: false },
        after: { orderNumber: order.number, amountKes, receivedBy: userId, receivedAt: new Date().toISOString() },
      });
      return this.orders.getWithin(trx, order.id);
    });
  }

  /**
   * Refused at the door: the delivery ends `failed` (a partner parcel not yet collected is
   * cancelled at the partner first, outside the transaction), then one transaction writes the
   * refusal's timeline row, the delivery's end and the order's cancellation (stock back, the
   * shopper told once). Checked before anything else, so refusing a paid, M-Pesa or already
   * refused order is a 409 that calls no partner and changes nothing.
   */
  async refused(ctx: RequestContext, number: number, note: string | undefined): Promise<Order> {
    const orderId = await this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.findWithin(trx, number);
      assertCollectable(order.status, paymentStateOf(order));
      return order.id;
    });
    const partnerCancelled = await this.deliveries.cancelPartnerBooking(ctx, orderId);
    const actor = { type: 'user' as const, id: ctx.owner.userId };
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.lockWithin(trx, { id: orderId });
      assertCollectable(order.status, paymentStateOf(order));
      const deliveryId = await this.deliveries.refusedAtDoorWithin(trx, ctx, order.id, {
        actorId: actor.id,
        note,
        partnerCancelled,
      });
      const data = { reason: 'refused_at_door', ...(note ? { note } : {}), ...(deliveryId ? { deliveryId } : {}) };
      await this.collection.refusedWithin(trx, ctx, order, actor, data);
      const moved = await this.orders.transitionWithin(trx, ctx, order.id, 'cancelled', actor, data);
      await this.audit.record(trx, ctx, {
        action: 'order.refused_at_door',
        entity: { type: 'order', id: order.id },
        before: { status: order.status },
        after: { status: 'cancelled', orderNumber: order.number, deliveryFailed: deliveryId !== null, ...data },
      });
      return moved;
    });
  }

  async cashToCollect(ctx: RequestContext): Promise<CashToCollect> {
    const rows = await this.tenantDb.run(ctx, (trx) => this.repository.toCollectPerRider(trx));
    const riders = rows.map((r) => ({
      riderName: r.rider_name ?? '',
      riderPhone: r.rider_phone ?? '',
      orders: r.orders,
      amountKes: r.amount_kes,
      orderNumbers: r.numbers,
    }));
    return { riders, totalKes: riders.reduce((sum, r) => sum + r.amountKes, 0) };
  }
}
