import { Injectable } from '@nestjs/common';
import {
  permissionsOf,
  type ApiKeyCreate,
  type ApiKeyCreatedAnswer,
  type ApiKeyListAnswer,
  type ApiKeyView,
  type Permission,
} from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { ApiKeyMetrics } from './api-key-metrics';
import { apiKeyPrefix, mintApiKey } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';

type KeyRow = NonNullable<Awaited<ReturnType<ApiKeysRepository['find']>>>;

/**
 * Owner API keys: create (scopes within the creator's role, optional expiry; the key is returned
 * once and only its hash kept), list, revoke. Each change writes an audit row in its transaction.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    private readonly metrics: ApiKeyMetrics,
  ) {}

  async list(ctx: RequestContext): Promise<ApiKeyListAnswer> {
    const rows = await this.tenantDb.run(ctx, (trx) => this.repository.list(trx));
    return { keys: rows.map(view), assignableScopes: permissionsOf(ctx.owner.role) };
  }

  async create(ctx: RequestContext, input: ApiKeyCreate): Promise<ApiKeyCreatedAnswer> {
    const allowed = permissionsOf(ctx.owner.role);
    const beyond = input.scopes.filter((s) => !allowed.includes(s));
    if (beyond.length) {
      throw new ApiError(
        403,
        'forbidden',
        `A key cannot do more than you: your role (${ctx.owner.role}) does not have ${beyond.join(', ')}`,
        { field: 'scopes', scopes: beyond, role: ctx.owner.role },
      );
    }
    const scopes = [...new Set(input.scopes)].sort();
    const minted = mintApiKey(ctx);
    const row = await this.tenantDb.run(ctx, async (trx) => {
      await this.repository.insert(trx, {
        tenant_id: ctx.tenantId,
        id: minted.id,
        name: input.name,
        scopes,
        secret_hash: minted.hash,
        created_by: ctx.owner.userId,
        expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
      });
      await this.audit.record(trx, ctx, {
        action: 'api_key.created',
        entity: { type: 'api_key', id: minted.id },
        after: { name: input.name, scopes, expiresAt: input.expiresAt ?? null },
      });
      return this.repository.find(trx, minted.id);
    });
    this.metrics.changes.inc({ change: 'created' });
    return { key: view(row!), secret: minted.key };
  }

  async revoke(ctx: RequestContext, id: string): Promise<{ key: ApiKeyView }> {
    const row = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.repository.find(trx, id, { lock: true });
      if (!before) throw new ApiError(404, 'not_found', 'No API key with this id in your store', { id });
      if (before.revoked_at) return before;
      await this.repository.revoke(trx, id, ctx.owner.userId);
      await this.audit.record(trx, ctx, {
        action: 'api_key.revoked',
        entity: { type: 'api_key', id },
        before: { name: before.name, scopes: before.scopes },
      });
      return this.repository.find(trx, id);
    });
    this.metrics.changes.inc({ change: 'revoked' });
    return { key: view(row!) };
  }
}

function view(row: KeyRow): ApiKeyView {
  const now = Date.now();
  return {
    id: row.id,
    prefix: apiKeyPrefix(row.id),
    name: row.name,
    scopes: row.scopes as Permission[],
    createdBy: { id: row.created_by, name: row.creator_name ?? null },
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    state: row.revoked_at ? 'revoked' : row.expires_at && row.expires_at.getTime() <= now ? 'expired' : 'active',
  };
}
