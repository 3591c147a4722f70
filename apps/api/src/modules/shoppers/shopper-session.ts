import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, SignJWT } from 'jose';
import { MSISDN_RE as MSISDN, SHOPPER_SESSION_REVOKED, SHOPPER_SESSION_REVOKED_MESSAGE } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { tokenPolicyRefusal, verifyIssuedJwt } from '../../platform/jwt-policy';
import { sessionsValidAfter } from './shoppers.repository';

export const SESSION_DAYS = 30;
const SESSION_SECONDS = SESSION_DAYS * 24 * 3600;
const ISSUER = 'sokoni';
const AUDIENCE = 'sokoni:shopper';

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

  /**
   * A session token for the phone at this store. `issuedAtMicros` is when it is issued, by the
   * database's clock, to the microsecond (ShoppersRepository.sessionStamp): it goes into the
   * token as `iat_us` (and, in whole seconds, as the standard `iat`), so "Sign out on all phones"
   * can tell a token minted a moment before it from one minted a moment after, in the same second.
   */
  async issue(tenantId: string, phone: string, issuedAtMicros: number): Promise<{ token: string; expiresAt: Date }> {
    const issuedAtSeconds = Math.floor(issuedAtMicros / 1_000_000);
    // exp counts from iat (not from this process's clock), so exp - iat is exactly the lifetime
    // verification allows.
    const expiresAtSeconds = issuedAtSeconds + SESSION_SECONDS;
    const expiresAt = new Date(expiresAtSeconds * 1000);
    const token = await new SignJWT({ tid: tenantId, iat_us: issuedAtMicros })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(phone)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAtSeconds)
      .setExpirationTime(expiresAtSeconds)
      .sign(this.key('session', tenantId));
    return { token, expiresAt };
  }

  /**
   * The session's phone at this store; 401 for anything else (missing, forged, expired, other
   * store). This checks the token alone: whether its phone signed out on all phones since is
   * the database's to say (ShoppersService checks both). Kept for callers outside the module.
   */
  async verify(tenantId: string, authorization: string | undefined): Promise<string> {
    return (await this.session(tenantId, authorization)).phone;
  }

  /** The token checked as in verify(), with when it was issued (for the revocation check). */
  async session(tenantId: string, authorization: string | undefined): Promise<ShopperSession> {
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(authorization ?? '');
    if (!match) throw unauthorized('Sign in with your phone number first', 'missing_session');
    try {
      // HS256 only, exp and iat required, no longer-lived than the 30 days we issue.
      const { payload } = await verifyIssuedJwt(match[1]!, this.key('session', tenantId), {
        issuer: ISSUER,
        audience: AUDIENCE,
        maxLifetimeSeconds: SESSION_SECONDS,
      });
      if (payload.tid !== tenantId || typeof payload.sub !== 'string' || !MSISDN.test(payload.sub))
        throw unauthorized('Invalid session', 'invalid_session');
      // Tokens from before iat_us existed carry whole seconds only (iat is required, see above).
      const micros = payload.iat_us ?? (typeof payload.iat === 'number' ? payload.iat * 1_000_000 : undefined);
      if (typeof micros !== 'number' || !Number.isSafeInteger(micros) || micros < 0)
        throw unauthorized('Invalid session', 'invalid_session');
      return { phone: payload.sub, issuedAtMicros: micros };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof joseErrors.JWTExpired)
        throw unauthorized('Your session expired: sign in again with your phone number', 'session_expired');
      const refusal = tokenPolicyRefusal(error);
      if (refusal) throw unauthorized(`${refusal}: sign in again with your phone number`, 'invalid_session');
      throw unauthorized('Invalid session: sign in again with your phone number', 'invalid_session');
    }
  }
}

export interface ShopperSession {
  phone: string;
  /** When the token was issued, microseconds since the epoch (database clock). */
  issuedAtMicros: number;
}

/**
 * "Sign out on all phones": a session issued before its phone's cutoff (microseconds, null when
 * the phone never signed out everywhere) is refused. A token issued at the cutoff or after it
 * passes: sign-in stamps max(now, cutoff), so a sign-in right after a revoke always works.
 */
export function assertNotRevoked(session: ShopperSession, validAfterMicros: number | null): void {
  if (validAfterMicros !== null && session.issuedAtMicros < validAfterMicros) {
    throw unauthorized(SHOPPER_SESSION_REVOKED_MESSAGE, SHOPPER_SESSION_REVOKED);
  }
}

/**
 * A session still counts (not signed out on all phones), checked in the caller's transaction.
 * Every use of a shopper session goes through this: my orders, saved places, and the cart's
 * "proof of phone" that merges a phone's carts.
 */
export async function assertSessionLive(trx: TenantTransaction, session: ShopperSession): Promise<void> {
  assertNotRevoked(session, await sessionsValidAfter(trx, session.phone));
}

function unauthorized(message: string, reason: string) {
  return new ApiError(401, 'unauthorized', message, { reason });
}
