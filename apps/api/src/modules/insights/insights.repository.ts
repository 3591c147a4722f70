import { Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import type { RawBuilder } from 'kysely';
import { addDays } from '@sokoni/contracts';
import { fromExcluded } from '../../platform/upsert';
import type { InsightCard, RuleContext } from './rules';
import { SLOW_NO_SALE_DAYS } from './rules/slow-movers.rule';
import { RATING_PREVIOUS_DAYS, RATING_RECENT_DAYS } from './rules/falling-ratings.rule';
import type { Period } from './dates';

const n = (v: unknown) => Number(v ?? 0);
const CHANNELS = ['web', 'whatsapp', 'link'] as const;

export interface StoredCard {
  id: string;
  rule: string;
  headline: string;
  body: string;
  bodySw: string | null;
  numbers: Record<string, unknown>;
  action: { label: string; href: string };
  createdAt: string;
  updatedAt: string;
}

/** The SQL of the analytics read side: aggregation, rule inputs, chart data and cards. */
@Injectable()
export class InsightsRepository {
  /** Recomputes every daily table for one Nairobi day (migration 0017: app_analytics_aggregate_day). */
  async aggregateDay(trx: TenantTransaction, day: string): Promise<{ products: number; areas: number; terms: number }> {
    const result = await sql<{
      r: { products: number; areas: number; terms: number };
    }>`SELECT app_analytics_aggregate_day(${day}::date) AS r`.execute(trx);
    return result.rows[0]!.r;
  }

  /** Cross-store: the stores the analytics jobs aggregate (SECURITY DEFINER app_analytics_tenants). */
  async analyticsTenants(db: Kysely<Database>): Promise<string[]> {
    const result = await sql<{ tenant_id: string }>`SELECT tenant_id FROM app_analytics_tenants()`.execute(db);
    return result.rows.map((r) => r.tenant_id);
  }

  /** Days in [from, to] with no daily_store_metrics row: never aggregated. */
  async daysWithoutAggregates(trx: TenantTransaction, tenantId: string, from: string, to: string): Promise<string[]> {
    const result = await sql<{ day: string }>`
      SELECT d::date::text AS day FROM generate_series(${from}::date, ${to}::date, interval '1 day') AS d
       WHERE NOT EXISTS (SELECT 1 FROM daily_store_metrics m WHERE m.tenant_id = ${tenantId} AND m.day = d::date)
       ORDER BY 1`.execute(trx);
    return result.rows.map((r) => r.day);
  }

  async ruleContext(
    trx: TenantTransaction,
    tenantId: string,
    period: Period,
    window: { from: string; to: string; days: number },
    bucket: string,
  ): Promise<RuleContext> {
    const { from, to } = window;
    const baseFrom = addDays(from, -28);
    const baseTo = addDays(from, -1);
    const [store] = (
      await sql<Record<string, string>>`
      SELECT coalesce(sum(sessions), 0) AS sessions, coalesce(sum(product_views), 0) AS product_views,
             coalesce(sum(checkout_sessions), 0) AS checkouts, coalesce(sum(paid_orders), 0) AS paid_orders,
             coalesce(sum(units_sold), 0) AS units_sold, coalesce(sum(revenue_kes), 0) AS revenue_kes,
             coalesce(sum(stk_attempts), 0) AS attempts, coalesce(sum(stk_paid), 0) AS paid,
             coalesce(sum(stk_cancelled), 0) AS cancelled, coalesce(sum(stk_timeout), 0) AS timeout, coalesce(sum(stk_failed), 0) AS failed
        FROM daily_store_metrics WHERE tenant_id = ${tenantId} AND day BETWEEN ${from}::date AND ${to}::date`.execute(
        trx,
      )
    ).rows;
    const [baseline] = (
      await sql<Record<string, string>>`
      SELECT coalesce(sum(stk_attempts), 0) AS attempts, coalesce(sum(stk_paid), 0) AS paid
        FROM daily_store_metrics WHERE tenant_id = ${tenantId} AND day BETWEEN ${baseFrom}::date AND ${baseTo}::date`.execute(
        trx,
      )
    ).rows;
    const fees = (
      await sql<{ area_slug: string; fee: number }>`
      SELECT za.area_slug, coalesce(za.fee_kes, z.fee_kes) + za.surcharge_kes AS fee
        FROM delivery_zone_areas za JOIN delivery_zones z ON z.tenant_id = za.tenant_id AND z.id = za.zone_id
       WHERE za.tenant_id = ${tenantId}`.execute(trx)
    ).rows;
    const feeBySlug = new Map(fees.map((f) => [f.area_slug, Number(f.fee)]));
    const areas = (
      await sql<{ area_slug: string; name: string | null; checkouts: string; paid_orders: string }>`
      SELECT f.area_slug, a.name, sum(f.checkout_sessions) AS checkouts, sum(f.paid_orders) AS paid_orders
        FROM daily_area_funnel f LEFT JOIN nairobi_areas a ON a.slug = f.area_slug
       WHERE f.tenant_id = ${tenantId} AND f.day BETWEEN ${from}::date AND ${to}::date AND f.area_slug <> 'unknown'
       GROUP BY f.area_slug, a.name
      HAVING sum(f.checkout_sessions) > 0 OR sum(f.paid_orders) > 0`.execute(trx)
    ).rows;
    const products = (
      await sql<Record<string, string | number>>`
      WITH w AS (
        SELECT product_id, sum(views) FILTER (WHERE day >= ${from}::date) AS views,
               sum(units_sold) FILTER (WHERE day >= ${from}::date) AS units, sum(revenue_kes) FILTER (WHERE day >= ${from}::date) AS revenue,
               sum(units_sold) FILTER (WHERE day > ${to}::date - 14) AS units14
          FROM daily_product_metrics
         WHERE tenant_id = ${tenantId} AND day BETWEEN least(${from}::date, ${to}::date - 13) AND ${to}::date
         GROUP BY product_id)
      SELECT p.slug, p.title, (SELECT min(v.price_kes) FROM product_variants v WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id) AS price_kes,
             (SELECT coalesce(sum(v.on_hand), 0) FROM product_variants v WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id) AS on_hand,
             coalesce(w.views, 0) AS views, coalesce(w.units, 0) AS units, coalesce(w.revenue, 0) AS revenue, coalesce(w.units14, 0) AS units14
        FROM w JOIN products p ON p.tenant_id = ${tenantId} AND p.id = w.product_id AND p.status = 'active'`.execute(
        trx,
      )
    ).rows;
    const slowMovers = (
      await sql<Record<string, string | number>>`
      WITH m AS (
        SELECT product_id, sum(units_sold) FILTER (WHERE day > ${to}::date - ${SLOW_NO_SALE_DAYS}::int) AS units30,
               sum(views) FILTER (WHERE day > ${to}::date - ${SLOW_NO_SALE_DAYS}::int) AS views30, min(day) AS first_day
          FROM daily_product_metrics WHERE tenant_id = ${tenantId} AND day <= ${to}::date
         GROUP BY product_id),
      s AS (
        SELECT product_id, sum(on_hand) AS on_hand, sum(on_hand::bigint * price_kes) AS stock_value, min(price_kes) AS price_kes
          FROM product_variants WHERE tenant_id = ${tenantId} AND on_hand > 0
         GROUP BY product_id)
      SELECT p.slug, p.title, s.price_kes, s.on_hand, s.stock_value, coalesce(m.units30, 0) AS units30, coalesce(m.views30, 0) AS views30,
             ${to}::date - least((p.created_at AT TIME ZONE 'Africa/Nairobi')::date, coalesce(m.first_day, 'infinity'::date)) AS listed_days
        FROM products p JOIN s ON s.product_id = p.id LEFT JOIN m ON m.product_id = p.id
       WHERE p.tenant_id = ${tenantId} AND p.status = 'active' AND coalesce(m.units30, 0) = 0
       ORDER BY s.stock_value DESC, p.slug LIMIT 20`.execute(trx)
    ).rows;
    const searches = (
      await sql<Record<string, string>>`
      SELECT term, sum(searches) AS searches, sum(zero_result_searches) AS zero, sum(zero_result_sessions) AS zero_sessions
        FROM daily_search_terms WHERE tenant_id = ${tenantId} AND day BETWEEN ${from}::date AND ${to}::date
       GROUP BY term HAVING sum(zero_result_sessions) > 0`.execute(trx)
    ).rows;
    const channels = (
      await sql<{ channel: 'web' | 'whatsapp' | 'link'; current: string; baseline: string }>`
      SELECT channel, coalesce(sum(paid_orders) FILTER (WHERE day >= ${from}::date), 0) AS current,
             coalesce(sum(paid_orders) FILTER (WHERE day < ${from}::date), 0) AS baseline
        FROM daily_area_funnel WHERE tenant_id = ${tenantId} AND day BETWEEN ${baseFrom}::date AND ${to}::date
       GROUP BY channel`.execute(trx)
    ).rows;
    const ratings = await this.ratingTrends(trx, tenantId, to);
    const backInStock = await this.backInStockWaiting(trx, tenantId);
    const byChannel = (k: 'current' | 'baseline') =>
      Object.fromEntries(CHANNELS.map((c) => [c, n(channels.find((r) => r.channel === c)?.[k])])) as Record<
        (typeof CHANNELS)[number],
        number
      >;
    return {
      period,
      window,
      bucket,
      store: {
        sessions: n(store?.sessions),
        productViews: n(store?.product_views),
        checkouts: n(store?.checkouts),
        paidOrders: n(store?.paid_orders),
        unitsSold: n(store?.units_sold),
        revenueKes: n(store?.revenue_kes),
      },
      areas: areas.map((a) => ({
        slug: a.area_slug,
        name: a.name ?? a.area_slug,
        checkouts: n(a.checkouts),
        paidOrders: n(a.paid_orders),
        feeKes: feeBySlug.get(a.area_slug) ?? null,
      })),
      areaFees: fees.map((f) => Number(f.fee)),
      products: products.map((p) => ({
        slug: String(p.slug),
        title: String(p.title),
        priceKes: n(p.price_kes),
        onHand: n(p.on_hand),
        views: n(p.views),
        unitsSold: n(p.units),
        revenueKes: n(p.revenue),
        units14d: n(p.units14),
      })),
      slowMovers: slowMovers.map((p) => ({
        slug: String(p.slug),
        title: String(p.title),
        priceKes: n(p.price_kes),
        onHand: n(p.on_hand),
        stockValueKes: n(p.stock_value),
        unitsSold30d: n(p.units30),
        views30d: n(p.views30),
        listedDays: n(p.listed_days),
      })),
      searches: searches.map((s) => ({
        term: s.term!,
        searches: n(s.searches),
        zeroResultSearches: n(s.zero),
        zeroResultSessions: n(s.zero_sessions),
      })),
      payments: {
        attempts: n(store?.attempts),
        paid: n(store?.paid),
        cancelled: n(store?.cancelled),
        timeout: n(store?.timeout),
        failed: n(store?.failed),
        baseline: { attempts: n(baseline?.attempts), paid: n(baseline?.paid) },
      },
      channels: { current: byChannel('current'), baseline: byChannel('baseline') },
      ratings,
      backInStock,
    };
  }

  /** Sold-out variants with shoppers waiting for them (the back-in-stock module's requests, read here). */
  async backInStockWaiting(trx: TenantTransaction, tenantId: string): Promise<NonNullable<RuleContext['backInStock']>> {
    const rows = (
      await sql<{
        slug: string;
        title: string;
        sku: string;
        options: Record<string, string>;
        price_kes: number;
        waiting: string;
      }>`
      SELECT p.slug, p.title, v.sku, v.options, v.price_kes, count(*) AS waiting
        FROM back_in_stock_requests r
        JOIN product_variants v ON v.tenant_id = r.tenant_id AND v.id = r.variant_id
        JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
       WHERE r.tenant_id = ${tenantId} AND r.status = 'waiting' AND v.on_hand = 0
         AND v.status = 'active' AND p.status = 'active'
       GROUP BY p.slug, p.title, v.sku, v.options, v.price_kes`.execute(trx)
    ).rows;
    return rows.map((r) => ({
      slug: r.slug,
      title: r.title,
      sku: r.sku,
      variant: Object.values(r.options ?? {})
        .filter(Boolean)
        .join(' / '),
      waiting: n(r.waiting),
      priceKes: n(r.price_kes),
    }));
  }

  /** Review ratings per product, recent 30 days against the 90 before (hidden reviews left out). */
  async ratingTrends(
    trx: TenantTransaction,
    tenantId: string,
    to: string,
  ): Promise<NonNullable<RuleContext['ratings']>> {
    const rows = (
      await sql<Record<string, string | number | null>>`
      WITH r AS (
        SELECT product_id,
               avg(rating) FILTER (WHERE recent) AS recent_avg, count(*) FILTER (WHERE recent) AS recent_n,
               count(*) FILTER (WHERE recent AND rating <= 2) AS recent_low,
               avg(rating) FILTER (WHERE NOT recent) AS previous_avg, count(*) FILTER (WHERE NOT recent) AS previous_n
          FROM (SELECT product_id, rating,
                       (created_at AT TIME ZONE 'Africa/Nairobi')::date > ${to}::date - ${RATING_RECENT_DAYS}::int AS recent
                  FROM reviews
                 WHERE tenant_id = ${tenantId} AND hidden_at IS NULL
                   AND (created_at AT TIME ZONE 'Africa/Nairobi')::date <= ${to}::date
                   AND (created_at AT TIME ZONE 'Africa/Nairobi')::date > ${to}::date - ${RATING_RECENT_DAYS + RATING_PREVIOUS_DAYS}::int) x
         GROUP BY product_id
        HAVING count(*) FILTER (WHERE recent) > 0 AND count(*) FILTER (WHERE NOT recent) > 0)
      SELECT p.slug, p.title, r.recent_avg, r.recent_n, r.recent_low, r.previous_avg, r.previous_n,
             (SELECT coalesce(sum(m.revenue_kes), 0) FROM daily_product_metrics m
               WHERE m.tenant_id = ${tenantId} AND m.product_id = r.product_id AND m.day > ${to}::date - 30 AND m.day <= ${to}::date) AS revenue
        FROM r JOIN products p ON p.tenant_id = ${tenantId} AND p.id = r.product_id AND p.status = 'active'`.execute(
        trx,
      )
    ).rows;
    return rows.map((r) => ({
      slug: String(r.slug),
      title: String(r.title),
      recentAverage: n(r.recent_avg),
      recentCount: n(r.recent_n),
      recentLow: n(r.recent_low),
      previousAverage: n(r.previous_avg),
      previousCount: n(r.previous_n),
      revenue30dKes: n(r.revenue),
    }));
  }

  /** Writes this run's cards (same key = same card, numbers refreshed, dismissal kept). */
  async saveCards(
    trx: TenantTransaction,
    tenantId: string,
    period: Period,
    cards: InsightCard[],
    expiresAt: Date,
  ): Promise<void> {
    if (cards.length) {
      await trx
        .insertInto('insights')
        .values(
          cards.map((c) => ({
            tenant_id: tenantId,
            rule: c.rule,
            key: c.key,
            period,
            score: c.score,
            headline: c.headline,
            body: c.body,
            body_sw: c.bodySw ?? null,
            numbers: JSON.stringify(c.numbers),
            action: JSON.stringify(c.action),
            expires_at: expiresAt,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'key'])
            .doUpdateSet(fromExcluded(['score', 'headline', 'body', 'body_sw', 'numbers', 'action', 'expires_at'])),
        )
        .execute();
    }
    // Cards of this period that the rules no longer produce are retired (their data changed).
    let retire = trx
      .updateTable('insights')
      .set({ expires_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('period', '=', period)
      .where('expires_at', '>', new Date());
    if (cards.length)
      retire = retire.where(
        'key',
        'not in',
        cards.map((c) => c.key),
      );
    await retire.execute();
    await trx
      .insertInto('insight_runs')
      .values({ tenant_id: tenantId, period, cards: cards.length })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'period']).doUpdateSet({ generated_at: sql`now()`, cards: cards.length }),
      )
      .execute();
  }

  async lastRun(trx: TenantTransaction, tenantId: string, period: Period): Promise<Date | null> {
    const row = await trx
      .selectFrom('insight_runs')
      .select('generated_at')
      .where('tenant_id', '=', tenantId)
      .where('period', '=', period)
      .executeTakeFirst();
    return row?.generated_at ?? null;
  }

  async activeCards(trx: TenantTransaction, tenantId: string, period: Period): Promise<StoredCard[]> {
    const rows = await trx
      .selectFrom('insights')
      .select(['id', 'rule', 'headline', 'body', 'body_sw', 'numbers', 'action', 'created_at', 'updated_at'])
      .where('tenant_id', '=', tenantId)
      .where('period', '=', period)
      .where('dismissed_at', 'is', null)
      .where('expires_at', '>', new Date())
      .orderBy('score', 'desc')
      .orderBy('key')
      .limit(5)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      rule: r.rule,
      headline: r.headline,
      body: r.body,
      bodySw: r.body_sw,
      numbers: r.numbers,
      action: r.action,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  async dismiss(
    trx: TenantTransaction,
    tenantId: string,
    id: string,
    by: string,
  ): Promise<'dismissed' | 'already' | 'missing'> {
    const row = await trx
      .selectFrom('insights')
      .select(['dismissed_at'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return 'missing';
    if (row.dismissed_at) return 'already';
    await trx
      .updateTable('insights')
      .set({ dismissed_at: new Date(), dismissed_by: by })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
    return 'dismissed';
  }

  /** Chart data over a window (see CONTRACT.md). */
  async metrics(trx: TenantTransaction, tenantId: string, from: string, to: string) {
    const rows = async (query: RawBuilder<Record<string, string>>) => (await query.execute(trx)).rows;
    const series = await rows(sql`
      SELECT d::date::text AS day, coalesce(m.revenue_kes, 0) AS revenue_kes, coalesce(m.paid_orders, 0) AS paid_orders, coalesce(m.orders, 0) AS orders,
             coalesce(m.sessions, 0) AS sessions
        FROM generate_series(${from}::date, ${to}::date, interval '1 day') AS d
        LEFT JOIN daily_store_metrics m ON m.tenant_id = ${tenantId} AND m.day = d::date
       ORDER BY 1`);
    const [t] = await rows(sql`
      SELECT coalesce(sum(sessions), 0) AS sessions, coalesce(sum(page_views), 0) AS page_views, coalesce(sum(product_views), 0) AS product_views,
             coalesce(sum(view_sessions), 0) AS view_sessions, coalesce(sum(cart_sessions), 0) AS cart_sessions,
             coalesce(sum(checkout_sessions), 0) AS checkout_sessions, coalesce(sum(orders), 0) AS orders, coalesce(sum(paid_orders), 0) AS paid_orders,
             coalesce(sum(revenue_kes), 0) AS revenue_kes, coalesce(sum(refunded_kes), 0) AS refunded_kes, coalesce(sum(units_sold), 0) AS units_sold,
             coalesce(sum(stk_attempts), 0) AS stk_attempts, coalesce(sum(stk_paid), 0) AS stk_paid, coalesce(sum(stk_cancelled), 0) AS stk_cancelled,
             coalesce(sum(stk_timeout), 0) AS stk_timeout, coalesce(sum(stk_failed), 0) AS stk_failed
        FROM daily_store_metrics WHERE tenant_id = ${tenantId} AND day BETWEEN ${from}::date AND ${to}::date`);
    // One row per product (and the slug it was counted under), with its id: a stored answer
    // (MetricSnapshotsRepository) reads the title again by id, so both must group by product,
    // not by title. The id breaks ties for a stable order.
    const topProducts = await rows(sql`
      SELECT m.product_slug AS slug, m.product_id::text AS product_id, coalesce(p.title, m.product_slug) AS title,
             sum(m.units_sold) AS units, sum(m.revenue_kes) AS revenue, sum(m.views) AS views, sum(m.add_to_carts) AS carts
        FROM daily_product_metrics m LEFT JOIN products p ON p.tenant_id = m.tenant_id AND p.id = m.product_id
       WHERE m.tenant_id = ${tenantId} AND m.day BETWEEN ${from}::date AND ${to}::date
       GROUP BY m.product_slug, m.product_id, p.title
       ORDER BY sum(m.revenue_kes) DESC, sum(m.units_sold) DESC, sum(m.views) DESC, m.product_slug, m.product_id LIMIT 10`);
    const areas = await rows(sql`
      SELECT f.area_slug AS slug, coalesce(a.name, f.area_slug) AS name, sum(f.revenue_kes) AS revenue, sum(f.paid_orders) AS paid_orders,
             sum(f.checkout_sessions) AS checkouts, sum(f.sessions) AS sessions
        FROM daily_area_funnel f LEFT JOIN nairobi_areas a ON a.slug = f.area_slug
       WHERE f.tenant_id = ${tenantId} AND f.day BETWEEN ${from}::date AND ${to}::date AND f.area_slug <> 'unknown'
       GROUP BY f.area_slug, a.name
      HAVING sum(f.paid_orders) > 0 OR sum(f.checkout_sessions) > 0
       ORDER BY sum(f.revenue_kes) DESC, sum(f.paid_orders) DESC, f.area_slug LIMIT 15`);
    const channels = await rows(sql`
      SELECT channel, sum(sessions) AS sessions, sum(orders) AS orders, sum(paid_orders) AS paid_orders, sum(revenue_kes) AS revenue
        FROM daily_area_funnel WHERE tenant_id = ${tenantId} AND day BETWEEN ${from}::date AND ${to}::date
       GROUP BY channel`);
    return {
      series: series.map((r) => ({
        day: r.day!,
        revenueKes: n(r.revenue_kes),
        orders: n(r.orders),
        paidOrders: n(r.paid_orders),
        sessions: n(r.sessions),
      })),
      totals: t ?? {},
      /** topProducts[i] is product topProductIds[i] (not part of the answer). */
      topProductIds: topProducts.map((r) => r.product_id!),
      topProducts: topProducts.map((r) => ({
        slug: r.slug!,
        title: r.title!,
        unitsSold: n(r.units),
        revenueKes: n(r.revenue),
        views: n(r.views),
        addToCarts: n(r.carts),
      })),
      areas: areas.map((r) => ({
        slug: r.slug!,
        name: r.name!,
        revenueKes: n(r.revenue),
        paidOrders: n(r.paid_orders),
        checkouts: n(r.checkouts),
        sessions: n(r.sessions),
      })),
      channels: CHANNELS.map((c) => {
        const r = channels.find((x) => x.channel === c);
        return {
          channel: c,
          sessions: n(r?.sessions),
          orders: n(r?.orders),
          paidOrders: n(r?.paid_orders),
          revenueKes: n(r?.revenue),
        };
      }),
    };
  }
}
