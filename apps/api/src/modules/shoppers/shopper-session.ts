import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ApiError } from '../../platform/api-error';

export const SESSION_DAYS = 30;
const ISSUER = 'sokoni';
const AUDIENCE = 'sokoni:shopper';
const MSISDN = /^254[17]\d{8}$/;

/**
 * Shopper sessions and sign-in code hashes. Keys are derived (HKDF-SHA256) from the server's
 * CART_TOKEN_SECRET with a label per purpose and the store's id as salt: a session token is
 * signed with its store's own key, so one minted at store A never verifies at store B, and no
 * new secret has to be configured. Codes are stored only as an HMAC under a separate key.
 */
export class ShopperKeys {
  constructor(private readonly secret: string) {}

  private key(purpose: string, tenantId: string): Uint8Array {
    return new Uint8Array(hkdfSync('sha256', this.secret, tenantId, `sokoni shopper ${purpose} v1`, 32));
  }

  hashCode(tenantId: string, phone: string, code: string): string {
    return createHmac('sha256', this.key('otp', tenantId)).update(`${phone}:${code}`).digest('hex');
  }

  codeMatches(tenantId: string, phone: string, code: string, storedHash: string): boolean {
    const a = Buffer.from(this.hashCode(tenantId, phone, code), 'hex');
    const b = Buffer.from(storedHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async issue(tenantId: string, phone: string): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600_000);
    const token = await new SignJWT({ tid: tenantId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(phone).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key('session', tenantId));
    return { token, expiresAt };
  }

  /** The session's phone at this store; 401 for anything else (missing, forged, expired, other store). */
  async verify(tenantId: string, authorization: string | undefined): Promise<string> {
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(authorization ?? '');
    if (!match) throw unauthorized('Sign in with your phone number first', 'missing_session');
    try {
      const { payload } = await jwtVerify(match[1]!, this.key('session', tenantId), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (payload.tid !== tenantId || typeof payload.sub !== 'string' || !MSISDN.test(payload.sub)) throw unauthorized('Invalid session', 'invalid_session');
      return payload.sub;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw unauthorized('Your session expired: sign in again with your phone number', 'session_expired');
      throw unauthorized('Invalid session: sign in again with your phone number', 'invalid_session');
    }
  }
}

function unauthorized(message: string, reason: string) {
  return new ApiError(401, 'unauthorized', message, { reason });
}
