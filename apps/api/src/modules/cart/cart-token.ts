import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Leeway for a share link minted by another API instance whose clock runs a little ahead. */
const SHARE_CLOCK_SKEW_SECONDS = 60;

/**
 * Guest cart tokens: `c1.<cartId>.<hmac>` where the HMAC covers the store too, so a token is
 * only valid at the store that issued it. A tampered or foreign token is simply not a cart:
 * the shopper gets a new empty one, never someone else's.
 *
 * c1 tokens deliberately carry no expiry: they grant no authority of their own, they only name
 * a cart (128 random bits) that lives in Redis with its own TTL (CartStore, renewed on every
 * write). When the cart is gone the token names nothing and the shopper gets a new empty cart,
 * so the cart's lifetime is enforced where the cart is; an expiry in the token would only end
 * live carts early, or need re-issuing the cookie on every read. What a c1 token can never do
 * is act as a session: anything that needs a person (merging a phone's carts, my orders)
 * requires a shopper session JWT, which does expire.
 *
 * Share tokens: `s1.<cartId>.<expiresAtSeconds>.<hmac>` restore a copy of a cart (WhatsApp links).
 * They are bearer links sent to other people, so they expire, and one dated further ahead than
 * we ever issue is refused even with a valid HMAC (a misused or leaked key cannot mint
 * everlasting links).
 */
export class CartTokens {
  constructor(private readonly secret: string) {}

  newCartId(): string {
    return randomBytes(16).toString('base64url');
  }

  issue(tenantId: string, cartId: string): string {
    return `c1.${cartId}.${this.sign(`cart:${tenantId}:${cartId}`)}`;
  }

  /** The cart id, or null when the token is missing, malformed, forged or from another store. */
  verify(tenantId: string, token: string | undefined): string | null {
    const match = /^c1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
    if (!match) return null;
    return this.equal(match[2]!, this.sign(`cart:${tenantId}:${match[1]}`)) ? match[1]! : null;
  }

  share(tenantId: string, cartId: string, ttlSeconds: number): string {
    const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
    return `s1.${cartId}.${expires}.${this.sign(`share:${tenantId}:${cartId}:${expires}`)}`;
  }

  /** The shared cart's id, or null when malformed, forged, expired or dated beyond `maxTtlSeconds` from now. */
  verifyShare(tenantId: string, token: string, maxTtlSeconds: number): string | null {
    const match = /^s1\.([A-Za-z0-9_-]{22})\.(\d{10})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return null;
    const expires = Number(match[2]);
    const now = Date.now() / 1000;
    if (expires < now || expires > now + maxTtlSeconds + SHARE_CLOCK_SKEW_SECONDS) return null;
    return this.equal(match[3]!, this.sign(`share:${tenantId}:${match[1]}:${match[2]}`)) ? match[1]! : null;
  }

  private sign(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }

  private equal(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
