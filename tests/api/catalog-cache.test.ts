// The storefront's Redis catalog cache (docs/operate/caching.md) over a real API, Postgres and
// Redis: hits are counted, and every catalog, price, stock and sale change is seen well within
// the TTL through the catalog_changed notifications (migration 0023), one store never sees
// another's entries or versions, checkout always reads Postgres, and the LISTEN connection comes
// back after Postgres drops it.
// Run alone: node --import tsx --test tests/api/catalog-cache.test.ts
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, REDIS_URL, rowsQuery, type TestDatabase } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { serverEnv, startApi, type RunningApi } from '../helpers/processes.ts';
import { waitFor, waitUntil } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const OTHER = 'mtindo-fashion';
/** The API's TTL in this test; every change must show well before it (see WITHIN). */
const TTL_S = 30;
/** How long a change may take to show: far under the TTL, so only invalidation can pass. */
const WITHIN = { timeoutMs: 10_000, intervalMs: 50 };

let db: TestDatabase;
let api: RunningApi;
let redis: Redis;
let prefix: string;
const call = jsonCaller(() => api.url, '198.51.100');
const sql = rowsQuery(() => db.ownerUrl);

interface Card {
  slug: string;
  priceKes: number;
  compareAtKes: number | null;
  inStock: boolean;
}
interface Detail extends Card {
  variants: { sku: string; priceKes: number; inStock: boolean }[];
}

const tenantOf = (slug: string) => db.seed!.stores.find((s) => s.slug === slug)!.tenantId;
const versionOf = (store: string) => redis.get(`${prefix}t:${tenantOf(store)}:catalog-version`);
const detail = async (store: string, product: string) =>
  (await call<{ product: Detail }>('GET', `/v1/stores/${store}/products/${product}`)).body.product;
const list = async (store: string, limit = 48) =>
  (await call<{ items: Card[] }>('GET', `/v1/stores/${store}/products?limit=${limit}`)).body.items;

/** The sum of the /metrics samples of `name` whose labels include `labels` (0 when none counted yet). */
async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  return text
    .split('\n')
    .filter(
      (l) =>
        (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    )
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

async function newProduct(title: string, sku: string, stock: number, priceKes = 3000): Promise<string> {
  const owner = await demoLogin(call, STORE, 'owner');
  const created = await call<{ product: { slug: string } }>(
    'POST',
    '/v1/owner/catalog/products',
    { title, categorySlug: 'audio', variants: [{ sku, priceKes, stock }] },
    owner.accessToken,
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.product.slug;
}

async function cartWith(sku: string): Promise<string> {
  const res = await call<{ cart: { token: string } }>('POST', `/v1/stores/${STORE}/cart/lines`, { sku, quantity: 1 });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.cart.token;
}

async function placeOrder(cartToken: string): Promise<number> {
  const res = await fetch(`${api.url}/v1/stores/${STORE}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-cart-token': cartToken,
      'idempotency-key': `cache-${randomBytes(6).toString('hex')}`,
      'x-forwarded-for': '198.51.100.250',
    },
    body: JSON.stringify({ phone: '0712 345 678', name: 'Wanjiku', areaSlug: 'kilimani', landmark: 'Yaya Centre' }),
  });
  await res.arrayBuffer();
  return res.status;
}

before(async () => {
  db = await createTestDatabase({ seed: true });
  const env = serverEnv(db, { CATALOG_CACHE_TTL_S: String(TTL_S) });
  prefix = env.REDIS_KEY_PREFIX!;
  api = await startApi(env);
  redis = new Redis(REDIS_URL);
});
after(async () => {
  redis?.disconnect();
  await api?.stop();
  await db?.drop();
});

describe('storefront catalog cache', () => {
  test('the second read of the same page is a hit, with the same answer', async () => {
    const hits = await metric('sokoni_catalog_cache_hits_total', { read: 'product_list' });
    const first = await list(STORE, 7);
    const second = await list(STORE, 7);
    assert.deepEqual(second, first);
    assert.equal(await metric('sokoni_catalog_cache_hits_total', { read: 'product_list' }), hits + 1);
    assert.ok(
      (await metric('sokoni_catalog_cache_misses_total', { read: 'product_list' })) >= 1,
      'built from Postgres',
    );
    assert.equal(await metric('sokoni_catalog_change_listener_up'), 1);
  });

  test("an owner's price change shows on the product and the list well within the TTL", async () => {
    const slug = await newProduct('Cache Test Speaker', 'CACHE-SPK-1', 5, 4000);
    assert.equal((await detail(STORE, slug)).priceKes, 4000);
    assert.equal((await detail(STORE, slug)).priceKes, 4000, 'cached');
    assert.equal((await list(STORE)).find((c) => c.slug === slug)?.priceKes, 4000);
    const owner = await demoLogin(call, STORE, 'owner');
    const changed = await call(
      'PATCH',
      '/v1/owner/catalog/variants/CACHE-SPK-1/price',
      { priceKes: 3650 },
      owner.accessToken,
    );
    assert.equal(changed.status, 200);
    await waitUntil(
      'the new price on the product page',
      () => detail(STORE, slug),
      (p) => p.priceKes === 3650,
      WITHIN,
    );
    await waitUntil(
      'the new price in the list',
      () => list(STORE),
      (items) => items.find((c) => c.slug === slug)?.priceKes === 3650,
      WITHIN,
    );
  });

  test('a sale (promotion price) and a category promotion retire the cached answers', async () => {
    const slug = await newProduct('Cache Test Earbuds', 'CACHE-EAR-1', 5, 3000);
    assert.equal((await detail(STORE, slug)).priceKes, 3000);
    const owner = await demoLogin(call, STORE, 'owner');
    const sale = await call(
      'POST',
      '/v1/owner/catalog/variants/CACHE-EAR-1/sales',
      {
        salePriceKes: 2499,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      owner.accessToken,
    );
    assert.equal(sale.status, 201);
    const onSale = await waitUntil(
      'the sale price',
      () => detail(STORE, slug),
      (p) => p.priceKes === 2499,
      WITHIN,
    );
    assert.equal(onSale.compareAtKes, 3000);

    // Promotions have no owner route yet: written as the platform would, the store's version moves.
    const before = await versionOf(STORE);
    await sql(
      `INSERT INTO promotions (tenant_id, name, category_id, percent, starts_at, ends_at)
       SELECT tenant_id, 'Cache week', id, 10, now(), now() + interval '1 day' FROM categories
        WHERE tenant_id = $1 AND slug = 'audio'`,
      [tenantOf(STORE)],
    );
    await waitUntil(
      'a new catalog version after the promotion',
      () => versionOf(STORE),
      (v) => v !== before,
      WITHIN,
    );
  });

  test('a variant sold out through a real order is out of stock on the storefront; checkout never sells it twice', async () => {
    const slug = await newProduct('Cache Test Last One', 'CACHE-LAST-1', 1);
    assert.equal((await detail(STORE, slug)).inStock, true);
    assert.equal((await detail(STORE, slug)).inStock, true, 'cached as in stock');
    assert.equal((await list(STORE)).find((c) => c.slug === slug)?.inStock, true);
    const first = await cartWith('CACHE-LAST-1');
    const second = await cartWith('CACHE-LAST-1');
    assert.equal(await placeOrder(first), 201);
    // Straight away, whatever the cache says: placing an order reads Postgres.
    assert.equal(await placeOrder(second), 409, 'the last unit is sold once');
    await waitUntil(
      'the product out of stock',
      () => detail(STORE, slug),
      (p) => !p.inStock && p.variants.every((v) => !v.inStock),
      WITHIN,
    );
    await waitUntil(
      'the card out of stock in the list',
      () => list(STORE),
      (items) => items.find((c) => c.slug === slug)?.inStock === false,
      WITHIN,
    );
  });

  test('two stores never share entries; one store’s changes leave the other’s version alone', async () => {
    const mine = await list(STORE, 5);
    const theirs = await list(OTHER, 5);
    assert.deepEqual(await list(OTHER, 5), theirs, 'cached per store');
    assert.deepEqual(await list(STORE, 5), mine);
    const mySlugs = new Set(mine.map((c) => c.slug));
    assert.ok(
      theirs.every((c) => !mySlugs.has(c.slug)),
      'the other store answers its own products',
    );

    // Every cached entry lives under its own store's key and holds only that store's products.
    const ownSlugs = await sql<{ tenant_id: string; slug: string }>(
      `SELECT tenant_id::text, slug FROM products WHERE tenant_id = ANY($1::uuid[])`,
      [[tenantOf(STORE), tenantOf(OTHER)]],
    );
    const keys = await redis.keys(`${prefix}t:*:catalog:product_list:*`);
    assert.ok(keys.length >= 2);
    for (const key of keys) {
      const tenant = key.slice(`${prefix}t:`.length).split(':')[0]!;
      const value = (await redis.get(key)) ?? '';
      const cards = (JSON.parse(value.slice(value.indexOf('\n') + 1)) as { items: Card[] }).items;
      const allowed = new Set(ownSlugs.filter((r) => r.tenant_id === tenant).map((r) => r.slug));
      for (const card of cards) assert.ok(allowed.has(card.slug), `${card.slug} cached under store ${tenant}`);
    }

    const mineBefore = await versionOf(STORE);
    const theirsBefore = await versionOf(OTHER);
    const hits = await metric('sokoni_catalog_cache_hits_total', { read: 'product_list' });
    const otherOwner = await demoLogin(call, OTHER, 'owner');
    const variant = (
      await sql<{ sku: string }>(
        `SELECT sku FROM product_variants WHERE tenant_id = $1 AND status = 'active' ORDER BY sku LIMIT 1`,
        [tenantOf(OTHER)],
      )
    )[0]!;
    const changed = await call(
      'PATCH',
      `/v1/owner/catalog/variants/${variant.sku}/price`,
      { priceKes: 777 },
      otherOwner.accessToken,
    );
    assert.equal(changed.status, 200);
    await waitUntil(
      'the other store’s version to move',
      () => versionOf(OTHER),
      (v) => v !== theirsBefore,
      WITHIN,
    );
    assert.equal(await versionOf(STORE), mineBefore, 'this store’s version untouched');
    assert.deepEqual(await list(STORE, 5), mine);
    assert.equal(await metric('sokoni_catalog_cache_hits_total', { read: 'product_list' }), hits + 1, 'still a hit');
  });

  test('the LISTEN connection comes back after Postgres drops it, retires every entry, and hears changes again', async () => {
    const reconnects = await metric('sokoni_catalog_cache_invalidations_total', { reason: 'listener_reconnect' });
    const killed = await sql<{ pid: number }>(
      `SELECT pg_terminate_backend(pid) AS ok, pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'sokoni-api-catalog-listener'`,
    );
    assert.equal(killed.length, 1, 'one listener connection, straight to Postgres');
    await waitFor(
      'the listener to reconnect',
      async () =>
        (await metric('sokoni_catalog_cache_invalidations_total', { reason: 'listener_reconnect' })) > reconnects &&
        (await metric('sokoni_catalog_change_listener_up')) === 1,
      WITHIN,
    );
    const slug = await newProduct('Cache Test Radio', 'CACHE-RAD-1', 3, 2000);
    assert.equal((await detail(STORE, slug)).priceKes, 2000);
    const owner = await demoLogin(call, STORE, 'owner');
    await call('PATCH', '/v1/owner/catalog/variants/CACHE-RAD-1/price', { priceKes: 1800 }, owner.accessToken);
    await waitUntil(
      'the new price after the reconnect',
      () => detail(STORE, slug),
      (p) => p.priceKes === 1800,
      WITHIN,
    );
  });
});
