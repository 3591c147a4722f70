import { Injectable } from '@nestjs/common';
import { permissionsOf, PERMISSIONS, type Permission } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { RateLimiter, type Limit } from '../auth/rate-limiter';
import type { OwnerPrincipal } from '../auth/owner-token.service';
import { ApiKeyMetrics } from './api-key-metrics';
import { hashApiKey, parseApiKey, sameHash } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';

export const API_KEY_LIMITS = {
  /** Per key: a merchant's integration, not a crawler. */
  perKey: {
    name: 'api-key',
    max: 600,
    windowSeconds: 60,
    message: 'This API key made too many requests. Try again in {wait}.',
  },
  /** Per address, failures only: guessing keys is slow. */
  failuresPerIp: {
    name: 'api-key-fail:ip',
    max: 30,
    windowSeconds: 15 * 60,
    message: 'Too many failed API key attempts from your network. Try again in {wait}.',
  },
} satisfies Record<string, Limit>;

/**
 * Turns `Bearer sk_live_...` into an owner principal for OwnerAuthGuard: the key's creator with
 * the creator's CURRENT role, narrowed to the key's scopes (a key never exceeds its creator, even
 * after the creator is demoted). Expired, revoked, unknown or a disabled creator: 401 in words.
 */
@Injectable()
export class ApiKeyVerifier {
  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly tenantDb: TenantDb,
    private readonly limiter: RateLimiter,
    private readonly metrics: ApiKeyMetrics,
  ) {}

  async verify(caller: RequestContext, key: string, ip: string): Promise<OwnerPrincipal> {
    await this.limiter.check(API_KEY_LIMITS.failuresPerIp, { subject: ip });
    const parsed = parseApiKey(key);
    if (!parsed) return this.refuse(ip, 'invalid', 'Malformed API key: expected sk_live_<id>_<secret>');
    const row = await this.tenantDb
      .run(caller.withTenant({ tenantId: parsed.tenantId }), (trx) => this.repository.forAuth(trx, parsed.id))
      .catch(() => undefined);
    if (!row || !sameHash(Buffer.from(row.secret_hash), hashApiKey(key)))
      return this.refuse(ip, 'invalid', 'Invalid API key: no key of this store matches it');
    if (row.revoked_at)
      return this.refuse(
        ip,
        'revoked',
        `This API key was revoked on ${row.revoked_at.toISOString()}`,
        'api_key_revoked',
      );
    if (row.expires_at && row.expires_at.getTime() <= Date.now())
      return this.refuse(ip, 'expired', `This API key expired on ${row.expires_at.toISOString()}`, 'api_key_expired');
    if (!row.role || row.status !== 'active')
      return this.refuse(
        ip,
        'creator_inactive',
        'The person who created this API key can no longer sign in, so the key stopped working',
        'api_key_creator_inactive',
      );
    try {
      await this.limiter.hit(API_KEY_LIMITS.perKey, { tenantId: parsed.tenantId, subject: parsed.id });
    } catch (error) {
      this.metrics.auth.inc({ outcome: 'rate_limited' });
      throw error;
    }
    const scoped = caller.withTenant({ tenantId: parsed.tenantId });
    await this.tenantDb.run(scoped, (trx) => this.repository.touch(trx, parsed.id));
    this.metrics.auth.inc({ outcome: 'ok' });
    const allowed = permissionsOf(row.role);
    const scopes = row.scopes.filter((s): s is Permission => (PERMISSIONS as readonly string[]).includes(s));
    return {
      userId: row.created_by,
      tenantId: parsed.tenantId,
      role: row.role,
      scopes: scopes.filter((s) => allowed.includes(s)),
      apiKeyId: parsed.id,
    };
  }

  private async refuse(ip: string, outcome: string, message: string, reason = 'invalid_api_key'): Promise<never> {
    this.metrics.auth.inc({ outcome });
    await this.limiter.record(API_KEY_LIMITS.failuresPerIp, { subject: ip });
    throw new ApiError(401, 'unauthorized', message, { reason });
  }
}
