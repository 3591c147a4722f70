import { Injectable } from '@nestjs/common';
import { sql, type EtimsDocumentStatus, type EtimsTaxType, type TenantTransaction } from '@sokoni/db';

/** Orders that count as sold: paid once (a refunded order was paid first). */
export const SOLD_STATUSES = ['paid', 'packed', 'dispatched', 'delivered', 'refunded'] as const;

/** The eTIMS tables (etims_settings, etims_items, etims_documents) and the read model they need. */
@Injectable()
export class EtimsRepository {
  settings(trx: TenantTransaction) {
    return trx.selectFrom('etims_settings').selectAll().executeTakeFirst();
  }

  /** The settings row locked FOR UPDATE: every claim, number and sequence change is serialised on it. */
  lockSettings(trx: TenantTransaction) {
    return trx.selectFrom('etims_settings').selectAll().forUpdate().executeTakeFirst();
  }

  async upsertSettings(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      kra_pin: string;
      branch_id: string;
      device_serial: string;
      default_tax_type: EtimsTaxType;
      item_class_code: string;
    },
  ) {
    await trx
      .insertInto('etims_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('tenant_id').doUpdateSet({
          kra_pin: row.kra_pin,
          branch_id: row.branch_id,
          device_serial: row.device_serial,
          default_tax_type: row.default_tax_type,
          item_class_code: row.item_class_code,
        }),
      )
      .execute();
  }

  async updateSettings(
    trx: TenantTransaction,
    values: Partial<{
      enabled: boolean;
      cmc_key: Buffer | null;
      key_id: string | null;
      sdc_id: string | null;
      mrc_no: string | null;
      dvc_id: string | null;
      taxpayer_name: string | null;
      initialised_at: Date | null;
      init_error: string | null;
      next_invc_no: number;
      next_item_seq: number;
      next_sar_no: number;
      delivery_item_cd: string | null;
      payment_type_code: string;
      default_tax_type: EtimsTaxType;
    }>,
  ) {
    await trx.updateTable('etims_settings').set(values).execute();
  }

  items(trx: TenantTransaction, variantIds: string[]) {
    if (variantIds.length === 0) return Promise.resolve([]);
    return trx.selectFrom('etims_items').selectAll().where('variant_id', 'in', variantIds).execute();
  }

  async insertItem(
    trx: TenantTransaction,
    row: { tenant_id: string; variant_id: string; item_cd: string; tax_type: EtimsTaxType; item_type: '1' | '2' | '3' },
  ) {
    await trx.insertInto('etims_items').values(row).execute();
  }

  async addKraStock(trx: TenantTransaction, variantId: string, delta: number) {
    await trx
      .updateTable('etims_items')
      .set({ kra_stock: sql`greatest(0, kra_stock + ${delta})` })
      .where('variant_id', '=', variantId)
      .execute();
  }

  /** The order with its lines (for the sale), when it was sold. */
  async soldOrder(trx: TenantTransaction, orderId: string) {
    const order = await trx
      .selectFrom('orders')
      .select([
        'id',
        'number',
        'status',
        'phone',
        'customer_name',
        'subtotal_kes',
        'delivery_fee_kes',
        'discount_kes',
        'total_kes',
        'created_at',
      ])
      .where('id', '=', orderId)
      .executeTakeFirst();
    if (!order) return null;
    const lines = await trx
      .selectFrom('order_items as i')
      .innerJoin('product_variants as v', (j) =>
        j.onRef('v.tenant_id', '=', 'i.tenant_id').onRef('v.id', '=', 'i.variant_id'),
      )
      .select([
        'i.line',
        'i.variant_id',
        'i.title',
        'i.sku',
        'i.unit_price_kes',
        'i.quantity',
        'i.line_total_kes',
        'v.price_kes',
        'v.on_hand',
      ])
      .where('i.order_id', '=', orderId)
      .orderBy('i.line')
      .execute();
    return { order, lines };
  }

  completedRefunds(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('refunds')
      .select(['id', 'amount_kes', 'reason', 'resolved_at', 'created_at'])
      .where('order_id', '=', orderId)
      .where('status', '=', 'completed')
      .orderBy('created_at')
      .execute();
  }

  /** Inserts the document unless its order (sale) or refund (credit note) already has one. */
  async ensureDocument(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      order_id: string;
      refund_id: string | null;
      kind: 'sale' | 'credit_note';
      trd_invc_no: string;
      total_kes: number;
    },
  ): Promise<boolean> {
    const inserted = await trx
      .insertInto('etims_documents')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /**
   * The next document to send: one holding a number first (it must be resolved before any
   * other), then the oldest. Pending or in flight only.
   */
  head(trx: TenantTransaction) {
    return trx
      .selectFrom('etims_documents')
      .selectAll()
      .where('status', 'in', ['pending', 'sending'])
      .orderBy(sql`invc_no IS NULL`)
      .orderBy('invc_no')
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  }

  document(trx: TenantTransaction, id: string) {
    return trx.selectFrom('etims_documents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  saleOf(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('etims_documents')
      .selectAll()
      .where('order_id', '=', orderId)
      .where('kind', '=', 'sale')
      .executeTakeFirst();
  }

  documentsOf(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('etims_documents')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at')
      .execute();
  }

  async updateDocument(
    trx: TenantTransaction,
    id: string,
    values: Partial<{
      status: EtimsDocumentStatus;
      invc_no: number | null;
      org_invc_no: number | null;
      attempts: number;
      last_error: string | null;
      result_cd: string | null;
      rejection_reason: string | null;
      request: Record<string, unknown> | null;
      response: Record<string, unknown> | null;
      cur_rcpt_no: number | null;
      tot_rcpt_no: number | null;
      intrl_data: string | null;
      rcpt_sign: string | null;
      sdc_date_time: string | null;
      sdc_id: string | null;
      mrc_no: string | null;
      sent_at: Date | null;
      resolved_at: Date | null;
    }>,
  ) {
    const { request, response, ...rest } = values;
    await trx
      .updateTable('etims_documents')
      .set({
        ...rest,
        ...(request !== undefined ? { request: request === null ? null : JSON.stringify(request) } : {}),
        ...(response !== undefined ? { response: response === null ? null : JSON.stringify(response) } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  /** The owner's list: newest first, with the order number. */
  list(trx: TenantTransaction, limit: number) {
    return trx
      .selectFrom('etims_documents as d')
      .innerJoin('orders as o', (j) => j.onRef('o.tenant_id', '=', 'd.tenant_id').onRef('o.id', '=', 'd.order_id'))
      .select([
        'd.id',
        'd.kind',
        'd.status',
        'd.invc_no',
        'd.org_invc_no',
        'd.trd_invc_no',
        'd.total_kes',
        'd.attempts',
        'd.last_error',
        'd.result_cd',
        'd.rejection_reason',
        'd.cur_rcpt_no',
        'd.tot_rcpt_no',
        'd.rcpt_sign',
        'd.sdc_id',
        'd.created_at',
        'd.resolved_at',
        'o.number as order_number',
      ])
      .orderBy('d.created_at', 'desc')
      .limit(limit)
      .execute();
  }

  counts(trx: TenantTransaction) {
    return trx
      .selectFrom('etims_documents')
      .select(['status', sql<number>`count(*)::int`.as('n')])
      .groupBy('status')
      .execute();
  }

  /** Sold orders of one Nairobi day without an accepted sale invoice (the daily report's list). */
  unfiscalisedOrders(trx: TenantTransaction, day: string) {
    return trx
      .selectFrom('orders as o')
      .leftJoin('etims_documents as d', (j) =>
        j.onRef('d.tenant_id', '=', 'o.tenant_id').onRef('d.order_id', '=', 'o.id').on('d.kind', '=', 'sale'),
      )
      .select([
        'o.id',
        'o.number',
        'o.total_kes',
        'o.status',
        'd.status as etims_status',
        'd.rejection_reason',
        'd.last_error',
      ])
      .where('o.status', 'in', [...SOLD_STATUSES])
      .where(sql<boolean>`(o.created_at AT TIME ZONE 'Africa/Nairobi')::date = ${day}::date`)
      .where((eb) => eb.or([eb('d.status', 'is', null), eb('d.status', 'not in', ['accepted', 'accepted_unsigned'])]))
      .orderBy('o.number')
      .execute();
  }

  /** Sold orders of the store that have no sale document at all (settings switched on later, a lost job). */
  ordersWithoutDocument(trx: TenantTransaction, since: Date, limit: number) {
    return trx
      .selectFrom('orders as o')
      .select(['o.id'])
      .where('o.status', 'in', [...SOLD_STATUSES])
      .where('o.created_at', '>=', since)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('etims_documents as d')
              .select('d.id')
              .whereRef('d.tenant_id', '=', 'o.tenant_id')
              .whereRef('d.order_id', '=', 'o.id')
              .where('d.kind', '=', 'sale'),
          ),
        ),
      )
      .orderBy('o.created_at')
      .limit(limit)
      .execute();
  }

  /** Orders with a completed refund that has no credit note yet (the refund's job was lost or coalesced). */
  refundsWithoutDocument(trx: TenantTransaction, since: Date, limit: number) {
    return trx
      .selectFrom('refunds as r')
      .select(['r.order_id'])
      .distinct()
      .where('r.status', '=', 'completed')
      .where('r.created_at', '>=', since)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('etims_documents as d')
              .select('d.id')
              .whereRef('d.tenant_id', '=', 'r.tenant_id')
              .whereRef('d.refund_id', '=', 'r.id'),
          ),
        ),
      )
      .limit(limit)
      .execute();
  }
}
