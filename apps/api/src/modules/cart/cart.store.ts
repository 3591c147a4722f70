import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../../platform/redis';
import { REDIS } from '../../platform/tokens';

export interface StoredCart {
  lines: { sku: string; quantity: number }[];
  phone: string | null;
  /** Prices seen at the last read, to tell the shopper when one changed. */
  seenPrices: Record<string, number>;
  updatedAt: number;
  /** Set when the cart came from a shared WhatsApp link: its order is attributed to WhatsApp. */
  source?: 'whatsapp';
}

/** Carts live 14 days from their last change. */
const CART_TTL_SECONDS = 14 * 24 * 3600;

/** Redis persistence of carts (one JSON value per cart under the store's key prefix). */
@Injectable()
export class CartStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async get(tenantId: string, cartId: string): Promise<StoredCart | null> {
    const raw = await this.redis.get(this.keys.tenant(tenantId, 'cart', cartId));
    return raw ? (JSON.parse(raw) as StoredCart) : null;
  }

  async save(tenantId: string, cartId: string, cart: StoredCart): Promise<void> {
    await this.redis.set(
      this.keys.tenant(tenantId, 'cart', cartId),
      JSON.stringify({ ...cart, updatedAt: Date.now() }),
      'EX',
      CART_TTL_SECONDS,
    );
  }

  async delete(tenantId: string, cartId: string): Promise<void> {
    await this.redis.del(this.keys.tenant(tenantId, 'cart', cartId));
  }

  async cartOfPhone(tenantId: string, phone: string): Promise<string | null> {
    return this.redis.get(this.keys.tenant(tenantId, 'cart-by-phone', phone));
  }

  async linkPhone(tenantId: string, phone: string, cartId: string): Promise<void> {
    await this.redis.set(this.keys.tenant(tenantId, 'cart-by-phone', phone), cartId, 'EX', CART_TTL_SECONDS);
  }

  /**
   * Serialises changes to one cart (two tabs adding at once must not lose a line). A short
   * Redis lock with a token; held for a read-modify-write only.
   */
  async withLock<T>(tenantId: string, cartId: string, fn: () => Promise<T>): Promise<T> {
    const key = this.keys.tenant(tenantId, 'cart-lock', cartId);
    const token = `${process.pid}:${Math.random()}`;
    for (let attempt = 0; ; attempt++) {
      if (await this.redis.set(key, token, 'PX', 5_000, 'NX')) break;
      if (attempt > 100) throw new Error('cart is busy');
      await new Promise((r) => setTimeout(r, 20));
    }
    try {
      return await fn();
    } finally {
      await this.redis.eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
        1,
        key,
        token,
      );
    }
  }
}
