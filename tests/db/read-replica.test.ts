// Storefront reads on a streaming replica (DATABASE_READ_URL, TenantDb.read): a primary + standby
// pair of our own (tests/helpers/replica.ts, this machine's Postgres binaries) and the real API
// twice: `api` with a 1 s lag bound (routing, lag, the replica stopped under load) and `patient`
// with a 2 min bound, so a replica held behind on purpose (replay paused) keeps serving and shows
// that read-your-writes, not the lag check, sends a session that just wrote to the primary.
// Where each read ran is read from the API's own counter sokoni_db_reads_total{target,reason}
// and, on the replica, from pg_stat_activity (the app role's sokoni-api-read connections).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { serverEnv, startApi, type RunningApi } from '../helpers/processes.ts';
import { createReplicaPair, query, type ReplicaPair } from '../helpers/replica.ts';
import { waitFor, waitUntil } from '../helpers/wait.ts';

const STORE = 'saa-bora';

let pair: ReplicaPair;
let api: RunningApi;
let patient: RunningApi;
/** A variant of STORE without price rules: its product's slug, its sku and price. */
let item: { product: string; sku: string; price: number };

type Counts = Map<string, number>;

/** The API's /metrics as `name{labels}` -> value. */
async function metrics(server: RunningApi): Promise<Counts> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const counts: Counts = new Map();
  for (const line of text.split('\n')) {
    const m = /^(sokoni_db_[a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) counts.set(m[1]!, Number(m[2]));
  }
  return counts;
}
const reads = (counts: Counts, target: string, reason: string) =>
  counts.get(`sokoni_db_reads_total{target="${target}",reason="${reason}"}`) ?? 0;
const primaryReads = (counts: Counts) =>
  [...counts.entries()]
    .filter(([k]) => k.startsWith('sokoni_db_reads_total{target="primary"'))
    .reduce((sum, [, v]) => sum + v, 0);

const replicaUp = (server: RunningApi) =>
  waitUntil(
    'the replica in use (sokoni_db_replica_up 1)',
    () => metrics(server),
    (m) => m.get('sokoni_db_replica_up') === 1,
    30_000,
  );

async function get<T = unknown>(server: RunningApi, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

interface ProductAnswer {
  product: { variants: { sku: string; priceKes: number }[] };
}
const priceOf = async (server: RunningApi, headers: Record<string, string> = {}) => {
  const { status, body } = await get<ProductAnswer>(server, `/v1/stores/${STORE}/products/${item.product}`, headers);
  assert.equal(status, 200);
  return body.product.variants.find((v) => v.sku === item.sku)!.priceKes;
};

const replay = (action: 'pause' | 'resume') => query(pair.replicaAdminUrl, `SELECT pg_wal_replay_${action}()`);

before(async () => {
  pair = await createReplicaPair({ seed: true });
  const env = (lagMs: number) =>
    serverEnv(pair.db, {
      DATABASE_READ_URL: pair.readUrl,
      REPLICA_MAX_LAG_MS: String(lagMs),
      REPLICA_HEALTH_INTERVAL_MS: '300',
      RATE_LIMIT_MAX: '1000000',
      // Routing is proven on the uncached path: with the catalog cache on, the answers it keeps
      // are read from the primary on purpose (catalog-cache.ts) and hits never reach Postgres.
      CATALOG_CACHE_TTL_S: '0',
    });
  [api, patient] = await Promise.all([startApi(env(1_000)), startApi(env(120_000))]);
  const tenant = pair.db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;
  const [row] = await query<{ product: string; sku: string; price: number }>(
    pair.db.ownerUrl,
    `SELECT p.slug AS product, v.sku, v.price_kes AS price
       FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
      WHERE v.tenant_id = $1 AND p.status = 'active' AND v.on_hand >= 5
        AND NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.variant_id = v.id)
      ORDER BY v.sku LIMIT 1`,
    [tenant],
  );
  item = row!;
});

after(async () => {
  await Promise.allSettled([api?.stop(), patient?.stop()]);
  await pair?.close();
});

describe('read replica', () => {
  test('storefront reads are served by the replica', async () => {
    await replicaUp(api);
    const before = await metrics(api);
    const paths = [
      `/v1/stores/${STORE}/products`,
      `/v1/stores/${STORE}/products/${item.product}`,
      `/v1/stores/${STORE}/search?q=chai`,
      `/v1/stores/${STORE}/categories`,
      `/v1/stores/${STORE}/collections`,
      '/v1/areas',
    ];
    for (let round = 0; round < 4; round++)
      for (const path of paths) assert.equal((await get(api, path)).status, 200, path);
    const later = await metrics(api);
    const onReplica = reads(later, 'replica', 'replica') - reads(before, 'replica', 'replica');
    // On a busy machine a health poll may come late (stale) or find replay a moment behind
    // (lagging): those reads go to the primary, for no other reason.
    const excused = (m: Counts) => reads(m, 'primary', 'stale') + reads(m, 'primary', 'lagging');
    const onPrimary = primaryReads(later) - primaryReads(before);
    assert.equal(onReplica + onPrimary, 4 * paths.length, 'every read counted once');
    assert.equal(onPrimary, excused(later) - excused(before), 'on the primary only while the replica was not usable');
    assert.ok(onReplica >= 2 * paths.length, `reads on the replica: ${onReplica} of ${4 * paths.length}`);
    const [seen] = await query<{ n: number }>(
      pair.replicaAdminUrl,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'sokoni-api-read' AND usename = 'sokoni_app'`,
    );
    assert.ok(seen!.n > 0, 'the API holds app-role connections on the replica');
  });

  test("a shopper's cart write, then reads of that session go to the primary", async () => {
    const cart = async (method: string, path: string, body?: unknown, token?: string) => {
      const res = await fetch(`${api.url}/v1/stores/${STORE}/cart${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { 'x-cart-token': token } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as { cart: { token: string; lines: { quantity: number }[] } },
      };
    };
    const added = await cart('POST', '/lines', { sku: item.sku, quantity: 1 });
    assert.equal(added.status, 200);
    const token = added.body.cart.token;
    assert.equal((await cart('PUT', `/lines/${item.sku}`, { quantity: 2 }, token)).status, 200);
    const seen = await fetch(`${api.url}/v1/stores/${STORE}/cart`, { headers: { 'x-cart-token': token } });
    const { cart: view } = (await seen.json()) as { cart: { lines: { quantity: number }[] } };
    assert.equal(view.lines[0]?.quantity, 2, 'the cart shows its write');

    await replicaUp(api);
    const before = await metrics(api);
    await priceOf(api, { 'x-cart-token': token });
    await priceOf(api);
    const later = await metrics(api);
    assert.equal(reads(later, 'primary', 'after_write') - reads(before, 'primary', 'after_write'), 1);
    assert.equal(reads(later, 'replica', 'replica') - reads(before, 'replica', 'replica'), 1, 'others: the replica');
  });

  test('an owner price change is visible to the owner at once, while the replica is behind', async () => {
    await replicaUp(patient);
    const call = jsonCaller(() => patient.url, '10.77');
    const owner = await demoLogin(call, STORE, 'owner');
    await replay('pause');
    try {
      const newPrice = item.price + 7;
      const changed = await call(
        'PATCH',
        `/v1/owner/catalog/variants/${item.sku}/price`,
        { priceKes: newPrice },
        owner.accessToken,
      );
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(await priceOf(patient, { authorization: `Bearer ${owner.accessToken}` }), newPrice, 'the owner');
      // Everyone else reads the replica, which has not replayed the change: the read really is there.
      await replicaUp(patient);
      assert.equal(await priceOf(patient), item.price, 'a shopper, from the paused replica');
      await replay('resume');
      await waitFor('the replica to replay the new price', async () => (await priceOf(patient)) === newPrice);
      item.price = newPrice;
    } finally {
      await replay('resume');
    }
  });

  test('lag above REPLICA_MAX_LAG_MS sends reads to the primary, and back once it catches up', async () => {
    await replicaUp(api);
    await query(pair.db.ownerUrl, 'CREATE TABLE replica_lag_probe (at timestamptz NOT NULL)');
    await replay('pause');
    try {
      // The primary moves on (a write per look) while the replica stands still.
      const lagging = await waitUntil(
        'the API to see the replica lag past 1 s',
        async () => {
          await query(pair.db.ownerUrl, 'INSERT INTO replica_lag_probe VALUES (now())');
          return metrics(api);
        },
        (m) => (m.get('sokoni_db_replica_lag_seconds') ?? 0) > 1 && m.get('sokoni_db_replica_up') === 0,
        30_000,
      );
      await priceOf(api);
      assert.equal(reads(await metrics(api), 'primary', 'lagging') - reads(lagging, 'primary', 'lagging'), 1);
    } finally {
      await replay('resume');
    }
    await replicaUp(api);
    const before = await metrics(api);
    await priceOf(api);
    assert.equal(reads(await metrics(api), 'replica', 'replica') - reads(before, 'replica', 'replica'), 1);
  });

  test('the replica stopped under concurrent storefront load: no errors, reads move to the primary', async () => {
    await replicaUp(api);
    const start = await metrics(api);
    const paths = [
      `/v1/stores/${STORE}/products`,
      `/v1/stores/${STORE}/products/${item.product}`,
      `/v1/stores/${STORE}/search?q=chai`,
    ];
    let running = true;
    let served = 0;
    const failures: string[] = [];
    const loop = async (n: number) => {
      for (let i = n; running; i++) {
        const path = paths[i % paths.length]!;
        try {
          const res = await fetch(`${api.url}${path}`);
          await res.arrayBuffer();
          if (res.status === 200) served++;
          else failures.push(`${res.status} ${path}`);
        } catch (error) {
          failures.push(`${String(error)} ${path}`);
        }
      }
    };
    const load = Promise.all([0, 1, 2, 3, 4, 5].map(loop));
    try {
      await waitUntil(
        'replica reads under load',
        () => metrics(api),
        (m) => reads(m, 'replica', 'replica') - reads(start, 'replica', 'replica') >= 30,
      );
      await pair.stopReplica();
      const stopped = await metrics(api);
      const moved = await waitUntil(
        '100 reads on the primary after the replica stopped',
        () => metrics(api),
        (m) => primaryReads(m) - primaryReads(stopped) >= 100,
        60_000,
      );
      assert.equal(moved.get('sokoni_db_replica_up'), 0);
    } finally {
      running = false;
      await load;
    }
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failed requests of ${served + failures.length}`);
    assert.ok(served > 130, `requests served: ${served}`);

    // Back: the health check finds it again and reads return to it.
    await pair.startReplica();
    await replicaUp(api);
    const before = await metrics(api);
    await priceOf(api);
    assert.equal(reads(await metrics(api), 'replica', 'replica') - reads(before, 'replica', 'replica'), 1);
  });
});
