// Checkout under load: N concurrent shoppers (default 200) across the four demo stores each add a
// line to a cart, place the order and pay it with an M-Pesa STK push through the real Daraja
// sandbox (a process), the real API, the real BullMQ worker, Postgres (RLS on) and Redis. The
// sandbox answers at once, so the latency is our overhead. Outcomes are a mix (pays, duplicate
// callback, late callback, no callback, cancelled, insufficient funds); a failed shopper retries
// once from a number that pays, as a real one would. Some shoppers double-tap. Every shopper pays
// as the checkout's one-tap "Place order and pay" does (issue 13): the order under key K, its STK
// push under K.pay, so a double tap repeats both and must still be one order and one prompt.
// After the run settles, every paid payment must have its M-Pesa receipt (`receipts_missing`, 0):
// the no-callback share gets it from the Pull Transactions API.
//
// A share of shoppers (BENCH_POD_PCT, 10 %, taken from those whose number pays) picks pay on
// delivery (issue 13): the store packs and dispatches the order and the rider taps "Collect with
// M-Pesa" at the door, an ordinary STK push for the total under K.pay (a double tap repeats it);
// such an order is paid when its money is collected (it stays dispatched until delivered).
//
// Afterwards it reconciles our database against the sandbox's own ledger: no order may be paid
// twice (double charge) and no money M-Pesa took may be missing from a paid order (lost payment).
// Double sends: an order's phone that got the same WhatsApp template or SMS twice. Writes
// bench/results/checkout.json; exits non-zero when any of these (or a duplicate paid event or
// notification) is found.
//
// Several processes (issue 17, docs/operate/multi-process.md): BENCH_API_PROCESSES=N and
// BENCH_WORKER_PROCESSES=M start N APIs on their own ports and M workers behind Debian's nginx
// (bench/lib/multi-process.mts: unprivileged, temp prefix, least_conn, keep-alive upstreams);
// shoppers and the sandbox's Daraja callbacks go through nginx. Any layout but 1x1 also runs 1x1
// in the same invocation as the baseline (BENCH_COMPARE=0: not), interleaved, BENCH_RUNS times
// (3); the final line has each layout's medians, the 1x1 figure and the ratio beside each, and
// the guarantees (double charges, lost payments, receipts missing, double sends) of the worst run.
// BENCH_SUSTAINED=1 adds, after the burst, arrivals at BENCH_SUSTAINED_RATES orders/s
// ("2,4,6,8,10,12,15,20,25,30"), BENCH_SUSTAINED_STEP_S (10) s each, stopping at the first step
// whose place-order->paid p95 exceeds BENCH_SUSTAINED_P95_MS (2000) or has a failure: the last
// step that held is the sustained orders/s. Each process logs to
// bench/results/checkout-<layout>-run<n>-<process>.log.
//   npm run bench:checkout                                                  # 1x1, 200 shoppers
//   BENCH_API_PROCESSES=2 BENCH_WORKER_PROCESSES=2 BENCH_SUSTAINED=1 npm run bench:checkout
//   BENCH_SHOPPERS=40 BENCH_RUNS=1 BENCH_API_PROCESSES=2 BENCH_WORKER_PROCESSES=2 npm run bench:checkout  # smoke
//
// Env: BENCH_SHOPPERS (200), BENCH_MIX ("pays=70,double-callback=10,late-callback=5,no-callback=5,
// cancelled=5,insufficient-funds=5"), BENCH_DOUBLE_CLICK_PCT (10), BENCH_LATE_CALLBACK_MS (1500),
// BENCH_POLL_MS (2000, the storefront's own interval), BENCH_RAMP_MS (0: all start at once), BENCH_SEED (1), BENCH_WORKER_CONCURRENCY (16), BENCH_DB_POOL_MAX (20, at most 80 over all processes),
// BENCH_POD_PCT (10), BENCH_NGINX (1: nginx in front of a single API too), BENCH_STORES (4: the demo
// stores the shoppers are spread over; 1 puts them all at nairobi-gadgets).
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { mulberry32 } from '../packages/db/src/seed/random.ts';
import { build } from '../scripts/lib/build.mjs';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/database.ts';
import { startMultiProcessStack, type Layout, type MultiProcessStack } from './lib/multi-process.mts';
import { median } from './lib/median.mts';
import { CpuTracker, cpuBetween, postgresBackends, type CpuGroups } from './lib/process-cpu.mts';
import { ROOT } from '../tests/helpers/processes.ts';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';

const SHOPPERS = Number(process.env.BENCH_SHOPPERS ?? 200);
const MIX_SPEC =
  process.env.BENCH_MIX ?? 'pays=70,double-callback=10,late-callback=5,no-callback=5,cancelled=5,insufficient-funds=5';
const DOUBLE_CLICK_PCT = Number(process.env.BENCH_DOUBLE_CLICK_PCT ?? 10);
const LATE_CALLBACK_MS = Number(process.env.BENCH_LATE_CALLBACK_MS ?? 1500);
/**
 * How often a shopper asks for the payment's status: every 2 s, as the storefront's payment island
 * does (apps/web/islands/payment.ts). The judged latency is when the system recorded the payment
 * paid (payments.resolved_at), which does not depend on the poll; the shopper sees it at the next
 * poll (reported beside it). Polling faster only adds load no real page sends.
 */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 2000);
/** 0 = every shopper starts at the same instant (a burst); else starts are spread evenly over this many ms. */
const RAMP_MS = Number(process.env.BENCH_RAMP_MS ?? 0);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const POD_PCT = Number(process.env.BENCH_POD_PCT ?? 10);
const SHOPPER_TIMEOUT_MS = 60_000;
const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 1);
const WORKER_PROCESSES = Number(process.env.BENCH_WORKER_PROCESSES ?? 1);
/** nginx in front of a single API process too (it always is in front of several). */
const BENCH_NGINX = process.env.BENCH_NGINX === '1';
/** Run 1x1 as the baseline in the same invocation: on by default when the layout is not 1x1. */
const COMPARE = process.env.BENCH_COMPARE
  ? process.env.BENCH_COMPARE === '1'
  : API_PROCESSES !== 1 || WORKER_PROCESSES !== 1 || BENCH_NGINX;
/** Runs per layout; the final line shows medians (guarantees: the worst run). */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SUSTAINED = process.env.BENCH_SUSTAINED === '1';
/** Arrival rates (orders/s) the sustained phase steps through, each for BENCH_SUSTAINED_STEP_S. */
const SUSTAINED_RATES = (process.env.BENCH_SUSTAINED_RATES ?? '2,4,6,8,10,12,15,20,25,30').split(',').map(Number);
const SUSTAINED_STEP_S = Number(process.env.BENCH_SUSTAINED_STEP_S ?? 10);
const SUSTAINED_P95_MS = Number(process.env.BENCH_SUSTAINED_P95_MS ?? 2000);
/** Shoppers the sustained phase may need (it stops at the first step over the p95 target). */
const SUSTAINED_SHOPPERS = SUSTAINED ? SUSTAINED_RATES.reduce((sum, r) => sum + Math.ceil(r * SUSTAINED_STEP_S), 0) : 0;
const DRAIN_TIMEOUT_MS = 60_000;
const DEMO_STORES = ['nairobi-gadgets', 'mtindo-fashion', 'saa-bora', 'nyumba-living'] as const;
/** BENCH_STORES=1: every shopper at one store (a flash sale: one store's order numbers, one counter). */
const STORES = DEMO_STORES.slice(0, Math.min(DEMO_STORES.length, Math.max(1, Number(process.env.BENCH_STORES ?? 4))));
const AREA_CANDIDATES = [
  'kilimani',
  'westlands',
  'cbd',
  'kileleshwa',
  'lavington',
  'parklands',
  'south-b',
  'karen',
  'ngong-road',
  'upper-hill',
];
/**
 * Each process has its own pool: 20 connections each for 1x1 as before, and at most 80 in all for
 * more processes (Postgres allows 100 by default, and the bench and the sandbox need some).
 */
const poolMax = (layout: Layout) =>
  process.env.BENCH_DB_POOL_MAX ?? String(Math.min(20, Math.floor(80 / (layout.apis + layout.workers))));
const STACK_ENV = {
  RATE_LIMIT_MAX: '100000000',
  WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '16',
  // e.g. BENCH_NODE_OPTIONS="--require /path/to/profiler.cjs" to profile the API and worker.
  ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
};

/** Sandbox scenarios the mix may use, with the phone suffix that also selects each (SCENARIOS.md). */
const SUFFIX: Record<string, string> = {
  pays: '0000',
  cancelled: '1032',
  unreachable: '1037',
  'insufficient-funds': '0001',
  'wrong-pin': '2001',
  'no-callback': '9000',
  'double-callback': '9002',
  'late-callback': '9003',
};
/** Callback deliveries each scenario makes (to know when the sandbox is done). */
const EXPECTED_CALLBACKS: Record<string, number> = {
  pays: 1,
  cancelled: 1,
  unreachable: 1,
  'insufficient-funds': 1,
  'wrong-pin': 1,
  'no-callback': 0,
  'double-callback': 2,
  'late-callback': 1,
  'different-amount': 1,
};

if (!Number.isInteger(SHOPPERS) || SHOPPERS < 1 || SHOPPERS > 4990) throw new Error('BENCH_SHOPPERS must be 1..4990');
for (const [name, n] of [
  ['BENCH_API_PROCESSES', API_PROCESSES],
  ['BENCH_WORKER_PROCESSES', WORKER_PROCESSES],
  ['BENCH_RUNS', RUNS],
  ['BENCH_SUSTAINED_STEP_S', SUSTAINED_STEP_S],
] as const)
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`${name} must be 1..64`);
if (SUSTAINED_RATES.some((r) => !(r > 0))) throw new Error('BENCH_SUSTAINED_RATES: positive orders/s, comma-separated');
// Phones are 2547 + a 4-digit shopper number (retries 5000 up): every shopper needs its own.
if (SHOPPERS + SUSTAINED_SHOPPERS > 4990)
  throw new Error(`BENCH_SHOPPERS + the sustained phase (${SUSTAINED_SHOPPERS}) must stay within 4990 shoppers`);
/** The worker's sweeper applies a stored callback its job never processed after this long (payments.processor.ts). */
const SWEEPER_AFTER_MS = 20_000;

function parseMix(spec: string): { scenario: string; weight: number }[] {
  const mix = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [scenario, weight] = part.split('=');
      if (!scenario || !(scenario in SUFFIX) || !Number.isFinite(Number(weight)) || Number(weight) < 0) {
        throw new Error(`BENCH_MIX: bad entry "${part}" (scenarios: ${Object.keys(SUFFIX).join(', ')})`);
      }
      return { scenario, weight: Number(weight) };
    });
  if (!mix.some((m) => m.weight > 0)) throw new Error('BENCH_MIX: no positive weight');
  return mix;
}

/** Exactly apportioned scenario counts (largest remainder), shuffled deterministically. */
function assignScenarios(n: number, mix: { scenario: string; weight: number }[], random: () => number): string[] {
  const total = mix.reduce((s, m) => s + m.weight, 0);
  const shares = mix.map((m) => ({ ...m, exact: (n * m.weight) / total }));
  const counts = shares.map((s) => Math.floor(s.exact));
  let left = n - counts.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((s, i) => ({ i, r: s.exact - Math.floor(s.exact) })).sort((a, b) => b.r - a.r);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return shuffle(
    shares.flatMap((s, i) => Array.from({ length: counts[i]! }, () => s.scenario)),
    random,
  );
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!);
}

function latencyStats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? Math.round(sorted[sorted.length - 1]!) : null,
    mean: sorted.length ? Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length) : null,
  };
}

interface Shopper {
  index: number;
  store: string;
  phone: string;
  retryPhone: string;
  ip: string;
  scenario: string;
  doubleClick: boolean;
  sku: string;
  /** Pay on delivery, collected at the door with an STK push (the owner's "Collect with M-Pesa"). */
  onDelivery: boolean;
}

interface ShopperResult {
  index: number;
  store: string;
  scenario: string;
  onDelivery: boolean;
  phone: string;
  retryPhone: string;
  doubleClick: boolean;
  orderId: string | null;
  orderNumber: number | null;
  firstPaymentId: string | null;
  firstStatus: string | null;
  firstOutcome: string | null;
  retried: boolean;
  retryPaymentId: string | null;
  retryStatus: string | null;
  paid: boolean;
  /** Place-order request start -> first poll that saw "paid". */
  latencyMs: number | null;
  /** Place-order request start, epoch ms (the same clock as Postgres' on this machine). */
  placedAt: number | null;
  /** The attempt that paid. */
  paidPaymentId: string | null;
  /** Place-order request start -> the payment recorded paid (payments.resolved_at): the judged figure. */
  recordedMs: number | null;
  /** Pay request start -> "paid", for whichever attempt paid. */
  payToPaidMs: number | null;
  placeOrderMs: number | null;
  startPaymentMs: number | null;
  polls: number;
  doubleClickAnswers: { status: number; paymentId: string | null; reason: string | null }[];
  error: string | null;
}

type Json = Record<string, unknown>;

// The answers this bench reads, as it reads them (parsed, not checked: a wrong shape fails a step).
/** A payment as the storefront's payment answers carry it. */
interface PaymentAnswer {
  id: string;
  status: string;
  outcome: string | null;
}
/** A start-payment answer: `payment` on a 2xx, `error` on a refusal. */
interface PayAnswer {
  payment: PaymentAnswer;
  error?: { details?: { reason?: string } };
}
/** One STK push in the Daraja sandbox's ledger (/__admin/daraja/transactions). */
interface LedgerTx {
  CheckoutRequestID: string;
  BusinessShortCode: string | number;
  AccountReference: string;
  PhoneNumber: string;
  scenario: string;
  status: string;
  ResultCode: number | null;
  MpesaReceiptNumber?: string | null;
  paidAmount?: number | null;
  callbacks?: unknown[];
}
/** What the report shows of a ledger transaction (a double charge, a lost payment). */
function ledgerTxReport(t: LedgerTx) {
  return {
    CheckoutRequestID: t.CheckoutRequestID,
    PhoneNumber: t.PhoneNumber,
    AccountReference: t.AccountReference,
    scenario: t.scenario,
    MpesaReceiptNumber: t.MpesaReceiptNumber,
    paidAmount: t.paidAmount,
    callbacks: t.callbacks,
  };
}
/** One entry of the Daraja sandbox's statement (/__admin/daraja/statement). */
interface StatementEntry {
  type: string;
  msisdn: string | number;
  receipt?: string | null;
}
/** A WhatsApp message the sandbox captured (/__admin/whatsapp/messages). */
interface WhatsAppSent {
  waId: string;
  type: string;
  template?: { name: string };
  text?: { body?: string };
}
/** An SMS the sandbox captured (/__admin/sms/messages). */
interface SmsSent {
  number: string;
  message: string;
}
/** The per-scenario figures: latencies collected as a list, then replaced by their p50/p95/max. */
interface ScenarioRow {
  shoppers: number;
  paid_first_try: number;
  paid_on_retry: number;
  failed: number;
  first_outcomes: Record<string, number>;
  latency_ms: number[] | { p50: number | null; p95: number | null; max: number | null };
}

let exitCode = 0;

/** One run of the whole bench (burst, then the sustained ramp when asked) on a fresh database and stack. */
async function runOnce(layout: Layout, label: string) {
  let db: TestDatabase | undefined;
  let stack: MultiProcessStack | undefined;
  let pool: pg.Pool | undefined;
  let cpu: CpuTracker | undefined;
  try {
    db = await createTestDatabase({ seed: true });
    stack = await startMultiProcessStack(
      db,
      layout,
      { ...STACK_ENV, DB_POOL_MAX: poolMax(layout) },
      path.join(ROOT, `bench/results/checkout-${label}-`),
    );
    pool = new pg.Pool({ connectionString: db.ownerUrl, max: 4 });
    const sql = async <T = Json,>(text: string, params: unknown[] = []) =>
      (await pool!.query(text, params)).rows as T[];
    /** recordedMs of paid shoppers: when their paying attempt was recorded paid, after their place-order start. */
    async function fillRecorded(paid: ShopperResult[]): Promise<void> {
      const rows = await sql<{ id: string; resolved_ms: number }>(
        `SELECT id, extract(epoch FROM resolved_at) * 1000 AS resolved_ms FROM payments
          WHERE id = ANY($1::uuid[]) AND status = 'paid'`,
        [paid.map((r) => r.paidPaymentId)],
      );
      const resolved = new Map(rows.map((r) => [r.id, Number(r.resolved_ms)]));
      for (const r of paid) {
        const at = resolved.get(r.paidPaymentId!);
        if (at === undefined) throw new Error(`payment ${r.paidPaymentId} was seen paid but is not recorded paid`);
        r.recordedMs = Math.max(0, at - r.placedAt!);
      }
    }
    // Shoppers, owners and the sandbox's callbacks all go through nginx when it runs.
    const api = stack.url;
    const sandbox = stack.sandbox.url;

    /** `http<Shape>(...)`: the body parsed as the shape the caller names (not checked). */
    async function http<T = Json>(
      method: string,
      url: string,
      options: { body?: unknown; headers?: Record<string, string> } = {},
    ): Promise<{ status: number; body: T }> {
      const res = await fetch(url, {
        method,
        headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let body: Json = {};
      try {
        body = text ? (JSON.parse(text) as Json) : {};
      } catch {
        body = { raw: text.slice(0, 200) };
      }
      return { status: res.status, body: body as T };
    }

    // ---- Plan: stores, areas, SKUs with stock, phones, scenarios ----
    const random = mulberry32(SEED);
    const tenants = new Map<string, string>(db.seed!.stores.map((s) => [s.slug, s.tenantId]));
    const areaOf = new Map<string, string>();
    for (const store of STORES) {
      if (!tenants.has(store)) throw new Error(`seeded store ${store} not found`);
      for (const area of AREA_CANDIDATES) {
        const quote = await http<{ deliverable?: boolean }>(
          'GET',
          `${api}/v1/stores/${store}/delivery/quote?area=${area}&subtotal=1000`,
        );
        if (quote.status === 200 && quote.body.deliverable) {
          areaOf.set(store, area);
          break;
        }
      }
      if (!areaOf.has(store)) throw new Error(`no deliverable area for ${store} among ${AREA_CANDIDATES.join(', ')}`);
    }
    // Burst shoppers, one warm-up per store, then the sustained phase's shoppers: shopper i shops at store i % 4.
    const everyone = SHOPPERS + STORES.length + SUSTAINED_SHOPPERS;
    const perStore = STORES.map(
      (_, s) => Math.floor(everyone / STORES.length) + (s < everyone % STORES.length ? 1 : 0),
    );
    // Each SKU is used at most on_hand - 2 times, so stock never runs out under the bench.
    const skuPlan = new Map<string, string[]>();
    for (const [s, store] of STORES.entries()) {
      const variants = await sql<{ sku: string; on_hand: number }>(
        `
      SELECT v.sku, v.on_hand FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
       WHERE v.tenant_id = $1 AND v.on_hand >= 5 AND v.status = 'active' AND p.status = 'active' AND v.price_kes BETWEEN 1 AND 200000
       ORDER BY v.sku`,
        [tenants.get(store)],
      );
      const slots: string[] = [];
      // Round-robin over SKUs: many SKUs, few orders each.
      for (let round = 0; slots.length < perStore[s]!; round++) {
        const before = slots.length;
        for (const v of variants) {
          if (round < v.on_hand - 2 && slots.length < perStore[s]!) slots.push(v.sku);
        }
        if (slots.length === before)
          throw new Error(
            `${store}: not enough stock for ${perStore[s]} shoppers (${variants.length} SKUs with on_hand >= 5)`,
          );
      }
      skuPlan.set(store, slots);
    }
    const scenarios = assignScenarios(SHOPPERS, parseMix(MIX_SPEC), random);
    const doubleClickers = new Set(
      shuffle(
        Array.from({ length: SHOPPERS }, (_, i) => i),
        random,
      ).slice(0, Math.round((SHOPPERS * DOUBLE_CLICK_PCT) / 100)),
    );
    // Pay on delivery: a share of the shoppers whose number pays (their order is collected at the door).
    const payers = scenarios.flatMap((scenario, i) => (scenario === 'pays' ? [i] : []));
    const podShoppers = new Set(shuffle(payers, random).slice(0, Math.round((SHOPPERS * POD_PCT) / 100)));
    const ownerTokens = new Map<string, string>();
    for (const store of STORES) {
      const login = await http<{ accessToken: string }>('POST', `${api}/v1/owner/auth/login`, {
        body: { store, email: `owner@${store}.sokoni.test`, password: DEMO_PASSWORD },
      });
      if (login.status !== 200) throw new Error(`owner login ${store}: ${login.status} ${JSON.stringify(login.body)}`);
      ownerTokens.set(store, login.body.accessToken);
      const pod = await http('PUT', `${api}/v1/owner/pay-on-delivery/settings`, {
        body: { enabled: true, maxOrderKes: 10_000_000, areaSlugs: [], firstTimeAllowed: true },
        headers: { authorization: `Bearer ${login.body.accessToken}` },
      });
      if (pod.status !== 200) throw new Error(`pay on delivery on ${store}: ${pod.status} ${JSON.stringify(pod.body)}`);
    }
    const storeCursor = STORES.map(() => 0);
    // One warm-up checkout per store (OAuth token, plan caches, JIT) before the clock starts; their
    // orders are in every money check below but not in the shopper figures.
    // The sustained phase's shoppers (after the warm-ups) all pay at once, one tap each.
    const all: Shopper[] = Array.from({ length: everyone }, (_, i) => {
      const warmUp = i >= SHOPPERS;
      const s = i % STORES.length;
      const store = STORES[s]!;
      const scenario = warmUp ? 'pays' : scenarios[i]!;
      return {
        index: i,
        store,
        scenario,
        doubleClick: !warmUp && doubleClickers.has(i),
        // 2547 + shopper number + the suffix that picks the scenario; retries come from 2547 5xxx 0000.
        phone: `2547${pad(i, 4)}${SUFFIX[scenario]}`,
        retryPhone: `2547${pad(5000 + i, 4)}0000`,
        ip: `100.64.${Math.floor(i / 250)}.${(i % 250) + 1}`,
        sku: skuPlan.get(store)![storeCursor[s]!++]!,
        onDelivery: !warmUp && podShoppers.has(i),
      };
    });
    const shoppers = all.slice(0, SHOPPERS);
    const warmUps = all.slice(SHOPPERS, SHOPPERS + STORES.length);
    const steadyShoppers = all.slice(SHOPPERS + STORES.length);

    // Script every phone so the sandbox answers at once (late-callback: push -> callback delay).
    for (const s of all) {
      for (const [phone, scenario] of [
        [s.phone, s.scenario],
        [s.retryPhone, 'pays'],
      ] as const) {
        const res = await http('POST', `${sandbox}/__admin/daraja/scenarios`, {
          body: { phone, scenario, delayMs: scenario === 'late-callback' ? LATE_CALLBACK_MS : 0 },
        });
        if (res.status !== 201)
          throw new Error(`sandbox scenario for ${phone}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    // Warm-up (tenant resolution, token caches, plan cache) with catalog reads only.
    await Promise.all(STORES.map((store) => http('GET', `${api}/v1/stores/${store}/products?limit=1`)));

    // ---- Run ----
    async function pay(s: Shopper, orderId: string, body: Json = {}, key = `pay-${randomUUID()}`) {
      return http<PayAnswer>('POST', `${api}/v1/stores/${s.store}/orders/${orderId}/payments`, {
        body,
        headers: { 'idempotency-key': key, 'x-forwarded-for': s.ip },
      });
    }

    /** The owner's side of a pay-on-delivery order: packed, out with a rider, then "Collect with M-Pesa". */
    async function owner<T = PayAnswer>(s: Shopper, path: string, body: Json, headers: Record<string, string> = {}) {
      return http<T>('POST', `${api}/v1/owner/orders/${path}`, {
        body,
        headers: { authorization: `Bearer ${ownerTokens.get(s.store)!}`, ...headers },
      });
    }
    async function toTheDoor(s: Shopper, number: number) {
      const packed = await owner(s, `${number}/status`, { to: 'packed' });
      if (packed.status !== 200) throw new Error(`pack ${packed.status}: ${JSON.stringify(packed.body).slice(0, 300)}`);
      const sent = await owner(s, `${number}/dispatch`, {
        method: 'manual_rider',
        riderName: `Rider ${s.store}`,
        riderPhone: '0722000111',
      });
      if (sent.status !== 201) throw new Error(`dispatch ${sent.status}: ${JSON.stringify(sent.body).slice(0, 300)}`);
    }
    const collect = (s: Shopper, number: number, key: string) =>
      owner(s, `${number}/pay-on-delivery/mpesa`, {}, { 'idempotency-key': key });

    async function pollUntilSettled(
      s: Shopper,
      orderId: string,
      paymentId: string,
      deadline: number,
      result: ShopperResult,
    ): Promise<PaymentAnswer> {
      for (;;) {
        const res = await http<{ payment: PaymentAnswer }>(
          'GET',
          `${api}/v1/stores/${s.store}/orders/${orderId}/payments/${paymentId}`,
          {
            headers: { 'x-forwarded-for': s.ip },
          },
        );
        result.polls++;
        if (res.status !== 200)
          throw new Error(`payment status ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
        const payment = res.body.payment;
        if (payment.status !== 'pending' && payment.status !== 'initiating') return payment;
        if (Date.now() > deadline)
          throw new Error(`payment ${paymentId} still ${payment.status} after ${SHOPPER_TIMEOUT_MS} ms`);
        await sleep(POLL_MS);
      }
    }

    async function runShopper(s: Shopper): Promise<ShopperResult> {
      const result: ShopperResult = {
        index: s.index,
        store: s.store,
        scenario: s.scenario,
        onDelivery: s.onDelivery,
        phone: s.phone,
        retryPhone: s.retryPhone,
        doubleClick: s.doubleClick,
        orderId: null,
        orderNumber: null,
        firstPaymentId: null,
        firstStatus: null,
        firstOutcome: null,
        retried: false,
        retryPaymentId: null,
        retryStatus: null,
        paid: false,
        latencyMs: null,
        placedAt: null,
        paidPaymentId: null,
        recordedMs: null,
        payToPaidMs: null,
        placeOrderMs: null,
        startPaymentMs: null,
        polls: 0,
        doubleClickAnswers: [],
        error: null,
      };
      const deadline = Date.now() + SHOPPER_TIMEOUT_MS;
      try {
        const cart = await http<{ cart: { token: string } }>('POST', `${api}/v1/stores/${s.store}/cart/lines`, {
          body: { sku: s.sku, quantity: 1 },
          headers: { 'x-forwarded-for': s.ip },
        });
        if (cart.status !== 200)
          throw new Error(`add to cart ${cart.status}: ${JSON.stringify(cart.body).slice(0, 300)}`);
        const placeStart = performance.now();
        result.placedAt = Date.now();
        // One-tap pay: the checkout's key K places the order, K.pay sends its push (a double tap repeats both).
        const orderKey = `order-${randomUUID()}`;
        const place = () =>
          http<{ order: { id: string; number: number } }>('POST', `${api}/v1/stores/${s.store}/orders`, {
            body: {
              phone: s.phone,
              name: `Shopper ${s.index}`,
              areaSlug: areaOf.get(s.store),
              ...(s.onDelivery ? { paymentMethod: 'on_delivery' } : {}),
            },
            headers: { 'idempotency-key': orderKey, 'x-cart-token': cart.body.cart.token, 'x-forwarded-for': s.ip },
          });
        const placedAll = await Promise.all(s.doubleClick ? [place(), place()] : [place()]);
        const placed = placedAll.find((p) => p.status === 201) ?? placedAll[0];
        if (placedAll.some((p) => p.body.order?.id !== placed.body.order?.id))
          throw new Error(`double tap placed two orders: ${placedAll.map((p) => p.body.order?.id).join(', ')}`);
        result.placeOrderMs = Math.round(performance.now() - placeStart);
        if (placed.status !== 201)
          throw new Error(`place order ${placed.status}: ${JSON.stringify(placed.body).slice(0, 300)}`);
        const orderId = placed.body.order.id;
        result.orderId = orderId;
        result.orderNumber = placed.body.order.number;

        // Pay on delivery: no prompt at checkout; the rider's tap at the door sends it (same K.pay key).
        if (s.onDelivery) await toTheDoor(s, placed.body.order.number);
        const push = () =>
          s.onDelivery
            ? collect(s, placed.body.order.number, `${orderKey}.pay`)
            : pay(s, orderId, {}, `${orderKey}.pay`);
        const payStart = performance.now();
        let first: PaymentAnswer;
        if (s.doubleClick) {
          const answers = await Promise.all([push(), push()]);
          result.doubleClickAnswers = answers.map((a) => ({
            status: a.status,
            paymentId: a.body.payment?.id ?? null,
            reason: a.body.error?.details?.reason ?? null,
          }));
          const ok = answers.filter((a) => a.status === 200 || a.status === 201);
          if (!ok.length)
            throw new Error(
              `double-click pay: ${answers.map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 200)}`).join(' | ')}`,
            );
          first = ok.find((a) => a.status === 201)?.body.payment ?? ok[0]!.body.payment;
        } else {
          const started = await push();
          if (started.status !== 201)
            throw new Error(`start payment ${started.status}: ${JSON.stringify(started.body).slice(0, 300)}`);
          first = started.body.payment;
        }
        result.startPaymentMs = Math.round(performance.now() - payStart);
        result.firstPaymentId = first.id;
        const settled = await pollUntilSettled(s, orderId, first.id, deadline, result);
        result.firstStatus = settled.status;
        result.firstOutcome = settled.outcome;
        if (settled.status === 'paid') {
          result.paid = true;
          result.paidPaymentId = first.id;
          result.latencyMs = performance.now() - placeStart;
          result.payToPaidMs = performance.now() - payStart;
          return result;
        }
        // Failed: a real shopper tries once more, from a number that has the money.
        result.retried = true;
        const retryStart = performance.now();
        const retry = await pay(s, orderId, { phone: s.retryPhone });
        if (retry.status !== 201)
          throw new Error(`retry payment ${retry.status}: ${JSON.stringify(retry.body).slice(0, 300)}`);
        result.retryPaymentId = retry.body.payment.id;
        const retried = await pollUntilSettled(s, orderId, retry.body.payment.id, deadline, result);
        result.retryStatus = retried.status;
        if (retried.status === 'paid') {
          result.paid = true;
          result.paidPaymentId = retry.body.payment.id;
          result.latencyMs = performance.now() - placeStart;
          result.payToPaidMs = performance.now() - retryStart;
        }
      } catch (error) {
        result.error = error instanceof Error ? error.message : String(error);
      }
      return result;
    }

    const warmUpResults = [];
    for (const s of warmUps) warmUpResults.push(await runShopper(s));
    const warmUpFailures = warmUpResults.filter((r) => !r.paid);
    if (warmUpFailures.length) throw new Error(`warm-up checkout failed: ${JSON.stringify(warmUpFailures)}`);

    // Who spends the CPU (issue 17): API(s), worker(s), the sandbox and this database's backends.
    const cpuGroups = async (): Promise<CpuGroups> => ({
      api: stack!.apis.map((a) => a.child.pid!),
      worker: stack!.workers.map((w) => w.child.pid!),
      sandbox: [stack!.sandbox.child.pid!],
      postgres: await postgresBackends(pool!),
    });
    cpu = new CpuTracker(cpuGroups);
    await cpu.start();
    const cpuAtStart = await cpu.mark();
    const benchStartedAt = new Date();
    const wallStart = performance.now();
    const results = await Promise.all(
      shoppers.map(async (s) => {
        if (RAMP_MS > 0) await sleep((s.index * RAMP_MS) / SHOPPERS);
        return runShopper(s);
      }),
    );
    const shoppersDoneMs = performance.now() - wallStart;
    const cpuAtShoppersDone = await cpu.mark();

    // ---- Sustained: arrivals at a fixed rate (open loop), stepped up; stops at the first step over target ----
    const steadyResults: ShopperResult[] = [];
    let sustained: null | {
      what: string;
      step_s: number;
      p95_target_ms: number;
      steps: Record<string, number | boolean | null>[];
      best_orders_per_s: number | null;
    } = null;
    if (SUSTAINED) {
      const burstIds = results.map((r) => r.orderId).filter((id): id is string => !!id);
      // Start from a settled system: the burst's attempts (late and lost callbacks included) done.
      const settleStart = performance.now();
      while (performance.now() - settleStart < DRAIN_TIMEOUT_MS) {
        const [{ open } = { open: 0 }] = await sql<{ open: number }>(
          `SELECT count(*)::int AS open FROM payments WHERE order_id = ANY($1::uuid[]) AND status IN ('initiating', 'pending')`,
          [burstIds],
        );
        if (!open) break;
        await sleep(250);
      }
      const steps: Record<string, number | boolean | null>[] = [];
      let cursor = 0;
      for (const rate of SUSTAINED_RATES) {
        const batch = steadyShoppers.slice(cursor, (cursor += Math.ceil(rate * SUSTAINED_STEP_S)));
        const stepStart = performance.now();
        const stepResults = await Promise.all(
          batch.map(async (s, k) => {
            await sleep(stepStart + (k * 1000) / rate - performance.now());
            return runShopper(s);
          }),
        );
        const stepS = (performance.now() - stepStart) / 1000;
        steadyResults.push(...stepResults);
        const paid = stepResults.filter((r) => r.paid);
        await fillRecorded(paid);
        const stats = latencyStats(paid.map((r) => r.recordedMs!));
        const seen = latencyStats(paid.map((r) => r.latencyMs!));
        const failed = stepResults.length - paid.length;
        const ok = failed === 0 && stats.p95 !== null && stats.p95 <= SUSTAINED_P95_MS;
        steps.push({
          offered_per_s: rate,
          shoppers: batch.length,
          paid: paid.length,
          failed,
          completed_per_s: Math.round((paid.length / stepS) * 10) / 10,
          p50_ms: stats.p50,
          p95_ms: stats.p95,
          p99_ms: stats.p99,
          seen_p95_ms: seen.p95,
          ok,
        });
        console.error(
          `checkout [${label}] sustained ${rate}/s: p95 ${stats.p95} ms, ${failed} failed${ok ? '' : ' (stop)'}`,
        );
        if (!ok) break;
      }
      const passing = steps.filter((s) => s.ok);
      sustained = {
        what: `orders arriving at a fixed rate (every shopper pays on the first try), ${SUSTAINED_STEP_S} s per step; best = the highest rate whose place-order->paid p95 stayed <= ${SUSTAINED_P95_MS} ms with no failure`,
        step_s: SUSTAINED_STEP_S,
        p95_target_ms: SUSTAINED_P95_MS,
        steps,
        best_orders_per_s: passing.length ? Math.max(...passing.map((s) => Number(s.offered_per_s))) : null,
      };
    }

    // ---- Drain: every sandbox callback delivered and processed, no attempt still open ----
    const shopperOrderIds = new Set(results.map((r) => r.orderId).filter((id): id is string => !!id));
    const ourOrderIds = [...results, ...warmUpResults, ...steadyResults]
      .map((r) => r.orderId)
      .filter((id): id is string => !!id);
    const ourPhones = new Set(all.flatMap((s) => [s.phone, s.retryPhone]));
    const ledger = async () =>
      (
        await http<{ transactions: LedgerTx[] }>('GET', `${sandbox}/__admin/daraja/transactions`)
      ).body.transactions.filter((t) => ourPhones.has(t.PhoneNumber));
    const drainStart = performance.now();
    let drained = false;
    let drainState: Record<string, number> = {};
    while (performance.now() - drainStart < DRAIN_TIMEOUT_MS) {
      const txs = await ledger();
      const sandboxOpen = txs.filter(
        (t) => t.status === 'pending' || (t.callbacks?.length ?? 0) < (EXPECTED_CALLBACKS[t.scenario] ?? 0),
      ).length;
      const [{ unprocessed } = { unprocessed: 0 }] = await sql<{
        unprocessed: number;
      }>(`SELECT count(*)::int AS unprocessed FROM payment_callbacks c
      WHERE NOT EXISTS (SELECT 1 FROM payment_callback_outcomes o WHERE o.tenant_id = c.tenant_id AND o.callback_id = c.id)`);
      const [{ open } = { open: 0 }] = await sql<{ open: number }>(
        `SELECT count(*)::int AS open FROM payments WHERE order_id = ANY($1::uuid[]) AND status IN ('initiating', 'pending')`,
        [ourOrderIds],
      );
      drainState = { sandbox_open: sandboxOpen, unprocessed_callbacks: unprocessed, open_payments: open };
      if (!sandboxOpen && !unprocessed && !open) {
        drained = true;
        break;
      }
      await sleep(250);
    }
    // Receipts are sent by the notifications worker after the payment settles: wait for them too.
    const notifyStart = performance.now();
    while (performance.now() - notifyStart < DRAIN_TIMEOUT_MS) {
      const [{ open } = { open: 0 }] = await sql<{ open: number }>(
        `SELECT count(*)::int AS open FROM order_notifications
      WHERE kind = 'order_paid' AND order_id = ANY($1::uuid[]) AND status IN ('queued', 'sending')`,
        [ourOrderIds],
      );
      if (!open) break;
      await sleep(250);
    }
    // Receipts always arrive (issue 13): payments STK Query settled get theirs from the Pull API.
    const receiptsStart = performance.now();
    let receiptsMissingAfterDrain = 0;
    while (performance.now() - receiptsStart < DRAIN_TIMEOUT_MS) {
      const [{ missing } = { missing: 0 }] = await sql<{ missing: number }>(
        `SELECT count(*)::int AS missing FROM payments
        WHERE order_id = ANY($1::uuid[]) AND status IN ('paid', 'refunded') AND receipt_number IS NULL`,
        [ourOrderIds],
      );
      receiptsMissingAfterDrain = missing;
      if (!missing) break;
      await sleep(250);
    }
    const receiptsWaitMs = Math.round(performance.now() - receiptsStart);
    await sleep(500); // the last status webhooks
    const drainMs = performance.now() - drainStart;
    const wallMs = performance.now() - wallStart;
    const cpuAtDrained = await cpu.mark();
    cpu.stop();

    // ---- Reconcile: our database against the sandbox's ledger and statement ----
    const txs = await ledger();
    const statement = (await http<{ entries?: StatementEntry[] }>('GET', `${sandbox}/__admin/daraja/statement`)).body;
    const stkStatement = (statement.entries ?? []).filter((e) => e.type === 'stk' && ourPhones.has(String(e.msisdn)));
    const orders = await sql<{
      id: string;
      tenant_id: string;
      number: number;
      status: string;
      total_kes: number;
      payment_method: string;
      collected_via: string | null;
    }>(
      'SELECT id, tenant_id, number, status, total_kes, payment_method, collected_via FROM orders WHERE id = ANY($1::uuid[])',
      [ourOrderIds],
    );
    /** Paid: by M-Pesa at checkout, or pay on delivery collected at the door by M-Pesa (still dispatched). */
    const isPaid = (o: { status: string; payment_method?: string; collected_via?: string | null } | undefined) =>
      o?.status === 'paid' || (o?.payment_method === 'on_delivery' && o.collected_via === 'mpesa');
    const orderById = new Map(orders.map((o) => [o.id, o]));
    const payments = await sql<{
      id: string;
      order_id: string;
      status: string;
      outcome: string;
      checkout_request_id: string | null;
      phone: string;
      flags: string[];
      counts_for_order: boolean;
      receipt_number: string | null;
      paid_amount_kes: number | null;
    }>(
      `SELECT id, order_id, status, outcome, checkout_request_id, phone, flags, counts_for_order, receipt_number, paid_amount_kes
       FROM payments WHERE order_id = ANY($1::uuid[])`,
      [ourOrderIds],
    );
    const paymentByCheckout = new Map(
      payments.filter((p) => p.checkout_request_id).map((p) => [p.checkout_request_id!, p]),
    );
    const settings = await sql<{ tenant_id: string; shortcode: string }>(
      'SELECT tenant_id, shortcode FROM mpesa_settings',
    );
    const tenantByShortcode = new Map(settings.map((s) => [s.shortcode, s.tenant_id]));
    const orderByTenantNumber = new Map(orders.map((o) => [`${o.tenant_id}:${o.number}`, o]));
    const events = await sql<{ order_id: string; paid: number; paid_after_cancel: number }>(
      `SELECT order_id, count(*) FILTER (WHERE type IN ('paid', 'collected'))::int AS paid, count(*) FILTER (WHERE type = 'paid_after_cancel')::int AS paid_after_cancel
       FROM order_events WHERE order_id = ANY($1::uuid[]) GROUP BY order_id`,
      [ourOrderIds],
    );
    const notifications = await sql<{ order_id: string; n: number }>(
      `SELECT order_id, count(*)::int AS n FROM order_notifications WHERE kind = 'order_paid' AND order_id = ANY($1::uuid[]) GROUP BY order_id`,
      [ourOrderIds],
    );
    const notificationsByOrder = new Map(notifications.map((n) => [n.order_id, n.n]));

    // Which order did each ledger transaction charge? By CheckoutRequestID, else by (shortcode, account = order number).
    const orderOfTx = (t: LedgerTx): string | null => {
      const p = paymentByCheckout.get(t.CheckoutRequestID);
      if (p) return p.order_id;
      const tenant = tenantByShortcode.get(String(t.BusinessShortCode));
      return (tenant && orderByTenantNumber.get(`${tenant}:${t.AccountReference}`)?.id) ?? null;
    };
    const completedTx = txs.filter((t) => t.status === 'completed' && t.ResultCode === 0);

    const doubleCharges: Json[] = [];
    const paidPaymentsByOrder = new Map<string, typeof payments>();
    for (const p of payments)
      if (p.status === 'paid' || p.status === 'refunded')
        paidPaymentsByOrder.set(p.order_id, [...(paidPaymentsByOrder.get(p.order_id) ?? []), p]);
    const completedTxByOrder = new Map<string, LedgerTx[]>();
    for (const t of completedTx) {
      const order = orderOfTx(t) ?? `unmatched:${t.CheckoutRequestID}`;
      completedTxByOrder.set(order, [...(completedTxByOrder.get(order) ?? []), t]);
    }
    for (const orderId of new Set([...paidPaymentsByOrder.keys(), ...completedTxByOrder.keys()])) {
      const ours = paidPaymentsByOrder.get(orderId) ?? [];
      const theirs = completedTxByOrder.get(orderId) ?? [];
      if (ours.length > 1 || theirs.length > 1) {
        doubleCharges.push({
          order_id: orderId,
          order_number: orderById.get(orderId)?.number ?? null,
          paid_payments: ours.map((p) => ({
            id: p.id,
            phone: p.phone,
            status: p.status,
            checkout_request_id: p.checkout_request_id,
            receipt: p.receipt_number,
            flags: p.flags,
            counts_for_order: p.counts_for_order,
          })),
          completed_ledger: theirs.map(ledgerTxReport),
        });
      }
    }

    const lostPayments: Json[] = [];
    for (const t of completedTx) {
      const p = paymentByCheckout.get(t.CheckoutRequestID);
      const order = p ? orderById.get(p.order_id) : undefined;
      const why = !p
        ? 'no payments row for this CheckoutRequestID'
        : p.status !== 'paid' && p.status !== 'refunded'
          ? `payment is ${p.status}/${p.outcome}`
          : !isPaid(order)
            ? `order is ${order?.status}`
            : null;
      if (why) {
        lostPayments.push({
          why,
          ...ledgerTxReport(t),
          payment: p
            ? { id: p.id, status: p.status, outcome: p.outcome, flags: p.flags, receipt: p.receipt_number }
            : null,
          order: order ? { id: order.id, number: order.number, status: order.status } : null,
        });
      }
    }
    // The statement is M-Pesa's money book: every STK receipt in it must be a ResultCode 0 ledger row.
    const ledgerReceipts = new Set(completedTx.map((t) => t.MpesaReceiptNumber));
    const statementOnly = stkStatement.filter((e) => !ledgerReceipts.has(e.receipt));

    const countedPaid = new Set(
      payments
        .filter((p) => (p.status === 'paid' || p.status === 'refunded') && p.counts_for_order)
        .map((p) => p.order_id),
    );
    const paidWithoutPayment = orders
      .filter((o) => isPaid(o) && !countedPaid.has(o.id))
      .map((o) => ({ id: o.id, number: o.number }));
    const duplicatePaidEvents = events.filter((e) => e.paid + e.paid_after_cancel > 1).map((e) => ({ ...e }));
    const paidOrders = orders.filter((o) => isPaid(o));
    const duplicateNotifications = [...notificationsByOrder.entries()]
      .filter(([, n]) => n > 1)
      .map(([order_id, n]) => ({ order_id, n }));
    const missingNotifications = paidOrders.filter((o) => !notificationsByOrder.has(o.id)).map((o) => o.id);
    const unpaidWithNotification = orders.filter((o) => !isPaid(o) && notificationsByOrder.has(o.id)).map((o) => o.id);

    // What shoppers actually received, as the sandbox captured it: the WhatsApp receipt (template or
    // in-window text) or its SMS fallback, per paid order.
    const orderPhones = new Map(
      (
        await sql<{ id: string; phone: string; number: number }>(
          'SELECT id, phone, number FROM orders WHERE id = ANY($1::uuid[])',
          [ourOrderIds],
        )
      ).map((o) => [o.id, o]),
    );
    const waSent =
      (await http<{ messages?: WhatsAppSent[] }>('GET', `${sandbox}/__admin/whatsapp/messages`)).body.messages ?? [];
    const smsSent =
      (await http<{ messages?: SmsSent[] }>('GET', `${sandbox}/__admin/sms/messages`)).body.messages ?? [];
    const receiptsByOrder = new Map<string, number>();
    for (const o of paidOrders) {
      const { phone, number } = orderPhones.get(o.id)!;
      const mentions = (text: string) =>
        text.includes(`#${number}`) || text.includes(` ${number},`) || text.includes(`"${number}"`);
      const wa = waSent.filter(
        (m) =>
          m.waId === phone &&
          (m.template?.name === 'payment_received' ||
            (m.type === 'text' &&
              mentions(String(m.text?.body ?? '')) &&
              /receipt|risiti/i.test(String(m.text?.body)))),
      );
      const sms = smsSent.filter(
        (m) => m.number === `+${phone}` && mentions(String(m.message)) && /receipt|risiti/i.test(String(m.message)),
      );
      receiptsByOrder.set(o.id, wa.length + sms.length);
    }
    // Double sends: one order's phone got the same WhatsApp template (or the same SMS) twice. Every
    // message an order owes is owed once per kind (order_notifications' key), so a repeat is a send
    // that ran twice (two workers, a redelivered job), never a second message that was due.
    const doubleSends: { order_id: string; message: string; n: number }[] = [];
    for (const [orderId, { phone }] of orderPhones) {
      const counts = new Map<string, number>();
      for (const m of waSent)
        if (m.waId === phone && m.template?.name)
          counts.set(`whatsapp:${m.template.name}`, (counts.get(`whatsapp:${m.template.name}`) ?? 0) + 1);
      for (const m of smsSent)
        if (m.number === `+${phone}`) counts.set(`sms:${m.message}`, (counts.get(`sms:${m.message}`) ?? 0) + 1);
      for (const [message, n] of counts)
        if (n > 1) doubleSends.push({ order_id: orderId, message: message.slice(0, 80), n });
    }
    const notificationsSent = [...receiptsByOrder.values()].reduce((a, b) => a + b, 0);
    const duplicateReceipts = [...receiptsByOrder.entries()]
      .filter(([, n]) => n > 1)
      .map(([order_id, n]) => ({ order_id, n }));
    const receiptsMissing = [...receiptsByOrder.entries()].filter(([, n]) => n === 0).map(([order_id]) => order_id);

    const doubleClickResults = results.filter((r) => r.doubleClick);
    const doubleClickPushes = doubleClickResults.reduce(
      (sum, r) => sum + Math.max(0, txs.filter((t) => t.PhoneNumber === r.phone).length - 1),
      0,
    );
    const doubleClickDistinctAttempts = doubleClickResults.filter(
      (r) => new Set(r.doubleClickAnswers.map((a) => a.paymentId).filter(Boolean)).size > 1,
    ).length;

    const callbacks = (
      await sql<{ received: number; first_received: Date | null; last_received: Date | null }>(
        `SELECT count(*)::int AS received, min(received_at) AS first_received, max(received_at) AS last_received
       FROM payment_callbacks WHERE kind = 'stk' AND received_at >= $1`,
        [benchStartedAt],
      )
    )[0]!;
    // STK callbacks processed since the bench started; with `withinMs`, only those processed that
    // soon after they arrived (by their job, before the sweeper would have taken them).
    const processedCallbacks = async (withinMs: number | null) =>
      (
        await sql<{ processed: number; first_processed: Date | null; last_processed: Date | null }>(
          `SELECT count(*)::int AS processed, min(o.processed_at) AS first_processed, max(o.processed_at) AS last_processed
         FROM payment_callback_outcomes o JOIN payment_callbacks c ON c.tenant_id = o.tenant_id AND c.id = o.callback_id
        WHERE c.kind = 'stk' AND c.received_at >= $1
          AND ($2::float8 IS NULL OR o.processed_at - c.received_at < $2 * interval '1 millisecond')`,
          [benchStartedAt, withinMs],
        )
      )[0]!;
    const processed = await processedCallbacks(null);
    const outcomes = await sql<{ outcome: string; flagged: boolean; n: number }>(
      `SELECT o.outcome, o.flagged, count(*)::int AS n FROM payment_callback_outcomes o JOIN payment_callbacks c ON c.tenant_id = o.tenant_id AND c.id = o.callback_id
      WHERE c.kind = 'stk' AND c.received_at >= $1 GROUP BY 1, 2 ORDER BY 3 DESC`,
      [benchStartedAt],
    );
    const lag = (
      await sql<{ p50: number | null; p95: number | null; max: number | null }>(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95, max(ms) AS max
       FROM (SELECT extract(epoch FROM o.processed_at - c.received_at) * 1000 AS ms FROM payment_callback_outcomes o
               JOIN payment_callbacks c ON c.tenant_id = o.tenant_id AND c.id = o.callback_id WHERE c.kind = 'stk' AND c.received_at >= $1) x`,
        [benchStartedAt],
      )
    )[0]!;
    const byJob = await processedCallbacks(SWEEPER_AFTER_MS);
    const perSecond = (count: number, from: Date | null, to: Date | null) => {
      if (!from || !to || count < 2) return null;
      const seconds = (to.getTime() - from.getTime()) / 1000;
      return seconds > 0 ? Math.round((count / seconds) * 10) / 10 : null;
    };
    const flagged = await sql<{ flag: string; n: number }>(
      `SELECT f AS flag, count(*)::int AS n FROM payments, unnest(flags) f WHERE order_id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 2 DESC`,
      [ourOrderIds],
    );

    const firstTry = results.filter((r) => r.paid && !r.retried);
    const retriedPaid = results.filter((r) => r.paid && r.retried);
    const failedShoppers = results.filter((r) => !r.paid);
    const byScenario: Record<string, ScenarioRow> = {};
    for (const r of results) {
      const row = (byScenario[r.scenario] ??= {
        shoppers: 0,
        paid_first_try: 0,
        paid_on_retry: 0,
        failed: 0,
        first_outcomes: {},
        latency_ms: [],
      });
      row.shoppers++;
      if (r.paid && !r.retried) row.paid_first_try++;
      if (r.paid && r.retried) row.paid_on_retry++;
      if (!r.paid) row.failed++;
      const key = r.firstOutcome ?? (r.error ? 'error' : 'none');
      row.first_outcomes[key] = (row.first_outcomes[key] ?? 0) + 1;
      if (r.latencyMs !== null) (row.latency_ms as number[]).push(r.latencyMs);
    }
    for (const row of Object.values(byScenario)) {
      const stats = latencyStats(row.latency_ms as number[]);
      row.latency_ms = { p50: stats.p50, p95: stats.p95, max: stats.max };
    }
    await fillRecorded(results.filter((r) => r.paid));
    const firstTryLatency = latencyStats(firstTry.map((r) => r.recordedMs!));
    const firstTrySeen = latencyStats(firstTry.map((r) => r.latencyMs!));
    const callbacksPerSecond = perSecond(processed.processed, processed.first_processed, processed.last_processed);

    const summary = {
      layout: label,
      processes: {
        ...stack.describe(),
        // Who did the work: requests each API process served, jobs each worker ran (their /metrics).
        requests_per_api: await stack.requestsPerApi(),
        jobs_per_worker: await stack.jobsPerWorker(),
        callback_jobs_per_worker: await stack.jobsPerWorker('payment.callback'),
      },
      // CPU by process (/proc utime+stime): during the burst (start -> every shopper saw its end),
      // and start -> drained (follow-up work too: messages, receipts, eTIMS; the sustained phase's
      // orders when it ran). Postgres: this database's backends (a lower bound).
      cpu: {
        burst: cpuBetween(cpuAtStart, cpuAtShoppersDone, shopperOrderIds.size),
        to_drained: cpuBetween(
          cpuAtStart,
          cpuAtDrained,
          shopperOrderIds.size + steadyResults.filter((r) => r.orderId).length,
        ),
      },
      config: {
        shoppers: SHOPPERS,
        stores: STORES,
        areas: Object.fromEntries(areaOf),
        mix: MIX_SPEC,
        double_click_pct: DOUBLE_CLICK_PCT,
        pay_on_delivery_pct: POD_PCT,
        late_callback_delay_ms: LATE_CALLBACK_MS,
        sandbox_delay_ms: 0,
        poll_ms: POLL_MS,
        ramp_ms: RAMP_MS,
        seed: SEED,
        shopper_timeout_ms: SHOPPER_TIMEOUT_MS,
        api_env: {
          WORKER_CONCURRENCY: STACK_ENV.WORKER_CONCURRENCY,
          DB_POOL_MAX: poolMax(layout),
          LOG_LEVEL: stack.env.LOG_LEVEL,
          ...Object.fromEntries(
            [
              'MPESA_QUERY_AFTER_MS',
              'MPESA_QUERY_MAX_ATTEMPTS',
              'MPESA_STATUS_QUERY_AFTER_MS',
              'MPESA_UNKNOWN_CALLBACK_GRACE_MS',
            ].map((k) => [k, stack!.env[k]]),
          ),
        },
        retry: 'a shopper whose first attempt fails retries once from a paying number; counted as paid (paid_on_retry)',
      },
      orders: orders.filter((o) => shopperOrderIds.has(o.id)).length,
      paid: paidOrders.filter((o) => shopperOrderIds.has(o.id)).length,
      paid_first_try: firstTry.length,
      pay_on_delivery: {
        orders: results.filter((r) => r.onDelivery).length,
        collected_by_mpesa: orders.filter(
          (o) => shopperOrderIds.has(o.id) && o.payment_method === 'on_delivery' && o.collected_via === 'mpesa',
        ).length,
      },
      paid_on_retry: retriedPaid.length,
      failed: failedShoppers.length,
      double_charges: doubleCharges.length,
      lost_payments: lostPayments.length,
      receipts_missing: receiptsMissingAfterDrain,
      receipts_by_source: await sql<{ source: string | null; n: number }>(
        `SELECT receipt_source AS source, count(*)::int AS n FROM payments
        WHERE order_id = ANY($1::uuid[]) AND status IN ('paid', 'refunded') GROUP BY 1 ORDER BY 2 DESC`,
        [ourOrderIds],
      ),
      receipts_wait_after_drain_ms: receiptsWaitMs,
      one_tap: 'every order placed and paid as the checkout does it: order key K, push key K.pay',
      duplicate_paid_events: duplicatePaidEvents.length,
      double_sends: doubleSends.length,
      double_sends_what: 'order phones that got one WhatsApp template or one SMS text more than once',
      notifications_owed: paidOrders.filter((o) => shopperOrderIds.has(o.id) && notificationsByOrder.get(o.id) === 1)
        .length,
      missing_notifications: missingNotifications.length,
      duplicate_notifications: duplicateNotifications.length + duplicateReceipts.length,
      notifications_sent: notificationsSent,
      notifications_sent_per_paid_order: paidOrders.length
        ? Number((notificationsSent / paidOrders.length).toFixed(3))
        : 0,
      notifications_not_received: receiptsMissing.length,
      notifications_channels: {
        whatsapp: waSent.filter((m) => m.template?.name === 'payment_received').length,
        sms: smsSent.length,
      },
      notifications_for_unpaid_orders: unpaidWithNotification.length,
      stk_pushes: txs.length,
      stk_completed_paid: completedTx.length,
      statement_stk_entries: stkStatement.length,
      statement_entries_not_in_ledger: statementOnly.length,
      payments: payments.length,
      double_click_shoppers: doubleClickResults.length,
      double_click_pushes: doubleClickPushes,
      double_click_distinct_attempts: doubleClickDistinctAttempts,
      double_click_answers: doubleClickResults
        .flatMap((r) => r.doubleClickAnswers)
        .reduce((acc: Record<string, number>, a) => {
          const k = a.reason ? `${a.status} ${a.reason}` : String(a.status);
          acc[k] = (acc[k] ?? 0) + 1;
          return acc;
        }, {}),
      paid_orders_without_payment: paidWithoutPayment.length,
      warm_up_orders: warmUpResults.length,
      latency_ms: {
        what: 'place-order request start -> the payment recorded paid (payments.resolved_at), first-try payers',
        ...firstTryLatency,
        seen_by_shopper: {
          what: `place-order request start -> the first status poll that saw paid (polls every ${POLL_MS} ms, so up to one interval later)`,
          ...firstTrySeen,
        },
        retried: {
          what: 'same, for shoppers who paid on their retry (includes the failed first attempt)',
          ...latencyStats(retriedPaid.map((r) => r.recordedMs!)),
        },
        place_order: latencyStats(results.filter((r) => r.placeOrderMs !== null).map((r) => r.placeOrderMs!)),
        start_payment: latencyStats(results.filter((r) => r.startPaymentMs !== null).map((r) => r.startPaymentMs!)),
        pay_to_paid_first_try: latencyStats(firstTry.map((r) => r.payToPaidMs!)),
      },
      callbacks: {
        received: callbacks.received,
        processed: processed.processed,
        processed_per_s: callbacksPerSecond,
        processed_by_job_per_s: perSecond(byJob.processed, byJob.first_processed, byJob.last_processed),
        processed_late_by_sweeper: processed.processed - byJob.processed,
        received_per_s: perSecond(callbacks.received, callbacks.first_received, callbacks.last_received),
        note: 'processed_per_s spans first..last processed_at, so it includes callbacks applied late by the sweeper (a callback whose job was lost); processed_by_job_per_s leaves those out',
        receive_to_processed_ms: {
          p50: lag.p50 === null ? null : Math.round(lag.p50),
          p95: lag.p95 === null ? null : Math.round(lag.p95),
          max: lag.max === null ? null : Math.round(lag.max),
        },
        outcomes,
      },
      payment_flags: flagged,
      by_scenario: byScenario,
      sustained,
      status_polls: results.reduce((s, r) => s + r.polls, 0),
      drained,
      drain_state: drainState,
      wall_ms: { shoppers: Math.round(shoppersDoneMs), drain: Math.round(drainMs), total: Math.round(wallMs) },
      problems: {
        double_charges: doubleCharges,
        lost_payments: lostPayments,
        duplicate_paid_events: duplicatePaidEvents,
        duplicate_notifications: duplicateNotifications,
        duplicate_receipts: duplicateReceipts,
        double_sends: doubleSends,
        receipts_not_received: receiptsMissing,
        paid_orders_without_payment: paidWithoutPayment,
        missing_notifications: missingNotifications,
        statement_entries_not_in_ledger: statementOnly,
        double_click_extra_pushes: doubleClickResults
          .filter((r) => txs.filter((t) => t.PhoneNumber === r.phone).length > 1)
          .map((r) => ({
            order_id: r.orderId,
            phone: r.phone,
            answers: r.doubleClickAnswers,
            ledger: txs
              .filter((t) => t.PhoneNumber === r.phone)
              .map((t) => ({ CheckoutRequestID: t.CheckoutRequestID, status: t.status, ResultCode: t.ResultCode })),
          })),
        failed_shoppers: failedShoppers.map((r) => ({
          index: r.index,
          store: r.store,
          scenario: r.scenario,
          phone: r.phone,
          order_id: r.orderId,
          first: r.firstStatus,
          retry: r.retryStatus,
          error: r.error,
        })),
      },
    };
    if (
      doubleCharges.length ||
      lostPayments.length ||
      receiptsMissingAfterDrain ||
      duplicatePaidEvents.length ||
      duplicateNotifications.length ||
      duplicateReceipts.length ||
      doubleSends.length ||
      paidWithoutPayment.length
    ) {
      exitCode = 1;
      console.error(
        `checkout: PROBLEMS (see bench/results/checkout.json "problems"): ${JSON.stringify(summary.problems, null, 2).slice(0, 4000)}`,
      );
    }
    console.log(
      `checkout [${label}]: ${SHOPPERS} shoppers, ${summary.orders} orders, ${summary.paid} paid (${retriedPaid.length} on retry), ${failedShoppers.length} failed, ` +
        `${doubleCharges.length} double charges, ${lostPayments.length} lost payments, ${receiptsMissingAfterDrain} receipts missing, ${doubleSends.length} double sends, p50 ${firstTryLatency.p50} ms, p95 ${firstTryLatency.p95} ms, p99 ${firstTryLatency.p99} ms to paid (shopper sees it: p95 ${firstTrySeen.p95} ms), ` +
        `${callbacksPerSecond ?? 'n/a'} callbacks/s, ` +
        `CPU ms/order to drained ${Object.entries(summary.cpu.to_drained.cpu_ms_per_order)
          .map(([g, ms]) => `${g} ${ms}`)
          .join(', ')}` +
        (sustained
          ? `, sustained ${sustained.best_orders_per_s ?? 'n/a'} orders/s at p95 <= ${SUSTAINED_P95_MS} ms`
          : ''),
    );
    return summary;
  } finally {
    cpu?.stop();
    await pool?.end().catch(() => undefined);
    await stack?.stop().catch((error: unknown) => console.error('stopping the stack:', error));
    await db?.drop().catch((error: unknown) => console.error('dropping the database:', error));
  }
}

type RunSummary = Awaited<ReturnType<typeof runOnce>>;

/** The figures the final line compares, from one run. */
function keyFigures(r: RunSummary) {
  return {
    p50_ms: r.latency_ms.p50,
    p95_ms: r.latency_ms.p95,
    p99_ms: r.latency_ms.p99,
    seen_p95_ms: r.latency_ms.seen_by_shopper.p95,
    sustained_orders_per_s: r.sustained?.best_orders_per_s ?? null,
    cpu_ms_per_order_api: r.cpu.to_drained.cpu_ms_per_order.api ?? null,
    cpu_ms_per_order_worker: r.cpu.to_drained.cpu_ms_per_order.worker ?? null,
    cpu_ms_per_order_sandbox: r.cpu.to_drained.cpu_ms_per_order.sandbox ?? null,
    cpu_ms_per_order_postgres: r.cpu.to_drained.cpu_ms_per_order.postgres ?? null,
    cpu_ms_per_order_total: r.cpu.to_drained.cpu_ms_per_order.total ?? null,
    double_charges: r.double_charges,
    lost_payments: r.lost_payments,
    receipts_missing: r.receipts_missing,
    double_sends: r.double_sends,
    failed: r.failed,
  };
}
type Figures = ReturnType<typeof keyFigures>;
/** Latencies and rates: the median over the runs; guarantees (must be 0): the worst run. */
function combine(runs: RunSummary[]): Figures {
  const figs = runs.map(keyFigures);
  const med = (k: keyof Figures) => {
    const values = figs.map((f) => f[k]).filter((v): v is number => v !== null);
    return values.length ? Math.round(median(values) * 10) / 10 : null;
  };
  const worst = (k: keyof Figures) => Math.max(...figs.map((f) => f[k] ?? 0));
  return {
    p50_ms: med('p50_ms'),
    p95_ms: med('p95_ms'),
    p99_ms: med('p99_ms'),
    seen_p95_ms: med('seen_p95_ms'),
    sustained_orders_per_s: med('sustained_orders_per_s'),
    cpu_ms_per_order_api: med('cpu_ms_per_order_api'),
    cpu_ms_per_order_worker: med('cpu_ms_per_order_worker'),
    cpu_ms_per_order_sandbox: med('cpu_ms_per_order_sandbox'),
    cpu_ms_per_order_postgres: med('cpu_ms_per_order_postgres'),
    cpu_ms_per_order_total: med('cpu_ms_per_order_total'),
    double_charges: worst('double_charges'),
    lost_payments: worst('lost_payments'),
    receipts_missing: worst('receipts_missing'),
    double_sends: worst('double_sends'),
    failed: worst('failed'),
  };
}
const ratio = (a: number | null, b: number | null) =>
  a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100;

build({ web: false });
const target: Layout = { apis: API_PROCESSES, workers: WORKER_PROCESSES, nginx: BENCH_NGINX };
const layoutName = (l: Layout) => `${l.apis}x${l.workers}${l.nginx && l.apis === 1 ? '-nginx' : ''}`;
const baseline: Layout = { apis: 1, workers: 1 };
const layouts = COMPARE ? [baseline, target] : [target];
const runs = new Map<string, RunSummary[]>(layouts.map((l) => [layoutName(l), []]));
try {
  // Interleaved (1x1, NxM, 1x1, NxM, ...) so a machine that slows down mid-bench hits both alike.
  for (let run = 1; run <= RUNS; run++) {
    for (const layout of layouts) {
      const name = layoutName(layout);
      runs.get(name)!.push(await runOnce(layout, `${name}-run${run}`));
    }
  }
} catch (error) {
  exitCode = 1;
  console.error(error);
}
const figures = Object.fromEntries([...runs].filter(([, r]) => r.length).map(([name, r]) => [name, combine(r)]));
const targetName = layoutName(target);
const base = COMPARE ? figures[layoutName(baseline)] : undefined;
const mine = figures[targetName];
const ratios =
  base && mine
    ? {
        what: `${targetName} / 1x1 (latency below 1 = faster, orders/s above 1 = more)`,
        p50: ratio(mine.p50_ms, base.p50_ms),
        p95: ratio(mine.p95_ms, base.p95_ms),
        p99: ratio(mine.p99_ms, base.p99_ms),
        sustained_orders_per_s: ratio(mine.sustained_orders_per_s, base.sustained_orders_per_s),
      }
    : null;
await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
await writeFile(
  path.join(ROOT, 'bench/results/checkout.json'),
  `${JSON.stringify(
    {
      benchmark: 'checkout',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      layouts: layouts.map(layoutName),
      runs_per_layout: RUNS,
      target: targetName,
      baseline: COMPARE ? layoutName(baseline) : null,
      figures,
      ratios,
      runs: Object.fromEntries(runs),
    },
    null,
    2,
  )}\n`,
);
if (mine) {
  const beside = (k: 'p50_ms' | 'p95_ms' | 'p99_ms' | 'sustained_orders_per_s', r: number | null | undefined) =>
    `${mine[k] ?? 'n/a'}${base ? ` (1x1 ${base[k] ?? 'n/a'}, x${r ?? 'n/a'})` : ''}`;
  console.log(
    `checkout ${targetName}${RUNS > 1 ? ` median of ${RUNS}` : ''}, ${SHOPPERS} shoppers: place-order->paid p50 ${beside('p50_ms', ratios?.p50)} ms, ` +
      `p95 ${beside('p95_ms', ratios?.p95)} ms, p99 ${beside('p99_ms', ratios?.p99)} ms (recorded paid; the shopper's poll saw it at p95 ${mine.seen_p95_ms ?? 'n/a'} ms), ` +
      `sustained ${SUSTAINED ? beside('sustained_orders_per_s', ratios?.sustained_orders_per_s) : 'off'} orders/s at p95 <= ${SUSTAINED_P95_MS} ms, ` +
      `CPU ms/order api ${mine.cpu_ms_per_order_api}, worker ${mine.cpu_ms_per_order_worker}, sandbox ${mine.cpu_ms_per_order_sandbox}, postgres ${mine.cpu_ms_per_order_postgres}, total ${mine.cpu_ms_per_order_total}${base ? ` (1x1 ${base.cpu_ms_per_order_total})` : ''}, ` +
      `${mine.double_charges} double charges, ${mine.lost_payments} lost payments, ${mine.receipts_missing} receipts missing, ${mine.double_sends} double sends, ${mine.failed} failed`,
  );
}
process.exitCode = exitCode;
