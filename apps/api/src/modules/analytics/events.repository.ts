import { Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import type { StoredEvent } from './event-collector.service';

@Injectable()
export class EventsRepository {
  async insertBatch(trx: TenantTransaction, tenantId: string, events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    await trx
      .insertInto('events')
      .values(
        events.map((e) => ({
          tenant_id: tenantId,
          occurred_at: e.occurredAt,
          client_at: e.clientAt,
          type: e.type,
          session_id: e.sessionId,
          path: e.path,
          product_slug: e.productSlug,
          sku: e.sku,
          query: e.query,
          result_count: e.resultCount,
          quantity: e.quantity,
          referrer: e.referrer,
          channel: e.channel,
          area_slug: e.areaSlug ?? null,
          device: e.device,
        })),
      )
      .execute();
  }

  /** Partitions are created by the owner-defined function (the app role owns nothing). */
  async ensurePartitions(db: Kysely<Database>, monthsAhead: number): Promise<number> {
    const result = await sql<{
      created: number;
    }>`SELECT app_ensure_event_partitions(${monthsAhead}) AS created`.execute(db);
    return result.rows[0]?.created ?? 0;
  }

  /** Drops monthly partitions older than the retention (aggregates stay); returns their names. */
  async dropOldPartitions(db: Kysely<Database>, retentionMonths: number): Promise<string[]> {
    const result = await sql<{
      dropped: string[];
    }>`SELECT app_drop_old_event_partitions(${retentionMonths}) AS dropped`.execute(db);
    return result.rows[0]?.dropped ?? [];
  }
}
