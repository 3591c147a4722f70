// The many-stores generator behind `npm run bench:scale` (bench/lib/scale-generator.mts), run at
// a tiny size: the same seed gives the same rows, every key points somewhere, what triggers would
// have derived is there (stock ledger, search documents, order totals and counters, daily
// aggregates), RLS keeps the generated stores apart, and the API serves a generated store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, first, withClient, type TestDatabase } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { serverEnv, startApi, type RunningApi } from '../helpers/processes.ts';
import { generateScale, LARGE_STORE, storeSlug, type ScaleSpec } from '../../bench/lib/scale-generator.mts';

const spec: ScaleSpec = {
  stores: 20,
  products: 10,
  largeProducts: 40,
  orders: 600,
  events: 6000,
  largeShare: 0.2,
  days: 14,
  end: new Date('2026-11-30T09:00:00Z'),
  seed: 'scale-test',
};

/** Tables with a tenant_id (parents, not partitions), and the columns left out of a content hash. */
async function tenantTables(client: pg.Client): Promise<{ name: string; identity: string[] }[]> {
  const { rows } = await client.query<{ name: string; identity: string[] }>(
    `SELECT c.relname AS name,
            coalesce(array_agg(a2.attname) FILTER (WHERE a2.attname IS NOT NULL), '{}') AS identity
       FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
       LEFT JOIN pg_attribute a2 ON a2.attrelid = c.oid AND a2.attidentity <> '' AND NOT a2.attisdropped
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      GROUP BY c.relname ORDER BY c.relname`,
  );
  return rows;
}

const generatedIds = (client: pg.Client) =>
  client
    .query<{ id: string; slug: string }>(`SELECT id, slug FROM tenants WHERE slug LIKE 'scale-%' ORDER BY slug`)
    .then((r) => r.rows);

/**
 * One md5 per table over the generated stores' rows. Left out: identity ids (sequence values),
 * computed_at (now()) and password_hash (salted on purpose: hashPassword picks the salt).
 */
async function contentHashes(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const ids = (await generatedIds(client)).map((t) => t.id);
    const hashes: Record<string, string> = {};
    for (const table of await tenantTables(client)) {
      const drop = [...table.identity, 'computed_at', 'password_hash'].map((c) => ` - '${c}'`).join('');
      const { rows } = await client.query<{ h: string; n: string }>(
        `SELECT md5(coalesce(string_agg(j, '|' ORDER BY j), '')) AS h, count(*) AS n
           FROM (SELECT (to_jsonb(t)${drop})::text AS j FROM ${table.name} t WHERE tenant_id = ANY($1::uuid[])) x`,
        [ids],
      );
      hashes[table.name] = `${rows[0]!.n}:${rows[0]!.h}`;
    }
    const tenants = await client.query<{ h: string }>(
      `SELECT md5(string_agg(to_jsonb(t)::text, '|' ORDER BY t.id)) AS h FROM tenants t WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    hashes.tenants = tenants.rows[0]!.h;
    return hashes;
  });
}

describe('bench:scale generator (tiny size)', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  let api: RunningApi;
  const call = jsonCaller(() => api.url, '10.91');

  before(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await generateScale(a.ownerUrl, spec, { exactAggregates: [1, 5] });
    await generateScale(b.ownerUrl, spec, { exactAggregates: [1, 5] });
    api = await startApi(serverEnv(a, { RATE_LIMIT_MAX: '100000' }));
  });

  after(async () => {
    await api?.stop();
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it('writes the sizes asked for, and the same rows for the same seed', async () => {
    const counts = await withClient(a.ownerUrl, async (c) =>
      first(
        (
          await c.query<Record<string, string>>(
            `SELECT (SELECT count(*) FROM tenants WHERE slug LIKE 'scale-%') AS stores,
                    (SELECT count(*) FROM products) AS products, (SELECT count(*) FROM orders) AS orders,
                    (SELECT count(*) FROM events) AS events,
                    (SELECT count(*) FROM orders o JOIN tenants t ON t.id = o.tenant_id WHERE t.slug = $1) AS large_orders`,
            [LARGE_STORE],
          )
        ).rows,
      ),
    );
    assert.deepEqual(counts, {
      stores: '20',
      products: String(19 * 10 + 40),
      orders: '600',
      events: '6000',
      large_orders: '120',
    });
    const [ha, hb] = await Promise.all([contentHashes(a.ownerUrl), contentHashes(b.ownerUrl)]);
    assert.deepEqual(ha, hb);
    assert.ok(Number(ha.order_items!.split(':')[0]) >= 600, 'every order has lines');
  });

  it('leaves no key pointing nowhere, and writes what the triggers would have', async () => {
    await withClient(a.ownerUrl, async (c) => {
      const { rows: fks } = await c.query<{
        name: string;
        child: string;
        parent: string;
        cols: string[];
        refs: string[];
      }>(
        `SELECT k.conname AS name, k.conrelid::regclass::text AS child, k.confrelid::regclass::text AS parent,
                ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o)::text[] AS cols,
                ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                        JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)::text[] AS refs
           FROM pg_constraint k
          WHERE k.contype = 'f' AND k.conparentid = 0 AND k.connamespace = 'public'::regnamespace`,
      );
      assert.ok(fks.length > 30, `foreign keys found: ${fks.length}`);
      const dangling: Record<string, number> = {};
      for (const fk of fks) {
        const notNull = fk.cols.map((col) => `c.${col} IS NOT NULL`).join(' AND ');
        const match = fk.cols.map((col, i) => `p.${fk.refs[i]} = c.${col}`).join(' AND ');
        const { rows } = await c.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${fk.child} c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${match})`,
        );
        if (rows[0]!.n !== '0') dangling[fk.name] = Number(rows[0]!.n);
      }
      assert.deepEqual(dangling, {});
      const checks = first(
        (
          await c.query<Record<string, string>>(
            `SELECT
               (SELECT count(*) FROM product_variants v WHERE on_hand <> (SELECT coalesce(sum(quantity), 0)
                  FROM inventory_movements m WHERE m.tenant_id = v.tenant_id AND m.variant_id = v.id)) AS ledger_off,
               (SELECT count(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM product_search s
                  WHERE s.tenant_id = p.tenant_id AND s.product_id = p.id)) AS unsearchable,
               (SELECT count(*) FROM orders o WHERE subtotal_kes <> (SELECT sum(line_total_kes) FROM order_items i
                  WHERE i.tenant_id = o.tenant_id AND i.order_id = o.id)) AS totals_off,
               (SELECT count(*) FROM order_counters k WHERE last_number <> (SELECT coalesce(max(number), 1000)
                  FROM orders o WHERE o.tenant_id = k.tenant_id)) AS counters_off,
               (SELECT count(*) FROM orders o WHERE (SELECT count(*) FROM order_events e
                  WHERE e.tenant_id = o.tenant_id AND e.order_id = o.id) <> 2) AS timelines_off,
               (SELECT count(*) FROM events e WHERE product_slug IS NOT NULL AND NOT EXISTS (SELECT 1 FROM products p
                  WHERE p.tenant_id = e.tenant_id AND p.slug = e.product_slug)) AS events_unknown_product`,
          )
        ).rows,
      );
      assert.deepEqual(checks, {
        ledger_off: '0',
        unsearchable: '0',
        totals_off: '0',
        counters_off: '0',
        timelines_off: '0',
        events_unknown_product: '0',
      });
    });
  });

  it('writes the same daily aggregates as app_analytics_aggregate_day', async () => {
    await withClient(a.ownerUrl, async (c) => {
      const store = first(
        (await c.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [storeSlug(3)])).rows,
      );
      const snapshot = async () =>
        (
          await c.query<{ j: string }>(
            `SELECT (to_jsonb(m) - 'computed_at')::text AS j FROM daily_store_metrics m WHERE tenant_id = $1
             UNION ALL
             SELECT to_jsonb(p)::text FROM daily_product_metrics p WHERE tenant_id = $1 ORDER BY 1`,
            [store.id],
          )
        ).rows.map((r) => r.j);
      const generated = await snapshot();
      assert.ok(generated.length > spec.days, `aggregate rows: ${generated.length}`);
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [store.id]);
      await c.query(
        `SELECT app_analytics_aggregate_day(d::date)
           FROM generate_series((($1::timestamptz - make_interval(days => $2)) AT TIME ZONE 'Africa/Nairobi')::date,
                                (($1::timestamptz - interval '1 second') AT TIME ZONE 'Africa/Nairobi')::date,
                                interval '1 day') AS d`,
        [spec.end.toISOString(), spec.days],
      );
      const recomputed = await snapshot();
      await c.query('ROLLBACK');
      assert.deepEqual(recomputed, generated);
    });
  });

  it('keeps generated stores apart under RLS', async () => {
    const stores = await withClient(a.ownerUrl, generatedIds);
    const mine = stores.find((s) => s.slug === storeSlug(2))!;
    await withClient(a.appUrl, async (c) => {
      const tables = (await tenantTables(c)).map((t) => t.name);
      assert.equal(first((await c.query<{ n: string }>('SELECT count(*) AS n FROM orders')).rows).n, '0');
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [mine.id]);
      const foreign: Record<string, number> = {};
      for (const table of tables) {
        const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE tenant_id <> $1`, [
          mine.id,
        ]);
        if (rows[0]!.n !== '0') foreign[table] = Number(rows[0]!.n);
      }
      const own = first((await c.query<{ n: string }>('SELECT count(*) AS n FROM orders')).rows).n;
      await c.query('ROLLBACK');
      assert.deepEqual(foreign, {});
      // 600 orders, 120 the large store's, 480 dealt to 19 stores: the first 5 get 26, the rest 25.
      assert.equal(own, '26');
    });
  });

  it('is served by the API: catalog, search, cart, order, owner list and dashboard', async () => {
    const store = LARGE_STORE;
    const list = await call<{ items: { slug: string }[] }>('GET', `/v1/stores/${store}/products?limit=48`);
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 40);
    const detail = await call<{ product: { variants: { sku: string }[] } }>(
      'GET',
      `/v1/stores/${store}/products/${list.body.items[0]!.slug}`,
    );
    assert.equal(detail.status, 200);
    const search = await call<{ items: unknown[] }>('GET', `/v1/stores/${store}/search?q=phone`);
    assert.equal(search.status, 200);
    assert.ok(search.body.items.length > 0, 'the electronics store finds phones');

    const sku = detail.body.product.variants[0]!.sku;
    const cart = await call<{ cart: { token: string } }>('POST', `/v1/stores/${store}/cart/lines`, {
      sku,
      quantity: 1,
    });
    assert.equal(cart.status, 200);
    const placed = await fetch(`${api.url}/v1/stores/${store}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `scale-test-${Date.now()}`,
        'x-cart-token': cart.body.cart.token,
      },
      body: JSON.stringify({ phone: '254712345678', name: 'Scale Test', areaSlug: 'westlands' }),
    });
    const order = (await placed.json()) as { order: { number: number } };
    assert.equal(placed.status, 201, JSON.stringify(order));
    assert.equal(order.order.number, 1001 + 120, 'numbering continues after the generated orders');

    const session = await demoLogin(call, store, 'owner');
    const orders = await call<{ items: { number: number }[] }>(
      'GET',
      '/v1/owner/orders?limit=25',
      undefined,
      session.accessToken,
    );
    assert.equal(orders.status, 200, JSON.stringify(orders.body));
    assert.equal(orders.body.items.length, 25);
    assert.equal(orders.body.items[0]!.number, 1121, 'the order just placed first');
    assert.equal(orders.body.items[1]!.number, 1120, 'then the newest generated one');
    const metrics = await call('GET', '/v1/owner/insights/metrics?period=month', undefined, session.accessToken);
    assert.equal(metrics.status, 200, JSON.stringify(metrics.body));
    const cards = await call('GET', '/v1/owner/insights?period=week', undefined, session.accessToken);
    assert.equal(cards.status, 200, JSON.stringify(cards.body));
  });
});
