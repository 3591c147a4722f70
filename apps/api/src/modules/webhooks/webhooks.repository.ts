import { Inject, Injectable } from '@nestjs/common';
import type { Database, TenantTransaction } from '@sokoni/db';
import { sql, type Kysely } from 'kysely';
import { DB } from '../../platform/tokens';

export const ENDPOINT_COLUMNS = [
  'id',
  'url',
  'description',
  'events',
  'status',
  'consecutive_failures',
  'disabled_reason',
  'disabled_at',
  'created_at',
] as const;

/** The SQL of outbound webhooks: endpoints, events (written by triggers, 0041) and deliveries. */
@Injectable()
export class WebhooksRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  /** Deliveries of every store that are due (app_webhook_deliveries_due), each then sent in its own tenant. */
  async due(limit: number): Promise<{ tenantId: string; slug: string; id: string }[]> {
    const { rows } = await sql<{ tenant_id: string; slug: string; id: string }>`
      SELECT tenant_id, slug, id FROM app_webhook_deliveries_due(${limit})`.execute(this.db);
    return rows.map((r) => ({ tenantId: r.tenant_id, slug: r.slug, id: r.id }));
  }

  endpoints(trx: TenantTransaction) {
    return trx.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).orderBy('created_at').execute();
  }

  endpoint(trx: TenantTransaction, id: string) {
    return trx.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  async countEndpoints(trx: TenantTransaction): Promise<number> {
    const row = await trx
      .selectFrom('webhook_endpoints')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Deliveries of the last 7 days per endpoint and outcome. */
  async recentCounts(trx: TenantTransaction) {
    return trx
      .selectFrom('webhook_event_deliveries')
      .select(['endpoint_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('created_at', '>', sql<Date>`now() - interval '7 days'`)
      .groupBy(['endpoint_id', 'status'])
      .execute();
  }

  insertEndpoint(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      url: string;
      description: string | null;
      events: string[];
      secret_sealed: string;
      created_by: string | null;
    },
  ) {
    return trx.insertInto('webhook_endpoints').values(row).returning(ENDPOINT_COLUMNS).executeTakeFirstOrThrow();
  }

  updateEndpoint(
    trx: TenantTransaction,
    id: string,
    changes: {
      url?: string;
      description?: string | null;
      events?: string[];
      status?: 'active' | 'disabled';
      consecutive_failures?: number;
      disabled_reason?: string | null;
      disabled_at?: Date | null;
    },
  ) {
    return trx
      .updateTable('webhook_endpoints')
      .set(changes)
      .where('id', '=', id)
      .returning(ENDPOINT_COLUMNS)
      .executeTakeFirst();
  }

  async deleteEndpoint(trx: TenantTransaction, id: string): Promise<boolean> {
    const result = await trx.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  secretOf(trx: TenantTransaction, endpointId: string) {
    return trx
      .selectFrom('webhook_endpoints')
      .select(['secret_sealed', 'url', 'status'])
      .where('id', '=', endpointId)
      .executeTakeFirst();
  }

  deliveries(trx: TenantTransaction, endpointId: string, limit: number) {
    return trx
      .selectFrom('webhook_event_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  delivery(trx: TenantTransaction, id: string) {
    return trx.selectFrom('webhook_event_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Claims a due delivery for one attempt: counts the attempt and moves its next try past the
   * attempt's time, so an overlapping run does not send it too. Null when it is not due any more.
   */
  claim(trx: TenantTransaction, id: string, leaseSeconds: number) {
    return trx
      .updateTable('webhook_event_deliveries as d')
      .from('webhook_events as e')
      .set({
        attempts: sql`d.attempts + 1`,
        next_attempt_at: sql`now() + make_interval(secs => ${leaseSeconds})`,
      })
      .whereRef('e.tenant_id', '=', 'd.tenant_id')
      .whereRef('e.id', '=', 'd.event_id')
      .where('d.id', '=', id)
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', sql<Date>`now()`)
      .returning([
        'd.id',
        'd.endpoint_id',
        'd.event_id',
        'd.event_type',
        'd.attempts',
        'e.payload',
        'e.created_at as event_at',
      ])
      .executeTakeFirst();
  }

  async recordOutcome(
    trx: TenantTransaction,
    id: string,
    outcome: {
      status: 'pending' | 'delivered' | 'failed';
      nextAttemptInSeconds: number | null;
      statusCode: number | null;
      error: string | null;
      durationMs: number;
    },
  ) {
    await trx
      .updateTable('webhook_event_deliveries')
      .set({
        status: outcome.status,
        last_status_code: outcome.statusCode,
        last_error: outcome.error?.slice(0, 300) ?? null,
        last_duration_ms: outcome.durationMs,
        ...(outcome.status === 'delivered' ? { delivered_at: sql<Date>`now()` } : {}),
        ...(outcome.nextAttemptInSeconds !== null
          ? { next_attempt_at: sql<Date>`now() + make_interval(secs => ${outcome.nextAttemptInSeconds})` }
          : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  /** A delivery sent again from the log: due now, with a fresh attempt count. */
  async resend(trx: TenantTransaction, id: string) {
    return trx
      .updateTable('webhook_event_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: sql<Date>`now()`, last_error: null })
      .where('id', '=', id)
      .returning(['id'])
      .executeTakeFirst();
  }

  /** A `webhook.ping` event for one endpoint only (the owner's "Send test"). */
  async ping(trx: TenantTransaction, tenantId: string, endpointId: string, payload: Record<string, unknown>) {
    const event = await trx
      .insertInto('webhook_events')
      .values({ tenant_id: tenantId, type: 'webhook.ping', payload: JSON.stringify(payload) })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    return trx
      .insertInto('webhook_event_deliveries')
      .values({ tenant_id: tenantId, endpoint_id: endpointId, event_id: event.id, event_type: 'webhook.ping' })
      .returning(['id'])
      .executeTakeFirstOrThrow();
  }

  async endpointFailed(trx: TenantTransaction, id: string): Promise<number> {
    const row = await trx
      .updateTable('webhook_endpoints')
      .set({ consecutive_failures: sql`consecutive_failures + 1` })
      .where('id', '=', id)
      .returning(['consecutive_failures'])
      .executeTakeFirst();
    return row?.consecutive_failures ?? 0;
  }

  async endpointSucceeded(trx: TenantTransaction, id: string) {
    await trx
      .updateTable('webhook_endpoints')
      .set({ consecutive_failures: 0 })
      .where('id', '=', id)
      .where('consecutive_failures', '>', 0)
      .execute();
  }
}
