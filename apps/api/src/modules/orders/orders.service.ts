import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PHONE_FORMAT_HINT, normaliseKenyanPhone, vatPortion, type Order, type OrderStatus, type PlaceOrder } from '@sokoni/contracts';
import { sql, type TenantTransaction } from '@sokoni/db';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER, QUEUES, REDIS } from '../../platform/tokens';
import type { AppConfig } from '../../config/config';
import { enqueue, type QueueName } from '../../queues/queues';
import { RateLimiter, type Limit } from '../auth/rate-limiter';
import { CartService } from '../cart/cart.service';
import { DeliveryService } from '../delivery/delivery.service';
import { PromotionsService } from '../promotions/promotions.service';
import type { TenantRef } from '../tenancy/tenancy.service';
import { assertTransition } from './order-status';
import { oweNotification, queueNotification } from './order-notifications';
import { OrdersRepository, type OrderListFilters } from './orders.repository';

/** How long stock stays reserved for an unpaid order. */
export const RESERVATION_MINUTES = 15;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/**
 * Orders one client address may place at one store per window. Each order holds stock for
 * RESERVATION_MINUTES, so without it one address could hold a store's stock by placing unpaid
 * orders. Generous on purpose: many shoppers share one address behind a mobile carrier's NAT.
 * Only orders actually placed count (not replays of an Idempotency-Key, not refusals).
 */
export const ORDERS_PER_ADDRESS: Limit = {
  name: 'orders:ip', max: 20, windowSeconds: 10 * 60,
  message: 'Too many orders placed from your network at this shop. Try again in {wait}.',
};

export type OrderRow = NonNullable<Awaited<ReturnType<OrdersRepository['byId']>>>;
export type Actor = { type: 'shopper' | 'user' | 'system'; id: string | null };

@Injectable()
export class OrdersService {
  constructor(
    private readonly repository: OrdersRepository,
    private readonly carts: CartService,
    private readonly delivery: DeliveryService,
    private readonly promotions: PromotionsService,
    private readonly tenantDb: TenantDb,
    private readonly keys: RedisKeys,
    private readonly limiter: RateLimiter,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Places an order from the shopper's cart. The Idempotency-Key makes a double tap (or a retry
   * over a flaky connection) return the first order instead of creating a second: Redis answers
   * repeats fast, the unique (tenant, key) constraint is the truth. Stock is reserved in the
   * same transaction that creates the order, so either both happen or neither.
   * `clientAddress` (the request's address, as the trusted proxy saw it) is held to
   * ORDERS_PER_ADDRESS at this store.
   */
  async place(tenant: TenantRef, cartToken: string | undefined, idempotencyKey: string, input: PlaceOrder, clientAddress: string): Promise<{ order: Order; replayed: boolean }> {
    const phone = normaliseKenyanPhone(input.phone);
    if (!phone) throw new ApiError(400, 'validation_failed', `Enter ${PHONE_FORMAT_HINT}`, { where: 'body', field: 'phone' });
    const requestHash = createHash('sha256').update(JSON.stringify({ ...input, phone, cartToken: cartToken ?? null })).digest('hex');
    const idemKey = this.keys.tenant(tenant.tenantId, 'idempotency', 'order', idempotencyKey);

    const known = await this.redis.get(idemKey);
    if (known) return { order: await this.replay(tenant, known, requestHash), replayed: true };
    const existing = await this.tenantDb.run(tenant.tenantId, (trx) => this.repository.byIdempotencyKey(trx, idempotencyKey));
    if (existing) return { order: await this.replay(tenant, `${existing.id}:${existing.request_hash}`, requestHash), replayed: true };

    // Checked here and counted once the order exists: concurrent first orders may pass the check
    // together, a burst bounded by the route's own per-address request limit.
    const addressScope = { tenantId: tenant.tenantId, subject: clientAddress };
    await this.limiter.check(ORDERS_PER_ADDRESS, addressScope);
    const { cartId, cart } = await this.carts.forCheckout(tenant, cartToken);
    // Changes first: a cart whose only item just sold out is empty, but "sold out" is the news.
    if (cart.notices.length) {
      throw new ApiError(409, 'conflict', 'Your cart changed since you last saw it: please check it and confirm again', { reason: 'cart_changed', notices: cart.notices });
    }
    if (cart.lines.length === 0) throw new ApiError(409, 'conflict', 'Your cart is empty', { reason: 'empty_cart' });
    const quote = await this.delivery.quote(tenant, input.areaSlug, cart.subtotalKes);
    let deliveryFeeKes: number;
    if (input.deliveryMethod === 'pickup') {
      if (!quote.pickup) throw new ApiError(409, 'conflict', 'This store does not offer pickup at an agent point', { reason: 'no_pickup' });
      deliveryFeeKes = quote.pickup.feeKes;
    } else {
      if (!quote.deliverable) throw new ApiError(409, 'conflict', quote.message, { reason: 'not_deliverable', area: input.areaSlug });
      deliveryFeeKes = quote.feeKes;
    }
    // A cart opened from a shared WhatsApp link makes a WhatsApp order, whatever the form said.
    const channel = cartId && (await this.carts.sourceOf(tenant.tenantId, cartId)) === 'whatsapp' ? 'whatsapp' : input.channel;
    let orderId: string;
    try {
      orderId = await this.tenantDb.run(tenant.tenantId, async (trx) => {
        const discounts = await this.promotions.evaluate(trx, {
          lines: cart.lines, subtotalKes: cart.subtotalKes, deliveryFeeKes, couponCode: input.couponCode, phone,
        });
        if (discounts.couponProblem) throw new ApiError(409, 'conflict', discounts.couponProblem, { reason: 'coupon_invalid', field: 'couponCode' });
        const totalKes = cart.subtotalKes + deliveryFeeKes - discounts.discountKes;
        const variantIds = await this.repository.variantIds(trx, cart.lines.map((l) => l.sku));
        const number = await this.repository.nextNumber(trx, tenant.tenantId);
        const id = await this.repository.insertOrder(trx, {
          tenant_id: tenant.tenantId, number, channel, phone, customer_name: input.name,
          area_slug: input.areaSlug, delivery_method: input.deliveryMethod, landmark: input.landmark ?? null, notes: input.notes ?? null,
          subtotal_kes: cart.subtotalKes, delivery_fee_kes: deliveryFeeKes, discount_kes: discounts.discountKes,
          discount_detail: JSON.stringify(discounts.lines), total_kes: totalKes, vat_kes: vatPortion(totalKes),
          coupon_code: discounts.coupon?.code ?? null, idempotency_key: idempotencyKey, request_hash: requestHash,
          reserved_until: new Date(Date.now() + RESERVATION_MINUTES * 60_000),
        });
        if (discounts.coupon) {
          const couponLine = discounts.lines.find((l) => l.kind === 'coupon');
          await this.promotions.redeem(trx, tenant.tenantId, discounts.coupon, id, phone, couponLine?.amountKes ?? 0);
        }
        await this.repository.insertItems(trx, cart.lines.map((l, i) => ({
          tenant_id: tenant.tenantId, order_id: id, line: i + 1, variant_id: variantIds.get(l.sku)!, sku: l.sku, title: l.title,
          options: l.options, unit_price_kes: l.unitPriceKes, quantity: l.quantity, line_total_kes: l.lineTotalKes,
        })));
        await this.repository.insertMovements(trx, cart.lines.map((l) => ({
          tenant_id: tenant.tenantId, variant_id: variantIds.get(l.sku)!, kind: 'reserve' as const, quantity: -l.quantity,
          reason: `order #${number} awaiting payment`, order_id: id,
        })));
        await oweNotification(trx, tenant.tenantId, id, 'order_placed', {});
        await this.repository.insertEvent(trx, {
          tenant_id: tenant.tenantId, order_id: id, type: 'placed', from_status: null, to_status: 'pending_payment',
          actor_type: 'shopper', actor_id: phone, data: { channel, totalKes, deliveryFeeKes, discountKes: discounts.discountKes },
        });
        return id;
      });
    } catch (error) {
      const e = error as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'orders_tenant_id_idempotency_key_key') {
        // Lost a race with the same key: the winner's order is the answer.
        const winner = await this.tenantDb.run(tenant.tenantId, (trx) => this.repository.byIdempotencyKey(trx, idempotencyKey));
        return { order: await this.replay(tenant, `${winner!.id}:${winner!.request_hash}`, requestHash), replayed: true };
      }
      if (e.code === '23514' && e.constraint === 'product_variants_on_hand_check') {
        throw new ApiError(409, 'conflict', 'Some items sold out while you were checking out: please review your cart', { reason: 'insufficient_stock' });
      }
      throw error;
    }
    await this.redis.set(idemKey, `${orderId}:${requestHash}`, 'EX', IDEMPOTENCY_TTL_SECONDS);
    // The order is committed: failing to count it must not turn it into an error for the shopper.
    await this.limiter.record(ORDERS_PER_ADDRESS, addressScope)
      .catch((error: unknown) => this.logger.warn({ err: error, order_id: orderId }, 'could not count the order against its address limit'));
    if (cartId) await this.carts.clear(tenant, cartId);
    // The order is committed: a queue hiccup must not turn it into an error for the shopper.
    // The minute sweeper expires the reservation even if this job is never added.
    await enqueue(this.queues.get('payments')!, 'order.expire-reservation', tenant.tenantId, { orderId }, {
      delay: RESERVATION_MINUTES * 60_000 + 5_000, jobId: `expire-${orderId}`,
    }).catch((error: unknown) => this.logger.warn({ err: error, order_id: orderId }, 'could not queue reservation expiry; the sweeper will'));
    // "Your order is reserved, pay to ..." only if it is still unpaid a little later.
    await queueNotification(this.queues.get('notifications')!, this.logger, tenant.tenantId, orderId, 'order_placed', this.config.ORDER_PLACED_MESSAGE_AFTER_MS);
    return { order: await this.get(tenant.tenantId, orderId), replayed: false };
  }

  /**
   * Product ids most often bought with this product in paid orders, read in the caller's tenant
   * transaction (a second transaction would hold a second pool connection per request).
   */
  boughtWith(trx: TenantTransaction, productId: string, limit: number): Promise<string[]> {
    return this.repository.boughtWith(trx, productId, limit);
  }

  /** What the checkout page shows as the shopper fills it in: nothing is written. */
  async preview(tenant: TenantRef, cartToken: string | undefined, q: { area?: string; method: 'delivery' | 'pickup'; coupon?: string; phone?: string }) {
    const { cart } = await this.carts.forCheckout(tenant, cartToken);
    const quote = q.area ? await this.delivery.quote(tenant, q.area, cart.subtotalKes) : null;
    const deliveryFeeKes = !quote ? 0 : q.method === 'pickup' ? quote.pickup?.feeKes ?? 0 : quote.deliverable ? quote.feeKes : 0;
    const phone = q.phone ? normaliseKenyanPhone(q.phone) : null;
    const discounts = await this.tenantDb.run(tenant.tenantId, (trx) => this.promotions.evaluate(trx, {
      lines: cart.lines, subtotalKes: cart.subtotalKes, deliveryFeeKes, couponCode: q.coupon, phone,
    }));
    const totalKes = cart.subtotalKes + deliveryFeeKes - discounts.discountKes;
    return {
      cart,
      delivery: quote,
      subtotalKes: cart.subtotalKes,
      deliveryFeeKes,
      discounts: discounts.lines,
      discountKes: discounts.discountKes,
      coupon: q.coupon ? { code: q.coupon.toUpperCase(), applied: Boolean(discounts.coupon), message: discounts.couponProblem } : null,
      totalKes,
      vatKes: vatPortion(totalKes),
    };
  }

  private async replay(tenant: TenantRef, stored: string, requestHash: string): Promise<Order> {
    const [orderId, hash] = stored.split(':');
    if (hash !== requestHash) {
      throw new ApiError(409, 'conflict', 'This Idempotency-Key was already used for a different order', { reason: 'idempotency_key_reused' });
    }
    return this.get(tenant.tenantId, orderId!);
  }

  async get(tenantId: string, orderId: string): Promise<Order> {
    return this.tenantDb.run(tenantId, async (trx) => {
      const row = await this.repository.byId(trx, orderId);
      if (!row) throw ApiError.notFound('not_found', 'No such order');
      return this.toOrder(trx, row);
    });
  }

  async getByNumber(tenantId: string, number: number): Promise<Order> {
    return this.tenantDb.run(tenantId, async (trx) => {
      const row = await this.repository.byNumber(trx, number);
      if (!row) throw ApiError.notFound('not_found', `No order #${number}`);
      return this.toOrder(trx, row);
    });
  }

  /** The owner's order list, newest first; every filter given must match (cursor = last number seen). */
  async list(tenantId: string, filters: OrderListFilters, limit: number, before?: number) {
    return this.tenantDb.run(tenantId, async (trx) => {
      const rows = await this.repository.list(trx, filters, limit + 1, before);
      const page = rows.slice(0, limit);
      return { items: await Promise.all(page.map((r) => this.toOrder(trx, r))), nextCursor: rows.length > limit ? page[page.length - 1]!.number : null };
    });
  }

  /**
   * Moves an order along its lifecycle (owner actions; payments later). Cancelling an unpaid
   * order gives its reserved stock back in the same transaction.
   */
  async transition(tenantId: string, orderNumber: number, to: OrderStatus, actor: Actor, data: Record<string, unknown> = {}): Promise<Order> {
    return this.tenantDb.run(tenantId, async (trx) => {
      const found = await this.repository.byNumber(trx, orderNumber);
      if (!found) throw ApiError.notFound('not_found', `No order #${orderNumber}`);
      return this.transitionWithin(trx, tenantId, found.id, to, actor, data);
    });
  }

  /**
   * The same move inside the caller's tenant transaction, for modules whose own rows must commit
   * together with the status change or not at all (dispatch writes the delivery record too).
   */
  async transitionWithin(trx: TenantTransaction, tenantId: string, orderId: string, to: OrderStatus, actor: Actor, data: Record<string, unknown> = {}): Promise<Order> {
    const order = await this.repository.lockOrder(trx, orderId);
    if (!order) throw ApiError.notFound('not_found', 'No such order');
    assertTransition(order.status, to);
    if (to === 'cancelled' && order.status === 'pending_payment') await this.releaseReservation(trx, order, 'cancelled');
    await this.repository.setStatus(trx, order.id, to, to !== 'pending_payment');
    await this.repository.insertEvent(trx, { tenant_id: tenantId, order_id: order.id, type: to, from_status: order.status, to_status: to, actor_type: actor.type, actor_id: actor.id, data });
    if (to === 'dispatched' || to === 'delivered') {
      const kind = `order_${to}`;
      // Queued now with a short delay; if this transaction rolls back the job finds nothing owed.
      if (await oweNotification(trx, tenantId, order.id, kind, data)) await queueNotification(this.queues.get('notifications')!, this.logger, tenantId, order.id, kind, 2_000);
    }
    return this.toOrder(trx, (await this.repository.byId(trx, order.id))!);
  }

  /** The order, locked FOR UPDATE in the caller's tenant transaction; 404 when there is none. */
  async lockWithin(trx: TenantTransaction, ref: { number: number } | { id: string }): Promise<OrderRow> {
    const found = 'number' in ref ? await this.repository.byNumber(trx, ref.number) : await this.repository.byId(trx, ref.id);
    if (!found) throw ApiError.notFound('not_found', 'number' in ref ? `No order #${ref.number}` : 'No such order');
    return (await this.repository.lockOrder(trx, found.id))!;
  }

  /** The order as the API shows it, read in the caller's tenant transaction. */
  async getWithin(trx: TenantTransaction, orderId: string): Promise<Order> {
    const row = await this.repository.byId(trx, orderId);
    if (!row) throw ApiError.notFound('not_found', 'No such order');
    return this.toOrder(trx, row);
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
  async markPaidWithin(trx: TenantTransaction, tenantId: string, orderId: string, data: Record<string, unknown>): Promise<void> {
    await this.transitionWithin(trx, tenantId, orderId, 'paid', { type: 'system', id: 'mpesa' }, data);
    const order = (await this.repository.byId(trx, orderId))!;
    const items = await this.repository.items(trx, orderId);
    await this.repository.insertMovements(trx, items.flatMap((i) => [
      { tenant_id: tenantId, variant_id: i.variant_id, kind: 'release' as const, quantity: i.quantity, reason: `order #${order.number} paid`, order_id: orderId },
      { tenant_id: tenantId, variant_id: i.variant_id, kind: 'sale' as const, quantity: -i.quantity, reason: `order #${order.number} paid`, order_id: orderId },
    ]));
  }

  /**
   * Money arrived for an order we had already cancelled (its stock hold lapsed before M-Pesa
   * answered). The shopper paid, so the order is theirs again: back to paid, stock taken as a
   * sale if it is still there. Returns false when the stock is gone (the order is paid but short:
   * the owner restocks or refunds; the caller flags it).
   */
  async reviveForLatePaymentWithin(trx: TenantTransaction, tenantId: string, orderId: string, data: Record<string, unknown>): Promise<{ stockTaken: boolean }> {
    const order = await this.repository.lockOrder(trx, orderId);
    if (!order || order.status !== 'cancelled') throw new Error(`order ${orderId} is not cancelled`);
    const items = await this.repository.items(trx, orderId);
    let stockTaken = true;
    await sql`SAVEPOINT revive_stock`.execute(trx);
    try {
      await this.repository.insertMovements(trx, items.map((i) => ({
        tenant_id: tenantId, variant_id: i.variant_id, kind: 'sale' as const, quantity: -i.quantity, reason: `order #${order.number} paid after its hold lapsed`, order_id: orderId,
      })));
      await sql`RELEASE SAVEPOINT revive_stock`.execute(trx);
    } catch (error) {
      if ((error as { constraint?: string }).constraint !== 'product_variants_on_hand_check') throw error;
      await sql`ROLLBACK TO SAVEPOINT revive_stock`.execute(trx);
      stockTaken = false;
    }
    await this.repository.setStatus(trx, orderId, 'paid', true);
    await this.repository.insertEvent(trx, {
      tenant_id: tenantId, order_id: orderId, type: 'paid_after_cancel', from_status: 'cancelled', to_status: 'paid',
      actor_type: 'system', actor_id: 'mpesa', data: { ...data, stockTaken },
    });
    return { stockTaken };
  }

  /** Keeps the stock hold while M-Pesa may still answer (a PIN prompt open, a query pending). */
  async extendReservationWithin(trx: TenantTransaction, orderId: string, until: Date): Promise<void> {
    await this.repository.extendReservation(trx, orderId, until);
  }

  /** Unpaid past its reservation: cancelled, stock back on the shelf. A no-op otherwise. */
  async expireReservation(tenantId: string, orderId: string): Promise<'expired' | 'not_due' | 'not_pending'> {
    return this.tenantDb.run(tenantId, async (trx) => {
      const order = await this.repository.lockOrder(trx, orderId);
      if (!order || order.status !== 'pending_payment') return 'not_pending';
      if (!order.reserved_until || new Date(order.reserved_until).getTime() > Date.now()) return 'not_due';
      await this.releaseReservation(trx, order, 'reservation expired');
      await this.repository.setStatus(trx, order.id, 'cancelled', true);
      await this.repository.insertEvent(trx, { tenant_id: tenantId, order_id: order.id, type: 'reservation_expired', from_status: 'pending_payment', to_status: 'cancelled', actor_type: 'system', actor_id: null });
      return 'expired';
    });
  }

  private async releaseReservation(trx: TenantTransaction, order: OrderRow, why: string) {
    await this.promotions.release(trx, order.id);
    const items = await this.repository.items(trx, order.id);
    await this.repository.insertMovements(trx, items.map((i) => ({
      tenant_id: order.tenant_id, variant_id: i.variant_id, kind: 'release' as const, quantity: i.quantity, reason: `order #${order.number} ${why}`, order_id: order.id,
    })));
  }

  private async toOrder(trx: TenantTransaction, row: OrderRow): Promise<Order> {
    const [items, events] = await Promise.all([this.repository.items(trx, row.id), this.repository.events(trx, row.id)]);
    return {
      id: row.id, number: row.number, status: row.status, channel: row.channel, phone: row.phone, customerName: row.customer_name,
      areaSlug: row.area_slug, deliveryMethod: row.delivery_method, landmark: row.landmark,
      items: items.map((i) => ({ sku: i.sku, title: i.title, options: i.options, unitPriceKes: i.unit_price_kes, quantity: i.quantity, lineTotalKes: i.line_total_kes })),
      subtotalKes: row.subtotal_kes, deliveryFeeKes: row.delivery_fee_kes, discountKes: row.discount_kes,
      discounts: (row.discount_detail ?? []) as Order['discounts'], couponCode: row.coupon_code, totalKes: row.total_kes, vatKes: row.vat_kes,
      reservedUntil: row.reserved_until ? new Date(row.reserved_until).toISOString() : null,
      createdAt: new Date(row.created_at).toISOString(),
      timeline: events.map((e) => ({ type: e.type, toStatus: e.to_status, at: new Date(e.at).toISOString() })),
    };
  }
}
