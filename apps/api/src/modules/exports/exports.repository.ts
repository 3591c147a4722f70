import { Injectable } from '@nestjs/common';
import { sql, type ExportJobStatus, type ExportKind, type TenantTransaction } from '@sokoni/db';
import type { RawBuilder, SelectQueryBuilder } from 'kysely';
import type { Database } from '@sokoni/db';
import { nairobiBounds, type ExportParams } from './export-kinds';

/** Rows read from Postgres per round trip of the cursor: enough to keep it busy, small in memory. */
const CURSOR_BATCH = 1_000;

/** A timestamp as Nairobi ISO 8601 (fixed +03:00: Kenya has no daylight saving). */
function nairobiIso(column: string): RawBuilder<string | null> {
  return sql<
    string | null
  >`to_char(${sql.ref(column)} AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM-DD"T"HH24:MI:SS"+03:00"')`;
}

export type ExportRow = Record<string, unknown>;
/** Every kind's query seen alike: rows of named cells (the kinds differ in their tables). */
type ExportQuery = SelectQueryBuilder<Database, keyof Database, ExportRow>;
const asExportQuery = (query: unknown) => query as ExportQuery;

/**
 * The SQL of every export, read through a cursor inside the caller's tenant transaction (RLS
 * decides what is visible; each statement also names the tenant for the sharding plan), and the
 * export_jobs rows the background exports keep.
 */
@Injectable()
export class ExportsRepository {
  /** Rows of the export, oldest first, CURSOR_BATCH at a time. */
  rows(trx: TenantTransaction, tenantId: string, kind: ExportKind, p: ExportParams): AsyncIterable<ExportRow> {
    return this.query(trx, tenantId, kind, p).stream(CURSOR_BATCH);
  }

  /** How many rows the export will have (the progress bar's denominator; what decides "too big to download"). */
  async count(trx: TenantTransaction, tenantId: string, kind: ExportKind, p: ExportParams): Promise<number> {
    const inner = this.query(trx, tenantId, kind, p).clearOrderBy();
    const row = await trx
      .selectFrom(inner.as('export'))
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  private query(trx: TenantTransaction, tenantId: string, kind: ExportKind, p: ExportParams): ExportQuery {
    const { start, end } = nairobiBounds(p);
    switch (kind) {
      case 'orders': {
        let q = trx
          .selectFrom('orders as o')
          .innerJoin('order_items as i', (j) =>
            j.onRef('i.tenant_id', '=', 'o.tenant_id').onRef('i.order_id', '=', 'o.id'),
          )
          .where('o.tenant_id', '=', tenantId)
          .where('o.created_at', '>=', start)
          .where('o.created_at', '<', end);
        if (p.status) q = q.where('o.status', 'in', p.status as never[]);
        if (p.channel) q = q.where('o.channel', 'in', p.channel as never[]);
        return asExportQuery(
          q
            .select([
              'o.number as order_number',
              nairobiIso('o.created_at').as('created_at'),
              'o.status',
              'o.channel',
              'o.customer_name',
              'o.phone',
              'o.area_slug as area',
              'o.delivery_method',
              'o.coupon_code',
              'o.subtotal_kes',
              'o.delivery_fee_kes',
              'o.discount_kes',
              'o.vat_kes',
              'o.total_kes',
              'i.line',
              'i.sku',
              'i.title as item',
              sql<string>`(SELECT string_agg(key || ': ' || value, '; ' ORDER BY key) FROM jsonb_each_text(i.options))`.as(
                'options',
              ),
              'i.unit_price_kes',
              'i.quantity',
              'i.line_total_kes',
            ])
            .orderBy('o.created_at')
            .orderBy('o.number')
            .orderBy('i.line'),
        );
      }
      case 'payments': {
        let q = trx
          .selectFrom('payments as p')
          .innerJoin('orders as o', (j) => j.onRef('o.tenant_id', '=', 'p.tenant_id').onRef('o.id', '=', 'p.order_id'))
          .where('p.tenant_id', '=', tenantId)
          .where('p.created_at', '>=', start)
          .where('p.created_at', '<', end);
        if (p.status) q = q.where('p.status', 'in', p.status as never[]);
        if (p.method) q = q.where('p.method', 'in', p.method as never[]);
        return asExportQuery(
          q
            .select([
              nairobiIso('p.created_at').as('created_at'),
              nairobiIso('p.resolved_at').as('resolved_at'),
              'o.number as order_number',
              'p.method',
              'p.status',
              'p.outcome',
              'p.amount_kes',
              'p.paid_amount_kes',
              'p.refunded_kes',
              'p.receipt_number as mpesa_receipt',
              'p.phone',
              'p.result_code',
              'p.result_desc',
            ])
            .orderBy('p.created_at')
            .orderBy('p.id'),
        );
      }
      case 'refunds': {
        let q = trx
          .selectFrom('refunds as r')
          .innerJoin('orders as o', (j) => j.onRef('o.tenant_id', '=', 'r.tenant_id').onRef('o.id', '=', 'r.order_id'))
          .innerJoin('payments as p', (j) =>
            j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.id', '=', 'r.payment_id'),
          )
          .where('r.tenant_id', '=', tenantId)
          .where('r.created_at', '>=', start)
          .where('r.created_at', '<', end);
        if (p.status) q = q.where('r.status', 'in', p.status as never[]);
        return asExportQuery(
          q
            .select([
              nairobiIso('r.created_at').as('created_at'),
              nairobiIso('r.resolved_at').as('resolved_at'),
              'o.number as order_number',
              'p.receipt_number as payment_receipt',
              'r.amount_kes',
              'r.method',
              'r.status',
              'r.reason',
              'r.transaction_id as mpesa_transaction',
              'r.result_desc',
            ])
            .orderBy('r.created_at')
            .orderBy('r.id'),
        );
      }
      case 'stock': {
        let q = trx
          .selectFrom('inventory_movements as m')
          .innerJoin('product_variants as v', (j) =>
            j.onRef('v.tenant_id', '=', 'm.tenant_id').onRef('v.id', '=', 'm.variant_id'),
          )
          .innerJoin('products as pr', (j) =>
            j.onRef('pr.tenant_id', '=', 'v.tenant_id').onRef('pr.id', '=', 'v.product_id'),
          )
          .leftJoin('orders as o', (j) => j.onRef('o.tenant_id', '=', 'm.tenant_id').onRef('o.id', '=', 'm.order_id'))
          .where('m.tenant_id', '=', tenantId)
          .where('m.created_at', '>=', start)
          .where('m.created_at', '<', end);
        if (p.movement) q = q.where('m.kind', 'in', p.movement as never[]);
        return asExportQuery(
          q
            .select([
              nairobiIso('m.created_at').as('created_at'),
              'v.sku',
              'pr.title as product',
              'm.kind as movement',
              'm.quantity',
              'm.reason',
              'o.number as order_number',
            ])
            .orderBy('m.created_at')
            .orderBy('m.id'),
        );
      }
      case 'payouts':
        return asExportQuery(
          trx
            .selectFrom(payoutsSql(tenantId, start, end).as('payouts'))
            .selectAll()
            .orderBy('day'),
        );
      case 'reconciliation':
        return asExportQuery(
          trx
            .selectFrom(reconciliationSql(tenantId, p.from, p.to).as('reconciliation'))
            .selectAll()
            .orderBy('day')
            .orderBy('line_order')
            .orderBy('exception_index'),
        );
    }
  }

  async insertJob(
    trx: TenantTransaction,
    row: { tenantId: string; kind: ExportKind; params: ExportParams; rowsEstimate: number; requestedBy: string | null },
  ): Promise<ExportJobRow> {
    return trx
      .insertInto('export_jobs')
      .values({
        tenant_id: row.tenantId,
        kind: row.kind,
        params: JSON.stringify(row.params),
        rows_estimate: row.rowsEstimate,
        requested_by: row.requestedBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async job(trx: TenantTransaction, tenantId: string, id: string): Promise<ExportJobRow | undefined> {
    return trx
      .selectFrom('export_jobs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async recentJobs(trx: TenantTransaction, tenantId: string, limit: number): Promise<ExportJobRow[]> {
    return trx
      .selectFrom('export_jobs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  async updateJob(
    trx: TenantTransaction,
    tenantId: string,
    id: string,
    change: {
      status?: ExportJobStatus;
      rows_done?: number;
      rows_estimate?: number;
      byte_size?: number;
      storage_key?: string;
      error?: string | null;
      started_at?: Date;
      finished_at?: Date;
      expires_at?: Date;
    },
  ): Promise<void> {
    await trx.updateTable('export_jobs').set(change).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }
}

export interface ExportJobRow {
  tenant_id: string;
  id: string;
  kind: ExportKind;
  params: Record<string, unknown>;
  status: ExportJobStatus;
  rows_estimate: number;
  rows_done: number;
  byte_size: string | null;
  storage_key: string | null;
  error: string | null;
  requested_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date | null;
}

/**
 * Payouts to settle, per Nairobi day: the M-Pesa money that arrived that day (payments that
 * were paid, by when they were resolved; a later refund does not move them) minus the refunds
 * M-Pesa completed that day. Safaricom's charges are not in our data, so the net is before fees
 * (docs/exports.md).
 */
function payoutsSql(tenantId: string, start: Date, end: Date) {
  return sql<ExportRow>`(
    WITH received AS (
      SELECT (coalesce(resolved_at, updated_at) AT TIME ZONE 'Africa/Nairobi')::date AS day,
             count(*)::int AS n, sum(coalesce(paid_amount_kes, amount_kes))::int AS kes
        FROM payments
       WHERE tenant_id = ${tenantId} AND status IN ('paid', 'refunded')
         AND coalesce(resolved_at, updated_at) >= ${start} AND coalesce(resolved_at, updated_at) < ${end}
       GROUP BY 1),
    refunded AS (
      SELECT (resolved_at AT TIME ZONE 'Africa/Nairobi')::date AS day, count(*)::int AS n, sum(amount_kes)::int AS kes
        FROM refunds
       WHERE tenant_id = ${tenantId} AND status = 'completed' AND resolved_at >= ${start} AND resolved_at < ${end}
       GROUP BY 1)
    SELECT to_char(coalesce(r.day, f.day), 'YYYY-MM-DD') AS day,
           coalesce(r.n, 0) AS payments_received, coalesce(r.kes, 0) AS received_kes,
           coalesce(f.n, 0) AS refunds_completed, coalesce(f.kes, 0) AS refunded_kes,
           coalesce(r.kes, 0) - coalesce(f.kes, 0) AS net_to_settle_kes
      FROM received r FULL OUTER JOIN refunded f ON f.day = r.day
  )`;
}

/** The stored daily reports: per day its totals line, then one line per exception to act on. */
function reconciliationSql(tenantId: string, from: string, to: string) {
  const total = (key: string) => sql`(r.totals ->> ${key})::int`;
  return sql<ExportRow>`(
    SELECT to_char(r.day, 'YYYY-MM-DD') AS day, 'totals' AS line, 0 AS line_order, 0::bigint AS exception_index,
           ${total('orders')} AS orders, ${total('paidOrders')} AS paid_orders, ${total('attempts')} AS attempts,
           ${total('paidAttempts')} AS paid_attempts, ${total('failedAttempts')} AS failed_attempts,
           ${total('openAttempts')} AS open_attempts, ${total('receivedKes')} AS received_kes,
           ${total('refundedKes')} AS refunded_kes, jsonb_array_length(r.mismatches) AS exceptions,
           NULL::text AS exception_kind, NULL::int AS order_number, NULL::text AS mpesa_receipt, NULL::text AS detail
      FROM payment_reconciliations r
     WHERE r.tenant_id = ${tenantId} AND r.day BETWEEN ${from}::date AND ${to}::date
    UNION ALL
    SELECT to_char(r.day, 'YYYY-MM-DD'), 'exception', 1, m.i,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           m.v ->> 'kind', (m.v ->> 'orderNumber')::int, m.v ->> 'receipt', m.v ->> 'detail'
      FROM payment_reconciliations r CROSS JOIN LATERAL jsonb_array_elements(r.mismatches) WITH ORDINALITY AS m(v, i)
     WHERE r.tenant_id = ${tenantId} AND r.day BETWEEN ${from}::date AND ${to}::date
  )`;
}
