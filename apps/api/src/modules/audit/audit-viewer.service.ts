import { Injectable } from '@nestjs/common';
import type { AuditLogEntry } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditRepository, type AuditFilter } from './audit.repository';
import type { RequestContext } from '../../platform/request-context';

/** Opaque keyset cursor: the id of the last entry of the previous page. */
export const encodeCursor = (id: string) => Buffer.from(JSON.stringify({ id }), 'utf8').toString('base64url');
export function decodeCursor(cursor: string): string {
  try {
    const { id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown };
    if (typeof id === 'string' && /^[1-9]\d{0,18}$/.test(id)) return id;
  } catch {
    /* below */
  }
  throw new ApiError(400, 'validation_failed', 'Invalid request query', {
    where: 'query',
    issues: [{ path: 'cursor', message: 'not a cursor from a previous page', code: 'custom' }],
  });
}

/** The store's audit log for owners and admins: who did what, when, before/after. Newest first. */
@Injectable()
export class AuditViewerService {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: AuditRepository,
  ) {}

  async list(
    ctx: RequestContext,
    query: Omit<AuditFilter, 'beforeId'> & { cursor?: string },
  ): Promise<{ items: AuditLogEntry[]; nextCursor: string | null }> {
    const beforeId = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.tenantDb.run(ctx, (trx) =>
      this.repository.list(trx, { ...query, beforeId, limit: query.limit + 1 }),
    );
    const page = rows.slice(0, query.limit);
    return {
      items: page.map((r) => ({
        id: String(r.id),
        at: new Date(r.occurred_at).toISOString(),
        actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name ?? null },
        action: r.action,
        entity: { type: r.entity_type, id: r.entity_id },
        before: r.before ?? null,
        after: r.after ?? null,
        correlationId: r.correlation_id,
      })),
      nextCursor: rows.length > query.limit ? encodeCursor(String(page[page.length - 1]!.id)) : null,
    };
  }
}
