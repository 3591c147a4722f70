import { Injectable } from '@nestjs/common';
import { normaliseKenyanPhone, vatPortion, type Cart, type PlaceOrder } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { CartService } from '../cart/cart.service';
import { DeliveryService } from '../delivery/delivery.service';
import { PromotionsService, type Evaluation } from '../promotions/promotions.service';
import { PodRules } from './pay-on-delivery/pod-rules.service';
import type { RequestContext } from '../../platform/request-context';

/** What an order is placed from: the cart as checked out, the delivery fee and the channel. */
export interface CheckoutBasis {
  cartId: string | null;
  cart: Cart;
  deliveryFeeKes: number;
  channel: PlaceOrder['channel'];
}

/**
 * Checkout pricing: the cart, the delivery quote and the discounts, for the live preview and for
 * placing the order (which writes nothing here but the coupon use, in the order's transaction).
 */
@Injectable()
export class CheckoutService {
  constructor(
    private readonly carts: CartService,
    private readonly delivery: DeliveryService,
    private readonly promotions: PromotionsService,
    private readonly tenantDb: TenantDb,
    private readonly pod: PodRules,
  ) {}

  /** What the checkout page shows as the shopper fills it in: nothing is written. */
  async preview(
    ctx: RequestContext,
    cartToken: string | undefined,
    q: { area?: string; method: 'delivery' | 'pickup'; coupon?: string; phone?: string },
  ) {
    const { cart } = await this.carts.forCheckout(ctx, cartToken);
    const quote = q.area ? await this.delivery.quote(ctx, q.area, cart.subtotalKes) : null;
    const deliveryFeeKes = !quote
      ? 0
      : q.method === 'pickup'
        ? (quote.pickup?.feeKes ?? 0)
        : quote.deliverable
          ? quote.feeKes
          : 0;
    const phone = q.phone ? normaliseKenyanPhone(q.phone) : null;
    const { discounts, payOnDelivery } = await this.tenantDb.run(ctx, async (trx) => {
      const discounts = await this.promotions.evaluate(trx, {
        lines: cart.lines,
        subtotalKes: cart.subtotalKes,
        deliveryFeeKes,
        couponCode: q.coupon,
        phone,
      });
      const totalKes = cart.subtotalKes + deliveryFeeKes - discounts.discountKes;
      const { area: areaSlug, method: deliveryMethod } = q;
      return {
        discounts,
        payOnDelivery: await this.pod.offerWithin(trx, { totalKes, areaSlug, deliveryMethod, phone }),
      };
    });
    const totalKes = cart.subtotalKes + deliveryFeeKes - discounts.discountKes;
    return {
      cart,
      delivery: quote,
      subtotalKes: cart.subtotalKes,
      deliveryFeeKes,
      discounts: discounts.lines,
      discountKes: discounts.discountKes,
      coupon: q.coupon
        ? { code: q.coupon.toUpperCase(), applied: Boolean(discounts.coupon), message: discounts.couponProblem }
        : null,
      totalKes,
      vatKes: vatPortion(totalKes),
      ...(payOnDelivery ? { payOnDelivery } : {}),
    };
  }

  /**
   * The cart as it will be ordered, refused (409) when it changed since the shopper last saw it,
   * is empty, or cannot go where (or how) the shopper asked.
   */
  async basisForOrder(ctx: RequestContext, cartToken: string | undefined, input: PlaceOrder): Promise<CheckoutBasis> {
    const { cartId, cart } = await this.carts.forCheckout(ctx, cartToken);
    // Changes first: a cart whose only item just sold out is empty, but "sold out" is the news.
    if (cart.notices.length) {
      throw new ApiError(
        409,
        'conflict',
        'Your cart changed since you last saw it: please check it and confirm again',
        { reason: 'cart_changed', notices: cart.notices },
      );
    }
    if (cart.lines.length === 0) throw new ApiError(409, 'conflict', 'Your cart is empty', { reason: 'empty_cart' });
    const quote = await this.delivery.quote(ctx, input.areaSlug, cart.subtotalKes);
    let deliveryFeeKes: number;
    if (input.deliveryMethod === 'pickup') {
      if (!quote.pickup)
        throw new ApiError(409, 'conflict', 'This store does not offer pickup at an agent point', {
          reason: 'no_pickup',
        });
      deliveryFeeKes = quote.pickup.feeKes;
    } else {
      if (!quote.deliverable)
        throw new ApiError(409, 'conflict', quote.message, { reason: 'not_deliverable', area: input.areaSlug });
      deliveryFeeKes = quote.feeKes;
    }
    // A cart opened from a shared WhatsApp link makes a WhatsApp order, whatever the form said.
    const channel = cartId && (await this.carts.sourceOf(ctx, cartId)) === 'whatsapp' ? 'whatsapp' : input.channel;
    return { cartId, cart, deliveryFeeKes, channel };
  }

  /** The discounts on this basis, in the order's transaction; 409 when the typed coupon does not apply. */
  async discountsWithin(
    trx: TenantTransaction,
    basis: CheckoutBasis,
    couponCode: string | undefined,
    phone: string,
  ): Promise<Evaluation> {
    const discounts = await this.promotions.evaluate(trx, {
      lines: basis.cart.lines,
      subtotalKes: basis.cart.subtotalKes,
      deliveryFeeKes: basis.deliveryFeeKes,
      couponCode,
      phone,
    });
    if (discounts.couponProblem)
      throw new ApiError(409, 'conflict', discounts.couponProblem, { reason: 'coupon_invalid', field: 'couponCode' });
    return discounts;
  }

  /** Records the coupon's use by this order (if one applied), in the order's transaction. */
  async redeemWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    discounts: Evaluation,
    orderId: string,
    phone: string,
  ): Promise<void> {
    if (!discounts.coupon) return;
    const couponLine = discounts.lines.find((l) => l.kind === 'coupon');
    await this.promotions.redeem(trx, ctx, discounts.coupon, orderId, phone, couponLine?.amountKes ?? 0);
  }
}
