import { Injectable } from '@nestjs/common';
import { sql, type BackInStockStatus, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';

/** The back-in-stock module's SQL: requests (its table) and read models over the catalog. */
@Injectable()
export class BackInStockRepository {
  /**
   * The variant a shopper asks about, by SKU, locked FOR SHARE: a restock running at the same
   * time waits for this transaction (or this one waits for it and then reads its stock), so a
   * request is never written as 'waiting' after the restock that should have owed it committed.
   */
  variantForSignup(trx: TenantTransaction, tenantId: string, sku: string) {
    return trx
      .selectFrom('product_variants as v')
      .innerJoin('products as p', (j) => j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'))
      .select(['v.id', 'v.sku', 'v.on_hand', 'v.status', 'p.status as product_status'])
      .where('v.tenant_id', '=', tenantId)
      .where('v.sku', '=', sku)
      .forShare('v')
      .executeTakeFirst();
  }

  /**
   * One request per (variant, phone): a repeat refreshes channel, language and consent. A request
   * already told (sent/skipped/failed) asks again for the next restock: it waits again.
   */
  async upsertRequest(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      variant_id: string;
      phone: string;
      channel: 'whatsapp' | 'sms';
      language: 'en' | 'sw';
      consent_text: string;
      consent_at: Date;
    },
  ): Promise<{ status: BackInStockStatus; created: boolean }> {
    const result = await sql<{ status: BackInStockStatus; created: boolean }>`
      INSERT INTO back_in_stock_requests (tenant_id, variant_id, phone, channel, language, consent_text, consent_at)
      VALUES (${row.tenant_id}, ${row.variant_id}, ${row.phone}, ${row.channel}, ${row.language}, ${row.consent_text}, ${row.consent_at})
      ON CONFLICT (tenant_id, variant_id, phone) DO UPDATE
        SET channel = EXCLUDED.channel, language = EXCLUDED.language,
            consent_text = EXCLUDED.consent_text, consent_at = EXCLUDED.consent_at,
            status = CASE WHEN back_in_stock_requests.status IN ('sent', 'skipped', 'failed') THEN 'waiting'
                          ELSE back_in_stock_requests.status END,
            attempts = CASE WHEN back_in_stock_requests.status IN ('sent', 'skipped', 'failed') THEN 0
                            ELSE back_in_stock_requests.attempts END
      RETURNING status, (xmax = 0) AS created`.execute(trx);
    return result.rows[0]!;
  }

  /** The request with what its message needs (product, variant options, store), locked for the claim. */
  lockRequest(trx: TenantTransaction, tenantId: string, id: string) {
    return trx
      .selectFrom('back_in_stock_requests as r')
      .innerJoin('product_variants as v', (j) =>
        j.onRef('v.tenant_id', '=', 'r.tenant_id').onRef('v.id', '=', 'r.variant_id'),
      )
      .innerJoin('products as p', (j) => j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'))
      .select([
        'r.id',
        'r.phone',
        'r.channel',
        'r.language',
        'r.status',
        'r.updated_at',
        'v.sku',
        'v.options',
        'v.on_hand',
        'p.slug as product_slug',
        'p.title as product_title',
      ])
      .where('r.tenant_id', '=', tenantId)
      .where('r.id', '=', id)
      .forUpdate('r')
      .executeTakeFirst();
  }

  async setStatus(
    trx: TenantTransaction,
    tenantId: string,
    id: string,
    status: BackInStockStatus,
    detail: string | null,
    extra: { claim?: boolean; messageId?: string | null } = {},
  ) {
    await trx
      .updateTable('back_in_stock_requests')
      .set((eb) => ({
        status,
        detail,
        ...(extra.claim ? { attempts: eb('attempts', '+', 1) } : {}),
        ...(extra.messageId !== undefined ? { message_id: extra.messageId } : {}),
        ...(status === 'sent' ? { sent_at: new Date() } : {}),
      }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  /** Cross-store: owed requests and stale claims (SECURITY DEFINER app_back_in_stock_due). */
  async due(db: Kysely<Database>, staleSeconds: number, limit: number) {
    const { rows } = await sql<{ tenant_id: string; id: string }>`
      SELECT tenant_id, id FROM app_back_in_stock_due(make_interval(secs => ${staleSeconds}), ${limit})`.execute(db);
    return rows;
  }

  /** Shoppers waiting and already told, per variant that has any request (optionally one product's). */
  waitingPerVariant(trx: TenantTransaction, tenantId: string, productSlug?: string) {
    let query = trx
      .selectFrom('back_in_stock_requests as r')
      .innerJoin('product_variants as v', (j) =>
        j.onRef('v.tenant_id', '=', 'r.tenant_id').onRef('v.id', '=', 'r.variant_id'),
      )
      .innerJoin('products as p', (j) => j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'))
      .select((eb) => [
        'p.slug as product_slug',
        'p.title as product_title',
        'v.sku',
        'v.options',
        'v.on_hand',
        'v.position',
        eb.fn.countAll<string>().filterWhere('r.status', 'in', ['waiting', 'owed', 'sending']).as('waiting'),
        eb.fn.countAll<string>().filterWhere('r.status', '=', 'sent').as('notified'),
      ])
      .where('r.tenant_id', '=', tenantId)
      .groupBy(['p.slug', 'p.title', 'v.sku', 'v.options', 'v.on_hand', 'v.position'])
      .orderBy('p.title')
      .orderBy('v.position');
    if (productSlug) query = query.where('p.slug', '=', productSlug);
    return query.execute();
  }
}
