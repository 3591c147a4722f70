import { Injectable } from '@nestjs/common';
import { errors as joseErrors, decodeJwt, jwtVerify, SignJWT } from 'jose';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuthRepository } from './auth.repository';
import type { Role } from './permissions';

export interface OwnerPrincipal {
  userId: string;
  tenantId: string;
  role: Role;
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

  async sign(principal: OwnerPrincipal): Promise<string> {
    const secret = await this.secretOf(principal.tenantId);
    return new SignJWT({ tid: principal.tenantId, role: principal.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
      .sign(secret);
  }

  async verify(token: string): Promise<OwnerPrincipal> {
    let tenantId: unknown;
    try {
      tenantId = decodeJwt(token).tid;
    } catch {
      throw this.unauthorized('Malformed token');
    }
    if (typeof tenantId !== 'string' || !UUID.test(tenantId)) throw this.unauthorized('Malformed token');
    const secret = await this.secretOf(tenantId).catch(() => null);
    if (!secret) throw this.unauthorized('Invalid token');
    try {
      const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: ['HS256'] });
      if (payload.tid !== tenantId || typeof payload.sub !== 'string' || !['owner', 'admin', 'staff'].includes(String(payload.role))) {
        throw this.unauthorized('Invalid token');
      }
      return { userId: payload.sub, tenantId, role: payload.role as Role };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw this.unauthorized('Token expired: refresh it or log in again', 'token_expired');
      throw this.unauthorized('Invalid token');
    }
  }

  private async secretOf(tenantId: string): Promise<Uint8Array> {
    const secret = await this.tenantDb.run(tenantId, (trx) => this.repository.jwtSecret(trx));
    if (!secret) throw new Error(`no JWT secret for tenant ${tenantId}`);
    return new TextEncoder().encode(secret);
  }

  private unauthorized(message: string, reason = 'invalid_token') {
    return new ApiError(401, 'unauthorized', message, { reason });
  }
}
