import { Inject, Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import { DB } from '../../../platform/tokens';

/** One order the archive job may take: finished, old enough, nothing open. */
export interface ArchivableOrder {
  id: string;
  number: number;
  /** The Nairobi month it was placed in, YYYY-MM. */
  month: string;
}

export interface NewOrderArchive {
  tenant_id: string;
  id: string;
  storage_key: string;
  month: string;
  order_count: number;
  first_number: number;
  last_number: number;
  sha256: string;
  byte_size: number;
}

export const ARCHIVE_COLUMNS = [
  'id',
  'month',
  'storage_key',
  'order_count',
  'first_number',
  'last_number',
  'sha256',
  'byte_size',
  'created_at',
] as const;

/**
 * An order the job may archive (alias o) of the tenant, placed before `before`: delivered, cancelled
 * or refunded, and nothing about it still open: no payment attempt in flight, no refund or return
 * under way, no delivery on the road, no pay-on-delivery money still to collect, no eTIMS document
 * KRA has not accepted. (A message still owed after two years is not waited for: it is in the
 * archive with the order.) Two things keep an order online for good: a
 * review of one of its lines (the storefront shows it, and it would go with the line by cascade)
 * and a live redemption of a coupon limited per phone that can still be used (deleting it would
 * give that phone its use back).
 */
const archivable = (tenantId: string, before: Date) => sql<boolean>`
      o.tenant_id = ${tenantId} AND o.created_at < ${before}
  AND o.status IN ('delivered', 'cancelled', 'refunded')
  AND NOT (o.payment_method = 'on_delivery' AND o.status = 'delivered' AND o.collected_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.tenant_id = o.tenant_id AND p.order_id = o.id
                    AND p.status IN ('initiating', 'pending'))
  AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.tenant_id = o.tenant_id AND r.order_id = o.id
                    AND r.status IN ('requested', 'pending'))
  AND NOT EXISTS (SELECT 1 FROM order_returns x WHERE x.tenant_id = o.tenant_id AND x.order_id = o.id
                    AND x.status IN ('requested', 'accepted'))
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.tenant_id = o.tenant_id AND d.order_id = o.id
                    AND d.status NOT IN ('delivered', 'failed', 'cancelled'))
  AND NOT EXISTS (SELECT 1 FROM etims_documents e WHERE e.tenant_id = o.tenant_id AND e.order_id = o.id
                    AND e.status NOT IN ('accepted', 'accepted_unsigned'))
  AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.tenant_id = o.tenant_id AND v.order_id = o.id)
  AND NOT EXISTS (SELECT 1 FROM coupon_redemptions c
                    JOIN coupons k ON k.tenant_id = c.tenant_id AND k.id = c.coupon_id
                   WHERE c.tenant_id = o.tenant_id AND c.order_id = o.id AND c.voided_at IS NULL
                     AND k.max_uses_per_phone IS NOT NULL AND (k.ends_at IS NULL OR k.ends_at > now()))`;

/**
 * orders/archive: what the retention job reads, records and deletes. The raw DB is used only by
 * `archivableStores` (SECURITY DEFINER sweep app_orders_archivable); everything else runs in the
 * store's own tenant transaction and names its tenant_id (sharding plan).
 */
@Injectable()
export class OrderArchiveRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  /** Stores with a finished order placed before `before` (app_orders_archivable), each then handled in its own tenant. */
  async archivableStores(before: Date): Promise<string[]> {
    const { rows } = await sql<{ tenant_id: string }>`SELECT tenant_id FROM app_orders_archivable(${before})`.execute(
      this.db,
    );
    return rows.map((r) => r.tenant_id);
  }

  /**
   * The next batch: up to `limit` archivable orders, oldest first, all of the month of the oldest
   * (one object holds one month).
   */
  async nextBatch(trx: TenantTransaction, tenantId: string, before: Date, limit: number): Promise<ArchivableOrder[]> {
    const { rows } = await sql<ArchivableOrder>`
      SELECT o.id, o.number, to_char(o.created_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM') AS month
        FROM orders o
       WHERE ${archivable(tenantId, before)}
       ORDER BY o.created_at, o.id
       LIMIT ${limit}`.execute(trx);
    const month = rows[0]?.month;
    return rows.filter((r) => r.month === month);
  }

  /**
   * Locks the orders of a batch that are still archivable (FOR UPDATE: a refund, return or
   * payment inserted for one of them now waits for this transaction and then finds it gone);
   * returns their ids.
   */
  async lockArchivable(trx: TenantTransaction, tenantId: string, before: Date, ids: string[]): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`
      SELECT o.id FROM orders o
       WHERE ${archivable(tenantId, before)} AND o.id = ANY(${ids}::uuid[])
       ORDER BY o.id
         FOR UPDATE OF o`.execute(trx);
    return rows.map((r) => r.id);
  }

  /**
   * One JSON line per order (by number): every column of the order and of every row its
   * deletion cascades to (lines, timeline, payments, refunds, deliveries with their trail,
   * returns with their lines, eTIMS documents, coupon redemption, cash collection, owed
   * messages), as stored. jsonb's text form is canonical (key order fixed), so reading the same
   * rows twice gives the same bytes: the delete transaction compares them with what was uploaded.
   */
  async archiveLines(trx: TenantTransaction, tenantId: string, ids: string[]): Promise<string[]> {
    const { rows } = await sql<{ line: string }>`
      SELECT jsonb_build_object(
        'format', 'sokoni.order-archive.v1',
        'order', to_jsonb(o),
        'lines', coalesce((SELECT jsonb_agg(to_jsonb(i) ORDER BY i.line) FROM order_items i
                            WHERE i.tenant_id = o.tenant_id AND i.order_id = o.id), '[]'),
        'timeline', coalesce((SELECT jsonb_agg(to_jsonb(e) ORDER BY e.at, e.id) FROM order_events e
                               WHERE e.tenant_id = o.tenant_id AND e.order_id = o.id), '[]'),
        'payments', coalesce((SELECT jsonb_agg(to_jsonb(p) ORDER BY p.created_at, p.id) FROM payments p
                               WHERE p.tenant_id = o.tenant_id AND p.order_id = o.id), '[]'),
        'refunds', coalesce((SELECT jsonb_agg(to_jsonb(r) ORDER BY r.created_at, r.id) FROM refunds r
                              WHERE r.tenant_id = o.tenant_id AND r.order_id = o.id), '[]'),
        'deliveries', coalesce((SELECT jsonb_agg(to_jsonb(d) || jsonb_build_object('events',
                                  coalesce((SELECT jsonb_agg(to_jsonb(de) ORDER BY de.id) FROM delivery_events de
                                             WHERE de.tenant_id = d.tenant_id AND de.delivery_id = d.id), '[]'))
                                  ORDER BY d.created_at, d.id) FROM deliveries d
                                 WHERE d.tenant_id = o.tenant_id AND d.order_id = o.id), '[]'),
        'returns', coalesce((SELECT jsonb_agg(to_jsonb(x) || jsonb_build_object('lines',
                               coalesce((SELECT jsonb_agg(to_jsonb(xl) ORDER BY xl.line) FROM order_return_lines xl
                                          WHERE xl.tenant_id = x.tenant_id AND xl.return_id = x.id), '[]'))
                               ORDER BY x.created_at, x.id) FROM order_returns x
                              WHERE x.tenant_id = o.tenant_id AND x.order_id = o.id), '[]'),
        'etims_documents', coalesce((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.created_at, t.id) FROM etims_documents t
                                      WHERE t.tenant_id = o.tenant_id AND t.order_id = o.id), '[]'),
        'coupon_redemptions', coalesce((SELECT jsonb_agg(to_jsonb(c) ORDER BY c.id) FROM coupon_redemptions c
                                         WHERE c.tenant_id = o.tenant_id AND c.order_id = o.id), '[]'),
        'cash_collections', coalesce((SELECT jsonb_agg(to_jsonb(cc)) FROM pod_cash_collections cc
                                       WHERE cc.tenant_id = o.tenant_id AND cc.order_id = o.id), '[]'),
        'notifications', coalesce((SELECT jsonb_agg(to_jsonb(n) ORDER BY n.kind) FROM order_notifications n
                                    WHERE n.tenant_id = o.tenant_id AND n.order_id = o.id), '[]')
      )::text AS line
        FROM orders o
       WHERE o.tenant_id = ${tenantId} AND o.id = ANY(${ids}::uuid[])
       ORDER BY o.number`.execute(trx);
    return rows.map((r) => r.line);
  }

  async insertArchive(trx: TenantTransaction, row: NewOrderArchive): Promise<void> {
    await trx.insertInto('order_archives').values(row).execute();
  }

  /**
   * Deletes the orders; their rows in other tables go by ON DELETE CASCADE (messages keep their
   * text, order_id set to NULL). Returns how many were deleted.
   */
  async deleteOrders(trx: TenantTransaction, tenantId: string, ids: string[]): Promise<number> {
    const result = await trx
      .deleteFrom('orders')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The store's archives, newest month first. */
  list(trx: TenantTransaction, tenantId: string, limit: number) {
    return trx
      .selectFrom('order_archives')
      .select(ARCHIVE_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .orderBy('month', 'desc')
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  find(trx: TenantTransaction, tenantId: string, id: string) {
    return trx
      .selectFrom('order_archives')
      .select(ARCHIVE_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }
}
