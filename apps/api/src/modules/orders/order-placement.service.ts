import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PHONE_FORMAT_HINT, normaliseKenyanPhone, vatPortion, type Order, type PlaceOrder } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { CheckoutService, type CheckoutBasis } from './checkout.service';
import { OrderIdempotencyStore } from './order-idempotency.store';
import { oweNotification } from './order-notifications';
import { OrderReservations } from './order-reservations.service';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { PodRules } from './pay-on-delivery/pod-rules.service';
import { PlacedOrderFollowUps, RESERVATION_MINUTES } from './placed-order.follow-ups';
import type { RequestContext } from '../../platform/request-context';

/** Placing an order from the shopper's cart (POST /v1/stores/:store/orders). */
@Injectable()
export class OrderPlacementService {
  constructor(
    private readonly repository: OrdersRepository,
    private readonly tenantDb: TenantDb,
    private readonly idempotency: OrderIdempotencyStore,
    private readonly checkout: CheckoutService,
    private readonly reservations: OrderReservations,
    private readonly orders: OrdersService,
    private readonly followUps: PlacedOrderFollowUps,
    private readonly pod: PodRules,
  ) {}

  /**
   * Places an order from the shopper's cart. The Idempotency-Key makes a double tap (or a retry
   * over a flaky connection) return the first order instead of creating a second: Redis answers
   * repeats fast, the unique (tenant, key) constraint is the truth. Stock is reserved in the
   * same transaction that creates the order, so either both happen or neither.
   * `clientAddress` (the request's address, as the trusted proxy saw it) is held to
   * ORDERS_PER_ADDRESS at this store.
   */
  async place(
    ctx: RequestContext,
    cartToken: string | undefined,
    idempotencyKey: string,
    input: PlaceOrder,
    clientAddress: string,
  ): Promise<{ order: Order; replayed: boolean }> {
    const phone = normaliseKenyanPhone(input.phone);
    if (!phone)
      throw new ApiError(400, 'validation_failed', `Enter ${PHONE_FORMAT_HINT}`, { where: 'body', field: 'phone' });
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ ...input, phone, cartToken: cartToken ?? null }))
      .digest('hex');

    const known = await this.idempotency.known(ctx.tenantId, idempotencyKey);
    if (known) return { order: await this.replay(ctx, known, requestHash), replayed: true };
    const existing = await this.placedUnder(ctx, idempotencyKey, requestHash);
    if (existing) return { order: existing, replayed: true };

    // Checked here and counted once the order exists: concurrent first orders may pass the check
    // together, a burst bounded by the route's own per-address request limit.
    const addressScope = { tenantId: ctx.tenantId, subject: clientAddress };
    await this.followUps.checkAddressLimit(addressScope);
    let basis: CheckoutBasis;
    try {
      basis = await this.checkout.basisForOrder(ctx, cartToken, input);
    } catch (error) {
      // A double tap whose twin committed since the check above finds the cart already emptied
      // ("your cart is empty"): the twin's order is its answer, not that refusal.
      const twin = await this.placedUnder(ctx, idempotencyKey, requestHash);
      if (!twin) throw error;
      return { order: twin, replayed: true };
    }
    const { cart, deliveryFeeKes, channel } = basis;
    let orderId: string;
    try {
      orderId = await this.tenantDb.run(ctx, async (trx) => {
        const discounts = await this.checkout.discountsWithin(trx, basis, input.couponCode, phone);
        const totalKes = cart.subtotalKes + deliveryFeeKes - discounts.discountKes;
        // Pay on delivery: the store's rules decide here, on the final total (409 in words if not).
        const onDelivery = input.paymentMethod === 'on_delivery';
        if (onDelivery) await this.pod.assertAllowedWithin(trx, { ...input, totalKes, phone });
        const variantIds = await this.repository.variantIds(
          trx,
          cart.lines.map((l) => l.sku),
        );
        // Everything but the number first: the store's counter lock is held from the number to the
        // commit, so only the order row and the stock reservation (which names the number) wait
        // behind another placement at the same store (migration 0054).
        await this.repository.deferOrderChildChecks(trx);
        const id = randomUUID();
        await this.checkout.redeemWithin(trx, ctx, discounts, id, phone);
        await this.repository.insertItems(
          trx,
          cart.lines.map((l, i) => ({
            tenant_id: ctx.tenantId,
            order_id: id,
            line: i + 1,
            variant_id: variantIds.get(l.sku)!,
            sku: l.sku,
            title: l.title,
            options: l.options,
            unit_price_kes: l.unitPriceKes,
            quantity: l.quantity,
            line_total_kes: l.lineTotalKes,
          })),
        );
        await oweNotification(trx, ctx.tenantId, id, 'order_placed', {});
        await this.repository.insertEvent(trx, {
          tenant_id: ctx.tenantId,
          order_id: id,
          type: 'placed',
          from_status: null,
          to_status: 'pending_payment',
          actor_type: 'shopper',
          actor_id: phone,
          data: {
            channel,
            totalKes,
            deliveryFeeKes,
            discountKes: discounts.discountKes,
            ...(onDelivery ? { paymentMethod: 'on_delivery' } : {}),
          },
        });
        const number = await this.repository.insertNumberedOrder(trx, {
          id,
          tenant_id: ctx.tenantId,
          channel,
          phone,
          customer_name: input.name,
          area_slug: input.areaSlug,
          delivery_method: input.deliveryMethod,
          landmark: input.landmark ?? null,
          notes: input.notes ?? null,
          subtotal_kes: cart.subtotalKes,
          delivery_fee_kes: deliveryFeeKes,
          discount_kes: discounts.discountKes,
          discount_detail: JSON.stringify(discounts.lines),
          total_kes: totalKes,
          vat_kes: vatPortion(totalKes),
          coupon_code: discounts.coupon?.code ?? null,
          idempotency_key: idempotencyKey,
          request_hash: requestHash,
          // Pay on delivery holds the stock until the door (collected, or refused and released).
          reserved_until: onDelivery ? null : new Date(Date.now() + RESERVATION_MINUTES * 60_000),
          payment_method: onDelivery ? 'on_delivery' : 'mpesa',
        });
        await this.reservations.reserveWithin(
          trx,
          { tenant_id: ctx.tenantId, id, number },
          cart.lines.map((l) => ({ variantId: variantIds.get(l.sku)!, quantity: l.quantity })),
        );
        return id;
      });
    } catch (error) {
      const e = error as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'orders_tenant_id_idempotency_key_key') {
        // Lost a race with the same key: the winner's order is the answer.
        const winner = await this.placedUnder(ctx, idempotencyKey, requestHash);
        if (!winner) throw error;
        return { order: winner, replayed: true };
      }
      if (e.code === '23514' && e.constraint === 'product_variants_on_hand_check') {
        throw new ApiError(
          409,
          'conflict',
          'Some items sold out while you were checking out: please review your cart',
          { reason: 'insufficient_stock' },
        );
      }
      throw error;
    }
    await this.idempotency.remember(ctx.tenantId, idempotencyKey, orderId, requestHash);
    await this.followUps.afterCommit(ctx, orderId, addressScope, basis.cartId);
    return { order: await this.orders.get(ctx, orderId), replayed: false };
  }

  /** The order already placed under this Idempotency-Key (replayed: 409 if for a different request), or null. */
  private async placedUnder(ctx: RequestContext, idempotencyKey: string, requestHash: string): Promise<Order | null> {
    const placed = await this.tenantDb.run(ctx, (trx) => this.repository.byIdempotencyKey(trx, idempotencyKey));
    return placed ? this.replay(ctx, `${placed.id}:${placed.request_hash}`, requestHash) : null;
  }

  private async replay(ctx: RequestContext, stored: string, requestHash: string): Promise<Order> {
    const [orderId, hash] = stored.split(':');
    if (hash !== requestHash) {
      throw new ApiError(409, 'conflict', 'This Idempotency-Key was already used for a different order', {
        reason: 'idempotency_key_reused',
      });
    }
    return this.orders.get(ctx, orderId!);
  }
}
