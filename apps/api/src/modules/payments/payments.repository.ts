import { Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type PaymentCallbackKind, type TenantTransaction } from '@sokoni/db';
import type { Insertable, Updateable } from 'kysely';
import type { C2bPaymentsTable, PaymentsTable, RefundsTable } from '@sokoni/db';
import { oweNotification } from '../orders/order-notifications';

export type PaymentRow = NonNullable<Awaited<ReturnType<PaymentsRepository['byId']>>>;
export type RefundRow = NonNullable<Awaited<ReturnType<PaymentsRepository['refundByConversation']>>>;
export type CallbackRow = NonNullable<Awaited<ReturnType<PaymentsRepository['callback']>>>;

/**
 * The attempt that paid an order: paid (or paid, then refunded) and counting for it. Exported for
 * the modules that read it (the messaging module prints its receipt).
 */
export function settledPaymentOf(trx: TenantTransaction, orderId: string) {
  return trx
    .selectFrom('payments')
    .select(['id', 'receipt_number'])
    .where('order_id', '=', orderId)
    .where('status', 'in', ['paid', 'refunded'])
    .where('counts_for_order', '=', true)
    .executeTakeFirst();
}

/** The payments module's SQL: attempts, raw callbacks and their outcomes, C2B receipts, refunds. */
@Injectable()
export class PaymentsRepository {
  byId(trx: TenantTransaction, id: string) {
    return trx.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * One attempt of this order with the order's number (the shopper's status poll, several times a
   * second per waiting shopper): one statement instead of the attempt, then the whole order view.
   */
  ofOrderWithNumber(trx: TenantTransaction, orderId: string, id: string) {
    return trx
      .selectFrom('payments')
      .innerJoin('orders', (join) =>
        join.onRef('orders.tenant_id', '=', 'payments.tenant_id').onRef('orders.id', '=', 'payments.order_id'),
      )
      .selectAll('payments')
      .select('orders.number as order_number')
      .where('payments.id', '=', id)
      .where('payments.order_id', '=', orderId)
      .executeTakeFirst();
  }

  lock(trx: TenantTransaction, id: string) {
    return trx.selectFrom('payments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** When the push with this CheckoutRequestID was created (callback latency) and its trace, if it is ours. */
  createdAtOfCheckoutRequest(trx: TenantTransaction, checkoutRequestId: string) {
    return trx
      .selectFrom('payments')
      .select(['created_at', 'trace_parent'])
      .where('checkout_request_id', '=', checkoutRequestId)
      .executeTakeFirst();
  }

  lockByCheckoutRequest(trx: TenantTransaction, checkoutRequestId: string) {
    return trx
      .selectFrom('payments')
      .selectAll()
      .where('checkout_request_id', '=', checkoutRequestId)
      .forUpdate()
      .executeTakeFirst();
  }

  byIdempotencyKey(trx: TenantTransaction, key: string) {
    return trx.selectFrom('payments').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  }

  activeForOrder(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', orderId)
      .where('status', 'in', ['initiating', 'pending'])
      .executeTakeFirst();
  }

  forOrder(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  }

  async insert(trx: TenantTransaction, row: Insertable<PaymentsTable>): Promise<string> {
    const { id } = await trx.insertInto('payments').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async update(trx: TenantTransaction, id: string, changes: Updateable<PaymentsTable>) {
    await trx.updateTable('payments').set(changes).where('id', '=', id).execute();
  }

  async addFlags(trx: TenantTransaction, id: string, flags: string[]) {
    await trx
      .updateTable('payments')
      .set({ flags: sql<string[]>`(SELECT array_agg(DISTINCT f) FROM unnest(flags || ${flags}::text[]) AS f)` })
      .where('id', '=', id)
      .execute();
  }

  /** Payments of one store created on a Nairobi calendar day. */
  onDay(trx: TenantTransaction, day: string) {
    return trx
      .selectFrom('payments')
      .selectAll()
      .where(sql<boolean>`(created_at AT TIME ZONE 'Africa/Nairobi')::date = ${day}::date`)
      .orderBy('created_at')
      .execute();
  }

  // Callbacks --------------------------------------------------------------------------------

  async insertCallback(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      kind: PaymentCallbackKind;
      reference: string | null;
      source_ip: string | null;
      ip_allowed: boolean | null;
      body: unknown;
      raw: string;
      raw_body: Buffer;
      content_type: string | null;
      size_bytes: number;
      flag_reason: string | null;
    },
  ): Promise<string> {
    const { id } = await trx
      .insertInto('payment_callbacks')
      .values({
        ...row,
        body: row.body === null || row.body === undefined ? null : JSON.stringify(row.body),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(id);
  }

  callback(trx: TenantTransaction, id: string) {
    return trx
      .selectFrom('payment_callbacks')
      .selectAll()
      .where('id', '=', id as never)
      .executeTakeFirst();
  }

  /**
   * The oldest STK callback for this push that is stored but not processed yet (its job waits in
   * the queue): what M-Pesa already said about it, so nobody needs to ask again.
   */
  async unprocessedStkCallback(trx: TenantTransaction, checkoutRequestId: string): Promise<string | undefined> {
    const row = await trx
      .selectFrom('payment_callbacks as c')
      .select('c.id')
      .where('c.kind', '=', 'stk')
      .where('c.reference', '=', checkoutRequestId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('payment_callback_outcomes as o')
              .select('o.callback_id')
              .whereRef('o.tenant_id', '=', 'c.tenant_id')
              .whereRef('o.callback_id', '=', 'c.id'),
          ),
        ),
      )
      .orderBy('c.id')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : String(row.id);
  }

  /** Serialises work on one callback across jobs, sweeper and replicas (held until commit). */
  async lockCallback(trx: TenantTransaction, id: string) {
    await sql`SELECT pg_advisory_xact_lock(hashtext('payment_callback'), ${Number(id)}::int)`.execute(trx);
  }

  async outcomeOf(trx: TenantTransaction, callbackId: string) {
    return trx
      .selectFrom('payment_callback_outcomes')
      .selectAll()
      .where('callback_id', '=', callbackId)
      .executeTakeFirst();
  }

  async recordOutcome(
    trx: TenantTransaction,
    tenantId: string,
    callbackId: string,
    outcome: string,
    flagged: boolean,
    detail: Record<string, unknown> = {},
  ) {
    await trx
      .insertInto('payment_callback_outcomes')
      .values({ tenant_id: tenantId, callback_id: callbackId, outcome, flagged, detail: JSON.stringify(detail) })
      .onConflict((oc) => oc.columns(['tenant_id', 'callback_id']).doNothing())
      .execute();
  }

  /** Flagged or never-processed callbacks received on a Nairobi day, for the report. */
  callbacksNeedingAttention(trx: TenantTransaction, day: string) {
    return trx
      .selectFrom('payment_callbacks as c')
      .leftJoin('payment_callback_outcomes as o', (join) =>
        join.onRef('o.tenant_id', '=', 'c.tenant_id').onRef('o.callback_id', '=', 'c.id'),
      )
      .select(['c.id', 'c.kind', 'c.reference', 'c.received_at', 'o.outcome', 'o.flagged', 'o.detail'])
      .where(sql<boolean>`(c.received_at AT TIME ZONE 'Africa/Nairobi')::date = ${day}::date`)
      .where((eb) => eb.or([eb('o.outcome', 'is', null), eb('o.flagged', '=', true)]))
      .orderBy('c.received_at')
      .execute();
  }

  async rejectedCallback(
    db: Kysely<Database>,
    row: {
      path_hint: string;
      source_ip: string | null;
      raw: string;
      raw_body: Buffer;
      content_type: string | null;
      size_bytes: number;
    },
  ) {
    await db.insertInto('rejected_payment_callbacks').values(row).execute();
  }

  /** Cross-store: callbacks stored but never processed (lost job, dead worker). */
  async unprocessedCallbacks(db: Kysely<Database>, olderThanSeconds: number, limit: number) {
    const { rows } = await sql<{ tenant_id: string; callback_id: string; kind: string; reference: string | null }>`
      SELECT tenant_id, callback_id::text AS callback_id, kind, reference FROM app_unprocessed_callbacks(make_interval(secs => ${olderThanSeconds}), ${limit})`.execute(
      db,
    );
    return rows;
  }

  /** Cross-store: payments whose STK Query is overdue (its job was lost) or whose push never got an answer. */
  async paymentsDue(db: Kysely<Database>, graceSeconds: number, limit: number) {
    const { rows } = await sql<{ tenant_id: string; payment_id: string; status: string }>`
      SELECT tenant_id, payment_id, status FROM app_payments_due(make_interval(secs => ${graceSeconds}), ${limit})`.execute(
      db,
    );
    return rows;
  }

  async health(db: Kysely<Database>) {
    const { rows } = await sql<{
      stk_24h: string;
      stk_paid_24h: string;
      stk_failed_24h: string;
      unprocessed_callbacks: string;
      oldest_unprocessed_seconds: number;
      flagged_24h: string;
      max_lag_seconds_5m: number;
    }>`
      SELECT * FROM app_payment_health()`.execute(db);
    return rows[0]!;
  }

  // C2B --------------------------------------------------------------------------------------

  /** False when this TransID was already recorded (a repeated confirmation). */
  async insertC2b(trx: TenantTransaction, row: Insertable<C2bPaymentsTable>): Promise<boolean> {
    const inserted = await trx
      .insertInto('c2b_payments')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'trans_id']).doNothing())
      .returning('trans_id')
      .executeTakeFirst();
    return Boolean(inserted);
  }

  lockC2b(trx: TenantTransaction, transId: string) {
    return trx.selectFrom('c2b_payments').selectAll().where('trans_id', '=', transId).forUpdate().executeTakeFirst();
  }

  async matchC2b(trx: TenantTransaction, transId: string, paymentId: string) {
    await trx
      .updateTable('c2b_payments')
      .set({ matched_payment_id: paymentId })
      .where('trans_id', '=', transId)
      .execute();
  }

  c2bOnDay(trx: TenantTransaction, day: string) {
    return trx
      .selectFrom('c2b_payments')
      .selectAll()
      .where(sql<boolean>`(received_at AT TIME ZONE 'Africa/Nairobi')::date = ${day}::date`)
      .execute();
  }

  // Refunds ----------------------------------------------------------------------------------

  async insertRefund(trx: TenantTransaction, row: Insertable<RefundsTable>): Promise<string> {
    const { id } = await trx.insertInto('refunds').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async updateRefund(trx: TenantTransaction, id: string, changes: Updateable<RefundsTable>) {
    await trx.updateTable('refunds').set(changes).where('id', '=', id).execute();
  }

  refundById(trx: TenantTransaction, id: string) {
    return trx.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  refundByConversation(trx: TenantTransaction, originatorConversationId: string, conversationId: string | null) {
    return trx
      .selectFrom('refunds')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('originator_conversation_id', '=', originatorConversationId),
          ...(conversationId ? [eb('conversation_id', '=', conversationId)] : []),
        ]),
      )
      .forUpdate()
      .executeTakeFirst();
  }

  refundsForOrder(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('refunds')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at', 'desc')
      .execute();
  }

  refundsInFlight(trx: TenantTransaction, paymentId: string) {
    return trx
      .selectFrom('refunds')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_kes'), sql<number>`0`).as('kes'))
      .where('payment_id', '=', paymentId)
      .where('status', 'in', ['requested', 'pending'])
      .executeTakeFirstOrThrow();
  }

  // Notifications ----------------------------------------------------------------------------

  /** True the first time (this order, this kind): the caller then queues the message (the outbox's own write). */
  readonly owe = oweNotification;

  // Receipts (Pull API) ------------------------------------------------------------------------

  /** Receipt lookups whose job was lost, every store (SECURITY DEFINER, ids only). */
  async receiptsDue(db: Kysely<Database>, graceSeconds: number, limit: number) {
    const { rows } = await sql<{ tenant_id: string; payment_id: string }>`
      SELECT tenant_id, payment_id FROM app_receipts_due(make_interval(secs => ${graceSeconds}), ${limit})`.execute(db);
    return rows;
  }

  /** Paid payments with no receipt yet (last 7 days), every store: for /metrics. */
  async receiptsMissing(db: Kysely<Database>) {
    const { rows } = await sql<{ missing: string; oldest_seconds: number }>`
      SELECT missing, oldest_seconds FROM app_receipts_missing()`.execute(db);
    return rows[0] ?? { missing: '0', oldest_seconds: 0 };
  }

  /** Receipts some payment or C2B record of this store already holds (a pulled row must not be used twice). */
  async receiptsTaken(trx: TenantTransaction, receipts: string[]): Promise<Set<string>> {
    if (receipts.length === 0) return new Set();
    const paid = await trx
      .selectFrom('payments')
      .select('receipt_number')
      .where('receipt_number', 'in', receipts)
      .execute();
    const c2b = await trx
      .selectFrom('c2b_payments')
      .select('trans_id')
      .where('trans_id', 'in', receipts)
      .where('matched_payment_id', 'is not', null)
      .execute();
    return new Set([...paid.map((r) => r.receipt_number!), ...c2b.map((r) => r.trans_id)]);
  }

  /** The order's number (orders, read model): the STK push's AccountReference. */
  async orderNumberOf(trx: TenantTransaction, orderId: string): Promise<number | null> {
    const row = await trx.selectFrom('orders').select('number').where('id', '=', orderId).executeTakeFirst();
    return row ? Number(row.number) : null;
  }

  /** The store's WhatsApp number (tenants, read model): the Pull registration's fallback KYC number. */
  async storeWhatsapp(trx: TenantTransaction): Promise<string | null> {
    const row = await trx.selectFrom('tenants').select('whatsapp_number').executeTakeFirst();
    return row?.whatsapp_number ?? null;
  }

  // Reconciliation ---------------------------------------------------------------------------

  /**
   * Read model of the orders module's table for the report: orders created on a Nairobi day,
   * plus older orders that had attempts that day. Read only.
   */
  ordersForReconciliation(trx: TenantTransaction, orderIds: string[], day: string) {
    return (
      trx
        .selectFrom('orders')
        .select(['id', 'number', 'status', 'total_kes'])
        .where(
          sql<boolean>`(id = ANY(${orderIds}::uuid[]) OR (created_at AT TIME ZONE 'Africa/Nairobi')::date = ${day}::date)`,
        )
        // M-Pesa's books: a pay-on-delivery order counts once its money came by M-Pesa (cash is not theirs).
        .where(sql<boolean>`(payment_method = 'mpesa' OR collected_via = 'mpesa')`)
        .execute()
    );
  }

  /** Whether any paid (or since refunded) attempt counts for this order, on any day. */
  async hasSettledPayment(trx: TenantTransaction, orderId: string): Promise<boolean> {
    return Boolean(await settledPaymentOf(trx, orderId));
  }

  async saveReconciliation(
    trx: TenantTransaction,
    tenantId: string,
    day: string,
    totals: Record<string, unknown>,
    mismatches: unknown[],
  ) {
    await trx
      .insertInto('payment_reconciliations')
      .values({ tenant_id: tenantId, day, totals: JSON.stringify(totals), mismatches: JSON.stringify(mismatches) })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'day']).doUpdateSet({
          totals: JSON.stringify(totals),
          mismatches: JSON.stringify(mismatches),
          generated_at: new Date(),
        }),
      )
      .execute();
  }

  reconciliation(trx: TenantTransaction, day: string) {
    return trx.selectFrom('payment_reconciliations').selectAll().where('day', '=', day).executeTakeFirst();
  }

  /** Refunds that failed on a Nairobi day (by when they were settled), with the order's number: money still owed. */
  failedRefundsOnDay(trx: TenantTransaction, day: string) {
    return trx
      .selectFrom('refunds as r')
      .innerJoin('orders as o', (j) => j.onRef('o.tenant_id', '=', 'r.tenant_id').onRef('o.id', '=', 'r.order_id'))
      .select(['r.id', 'r.payment_id', 'r.amount_kes', 'r.result_desc', 'o.number'])
      .where('r.status', '=', 'failed')
      .where(sql<boolean>`(coalesce(r.resolved_at, r.updated_at) AT TIME ZONE 'Africa/Nairobi')::date = ${day}::date`)
      .orderBy('r.created_at')
      .execute();
  }

  /** The newest stored daily reports, newest day first (the report page's list of days). */
  recentReconciliations(trx: TenantTransaction, limit: number) {
    return trx
      .selectFrom('payment_reconciliations')
      .select([sql<string>`day::text`.as('day'), 'generated_at', 'totals'])
      .orderBy('day', 'desc')
      .limit(limit)
      .execute();
  }
}
