import { Injectable } from '@nestjs/common';
import { sql, type AuditLogTable, type TenantTransaction } from '@sokoni/db';
import type { Insertable } from 'kysely';

export interface AuditFilter {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  /** Keyset: entries with a smaller id than this (ids only grow, so newest first = id desc). */
  beforeId?: string;
  limit: number;
}

@Injectable()
export class AuditRepository {
  /** Append-only: the app role may only insert into audit_log. */
  async insert(trx: TenantTransaction, row: Insertable<AuditLogTable>): Promise<void> {
    await trx.insertInto('audit_log').values(row).execute();
  }

  async list(trx: TenantTransaction, filter: AuditFilter) {
    let query = trx
      .selectFrom('audit_log')
      .leftJoin('users', (join) =>
        join
          .onRef('users.tenant_id', '=', 'audit_log.tenant_id')
          .on('audit_log.actor_type', '=', 'user')
          .on(sql<string>`users.id::text`, '=', sql<string>`audit_log.actor_id`),
      )
      .select([
        'audit_log.id',
        'audit_log.occurred_at',
        'audit_log.actor_type',
        'audit_log.actor_id',
        'users.name as actor_name',
        'audit_log.action',
        'audit_log.entity_type',
        'audit_log.entity_id',
        'audit_log.before',
        'audit_log.after',
        'audit_log.correlation_id',
      ]);
    if (filter.action) query = query.where('audit_log.action', '=', filter.action);
    if (filter.entityType) query = query.where('audit_log.entity_type', '=', filter.entityType);
    if (filter.entityId) query = query.where('audit_log.entity_id', '=', filter.entityId);
    if (filter.actorId) query = query.where('audit_log.actor_id', '=', filter.actorId);
    if (filter.beforeId) query = query.where(sql<boolean>`audit_log.id < ${filter.beforeId}::bigint`);
    return query.orderBy('audit_log.id', 'desc').limit(filter.limit).execute();
  }
}
