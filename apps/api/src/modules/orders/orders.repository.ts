import { Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type NewOrder, type OrderStatus, type TenantTransaction } from '@sokoni/db';

/** The owner's order list filters (DESIGN §7: orders by status, area and channel). */
export interface OrderListFilters {
  status?: OrderStatus;
  area?: string;
  channel?: 'web' | 'whatsapp' | 'link';
}

@Injectable()
export class OrdersRepository {
  /** A new store's counter: its first order is #1001. */
  async startCounter(trx: TenantTransaction, tenantId: string): Promise<void> {
    await trx.insertInto('order_counters').values({ tenant_id: tenantId, last_number: 1000 }).execute();
  }

  /**
   * The children of a new order (lines, owed notification, placed event, coupon use) are written
   * before the order row, under its pre-generated id: their foreign keys to orders are checked at
   * commit (deferrable since 0054), so the order row and its number can come last.
   */
  async deferOrderChildChecks(trx: TenantTransaction): Promise<void> {
    await sql`SET CONSTRAINTS order_items_tenant_id_order_id_fkey, order_events_tenant_id_order_id_fkey,
      order_notifications_tenant_id_order_id_fkey, coupon_redemptions_tenant_id_order_id_fkey DEFERRED`.execute(trx);
  }

  /**
   * Inserts the order with the store's next number, in one statement. The counter row lock makes
   * numbers unique and gap-free (a rolled-back order gives its number back); it is held until
   * commit, so this is the placing transaction's last write but the stock reservation, which
   * names the number.
   */
  async insertNumberedOrder(trx: TenantTransaction, row: Omit<NewOrder, 'number'> & { id: string }): Promise<number> {
    const inserted = await trx
      .with('counter', (db) =>
        db
          .insertInto('order_counters')
          .values({ tenant_id: row.tenant_id, last_number: 1001 })
          .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ last_number: sql`order_counters.last_number + 1` }))
          .returning('last_number'),
      )
      .insertInto('orders')
      .values({ ...row, number: sql<number>`(SELECT last_number FROM counter)` })
      .returning('number')
      .executeTakeFirstOrThrow();
    return inserted.number;
  }

  async byIdempotencyKey(trx: TenantTransaction, key: string) {
    return trx
      .selectFrom('orders')
      .select(['id', 'request_hash'])
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  async variantIds(trx: TenantTransaction, skus: string[]): Promise<Map<string, string>> {
    if (skus.length === 0) return new Map();
    const rows = await trx.selectFrom('product_variants').select(['id', 'sku']).where('sku', 'in', skus).execute();
    return new Map(rows.map((r) => [r.sku, r.id]));
  }

  async insertItems(
    trx: TenantTransaction,
    rows: {
      tenant_id: string;
      order_id: string;
      line: number;
      variant_id: string;
      sku: string;
      title: string;
      options: Record<string, string>;
      unit_price_kes: number;
      quantity: number;
      line_total_kes: number;
    }[],
  ) {
    await trx
      .insertInto('order_items')
      .values(rows.map((r) => ({ ...r, options: JSON.stringify(r.options) })))
      .execute();
  }

  /** Savepoints let one step fail (a stock shortage) without failing the caller's transaction. */
  async savepoint(trx: TenantTransaction, name: string) {
    await sql`SAVEPOINT ${sql.id(name)}`.execute(trx);
  }

  async releaseSavepoint(trx: TenantTransaction, name: string) {
    await sql`RELEASE SAVEPOINT ${sql.id(name)}`.execute(trx);
  }

  async rollbackToSavepoint(trx: TenantTransaction, name: string) {
    await sql`ROLLBACK TO SAVEPOINT ${sql.id(name)}`.execute(trx);
  }

  async insertEvent(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      order_id: string;
      type: string;
      from_status: string | null;
      to_status: string | null;
      actor_type: 'shopper' | 'user' | 'system';
      actor_id: string | null;
      data?: Record<string, unknown>;
    },
  ) {
    await trx
      .insertInto('order_events')
      .values({ ...row, data: JSON.stringify(row.data ?? {}) })
      .execute();
  }

  async lockOrder(trx: TenantTransaction, id: string) {
    return trx.selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** Never shortens a hold, and only while the order still waits for payment. */
  async extendReservation(trx: TenantTransaction, id: string, until: Date) {
    await trx
      .updateTable('orders')
      .set({ reserved_until: until })
      .where('id', '=', id)
      .where('status', '=', 'pending_payment')
      // Pay on delivery holds its stock until the door: an early M-Pesa attempt must not give it an expiry.
      .where('payment_method', '=', 'mpesa')
      .where((eb) => eb.or([eb('reserved_until', 'is', null), eb('reserved_until', '<', until)]))
      .execute();
  }

  async setStatus(trx: TenantTransaction, id: string, status: OrderStatus, clearReservation: boolean) {
    await trx
      .updateTable('orders')
      .set({ status, ...(clearReservation ? { reserved_until: null } : {}) })
      .where('id', '=', id)
      .execute();
  }

  async items(trx: TenantTransaction, orderId: string) {
    return trx.selectFrom('order_items').selectAll().where('order_id', '=', orderId).orderBy('line').execute();
  }

  async events(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('order_events')
      .select(['type', 'to_status', 'at'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
  }

  /** The order's accepted return (a credit note on its invoice), with its lines; null when none. */
  async creditNote(trx: TenantTransaction, orderId: string) {
    const ret = await trx
      .selectFrom('order_returns')
      .select(['id', 'amount_kes', 'vat_kes', 'decided_at'])
      .where('order_id', '=', orderId)
      .where('status', 'in', ['accepted', 'received'])
      .executeTakeFirst();
    if (!ret) return null;
    const lines = await trx
      .selectFrom('order_return_lines as rl')
      .innerJoin('order_items as i', (j) =>
        j
          .onRef('i.tenant_id', '=', 'rl.tenant_id')
          .onRef('i.order_id', '=', 'rl.order_id')
          .onRef('i.line', '=', 'rl.line'),
      )
      .select(['i.title', 'i.sku', 'i.unit_price_kes', 'rl.quantity'])
      .where('rl.return_id', '=', ret.id)
      .orderBy('rl.line')
      .execute();
    return { ...ret, lines };
  }

  async byId(trx: TenantTransaction, id: string) {
    return trx.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byNumber(trx: TenantTransaction, number: number) {
    return trx.selectFrom('orders').selectAll().where('number', '=', number).executeTakeFirst();
  }

  async list(trx: TenantTransaction, filters: OrderListFilters, limit: number, beforeNumber: number | undefined) {
    let q = trx.selectFrom('orders').selectAll().orderBy('number', 'desc').limit(limit);
    if (filters.status) q = q.where('status', '=', filters.status);
    if (filters.area) q = q.where('area_slug', '=', filters.area);
    if (filters.channel) q = q.where('channel', '=', filters.channel);
    if (beforeNumber) q = q.where('number', '<', beforeNumber);
    return q.execute();
  }

  /**
   * Products bought in the same paid orders as this one, most often first ("bought together").
   * Unpaid and cancelled orders say nothing about what people buy together.
   */
  async boughtWith(trx: TenantTransaction, productId: string, limit: number): Promise<string[]> {
    const result = await sql<{ product_id: string }>`
      SELECT other.product_id
        FROM order_items mine
        JOIN product_variants mv ON mv.id = mine.variant_id AND mv.product_id = ${productId}
        JOIN orders o ON o.id = mine.order_id AND o.status IN ('paid', 'packed', 'dispatched', 'delivered')
        JOIN order_items oi ON oi.order_id = mine.order_id
        JOIN product_variants other ON other.id = oi.variant_id AND other.product_id <> ${productId}
       GROUP BY other.product_id
       ORDER BY count(DISTINCT mine.order_id) DESC, other.product_id
       LIMIT ${limit}`.execute(trx);
    return result.rows.map((r) => r.product_id);
  }

  /** Lapsed reservations across stores (ids only, via the owner-defined function). */
  async lapsedReservations(db: Kysely<Database>, limit: number) {
    return (
      await sql<{
        tenant_id: string;
        order_id: string;
      }>`SELECT tenant_id, order_id FROM app_lapsed_reservations(${limit})`.execute(db)
    ).rows;
  }
}
