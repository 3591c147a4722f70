// Storefront page speed as a shopper on a cheap Android phone gets it: Lighthouse (mobile
// preset: simulated slow 4G, 4x CPU slowdown) in Debian's Chromium against the production
// build (real API, real Postgres with RLS, real Next server), on the home, a category, a product
// and a search page of EVERY demo store (each in its own look: logo, hero, sections), plus the
// cart and checkout (with an item in the cart) and an area page of one store; plus the floors to
// beat: an empty Next.js App Router page built with the same Next/React (bench/baseline-next)
// and a plain static HTML page.
// Every figure is the median of BENCH_RUNS (default 5, as Lighthouse's own variability guide
// advises) runs, taken in interleaved rounds (every page once, then again), one page at a time
// (2 cores), so a busy minute on the shared machine lowers one run of several pages, not every
// run of one page. Writes bench/results/lighthouse.json and prints one summary line.
//
// Lighthouse 13 needs Node >= 22.19 while the project runs on Node 20, so Lighthouse runs in
// one long-lived child process on a Node 22 binary (bench/lib/lighthouse-runner.mts, shared with
// `npm run ops:lighthouse`).
//
// Exit code: 1 when a storefront page is below the gate (performance < 95 or TTI > 2.0 s, the
// issue's budget) or not 200; BENCH_ENFORCE=0 only reports. LCP/TBT/CLS budgets are reported
// (over_budget) but do not fail the run.
//
// Environment: BENCH_RUNS (5), BENCH_ENFORCE (1; 0 = report only), BENCH_STORES (comma list;
// default all four), BENCH_KEEP_REPORTS=<dir> (keep every raw Lighthouse JSON), BENCH_FLOOR=0 (skip
// the static page), CHROME_PATH (/usr/bin/chromium), LIGHTHOUSE_NODE, SOKONI_REBUILD=1,
// BENCH_WEB_DIR=<dir> (measure another, already built, copy of the web app, e.g. an older commit
// exported with `git archive`; apps/web is then neither built nor used).
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from '../scripts/lib/build.mjs';
import { CHROME_FLAGS, LighthouseRunner, lighthouseNode } from './lib/lighthouse-runner.mts';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/database.ts';
import {
  freePort,
  ROOT,
  serverEnv,
  startApi,
  startRaw,
  startWeb,
  type RunningProcess,
} from '../tests/helpers/processes.ts';
import { median } from './lib/median.mts';

const RUNS = Math.max(1, Math.floor(Number(process.env.BENCH_RUNS ?? 5)) || 5);
const CHROME_PATH = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const KEEP_REPORTS = process.env.BENCH_KEEP_REPORTS ? path.resolve(process.env.BENCH_KEEP_REPORTS) : null;
const WITH_FLOOR = process.env.BENCH_FLOOR !== '0';
const WEB_DIR = process.env.BENCH_WEB_DIR ? path.resolve(process.env.BENCH_WEB_DIR) : null;
const STORE = 'nairobi-gadgets';
/** Every demo store: home, category, product and search of each (issue 12: after the branding). */
const STORES = (process.env.BENCH_STORES ?? 'nairobi-gadgets,mtindo-fashion,saa-bora,nyumba-living')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
/** What fails the run (non-zero exit): the issue's budget. */
const GATE = { score_min: 95, tti_ms_max: 2000 };
/** The issue's budget for every storefront page. */
const BUDGET = { score_min: 95, tti_ms_max: 2000, lcp_ms_max: 1800, tbt_ms_max: 150, cls_max: 0.02 };
const BASELINE_DIR = path.join(ROOT, 'bench/baseline-next');
const NEXT_BIN = path.join(ROOT, 'node_modules/.bin/next');

type Kind = 'storefront' | 'baseline' | 'floor';
interface PageSpec {
  name: string;
  kind: Kind;
  url: string;
  server?: RunningProcess;
  /** Sent with every request of the page (the cart cookie of the cart and checkout pages). */
  headers?: Record<string, string>;
}
interface RunMetrics {
  score: number;
  lcp_ms: number;
  tbt_ms: number;
  cls: number;
  fcp_ms: number;
  tti_ms: number;
  speed_index_ms: number;
  transfer_kb: number;
  js_kb: number;
  js_requests: number;
  document_kb: number;
  benchmark_index: number;
}

// ---------- helpers ----------

/** Lighthouse's effective settings as this bench reads them (form factor, throttling, screen). */
interface LhSettings {
  formFactor?: string;
  throttlingMethod?: string;
  throttling?: Record<string, unknown>;
  screenEmulation?: { width: number; height: number; deviceScaleFactor: number };
}

/** The parts of a Lighthouse result (LHR) this bench reads; the runner parses the report, unchecked. */
interface Lhr {
  runtimeError?: { code: string; message?: string };
  categories?: { performance?: { score?: number | null } };
  audits: Record<string, { numericValue?: number; details?: { items?: unknown[] } } | undefined>;
  environment?: { benchmarkIndex?: number };
  configSettings: LhSettings;
  lighthouseVersion: string;
}

/** Lighthouse's effective settings, from the first report (form factor, throttling). */
let lhSettings: LhSettings | null = null;

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

function newestMtime(target: string): number {
  const st = statSync(target);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === '.next' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Builds bench/baseline-next with the root's Next (skipped when up to date). */
function buildBaseline(): void {
  let builtAt = 0;
  try {
    builtAt = statSync(path.join(BASELINE_DIR, '.next/BUILD_ID')).mtimeMs;
  } catch {
    /* never built */
  }
  const sources = Math.max(
    newestMtime(BASELINE_DIR),
    statSync(path.join(ROOT, 'node_modules/next/package.json')).mtimeMs,
  );
  if (process.env.SOKONI_REBUILD !== '1' && builtAt > sources) {
    process.stdout.write('[build] baseline-next: up to date, skipping next build\n');
    return;
  }
  const started = Date.now();
  const r = spawnSync(NEXT_BIN, ['build', BASELINE_DIR], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`baseline-next build failed (exit ${r.status})`);
  process.stdout.write(`[build] baseline-next (next build) done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

async function waitForHttp(url: string, proc: RunningProcess, label: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* starting */
    }
    if (proc.child.exitCode !== null) throw new Error(`${label} exited:\n${proc.lines.slice(-20).join('\n')}`);
    if (Date.now() > deadline) throw new Error(`${label} did not answer:\n${proc.lines.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const FLOOR_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Static floor</title><meta name="description" content="A plain static HTML page: the Lighthouse floor.">
<style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem;line-height:1.5}</style></head>
<body><main><h1>Nairobi Gadgets</h1><p>A plain static HTML page with no JavaScript: the fastest a page can be on this machine.</p></main></body></html>
`;

function startFloorServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(FLOOR_HTML);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
    }),
  );
}

function metricsOf(lhr: Lhr): RunMetrics {
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message ?? ''}`);
  const score = lhr.categories?.performance?.score;
  if (typeof score !== 'number') throw new Error('lighthouse: no performance score');
  const audit = (id: string) => {
    const v = lhr.audits[id]?.numericValue;
    if (typeof v !== 'number') throw new Error(`lighthouse: no ${id}`);
    return v;
  };
  const summary = (lhr.audits['resource-summary']?.details?.items ?? []) as {
    resourceType: string;
    transferSize: number;
    requestCount: number;
  }[];
  const total = summary.find((i) => i.resourceType === 'total');
  const requests = (lhr.audits['network-requests']?.details?.items ?? []) as {
    resourceType?: string;
    transferSize?: number;
  }[];
  const documentRequest = requests.find((i) => i.resourceType === 'Document');
  const script = summary.find((i) => i.resourceType === 'script');
  return {
    score: Math.round(score * 100),
    lcp_ms: audit('largest-contentful-paint'),
    tbt_ms: audit('total-blocking-time'),
    cls: audit('cumulative-layout-shift'),
    fcp_ms: audit('first-contentful-paint'),
    tti_ms: audit('interactive'),
    speed_index_ms: audit('speed-index'),
    transfer_kb: kb(total?.transferSize ?? 0),
    js_kb: kb(script?.transferSize ?? 0),
    js_requests: script?.requestCount ?? 0,
    document_kb: kb(documentRequest?.transferSize ?? 0),
    benchmark_index: lhr.environment?.benchmarkIndex ?? 0,
  };
}

/** The scripts a page loaded (from the network log of one run): path, transfer and raw KB. */
function scriptsOf(lhr: Lhr): { url: string; transfer_kb: number; resource_kb: number }[] {
  const items = (lhr.audits['network-requests']?.details?.items ?? []) as {
    url: string;
    resourceType?: string;
    transferSize?: number;
    resourceSize?: number;
  }[];
  return items
    .filter((i) => i.resourceType === 'Script')
    .map((i) => {
      let u = i.url;
      try {
        u = new URL(i.url).pathname;
      } catch {
        /* keep */
      }
      return { url: u, transfer_kb: kb(i.transferSize ?? 0), resource_kb: kb(i.resourceSize ?? 0) };
    })
    .sort((a, b) => b.transfer_kb - a.transfer_kb);
}

function overBudget(m: Omit<RunMetrics, 'benchmark_index'>): string[] {
  const over: string[] = [];
  if (m.score < BUDGET.score_min) over.push('score');
  if (m.tti_ms > BUDGET.tti_ms_max) over.push('tti');
  if (m.lcp_ms > BUDGET.lcp_ms_max) over.push('lcp');
  if (m.tbt_ms > BUDGET.tbt_ms_max) over.push('tbt');
  if (m.cls > BUDGET.cls_max) over.push('cls');
  return over;
}

/** Fetches the same-origin scripts, styles and images a page references (first hit of /media
 * goes through the proxy to the API; the measured runs should not pay for that). */
async function warmAssets(pageUrl: string, html: string): Promise<void> {
  const origin = new URL(pageUrl).origin;
  const refs = new Set<string>();
  for (const m of html.matchAll(/\s(?:src|href)="([^"]+)"/g)) {
    const ref = m[1]!.replace(/&amp;/g, '&');
    if (!/\.(?:js|css|webp|avif|jpe?g|png|svg)(?:\?|$)|^\/media\/|\/_next\/image\?/.test(ref)) continue;
    try {
      const u = new URL(ref, pageUrl);
      if (u.origin === origin) refs.add(u.href);
    } catch {
      /* not a URL */
    }
  }
  await Promise.all(
    [...refs].slice(0, 60).map((u) =>
      fetch(u)
        .then((r) => r.arrayBuffer())
        .catch(() => undefined),
    ),
  );
}

/** Bytes of inline JavaScript in a page (not JSON-LD/JSON data blocks), uncompressed: the
 * resource summary counts script files only, so islands and RSC payload pushes show up here. */
function inlineScriptBytes(html: string): number {
  let bytes = 0;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1]!;
    if (/\ssrc=/i.test(attrs)) continue;
    const type = /\stype="([^"]*)"/i.exec(attrs)?.[1]?.toLowerCase();
    if (type && !['text/javascript', 'module', 'application/javascript'].includes(type)) continue;
    bytes += Buffer.byteLength(m[2]!);
  }
  return bytes;
}

/** Why a server is gone, if it is: exit code or signal and its last output lines. */
function serverGone(proc: RunningProcess | undefined): string | null {
  if (!proc || (proc.child.exitCode === null && proc.child.signalCode === null)) return null;
  return `server exited (${proc.child.exitCode ?? proc.child.signalCode}); last lines: ${proc.lines.slice(-5).join(' / ')}`;
}

/** A page ready to be measured (answered 200 to the warm-up), or why it is left out. */
type Prepared =
  | { page: PageSpec; displayUrl: string; status: number; inlineScriptKb: number; skip?: undefined }
  | { page: PageSpec; displayUrl: string; skip: ReturnType<typeof notMeasured> };

function notMeasured(page: PageSpec, displayUrl: string, status: number | null, note: string, errors?: string[]) {
  return {
    name: page.name,
    kind: page.kind,
    path: displayUrl,
    status,
    measured: false as const,
    note,
    ...(errors ? { errors } : {}),
  };
}

/** Warm-up: the Next data cache, API caches, compiled routes. Also tells whether the page exists. */
async function prepare(page: PageSpec): Promise<Prepared> {
  const displayUrl = page.kind === 'floor' ? '/ (static HTML)' : new URL(page.url).pathname + new URL(page.url).search;
  try {
    const res = await fetch(page.url, { redirect: 'manual', headers: page.headers });
    const html = await res.text();
    if (res.status !== 200) {
      process.stdout.write(`[lighthouse] ${page.name}: HTTP ${res.status}, not measured\n`);
      return {
        page,
        displayUrl,
        skip: notMeasured(page, displayUrl, res.status, `HTTP ${res.status}: page not available, metrics skipped`),
      };
    }
    await warmAssets(page.url, html);
    return { page, displayUrl, status: res.status, inlineScriptKb: kb(inlineScriptBytes(html)) };
  } catch (err) {
    const note = `warm-up failed: ${(err as Error).message}${serverGone(page.server) ? `; ${serverGone(page.server)}` : ''}`;
    process.stdout.write(`[lighthouse] ${page.name}: ${note}\n`);
    return { page, displayUrl, skip: notMeasured(page, displayUrl, null, note) };
  }
}

/** What one page collected over the rounds. */
interface Collected {
  runs: RunMetrics[];
  errors: string[];
  lastLhr: Lhr | null;
  version: string;
}

/** One Lighthouse run of one page, added to what the page collected (a failure is noted). */
async function runOnce(runner: LighthouseRunner, page: PageSpec, tmp: string, into: Collected, attempt: number) {
  const out = path.join(tmp, `${page.name}-${attempt}.json`);
  try {
    const lhr = (await runner.run(page.url, out, page.headers)) as Lhr;
    into.runs.push(metricsOf(lhr));
    into.lastLhr = lhr;
    lhSettings ??= lhr.configSettings;
    into.version = lhr.lighthouseVersion;
    if (KEEP_REPORTS) await copyFile(out, path.join(KEEP_REPORTS, `${page.name}-${into.runs.length}.json`));
    const r = into.runs.at(-1)!;
    process.stdout.write(
      `[lighthouse] ${page.name} run ${into.runs.length}/${RUNS}: ${r.score} LCP ${round(r.lcp_ms)} TBT ${round(r.tbt_ms)} TTI ${round(r.tti_ms)} JS ${r.js_kb}KB (benchmarkIndex ${Math.round(r.benchmark_index)})\n`,
    );
  } catch (err) {
    into.errors.push(`${(err as Error).message}${serverGone(page.server) ? `; ${serverGone(page.server)}` : ''}`);
    process.stdout.write(`[lighthouse] ${page.name} run failed: ${into.errors.at(-1)}\n`);
  }
}

/** The medians of a page's runs, its budget and gate verdicts, and the runs themselves. */
function summarize(prepared: Exclude<Prepared, { skip: object }>, got: Collected) {
  const { page, displayUrl, status, inlineScriptKb } = prepared;
  const { runs, errors, lastLhr, version } = got;
  if (runs.length === 0) return notMeasured(page, displayUrl, status, 'every Lighthouse run failed', errors);
  const pick = (k: keyof RunMetrics) => median(runs.map((r) => r[k]));
  const med = {
    score: Math.round(pick('score')),
    lcp_ms: round(pick('lcp_ms')),
    tbt_ms: round(pick('tbt_ms')),
    cls: round(pick('cls'), 4),
    fcp_ms: round(pick('fcp_ms')),
    tti_ms: round(pick('tti_ms')),
    speed_index_ms: round(pick('speed_index_ms')),
    transfer_kb: round(pick('transfer_kb'), 1),
    js_kb: round(pick('js_kb'), 1),
    js_requests: Math.round(pick('js_requests')),
    document_kb: round(pick('document_kb'), 1),
    inline_script_kb: inlineScriptKb,
  };
  const over = overBudget(med);
  const belowGate = [
    ...(med.score < GATE.score_min ? ['score'] : []),
    ...(med.tti_ms > GATE.tti_ms_max ? ['tti'] : []),
  ];
  return {
    name: page.name,
    kind: page.kind,
    path: displayUrl,
    status,
    measured: true as const,
    runs_ok: runs.length,
    ...med,
    meets_budget: over.length === 0,
    over_budget: over,
    passes_gate: belowGate.length === 0,
    below_gate: belowGate,
    benchmark_index_median: Math.round(pick('benchmark_index')),
    runs: runs.map((r) => ({
      ...r,
      lcp_ms: round(r.lcp_ms),
      tbt_ms: round(r.tbt_ms),
      cls: round(r.cls, 4),
      fcp_ms: round(r.fcp_ms),
      tti_ms: round(r.tti_ms),
      speed_index_ms: round(r.speed_index_ms),
    })),
    scripts: lastLhr ? scriptsOf(lastLhr) : [],
    ...(errors.length ? { errors } : {}),
    lighthouse_version: version,
  };
}

/**
 * Every page, BENCH_RUNS rounds of one run each, interleaved (round 1 of every page, then round
 * 2 ...): a minute when the shared machine is busy lowers one run of many pages, which the
 * median drops, instead of every run of one page. A failed run is retried at the end (at most 2
 * extra rounds); a page whose server is gone stops.
 */
async function measureAll(runner: LighthouseRunner, pages: PageSpec[], tmp: string) {
  const prepared: Prepared[] = [];
  for (const page of pages) prepared.push(await prepare(page));
  const collected = new Map<PageSpec, Collected>(
    pages.map((p) => [p, { runs: [], errors: [], lastLhr: null, version: '' }]),
  );
  for (let round = 1; round <= RUNS + 2 && !interrupted; round++) {
    for (const p of prepared) {
      if (p.skip || interrupted) continue;
      const got = collected.get(p.page)!;
      if (got.runs.length >= RUNS || serverGone(p.page.server)) continue;
      await runOnce(runner, p.page, tmp, got, round);
    }
  }
  return prepared.map((p) => (p.skip ? p.skip : summarize(p, collected.get(p.page)!)));
}

// ---------- main ----------

const startedAt = Date.now();
const loadAtStart = round(os.loadavg()[0]!, 2);
build({ web: WEB_DIR === null });
buildBaseline();
const lhNode = lighthouseNode();
const lhNodeVersion = spawnSync(lhNode, ['--version'], { encoding: 'utf8' }).stdout.trim();
const chromiumVersion = (() => {
  const r = spawnSync(CHROME_PATH, ['--version'], { encoding: 'utf8' });
  return (r.stdout || '').trim().split('\n').pop() ?? 'unknown';
})();
const lighthouseVersion = (
  JSON.parse(readFileSync(path.join(ROOT, 'node_modules/lighthouse/package.json'), 'utf8')) as { version: string }
).version;

let db: TestDatabase | null = null;
const processes: RunningProcess[] = [];
let floor: { server: Server; url: string } | null = null;
let tmp: string | null = null;
let runner: LighthouseRunner | null = null;
/** Set by SIGINT/SIGTERM: the run stops at the next step and cleans up; a second signal quits. */
let interrupted = false;
function checkInterrupted() {
  if (interrupted) throw new Error('interrupted');
}
async function cleanup() {
  await runner?.close().catch(() => undefined);
  for (const p of processes.reverse()) await p.stop().catch(() => undefined);
  floor?.server.close();
  if (db) await db.drop().catch(() => undefined);
  if (tmp) await rm(tmp, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stdout.write(`[lighthouse] ${signal}: stopping (again to quit at once)\n`);
    void runner?.close(); // ends a run in flight, and its Chromium
  });
}

let exitCode = 0;
try {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sokoni-lighthouse-'));
  if (KEEP_REPORTS) await mkdir(KEEP_REPORTS, { recursive: true });
  db = await createTestDatabase({ seed: true });
  checkInterrupted();
  const api = await startApi(serverEnv(db, { RATE_LIMIT_MAX: '100000000' }));
  processes.push(api);
  checkInterrupted();
  let web: RunningProcess & { url: string };
  if (WEB_DIR) {
    const port = await freePort();
    // The web's own server (server.mjs) as production runs it; a copy from before it existed
    // is started the way it was then (next start).
    const ownServer = existsSync(path.join(WEB_DIR, 'server.mjs'));
    const command = ownServer ? process.execPath : NEXT_BIN;
    const args = ownServer ? ['server.mjs'] : ['start', '-p', String(port)];
    const proc = startRaw(
      command,
      args,
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        API_URL: api.url,
        NEXT_TELEMETRY_DISABLED: '1',
        PLATFORM_DOMAIN: 'localhost',
        PORT: String(port),
      },
      WEB_DIR,
    );
    processes.push(proc);
    web = { ...proc, url: `http://127.0.0.1:${port}` };
    await waitForHttp(`${web.url}/`, proc, `web (${ownServer ? 'server.mjs' : 'next start'} in ${WEB_DIR})`);
  } else {
    web = await startWeb(api.url);
    processes.push(web);
  }
  const baselinePort = await freePort();
  const baseline = startRaw(
    NEXT_BIN,
    ['start', '-p', String(baselinePort)],
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    BASELINE_DIR,
  );
  processes.push(baseline);
  const baselineUrl = `http://127.0.0.1:${baselinePort}/`;
  await waitForHttp(baselineUrl, baseline, 'baseline-next (next start)');
  checkInterrupted();
  if (WITH_FLOOR) floor = await startFloorServer();

  const getJson = async <T,>(p: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${api.url}${p}`, init);
    if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
    return (await res.json()) as T;
  };
  const storePages: PageSpec[] = [];
  let productSlug = '';
  for (const store of STORES) {
    const first = await getJson<{ items: { slug: string; title: string }[] }>(`/v1/stores/${store}/products?limit=1`);
    const product = first.items[0];
    if (!product) throw new Error(`the seeded store ${store} has no products`);
    if (store === STORE) productSlug = product.slug;
    const { categories } = await getJson<{ categories: { slug: string; productCount: number }[] }>(
      `/v1/stores/${store}/categories`,
    );
    const category = categories.find((c) => c.productCount > 0)?.slug ?? 'none';
    const word = product.title.split(/\s+/).find((w) => w.length >= 4) ?? product.title.split(/\s+/)[0]!;
    // nairobi-gadgets keeps the short names older results use (home, category, product, search).
    const prefix = store === STORE ? '' : `${store}:`;
    storePages.push(
      { name: `${prefix}home`, kind: 'storefront', server: web, url: `${web.url}/s/${store}` },
      { name: `${prefix}category`, kind: 'storefront', server: web, url: `${web.url}/s/${store}/c/${category}` },
      {
        name: `${prefix}product`,
        kind: 'storefront',
        server: web,
        url: `${web.url}/s/${store}/products/${encodeURIComponent(product.slug)}`,
      },
      {
        name: `${prefix}search`,
        kind: 'storefront',
        server: web,
        url: `${web.url}/s/${store}/search?q=${encodeURIComponent(word.toLowerCase())}`,
      },
    );
  }
  // Cart and checkout with one item in the cart (the cart cookie the web sets, on every request);
  // STORE's product even when BENCH_STORES leaves that store's own pages out.
  if (!productSlug) {
    const first = await getJson<{ items: { slug: string }[] }>(`/v1/stores/${STORE}/products?limit=1`);
    productSlug = first.items[0]?.slug ?? '';
    if (!productSlug) throw new Error(`the seeded store ${STORE} has no products`);
  }
  const detail = await getJson<{ product: { variants: { sku: string; inStock: boolean }[] } }>(
    `/v1/stores/${STORE}/products/${encodeURIComponent(productSlug)}`,
  );
  const sku = detail.product.variants.find((v) => v.inStock)?.sku ?? detail.product.variants[0]!.sku;
  const cart = await getJson<{ cart: { token: string; itemCount: number } }>(`/v1/stores/${STORE}/cart/lines`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku, quantity: 1 }),
  });
  const cartCookie = {
    cookie: `sokoni_cart_${STORE}=${cart.cart.token}; sokoni_cart_n_${STORE}=${cart.cart.itemCount}`,
  };
  const pages: PageSpec[] = [
    ...storePages,
    { name: 'cart', kind: 'storefront', server: web, url: `${web.url}/s/${STORE}/cart`, headers: cartCookie },
    { name: 'checkout', kind: 'storefront', server: web, url: `${web.url}/s/${STORE}/checkout`, headers: cartCookie },
    { name: 'area', kind: 'storefront', server: web, url: `${web.url}/s/${STORE}/areas/kilimani` },
    { name: 'baseline-next', kind: 'baseline', url: baselineUrl, server: baseline },
    ...(floor ? [{ name: 'static', kind: 'floor' as const, url: floor.url }] : []),
  ];

  runner = new LighthouseRunner(lhNode, { chromePath: CHROME_PATH });
  const results = await measureAll(runner, pages, tmp);
  checkInterrupted();

  const storefront = results.filter((r) => r.kind === 'storefront');
  const withinBudget = storefront.every((r) => r.measured && 'meets_budget' in r && r.meets_budget);
  const passesGate = storefront.every((r) => r.measured && 'passes_gate' in r && r.passes_gate);
  const fmt = (r: (typeof results)[number]) => {
    if (!r.measured || !('score' in r)) return `${r.name} ${r.status ? `HTTP ${r.status}` : 'failed'}`;
    const base = `${r.name} ${r.score} LCP ${(r.lcp_ms / 1000).toFixed(2)}s TBT ${Math.round(r.tbt_ms)}ms TTI ${(r.tti_ms / 1000).toFixed(2)}s CLS ${r.cls.toFixed(3)} JS ${Math.round(r.js_kb)}KB${r.inline_script_kb >= 1 ? ` +${Math.round(r.inline_script_kb)}KB inline` : ''}`;
    return r.kind === 'storefront' && !r.meets_budget ? `${base} (over: ${r.over_budget.join(',')})` : base;
  };
  const line = `lighthouse ${lighthouseVersion} (median of ${RUNS}): ${results.map(fmt).join(' | ')} => storefront ${withinBudget ? 'within' : 'OVER'} budget; gate (score >= ${GATE.score_min}, TTI <= ${GATE.tti_ms_max} ms) ${passesGate ? 'passed' : 'FAILED'}`;

  const settings = lhSettings as LhSettings | null; // set by measure()
  const summary = {
    benchmark: 'lighthouse',
    at: new Date().toISOString(),
    duration_s: Math.round((Date.now() - startedAt) / 1000),
    lighthouse_version: lighthouseVersion,
    lighthouse_node: lhNodeVersion,
    chromium: chromiumVersion,
    // Other work on the machine slows the observed CPU tasks Lighthouse scales by 4x: the load
    // averages and Lighthouse's benchmark index (per page) say how busy it was.
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadavg_1m_start: loadAtStart,
      loadavg_1m_end: round(os.loadavg()[0]!, 2),
    },
    settings: {
      preset: 'mobile (Lighthouse default config)',
      form_factor: settings?.formFactor ?? null,
      throttling_method: settings?.throttlingMethod ?? null,
      throttling: settings?.throttling ?? null,
      screen: settings?.screenEmulation
        ? {
            width: settings.screenEmulation.width,
            height: settings.screenEmulation.height,
            dpr: settings.screenEmulation.deviceScaleFactor,
          }
        : null,
      runs_per_page: RUNS,
      statistic: 'median per metric',
      chrome_flags: CHROME_FLAGS,
    },
    budget: BUDGET,
    gate: GATE,
    fields: {
      score: 'Lighthouse performance score 0-100',
      'lcp_ms, tbt_ms, fcp_ms, tti_ms, speed_index_ms, cls': 'simulated (Lantern) metrics of the mobile preset',
      transfer_kb: 'all requests of the page load, bytes on the wire (resource-summary)',
      js_kb: 'script files only, bytes on the wire (resource-summary); inline scripts are in the document',
      document_kb: 'the HTML document, bytes on the wire',
      inline_script_kb:
        'inline <script> JavaScript in the HTML (not JSON-LD), uncompressed: islands, RSC payload pushes',
      scripts: 'script files of the last run, largest first',
    },
    storefront_within_budget: withinBudget,
    storefront_passes_gate: passesGate,
    stores: STORES,
    web_dir: path.relative(ROOT, WEB_DIR ?? path.join(ROOT, 'apps/web')) || '.',
    store: STORE,
    product: productSlug,
    pages: results,
    summary: line,
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/lighthouse.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(line);
  if (process.env.BENCH_ENFORCE !== '0' && !passesGate) exitCode = 1;
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(interrupted ? 130 : exitCode);
