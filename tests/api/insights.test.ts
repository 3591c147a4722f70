// Owner analytics: the 90-day demo history, daily aggregates (equal to a direct recount,
// idempotent), the insight rules (each with data that fires it and data that does not), the
// insight/metrics/live endpoints with their permissions, tenant isolation, event retention.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoStores, seedDemo } from '@sokoni/db/dist/seed/index.js';
import {
  areaFeeRule,
  lowStockRule,
  mpesaHealthRule,
  productViewsRule,
  runRules,
  searchGapsRule,
  slowMoversRule,
  whatsappChannelRule,
  SLOW_MIN_LISTED_DAYS,
  SLOW_MIN_ON_HAND,
  SLOW_MIN_STOCK_VALUE_KES,
  AREA_MIN_CHECKOUTS,
  PRODUCT_MIN_VIEWS,
  SEARCH_MIN_SHOPPERS,
  STOCK_MAX_DAYS_OF_COVER,
  MPESA_MIN_ATTEMPTS,
  WHATSAPP_MIN_ORDERS,
  MAX_CARDS,
  type RuleContext,
} from '../../apps/api/dist/modules/insights/rules/index.js';
import type { InsightList, InsightMetrics, LiveCounters } from '@sokoni/contracts';
import { Redis } from 'ioredis';
import { createQueues, enqueue } from '../../apps/api/dist/queues/queues.js';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first, REDIS_URL, withClient } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { waitForJobCompleted, waitForRows, waitUntil } from '../helpers/wait.ts';

/** POST /v1/owner/insights/:id/dismiss (insightDismissedSchema). */
interface InsightDismissed {
  id: string;
  dismissed: true;
  alreadyDismissed: boolean;
}

const GADGETS = 'nairobi-gadgets';
const WATCHES = 'saa-bora';
const PHONE_UA =
  'Mozilla/5.0 (Linux; Android 12; TECNO KG5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
let historySeedMs = 0;
const stack = useApiStack({
  worker: true,
  // The 90-day history of two stores, before the worker starts (it aggregates at start).
  prepare: async (db) => {
    const started = Date.now();
    const stores = demoStores.filter((s) => s.slug === GADGETS || s.slug === WATCHES);
    await seedDemo({ ownerUrl: db.ownerUrl, mediaDir: db.mediaDir, stores, history: true });
    historySeedMs = Date.now() - started;
  },
});

/**
 * Nairobi days by the database clock (read once before the tests): today + offsetDays. Right at
 * any hour, including 21:00-24:00 UTC when Nairobi is already on the next day.
 */
let nairobiDays = new Map<number, string>();
const nairobiDay = (offsetDays = 0): string => {
  const day = nairobiDays.get(offsetDays);
  assert.ok(day, `no Nairobi day read for offset ${offsetDays}`);
  return day;
};
const { tenantOf } = stack;
const call = jsonCaller(() => stack.api.url, '198.51.107');

/** Rows of the daily tables for one store and day, without computed_at (a timestamp of the run). */
async function dailyRows(tenantId: string, day: string) {
  return withClient(stack.db.ownerUrl, async (c) => {
    const out: Record<string, unknown[]> = {};
    for (const table of ['daily_store_metrics', 'daily_product_metrics', 'daily_area_funnel', 'daily_search_terms']) {
      const { rows } = await c.query<{ r: unknown }>(
        `SELECT to_jsonb(t) - 'computed_at' AS r FROM ${table} t WHERE tenant_id = $1 AND day = $2 ORDER BY t::text`,
        [tenantId, day],
      );
      out[table] = rows.map((r) => r.r);
    }
    return out;
  });
}

stack.before(async () => {
  nairobiDays = await withClient(
    stack.db.ownerUrl,
    async (c) =>
      new Map(
        (
          await c.query<{ n: number; day: string }>(
            `SELECT n, ((now() AT TIME ZONE 'Africa/Nairobi')::date + n)::text AS day FROM generate_series(-200, 5) AS n`,
          )
        ).rows.map((r) => [r.n, r.day]),
      ),
  );
  // The worker aggregates today and yesterday once at start (the hourly job runs immediately).
  // Tests that compare snapshots of the daily tables start after it, or they would see it land
  // between two reads (90 -> 91 rows).
  await stack.worker.waitForLog(
    (e) => e.msg === 'job completed' && e.job_name === 'analytics.aggregate-hourly',
    120_000,
  );
});

describe('demo history (seed)', () => {
  test('90 days of events, orders and payments, aggregated, written once', async () => {
    const counts = await withClient(stack.db.ownerUrl, async (c) =>
      first(
        (
          await c.query<{ events: number; orders: number; receipts: number; days: number; mobile: number }>(
            `
      SELECT (SELECT count(*)::int FROM events WHERE tenant_id = $1) AS events,
             (SELECT count(*)::int FROM orders WHERE tenant_id = $1 AND idempotency_key LIKE 'seed-history-%') AS orders,
             (SELECT count(*)::int FROM payments WHERE tenant_id = $1 AND receipt_number IS NOT NULL) AS receipts,
             (SELECT count(*)::int FROM daily_store_metrics WHERE tenant_id = $1) AS days,
             (SELECT min(day)::text FROM daily_store_metrics WHERE tenant_id = $1) AS first_day,
             (SELECT count(*)::int FROM events WHERE tenant_id = $1 AND device = 'mobile') AS mobile`,
            [tenantOf(GADGETS)],
          )
        ).rows,
      ),
    );
    assert.ok(counts.events > 20_000, `events: ${counts.events}`);
    assert.ok(counts.orders > 500 && counts.receipts > 300, JSON.stringify(counts));
    assert.ok(counts.days >= 90, `aggregated days: ${counts.days}`);
    assert.ok(counts.mobile / counts.events > 0.7, 'mostly phones');
    console.log(`# history seed for 2 stores: ${historySeedMs} ms`);

    const snapshot = () =>
      withClient(stack.db.ownerUrl, async (c) => {
        const out: Record<string, string> = {};
        for (const t of [
          'events',
          'orders',
          'order_items',
          'payments',
          'deliveries',
          'order_counters',
          'daily_store_metrics',
          'daily_area_funnel',
        ]) {
          // This store's rows, without computed_at: the worker's hourly run may recompute a day meanwhile.
          out[t] = (
            await c.query<{ n: number; h: string }>(
              `SELECT count(*)::int AS n, md5(coalesce(string_agg((to_jsonb(x) - 'computed_at')::text, '|' ORDER BY (to_jsonb(x) - 'computed_at')::text), '')) AS h FROM ${t} x WHERE tenant_id = $1`,
              [tenantOf(GADGETS)],
            )
          ).rows.map((r) => `${r.n}:${r.h}`)[0]!;
        }
        return out;
      });
    const firstRun = await snapshot();
    await seedDemo({
      ownerUrl: stack.db.ownerUrl,
      mediaDir: stack.db.mediaDir,
      stores: demoStores.filter((s) => s.slug === GADGETS),
      history: true,
    });
    assert.deepEqual(await snapshot(), firstRun, 'a second seed run writes nothing');
  });
});

describe('daily aggregates', () => {
  const sampled = () => [nairobiDay(-3), nairobiDay(-17), nairobiDay(-60)];

  test('equal a direct SQL recount for 3 sampled days', async () => {
    const tenant = tenantOf(GADGETS);
    for (const day of sampled()) {
      const [direct, stored] = await withClient(stack.db.ownerUrl, async (c) => {
        const inDay = `(occurred_at AT TIME ZONE 'Africa/Nairobi')::date = $2::date`;
        const e = first(
          (
            await c.query<{ sessions: number; checkout_sessions: number; zero_result_searches: number }>(
              `SELECT count(DISTINCT session_id)::int AS sessions,
              count(*) FILTER (WHERE type = 'page_view')::int AS page_views, count(*) FILTER (WHERE type = 'product_view')::int AS product_views,
              count(*) FILTER (WHERE type = 'add_to_cart')::int AS add_to_carts, count(*) FILTER (WHERE type = 'search' AND result_count = 0)::int AS zero_result_searches,
              count(DISTINCT session_id) FILTER (WHERE type = 'checkout_start')::int AS checkout_sessions
            FROM events WHERE tenant_id = $1 AND ${inDay}`,
              [tenant, day],
            )
          ).rows,
        );
        const o = first(
          (
            await c.query<{ orders: number; paid_orders: number; gross: number }>(
              `SELECT count(*)::int AS orders,
              count(*) FILTER (WHERE status IN ('paid','packed','dispatched','delivered','refunded'))::int AS paid_orders,
              coalesce(sum(total_kes) FILTER (WHERE status IN ('paid','packed','dispatched','delivered','refunded')), 0)::int AS gross
            FROM orders WHERE tenant_id = $1 AND (created_at AT TIME ZONE 'Africa/Nairobi')::date = $2::date`,
              [tenant, day],
            )
          ).rows,
        );
        const refunds = first(
          (
            await c.query<{ refunded: number }>(
              `SELECT coalesce(sum(r.amount_kes), 0)::int AS refunded FROM refunds r JOIN orders o ON o.tenant_id = r.tenant_id AND o.id = r.order_id
            WHERE r.tenant_id = $1 AND r.status = 'completed' AND (o.created_at AT TIME ZONE 'Africa/Nairobi')::date = $2::date`,
              [tenant, day],
            )
          ).rows,
        );
        const p = first(
          (
            await c.query<Record<string, number>>(
              `SELECT count(*)::int AS stk_attempts, count(*) FILTER (WHERE status = 'paid')::int AS stk_paid,
              count(*) FILTER (WHERE result_code = '1032')::int AS stk_cancelled
            FROM payments WHERE tenant_id = $1 AND method = 'stk' AND (created_at AT TIME ZONE 'Africa/Nairobi')::date = $2::date`,
              [tenant, day],
            )
          ).rows,
        );
        const units = first(
          (
            await c.query<{ units: number }>(
              `SELECT coalesce(sum(i.quantity), 0)::int AS units FROM order_items i JOIN orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id
            WHERE o.tenant_id = $1 AND o.status IN ('paid','packed','dispatched','delivered','refunded') AND (o.created_at AT TIME ZONE 'Africa/Nairobi')::date = $2::date`,
              [tenant, day],
            )
          ).rows,
        );
        const s = (
          await c.query<Record<string, number>>(
            `SELECT sessions, page_views, product_views, add_to_carts, zero_result_searches, checkout_sessions, orders, paid_orders,
              revenue_kes::int AS revenue, stk_attempts, stk_paid, stk_cancelled, units_sold FROM daily_store_metrics WHERE tenant_id = $1 AND day = $2`,
            [tenant, day],
          )
        ).rows[0];
        const areaSums = first(
          (
            await c.query<{ sessions: number; paid: number; checkouts: number }>(
              `SELECT sum(sessions)::int AS sessions, sum(paid_orders)::int AS paid, sum(checkout_sessions)::int AS checkouts
            FROM daily_area_funnel WHERE tenant_id = $1 AND day = $2`,
              [tenant, day],
            )
          ).rows,
        );
        const productSums = first(
          (
            await c.query<{ views: number; units: number }>(
              `SELECT sum(views)::int AS views, sum(units_sold)::int AS units FROM daily_product_metrics WHERE tenant_id = $1 AND day = $2`,
              [tenant, day],
            )
          ).rows,
        );
        const productViewsDirect = first(
          (
            await c.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM events e JOIN products p ON p.tenant_id = e.tenant_id AND p.slug = e.product_slug
            WHERE e.tenant_id = $1 AND e.type = 'product_view' AND ${inDay.replace('occurred_at', 'e.occurred_at')}`,
              [tenant, day],
            )
          ).rows,
        );
        const terms = first(
          (
            await c.query<{ zero: number }>(
              `SELECT coalesce(sum(zero_result_searches), 0)::int AS zero FROM daily_search_terms WHERE tenant_id = $1 AND day = $2`,
              [tenant, day],
            )
          ).rows,
        );
        return [
          {
            ...e,
            orders: o.orders,
            paid_orders: o.paid_orders,
            revenue: o.gross - refunds.refunded,
            ...p,
            units_sold: units.units,
            area_sessions: e.sessions,
            area_paid: o.paid_orders,
            area_checkouts: e.checkout_sessions,
            product_views_known: productViewsDirect.n,
            product_units: units.units,
            zero_terms: e.zero_result_searches,
          },
          {
            ...s,
            area_sessions: areaSums.sessions,
            area_paid: areaSums.paid,
            area_checkouts: areaSums.checkouts,
            product_views_known: productSums.views,
            product_units: productSums.units,
            zero_terms: terms.zero,
          },
        ] as const;
      });
      assert.ok(direct.sessions > 0, `${day} has traffic`);
      assert.deepEqual(stored, direct, `aggregates of ${day}`);
    }
  });

  test('re-running a day (job or POST /recompute) gives identical rows', async () => {
    const tenant = tenantOf(GADGETS);
    const day = sampled()[1]!;
    const before = await dailyRows(tenant, day);
    assert.ok(before.daily_product_metrics!.length > 0);
    const owner = await demoLogin(call, GADGETS, 'owner');
    for (let i = 0; i < 2; i++) {
      const res = await call<{ days: number }>(
        'POST',
        `/v1/owner/insights/recompute?from=${day}&to=${day}`,
        undefined,
        owner.accessToken,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.days, 1);
    }
    assert.deepEqual(await dailyRows(tenant, day), before);
  });

  test('a late refund is picked up when the day is re-run (revenue comes from orders and payments)', async () => {
    const tenant = tenantOf(GADGETS);
    const day = sampled()[2]!;
    const paid = first(
      (
        await withClient(stack.db.ownerUrl, (c) =>
          c.query<{ order_id: string; payment_id: string; total_kes: number }>(
            `SELECT o.id AS order_id, p.id AS payment_id, o.total_kes FROM orders o JOIN payments p ON p.tenant_id = o.tenant_id AND p.order_id = o.id AND p.status = 'paid'
      WHERE o.tenant_id = $1 AND (o.created_at AT TIME ZONE 'Africa/Nairobi')::date = $2::date LIMIT 1`,
            [tenant, day],
          ),
        )
      ).rows,
    );
    const revenue = async () =>
      Number(
        (await dailyRows(tenant, day)).daily_store_metrics![0] &&
          ((await dailyRows(tenant, day)).daily_store_metrics![0] as { revenue_kes: number }).revenue_kes,
      );
    const before = await revenue();
    await withClient(stack.db.ownerUrl, (c) =>
      c.query(
        `INSERT INTO refunds (tenant_id, order_id, payment_id, amount_kes, method, status, reason, requested_by, originator_conversation_id)
      VALUES ($1, $2, $3, 100, 'reversal', 'completed', 'test', 'test', $4)`,
        [tenant, paid.order_id, paid.payment_id, `insights-test-${paid.order_id}`],
      ),
    );
    const owner = await demoLogin(call, GADGETS, 'owner');
    assert.equal(
      (await call('POST', `/v1/owner/insights/recompute?from=${day}&to=${day}`, undefined, owner.accessToken)).status,
      200,
    );
    assert.equal(await revenue(), before - 100);
  });

  test('the worker aggregates today on its own (hourly job, also at start)', async () => {
    const tenant = tenantOf(WATCHES);
    const { n: found } = first(
      await waitForRows<{ n: number }>(
        "today's aggregate row",
        stack.db.ownerUrl,
        `SELECT count(*)::int AS n FROM daily_store_metrics WHERE tenant_id = $1 AND day = $2`,
        [tenant, nairobiDay()],
        (rows) => rows[0]!.n > 0,
        60_000,
      ),
    );
    assert.equal(found, 1);
  });

  test('days no job ever aggregated (an outage) are caught up by the next hourly run, and only those', async () => {
    const tenant = tenantOf(GADGETS);
    const [lost, kept] = [nairobiDay(-6), nairobiDay(-9)];
    const expected = await dailyRows(tenant, lost);
    assert.ok((expected.daily_store_metrics as unknown[]).length === 1);
    const keptAt = await withClient(stack.db.ownerUrl, async (c) => {
      for (const table of ['daily_store_metrics', 'daily_product_metrics', 'daily_area_funnel', 'daily_search_terms'])
        await c.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND day = $2`, [tenant, lost]);
      return first(
        (
          await c.query<{ computed_at: Date }>(
            `SELECT computed_at FROM daily_store_metrics WHERE tenant_id = $1 AND day = $2`,
            [tenant, kept],
          )
        ).rows,
      ).computed_at;
    });
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queues = createQueues(redis, stack.env.REDIS_KEY_PREFIX!, 14);
    try {
      const jobId = await enqueue(queues.get('analytics')!, 'analytics.aggregate-hourly', null, {});
      await waitForJobCompleted(stack.worker, { id: jobId, name: 'analytics.aggregate-hourly' }, { timeoutMs: 60_000 });
      assert.equal(
        ((await dailyRows(tenant, lost)).daily_store_metrics ?? []).length,
        1,
        'the lost day was aggregated again',
      );
    } finally {
      await Promise.all([...queues.values()].map((q) => q.close()));
      redis.disconnect();
    }
    assert.deepEqual(await dailyRows(tenant, lost), expected, 'the same rows as before the outage');
    const keptNow = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        first(
          (
            await c.query<{ computed_at: Date }>(
              `SELECT computed_at FROM daily_store_metrics WHERE tenant_id = $1 AND day = $2`,
              [tenant, kept],
            )
          ).rows,
        ).computed_at,
    );
    assert.equal(keptNow.getTime(), keptAt.getTime(), 'a day that had its aggregates is left alone');
  });
});

/** M-Pesa prompts of the last week by outcome, against a baseline of 400 prompts, 330 of them paid. */
function prompts(attempts: number, paid: number, cancelled: number, timeout: number, failed: number) {
  return { attempts, paid, cancelled, timeout, failed, baseline: { attempts: 400, paid: 330 } };
}

/** A quiet, healthy store: no rule fires on it. Each test changes what one rule looks at. */
function baseContext(): RuleContext {
  return {
    period: 'week',
    window: { from: '2026-11-17', to: '2026-11-23', days: 7 },
    bucket: 'w2947',
    store: {
      sessions: 1000,
      productViews: 2000,
      checkouts: 200,
      paidOrders: 82,
      unitsSold: 100,
      revenueKes: 1_640_000,
    },
    areas: [
      { slug: 'kilimani', name: 'Kilimani', checkouts: 40, paidOrders: 18, feeKes: 200 },
      { slug: 'ruiru', name: 'Ruiru', checkouts: 40, paidOrders: 16, feeKes: 600 },
    ],
    areaFees: [200, 200, 200, 200, 300, 300, 300, 450, 450, 600],
    products: [
      {
        slug: 'tecno-spark-20',
        title: 'Tecno Spark 20',
        priceKes: 16_999,
        onHand: 40,
        views: 120,
        unitsSold: 5,
        revenueKes: 84_995,
        units14d: 10,
      },
      {
        slug: 'oraimo-cable',
        title: 'Oraimo cable',
        priceKes: 499,
        onHand: 100,
        views: 80,
        unitsSold: 6,
        revenueKes: 2_994,
        units14d: 12,
      },
    ],
    slowMovers: [
      {
        slug: 'nokia-105',
        title: 'Nokia 105',
        priceKes: 2_499,
        onHand: 12,
        stockValueKes: 29_988,
        unitsSold30d: 0,
        views30d: 14,
        listedDays: 20,
      },
    ],
    searches: [{ term: 'airpods', searches: 6, zeroResultSearches: 4, zeroResultSessions: 4 }],
    payments: prompts(100, 82, 10, 5, 3),
    channels: { current: { web: 70, whatsapp: 10, link: 2 }, baseline: { web: 280, whatsapp: 40, link: 8 } },
  };
}

describe('insight rules (thresholds)', () => {
  test('a healthy store gets no card at all', () => {
    assert.deepEqual(runRules(baseContext()), []);
  });

  test('(a) area conversion far below store-wide with one of the highest fees -> a fee 50 KES lower', () => {
    const ctx = baseContext();
    ctx.areas[1] = { slug: 'ruiru', name: 'Ruiru', checkouts: 30, paidOrders: 5, feeKes: 600 };
    const [card] = areaFeeRule.evaluate(ctx);
    assert.ok(card, 'fires');
    assert.match(card.headline, /Ruiru: 30 checkouts started, 17 % paid vs 41 % store-wide/);
    assert.equal(card.numbers.suggestedFeeKes, 550);
    assert.match(card.action.href, /area=ruiru/);
    // Same conversion, but the area's fee is an ordinary one: not the fee's fault.
    const cheap = baseContext();
    cheap.areas[1] = { slug: 'ruiru', name: 'Ruiru', checkouts: 30, paidOrders: 5, feeKes: 200 };
    assert.deepEqual(areaFeeRule.evaluate(cheap), []);
    // Too few checkouts to judge.
    const thin = baseContext();
    thin.areas[1] = { slug: 'ruiru', name: 'Ruiru', checkouts: AREA_MIN_CHECKOUTS - 1, paidOrders: 0, feeKes: 600 };
    assert.deepEqual(areaFeeRule.evaluate(thin), []);
  });

  test('(b) viewed a lot, sells little -> check price and photos', () => {
    const ctx = baseContext();
    ctx.products[0] = { ...ctx.products[0]!, views: 400, unitsSold: 2 };
    const [card] = productViewsRule.evaluate(ctx);
    assert.ok(card);
    assert.match(card.headline, /Tecno Spark 20 is viewed 400 times in the last 7 days but sold 2/);
    const fewViews = baseContext();
    fewViews.products[0] = { ...fewViews.products[0]!, views: PRODUCT_MIN_VIEWS - 1, unitsSold: 0 };
    assert.deepEqual(productViewsRule.evaluate(fewViews), []);
    const sells = baseContext();
    sells.products[0] = { ...sells.products[0]!, views: 400, unitsSold: 20 };
    assert.deepEqual(productViewsRule.evaluate(sells), []);
  });

  test('(c) a term with no results searched by enough shoppers -> add the product', () => {
    const ctx = baseContext();
    ctx.searches = [{ term: 'airpods', searches: 15, zeroResultSearches: 14, zeroResultSessions: 12 }];
    const [card] = searchGapsRule.evaluate(ctx);
    assert.equal(card?.headline, '12 shoppers searched "airpods" and found nothing');
    assert.match(card.action.href, /title=airpods/);
    const few = baseContext();
    few.searches = [
      { term: 'airpods', searches: 20, zeroResultSearches: 20, zeroResultSessions: SEARCH_MIN_SHOPPERS - 1 },
    ];
    assert.deepEqual(searchGapsRule.evaluate(few), [], 'one shopper retyping is not demand');
  });

  test('(d) low stock on a product that sells (under 3 days of cover) -> restock', () => {
    const ctx = baseContext();
    ctx.products[1] = { ...ctx.products[1]!, onHand: 2, units14d: 14 };
    const [card] = lowStockRule.evaluate(ctx);
    assert.equal(card?.numbers.daysOfCover, 2);
    const enough = baseContext();
    enough.products[1] = { ...enough.products[1]!, onHand: STOCK_MAX_DAYS_OF_COVER, units14d: 14 };
    assert.deepEqual(lowStockRule.evaluate(enough), [], 'exactly 3 days of cover is fine');
    const slow = baseContext();
    slow.products[1] = { ...slow.products[1]!, onHand: 0, units14d: 2 };
    assert.deepEqual(lowStockRule.evaluate(slow), [], 'does not sell enough to matter');
  });

  test('(e) many cancelled M-Pesa prompts, or a drop in success -> WhatsApp fallback / till check', () => {
    const cancelled = baseContext();
    cancelled.payments = prompts(60, 20, 35, 3, 2);
    assert.match(mpesaHealthRule.evaluate(cancelled)[0]!.headline, /35 of 60 M-Pesa prompts were cancelled/);
    const dropped = baseContext();
    dropped.payments = prompts(60, 35, 15, 8, 2);
    assert.match(mpesaHealthRule.evaluate(dropped)[0]!.headline, /M-Pesa success fell to 58 % \(from 83 %\)/);
    const few = baseContext();
    few.payments = prompts(MPESA_MIN_ATTEMPTS - 1, 2, 15, 2, 0);
    assert.deepEqual(mpesaHealthRule.evaluate(few), []);
  });

  test('(f) WhatsApp share of orders grows -> answer fast there', () => {
    const ctx = baseContext();
    ctx.channels.current = { web: 50, whatsapp: 30, link: 2 };
    assert.match(
      whatsappChannelRule.evaluate(ctx)[0]!.headline,
      /37 % of your orders now come through WhatsApp \(was 12 %\)/,
    );
    const few = baseContext();
    few.channels.current = { web: 5, whatsapp: WHATSAPP_MIN_ORDERS - 1, link: 0 };
    assert.deepEqual(whatsappChannelRule.evaluate(few), []);
  });

  test('(g) stock that has not sold in 30 days -> a week on sale, 10 % off', () => {
    const ctx = baseContext();
    ctx.slowMovers[0] = { ...ctx.slowMovers[0]!, listedDays: 45 };
    const [card] = slowMoversRule.evaluate(ctx);
    assert.ok(card, 'fires');
    assert.equal(card.headline, 'Nokia 105: 12 on the shelf, none sold in 30 days');
    assert.match(
      card.body,
      /KES 29,988 of Nokia 105 in stock .* looked at it 14 times .* Try a week at KES 2,200 \(was KES 2,499\)/,
    );
    assert.equal(card.numbers.suggestedSalePriceKes, 2200);
    assert.equal(card.action.href, '/owner/products/nokia-105?salePriceKes=2200#sale');
    const unseen = baseContext();
    unseen.slowMovers[0] = { ...unseen.slowMovers[0]!, listedDays: 45, views30d: 0 };
    assert.match(slowMoversRule.evaluate(unseen)[0]!.body, /Nobody even opened its page/);
    const young = baseContext();
    young.slowMovers[0] = { ...young.slowMovers[0]!, listedDays: SLOW_MIN_LISTED_DAYS - 1 };
    assert.deepEqual(slowMoversRule.evaluate(young), [], 'a new product has not had its chance');
    const leftovers = baseContext();
    leftovers.slowMovers[0] = {
      ...leftovers.slowMovers[0]!,
      listedDays: 45,
      onHand: SLOW_MIN_ON_HAND - 1,
      stockValueKes: 4_998,
    };
    assert.deepEqual(slowMoversRule.evaluate(leftovers), [], 'two leftovers are not worth a card');
    const cheap = baseContext();
    cheap.slowMovers[0] = {
      ...cheap.slowMovers[0]!,
      listedDays: 45,
      priceKes: 100,
      stockValueKes: SLOW_MIN_STOCK_VALUE_KES - 100,
      onHand: 49,
    };
    assert.deepEqual(slowMoversRule.evaluate(cheap), [], 'small change');
    const sold = baseContext();
    sold.slowMovers[0] = { ...sold.slowMovers[0]!, listedDays: 45, unitsSold30d: 1 };
    assert.deepEqual(slowMoversRule.evaluate(sold), [], 'one sale in the month: it moves');
  });

  test('at most 5 cards, most KES at stake first, each rule represented before a second card of one rule', () => {
    const ctx = baseContext();
    ctx.areas[1] = { slug: 'ruiru', name: 'Ruiru', checkouts: 30, paidOrders: 5, feeKes: 600 };
    ctx.products = Array.from({ length: 4 }, (_, i) => ({
      slug: `p${i}`,
      title: `P${i}`,
      priceKes: 1000,
      onHand: 0,
      views: 500,
      unitsSold: 0,
      revenueKes: 0,
      units14d: 20,
    }));
    ctx.searches = ['a', 'b', 'c'].map((term) => ({
      term,
      searches: 10,
      zeroResultSearches: 10,
      zeroResultSessions: 10,
    }));
    ctx.payments = prompts(60, 20, 35, 3, 2);
    const cards = runRules(ctx);
    assert.equal(cards.length, MAX_CARDS);
    assert.deepEqual(
      new Set(cards.map((c) => c.rule)),
      new Set(['area_fee', 'product_views', 'search_gaps', 'low_stock', 'mpesa_health']),
    );
    for (let i = 1; i < cards.length; i++) assert.ok(cards[i - 1]!.score >= cards[i]!.score);
  });
});

describe('insight endpoints', () => {
  test('the seeded store gets true cards: the pricey area, the looked-at phone, the missing search', async () => {
    const owner = await demoLogin(call, GADGETS, 'owner');
    const res = await call<InsightList>('GET', '/v1/owner/insights?period=week', undefined, owner.accessToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.period, 'week');
    assert.ok(res.body.generatedAt);
    const cards = res.body.cards;
    assert.ok(cards.length >= 3 && cards.length <= 5, JSON.stringify(cards.map((c) => c.headline)));
    for (const card of cards) {
      for (const field of ['id', 'rule', 'headline', 'body', 'numbers', 'action', 'createdAt'])
        assert.ok((card as Record<string, unknown>)[field] !== undefined, `${field} in ${JSON.stringify(card)}`);
      assert.ok(card.action.label && card.action.href.startsWith('/owner/'));
    }
    const area = cards.find((c) => c.rule === 'area_fee');
    assert.ok(area, 'area card');
    assert.equal(area.numbers.area, 'ruiru');
    assert.equal(area.numbers.suggestedFeeKes, (area.numbers.feeKes as number) - 50);
    assert.ok(cards.some((c) => c.rule === 'product_views' && c.numbers.product === 'tecno-spark-20'));
    assert.ok(cards.some((c) => c.rule === 'search_gaps'));
  });

  test('slow movers come from the catalog itself: stock listed a month ago and never sold (a store without any history)', async () => {
    const HOME = 'nyumba-living';
    const tenant = tenantOf(HOME);
    const { young, expected } = await withClient(stack.db.ownerUrl, async (c) => {
      await c.query(`UPDATE products SET created_at = now() - interval '60 days' WHERE tenant_id = $1`, [tenant]);
      // The most valuable stock was listed 10 days ago: too new to call slow.
      const youngest = first(
        (
          await c.query<{ slug: string }>(
            `
        SELECT p.slug FROM products p JOIN product_variants v ON v.tenant_id = p.tenant_id AND v.product_id = p.id
         WHERE p.tenant_id = $1 AND p.status = 'active' GROUP BY p.slug ORDER BY sum(v.on_hand::bigint * v.price_kes) DESC, p.slug LIMIT 1`,
            [tenant],
          )
        ).rows,
      );
      await c.query(`UPDATE products SET created_at = now() - interval '10 days' WHERE tenant_id = $1 AND slug = $2`, [
        tenant,
        youngest.slug,
      ]);
      const { rows } = await c.query<{ slug: string }>(
        `
        SELECT p.slug FROM products p JOIN product_variants v ON v.tenant_id = p.tenant_id AND v.product_id = p.id
         WHERE p.tenant_id = $1 AND p.status = 'active' AND p.slug <> $2 AND v.on_hand > 0
         GROUP BY p.slug HAVING sum(v.on_hand) >= $3 AND sum(v.on_hand::bigint * v.price_kes) >= $4
         ORDER BY sum(v.on_hand::bigint * v.price_kes) DESC, p.slug LIMIT 2`,
        [tenant, youngest.slug, SLOW_MIN_ON_HAND, SLOW_MIN_STOCK_VALUE_KES],
      );
      return { young: youngest.slug, expected: rows.map((r) => r.slug) };
    });
    assert.equal(expected.length, 2, 'the demo home store has stock worth a card');
    const owner = await demoLogin(call, HOME, 'owner');
    const res = await call<InsightList>(
      'POST',
      '/v1/owner/insights/generate?period=week',
      undefined,
      owner.accessToken,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const cards = res.body.cards;
    assert.deepEqual(
      cards.map((c) => c.rule),
      ['slow_movers', 'slow_movers'],
      'no history: nothing else has enough data',
    );
    assert.deepEqual(
      cards.map((c) => c.numbers.product),
      expected,
      'the most money on the shelf first',
    );
    assert.ok(!cards.some((c) => c.numbers.product === young));
    for (const card of cards) {
      assert.equal(card.numbers.daysWithoutSale, 30);
      assert.ok((card.numbers.suggestedSalePriceKes as number) < (card.numbers.priceKes as number));
      assert.equal(
        card.action.href,
        `/owner/products/${card.numbers.product}?salePriceKes=${card.numbers.suggestedSalePriceKes}#sale`,
      );
    }
  });

  test('dismiss hides a card, also after regenerating; staff reads but cannot generate or dismiss', async () => {
    const owner = await demoLogin(call, GADGETS, 'owner');
    const staff = await demoLogin(call, GADGETS, 'staff');
    const list = await call<InsightList>('GET', '/v1/owner/insights?period=week', undefined, staff.accessToken);
    assert.equal(list.status, 200, 'staff can read');
    const card = list.body.cards[0]!;
    assert.equal(
      (await call('POST', `/v1/owner/insights/${card.id}/dismiss`, undefined, staff.accessToken)).status,
      403,
    );
    assert.equal(
      (await call('POST', '/v1/owner/insights/generate?period=week', undefined, staff.accessToken)).status,
      403,
    );
    assert.equal(
      (
        await call(
          'POST',
          `/v1/owner/insights/recompute?from=${nairobiDay(-1)}&to=${nairobiDay(-1)}`,
          undefined,
          staff.accessToken,
        )
      ).status,
      403,
    );
    const dismissed = await call('POST', `/v1/owner/insights/${card.id}/dismiss`, undefined, owner.accessToken);
    assert.equal(dismissed.status, 200, JSON.stringify(dismissed.body));
    assert.deepEqual(dismissed.body, { id: card.id, dismissed: true, alreadyDismissed: false });
    const again = await call<InsightList>(
      'POST',
      '/v1/owner/insights/generate?period=week',
      undefined,
      owner.accessToken,
    );
    assert.equal(again.status, 200);
    assert.ok(!again.body.cards.some((c) => c.id === card.id), 'dismissed card stays away');
    const admin = await demoLogin(call, GADGETS, 'admin');
    assert.equal(
      (await call<InsightDismissed>('POST', `/v1/owner/insights/${card.id}/dismiss`, undefined, admin.accessToken)).body
        .alreadyDismissed,
      true,
    );
  });

  test("a store never sees or dismisses another store's cards", async () => {
    const gadgets = await demoLogin(call, GADGETS, 'owner');
    const watches = await demoLogin(call, WATCHES, 'owner');
    const ours = (await call<InsightList>('GET', '/v1/owner/insights?period=month', undefined, gadgets.accessToken))
      .body.cards;
    const theirs = (await call<InsightList>('GET', '/v1/owner/insights?period=month', undefined, watches.accessToken))
      .body.cards;
    assert.ok(ours.length > 0);
    const ids = new Set(theirs.map((c) => c.id));
    assert.ok(ours.every((c) => !ids.has(c.id)));
    assert.ok(!theirs.some((c) => c.numbers?.product === 'tecno-spark-20'));
    const res = await call('POST', `/v1/owner/insights/${ours[0]!.id}/dismiss`, undefined, watches.accessToken);
    assert.equal(res.status, 404);
    assert.equal(res.apiError().code, 'not_found');
  });

  test('metrics: revenue and orders over time, funnel, top products, areas, channels, M-Pesa rate', async () => {
    const owner = await demoLogin(call, GADGETS, 'owner');
    const res = await call<InsightMetrics>(
      'GET',
      '/v1/owner/insights/metrics?period=week',
      undefined,
      owner.accessToken,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const m = res.body;
    assert.equal(m.revenue.length, 7);
    const stored = await withClient(stack.db.ownerUrl, async (c) =>
      first(
        (
          await c.query<{ revenue: number; paid: number }>(
            `SELECT sum(revenue_kes)::int AS revenue, sum(paid_orders)::int AS paid FROM daily_store_metrics
      WHERE tenant_id = $1 AND day BETWEEN $2 AND $3`,
            [tenantOf(GADGETS), m.window.from, m.window.to],
          )
        ).rows,
      ),
    );
    assert.equal(m.totals.revenueKes, stored.revenue);
    assert.equal(
      m.revenue.reduce((s, d) => s + d.revenueKes, 0),
      stored.revenue,
    );
    assert.equal(m.funnel.paid, stored.paid);
    assert.ok(
      m.funnel.sessions >= m.funnel.views && m.funnel.views >= m.funnel.carts && m.funnel.carts >= m.funnel.checkouts,
    );
    assert.ok(m.topProducts.length > 0 && m.areas.length > 0);
    assert.deepEqual(
      m.channels.map((c) => c.channel),
      ['web', 'whatsapp', 'link'],
    );
    assert.ok(m.mpesa.successRatePct! > 0 && m.mpesa.successRatePct! <= 100);
    const day = await call<InsightMetrics>(
      'GET',
      '/v1/owner/insights/metrics?period=day',
      undefined,
      owner.accessToken,
    );
    assert.equal(day.body.revenue.length, 7, 'a day still charts the last 7 days');
  });

  test('bad input is a clear 400', async () => {
    const owner = await demoLogin(call, GADGETS, 'owner');
    for (const path of [
      '/v1/owner/insights?period=year',
      '/v1/owner/insights/metrics?period=',
      '/v1/owner/insights/metrics?period=week&extra=1',
    ]) {
      const res = await call('GET', path, undefined, owner.accessToken);
      assert.equal(res.status, 400, path);
      assert.equal(res.apiError().code, 'validation_failed');
      assert.ok(res.apiError().details);
    }
    for (const query of [
      'from=2026-02-30&to=2026-03-01',
      'from=yesterday&to=2026-03-01',
      `from=${nairobiDay(-1)}&to=${nairobiDay(-2)}`,
      `from=${nairobiDay(-1)}&to=${nairobiDay(5)}`,
      `from=${nairobiDay(-200)}&to=${nairobiDay(-1)}`,
      '',
    ]) {
      const res = await call('POST', `/v1/owner/insights/recompute?${query}`, undefined, owner.accessToken);
      assert.equal(res.status, 400, query);
      assert.equal(res.apiError().code, 'validation_failed');
    }
    const notUuid = await call('POST', '/v1/owner/insights/not-a-uuid/dismiss', undefined, owner.accessToken);
    assert.equal(notUuid.status, 400);
    assert.equal((await call('GET', '/v1/owner/insights')).status, 401);
  });
});

describe('live counters and the collector', () => {
  test('beacons with area and payment steps count in the last-30-minutes counters', async () => {
    const owner = await demoLogin(call, WATCHES, 'owner');
    const before = (await call<LiveCounters>('GET', '/v1/owner/insights/live', undefined, owner.accessToken)).body;
    const sessionId = `live-${Date.now()}`;
    const at = Date.now();
    const res = await fetch(`${stack.api.url}/v1/stores/${WATCHES}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': PHONE_UA, 'x-forwarded-for': '198.51.107.200' },
      body: JSON.stringify({
        events: [
          { type: 'page_view', at, sessionId, path: '/' },
          {
            type: 'product_view',
            at,
            sessionId,
            path: '/products/casio-f-91w',
            productSlug: 'casio-f-91w',
            areaSlug: 'kilimani',
          },
          {
            type: 'add_to_cart',
            at,
            sessionId,
            path: '/products/casio-f-91w',
            productSlug: 'casio-f-91w',
            quantity: 1,
          },
          { type: 'checkout_start', at, sessionId, path: '/checkout', areaSlug: 'kilimani' },
          { type: 'payment_started', at, sessionId, path: '/checkout', areaSlug: 'kilimani' },
          { type: 'paid', at, sessionId, path: '/checkout', areaSlug: 'kilimani' },
        ],
      }),
    });
    assert.equal(res.status, 202);
    const live = await call<LiveCounters>('GET', '/v1/owner/insights/live', undefined, owner.accessToken);
    assert.equal(live.status, 200);
    assert.equal(live.body.views - before.views, 2);
    assert.equal(live.body.carts - before.carts, 1);
    assert.equal(live.body.checkouts - before.checkouts, 1);
    assert.equal(live.body.paid - before.paid, 1);
    assert.equal(live.body.windowMinutes, 30);
    assert.equal(live.body.perMinute.length, 30);
    // Another store's counters did not move.
    const other = await demoLogin(call, GADGETS, 'staff');
    assert.equal(
      (await call<LiveCounters>('GET', '/v1/owner/insights/live', undefined, other.accessToken)).body.paid,
      0,
    );
    // The area reaches the events table through the stack.worker.
    const stored = await waitUntil(
      'the 6 events in the events table',
      async () =>
        withClient(
          stack.db.ownerUrl,
          async (c) =>
            first(
              (
                await c.query<{ n: number }>(
                  `SELECT count(*)::int AS n FROM events WHERE session_id = $1 AND (area_slug = 'kilimani' OR type IN ('page_view', 'add_to_cart'))`,
                  [sessionId],
                )
              ).rows,
            ).n,
        ),
      (n) => n >= 6,
      15_000,
    );
    assert.equal(stored, 6);
    const bad = await fetch(`${stack.api.url}/v1/stores/${WATCHES}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': PHONE_UA, 'x-forwarded-for': '198.51.107.201' },
      body: JSON.stringify({ events: [{ type: 'page_view', at, sessionId, path: '/', areaSlug: 'Not An Area!' }] }),
    });
    assert.equal(bad.status, 400);
  });
});

describe('event retention', () => {
  test('partitions older than the retention are detached and dropped; aggregates stay', async () => {
    await withClient(stack.db.ownerUrl, async (c) => {
      await c.query(`SELECT app_ensure_event_partitions_between('2020-01-01', '2020-02-15')`);
      await c.query(
        `INSERT INTO events (tenant_id, occurred_at, type, session_id, path) VALUES ($1, '2020-01-10T10:00:00Z', 'page_view', 'retention-test', '/')`,
        [tenantOf(WATCHES)],
      );
      const count = async (text: string, params: unknown[] = []) =>
        first((await c.query<{ n: number }>(text, params)).rows).n;
      const aggregates = await count(`SELECT count(*)::int AS n FROM daily_store_metrics`);
      const { dropped } = first(
        (await c.query<{ dropped: string[] }>(`SELECT app_drop_old_event_partitions(13) AS dropped`)).rows,
      );
      assert.deepEqual(dropped, ['events_2020_01', 'events_2020_02']);
      assert.equal(
        first((await c.query<{ r: string | null }>(`SELECT to_regclass('events_2020_01') AS r`)).rows).r,
        null,
      );
      assert.ok(
        (await count(`SELECT count(*)::int AS n FROM events WHERE tenant_id = $1`, [tenantOf(GADGETS)])) > 0,
        'recent history kept',
      );
      assert.equal(await count(`SELECT count(*)::int AS n FROM daily_store_metrics`), aggregates);
      await assert.rejects(c.query(`SELECT app_drop_old_event_partitions(1)`), /keep months must be 2..120/);
    });
  });
});
