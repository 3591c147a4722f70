import { Injectable } from '@nestjs/common';
import { errors as joseErrors, decodeJwt, SignJWT, type JWTPayload } from 'jose';
import { ApiError } from '../../platform/api-error';
import { tokenPolicyRefusal, verifyIssuedJwt } from '../../platform/jwt-policy';
import { TenantDb } from '../../platform/tenant-db';
import { AuthRepository } from './auth.repository';
import type { Permission, Role } from '@sokoni/contracts';
import type { RequestContext } from '../../platform/request-context';

export interface OwnerPrincipal {
  userId: string;
  tenantId: string;
  role: Role;
  /** Set when the request came with an owner API key: what the key may do (within role). */
  scopes?: readonly Permission[];
  /** The API key's id, when the request came with one. */
  apiKeyId?: string;
}

const ACCESS_TOKEN_SECONDS = 15 * 60;
const ISSUER = 'sokoni';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Access tokens: HS256 JWTs signed with the store's own secret (tenant_auth_secrets). The
 * token names its store (tid); verification uses that store's secret, so a token minted for
 * store A can never verify at store B, and rotating a store's secret ends all its sessions.
 */
@Injectable()
export class OwnerTokenService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly tenantDb: TenantDb,
  ) {}

  readonly accessTokenSeconds = ACCESS_TOKEN_SECONDS;

  async sign(ctx: RequestContext, user: Omit<OwnerPrincipal, 'tenantId'>): Promise<string> {
    const state = await this.tenantDb.run(ctx, (trx) => this.repository.signingState(trx, user.userId));
    if (!state) throw new Error(`no JWT secret for tenant ${ctx.tenantId}`);
    const secret = new TextEncoder().encode(state.jwtSecret);
    // iat has whole seconds; iat_us (database clock) lets a password reset void a token minted a
    // moment before it in the same second.
    return new SignJWT({ tid: ctx.tenantId, role: user.role, iat_us: state.issuedAtMicros })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
      .sign(secret);
  }

  /**
   * Verifies the signature with the token's store secret, then checks the user as they are now:
   * a disabled user, or a token issued before a password reset, is refused at once, and the role
   * is the current one (a role change applies to the next request, not after the token expires).
   */
  async verify(caller: RequestContext, token: string): Promise<OwnerPrincipal> {
    let claims: { tid?: unknown; sub?: unknown };
    try {
      claims = decodeJwt(token);
    } catch {
      throw this.unauthorized('Malformed token');
    }
    const tenantId = claims.tid;
    const userId = claims.sub;
    if (typeof tenantId !== 'string' || !UUID.test(tenantId) || typeof userId !== 'string' || !UUID.test(userId))
      throw this.unauthorized('Malformed token');
    const state = await this.tenantDb
      .run(caller.withTenant({ tenantId }), (trx) => this.repository.tokenCheck(trx, userId))
      .catch(() => undefined);
    if (!state) throw this.unauthorized('Invalid token');
    let payload: JWTPayload;
    try {
      // HS256 only, exp and iat required, no longer-lived than the 15 minutes we issue.
      ({ payload } = await verifyIssuedJwt(token, new TextEncoder().encode(state.jwt_secret), {
        issuer: ISSUER,
        maxLifetimeSeconds: ACCESS_TOKEN_SECONDS,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw this.unauthorized('Token expired: refresh it or log in again', 'token_expired');
      const refusal = tokenPolicyRefusal(error);
      if (refusal) throw this.unauthorized(`${refusal}: log in again`);
      throw this.unauthorized('Invalid token');
    }
    if (
      payload.tid !== tenantId ||
      payload.sub !== userId ||
      !['owner', 'admin', 'staff'].includes(String(payload.role))
    ) {
      throw this.unauthorized('Invalid token');
    }
    if (!state.status || !state.role) throw this.unauthorized('Invalid token');
    if (state.status !== 'active')
      throw this.unauthorized('This account is disabled: ask the store owner', 'account_disabled');
    const issuedAtMicros = typeof payload.iat_us === 'number' ? payload.iat_us : (payload.iat ?? 0) * 1_000_000;
    if (state.valid_after_micros != null && issuedAtMicros < Number(state.valid_after_micros)) {
      throw this.unauthorized('Your password was changed: log in again', 'session_revoked');
    }
    return { userId, tenantId, role: state.role };
  }

  private unauthorized(message: string, reason = 'invalid_token') {
    return new ApiError(401, 'unauthorized', message, { reason });
  }
}
