// Storefront pages through the web tier: the production Next server (apps/web/server.mjs) in front
// of the real API and worker, against a seeded database. Each page of a demo store (home, a
// category, a product, an area) is measured side by side in the same run on two web servers
// pointed at the same API:
// - cold: the page cache off (PAGE_CACHE_TTL_S=0): every request renders (Next, the lib/*.ts
//   data cache and the API as before);
// - warm: the page cache on (apps/web/page-cache.mjs), filled by the warm-up load: HTML from memory
//   with a fresh nonce.
// Figures: req/s and p99 of each, the ratio warm/cold of the same run (median over BENCH_RUNS), and
// the peak resident memory (VmRSS from /proc, sampled during every load) of the API, the worker
// and each web server. Writes bench/results/web.json.
//   BENCH_DURATION_S (default 10) seconds per measurement, BENCH_RUNS (default 3), BENCH_CONNECTIONS (20).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { build } from '../scripts/lib/build.mjs';
import { createTestDatabase, first, rowsQuery } from '../tests/helpers/database.ts';
import { freePort, ROOT, serverEnv, startApi, startWeb, startWorker } from '../tests/helpers/processes.ts';
import { median } from './lib/median.mts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const STORE = 'nairobi-gadgets';
const SECRET = randomBytes(24).toString('base64url');
const RSS_SAMPLE_MS = 250;

build({ web: true });
const db = await createTestDatabase({ seed: true });
const sql = rowsQuery(() => db.ownerUrl);
const warmPort = await freePort();
const env = serverEnv(db, {
  RATE_LIMIT_MAX: '100000000',
  DB_POOL_MAX: '10',
  WEB_REVALIDATE_URL: `http://127.0.0.1:${warmPort}/api/revalidate`,
  REVALIDATE_SECRET: SECRET,
  STOREFRONT_URL_TEMPLATE: `http://{slug}.localhost:${warmPort}`,
  // No scheduled warm-ups of every store during the loads: the measured pages are warmed by the
  // warm-up load itself, and background renders would be charged to whichever page runs first.
  PAGE_WARM_INTERVAL_MS: '0',
});
const api = await startApi(env);
const worker = await startWorker(env);
const webs = {
  cold: await startWeb(api.url, { PAGE_CACHE_TTL_S: '0' }),
  warm: await startWeb(api.url, { PORT: String(warmPort), PAGE_CACHE_TTL_S: '300', REVALIDATE_SECRET: SECRET }),
};
type Web = keyof typeof webs;
const COLD_FIRST: readonly Web[] = ['cold', 'warm'];
const WARM_FIRST: readonly Web[] = ['warm', 'cold'];
const processes = {
  api: api.child.pid,
  worker: worker.child.pid,
  web_cold: webs.cold.child.pid,
  web_warm: webs.warm.child.pid,
};
const peakRssMb: Record<string, number> = Object.fromEntries(Object.keys(processes).map((k) => [k, 0]));

function sampleRss(): void {
  for (const [name, pid] of Object.entries(processes)) {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peakRssMb[name] = Math.max(peakRssMb[name]!, Math.round(kb / 1024));
    } catch {
      // the process ended (the run fails below)
    }
  }
}

const category = first(
  await sql<{ slug: string }>(
    `SELECT c.slug FROM categories c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = $1
      AND EXISTS (SELECT 1 FROM products p WHERE p.tenant_id = c.tenant_id AND p.category_id = c.id AND p.status = 'active')
      ORDER BY c.position LIMIT 1`,
    [STORE],
  ),
);
const product = first(
  await sql<{ slug: string }>(
    `SELECT p.slug FROM products p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = $1 AND p.status = 'active'
      ORDER BY p.created_at DESC, p.slug LIMIT 1`,
    [STORE],
  ),
);
const pages = [
  { name: 'home', path: `/s/${STORE}` },
  { name: 'category', path: `/s/${STORE}/c/${category.slug}` },
  { name: 'product', path: `/s/${STORE}/products/${product.slug}` },
  { name: 'area', path: `/s/${STORE}/areas/westlands` },
];

interface Measurement {
  /** x-sokoni-page-cache of a request right after the warm-up (warm: HIT, else the run measured renders). */
  cache: string;
  requests_per_s: number;
  latency_ms: { p50: number; p99: number; max: number };
  errors: number;
}

async function measure(web: Web, urlPath: string): Promise<Measurement> {
  const url = `${webs[web].url}${urlPath}`;
  // Warm-up: Next's and the API's caches, connection pools (and, warm, the page cache).
  await autocannon({ url, connections: 4, duration: 2 });
  const cache = (await fetch(url)).headers.get('x-sokoni-page-cache') ?? 'none';
  const sampler = setInterval(sampleRss, RSS_SAMPLE_MS);
  try {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
    return {
      cache,
      requests_per_s: Math.round(result.requests.average),
      latency_ms: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      errors: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    clearInterval(sampler);
    sampleRss();
  }
}

function medianOf(runs: Measurement[]): Measurement {
  const pick = (f: (m: Measurement) => number) => Number(median(runs.map(f)).toFixed(2));
  return {
    cache: [...new Set(runs.map((m) => m.cache))].join('/'),
    requests_per_s: Math.round(median(runs.map((m) => m.requests_per_s))),
    latency_ms: {
      p50: pick((m) => m.latency_ms.p50),
      p99: pick((m) => m.latency_ms.p99),
      max: pick((m) => m.latency_ms.max),
    },
    errors: runs.reduce((s, m) => s + m.errors, 0),
  };
}

try {
  for (const page of pages) {
    const res = await fetch(`${webs.warm.url}${page.path}`);
    if (res.status !== 200) throw new Error(`${page.path} answered ${res.status}`);
  }
  const raw = new Map<string, Measurement[]>();
  for (let run = 0; run < RUNS; run++)
    for (const page of pages)
      // Alternate which server goes first, so a machine getting busier does not favour one side.
      for (const web of run % 2 ? WARM_FIRST : COLD_FIRST)
        raw.set(`${page.name}/${web}`, [...(raw.get(`${page.name}/${web}`) ?? []), await measure(web, page.path)]);
  /** Median over runs of warm / cold in the same run. */
  const ratio = (name: string, f: (m: Measurement) => number) => {
    const cold = raw.get(`${name}/cold`)!;
    return Number(median(raw.get(`${name}/warm`)!.map((m, i) => f(m) / Math.max(0.001, f(cold[i]!)))).toFixed(2));
  };
  const results = pages.map((page) => ({
    ...page,
    cold: medianOf(raw.get(`${page.name}/cold`)!),
    warm: medianOf(raw.get(`${page.name}/warm`)!),
    warm_to_cold: {
      requests_per_s: ratio(page.name, (m) => m.requests_per_s),
      p99: ratio(page.name, (m) => m.latency_ms.p99),
    },
    runs: { cold: raw.get(`${page.name}/cold`), warm: raw.get(`${page.name}/warm`) },
  }));
  const summary = {
    benchmark: 'web',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, load_average_1m: os.loadavg()[0] },
    connections: CONNECTIONS,
    duration_s: DURATION_S,
    runs: RUNS,
    note: 'medians over runs; warm_to_cold = figure of the cached web / same figure of the uncached web in the same run; peak_rss_mb = highest VmRSS sampled during the loads',
    pages: results,
    peak_rss_mb: peakRssMb,
    rss_budget_mb: 300,
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/web.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `web (${CONNECTIONS} conn, ${DURATION_S}s x ${RUNS} runs, medians; req/s cold / warm (ratio), p99 ms cold / warm (ratio)): ` +
      results
        .map(
          (r) =>
            `${r.name} ${r.cold.requests_per_s} / ${r.warm.requests_per_s} ${r.warm.cache} (${r.warm_to_cold.requests_per_s}) p99 ${r.cold.latency_ms.p99} / ${r.warm.latency_ms.p99} (${r.warm_to_cold.p99})`,
        )
        .join(' | ') +
      ` | errors ${results.reduce((s, r) => s + r.cold.errors + r.warm.errors, 0)}` +
      ` | peak RSS MB api ${peakRssMb.api} worker ${peakRssMb.worker} web cold ${peakRssMb.web_cold} web warm ${peakRssMb.web_warm} (budget 300)`,
  );
} finally {
  await Promise.allSettled([webs.cold.stop(), webs.warm.stop(), worker.stop(), api.stop()]);
  await db.drop();
}
