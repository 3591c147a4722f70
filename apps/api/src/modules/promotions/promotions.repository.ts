import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';

/** A promotion is running: switched on, not ended, inside its window (checked at statement time). */
const RUNNING = sql`pr.active AND pr.ended_at IS NULL AND pr.starts_at <= now() AND (pr.ends_at IS NULL OR now() < pr.ends_at)`;

export interface CoveredLine {
  promotion_id: string;
  name: string;
  kind: 'category_percent' | 'collection_percent' | 'buy_x_get_y';
  percent: number | null;
  buy_qty: number | null;
  get_qty: number | null;
  ends_at: Date | null;
  product_id: string;
  product_slug: string;
}

// Statements say `tenant_id = app_current_tenant()` (the transaction's store, as RLS does) because
// the checkout calls these inside its own transaction without a context (sharding plan: filter).

/**
 * The coverage of running automatic line promotions: which product each one discounts. The ONE
 * query behind both checkout (narrowed to the cart's products) and the storefront's badges (all
 * active products), so a badge can never promise what checkout does not give.
 */
function coverage(productIds: string[] | null) {
  return sql<CoveredLine>`
    SELECT pr.id AS promotion_id, pr.name, pr.kind, pr.percent, pr.buy_qty, pr.get_qty, pr.ends_at,
           p.id AS product_id, p.slug AS product_slug
      FROM promotions pr
      JOIN products p ON p.tenant_id = pr.tenant_id
       -- Rule 5 (contracts inCategory): the promotion's category, or the parent of the product's.
       AND (   (pr.kind = 'category_percent' AND pr.category_id IN (
                  p.category_id,
                  (SELECT c.parent_id FROM categories c WHERE c.tenant_id = p.tenant_id AND c.id = p.category_id)))
            OR (pr.kind = 'buy_x_get_y' AND p.id = pr.product_id)
            OR (pr.kind = 'collection_percent' AND EXISTS (
                  SELECT 1 FROM collection_products cp
                   WHERE cp.tenant_id = pr.tenant_id AND cp.collection_id = pr.collection_id AND cp.product_id = p.id)))
     WHERE pr.tenant_id = app_current_tenant() AND ${RUNNING} AND p.status = 'active'
       ${productIds ? sql`AND p.id = ANY (${productIds}::uuid[])` : sql``}
     ORDER BY pr.created_at, pr.id, p.slug`;
}

@Injectable()
export class PromotionsRepository {
  /** Products (id) of the given SKUs, with where they are filed (category and its parent: rule 5). */
  async productsOfSkus(trx: TenantTransaction, skus: string[]) {
    if (skus.length === 0) return [];
    return (
      await sql<{ sku: string; product_id: string; category_id: string | null; parent_category_id: string | null }>`
      SELECT v.sku, p.id AS product_id, p.category_id, c.parent_id AS parent_category_id
        FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
        LEFT JOIN categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
       WHERE v.tenant_id = app_current_tenant() AND v.sku = ANY (${skus})`.execute(trx)
    ).rows;
  }

  async coverageFor(trx: TenantTransaction, productIds: string[] | null): Promise<CoveredLine[]> {
    if (productIds && productIds.length === 0) return [];
    return (await coverage(productIds).execute(trx)).rows;
  }

  /** Running "free delivery over KES N" promotions. */
  async runningFreeDelivery(trx: TenantTransaction) {
    return (
      await sql<{ id: string; name: string; min_subtotal_kes: number; ends_at: Date | null }>`
      SELECT pr.id, pr.name, pr.min_subtotal_kes, pr.ends_at FROM promotions pr
       WHERE pr.tenant_id = app_current_tenant() AND pr.kind = 'free_delivery_over' AND ${RUNNING}
       ORDER BY pr.min_subtotal_kes, pr.created_at`.execute(trx)
    ).rows;
  }

  async couponByCode(trx: TenantTransaction, code: string) {
    return trx.selectFrom('coupons').selectAll().where('code', '=', code).executeTakeFirst();
  }

  /** A coupon's restriction: the categories and products it is limited to (none = everything). */
  async couponTargets(trx: TenantTransaction, couponId: string) {
    return trx
      .selectFrom('coupon_targets')
      .select(['category_id', 'product_id'])
      .where('coupon_id', '=', couponId)
      .execute();
  }

  async activeRedemptionsForPhone(trx: TenantTransaction, couponId: string, phone: string): Promise<number> {
    const row = await trx
      .selectFrom('coupon_redemptions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('coupon_id', '=', couponId)
      .where('phone', '=', phone)
      .where('voided_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Takes one use if any is left: the row update is the race's referee. */
  async takeUse(trx: TenantTransaction, couponId: string): Promise<boolean> {
    const result = await sql`UPDATE coupons SET used_count = used_count + 1
                              WHERE id = ${couponId} AND (max_uses IS NULL OR used_count < max_uses)`.execute(trx);
    return Number(result.numAffectedRows ?? 0) === 1;
  }

  /** Serialises one phone's redemptions of one coupon (per-phone limits under concurrency). */
  async lockPhone(trx: TenantTransaction, couponId: string, phone: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`${couponId}:${phone}`}))`.execute(trx);
  }

  async insertRedemption(
    trx: TenantTransaction,
    row: { tenant_id: string; coupon_id: string; order_id: string; phone: string; discount_kes: number },
  ) {
    await trx.insertInto('coupon_redemptions').values(row).execute();
  }

  /** An unpaid order that is cancelled or expires gives its coupon use back. */
  async voidRedemption(trx: TenantTransaction, orderId: string): Promise<void> {
    const voided = await trx
      .updateTable('coupon_redemptions')
      .set({ voided_at: new Date() })
      .where('order_id', '=', orderId)
      .where('voided_at', 'is', null)
      .returning('coupon_id')
      .executeTakeFirst();
    if (voided)
      await sql`UPDATE coupons SET used_count = used_count - 1 WHERE id = ${voided.coupon_id} AND used_count > 0`.execute(
        trx,
      );
  }
}
