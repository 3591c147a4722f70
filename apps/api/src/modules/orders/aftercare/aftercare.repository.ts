import { Injectable } from '@nestjs/common';
import { sql, type OrderReturnStatus, type TenantTransaction } from '@sokoni/db';

/** A store's return policy when it never set one. */
export const DEFAULT_RETURN_SETTINGS = { enabled: true, windowDays: 7 } as const;

/**
 * After the sale: the store's return policy, the shopper's return requests (tables of this module)
 * and the read model of what happened to an order (its timeline, delivery, payments and refunds;
 * the delivery and payments modules own those tables, this only reads them).
 */
@Injectable()
export class AftercareRepository {
  async settings(trx: TenantTransaction): Promise<{ enabled: boolean; windowDays: number }> {
    const row = await trx.selectFrom('order_return_settings').select(['enabled', 'window_days']).executeTakeFirst();
    return row ? { enabled: row.enabled, windowDays: row.window_days } : { ...DEFAULT_RETURN_SETTINGS };
  }

  async saveSettings(trx: TenantTransaction, tenantId: string, s: { enabled: boolean; windowDays: number }) {
    await trx
      .insertInto('order_return_settings')
      .values({ tenant_id: tenantId, enabled: s.enabled, window_days: s.windowDays })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ enabled: s.enabled, window_days: s.windowDays }))
      .execute();
  }

  /** The order's timeline rows with their data (who, rider, note). */
  events(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('order_events')
      .select(['type', 'to_status', 'at', 'data'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
  }

  /** The order's newest delivery (a failed one may have been followed by another). */
  latestDelivery(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('deliveries')
      .select([
        'id',
        'method',
        'status',
        'rider_name',
        'rider_phone',
        'partner',
        'agent_id',
        'agent_name',
        'agent_landmark',
      ])
      .where('order_id', '=', orderId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  deliveryEvents(trx: TenantTransaction, deliveryId: string) {
    return trx
      .selectFrom('delivery_events')
      .select(['status', 'source', 'occurred_at'])
      .where('delivery_id', '=', deliveryId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
  }

  /** The payment that counts for the order and what is left of it to refund (in flight excluded). */
  async refundable(trx: TenantTransaction, orderId: string): Promise<{ paymentId: string | null; leftKes: number }> {
    const result = await sql<{ id: string; left_kes: number }>`
      SELECT p.id,
             (coalesce(p.paid_amount_kes, p.amount_kes) - p.refunded_kes
              - coalesce((SELECT sum(r.amount_kes) FROM refunds r
                           WHERE r.tenant_id = p.tenant_id AND r.payment_id = p.id
                             AND r.status IN ('requested', 'pending')), 0))::int AS left_kes
        FROM payments p
       WHERE p.order_id = ${orderId} AND p.status IN ('paid', 'refunded') AND p.counts_for_order
       ORDER BY p.created_at
       LIMIT 1`.execute(trx);
    const row = result.rows[0];
    return { paymentId: row?.id ?? null, leftKes: Math.max(0, row?.left_kes ?? 0) };
  }

  /** Completed and in-flight refund totals of the order. */
  async refundTotals(trx: TenantTransaction, orderId: string): Promise<{ done: number; pending: number }> {
    const result = await sql<{ done: number; pending: number }>`
      SELECT coalesce(sum(amount_kes) FILTER (WHERE status = 'completed'), 0)::int AS done,
             coalesce(sum(amount_kes) FILTER (WHERE status IN ('requested', 'pending')), 0)::int AS pending
        FROM refunds WHERE order_id = ${orderId}`.execute(trx);
    return result.rows[0] ?? { done: 0, pending: 0 };
  }

  refund(trx: TenantTransaction, id: string) {
    return trx.selectFrom('refunds').select(['id', 'status', 'amount_kes']).where('id', '=', id).executeTakeFirst();
  }

  returnOf(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('order_returns')
      .select([
        'id',
        'order_id',
        'status',
        'reason',
        'amount_kes',
        'vat_kes',
        'decision_note',
        'decided_at',
        'received_at',
        'refund_id',
        'created_at',
        sql<boolean>`photo IS NOT NULL`.as('has_photo'),
      ])
      .where('order_id', '=', orderId)
      .executeTakeFirst();
  }

  async lockReturn(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('order_returns')
      .select(['id', 'status', 'amount_kes', 'refund_id'])
      .where('order_id', '=', orderId)
      .forUpdate()
      .executeTakeFirst();
  }

  returnLines(trx: TenantTransaction, returnId: string) {
    return trx
      .selectFrom('order_return_lines as rl')
      .innerJoin('order_items as i', (j) =>
        j
          .onRef('i.tenant_id', '=', 'rl.tenant_id')
          .onRef('i.order_id', '=', 'rl.order_id')
          .onRef('i.line', '=', 'rl.line'),
      )
      .select(['rl.line', 'rl.quantity', 'i.sku', 'i.title', 'i.variant_id'])
      .where('rl.return_id', '=', returnId)
      .orderBy('rl.line')
      .execute();
  }

  photo(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('order_returns')
      .select(['photo', 'photo_type'])
      .where('order_id', '=', orderId)
      .executeTakeFirst();
  }

  async insertReturn(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      order_id: string;
      reason: string;
      amount_kes: number;
      vat_kes: number;
      photo: Buffer | null;
      photo_type: 'image/jpeg' | 'image/png' | 'image/webp' | null;
    },
    lines: { line: number; quantity: number }[],
  ): Promise<string> {
    const { id } = await trx.insertInto('order_returns').values(row).returning('id').executeTakeFirstOrThrow();
    await trx
      .insertInto('order_return_lines')
      .values(lines.map((l) => ({ tenant_id: row.tenant_id, return_id: id, order_id: row.order_id, ...l })))
      .execute();
    return id;
  }

  async updateReturn(
    trx: TenantTransaction,
    id: string,
    changes: {
      status?: OrderReturnStatus;
      decision_note?: string | null;
      decided_by?: string;
      decided_at?: Date;
      received_at?: Date;
      refund_id?: string;
    },
  ) {
    await trx.updateTable('order_returns').set(changes).where('id', '=', id).execute();
  }

  /** Order ids of a phone at this store, newest first (My orders). */
  async orderIdsOf(trx: TenantTransaction, phone: string, limit: number): Promise<string[]> {
    const rows = await trx
      .selectFrom('orders')
      .select('id')
      .where('phone', '=', phone)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
}
