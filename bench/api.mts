// API under load: product list, product detail, search, add-to-cart and delivery quote against
// a seeded database, the real API process, real Postgres (RLS on) and Redis. 2 cores: one for
// the API, one for the load generator. Writes bench/results/api.json.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import { build } from '../scripts/lib/build.mjs';
import { createTestDatabase } from '../tests/helpers/database.ts';
import { ROOT, serverEnv, startApi } from '../tests/helpers/processes.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

build({ web: false });
const db = await createTestDatabase({ seed: true });
const api = await startApi(serverEnv(db, { RATE_LIMIT_MAX: '100000000', DB_POOL_MAX: '10' }));

const first = (await (await fetch(`${api.url}/v1/stores/nairobi-gadgets/products?limit=1`)).json()) as {
  items: { slug: string }[];
};
const productSlug = first.items[0]!.slug;

const detail = (await (await fetch(`${api.url}/v1/stores/nairobi-gadgets/products/${productSlug}`)).json()) as {
  product: { variants: { sku: string }[] };
};
const cartSku = detail.product.variants[0]!.sku;
// One cart per connection: shoppers write to their own carts (a cart serialises its own writes).
const cartTokens: string[] = [];
for (let i = 0; i < CONNECTIONS; i++) {
  const res = await fetch(`${api.url}/v1/stores/nairobi-gadgets/cart/lines`, {
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

async function run(name: string, urlPath: string, request: Request = {}) {
  const options = { url: `${api.url}${urlPath}`, ...request };
  // Warm-up: connection pools, plan cache, tenant-resolution cache.
  await autocannon({ ...options, connections: 4, duration: 2 });
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION_S });
  return {
    name,
    path: urlPath,
    requests_per_s: Math.round(result.requests.average),
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    non_2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

try {
  const scenarios = [
    await run('product_list_48', '/v1/stores/nairobi-gadgets/products?limit=48'),
    await run('product_detail', `/v1/stores/nairobi-gadgets/products/${productSlug}`),
    await run('search', '/v1/stores/nairobi-gadgets/search?q=samsung%20128gb'),
    await run('search_typo_swahili', '/v1/stores/nairobi-gadgets/search?q=simu%20samsang'),
    // Setting a line's quantity: the same cart, re-priced from the catalog on every write.
    await run('cart_set_quantity', `/v1/stores/nairobi-gadgets/cart/lines/${cartSku}`, {
      method: 'PUT',
      body: JSON.stringify({ quantity: 1 }),
      setupClient: (client) =>
        client.setHeaders({
          'content-type': 'application/json',
          'x-cart-token': cartTokens[nextCart++ % cartTokens.length]!,
        }),
    }),
    await run('delivery_quote', '/v1/stores/nairobi-gadgets/delivery/quote?area=westlands&subtotal=25000'),
  ];
  const summary = {
    benchmark: 'api',
    at: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    connections: CONNECTIONS,
    duration_s: DURATION_S,
    scenarios,
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/api.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `api (${CONNECTIONS} connections, ${DURATION_S}s each): ` +
      scenarios
        .map(
          (s) =>
            `${s.name} ${s.requests_per_s} req/s p50 ${s.latency_ms.p50}ms p99 ${s.latency_ms.p99}ms err ${s.non_2xx + s.errors}`,
        )
        .join(' | '),
  );
} finally {
  await api.stop();
  await db.drop();
}
