import { Inject, Injectable } from '@nestjs/common';
import type { Order, OrderStatus } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import type { AppConfig } from '../../config/config';
import { CONFIG, LOGGER, QUEUES } from '../../platform/tokens';
import type { QueueName } from '../../queues/queues';
import { assertOrderTransition, awaitsCollection, paymentStateOf } from './order-status';
import { oweNotification, queueNotification } from './order-notifications';
import { OrderReservations } from './order-reservations.service';
import { OrdersRepository } from './orders.repository';
import { PodCollection, podView } from './pay-on-delivery/pod-collection.service';
import type { RequestContext } from '../../platform/request-context';

export type OrderRow = NonNullable<Awaited<ReturnType<OrdersRepository['byId']>>>;
export type Actor = { type: 'shopper' | 'user' | 'system'; id: string | null };

/**
 * Orders as other modules use them: reads (as the API shows an order), the row lock, status
 * moves with their timeline event, and what payment and expiry do to a pending order. Placing
 * is OrderPlacementService, the checkout preview CheckoutService, the owner's list
 * OwnerOrdersService.
 */
@Injectable()
export class OrdersService {
  constructor(
    private readonly repository: OrdersRepository,
    private readonly reservations: OrderReservations,
    private readonly tenantDb: TenantDb,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly pod: PodCollection,
  ) {}

  /** The shopper's order page (timeline, cancel, return); the order id in it is the key. */
  pageUrl(storeSlug: string, orderId: string): string {
    return `${this.config.STOREFRONT_URL_TEMPLATE.replace('{slug}', storeSlug).replace(/\/+$/, '')}/orders/${orderId}`;
  }

  /** A new store's order numbering (first order #1001), in the caller's sign-up transaction. */
  async startNumberingWithin(trx: TenantTransaction, ctx: RequestContext): Promise<void> {
    await this.repository.startCounter(trx, ctx.tenantId);
  }

  /**
   * Product ids most often bought with this product in paid orders, read in the caller's tenant
   * transaction (a second transaction would hold a second pool connection per request).
   */
  boughtWith(trx: TenantTransaction, productId: string, limit: number): Promise<string[]> {
    return this.repository.boughtWith(trx, productId, limit);
  }

  async get(ctx: RequestContext, orderId: string): Promise<Order> {
    return this.tenantDb.run(ctx, async (trx) => {
      const row = await this.repository.byId(trx, orderId);
      if (!row) throw ApiError.notFound('not_found', 'No such order');
      return this.viewWithin(trx, row);
    });
  }

  async getByNumber(ctx: RequestContext, number: number): Promise<Order> {
    return this.tenantDb.run(ctx, async (trx) => {
      const row = await this.repository.byNumber(trx, number);
      if (!row) throw ApiError.notFound('not_found', `No order #${number}`);
      return this.viewWithin(trx, row);
    });
  }

  /**
   * Moves an order along its lifecycle (owner actions; payments later). Cancelling an unpaid
   * order gives its reserved stock back in the same transaction.
   */
  async transition(
    ctx: RequestContext,
    orderNumber: number,
    to: OrderStatus,
    actor: Actor,
    data: Record<string, unknown> = {},
  ): Promise<Order> {
    return this.tenantDb.run(ctx, async (trx) => {
      const found = await this.repository.byNumber(trx, orderNumber);
      if (!found) throw ApiError.notFound('not_found', `No order #${orderNumber}`);
      return this.transitionWithin(trx, ctx, found.id, to, actor, data);
    });
  }

  /**
   * The same move inside the caller's tenant transaction, for modules whose own rows must commit
   * together with the status change or not at all (dispatch writes the delivery record too).
   */
  async transitionWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    orderId: string,
    to: OrderStatus,
    actor: Actor,
    data: Record<string, unknown> = {},
  ): Promise<Order> {
    const order = await this.repository.lockOrder(trx, orderId);
    if (!order) throw ApiError.notFound('not_found', 'No such order');
    const pay = paymentStateOf(order);
    assertOrderTransition(order.status, to, pay);
    if (to === 'cancelled' && (order.status === 'pending_payment' || awaitsCollection(pay, order.status)))
      await this.reservations.releaseWithin(trx, order, 'cancelled');
    // Cancelled after payment (before dispatch): stock back on the shelf, coupon use given back.
    // The money goes back through the refund service (aftercare/order-cancellation.service.ts).
    else if (to === 'cancelled' && (order.status === 'paid' || order.status === 'packed'))
      await this.reservations.unsellWithin(trx, order, 'cancelled after payment');
    await this.repository.setStatus(trx, order.id, to, to !== 'pending_payment');
    await this.repository.insertEvent(trx, {
      tenant_id: ctx.tenantId,
      order_id: order.id,
      type: to,
      from_status: order.status,
      to_status: to,
      actor_type: actor.type,
      actor_id: actor.id,
      data,
    });
    if (to === 'dispatched' || to === 'delivered' || to === 'cancelled') {
      const kind = `order_${to}`;
      // Queued now with a short delay; if this transaction rolls back the job finds nothing owed.
      // A cancellation says what is refunded (nothing unless the caller says so).
      if (
        await oweNotification(trx, ctx.tenantId, order.id, kind, to === 'cancelled' ? { amountKes: 0, ...data } : data)
      )
        await queueNotification(this.queues.get('notifications')!, this.logger, ctx.tenantId, order.id, kind, 2_000);
    }
    return this.viewWithin(trx, (await this.repository.byId(trx, order.id))!);
  }

  /** The order, locked FOR UPDATE in the caller's tenant transaction; 404 when there is none. */
  async lockWithin(trx: TenantTransaction, ref: { number: number } | { id: string }): Promise<OrderRow> {
    const found =
      'number' in ref ? await this.repository.byNumber(trx, ref.number) : await this.repository.byId(trx, ref.id);
    if (!found) throw ApiError.notFound('not_found', 'number' in ref ? `No order #${ref.number}` : 'No such order');
    return (await this.repository.lockOrder(trx, found.id))!;
  }

  /** The order as the API shows it, read in the caller's tenant transaction. */
  async getWithin(trx: TenantTransaction, orderId: string): Promise<Order> {
    const row = await this.repository.byId(trx, orderId);
    if (!row) throw ApiError.notFound('not_found', 'No such order');
    return this.viewWithin(trx, row);
  }

  /**
   * A message the order owes its shopper (the outbox row, once per order and kind, in the caller's
   * transaction), queued for sending with a short delay; the relay covers a lost job.
   */
  async oweNotificationWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    orderId: string,
    kind: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    if (await oweNotification(trx, ctx.tenantId, orderId, kind, data))
      await queueNotification(this.queues.get('notifications')!, this.logger, ctx.tenantId, orderId, kind, 2_000);
  }

  /** The order's lines in the caller's tenant transaction. */
  itemsWithin(trx: TenantTransaction, orderId: string) {
    return this.repository.items(trx, orderId);
  }

  /** Returned goods back at the shop: `return` movements in the caller's transaction. */
  async receiveReturnWithin(
    trx: TenantTransaction,
    order: OrderRow,
    lines: { variantId: string; quantity: number }[],
  ): Promise<void> {
    await this.reservations.receiveReturnWithin(trx, order, lines);
  }

  /** The order row by id in the caller's tenant transaction (no lock); undefined when there is none. */
  findWithinById(trx: TenantTransaction, orderId: string): Promise<OrderRow | undefined> {
    return this.repository.byId(trx, orderId);
  }

  /** The order row by number in the caller's tenant transaction (no lock); 404 when there is none. */
  async findWithin(trx: TenantTransaction, orderNumber: number): Promise<OrderRow> {
    const found = await this.repository.byNumber(trx, orderNumber);
    if (!found) throw ApiError.notFound('not_found', `No order #${orderNumber}`);
    return found;
  }

  /**
   * Paid: the status moves (with its timeline event) and the reservation becomes a sale in the
   * stock ledger (release + sale, so on-hand stays put and sales are counted), all in the
   * caller's transaction, which also records the payment.
   */
  async markPaidWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    orderId: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    if (await this.pod.collectedAtDoorWithin(trx, ctx, orderId, data)) return; // pay on delivery, at the door
    await this.transitionWithin(trx, ctx, orderId, 'paid', { type: 'system', id: 'mpesa' }, data);
    await this.reservations.sellWithin(trx, (await this.repository.byId(trx, orderId))!);
  }

  /**
   * Money arrived for an order we had already cancelled (its stock hold lapsed before M-Pesa
   * answered). The shopper paid, so the order is theirs again: back to paid, stock taken as a
   * sale if it is still there. Returns false when the stock is gone (the order is paid but short:
   * the owner restocks or refunds; the caller flags it).
   */
  async reviveForLatePaymentWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    orderId: string,
    data: Record<string, unknown>,
  ): Promise<{ stockTaken: boolean }> {
    const order = await this.repository.lockOrder(trx, orderId);
    if (!order || order.status !== 'cancelled') throw new Error(`order ${orderId} is not cancelled`);
    const stockTaken = await this.reservations.retakeForLatePaymentWithin(trx, order);
    await this.repository.setStatus(trx, orderId, 'paid', true);
    await this.repository.insertEvent(trx, {
      tenant_id: ctx.tenantId,
      order_id: orderId,
      type: 'paid_after_cancel',
      from_status: 'cancelled',
      to_status: 'paid',
      actor_type: 'system',
      actor_id: 'mpesa',
      data: { ...data, stockTaken },
    });
    return { stockTaken };
  }

  /** Keeps the stock hold while M-Pesa may still answer (a PIN prompt open, a query pending). */
  async extendReservationWithin(trx: TenantTransaction, orderId: string, until: Date): Promise<void> {
    await this.repository.extendReservation(trx, orderId, until);
  }

  /** Unpaid past its reservation: cancelled, stock back on the shelf. A no-op otherwise. */
  async expireReservation(ctx: RequestContext, orderId: string): Promise<'expired' | 'not_due' | 'not_pending'> {
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.repository.lockOrder(trx, orderId);
      if (!order || order.status !== 'pending_payment') return 'not_pending';
      if (!order.reserved_until || new Date(order.reserved_until).getTime() > Date.now()) return 'not_due';
      await this.reservations.releaseWithin(trx, order, 'reservation expired');
      await this.repository.setStatus(trx, order.id, 'cancelled', true);
      await this.repository.insertEvent(trx, {
        tenant_id: ctx.tenantId,
        order_id: order.id,
        type: 'reservation_expired',
        from_status: 'pending_payment',
        to_status: 'cancelled',
        actor_type: 'system',
        actor_id: null,
      });
      return 'expired';
    });
  }

  /** An order row as the API shows it (items and timeline), in the caller's tenant transaction. */
  async viewWithin(trx: TenantTransaction, row: OrderRow): Promise<Order> {
    const [items, events] = await Promise.all([
      this.repository.items(trx, row.id),
      this.repository.events(trx, row.id),
    ]);
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      channel: row.channel,
      phone: row.phone,
      customerName: row.customer_name,
      areaSlug: row.area_slug,
      deliveryMethod: row.delivery_method,
      landmark: row.landmark,
      items: items.map((i) => ({
        sku: i.sku,
        title: i.title,
        options: i.options,
        unitPriceKes: i.unit_price_kes,
        quantity: i.quantity,
        lineTotalKes: i.line_total_kes,
      })),
      subtotalKes: row.subtotal_kes,
      deliveryFeeKes: row.delivery_fee_kes,
      discountKes: row.discount_kes,
      discounts: (row.discount_detail ?? []) as Order['discounts'],
      couponCode: row.coupon_code,
      totalKes: row.total_kes,
      vatKes: row.vat_kes,
      reservedUntil: row.reserved_until ? new Date(row.reserved_until).toISOString() : null,
      createdAt: new Date(row.created_at).toISOString(),
      timeline: events.map((e) => ({ type: e.type, toStatus: e.to_status, at: new Date(e.at).toISOString() })),
      ...podView(row),
    };
  }
}
