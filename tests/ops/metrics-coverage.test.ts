// Nothing counted is lost, and nothing charted or alerted on is made up (issue 16 part 2).
// A real API + worker + sandbox take two real M-Pesa payments (one by callback, one found by the
// worker's STK Query); then
// - the worker's own /metrics (WORKER_METRICS_PORT) shows what only it counts: job runs by
//   queue/name/outcome, STK queries and results, notification sends, order->paid latency,
//   the heartbeat;
// - the Lighthouse exporter (`npm run ops:lighthouse -- --from-json`, fed real Lighthouse
//   results) writes a textfile that the real node-exporter serves;
// - every metric named by a Grafana panel or an alert rule is one that the running API, worker
//   or node-exporter exports (or Prometheus' own `up`).
// Run alone: node --import tsx --test tests/ops/metrics-coverage.test.ts
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { createTestDatabase, rowsQuery, type TestDatabase } from '../helpers/database.ts';
import { startPaymentStack, type PaymentStack } from '../helpers/payment-stack.ts';
import { freePort, ROOT, startRaw, type RunningProcess } from '../helpers/processes.ts';
import { metricNames } from '../helpers/promql.ts';
import { shopperApi } from '../helpers/shopper-api.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const FIXTURES = path.join(ROOT, 'tests/ops/fixtures/lighthouse');
let db: TestDatabase;
let stack: PaymentStack;
let workerMetricsUrl: string;
let nodeExporter: RunningProcess | null = null;
let nodeExporterUrl: string | null = null;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sokoni-metrics-coverage-'));

const sql = rowsQuery(() => db.ownerUrl);
const viaApi = shopperApi(
  {
    get api() {
      return stack.api;
    },
    get db() {
      return db;
    },
  },
  STORE,
);

/** Prometheus text -> { metric name -> sample lines }. TYPE lines count too (a labelled family with no samples yet). */
function exposition(text: string): Map<string, string[]> {
  const families = new Map<string, string[]>();
  const add = (name: string, line?: string) => {
    if (!families.has(name)) families.set(name, []);
    if (line) families.get(name)!.push(line);
  };
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\w+)/.exec(line);
    if (type) {
      const [, name, kind] = type;
      if (kind === 'histogram') for (const s of ['_bucket', '_count', '_sum']) add(`${name}${s}`);
      else if (kind === 'summary') for (const s of ['', '_count', '_sum']) add(`${name}${s}`);
      else add(name!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample) add(sample[1]!, line);
  }
  return families;
}

/** The value of the one sample of `name` whose labels include all of `labels` (undefined if none). */
function value(families: Map<string, string[]>, name: string, labels: Record<string, string> = {}): number | undefined {
  const line = (families.get(name) ?? []).find((l) =>
    Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
  );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function scrape(url: string): Promise<Map<string, string[]>> {
  const res = await fetch(url);
  assert.equal(res.status, 200, `${url} -> ${res.status}`);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  return exposition(await res.text());
}

/** Cart -> order -> STK push through the API (the sandbox pays: 0000 by callback, 9000 found by STK Query). */
async function placeAndPay(shopperPhone: string): Promise<{ orderId: string; paymentId: string }> {
  const lines = [{ sku: await viaApi.stockedSku(), quantity: 1 }];
  const order = await viaApi.placeOrder({ lines, phone: shopperPhone, name: 'Wanjiru Kamau' });
  const { payment } = await viaApi.startPayment(order.id);
  return { orderId: order.id, paymentId: payment.id };
}

before(async () => {
  db = await createTestDatabase({ seed: true });
  stack = await startPaymentStack(db, { WORKER_METRICS_PORT: '0' });
  const listening = await stack.worker.waitForLog((e) => e.msg === 'worker metrics listening');
  workerMetricsUrl = `http://127.0.0.1:${listening.port as number}/metrics`;
});
after(async () => {
  await nodeExporter?.stop();
  await stack?.stop();
  await db?.drop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the worker exports what it counts', () => {
  test('after real payments: job runs, STK queries and results, notification sends, order->paid latency, heartbeat', async () => {
    // 0000 pays with a callback; 9000 pays without one, so the worker's STK Query finds it.
    const byCallback = await placeAndPay('254711110000');
    const byQuery = await placeAndPay('254711119000');
    for (const { paymentId } of [byCallback, byQuery])
      await waitFor(
        `payment ${paymentId} paid`,
        async () =>
          (await sql<{ status: string }>('SELECT status FROM payments WHERE id = $1', [paymentId]))[0]?.status ===
          'paid',
        30_000,
      );
    // The receipts: an order_paid message per order recorded as sent.
    await waitFor(
      'both receipts sent',
      async () =>
        Number(
          (
            await sql<{ n: string }>(
              `SELECT count(*) AS n FROM messages WHERE order_id = ANY($1::uuid[]) AND direction = 'out' AND kind = 'order_paid'`,
              [[byCallback.orderId, byQuery.orderId]],
            )
          )[0]!.n,
        ) >= 2,
      30_000,
    );

    const worker = await waitFor(
      'the worker /metrics to show both receipts sent and their jobs completed',
      async () => {
        const m = await scrape(workerMetricsUrl);
        const sent =
          (value(m, 'sokoni_notification_sends_total', { channel: 'whatsapp', outcome: 'accepted' }) ?? 0) +
          (value(m, 'sokoni_notification_sends_total', { channel: 'sms', outcome: 'sent' }) ?? 0);
        // A send is counted inside its job, the job's duration when it returns: wait for both.
        const receiptJobs =
          value(m, 'sokoni_job_duration_seconds_count', {
            queue: 'notifications',
            name: 'order.order_paid',
            outcome: 'completed',
          }) ?? 0;
        return sent >= 2 && receiptJobs >= 2 ? m : null;
      },
      20_000,
    );
    const jobs = (queue: string, name: string) =>
      value(worker, 'sokoni_job_duration_seconds_count', { queue, name, outcome: 'completed' }) ?? 0;
    assert.ok(jobs('payments', 'payment.callback') >= 1, 'the callback job ran and was timed');
    assert.ok(jobs('payments', 'payment.query') >= 1, 'the STK Query job ran and was timed');
    assert.ok(jobs('notifications', 'order.order_paid') >= 2, 'the receipt jobs ran and were timed');
    assert.ok(
      (value(worker, 'mpesa_stk_queries_total', { answer: 'paid' }) ?? 0) >= 1,
      'the worker counts STK Query answers',
    );
    assert.ok(
      (value(worker, 'mpesa_stk_results_total', { outcome: 'paid' }) ?? 0) >= 1,
      'STK results counted where they are applied',
    );
    assert.ok(
      (value(worker, 'sokoni_order_paid_latency_seconds_count') ?? 0) >= 1,
      'order->paid latency observed in the worker',
    );
    const heartbeat = value(worker, 'sokoni_worker_heartbeat_timestamp_seconds')!;
    assert.ok(Math.abs(Date.now() / 1000 - heartbeat) < 120, `heartbeat ${heartbeat} is recent`);
    assert.ok(worker.has('process_cpu_seconds_total'), 'process metrics too');
    // Follow-up queues yield to a settlement rush (issue 17): counted, even when it never happened.
    assert.ok(worker.has('sokoni_worker_follow_up_yields_total'), 'follow-up yields are exported');
    assert.ok(worker.has('sokoni_worker_follow_up_deferrals_total'), 'follow-up jobs put back in a rush are exported');
    assert.ok(worker.has('mpesa_stk_queries_avoided_total'), 'STK Queries answered by a stored callback are exported');
    // Scrape-time Redis/Postgres readings are the API's alone (not doubled by every worker).
    assert.ok(
      !worker.has('bullmq_queue_jobs') &&
        !worker.has('mpesa_callbacks_unprocessed') &&
        !worker.has('sokoni_pg_connections'),
    );

    const api = await scrape(`${stack.api.url}/metrics`);
    assert.ok((value(api, 'mpesa_stk_requests_total', { outcome: 'accepted' }) ?? 0) >= 2, 'pushes counted by the API');
    assert.ok((value(api, 'sokoni_pg_connections') ?? 0) >= 1);
    assert.ok((value(api, 'sokoni_pg_max_connections') ?? 0) > 1);
    assert.equal(value(api, 'bullmq_queue_oldest_waiting_seconds', { queue: 'payments' }) !== undefined, true);
    assert.ok(api.has('mpesa_callbacks_unprocessed'));

    // Not found and the wrong method answer in the error shape.
    const missing = await fetch(workerMetricsUrl.replace('/metrics', '/nothing'));
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
    const posted = await fetch(workerMetricsUrl, { method: 'POST' });
    assert.equal(posted.status, 405);
  });
});

describe('PageSpeed scores reach Prometheus through node-exporter', () => {
  test('ops:lighthouse exports real Lighthouse results; a page without a result is exported as failed', async () => {
    const out = path.join(tmp, 'textfile');
    const run = startRaw(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/ops-lighthouse.mts',
        '--from-json',
        FIXTURES,
        '--stores',
        'demo-shop,closed-shop',
        '--out-dir',
        out,
      ],
      { PATH: process.env.PATH, HOME: process.env.HOME },
    );
    assert.equal(await run.exited, 0, run.lines.join('\n'));
    const summary = JSON.parse(run.lines.find((l) => l.includes('lighthouse exported'))!) as {
      pages: { store: string; page: string; scores?: Record<string, number>; error?: string }[];
    };
    const home = JSON.parse(readFileSync(path.join(FIXTURES, 'demo-shop-home.json'), 'utf8')) as {
      categories: Record<string, { score: number }>;
      audits: Record<string, { numericValue: number }>;
    };
    assert.equal(
      summary.pages.find((p) => p.store === 'demo-shop' && p.page === 'home')?.scores?.performance,
      Math.round(home.categories.performance!.score * 100),
    );
    assert.match(summary.pages.find((p) => p.store === 'closed-shop')?.error ?? '', /no .*closed-shop-home\.json/);

    const text = readFileSync(path.join(out, 'sokoni_lighthouse.prom'), 'utf8');
    const file = exposition(text);
    for (const category of ['performance', 'accessibility', 'best-practices', 'seo'])
      assert.equal(
        value(file, 'sokoni_lighthouse_score', { store: 'demo-shop', page: 'home', category }),
        Math.round(home.categories[category]!.score * 100),
      );
    assert.equal(
      value(file, 'sokoni_lighthouse_metric_seconds', { store: 'demo-shop', page: 'home', metric: 'lcp' }),
      Number((home.audits['largest-contentful-paint']!.numericValue / 1000).toFixed(3)),
    );
    assert.equal(value(file, 'sokoni_lighthouse_run_success', { store: 'demo-shop', page: 'product' }), 1);
    assert.equal(value(file, 'sokoni_lighthouse_run_success', { store: 'closed-shop', page: 'home' }), 0);
    assert.equal(
      value(file, 'sokoni_lighthouse_score', { store: 'closed-shop' }),
      undefined,
      'no score for a page not measured',
    );
    assert.deepEqual(readdirSync(out), ['sokoni_lighthouse.prom'], 'written by rename: no temporary file left');

    const binary = ['prometheus-node-exporter', 'node_exporter'].find(
      (b) => spawnSync('sh', ['-c', `command -v ${b}`]).status === 0,
    );
    if (!binary) return; // the names are still checked below from the file itself
    const port = await freePort();
    nodeExporter = startRaw(
      binary,
      [`--web.listen-address=127.0.0.1:${port}`, `--collector.textfile.directory=${out}`],
      { PATH: process.env.PATH },
    );
    nodeExporterUrl = `http://127.0.0.1:${port}/metrics`;
    const served = await waitFor(
      'node-exporter serving the textfile',
      async () => {
        const m = await fetch(nodeExporterUrl!).then(
          (r) => r.text(),
          () => null,
        );
        return m?.includes('sokoni_lighthouse_score') ? exposition(m) : null;
      },
      20_000,
    );
    assert.equal(
      value(served, 'sokoni_lighthouse_score', { store: 'demo-shop', page: 'product', category: 'performance' }),
      value(file, 'sokoni_lighthouse_score', { store: 'demo-shop', page: 'product', category: 'performance' }),
    );
    assert.ok(served.has('node_filesystem_avail_bytes') && served.has('node_filesystem_size_bytes'));
  });
});

describe('dashboards and alert rules name only exported metrics', () => {
  test('every Grafana panel query and every alert expression', async () => {
    const known = new Set<string>(['up']);
    for (const m of [await scrape(`${stack.api.url}/metrics`), await scrape(workerMetricsUrl)])
      for (const n of m.keys()) known.add(n);
    const textfile = exposition(readFileSync(path.join(tmp, 'textfile/sokoni_lighthouse.prom'), 'utf8'));
    for (const n of textfile.keys()) known.add(n);
    if (nodeExporterUrl) for (const n of (await scrape(nodeExporterUrl)).keys()) known.add(n);
    else for (const n of ['node_filesystem_avail_bytes', 'node_filesystem_size_bytes']) known.add(n); // node-exporter absent here

    const unknown: string[] = [];
    let queries = 0;
    for (const file of readdirSync(path.join(ROOT, 'ops/grafana/dashboards')).filter((f) => f.endsWith('.json'))) {
      const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'ops/grafana/dashboards', file), 'utf8')) as {
        panels: { title: string; type: string; targets?: { expr: string }[] }[];
      };
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
        assert.ok(panel.targets?.length, `${file}: "${panel.title}" has a query`);
        for (const target of panel.targets ?? []) {
          queries++;
          const names = metricNames(target.expr);
          assert.ok(names.length, `${file}: "${panel.title}" reads a metric`);
          for (const name of names) if (!known.has(name)) unknown.push(`${file}: "${panel.title}": ${name}`);
        }
      }
    }
    for (const file of ['alerts.yml', 'alerts-operate.yml']) {
      const rules = (
        parse(readFileSync(path.join(ROOT, 'ops/prometheus', file), 'utf8')) as {
          groups: { rules: { alert: string; expr: string }[] }[];
        }
      ).groups.flatMap((g) => g.rules);
      for (const rule of rules)
        for (const name of metricNames(String(rule.expr)))
          if (!known.has(name)) unknown.push(`${file}: ${rule.alert}: ${name}`);
    }
    assert.deepEqual(unknown, [], 'panels or rules name metrics nobody exports');
    assert.ok(queries >= 30, `${queries} panel queries checked`);

    const titles = readdirSync(path.join(ROOT, 'ops/grafana/dashboards'))
      .flatMap(
        (f) =>
          (
            JSON.parse(readFileSync(path.join(ROOT, 'ops/grafana/dashboards', f), 'utf8')) as {
              panels: { title: string }[];
            }
          ).panels,
      )
      .map((p) => p.title.toLowerCase());
    for (const wanted of [
      'request rate',
      'p95 latency',
      '5xx',
      'stk success',
      'order -> paid',
      'callbacks',
      'queue depth',
      'queue age',
      'notifications',
      'performance score',
    ])
      assert.ok(
        titles.some((t) => t.includes(wanted)),
        `a panel about ${wanted}`,
      );
  });
});
