import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';
import type { Insertable, Updateable } from 'kysely';
import type { Database } from '@sokoni/db';

type CouponInsert = Insertable<Database['coupons']>;
type CouponUpdate = Updateable<Database['coupons']>;
type PromotionInsert = Insertable<Database['promotions']>;
type PromotionUpdate = Updateable<Database['promotions']>;

export interface UsageRow {
  key: string;
  orders: number;
  paid_orders: number;
  discount_kes: number;
  revenue_kes: number;
}

/** Paid and neither cancelled nor refunded (PAID_ORDER_STATUSES in contracts). */
const PAID = sql`o.status IN ('paid', 'packed', 'dispatched', 'delivered')`;

/** The owner's coupons and automatic promotions: the SQL of the dashboard's promotions pages. */
@Injectable()
export class OwnerPromotionsRepository {
  async listCoupons(trx: TenantTransaction, tenantId: string) {
    return trx
      .selectFrom('coupons')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('batch_id', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('code')
      .limit(500)
      .execute();
  }

  async couponByCode(trx: TenantTransaction, tenantId: string, code: string) {
    return trx
      .selectFrom('coupons')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('code', '=', code)
      .executeTakeFirst();
  }

  async insertCoupons(trx: TenantTransaction, rows: CouponInsert[]) {
    return trx.insertInto('coupons').values(rows).returningAll().execute();
  }

  async updateCoupon(trx: TenantTransaction, tenantId: string, id: string, set: CouponUpdate) {
    return trx
      .updateTable('coupons')
      .set({ ...set, updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async targets(trx: TenantTransaction, tenantId: string, couponIds: string[]) {
    if (couponIds.length === 0) return [];
    return (
      await sql<{ coupon_id: string; type: 'category' | 'product'; slug: string; name: string }>`
      SELECT t.coupon_id, 'category' AS type, c.slug, c.name
        FROM coupon_targets t JOIN categories c ON c.tenant_id = t.tenant_id AND c.id = t.category_id
       WHERE t.tenant_id = ${tenantId} AND t.coupon_id = ANY (${couponIds}::uuid[])
      UNION ALL
      SELECT t.coupon_id, 'product', p.slug, p.title
        FROM coupon_targets t JOIN products p ON p.tenant_id = t.tenant_id AND p.id = t.product_id
       WHERE t.tenant_id = ${tenantId} AND t.coupon_id = ANY (${couponIds}::uuid[])
       ORDER BY 3`.execute(trx)
    ).rows;
  }

  /** Replaces a coupon's restriction (categories and products by id). */
  async replaceTargets(
    trx: TenantTransaction,
    tenantId: string,
    couponIds: string[],
    categoryIds: string[],
    productIds: string[],
  ) {
    await trx
      .deleteFrom('coupon_targets')
      .where('tenant_id', '=', tenantId)
      .where('coupon_id', 'in', couponIds)
      .execute();
    const rows = couponIds.flatMap((coupon_id) => [
      ...categoryIds.map((category_id) => ({ tenant_id: tenantId, coupon_id, category_id, product_id: null })),
      ...productIds.map((product_id) => ({ tenant_id: tenantId, coupon_id, category_id: null, product_id })),
    ]);
    for (let i = 0; i < rows.length; i += 2000)
      await trx
        .insertInto('coupon_targets')
        .values(rows.slice(i, i + 2000))
        .execute();
  }

  async categoryIds(trx: TenantTransaction, tenantId: string, slugs: string[]) {
    if (slugs.length === 0) return [];
    return trx
      .selectFrom('categories')
      .select(['id', 'slug', 'name'])
      .where('tenant_id', '=', tenantId)
      .where('slug', 'in', slugs)
      .execute();
  }

  async productIds(trx: TenantTransaction, tenantId: string, slugs: string[]) {
    if (slugs.length === 0) return [];
    return trx
      .selectFrom('products')
      .select(['id', 'slug', 'title as name'])
      .where('tenant_id', '=', tenantId)
      .where('slug', 'in', slugs)
      .execute();
  }

  async collectionId(trx: TenantTransaction, tenantId: string, slug: string) {
    return trx
      .selectFrom('collections')
      .select(['id', 'slug', 'title as name'])
      .where('tenant_id', '=', tenantId)
      .where('slug', '=', slug)
      .executeTakeFirst();
  }

  /** Usage per coupon (key = coupon id) or per batch (key = batch id). */
  async usage(trx: TenantTransaction, tenantId: string, by: 'coupon' | 'batch', keys: string[]): Promise<UsageRow[]> {
    if (keys.length === 0) return [];
    const key = by === 'coupon' ? sql`c.id` : sql`c.batch_id`;
    return (
      await sql<UsageRow>`
      SELECT ${key}::text AS key,
             count(*)::int AS orders,
             (count(*) FILTER (WHERE ${PAID}))::int AS paid_orders,
             coalesce(sum(r.discount_kes), 0)::int AS discount_kes,
             coalesce(sum(o.total_kes) FILTER (WHERE ${PAID}), 0)::int AS revenue_kes
        FROM coupon_redemptions r
        JOIN coupons c ON c.tenant_id = r.tenant_id AND c.id = r.coupon_id
        JOIN orders o ON o.tenant_id = r.tenant_id AND o.id = r.order_id
       WHERE r.tenant_id = ${tenantId} AND r.voided_at IS NULL AND ${key} = ANY (${keys}::uuid[])
       GROUP BY 1`.execute(trx)
    ).rows;
  }

  async batches(trx: TenantTransaction, tenantId: string, batchId?: string) {
    return (
      await sql<{
        id: string;
        prefix: string;
        name: string;
        kind: 'percent' | 'fixed' | 'free_delivery';
        value: number;
        count: number;
        used: number;
        created_at: Date;
        open: number;
      }>`
      SELECT batch_id AS id, min(split_part(code::text, '-', 1)) AS prefix, min(name) AS name,
             min(kind) AS kind, min(value)::int AS value, count(*)::int AS count,
             (count(*) FILTER (WHERE used_count > 0))::int AS used, min(created_at) AS created_at,
             (count(*) FILTER (WHERE ended_at IS NULL))::int AS open
        FROM coupons
       WHERE tenant_id = ${tenantId} AND batch_id IS NOT NULL ${batchId ? sql`AND batch_id = ${batchId}` : sql``}
       GROUP BY batch_id
       ORDER BY min(created_at) DESC
       LIMIT 200`.execute(trx)
    ).rows;
  }

  async batchCodes(trx: TenantTransaction, tenantId: string, batchId: string) {
    return trx
      .selectFrom('coupons')
      .select(['code', 'used_count', 'ended_at', 'ends_at'])
      .where('tenant_id', '=', tenantId)
      .where('batch_id', '=', batchId)
      .orderBy('code')
      .execute();
  }

  async endBatch(trx: TenantTransaction, tenantId: string, batchId: string): Promise<number> {
    const result = await trx
      .updateTable('coupons')
      .set({ ended_at: new Date(), active: false, updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('batch_id', '=', batchId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async listPromotions(trx: TenantTransaction, tenantId: string, id?: string) {
    let q = trx
      .selectFrom('promotions as pr')
      .leftJoin('categories as c', (j) =>
        j.onRef('c.tenant_id', '=', 'pr.tenant_id').onRef('c.id', '=', 'pr.category_id'),
      )
      .leftJoin('collections as k', (j) =>
        j.onRef('k.tenant_id', '=', 'pr.tenant_id').onRef('k.id', '=', 'pr.collection_id'),
      )
      .leftJoin('products as p', (j) => j.onRef('p.tenant_id', '=', 'pr.tenant_id').onRef('p.id', '=', 'pr.product_id'))
      .selectAll('pr')
      .select([
        'c.slug as category_slug',
        'c.name as category_name',
        'k.slug as collection_slug',
        'k.title as collection_name',
        'p.slug as product_slug',
        'p.title as product_name',
      ])
      .where('pr.tenant_id', '=', tenantId);
    if (id) q = q.where('pr.id', '=', id);
    return q.orderBy('pr.created_at', 'desc').limit(500).execute();
  }

  async storeSlug(trx: TenantTransaction, tenantId: string): Promise<string | undefined> {
    return (await trx.selectFrom('tenants').select('slug').where('id', '=', tenantId).executeTakeFirst())?.slug;
  }

  async insertPromotion(trx: TenantTransaction, row: PromotionInsert) {
    return trx.insertInto('promotions').values(row).returning('id').executeTakeFirstOrThrow();
  }

  async updatePromotion(trx: TenantTransaction, tenantId: string, id: string, set: PromotionUpdate) {
    await trx
      .updateTable('promotions')
      .set({ ...set, updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }
}
