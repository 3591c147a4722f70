import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Guest cart tokens: `c1.<cartId>.<hmac>` where the HMAC covers the store too, so a token is
 * only valid at the store that issued it. A tampered or foreign token is simply not a cart:
 * the shopper gets a new empty one, never someone else's.
 *
 * Share tokens: `s1.<cartId>.<expiresAtSeconds>.<hmac>` restore a copy of a cart (WhatsApp links).
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

  verifyShare(tenantId: string, token: string): string | null {
    const match = /^s1\.([A-Za-z0-9_-]{22})\.(\d{10})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return null;
    if (Number(match[2]) < Date.now() / 1000) return null;
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
