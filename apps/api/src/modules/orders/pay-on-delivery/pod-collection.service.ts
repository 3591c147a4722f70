import { Injectable } from '@nestjs/common';
import type { Order } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../../platform/api-error';
import { assertCollectable, paymentStateOf } from '../order-status';
import { OrderReservations } from '../order-reservations.service';
import { OrdersRepository } from '../orders.repository';
import { PodRepository } from './pod.repository';
import type { RequestContext } from '../../../platform/request-context';

type Row = NonNullable<Awaited<ReturnType<OrdersRepository['byId']>>>;
export type CollectionActor = { type: 'user' | 'system'; id: string | null };

/**
 * Money taken at the door for a pay-on-delivery order, in the caller's tenant transaction (the
 * payment's, for M-Pesa; the owner's request, for cash). The status does not move (the order is
 * still out for delivery until the rider marks it delivered); order-status.ts says when money may
 * be collected, the reservation becomes a sale (release + sale, as a paid order's does), and the
 * timeline gets a `collected` row.
 */
@Injectable()
export class PodCollection {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly reservations: OrderReservations,
    private readonly repository: PodRepository,
  ) {}

  async collectWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    order: Row,
    via: 'mpesa' | 'cash',
    actor: CollectionActor,
    data: Record<string, unknown>,
  ): Promise<void> {
    assertCollectable(order.status, paymentStateOf(order));
    // The row is locked by the caller; the WHERE in markCollected is the second guard.
    if (!(await this.repository.markCollected(trx, order.id, via)))
      throw new ApiError(409, 'conflict', 'The money for this order was already collected', {
        reason: 'already_collected',
      });
    await this.reservations.sellWithin(trx, order);
    await this.orders.insertEvent(trx, {
      tenant_id: ctx.tenantId,
      order_id: order.id,
      type: 'collected',
      from_status: order.status,
      to_status: order.status,
      actor_type: actor.type,
      actor_id: actor.id,
      data: { via, amountKes: order.total_kes, ...data },
    });
  }

  /**
   * Refused at the door: its own timeline row (who, the note, the delivery that ended), written
   * just before the status machine's `cancelled` row, so the owner's timeline says why it was cancelled.
   */
  async refusedWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    order: Row,
    actor: CollectionActor,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.orders.insertEvent(trx, {
      tenant_id: ctx.tenantId,
      order_id: order.id,
      type: 'refused_at_door',
      from_status: order.status,
      to_status: null,
      actor_type: actor.type,
      actor_id: actor.id,
      data,
    });
  }

  /**
   * An M-Pesa payment for this order (OrdersService.markPaidWithin, the order row locked): at the
   * door (dispatched pay-on-delivery order) it is collected here and true is returned (no status
   * move); a pay-on-delivery order paid early is marked collected and goes on to `paid` (false).
   */
  async collectedAtDoorWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    orderId: string,
    data: Record<string, unknown>,
  ): Promise<boolean> {
    const order = (await this.orders.lockOrder(trx, orderId))!;
    if (order.payment_method !== 'on_delivery') return false;
    if (order.status === 'pending_payment') {
      await this.repository.markCollected(trx, order.id, 'mpesa');
      return false;
    }
    await this.collectWithin(trx, ctx, order, 'mpesa', { type: 'system', id: 'mpesa' }, data);
    return true;
  }
}

/** The order's pay-on-delivery fields as the API shows them. */
export function podView(row: Row): Pick<Order, 'paymentMethod' | 'collected'> {
  return {
    paymentMethod: row.payment_method,
    collected: row.collected_at
      ? { via: row.collected_via ?? 'cash', at: new Date(row.collected_at).toISOString() }
      : null,
  };
}
