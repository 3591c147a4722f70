import { Inject, Injectable } from '@nestjs/common';
import {
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  PHONE_FORMAT_HINT,
  normaliseKenyanPhone,
  type Cart,
  type CartShare,
} from '@sokoni/contracts';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { CartRepository } from './cart.repository';
import { CartStore, type StoredCart } from './cart.store';
import { CartTokens } from './cart-token';
import { repriceCart } from './cart-pricing';
import { assertSessionLive, ShopperKeys } from '../shoppers/shopper-session';
import type { RequestContext } from '../../platform/request-context';

const SHARE_TTL_SECONDS = 7 * 24 * 3600;
const emptyCart = (): StoredCart => ({ lines: [], phone: null, seenPrices: {}, updatedAt: Date.now() });

/**
 * Server-side carts. The client only ever sends SKUs and quantities; every read re-prices the
 * cart from the catalog and trims it to what can be sold, telling the shopper what changed.
 */
@Injectable()
export class CartService {
  private readonly tokens: CartTokens;
  private readonly shopperKeys: ShopperKeys;

  constructor(
    private readonly store: CartStore,
    private readonly repository: CartRepository,
    private readonly tenantDb: TenantDb,
    @Inject(CONFIG) config: AppConfig,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.tokens = new CartTokens(config.CART_TOKEN_SECRET);
    this.shopperKeys = new ShopperKeys(config.CART_TOKEN_SECRET);
  }

  /** The caller's cart; a missing, expired or tampered token gets a fresh empty cart. */
  async view(ctx: RequestContext, token: string | undefined): Promise<Cart> {
    const { cartId, cart } = await this.open(ctx, token);
    // An empty new cart is not stored: crawlers and one-page visits leave nothing in Redis.
    return this.price(ctx, cartId, cart, cart.lines.length > 0);
  }

  async add(ctx: RequestContext, token: string | undefined, sku: string, quantity: number): Promise<Cart> {
    const { cartId } = await this.open(ctx, token);
    return this.store.withLock(ctx.tenantId, cartId, async () => {
      const cart = (await this.store.get(ctx.tenantId, cartId)) ?? emptyCart();
      const line = cart.lines.find((l) => l.sku === sku);
      const wanted = (line?.quantity ?? 0) + quantity;
      await this.assertSellable(ctx, sku, wanted);
      if (line) line.quantity = wanted;
      else {
        if (cart.lines.length >= MAX_CART_LINES)
          throw new ApiError(409, 'conflict', `A cart holds at most ${MAX_CART_LINES} different items`, {
            reason: 'cart_full',
            max: MAX_CART_LINES,
          });
        cart.lines.push({ sku, quantity });
      }
      return this.price(ctx, cartId, cart, true);
    });
  }

  async setQuantity(ctx: RequestContext, token: string | undefined, sku: string, quantity: number): Promise<Cart> {
    const { cartId } = await this.open(ctx, token);
    return this.store.withLock(ctx.tenantId, cartId, async () => {
      const cart = (await this.store.get(ctx.tenantId, cartId)) ?? emptyCart();
      const line = cart.lines.find((l) => l.sku === sku);
      if (!line) throw ApiError.notFound('not_found', `${sku} is not in your cart`, { sku });
      if (quantity === 0) cart.lines = cart.lines.filter((l) => l.sku !== sku);
      else {
        await this.assertSellable(ctx, sku, quantity);
        line.quantity = quantity;
      }
      return this.price(ctx, cartId, cart, true);
    });
  }

  /**
   * The shopper gave their phone. The cart remembers it (for the order form and one reminder if
   * it stalls). Carts from the shopper's other devices are merged in only when the phone is
   * proven by a shopper session (sign-in code by SMS): typing someone's number must never pull
   * their cart into yours.
   */
  async identify(
    ctx: RequestContext,
    token: string | undefined,
    rawPhone: string,
    shopperSession?: string,
  ): Promise<Cart> {
    const phone = normaliseKenyanPhone(rawPhone);
    if (!phone)
      throw new ApiError(400, 'validation_failed', `Enter ${PHONE_FORMAT_HINT}`, { where: 'body', field: 'phone' });
    const provenPhone = shopperSession ? await this.provenPhone(ctx, shopperSession) : null;
    if (provenPhone !== null && provenPhone !== phone) {
      throw new ApiError(403, 'forbidden', 'You are signed in with another phone number', {
        reason: 'session_phone_mismatch',
        field: 'phone',
      });
    }
    const { cartId } = await this.open(ctx, token);
    return this.store.withLock(ctx.tenantId, cartId, async () => {
      const cart = (await this.store.get(ctx.tenantId, cartId)) ?? emptyCart();
      const otherId = await this.store.cartOfPhone(ctx.tenantId, phone);
      if (provenPhone && otherId && otherId !== cartId) {
        const other = await this.store.get(ctx.tenantId, otherId);
        for (const line of other?.lines ?? []) this.mergeLine(cart, line.sku, line.quantity);
        if (other?.source) cart.source = other.source;
        await this.store.delete(ctx.tenantId, otherId);
      }
      cart.phone = phone;
      // The phone -> cart link (what a later merge finds) moves only with proof, or when unclaimed.
      if (provenPhone || !otherId) await this.store.linkPhone(ctx.tenantId, phone, cartId);
      const priced = await this.price(ctx, cartId, cart, true);
      // A cart with a phone may get one reminder if it stalls (the store opts in; the job decides).
      await enqueue(
        this.queues.get('notifications')!,
        'cart.nudge',
        ctx.tenantId,
        { cartId },
        { delay: 60_000, jobId: `nudge-${cartId}` },
      ).catch((error: unknown) => this.logger.warn({ err: error }, 'could not schedule the cart reminder check'));
      return priced;
    });
  }

  /** The phone a live shopper session proves (signed by this store, not expired, not signed out on all phones); 401 otherwise. */
  private async provenPhone(ctx: RequestContext, sessionToken: string): Promise<string> {
    const session = await this.shopperKeys.session(ctx.tenantId, `Bearer ${sessionToken}`);
    await this.tenantDb.run(ctx, (trx) => assertSessionLive(trx, session));
    return session.phone;
  }

  /** What a reminder needs to know about a cart; null when it is gone. */
  async stalled(
    ctx: RequestContext,
    cartId: string,
  ): Promise<{ phone: string | null; lines: number; updatedAt: number; shareToken: string } | null> {
    const cart = await this.store.get(ctx.tenantId, cartId);
    if (!cart) return null;
    return {
      phone: cart.phone,
      lines: cart.lines.length,
      updatedAt: cart.updatedAt,
      shareToken: this.tokens.share(ctx.tenantId, cartId, SHARE_TTL_SECONDS),
    };
  }

  /** Where an order placed from this cart came from. */
  async sourceOf(ctx: RequestContext, cartId: string): Promise<'whatsapp' | null> {
    return (await this.store.get(ctx.tenantId, cartId))?.source ?? null;
  }

  /** A signed link that gives whoever opens it a copy of this cart (for WhatsApp). */
  async share(ctx: RequestContext, token: string | undefined): Promise<CartShare> {
    const cartId = this.tokens.verify(ctx.tenantId, token);
    const cart = cartId ? await this.store.get(ctx.tenantId, cartId) : null;
    if (!cartId || !cart || cart.lines.length === 0)
      throw new ApiError(409, 'conflict', 'Your cart is empty: nothing to share');
    return {
      shareToken: this.tokens.share(ctx.tenantId, cartId, SHARE_TTL_SECONDS),
      expiresInSeconds: SHARE_TTL_SECONDS,
    };
  }

  async restore(ctx: RequestContext, token: string | undefined, shareToken: string): Promise<Cart> {
    const sharedId = this.tokens.verifyShare(ctx.tenantId, shareToken, SHARE_TTL_SECONDS);
    const shared = sharedId ? await this.store.get(ctx.tenantId, sharedId) : null;
    if (!sharedId || !shared)
      throw new ApiError(410, 'not_found', 'This cart link has expired or is not valid', {
        reason: 'invalid_share_link',
      });
    const { cartId } = await this.open(ctx, token);
    if (cartId === sharedId) return this.view(ctx, token);
    return this.store.withLock(ctx.tenantId, cartId, async () => {
      const cart = (await this.store.get(ctx.tenantId, cartId)) ?? emptyCart();
      for (const line of shared.lines) this.mergeLine(cart, line.sku, line.quantity);
      cart.source = 'whatsapp';
      return this.price(ctx, cartId, cart, true);
    });
  }

  /** Checkout reads the priced cart (and learns which stored cart it was). */
  async forCheckout(ctx: RequestContext, token: string | undefined): Promise<{ cartId: string | null; cart: Cart }> {
    const cartId = this.tokens.verify(ctx.tenantId, token);
    const stored = cartId ? await this.store.get(ctx.tenantId, cartId) : null;
    if (!cartId || !stored) return { cartId: null, cart: await this.view(ctx, undefined) };
    return { cartId, cart: await this.price(ctx, cartId, stored, true) };
  }

  /** After an order is placed its cart is emptied, so a second tap cannot order it twice. */
  async clear(ctx: RequestContext, cartId: string): Promise<void> {
    const cart = await this.store.get(ctx.tenantId, cartId);
    if (cart) await this.store.save(ctx.tenantId, cartId, { ...cart, lines: [], seenPrices: {} });
  }

  private mergeLine(cart: StoredCart, sku: string, quantity: number) {
    const line = cart.lines.find((l) => l.sku === sku);
    if (line) line.quantity = Math.min(MAX_LINE_QUANTITY, line.quantity + quantity);
    else if (cart.lines.length < MAX_CART_LINES)
      cart.lines.push({ sku, quantity: Math.min(MAX_LINE_QUANTITY, quantity) });
  }

  private async open(ctx: RequestContext, token: string | undefined): Promise<{ cartId: string; cart: StoredCart }> {
    const cartId = this.tokens.verify(ctx.tenantId, token);
    const cart = cartId ? await this.store.get(ctx.tenantId, cartId) : null;
    if (cartId && cart) return { cartId, cart };
    // Expired carts keep their id (the shopper's token stays valid); forged ones never do.
    return { cartId: cartId ?? this.tokens.newCartId(), cart: emptyCart() };
  }

  private async assertSellable(ctx: RequestContext, sku: string, quantity: number): Promise<void> {
    if (quantity > MAX_LINE_QUANTITY)
      throw new ApiError(409, 'conflict', `At most ${MAX_LINE_QUANTITY} of one item per order`, {
        sku,
        max: MAX_LINE_QUANTITY,
      });
    const variant = (await this.tenantDb.run(ctx, (trx) => this.repository.sellable(trx, [sku]))).get(sku);
    if (!variant) throw ApiError.notFound('not_found', `No item ${sku} for sale in this store`, { sku });
    if (variant.on_hand < quantity) {
      throw new ApiError(
        409,
        'conflict',
        variant.on_hand === 0 ? 'Sorry, this item is out of stock' : `Only ${variant.on_hand} left in stock`,
        { sku, available: variant.on_hand, reason: 'insufficient_stock' },
      );
    }
  }

  /** Re-prices from the catalog, drops what cannot be sold, saves, and returns the shopper's view. */
  private async price(ctx: RequestContext, cartId: string, cart: StoredCart, save: boolean): Promise<Cart> {
    const variants = await this.tenantDb.run(ctx, (trx) =>
      this.repository.sellable(
        trx,
        cart.lines.map((l) => l.sku),
      ),
    );
    const { view, next } = repriceCart(cart, variants);
    if (save) await this.store.save(ctx.tenantId, cartId, next);
    return { token: this.tokens.issue(ctx.tenantId, cartId), ...view };
  }
}
