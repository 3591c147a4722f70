// Analytics pipeline under load, against the real API process, real Postgres (RLS on) and Redis:
//  1. collector throughput: batched beacons (10 events each) from many shoppers (each request
//     from its own address, as phones are: the per-IP limit is per shopper), events/s and p99;
//     then how fast the worker drains the queued batches into the partitioned events table;
//  2. nightly aggregation of a day with 1,000,000 events (bulk-generated into one store's
//     history), as the app role in a tenant transaction: app_analytics_aggregate_day.
// Writes bench/results/events.json and prints one line.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { build } from '../scripts/lib/build.mjs';
import { createTestDatabase, REDIS_URL, withClient } from '../tests/helpers/database.ts';
import { ROOT, serverEnv, startApi, startWorker } from '../tests/helpers/processes.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const BATCH = 10;
const AGGREGATE_EVENTS = Number(process.env.BENCH_AGGREGATE_EVENTS ?? 1_000_000);
const STORE = 'nairobi-gadgets';
const PHONE_UA =
  'Mozilla/5.0 (Linux; Android 12; TECNO KG5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';

build({ web: false });
const db = await createTestDatabase({ seed: true });
const env = serverEnv(db, { RATE_LIMIT_MAX: '100000000', DB_POOL_MAX: '10' });
const api = await startApi(env);
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const tenantId = db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;

function beacon(n: number): string {
  const sessionId = `bench-${n.toString(36).padStart(8, '0')}`;
  const at = Date.now();
  const events = Array.from({ length: BATCH }, (_, i) =>
    i === 0
      ? { type: 'page_view', at, sessionId, path: '/' }
      : i % 4 === 0
        ? { type: 'search', at, sessionId, path: '/search', query: 'samsung', resultCount: 8 }
        : {
            type: 'product_view',
            at,
            sessionId,
            path: '/products/samsung-galaxy-a15',
            productSlug: 'samsung-galaxy-a15',
            areaSlug: 'kilimani',
          },
  );
  return JSON.stringify({ events });
}

let requestNo = 0;
async function collector() {
  const options = {
    url: `${api.url}/v1/stores/${STORE}/events`,
    method: 'POST' as const,
    requests: [
      {
        method: 'POST' as const,
        // Every beacon from its own shopper (address + session): the per-IP limit (120/min) is per phone.
        setupRequest: (req: autocannon.Request) => {
          const n = requestNo++;
          return {
            ...req,
            body: beacon(n),
            headers: {
              'content-type': 'application/json',
              'user-agent': PHONE_UA,
              'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
            },
          };
        },
      },
    ],
  };
  await autocannon({ ...options, connections: 4, duration: 2 });
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION_S });
  return {
    connections: CONNECTIONS,
    duration_s: DURATION_S,
    events_per_beacon: BATCH,
    beacons_per_s: Math.round(result.requests.average),
    events_per_s: Math.round(result.requests.average * BATCH),
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    non_2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** The worker writes the queued batches into Postgres: how fast does the backlog drain? */
async function drain(expectedEvents: number) {
  const countEvents = () =>
    withClient(db.ownerUrl, async (c) =>
      Number(
        (
          await c.query<{ n: string }>(
            `SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND session_id LIKE 'bench-%'`,
            [tenantId],
          )
        ).rows[0]!.n,
      ),
    );
  const before = await countEvents();
  const started = Date.now();
  const worker = await startWorker({ ...env, WORKER_CONCURRENCY: '8' });
  const deadline = started + 180_000;
  let stored = before;
  while (Date.now() < deadline && stored < expectedEvents) {
    await new Promise((r) => setTimeout(r, 1000));
    stored = await countEvents();
  }
  const seconds = (Date.now() - started) / 1000;
  await worker.stop();
  return {
    events_stored: stored,
    expected: expectedEvents,
    seconds: Math.round(seconds * 10) / 10,
    events_per_s: Math.round((stored - before) / seconds),
    complete: stored >= expectedEvents,
  };
}

/** 1M events bulk-generated into yesterday (Nairobi), then the nightly recompute of that day. */
async function aggregation() {
  const yesterday = new Date(Date.now() + 3 * 3600_000 - 86400_000).toISOString().slice(0, 10);
  const generateStarted = Date.now();
  await withClient(db.ownerUrl, async (c) => {
    await c.query(`SELECT app_ensure_event_partitions_between($1::date - 1, $1::date + 1)`, [yesterday]);
    const { rows: products } = await c.query<{ slug: string }>(
      `SELECT slug FROM products WHERE tenant_id = $1 ORDER BY slug`,
      [tenantId],
    );
    const { rows: areas } = await c.query<{ area_slug: string }>(
      `SELECT area_slug FROM delivery_zone_areas WHERE tenant_id = $1 ORDER BY area_slug`,
      [tenantId],
    );
    // ~5 events per session, a day's worth of evening-heavy traffic, types in funnel proportions.
    await c.query(
      `
      INSERT INTO events (tenant_id, occurred_at, client_at, type, session_id, path, product_slug, query, result_count, quantity, channel, area_slug, device)
      SELECT $1::uuid, ts, ts, type, 'agg-' || (i / 5)::text || '-bench',
             '/', CASE WHEN type IN ('product_view', 'add_to_cart') THEN ($3::text[])[1 + (hashint % array_length($3::text[], 1))] END,
             CASE WHEN type = 'search' THEN (ARRAY['samsung', 'tecno', 'ps5', 'charger', 'airpods pro case'])[1 + hashint % 5] END,
             CASE WHEN type = 'search' THEN CASE WHEN hashint % 5 = 2 THEN 0 ELSE 7 END END,
             CASE WHEN type = 'add_to_cart' THEN 1 END,
             (ARRAY['web', 'web', 'web', 'web', 'web', 'whatsapp', 'link'])[1 + hashint % 7],
             CASE WHEN hashint % 2 = 0 THEN ($4::text[])[1 + (hashint % array_length($4::text[], 1))] END,
             'mobile'
        FROM (SELECT i, abs(hashtext(i::text)) AS hashint,
                     ($2::date::timestamp AT TIME ZONE 'Africa/Nairobi') + (((i::bigint * 86399) / $5)::text || ' seconds')::interval AS ts,
                     CASE WHEN i % 100 < 30 THEN 'page_view' WHEN i % 100 < 80 THEN 'product_view' WHEN i % 100 < 88 THEN 'search'
                          WHEN i % 100 < 95 THEN 'add_to_cart' WHEN i % 100 < 98 THEN 'checkout_start' ELSE 'payment_started' END AS type
                FROM generate_series(0, $5 - 1) AS i) g`,
      [tenantId, yesterday, products.map((p) => p.slug), areas.map((a) => a.area_slug), AGGREGATE_EVENTS],
    );
    await c.query('ANALYZE events');
  });
  const generateMs = Date.now() - generateStarted;
  const runs: number[] = [];
  let rows: unknown = null;
  for (let i = 0; i < 3; i++) {
    rows = await withClient(db.appUrl, async (c) => {
      const started = Date.now();
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const {
        rows: [r],
      } = await c.query<{ r: unknown }>(`SELECT app_analytics_aggregate_day($1::date) AS r`, [yesterday]);
      await c.query('COMMIT');
      runs.push(Date.now() - started);
      return r!.r;
    });
  }
  const check = await withClient(
    db.ownerUrl,
    async (c) =>
      (
        await c.query<{ sessions: number; counted: number }>(
          `SELECT sessions, page_views + product_views + searches + add_to_carts AS counted FROM daily_store_metrics WHERE tenant_id = $1 AND day = $2`,
          [tenantId, yesterday],
        )
      ).rows[0],
  );
  return {
    events: AGGREGATE_EVENTS,
    day: yesterday,
    generate_ms: generateMs,
    aggregate_day_ms: { runs, best: Math.min(...runs), median: [...runs].sort((a, b) => a - b)[1] },
    events_per_s: Math.round(AGGREGATE_EVENTS / (Math.min(...runs) / 1000)),
    rows: rows as Record<string, unknown>,
    sessions: check?.sessions,
  };
}

try {
  const ingest = await collector();
  const accepted = ingest.beacons_per_s * DURATION_S * BATCH;
  const queued = await drain(Math.floor(accepted * 0.95));
  const nightly = await aggregation();
  const summary = {
    benchmark: 'events',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    collector: ingest,
    worker_ingest: queued,
    nightly_aggregation: nightly,
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/events.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `events: collector ${ingest.events_per_s} events/s (${ingest.beacons_per_s} beacons/s x ${BATCH}, ${CONNECTIONS} connections, ${DURATION_S}s) p99 ${ingest.latency_ms.p99}ms non-2xx ${ingest.non_2xx}` +
      ` | worker ingest ${queued.events_per_s} events/s | nightly aggregation of ${nightly.events.toLocaleString('en')} events in one day ${nightly.aggregate_day_ms.best} ms`,
  );
} finally {
  redis.disconnect();
  await api.stop();
  await db.drop();
}
