// The owner metrics snapshot (migration 0050, issue 17): GET /v1/owner/insights/metrics is
// answered from a stored snapshot while the store's daily tables have not changed, and is never
// stale: a second read is a hit with the same bytes as a fresh computation; a day re-aggregated
// in the window (in an open transaction, then committed; or through the recompute endpoint) shows
// at the next read; a renamed product or area shows at once; 20 concurrent first reads all
// answer 200 with the same body; bad input is a 400 as before.
// No worker: its hourly aggregation would change the daily tables between the reads compared here.
// Run alone: node --import tsx --test tests/api/insight-metric-snapshots.test.ts
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type pg from 'pg';
import { demoStores, seedDemo } from '@sokoni/db/dist/seed/index.js';
import type { InsightMetrics } from '@sokoni/contracts';
import { useApiStack } from '../helpers/api-fixture.ts';
import { withClient } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';

const STORE = 'nairobi-gadgets';
const PERIODS = ['day', 'week', 'month'] as const;
type Period = (typeof PERIODS)[number];

const stack = useApiStack({
  // 35 days of events, orders and daily aggregates (the month window and a few days more).
  prepare: async (db) => {
    const stores = demoStores.filter((s) => s.slug === STORE);
    await seedDemo({ ownerUrl: db.ownerUrl, mediaDir: db.mediaDir, stores, history: { days: 35 } });
  },
});
const call = jsonCaller(() => stack.api.url, '198.51.117');
let token = '';
let yesterday = '';
const tenant = () => stack.tenantOf(STORE);

stack.before(async () => {
  token = (await demoLogin(call, STORE, 'owner')).accessToken;
  const [row] = await stack.sql<{ day: string }>(
    `SELECT ((now() AT TIME ZONE 'Africa/Nairobi')::date - 1)::text AS day`,
  );
  yesterday = row!.day;
});

/** The raw answer: the body's exact text, so "identical" means byte for byte. */
async function metrics(period: string): Promise<{ status: number; text: string; body: InsightMetrics }> {
  const res = await fetch(`${stack.api.url}/v1/owner/insights/metrics?period=${period}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as InsightMetrics };
}

/** The sum of the /metrics samples of the snapshot counter for one result (0 before the first). */
async function reads(result: 'hit' | 'miss'): Promise<number> {
  const text = await (await fetch(`${stack.api.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('sokoni_insight_metric_snapshot_reads_total{') && l.includes(`result="${result}"`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/** One read and what it did to the counters. */
async function readCounted(period: Period) {
  const [hits, misses] = [await reads('hit'), await reads('miss')];
  const res = await metrics(period);
  assert.equal(res.status, 200, res.text);
  const [hit, miss] = [(await reads('hit')) - hits, (await reads('miss')) - misses];
  assert.equal(hit + miss, 1, 'one read counted once');
  return { ...res, hit: hit === 1 };
}

const forget = (period?: Period) =>
  stack.sql(`DELETE FROM insight_metric_snapshots WHERE tenant_id = $1 AND ($2::text IS NULL OR period = $2)`, [
    tenant(),
    period ?? null,
  ]);

const snapshotRows = (period: Period) =>
  stack.sql<{ window_to: string; generation: string; current: string }>(
    `SELECT s.window_to::text, s.generation::text,
            coalesce((SELECT generation FROM insight_metric_generations g WHERE g.tenant_id = s.tenant_id), 0)::text AS current
       FROM insight_metric_snapshots s WHERE s.tenant_id = $1 AND s.period = $2 ORDER BY s.window_to`,
    [tenant(), period],
  );

/** A new shopper session on yesterday (Nairobi noon): one page view, one view of `product`. */
async function visitYesterday(session: string, product: string) {
  await stack.sql(
    `INSERT INTO events (tenant_id, occurred_at, type, session_id, path, product_slug)
     SELECT $1, ($2::date + time '12:00') AT TIME ZONE 'Africa/Nairobi', t, $3, '/', CASE WHEN t = 'product_view' THEN $4 END
       FROM unnest(ARRAY['page_view', 'product_view']) AS t`,
    [tenant(), yesterday, session, product],
  );
}

describe('owner insight metrics snapshot', () => {
  test('the second read is served from the snapshot, byte for byte what a fresh computation sends', async () => {
    for (const period of PERIODS) {
      await forget(period);
      // An older window of this period: a miss keeps only the current one.
      await stack.sql(
        `INSERT INTO insight_metric_snapshots (tenant_id, period, window_to, generation, data, top_product_ids, area_slugs)
         VALUES ($1, $2, $3::date - 1, 0, '{}', '{}', '{}')`,
        [tenant(), period, yesterday],
      );
      const first = await readCounted(period);
      assert.equal(first.hit, false, `${period}: the first read computes`);
      assert.equal(first.body.window.to, yesterday);
      const rows = await snapshotRows(period);
      assert.deepEqual(
        rows.map((r) => r.window_to),
        [yesterday],
        `${period}: one snapshot, the current window`,
      );
      assert.equal(rows[0]!.generation, rows[0]!.current, `${period}: stored under the current generation`);
      assert.ok(Number(rows[0]!.current) > 0, 'the seeded aggregates bumped the generation');

      const second = await readCounted(period);
      assert.equal(second.hit, true, `${period}: the second read is a hit`);
      assert.equal(second.text, first.text, `${period}: same bytes`);

      // Without the snapshot the same request computes again: the hit equals a fresh answer.
      await forget(period);
      const fresh = await readCounted(period);
      assert.equal(fresh.hit, false);
      assert.equal(fresh.text, second.text, `${period}: the hit is what a computation sends`);
    }
    const week = (await metrics('week')).body;
    assert.ok(week.totals.revenueKes > 0 && week.topProducts.length > 0 && week.areas.length > 0, 'a real answer');
    assert.equal(week.revenue.length, 7);
    assert.equal((await metrics('day')).body.revenue.length, 7, 'a day still charts 7 days');
  });

  test('a day re-aggregated in the window shows at the next read (open transaction, then commit; recompute)', async () => {
    const before = await readCounted('week');
    await readCounted('week');
    const product = before.body.topProducts[0]!.slug;
    const views = (b: InsightMetrics) => b.topProducts.find((p) => p.slug === product)?.views ?? 0;

    // Events alone change nothing the answer is made of: still a hit, same numbers.
    await visitYesterday('snapshot-test-session-1', product);
    const unchanged = await readCounted('week');
    assert.equal(unchanged.hit, true);
    assert.equal(unchanged.text, before.text);

    // Yesterday re-aggregated in a transaction left open: it has bumped the generation but not
    // committed, so readers still see (and may store) the old numbers under the old generation...
    await withClient(stack.db.appUrl, async (c: pg.Client) => {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant()]);
      await c.query('SELECT app_analytics_aggregate_day($1::date)', [yesterday]);
      const during = await readCounted('week');
      assert.equal(during.text, before.text, 'uncommitted: the old answer');
      await forget('week');
      const recomputed = await readCounted('week');
      assert.equal(recomputed.hit, false);
      assert.equal(recomputed.text, before.text, 'computed and stored while the change is uncommitted');
      await c.query('COMMIT');
    });
    // ...and once it commits, that snapshot no longer matches the generation.
    const after = await readCounted('week');
    assert.equal(after.hit, false, 'the committed change retired the snapshot');
    assert.equal(after.body.totals.sessions, before.body.totals.sessions + 1);
    assert.equal(after.body.funnel.views, before.body.funnel.views + 1);
    assert.equal(views(after.body), views(before.body) + 1);
    assert.equal((await readCounted('week')).hit, true, 'then a hit again');

    // The owner's recompute endpoint (AggregationService.aggregateDay) does the same.
    await visitYesterday('snapshot-test-session-2', product);
    const res = await call('POST', `/v1/owner/insights/recompute?from=${yesterday}&to=${yesterday}`, undefined, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const recomputed = await readCounted('week');
    assert.equal(recomputed.hit, false);
    assert.equal(recomputed.body.totals.sessions, before.body.totals.sessions + 2);
    assert.equal(views(recomputed.body), views(before.body) + 2);
    const month = await readCounted('month');
    assert.ok(month.body.totals.sessions >= recomputed.body.totals.sessions, 'the month counts the same day');
  });

  test('a renamed product and a renamed area show at once, from the snapshot', async () => {
    await readCounted('week');
    const before = await readCounted('week');
    assert.equal(before.hit, true);
    const top = before.body.topProducts[0]!;
    const area = before.body.areas[0]!;
    const renamed = await call(
      'PATCH',
      `/v1/owner/catalog/products/${top.slug}`,
      { title: `${top.title} (toleo jipya)` },
      token,
    );
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    await stack.sql(`UPDATE nairobi_areas SET name = name || ' Mpya' WHERE slug = $1`, [area.slug]);
    try {
      const after = await readCounted('week');
      assert.equal(after.hit, true, 'a rename does not retire the snapshot');
      assert.equal(after.body.topProducts[0]!.title, `${top.title} (toleo jipya)`);
      assert.equal(after.body.areas[0]!.name, `${area.name} Mpya`);
      // The rest of the answer is untouched, and a fresh computation agrees.
      assert.deepEqual(
        { ...after.body, topProducts: after.body.topProducts.slice(1), areas: after.body.areas.slice(1) },
        { ...before.body, topProducts: before.body.topProducts.slice(1), areas: before.body.areas.slice(1) },
      );
      await forget('week');
      const fresh = await readCounted('week');
      assert.equal(fresh.hit, false);
      assert.equal(fresh.text, after.text);
    } finally {
      await call('PATCH', `/v1/owner/catalog/products/${top.slug}`, { title: top.title }, token);
      await stack.sql(`UPDATE nairobi_areas SET name = $2 WHERE slug = $1`, [area.slug, area.name]);
    }
  });

  test('20 concurrent first reads: 20 x 200 with identical bodies, one snapshot', async () => {
    await forget('month');
    const [hits, misses] = [await reads('hit'), await reads('miss')];
    const burst = await Promise.all(Array.from({ length: 20 }, () => metrics('month')));
    assert.deepEqual(
      burst.map((r) => r.status),
      Array.from({ length: 20 }, () => 200),
    );
    assert.equal(new Set(burst.map((r) => r.text)).size, 1, 'identical bodies');
    assert.equal((await reads('hit')) - hits + (await reads('miss')) - misses, 20);
    assert.ok((await reads('miss')) - misses >= 1);
    const rows = await snapshotRows('month');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.generation, rows[0]!.current);
    const next = await readCounted('month');
    assert.equal(next.hit, true);
    assert.equal(next.text, burst[0]!.text);
  });

  test('bad input is a 400 as before, and another store never sees this one', async () => {
    for (const period of ['year', '', 'week&extra=1']) {
      const res = await metrics(period);
      assert.equal(res.status, 400, `${period}: ${res.text}`);
      const body = res.body as unknown as { error: { code: string; details: unknown } };
      assert.equal(body.error.code, 'validation_failed');
      assert.ok(body.error.details);
    }
    assert.equal((await fetch(`${stack.api.url}/v1/owner/insights/metrics?period=week`)).status, 401);

    const other = (await demoLogin(call, 'saa-bora', 'owner')).accessToken;
    const theirs = await fetch(`${stack.api.url}/v1/owner/insights/metrics?period=week`, {
      headers: { authorization: `Bearer ${other}` },
    });
    assert.equal(theirs.status, 200);
    const ours = await metrics('week');
    assert.notEqual(await theirs.text(), ours.text, "another store's answer is its own");
  });
});
