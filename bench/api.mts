// API under load against a seeded database, the real API process, real Postgres (RLS on) and
// Redis. Each storefront read (product list, product detail, search, typo/Swahili search) is
// measured side by side in the same run on three servers:
// - baseline: bare Fastify running the API's own catalog/search services and SQL in the same
//   tenant transaction, no Nest and no cache (bench/lib/baseline-server.mts);
// - cold: the real API with the catalog cache off (CATALOG_CACHE_TTL_S=0): every read hits Postgres;
// - hot: the real API with the catalog cache on (the default): answers from Redis.
// Figures are reported as ratios to the baseline (they survive a noisy machine), as the median of
// BENCH_RUNS runs, with the Postgres CPU per request (utime+stime of this database's backends from
// /proc, before/after each measured load, divided by its requests). Cart and delivery quote run
// on the hot API only (they never use the cache). Writes bench/results/api.json.
// Latency is reported twice: at saturation (the connections above, as fast as the server answers:
// p99 there is mostly queueing, connections / throughput) and at the issue's target rate
// (`at_target_rate`: requests due at even intervals whatever the server's pace, latency counted
// from when each was due: bench/lib/open-loop.mts), for the cold API and the baseline in one run.
//   BENCH_DURATION_S (default 10) seconds per measurement, BENCH_RUNS (default 3), BENCH_CONNECTIONS (20),
//   BENCH_RATE_CONNECTIONS (64: the most the target-rate client opens; more wait their turn, counted).
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { build } from '../scripts/lib/build.mjs';
import { createTestDatabase, rowsQuery } from '../tests/helpers/database.ts';
import { ROOT, serverEnv, startApi, startRaw } from '../tests/helpers/processes.ts';
import { median } from './lib/median.mts';
import { openLoop } from './lib/open-loop.mts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const RATE_CONNECTIONS = Number(process.env.BENCH_RATE_CONNECTIONS ?? 64);
const STORE = 'nairobi-gadgets';
/** Clock ticks per second of /proc/<pid>/stat times (getconf CLK_TCK; 100 on Linux). */
const CLK_TCK = 100;

build({ web: false });
const db = await createTestDatabase({ seed: true });
const sql = rowsQuery(() => db.ownerUrl);
const apiEnv = { RATE_LIMIT_MAX: '100000000', DB_POOL_MAX: '10' };
const hot = await startApi(serverEnv(db, apiEnv));
const cold = await startApi(serverEnv(db, { ...apiEnv, CATALOG_CACHE_TTL_S: '0' }));
const baselineProcess = startRaw(process.execPath, ['--import', 'tsx', 'bench/lib/baseline-server.mts'], {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DATABASE_URL: db.appUrl,
  DB_POOL_MAX: apiEnv.DB_POOL_MAX,
  STORES: db.seed!.stores.map((s) => `${s.slug}=${s.tenantId}`).join(','),
  PORT: '0',
});
const baselineUrl = `http://127.0.0.1:${(await baselineProcess.waitForLog((e) => e.msg === 'baseline listening')).port as number}`;
const servers = { baseline: baselineUrl, cold: cold.url, hot: hot.url } as const;
type Server = keyof typeof servers;

const first = (await (await fetch(`${hot.url}/v1/stores/${STORE}/products?limit=1`)).json()) as {
  items: { slug: string }[];
};
const productSlug = first.items[0]!.slug;
const detail = (await (await fetch(`${hot.url}/v1/stores/${STORE}/products/${productSlug}`)).json()) as {
  product: { variants: { sku: string }[] };
};
const cartSku = detail.product.variants[0]!.sku;
// One cart per connection: shoppers write to their own carts (a cart serialises its own writes).
const cartTokens: string[] = [];
for (let i = 0; i < CONNECTIONS; i++) {
  const res = await fetch(`${hot.url}/v1/stores/${STORE}/cart/lines`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku: cartSku, quantity: 1 }),
  });
  cartTokens.push(((await res.json()) as { cart: { token: string } }).cart.token);
}
let nextCart = 0;

type Request = {
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  setupClient?: (client: { setHeaders: (headers: Record<string, string>) => void }) => void;
};

/** utime+stime (ms) of this database's Postgres backends, by pid (not counting this query's own). */
async function backendCpuMs(): Promise<Map<number, number>> {
  const pids = await sql<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const cpu = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After "pid (comm) ": state is field 3, utime 14, stime 15.
      cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK);
    } catch {
      // The backend ended between the query and the read.
    }
  }
  return cpu;
}

/** Backend CPU ms spent since `before` (backendCpuMs), summed over the backends. */
async function backendCpuMsSince(before: Map<number, number>): Promise<number> {
  let cpuMs = 0;
  for (const [pid, ms] of await backendCpuMs()) cpuMs += ms - (before.get(pid) ?? 0);
  return cpuMs;
}

/** Sum of a /metrics counter over its label sets. */
async function counter(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

interface Measurement {
  requests_per_s: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  pg_cpu_ms_per_request: number;
  cache_hit_ratio?: number;
  /** At a target rate: requests due while all BENCH_RATE_CONNECTIONS were busy (they waited, counted in latency). */
  waited_for_connection?: number;
}

/**
 * With `rate`: offered load instead of saturation, `rate` GETs/s due at even intervals over up to
 * RATE_CONNECTIONS connections (bench/lib/open-loop.mts), latency counted from when each was due.
 */
async function measure(server: Server, urlPath: string, request: Request = {}, rate?: number): Promise<Measurement> {
  const options = { url: `${servers[server]}${urlPath}`, ...request };
  // Warm-up: connection pools, plan cache, tenant-resolution cache (and, hot, the catalog cache).
  await autocannon({ ...options, connections: 4, duration: 2 });
  const hits = server === 'hot' ? await counter(hot.url, 'sokoni_catalog_cache_hits_total') : 0;
  const misses = server === 'hot' ? await counter(hot.url, 'sokoni_catalog_cache_misses_total') : 0;
  const cpuBefore = await backendCpuMs();
  if (rate) {
    const offered = await openLoop(options.url, rate, DURATION_S, RATE_CONNECTIONS);
    const cpuMs = await backendCpuMsSince(cpuBefore);
    return {
      requests_per_s: offered.requests_per_s,
      latency_ms: offered.latency_ms,
      errors: offered.errors,
      waited_for_connection: offered.waited_for_connection,
      pg_cpu_ms_per_request: Number((cpuMs / (rate * DURATION_S)).toFixed(3)),
    };
  }
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION_S });
  const cpuMs = await backendCpuMsSince(cpuBefore);
  const requests = result.requests.total;
  const measurement: Measurement = {
    requests_per_s: Math.round(result.requests.average),
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    errors: result.non2xx + result.errors + result.timeouts,
    pg_cpu_ms_per_request: requests ? Number((cpuMs / requests).toFixed(3)) : 0,
  };
  if (server === 'hot') {
    const hit = (await counter(hot.url, 'sokoni_catalog_cache_hits_total')) - hits;
    const miss = (await counter(hot.url, 'sokoni_catalog_cache_misses_total')) - misses;
    measurement.cache_hit_ratio = hit + miss ? Number((hit / (hit + miss)).toFixed(4)) : 0;
  }
  return measurement;
}

/** The median of each figure over the runs (each figure on its own). */
function medianOf(runs: Measurement[]): Measurement {
  const pick = (f: (m: Measurement) => number) => Number(median(runs.map(f)).toFixed(3));
  return {
    requests_per_s: Math.round(median(runs.map((m) => m.requests_per_s))),
    latency_ms: {
      p50: pick((m) => m.latency_ms.p50),
      p90: pick((m) => m.latency_ms.p90),
      p99: pick((m) => m.latency_ms.p99),
      max: pick((m) => m.latency_ms.max),
    },
    errors: runs.reduce((s, m) => s + m.errors, 0),
    pg_cpu_ms_per_request: pick((m) => m.pg_cpu_ms_per_request),
    ...(runs[0]?.cache_hit_ratio !== undefined ? { cache_hit_ratio: pick((m) => m.cache_hit_ratio ?? 0) } : {}),
  };
}

/** target_rate: issue 17's figure for the uncached path (detail has none of its own: the list's). */
const reads = [
  { name: 'product_list_48', path: `/v1/stores/${STORE}/products?limit=48`, target_rate: 1500 },
  { name: 'product_detail', path: `/v1/stores/${STORE}/products/${productSlug}`, target_rate: 1500 },
  { name: 'search', path: `/v1/stores/${STORE}/search?q=samsung%20128gb`, target_rate: 800 },
  { name: 'search_typo_swahili', path: `/v1/stores/${STORE}/search?q=simu%20samsang`, target_rate: 400 },
];
const apiOnly: { name: string; path: string; request?: Request }[] = [
  // Setting a line's quantity: the same cart, re-priced from the catalog (Postgres) on every write.
  {
    name: 'cart_set_quantity',
    path: `/v1/stores/${STORE}/cart/lines/${cartSku}`,
    request: {
      method: 'PUT',
      body: JSON.stringify({ quantity: 1 }),
      setupClient: (client) =>
        client.setHeaders({
          'content-type': 'application/json',
          'x-cart-token': cartTokens[nextCart++ % cartTokens.length]!,
        }),
    },
  },
  { name: 'delivery_quote', path: `/v1/stores/${STORE}/delivery/quote?area=westlands&subtotal=25000` },
];

try {
  const raw = new Map<string, Measurement[]>();
  const record = (key: string, m: Measurement) => raw.set(key, [...(raw.get(key) ?? []), m]);
  for (let run = 0; run < RUNS; run++) {
    for (const read of reads) {
      for (const server of ['baseline', 'cold', 'hot'] as const)
        record(`${read.name}/${server}`, await measure(server, read.path));
      for (const server of ['baseline', 'cold'] as const)
        record(`${read.name}/${server}@rate`, await measure(server, read.path, {}, read.target_rate));
    }
    for (const s of apiOnly) record(`${s.name}/hot`, await measure('hot', s.path, s.request));
  }
  /** Median over runs of (server req/s / baseline req/s in the same run). */
  const ratio = (read: string, server: Server) => {
    const base = raw.get(`${read}/baseline`)!;
    return Number(
      median(
        raw.get(`${read}/${server}`)!.map((m, i) => m.requests_per_s / Math.max(1, base[i]!.requests_per_s)),
      ).toFixed(2),
    );
  };
  /** The cold API and the baseline offered the same rate: achieved req/s, latency, and p99 cold/baseline per run. */
  const atRate = (read: string, rate: number) => {
    const base = raw.get(`${read}/baseline@rate`)!;
    const cold = raw.get(`${read}/cold@rate`)!;
    return {
      offered_per_s: rate,
      connections: RATE_CONNECTIONS,
      baseline: medianOf(base),
      cold: {
        ...medianOf(cold),
        p99_ratio_to_baseline: Number(
          median(cold.map((m, i) => m.latency_ms.p99 / Math.max(1, base[i]!.latency_ms.p99))).toFixed(2),
        ),
      },
    };
  };
  const endpoints = reads.map((read) => ({
    name: read.name,
    path: read.path,
    baseline: medianOf(raw.get(`${read.name}/baseline`)!),
    cold: { ...medianOf(raw.get(`${read.name}/cold`)!), ratio_to_baseline: ratio(read.name, 'cold') },
    hot: { ...medianOf(raw.get(`${read.name}/hot`)!), ratio_to_baseline: ratio(read.name, 'hot') },
    at_target_rate: atRate(read.name, read.target_rate),
    runs: Object.fromEntries(
      (['baseline', 'cold', 'hot', 'baseline@rate', 'cold@rate'] as const).map((s) => [
        s,
        raw.get(`${read.name}/${s}`),
      ]),
    ),
  }));
  const summary = {
    benchmark: 'api',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, load_average_1m: os.loadavg()[0] },
    connections: CONNECTIONS,
    duration_s: DURATION_S,
    runs: RUNS,
    note: 'figures are medians over runs; ratio_to_baseline = req/s of the server / req/s of the bare Fastify baseline in the same run',
    endpoints,
    api_only: apiOnly.map((s) => ({ name: s.name, path: s.path, ...medianOf(raw.get(`${s.name}/hot`)!) })),
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/api.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const list = endpoints[0]!;
  console.log(
    `api (${CONNECTIONS} conn, ${DURATION_S}s x ${RUNS} runs, medians; req/s baseline / cold (ratio) / hot (ratio), p99 ms cold/hot): ` +
      endpoints
        .map(
          (e) =>
            `${e.name} ${e.baseline.requests_per_s} / ${e.cold.requests_per_s} (${e.cold.ratio_to_baseline}) / ${e.hot.requests_per_s} (${e.hot.ratio_to_baseline}) p99 ${e.cold.latency_ms.p99}/${e.hot.latency_ms.p99}`,
        )
        .join(' | ') +
      ` | at target rate, cold p99 ms (baseline p99, achieved req/s): ${endpoints
        .map(
          (e) =>
            `${e.name}@${e.at_target_rate.offered_per_s} ${e.at_target_rate.cold.latency_ms.p99} (${e.at_target_rate.baseline.latency_ms.p99}, ${e.at_target_rate.cold.requests_per_s})`,
        )
        .join(' ')}` +
      ` | pg cpu ms per product list request: baseline ${list.baseline.pg_cpu_ms_per_request} cold ${list.cold.pg_cpu_ms_per_request} hot ${list.hot.pg_cpu_ms_per_request}` +
      ` | hot hit ratio ${list.hot.cache_hit_ratio} | errors ${endpoints.reduce((s, e) => s + e.baseline.errors + e.cold.errors + e.hot.errors + e.at_target_rate.baseline.errors + e.at_target_rate.cold.errors, 0)}` +
      ` | ${summary.api_only.map((s) => `${s.name} ${s.requests_per_s} req/s p99 ${s.latency_ms.p99}`).join(' | ')}`,
  );
} finally {
  await Promise.allSettled([hot.stop(), cold.stop(), baselineProcess.stop()]);
  await db.drop();
}
