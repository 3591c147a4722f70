import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';

@Injectable()
export class PromotionsRepository {
  /** Automatic promotions running now, matched to the given SKUs by category. */
  async activeForSkus(trx: TenantTransaction, skus: string[]) {
    if (skus.length === 0) return [];
    return (
      await sql<{ sku: string; promotion_id: string; name: string; percent: number }>`
      SELECT v.sku, pr.id AS promotion_id, pr.name, pr.percent
        FROM product_variants v
        JOIN products p ON p.id = v.product_id
        JOIN promotions pr ON pr.category_id = p.category_id
       WHERE v.sku = ANY (${skus}) AND pr.active AND pr.starts_at <= now() AND now() < pr.ends_at`.execute(trx)
    ).rows;
  }

  async couponByCode(trx: TenantTransaction, code: string) {
    return trx.selectFrom('coupons').selectAll().where('code', '=', code).executeTakeFirst();
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
