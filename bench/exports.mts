// Exports at 100,000 orders (issue 14): generates 100,000 orders (one or two lines each) in one
// store of a fresh seeded bench database, and 1,000 in another (the baseline), in one statement
// each on the server (INSERT ... SELECT generate_series: no rows cross the wire, as fast as COPY),
// then exports both through the real API (GET /v1/owner/exports/orders.csv, streamed) and reports
// seconds and the API process's peak RSS (VmRSS polled every 20 ms from /proc/<pid>/status, and
// VmHWM) beside the idle RSS and the 1,000-order export, as ratios.
// Writes bench/results/exports.json and prints one final line. npm run bench:exports
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { demoLogin, jsonCaller } from '../tests/helpers/http.ts';
import { createTestDatabase, rowsQuery } from '../tests/helpers/database.ts';
import { ROOT, serverEnv, startApi } from '../tests/helpers/processes.ts';

const LARGE = { store: 'nairobi-gadgets', orders: Number(process.env.BENCH_EXPORTS_ORDERS ?? 100_000) };
const SMALL = { store: 'saa-bora', orders: 1_000 };
const RANGE = 'from=2025-01-01&to=2025-12-31';
const log = (line: string) => console.error(`${new Date().toISOString()} ${line}`);

async function generate(sql: ReturnType<typeof rowsQuery>, store: string, orders: number): Promise<number> {
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM tenants WHERE slug = $1`, [store]);
  // Orders spread over 2025 (Nairobi), a few statuses and channels, names that need quoting.
  await sql(
    `INSERT INTO orders (tenant_id, number, status, channel, phone, customer_name, area_slug, subtotal_kes, delivery_fee_kes, total_kes, vat_kes, idempotency_key, request_hash, created_at)
     SELECT $1::uuid, 5000000 + g, (ARRAY['paid','delivered','cancelled','packed'])[1 + g % 4],
            (ARRAY['web','whatsapp'])[1 + g % 2], '2547' || lpad((g % 100000000)::text, 8, '0'),
            'Shopper ' || g || ', Nairobi', 'kilimani', 2000, 200, 2200, 303, 'bench-exports-' || g, 'x',
            timestamptz '2025-01-01 00:00:00+03' + make_interval(mins => (g::bigint * 500000 / $2::int)::int)
       FROM generate_series(1, $2::int) g`,
    [tenant!.id, orders],
  );
  await sql(
    `INSERT INTO order_items (tenant_id, order_id, line, variant_id, sku, title, options, unit_price_kes, quantity, line_total_kes)
     SELECT o.tenant_id, o.id, l, v.id, v.sku, 'Item "' || l || '" of order ' || o.number, '{"Size":"M"}', 1000, 1, 1000
       FROM orders o
       CROSS JOIN LATERAL generate_series(1, 1 + (o.number % 2)) l
       CROSS JOIN LATERAL (SELECT id, sku FROM product_variants WHERE tenant_id = o.tenant_id ORDER BY sku LIMIT 1) v
      WHERE o.tenant_id = $1::uuid AND o.idempotency_key LIKE 'bench-exports-%'`,
    [tenant!.id],
  );
  const [lines] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM order_items i JOIN orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id
      WHERE o.tenant_id = $1::uuid AND o.idempotency_key LIKE 'bench-exports-%'`,
    [tenant!.id],
  );
  return lines!.n;
}

async function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
}

/** Streams the export, counting bytes and rows, while RSS is sampled; nothing is kept. */
async function measure(apiUrl: string, token: string, pid: number) {
  let peakKb = await statusKb(pid, 'VmRSS');
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakKb = Math.max(peakKb, await statusKb(pid, 'VmRSS'));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  const res = await fetch(`${apiUrl}/v1/owner/exports/orders.csv?${RANGE}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) newlines++;
  }
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  return { seconds: Math.round(seconds * 100) / 100, bytes, newlines, peak_rss_mb: Math.round(peakKb / 102.4) / 10 };
}

const db = await createTestDatabase({ seed: true });
const sql = rowsQuery(() => db.ownerUrl);
let api: Awaited<ReturnType<typeof startApi>> | undefined;
try {
  let t = performance.now();
  const largeLines = await generate(sql, LARGE.store, LARGE.orders);
  const smallLines = await generate(sql, SMALL.store, SMALL.orders);
  await sql('ANALYZE orders; ANALYZE order_items');
  const generateSeconds = Math.round((performance.now() - t) / 10) / 100;
  log(
    `generated ${LARGE.orders} + ${SMALL.orders} orders (${largeLines} + ${smallLines} lines) in ${generateSeconds}s`,
  );

  api = await startApi(serverEnv(db));
  const pid = api.child.pid!;
  const call = jsonCaller(() => api!.url, '10.99');
  const large = (await demoLogin(call, LARGE.store, 'owner')).accessToken;
  const small = (await demoLogin(call, SMALL.store, 'owner')).accessToken;
  // Warm up (routes, JIT, pool) on a tiny export, then read idle RSS.
  await measure(api.url, small, pid);
  await new Promise((r) => setTimeout(r, 1000));
  const idleMb = Math.round((await statusKb(pid, 'VmRSS')) / 102.4) / 10;
  t = performance.now();
  const baseline = await measure(api.url, small, pid);
  const big = await measure(api.url, large, pid);
  const hwmMb = Math.round((await statusKb(pid, 'VmHWM')) / 102.4) / 10;
  const summary = {
    at: new Date().toISOString(),
    orders: { large: LARGE.orders, baseline: SMALL.orders },
    rows: { large: largeLines, baseline: smallLines },
    generate_seconds: generateSeconds,
    idle_rss_mb: idleMb,
    baseline_export: baseline,
    large_export: big,
    api_vm_hwm_mb: hwmMb,
    ratios: {
      peak_rss_large_over_idle: Math.round((big.peak_rss_mb / idleMb) * 100) / 100,
      peak_rss_large_over_baseline: Math.round((big.peak_rss_mb / baseline.peak_rss_mb) * 100) / 100,
      seconds_large_over_baseline: Math.round((big.seconds / baseline.seconds) * 100) / 100,
      rows: Math.round(largeLines / smallLines),
    },
  };
  if (big.newlines < largeLines + 1) throw new Error(`export has ${big.newlines} line ends, expected > ${largeLines}`);
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/exports.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `exports: ${LARGE.orders} orders (${largeLines} rows, ${Math.round(big.bytes / 1048576)} MB) in ${big.seconds}s, ` +
      `API peak RSS ${big.peak_rss_mb} MB (idle ${idleMb} MB, x${summary.ratios.peak_rss_large_over_idle}; ` +
      `1,000 orders ${baseline.peak_rss_mb} MB in ${baseline.seconds}s, x${summary.ratios.peak_rss_large_over_baseline} RSS ` +
      `for x${summary.ratios.rows} rows)`,
  );
} finally {
  await api?.stop();
  await db.drop();
}
