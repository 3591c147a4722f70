import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';
import type { PodSettings } from '@sokoni/contracts';

/** A store that never saved pay-on-delivery settings has it off. */
export const DEFAULT_POD_SETTINGS: PodSettings = {
  enabled: false,
  maxOrderKes: 5000,
  areaSlugs: [],
  firstTimeAllowed: false,
};

/**
 * Pay on delivery's tables (pod_settings, pod_cash_collections, owned by the orders module),
 * the collection columns of `orders`, and the read models behind its rules and dashboard.
 */
@Injectable()
export class PodRepository {
  async settings(trx: TenantTransaction): Promise<PodSettings> {
    const row = await trx.selectFrom('pod_settings').selectAll().executeTakeFirst();
    if (!row) return { ...DEFAULT_POD_SETTINGS };
    return {
      enabled: row.enabled,
      maxOrderKes: row.max_order_kes,
      areaSlugs: row.area_slugs,
      firstTimeAllowed: row.first_time_allowed,
    };
  }

  async saveSettings(trx: TenantTransaction, tenantId: string, s: PodSettings): Promise<void> {
    const values = {
      enabled: s.enabled,
      max_order_kes: s.maxOrderKes,
      area_slugs: s.areaSlugs,
      first_time_allowed: s.firstTimeAllowed,
    };
    await trx
      .insertInto('pod_settings')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  }

  /** Whether this phone has paid for an order at this store before (M-Pesa, or collected at the door). */
  async hasPaidBefore(trx: TenantTransaction, phone: string): Promise<boolean> {
    const row = await trx
      .selectFrom('orders')
      .select('id')
      .where('phone', '=', phone)
      .where('status', 'in', ['paid', 'packed', 'dispatched', 'delivered', 'refunded'])
      .where(sql<boolean>`(payment_method = 'mpesa' OR collected_at IS NOT NULL)`)
      .limit(1)
      .executeTakeFirst();
    return Boolean(row);
  }

  /** Marks the order's money as taken at the door (only once: the WHERE makes a second a no-op). */
  async markCollected(trx: TenantTransaction, orderId: string, via: 'mpesa' | 'cash'): Promise<boolean> {
    const result = await trx
      .updateTable('orders')
      .set({ collected_at: new Date(), collected_via: via })
      .where('id', '=', orderId)
      .where('payment_method', '=', 'on_delivery')
      .where('collected_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertCash(
    trx: TenantTransaction,
    row: { tenant_id: string; order_id: string; amount_kes: number; received_by: string },
  ): Promise<void> {
    await trx.insertInto('pod_cash_collections').values(row).execute();
  }

  async cashOf(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('pod_cash_collections')
      .select(['amount_kes', 'received_by', 'received_at'])
      .where('order_id', '=', orderId)
      .executeTakeFirst();
  }

  /**
   * Cash to collect: pay-on-delivery orders out with a rider (dispatched, newest delivery a rider's)
   * and not collected yet, summed per rider.
   */
  async toCollectPerRider(trx: TenantTransaction) {
    return trx
      .selectFrom('orders as o')
      .innerJoin(
        (eb) =>
          eb
            .selectFrom('deliveries')
            .distinctOn('order_id')
            .select(['tenant_id', 'order_id', 'rider_name', 'rider_phone'])
            .orderBy('order_id')
            .orderBy('created_at', 'desc')
            .as('d'),
        (join) => join.onRef('d.tenant_id', '=', 'o.tenant_id').onRef('d.order_id', '=', 'o.id'),
      )
      .select([
        'd.rider_name',
        'd.rider_phone',
        sql<number>`count(*)::int`.as('orders'),
        sql<number>`sum(o.total_kes)::int`.as('amount_kes'),
        sql<number[]>`array_agg(o.number ORDER BY o.number)`.as('numbers'),
      ])
      .where('o.payment_method', '=', 'on_delivery')
      .where('o.status', '=', 'dispatched')
      .where('o.collected_at', 'is', null)
      .where('d.rider_phone', 'is not', null)
      .groupBy(['d.rider_name', 'd.rider_phone'])
      .orderBy('amount_kes', 'desc')
      .execute();
  }
}
