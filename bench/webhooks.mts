// bench:webhooks: how long from a change in the store to the merchant's system receiving the
// signed webhook, through the real API, worker (webhooks.deliver-due) and Postgres triggers.
// A variant's stock is moved across the low-stock line by the owner API (one product.stock_low
// event per crossing); the time runs from the API's answer (the change committed) to the
// receiver on this machine getting the POST. Baseline in the same run: a POST from this process
// straight to the same receiver (what the network and HTTP cost without the platform).
// Writes bench/results/webhooks.json; the last line printed is the key figures.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { demoLogin, jsonCaller } from '../tests/helpers/http.ts';
import { createTestDatabase, rowsQuery } from '../tests/helpers/database.ts';
import { ROOT, serverEnv, startApi, startWorker } from '../tests/helpers/processes.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 15);
const INTERVAL_MS = process.env.WEBHOOK_DELIVERY_INTERVAL_MS ?? '2000';
const STORE = 'saa-bora';
const log = (line: string) => console.error(`${new Date().toISOString()} ${line}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

const arrivals = new Map<string, number>();
let waiting: ((sku: string) => void) | null = null;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const at = performance.now();
    res.writeHead(200).end();
    if (req.headers['sokoni-event'] === 'product.stock_low') {
      const sku = (JSON.parse(body) as { data: { variant: { sku: string } } }).data.variant.sku;
      arrivals.set(sku, at);
      waiting?.(sku);
    }
  });
});

const db = await createTestDatabase({ seed: true });
const env = serverEnv(db, { WEBHOOK_DELIVERY_INTERVAL_MS: INTERVAL_MS, RATE_LIMIT_MAX: '100000' });
const [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
try {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const call = jsonCaller(() => api.url, '10.77');
  const { accessToken: token } = await demoLogin(call, STORE, 'owner');
  const added = await call('POST', '/v1/owner/settings/webhooks', { url, events: ['product.stock_low'] }, token);
  if (added.status !== 201) throw new Error(`add endpoint: ${added.status}`);
  const sql = rowsQuery(() => db.ownerUrl);
  const skus = (
    await sql<{ sku: string; on_hand: number }>(
      `SELECT v.sku, v.on_hand FROM product_variants v JOIN tenants t ON t.id = v.tenant_id
        WHERE t.slug = $1 AND v.on_hand > 5 ORDER BY v.sku LIMIT $2`,
      [STORE, EVENTS],
    )
  ).map((r) => r);
  const runs: { platformMs: number[]; directMs: number[] }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const platformMs: number[] = [];
    const directMs: number[] = [];
    for (const v of skus) {
      // Up to 10 (no event), then down to 4: one crossing, one event.
      const up = await call(
        'POST',
        `/v1/owner/catalog/variants/${v.sku}/inventory`,
        {
          kind: 'adjustment',
          quantity:
            10 -
            (await sql<{ on_hand: number }>(`SELECT on_hand FROM product_variants WHERE sku = $1`, [v.sku]))[0]!
              .on_hand,
          reason: 'bench',
        },
        token,
      );
      if (up.status !== 201) throw new Error(`stock up: ${up.status} ${JSON.stringify(up.body)}`);
      arrivals.delete(v.sku);
      const got = new Promise<void>((resolve) => {
        waiting = (sku) => {
          if (sku === v.sku) resolve();
        };
      });
      const down = await call(
        'POST',
        `/v1/owner/catalog/variants/${v.sku}/inventory`,
        { kind: 'adjustment', quantity: -6, reason: 'bench' },
        token,
      );
      const committed = performance.now();
      if (down.status !== 201) throw new Error(`stock down: ${down.status}`);
      await got;
      platformMs.push(arrivals.get(v.sku)! - committed);
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"baseline":true}',
      });
      await res.arrayBuffer();
      directMs.push(performance.now() - t0);
    }
    runs.push({ platformMs, directMs });
    log(
      `run ${run + 1}: median ${median(platformMs).toFixed(0)} ms, p95 ${pct(platformMs, 0.95).toFixed(0)} ms (direct POST ${median(directMs).toFixed(1)} ms)`,
    );
  }
  const result = {
    name: 'webhooks',
    at: new Date().toISOString(),
    deliveryIntervalMs: Number(INTERVAL_MS),
    eventsPerRun: skus.length,
    runs: runs.map((r) => ({
      medianMs: Math.round(median(r.platformMs)),
      p95Ms: Math.round(pct(r.platformMs, 0.95)),
      maxMs: Math.round(Math.max(...r.platformMs)),
      directPostMedianMs: Math.round(median(r.directMs) * 10) / 10,
    })),
    medianOfRunsMs: Math.round(median(runs.map((r) => median(r.platformMs)))),
    p95MedianOfRunsMs: Math.round(median(runs.map((r) => pct(r.platformMs, 0.95)))),
    directPostMedianMs: Math.round(median(runs.map((r) => median(r.directMs))) * 10) / 10,
    note: 'latency = change committed (API answered) -> receiver got the signed POST; bounded by the worker interval (a delivery waits for the next run) plus one HTTP round trip',
  };
  const ratio = result.medianOfRunsMs / Math.max(result.directPostMedianMs, 0.1);
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(
    path.join(ROOT, 'bench/results/webhooks.json'),
    `${JSON.stringify({ ...result, ratioToDirectPost: Math.round(ratio) }, null, 2)}\n`,
  );
  console.log(
    `webhooks: change -> receiver median ${result.medianOfRunsMs} ms, p95 ${result.p95MedianOfRunsMs} ms (median of ${RUNS} runs x ${skus.length} events, worker interval ${INTERVAL_MS} ms); direct POST ${result.directPostMedianMs} ms (x${Math.round(ratio)})`,
  );
} finally {
  receiver.close();
  await Promise.all([api.stop(), worker.stop()]);
  await db.drop();
}
