// The product card read model (migration 0047): product_cards is written by triggers, and the
// card the storefront reads through it (productCardSql) must always equal the card computed from
// the tables at read time, as checkout prices it (variant_prices). Each test changes one thing
// the card shows, committed as the app role (the triggers run as the API runs them), and compares.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { sql, withTenant, type Database, type Kysely } from '@sokoni/db';
import { CatalogRepository } from '../../apps/api/dist/modules/catalog/catalog.repository.js';
import { productCardSql } from '../../apps/api/dist/modules/catalog/product-card.repository.js';
import { ProductCardWindowsRepository } from '../../apps/api/dist/modules/catalog/product-card-windows.repository.js';
import {
  createTestDatabase,
  createTestPool,
  first,
  withClient,
  type Row,
  type TestDatabase,
} from '../helpers/database.ts';
import { waitUntil } from '../helpers/wait.ts';

let db: TestDatabase;
let kysely: Kysely<Database>;
let tenant: string;

before(async () => {
  db = await createTestDatabase({ seed: true });
  kysely = createTestPool({ url: db.appUrl, max: 2 });
  tenant = db.seed!.stores[0]!.tenantId;
});
after(async () => {
  await kysely?.destroy();
  await db?.drop();
});

/** The card computed from the tables now: the pre-0047 productCardSql, prices through variant_prices. */
const LIVE_CARD = `
  SELECT p.id, p.slug, p.title, p.brand, p.created_at::text AS created_at,
         c.slug AS category_slug, c.name AS category_name,
         cheapest.price_kes, cheapest.compare_at_kes,
         EXISTS (SELECT 1 FROM product_variants v
                  WHERE v.product_id = p.id AND v.status = 'active' AND v.on_hand > 0) AS in_stock,
         m.storage_key AS media_key, m.width AS media_width, m.height AS media_height, m.alt AS media_alt
    FROM products p
    LEFT JOIN categories c ON c.id = p.category_id
    LEFT JOIN LATERAL (
          SELECT vp.price_kes, vp.compare_at_kes FROM variant_prices vp
           WHERE vp.product_id = p.id AND vp.status = 'active'
           ORDER BY vp.price_kes, vp.position LIMIT 1) cheapest ON true
    LEFT JOIN LATERAL (
          SELECT storage_key, width, height, alt FROM product_media pm
           WHERE pm.product_id = p.id ORDER BY pm.position LIMIT 1) m ON true`;

/** Statements in one committed tenant transaction as the app role; returns the last one's rows. */
async function write(...statements: [string, unknown[]?][]): Promise<Row[]> {
  return withClient(db.appUrl, async (client) => {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
    let rows: Row[] = [];
    for (const [text, params] of statements) rows = (await client.query(text, params ?? [])).rows as Row[];
    await client.query('COMMIT');
    return rows;
  });
}

/** One entry of product_cards.option_pairs (migration 0052). */
type OptionPair = { n: string; v: string; s: boolean };

type StoredCard = Row & {
  xmin: string;
  has_price_rules: boolean;
  price_valid_until: string | null;
  option_pairs: OptionPair[];
};

async function storedCard(productId: string): Promise<StoredCard> {
  const rows = await withTenant(kysely, tenant, (trx) =>
    sql<StoredCard>`
      SELECT xmin::text AS xmin, *, price_valid_until::text AS price_valid_until
        FROM product_cards WHERE product_id = ${productId}`.execute(trx),
  );
  return first(rows.rows, `the stored card of ${productId}`);
}

/** The card as the API reads it (productCardSql) and as the tables say it is now. */
async function bothCards(productId: string): Promise<{ card: Row | undefined; live: Row | undefined }> {
  return withTenant(kysely, tenant, async (trx) => {
    const card = (await sql<Row>`${productCardSql()} WHERE p.id = ${productId}`.execute(trx)).rows[0];
    const live = (await sql<Row>`${sql.raw(LIVE_CARD)} WHERE p.id = ${productId}`.execute(trx)).rows[0];
    return { card, live };
  });
}

/**
 * The card's stored option_pairs (migration 0052) must equal the product's option values from its
 * active variants now, each once, with whether a variant having it is in stock; and the arrays
 * generated from them (0053) must hold the same pairs in the same order.
 */
async function assertOptionPairsAreLive(productId: string, what: string): Promise<void> {
  return withTenant(kysely, tenant, async (trx) => {
    const stored = await sql<{
      option_pairs: OptionPair[];
      option_names: string[];
      option_values: string[];
      option_stocked: boolean[];
    }>`
      SELECT option_pairs, option_names, option_values, option_stocked
        FROM product_cards WHERE product_id = ${productId}`.execute(trx);
    const live = await sql<{ pairs: OptionPair[] }>`
      SELECT coalesce(jsonb_agg(jsonb_build_object('n', x.key, 'v', x.value, 's', x.stocked) ORDER BY x.key, x.value),
                      '[]') AS pairs
        FROM (SELECT o.key, o.value, bool_or(v.on_hand > 0) AS stocked
                FROM product_variants v CROSS JOIN LATERAL jsonb_each_text(v.options) o
               WHERE v.product_id = ${productId} AND v.status = 'active'
               GROUP BY o.key, o.value) x`.execute(trx);
    const row = stored.rows[0];
    assert.ok(row, `${what}: the card exists`);
    assert.deepEqual(row.option_pairs, live.rows[0]!.pairs, `${what}: the card's option values equal the variants'`);
    // The arrays search counts facets from (0053, generated): pair i of option_pairs, element i of each.
    assert.deepEqual(
      row.option_names.map((n, i) => ({ n, v: row.option_values[i], s: row.option_stocked[i] })),
      row.option_pairs,
      `${what}: the option arrays are the pairs`,
    );
  });
}

async function assertCardIsLive(productId: string, what: string): Promise<Row> {
  const { card, live } = await bothCards(productId);
  assert.ok(live, `${what}: the product exists`);
  assert.deepEqual(card, live, `${what}: the card equals the live computation`);
  await assertOptionPairsAreLive(productId, what);
  return card;
}

interface Fixture {
  productId: string;
  /** Variants by position: [0] 2,000 KES with 3 in stock, [1] 2,500 KES with 5 in stock. */
  variants: string[];
  categoryId: string;
}

let counter = 0;
/** A product of its own per test: category, two active variants with stock, one photo. */
async function fixture(): Promise<Fixture> {
  const n = ++counter;
  const [category] = await write([
    `INSERT INTO categories (tenant_id, slug, name, position) VALUES ($1, $2, $3, 99) RETURNING id`,
    [tenant, `cards-category-${n}`, `Cards category ${n}`],
  ]);
  const [product] = await write([
    `INSERT INTO products (tenant_id, slug, title, brand, category_id, status)
     VALUES ($1, $2, $3, 'Cardbrand', $4, 'active') RETURNING id`,
    [tenant, `cards-product-${n}`, `Cards product ${n}`, category!.id],
  ]);
  const productId = product!.id as string;
  const variants: string[] = [];
  for (const [i, price, stock] of [
    [0, 2000, 3],
    [1, 2500, 5],
  ] as const) {
    const [variant] = await write(
      [
        `INSERT INTO product_variants (tenant_id, product_id, sku, options, price_kes, position)
         VALUES ($1, $2, $3, jsonb_build_object('Size', $4::text), $5, $6) RETURNING id`,
        [tenant, productId, `cards-${n}-${i}`, `S${i}`, price, i],
      ],
      [
        `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity, reason)
         VALUES ($1, (SELECT id FROM product_variants WHERE sku = $2), 'restock', $3, 'test stock')`,
        [tenant, `cards-${n}-${i}`, stock],
      ],
      [`SELECT id FROM product_variants WHERE sku = $1`, [`cards-${n}-${i}`]],
    );
    variants.push(variant!.id as string);
  }
  await addPhoto(productId, `cards/${n}/front.webp`, 10);
  return { productId, variants, categoryId: category!.id as string };
}

async function addPhoto(productId: string, key: string, position: number): Promise<string> {
  const [media] = await write([
    `INSERT INTO product_media (tenant_id, product_id, storage_key, content_type, width, height, bytes, alt, position)
     VALUES ($1, $2, $3, 'image/webp', 800, 600, 1000, $3, $4) RETURNING id`,
    [tenant, productId, key, position],
  ]);
  return media!.id as string;
}

describe('product_cards equals the live card after each kind of change', () => {
  test('every seeded card of every store equals the live computation', async () => {
    for (const store of db.seed!.stores) {
      const [cards, live] = await withTenant(kysely, store.tenantId, async (trx) => [
        (await sql<Row>`${productCardSql()} ORDER BY p.id`.execute(trx)).rows,
        (await sql<Row>`${sql.raw(LIVE_CARD)} ORDER BY p.id`.execute(trx)).rows,
      ]);
      assert.equal(cards.length, store.products, `${store.slug}: one card per product`);
      assert.deepEqual(cards, live, store.slug);
    }
  });

  test('a new product: its card follows the variants and the photo as they are added', async () => {
    const f = await fixture();
    const card = await assertCardIsLive(f.productId, 'new product');
    assert.equal(card.price_kes, 2000);
    assert.equal(card.in_stock, true);
    assert.equal(card.media_key, `cards/${counter}/front.webp`);
  });

  test('price change and compare-at', async () => {
    const f = await fixture();
    await write([`UPDATE product_variants SET price_kes = 3000 WHERE id = $1`, [f.variants[0]]]);
    assert.equal((await assertCardIsLive(f.productId, 'cheapest got dearer')).price_kes, 2500);
    await write([`UPDATE product_variants SET price_kes = 1200, compare_at_kes = 1500 WHERE id = $1`, [f.variants[1]]]);
    const card = await assertCardIsLive(f.productId, 'compare-at on the cheapest');
    assert.deepEqual([card.price_kes, card.compare_at_kes], [1200, 1500]);
    await write([`UPDATE product_variants SET compare_at_kes = NULL WHERE id = $1`, [f.variants[1]]]);
    assert.equal((await assertCardIsLive(f.productId, 'compare-at removed')).compare_at_kes, null);
  });

  test('stock to 0 and back', async () => {
    const f = await fixture();
    await write(
      [
        `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) VALUES ($1, $2, 'sale', -3)`,
        [tenant, f.variants[0]],
      ],
      [
        `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) VALUES ($1, $2, 'sale', -5)`,
        [tenant, f.variants[1]],
      ],
    );
    assert.equal((await assertCardIsLive(f.productId, 'sold out')).in_stock, false);
    await write([
      `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) VALUES ($1, $2, 'restock', 1)`,
      [tenant, f.variants[1]],
    ]);
    assert.equal((await assertCardIsLive(f.productId, 'restocked')).in_stock, true);
  });

  test('the checkout decrement that does not cross zero does not rewrite the card', async () => {
    const f = await fixture();
    const before = await storedCard(f.productId);
    // What placing an order writes: a reserve movement; on_hand 5 -> 4 by the ledger trigger.
    await write([
      `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity, reason)
       VALUES ($1, $2, 'reserve', -1, 'awaiting payment')`,
      [tenant, f.variants[1]],
    ]);
    const [variant] = await write([`SELECT on_hand FROM product_variants WHERE id = $1`, [f.variants[1]]]);
    assert.equal(variant!.on_hand, 4);
    assert.equal((await storedCard(f.productId)).xmin, before.xmin, 'the card row was not written');
    // And when the last unit of the only stocked variant goes, it is.
    await write([
      `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) VALUES ($1, $2, 'sale', -3)`,
      [tenant, f.variants[0]],
    ]);
    // The card is still in stock (the other variant is), but its S0 option value is not any more
    // (option_pairs, migration 0052): a variant crossing zero rewrites the card.
    const soldOutS0 = await storedCard(f.productId);
    assert.notEqual(soldOutS0.xmin, before.xmin, 'a variant sold out: its option value is out of stock');
    assert.equal(soldOutS0.in_stock, true);
    assert.deepEqual(soldOutS0.option_pairs, [
      { n: 'Size', v: 'S0', s: false },
      { n: 'Size', v: 'S1', s: true },
    ]);
    await write([
      `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) VALUES ($1, $2, 'reserve', -4)`,
      [tenant, f.variants[1]],
    ]);
    const after = await storedCard(f.productId);
    assert.notEqual(after.xmin, before.xmin);
    assert.equal(after.in_stock, false);
    await assertCardIsLive(f.productId, 'sold out by checkout');
  });

  test('variant archived, added, moved', async () => {
    const f = await fixture();
    await write([`UPDATE product_variants SET status = 'archived' WHERE id = $1`, [f.variants[0]]]);
    assert.equal((await assertCardIsLive(f.productId, 'cheapest archived')).price_kes, 2500);
    await write([
      `INSERT INTO product_variants (tenant_id, product_id, sku, price_kes, position) VALUES ($1, $2, $3, 900, 5)`,
      [tenant, f.productId, `cards-${counter}-added`],
    ]);
    assert.equal((await assertCardIsLive(f.productId, 'cheaper variant added')).price_kes, 900);
    await write([`UPDATE product_variants SET status = 'archived' WHERE product_id = $1`, [f.productId]]);
    const none = await assertCardIsLive(f.productId, 'no active variant');
    assert.deepEqual([none.price_kes, none.in_stock], [null, false]);
    // A variant moved to another product refreshes both cards.
    const g = await fixture();
    await write([`UPDATE product_variants SET product_id = $1 WHERE id = $2`, [f.productId, g.variants[0]]]);
    assert.equal((await assertCardIsLive(f.productId, 'variant moved in')).price_kes, 2000);
    assert.equal((await assertCardIsLive(g.productId, 'variant moved out')).price_kes, 2500);
  });

  test("variants' option values: changed, shared by two variants, sold out, archived", async () => {
    const f = await fixture();
    // assertCardIsLive checks the stored option values against the variants; these are those values.
    const pairs = async (what: string) => {
      await assertCardIsLive(f.productId, what);
      return (await storedCard(f.productId)).option_pairs;
    };
    assert.deepEqual(await pairs('new product'), [
      { n: 'Size', v: 'S0', s: true },
      { n: 'Size', v: 'S1', s: true },
    ]);
    await write([
      `UPDATE product_variants SET options = '{"Size": "S1", "Colour": "Black"}' WHERE id = $1`,
      [f.variants[0]],
    ]);
    assert.deepEqual(await pairs('options changed'), [
      { n: 'Colour', v: 'Black', s: true },
      { n: 'Size', v: 'S1', s: true },
    ]);
    // S1 is on both variants: still in stock while one of them is.
    await write([
      `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) VALUES ($1, $2, 'sale', -5)`,
      [tenant, f.variants[1]],
    ]);
    assert.deepEqual(await pairs('one of two S1 variants sold out'), [
      { n: 'Colour', v: 'Black', s: true },
      { n: 'Size', v: 'S1', s: true },
    ]);
    await write([
      `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) VALUES ($1, $2, 'sale', -3)`,
      [tenant, f.variants[0]],
    ]);
    assert.deepEqual(await pairs('both sold out'), [
      { n: 'Colour', v: 'Black', s: false },
      { n: 'Size', v: 'S1', s: false },
    ]);
    await write([`UPDATE product_variants SET status = 'archived' WHERE id = $1`, [f.variants[0]]]);
    assert.deepEqual(await pairs('the Black variant archived'), [{ n: 'Size', v: 'S1', s: false }]);
  });

  test('photo added first, reordered, deleted', async () => {
    const f = await fixture();
    const side = await addPhoto(f.productId, `cards/${counter}/side.webp`, 5);
    assert.equal((await assertCardIsLive(f.productId, 'photo added first')).media_key, `cards/${counter}/side.webp`);
    await write([`UPDATE product_media SET position = 20 WHERE id = $1`, [side]]);
    assert.equal((await assertCardIsLive(f.productId, 'reordered')).media_key, `cards/${counter}/front.webp`);
    await write([`UPDATE product_media SET alt = 'The front' WHERE product_id = $1 AND position = 10`, [f.productId]]);
    assert.equal((await assertCardIsLive(f.productId, 'alt text')).media_alt, 'The front');
    await write([`DELETE FROM product_media WHERE product_id = $1 AND id <> $2`, [f.productId, side]]);
    assert.equal((await assertCardIsLive(f.productId, 'first deleted')).media_key, `cards/${counter}/side.webp`);
    await write([`DELETE FROM product_media WHERE id = $1`, [side]]);
    assert.equal((await assertCardIsLive(f.productId, 'no photo')).media_key, null);
  });

  test('category renamed, product moved to another category or none', async () => {
    const f = await fixture();
    await write([`UPDATE categories SET name = 'Renamed', slug = 'renamed-cards' WHERE id = $1`, [f.categoryId]]);
    const card = await assertCardIsLive(f.productId, 'category renamed');
    assert.deepEqual([card.category_slug, card.category_name], ['renamed-cards', 'Renamed']);
    await write([`UPDATE products SET category_id = NULL WHERE id = $1`, [f.productId]]);
    assert.equal((await assertCardIsLive(f.productId, 'no category')).category_slug, null);
  });

  test('product retitled, re-slugged, archived; deleted takes its card', async () => {
    const f = await fixture();
    await write([
      `UPDATE products SET title = 'Retitled', slug = $2 WHERE id = $1`,
      [f.productId, `retitled-${counter}`],
    ]);
    assert.equal((await assertCardIsLive(f.productId, 'retitled')).title, 'Retitled');
    await write([`UPDATE products SET status = 'archived' WHERE id = $1`, [f.productId]]);
    assert.equal((await storedCard(f.productId)).status, 'archived');
    const listed = await withTenant(kysely, tenant, (trx) => new CatalogRepository().listActive(trx, 500, null));
    assert.ok(!listed.some((c) => c.id === f.productId), 'an archived product is not listed');
    // A product with stock history cannot be deleted (the ledger is append-only): a new one can.
    const [gone] = await write([
      `INSERT INTO products (tenant_id, slug, title, status) VALUES ($1, $2, 'Short-lived', 'active') RETURNING id`,
      [tenant, `short-lived-${counter}`],
    ]);
    await addPhoto(gone!.id as string, `cards/${counter}/short-lived.webp`, 0);
    assert.equal((await storedCard(gone!.id as string)).media_key, `cards/${counter}/short-lived.webp`);
    await write([`DELETE FROM products WHERE id = $1`, [gone!.id]]);
    const { card } = await bothCards(gone!.id as string);
    assert.equal(card, undefined, 'the card went with the product');
  });

  test('price rules: active now, starting later, ended, and one that ends by the clock', async () => {
    const f = await fixture();
    const rule = (variant: string, price: number, starts: string, ends: string): [string, unknown[]] => [
      `INSERT INTO price_rules (tenant_id, variant_id, sale_price_kes, starts_at, ends_at)
       VALUES ($1, $2, $3, ${starts}, ${ends}) RETURNING id, starts_at::text AS starts_at, ends_at::text AS ends_at`,
      [tenant, variant, price],
    ];
    // Ended before it was written: no live lookup needed, the regular price is the price.
    await write(rule(f.variants[0]!, 100, `now() - interval '2 days'`, `now() - interval '1 day'`));
    let card = await assertCardIsLive(f.productId, 'ended rule');
    let stored = await storedCard(f.productId);
    assert.deepEqual([card.price_kes, stored.has_price_rules, stored.price_valid_until], [2000, false, null]);
    // Starting later: the stored price is the regular one until the rule starts.
    const [later] = await write(rule(f.variants[0]!, 150, `now() + interval '1 day'`, `now() + interval '2 days'`));
    card = await assertCardIsLive(f.productId, 'rule starting later');
    stored = await storedCard(f.productId);
    assert.deepEqual(
      [card.price_kes, stored.price_kes, stored.has_price_rules, stored.price_valid_until],
      [2000, 2000, true, later!.starts_at],
      'stored: the regular price, valid until the sale starts',
    );
    // Active now, on the dearer variant: it becomes the cheapest, with its regular price as "was",
    // stored as such until the first boundary (this sale's end comes before the later one's start).
    const [now] = await write(rule(f.variants[1]!, 1800, `now() - interval '1 hour'`, `now() + interval '20 hours'`));
    card = await assertCardIsLive(f.productId, 'rule active now');
    assert.deepEqual([card.price_kes, card.compare_at_kes], [1800, 2500]);
    stored = await storedCard(f.productId);
    assert.deepEqual(
      [stored.price_kes, stored.compare_at_kes, stored.price_valid_until],
      [1800, 2500, now!.ends_at],
      'stored: the sale price, valid until the sale ends',
    );
    // A rule's price or start changed: the stored price follows (the trigger watches every column that decides it).
    await write([
      `UPDATE price_rules SET sale_price_kes = 1700 WHERE variant_id = $1 AND sale_price_kes = 1800`,
      [f.variants[1]],
    ]);
    assert.equal((await assertCardIsLive(f.productId, 'sale price changed')).price_kes, 1700);
    assert.equal((await storedCard(f.productId)).price_kes, 1700);
    // The rules removed: the flag goes and the regular price is back.
    await write([`DELETE FROM price_rules WHERE variant_id = ANY ($1::uuid[]) AND ends_at > now()`, [f.variants]]);
    card = await assertCardIsLive(f.productId, 'rules deleted');
    stored = await storedCard(f.productId);
    assert.deepEqual([card.price_kes, stored.has_price_rules, stored.price_valid_until], [2000, false, null]);

    // A sale that starts and one that ends by the clock, with no write: once the moment has passed
    // the card is priced live, and the price-windows job then stores the price that holds.
    const windows = new ProductCardWindowsRepository(kysely);
    const sweep = async () => {
      const due = (await windows.due(10_000)).filter((d) => d.productId === f.productId);
      if (!due.length) return 0;
      return withTenant(kysely, tenant, (trx) => windows.refresh(trx, tenant, [f.productId]));
    };
    await write(rule(f.variants[0]!, 1000, `now() + interval '1500 milliseconds'`, `now() + interval '3 seconds'`));
    assert.equal((await assertCardIsLive(f.productId, 'sale about to start')).price_kes, 2000);
    assert.equal(await sweep(), 0, 'nothing due before the sale starts');
    const started = await waitUntil(
      'the short sale to start by the clock',
      async () => bothCards(f.productId),
      (both) => both.live?.price_kes === 1000,
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    assert.deepEqual(started.card, started.live, 'after the sale started, before the job: the live price');
    assert.equal(await sweep(), 1, 'the job rewrites the card');
    stored = await storedCard(f.productId);
    assert.equal(stored.price_kes, 1000, 'stored: the sale price now');
    await assertCardIsLive(f.productId, 'after the job, during the sale');
    const over = await waitUntil(
      'the short sale to end by the clock',
      async () => bothCards(f.productId),
      (both) => both.live?.price_kes === 2000,
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    assert.deepEqual(over.card, over.live, 'after the sale ended, before the job: the live price');
    assert.equal(await sweep(), 1, 'the job rewrites the card again');
    stored = await storedCard(f.productId);
    assert.deepEqual(
      [stored.price_kes, stored.has_price_rules, stored.price_valid_until],
      [2000, false, null],
      'stored: the regular price, no moment left',
    );
    await assertCardIsLive(f.productId, 'after the sale and the job');
    assert.equal(await sweep(), 0, 'nothing left to do');
  });
});

describe('concurrent writers', () => {
  test('two transactions changing two variants of one product leave the card right', async () => {
    const f = await fixture();
    const one = new pg.Client(db.appUrl);
    const two = new pg.Client(db.appUrl);
    await one.connect();
    await two.connect();
    try {
      for (const c of [one, two]) {
        await c.query('BEGIN');
        await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      }
      await one.query(`UPDATE product_variants SET price_kes = 1500 WHERE id = $1`, [f.variants[0]]);
      const pid = (await two.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      // The second waits for the first's lock on the card; it must then see the first's price.
      const secondUpdate = two.query(`UPDATE product_variants SET price_kes = 1700 WHERE id = $1`, [f.variants[1]]);
      await waitUntil(
        'the second writer to wait for the card lock',
        async () =>
          (
            await withClient(db.ownerUrl, (c) =>
              c.query<{ wait: string | null }>(`SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1`, [
                pid,
              ]),
            )
          ).rows[0]?.wait,
        (wait) => wait === 'Lock',
      );
      await one.query('COMMIT');
      await secondUpdate;
      await two.query('COMMIT');
    } finally {
      await one.end();
      await two.end();
    }
    assert.equal((await assertCardIsLive(f.productId, 'after both commits')).price_kes, 1500);
  });
});
