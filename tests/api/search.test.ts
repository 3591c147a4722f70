// Storefront search, categories and related products: the real API process over HTTP against a
// real seeded Postgres (RLS as the app role), plus DB-level checks of the search documents.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first, withClient, type Row } from '../helpers/database.ts';
import type { ApiErrorBody } from '../helpers/http.ts';

const stack = useApiStack({ env: { RATE_LIMIT_MAX: '100000' } });
const { tenantOf } = stack;

interface Card {
  slug: string;
  title: string;
  brand: string | null;
  category: { slug: string; name: string } | null;
  priceKes: number;
  compareAtKes: number | null;
  inStock: boolean;
}
interface Facet {
  value: string;
  label: string;
  count: number;
}
interface SearchBody {
  items: Card[];
  nextCursor: string | null;
  total: number;
  facets: {
    categories: Facet[];
    options: { name: string; values: Facet[] }[];
    price: { min: number | null; max: number | null };
    inStock: number;
  };
  interpretation: { q: string; expandedTerms: string[]; fuzzy: boolean };
}

/** GET with the JSON answer as the shape T the caller names (not checked; the assertions are). */
async function get<T = unknown>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.api.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

/** GET /v1/stores/:store/categories. */
interface CategoryList {
  categories: { slug: string; productCount: number }[];
}

function searchPath(store: string, params: Record<string, string | number | boolean | string[]>): string {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) qs.append(key, String(v));
  }
  return `/v1/stores/${store}/search?${qs}`;
}

async function search(
  store: string,
  params: Record<string, string | number | boolean | string[]> = {},
): Promise<SearchBody> {
  const { status, body } = await get<SearchBody>(searchPath(store, params));
  assert.equal(status, 200, `${store} ${JSON.stringify(params)}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** Follows nextCursor to the end; every page must report the same total. */
async function searchAll(
  store: string,
  params: Record<string, string | number | boolean | string[]>,
): Promise<{ items: Card[]; total: number; pages: number }> {
  const items: Card[] = [];
  let cursor: string | null = null;
  let total = -1;
  let pages = 0;
  do {
    const page: SearchBody = await search(store, { ...params, ...(cursor ? { cursor } : {}) });
    if (total === -1) total = page.total;
    assert.equal(page.total, total, 'total is the same on every page');
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  assert.equal(cursor, null, 'pagination ends');
  return { items, total, pages };
}

/** Owner connection (superuser here, bypasses RLS): every query names its tenant. */
const ownerQuery = stack.sql;

async function categoryProducts(store: string, category: string): Promise<string[]> {
  const rows = await ownerQuery<{ slug: string }>(
    `
    SELECT p.slug FROM products p JOIN categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
     WHERE p.tenant_id = $1 AND c.slug = $2 AND p.status = 'active' ORDER BY 1`,
    [tenantOf(store), category],
  );
  return rows.map((r) => r.slug);
}

describe('text search', () => {
  test('typos still find the brand: samsang, infinx, tecnno (and say so)', async () => {
    for (const [typo, brand, min] of [
      ['samsang', 'Samsung', 10],
      ['infinx', 'Infinix', 5],
      ['tecnno', 'Tecno', 7],
    ] as const) {
      const all = await searchAll('nairobi-gadgets', { q: typo, limit: 48 });
      assert.ok(all.items.length >= min, `${typo}: ${all.items.length} results`);
      for (const item of all.items) assert.equal(item.brand, brand, `${typo} -> ${item.title}`);
      const first = await search('nairobi-gadgets', { q: typo });
      assert.equal(first.interpretation.fuzzy, true, `${typo}: typo mode reported`);
      assert.equal(first.interpretation.q, typo);
    }
    const exact = await search('nairobi-gadgets', { q: 'samsung' });
    assert.equal(exact.interpretation.fuzzy, false, 'a correct word does not use typo mode');
    assert.ok(exact.items[0]!.title.startsWith('Samsung'));
  });

  test('Swahili words: simu -> phones, viatu -> shoes, saa -> watches, ranked first', async () => {
    const cases = [
      { store: 'nairobi-gadgets', q: 'simu', categories: ['phones'], expansion: 'phone' },
      { store: 'mtindo-fashion', q: 'viatu', categories: ['shoes'], expansion: 'shoes' },
      {
        store: 'saa-bora',
        q: 'saa',
        categories: ['mens-watches', 'ladies-watches', 'kids-watches'],
        expansion: 'watch',
      },
    ];
    for (const c of cases) {
      const expected = (await Promise.all(c.categories.map((cat) => categoryProducts(c.store, cat)))).flat();
      assert.ok(expected.length >= 5, `${c.store} has ${expected.length} products in ${c.categories.join(',')}`);
      const result = await searchAll(c.store, { q: c.q, limit: 48 });
      const slugs = result.items.map((i) => i.slug);
      for (const slug of expected) assert.ok(slugs.includes(slug), `${c.q} finds ${slug}`);
      const first = await search(c.store, { q: c.q, limit: 5 });
      assert.ok(
        first.interpretation.expandedTerms.includes(c.expansion),
        `${c.q} expands to ${c.expansion}: ${first.interpretation.expandedTerms.join(',')}`,
      );
      assert.equal(first.interpretation.fuzzy, false);
    }
    // Ranking: with simu, every phone comes before anything that merely mentions a phone.
    const phones = await categoryProducts('nairobi-gadgets', 'phones');
    const simu = await searchAll('nairobi-gadgets', { q: 'simu', limit: 48 });
    assert.deepEqual(
      simu.items.slice(0, phones.length).map((i) => i.category?.slug),
      phones.map(() => 'phones'),
    );
    const viatu = await searchAll('mtindo-fashion', { q: 'viatu', limit: 48 });
    assert.ok(
      viatu.items.every((i) => i.category?.slug === 'shoes'),
      'viatu: only shoes',
    );
  });

  test('more synonyms: kitanda, godoro, runinga, kompyuta, and the literal word ranks above its synonym', async () => {
    for (const [store, q, word] of [
      ['nyumba-living', 'kitanda', /bed/i],
      ['nyumba-living', 'godoro', /mattress/i],
      ['nairobi-gadgets', 'runinga', /tv/i],
      ['nairobi-gadgets', 'kompyuta', /laptop|macbook|thinkpad|elitebook|probook|latitude|inspiron|ideapad/i],
    ] as const) {
      const result = await search(store, { q });
      assert.ok(result.total >= 2, `${q}: ${result.total}`);
      assert.match(result.items[0]!.title, word, `${q} -> ${result.items[0]!.title}`);
    }
    const sufuria = await search('nyumba-living', { q: 'sufuria' });
    assert.match(sufuria.items[0]!.title, /sufuria/i, 'sufurias before other pots');
  });

  test('several words must all match: "samsung 128gb", "black sneakers", "128 gb samsung"', async () => {
    const with128 = await ownerQuery<{ slug: string }>(
      `
      SELECT DISTINCT p.slug FROM products p JOIN product_variants v ON v.tenant_id = p.tenant_id AND v.product_id = p.id
       WHERE p.tenant_id = $1 AND p.brand = 'Samsung' AND v.status = 'active' AND v.options->>'Storage' = '128GB' ORDER BY 1`,
      [tenantOf('nairobi-gadgets')],
    );
    for (const q of ['samsung 128gb', '128 gb samsung', 'SAMSUNG   128GB']) {
      const result = await searchAll('nairobi-gadgets', { q, limit: 48 });
      assert.deepEqual(
        result.items.map((i) => i.slug).sort(),
        with128.map((r) => r.slug),
        q,
      );
    }
    const black = await searchAll('mtindo-fashion', { q: 'black sneakers', limit: 48 });
    const expected = await ownerQuery<{ slug: string }>(
      `
      SELECT DISTINCT p.slug FROM products p JOIN product_variants v ON v.tenant_id = p.tenant_id AND v.product_id = p.id
       WHERE p.tenant_id = $1 AND p.title ILIKE '%sneaker%' AND v.options->>'Colour' ILIKE '%black%' ORDER BY 1`,
      [tenantOf('mtindo-fashion')],
    );
    assert.ok(expected.length >= 1);
    assert.deepEqual(
      black.items.map((i) => i.slug).sort(),
      expected.map((r) => r.slug),
    );
    assert.ok(
      !black.items.some((i) => i.slug === 'white-leather-sneakers'),
      'a sneaker with no black variant is not a black sneaker',
    );
  });

  test('search is scoped to the store: samsung in saa-bora finds only saa-bora products', async () => {
    const own = new Set(
      (
        await ownerQuery<{ slug: string }>(`SELECT slug FROM products WHERE tenant_id = $1`, [tenantOf('saa-bora')])
      ).map((r) => r.slug),
    );
    const gadgets = new Set(
      (
        await ownerQuery<{ slug: string }>(`SELECT slug FROM products WHERE tenant_id = $1`, [
          tenantOf('nairobi-gadgets'),
        ])
      ).map((r) => r.slug),
    );
    const result = await searchAll('saa-bora', { q: 'samsung', limit: 48 });
    assert.ok(result.items.length >= 1, 'saa-bora sells Samsung watches');
    for (const item of result.items) {
      assert.ok(own.has(item.slug), `${item.slug} belongs to saa-bora`);
      assert.match(item.title, /samsung/i);
    }
    assert.ok(!result.items.some((i) => i.slug === 'samsung-galaxy-a05'), 'no nairobi-gadgets phone');
    assert.ok(gadgets.has('samsung-galaxy-a05'));
    const phones = await search('saa-bora', { q: 'simu' });
    assert.ok(phones.items.every((i) => own.has(i.slug)));
    const unknown = await get<ApiErrorBody>('/v1/stores/no-such-store/search?q=samsung');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'store_not_found');
  });
});

describe('browse and filters', () => {
  test('empty q with a category is a category page; its total equals the category count', async () => {
    const { body: list } = await get<CategoryList>('/v1/stores/nairobi-gadgets/categories');
    const phonesCount = list.categories.find((c) => c.slug === 'phones')?.productCount;
    const page = await searchAll('nairobi-gadgets', { category: 'phones', limit: 10 });
    assert.equal(page.total, phonesCount);
    assert.equal(page.items.length, phonesCount);
    assert.ok(page.items.every((i) => i.category?.slug === 'phones'));
    const first = await search('nairobi-gadgets', { category: 'phones' });
    assert.equal(first.interpretation.fuzzy, false);
    assert.deepEqual(first.interpretation.expandedTerms, []);
    const everything = await searchAll('saa-bora', { limit: 48 });
    assert.equal(everything.total, stack.db.seed!.stores.find((s) => s.slug === 'saa-bora')!.products);
    const none = await search('nairobi-gadgets', { category: 'no-such-category' });
    assert.equal(none.total, 0);
  });

  test('price range uses the price a shopper pays now (sale prices)', async () => {
    const [sale] = await ownerQuery<{ slug: string; category: string; sale: number; regular: number }>(
      `
      SELECT p.slug, c.slug AS category, r.sale_price_kes AS sale, v.price_kes AS regular
        FROM price_rules r
        JOIN product_variants v ON v.tenant_id = r.tenant_id AND v.id = r.variant_id
        JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
        JOIN categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
       WHERE r.tenant_id = $1 AND r.starts_at <= now() AND now() < r.ends_at AND r.sale_price_kes < v.price_kes
         -- The sale variant is the cheapest now, so the card shows the sale price.
         AND r.sale_price_kes = (SELECT min(vp.price_kes) FROM variant_prices vp JOIN product_variants v2 ON v2.tenant_id = vp.tenant_id AND v2.id = vp.variant_id
                                  WHERE v2.tenant_id = p.tenant_id AND v2.product_id = p.id AND v2.status = 'active')
       ORDER BY p.slug LIMIT 1`,
      [tenantOf('nairobi-gadgets')],
    );
    assert.ok(sale, 'the seed runs a promotion in nairobi-gadgets');
    const inRange = await searchAll('nairobi-gadgets', {
      category: sale.category,
      minPrice: sale.sale,
      maxPrice: sale.sale,
      limit: 48,
    });
    const card = inRange.items.find((i) => i.slug === sale.slug);
    assert.ok(card, `${sale.slug} at its sale price ${sale.sale}`);
    assert.equal(card.priceKes, sale.sale);
    assert.equal(card.compareAtKes, sale.regular, 'the regular price shows as "was"');
    const atRegular = await searchAll('nairobi-gadgets', {
      category: sale.category,
      minPrice: sale.sale + 1,
      maxPrice: sale.regular,
      limit: 48,
    });
    assert.ok(!atRegular.items.some((i) => i.slug === sale.slug), 'not found at its regular price any more');
    for (const item of atRegular.items) assert.ok(item.priceKes >= sale.sale + 1 && item.priceKes <= sale.regular);
  });

  test('option filters: one variant must match all names (same name = OR), case-insensitive', async () => {
    const black = await searchAll('mtindo-fashion', { category: 'shoes', opt: 'Colour:Black', limit: 48 });
    assert.ok(black.items.length >= 2);
    const variantMatch = async (slug: string, store: string, wanted: Record<string, string[]>) => {
      const rows = await ownerQuery<{ options: Record<string, string> }>(
        `
        SELECT v.options FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
         WHERE v.tenant_id = $1 AND p.slug = $2 AND v.status = 'active'`,
        [tenantOf(store), slug],
      );
      return rows.some((r) => Object.entries(wanted).every(([name, values]) => values.includes(r.options[name] ?? '')));
    };
    for (const item of black.items)
      assert.ok(
        await variantMatch(item.slug, 'mtindo-fashion', { Colour: ['Black'] }),
        `${item.slug} has a black variant`,
      );
    const lower = await searchAll('mtindo-fashion', { category: 'shoes', opt: 'colour:black', limit: 48 });
    assert.deepEqual(
      lower.items.map((i) => i.slug),
      black.items.map((i) => i.slug),
    );

    const combo = await searchAll('nairobi-gadgets', {
      opt: ['Storage:128GB', 'Colour:Black', 'Colour:Blue Black'],
      limit: 48,
    });
    assert.ok(combo.items.length >= 2);
    for (const item of combo.items) {
      assert.ok(
        await variantMatch(item.slug, 'nairobi-gadgets', { Storage: ['128GB'], Colour: ['Black', 'Blue Black'] }),
        `${item.slug}: one variant is 128GB and (Black or Blue Black)`,
      );
    }
    const nothing = await search('nairobi-gadgets', { opt: 'Colour:No Such Colour' });
    assert.equal(nothing.total, 0);
  });

  test('inStock=true leaves out products with nothing on hand; the facet predicts the count', async () => {
    const oos = await ownerQuery<{ slug: string }>(
      `
      SELECT p.slug FROM products p WHERE p.tenant_id = $1 AND p.status = 'active'
         AND NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active' AND v.on_hand > 0)`,
      [tenantOf('nyumba-living')],
    );
    assert.ok(oos.length >= 1, 'the seed has an out-of-stock product in nyumba-living');
    const all = await searchAll('nyumba-living', { limit: 48 });
    const inStock = await searchAll('nyumba-living', { inStock: 'true', limit: 48 });
    assert.equal(inStock.total, all.total - oos.length);
    assert.ok(inStock.items.every((i) => i.inStock));
    for (const { slug } of oos) {
      assert.ok(all.items.some((i) => i.slug === slug && !i.inStock));
      assert.ok(!inStock.items.some((i) => i.slug === slug));
    }
    const unfiltered = await search('nyumba-living', {});
    assert.equal(unfiltered.facets.inStock, inStock.total);
  });

  test('sorts: price ascending/descending, newest, relevance; ties broken by slug', async () => {
    const asc = (await searchAll('nairobi-gadgets', { q: 'samsung', sort: 'price_asc', limit: 5 })).items;
    const desc = (await searchAll('nairobi-gadgets', { q: 'samsung', sort: 'price_desc', limit: 5 })).items;
    assert.ok(asc.length >= 10);
    for (let i = 1; i < asc.length; i++) {
      assert.ok(
        asc[i - 1]!.priceKes < asc[i]!.priceKes ||
          (asc[i - 1]!.priceKes === asc[i]!.priceKes && asc[i - 1]!.slug < asc[i]!.slug),
        'price_asc',
      );
      assert.ok(
        desc[i - 1]!.priceKes > desc[i]!.priceKes ||
          (desc[i - 1]!.priceKes === desc[i]!.priceKes && desc[i - 1]!.slug < desc[i]!.slug),
        'price_desc',
      );
    }
    assert.deepEqual([...asc].map((i) => i.slug).sort(), [...desc].map((i) => i.slug).sort());

    const newest = (await searchAll('mtindo-fashion', { sort: 'newest', limit: 9 })).items;
    const created = new Map(
      (
        await ownerQuery<{ slug: string; t: string }>(
          `SELECT slug, extract(epoch FROM created_at)::text AS t FROM products WHERE tenant_id = $1`,
          [tenantOf('mtindo-fashion')],
        )
      ).map((r) => [r.slug, Number(r.t)]),
    );
    for (let i = 1; i < newest.length; i++) {
      const a = created.get(newest[i - 1]!.slug)!;
      const b = created.get(newest[i]!.slug)!;
      assert.ok(a > b || (a === b && newest[i - 1]!.slug < newest[i]!.slug), 'newest first, then slug');
    }
    // Empty q + relevance = newest (nothing to rank by).
    const browse = (await searchAll('mtindo-fashion', { limit: 9 })).items;
    assert.deepEqual(
      browse.map((i) => i.slug),
      newest.map((i) => i.slug),
    );

    const relevance = await search('nairobi-gadgets', { q: 'samsung galaxy' });
    assert.match(relevance.items[0]!.title, /samsung galaxy/i);
  });

  test('cursor pagination visits every match exactly once, for every sort', async () => {
    for (const sort of ['relevance', 'price_asc', 'price_desc', 'newest']) {
      for (const [store, q] of [
        ['nairobi-gadgets', 'simu'],
        ['mtindo-fashion', ''],
        ['saa-bora', 'saa'],
        ['nairobi-gadgets', 'samsang'],
      ] as const) {
        const { items, total, pages } = await searchAll(store, { q, sort, limit: 4 });
        const slugs = items.map((i) => i.slug);
        assert.equal(new Set(slugs).size, slugs.length, `${store} ${q} ${sort}: no product twice`);
        assert.equal(slugs.length, total, `${store} ${q} ${sort}: every match visited`);
        assert.equal(pages, Math.max(1, Math.ceil(total / 4)));
      }
    }
    // A cursor from one sort is refused by another.
    const first = await search('nairobi-gadgets', { q: 'simu', sort: 'price_asc', limit: 2 });
    const mixed = await get<ApiErrorBody>(
      searchPath('nairobi-gadgets', { q: 'simu', sort: 'newest', cursor: first.nextCursor! }),
    );
    assert.equal(mixed.status, 400);
    assert.equal(mixed.body.error.code, 'validation_failed');
  });
});

describe('facets', () => {
  interface Filters {
    category?: string;
    minPrice?: number;
    maxPrice?: number;
    inStock?: boolean;
    opt?: Record<string, string[]>;
  }

  /**
   * Facets recounted in plain SQL over a set of products (null = the whole store), each facet
   * ignoring its own filter: categories ignore category, price ignores the price range, an
   * option name ignores its own values, inStock counts what inStock=true would return.
   */
  async function recount(store: string, slugs: string[] | null, f: Filters) {
    const params = [
      tenantOf(store),
      slugs,
      f.category ?? null,
      f.minPrice ?? null,
      f.maxPrice ?? null,
      f.inStock ?? false,
      JSON.stringify(f.opt ?? {}),
    ];
    const base = `
      WITH prod AS (
        SELECT p.id, c.slug AS cat, c.name AS cat_name, c.position AS cat_pos,
               (SELECT min(vp.price_kes) FROM product_variants v JOIN variant_prices vp ON vp.tenant_id = v.tenant_id AND vp.variant_id = v.id
                 WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active') AS price
          FROM products p LEFT JOIN categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
         WHERE p.tenant_id = $1 AND p.status = 'active' AND ($2::text[] IS NULL OR p.slug = ANY ($2::text[]))),
      var AS (
        SELECT v.product_id, v.options, v.on_hand > 0 AS stocked FROM product_variants v WHERE v.tenant_id = $1 AND v.status = 'active'),
      -- Types for parameters a given query below does not use.
      typed AS (SELECT $3::text, $4::int, $5::int, $6::boolean, $7::jsonb)`;
    const catOk = `($3::text IS NULL OR prod.cat = $3)`;
    const priceOk = `(prod.price IS NOT NULL AND ($4::int IS NULL OR prod.price >= $4) AND ($5::int IS NULL OR prod.price <= $5))`;
    const variantOk = (
      except: string,
      stock: string,
    ) => `EXISTS (SELECT 1 FROM var WHERE var.product_id = prod.id AND (${stock})
        AND NOT EXISTS (SELECT 1 FROM jsonb_each($7::jsonb) f(name, vals) WHERE f.name <> ${except} AND NOT (f.vals ? coalesce(var.options->>f.name, ''))))`;
    const stockFilter = `(var.stocked OR NOT $6::boolean)`;
    const scalars = first(
      await ownerQuery<{ total: number; in_stock: number; min: number | null; max: number | null }>(
        `${base}
      SELECT (SELECT count(*)::int FROM prod WHERE ${catOk} AND ${priceOk} AND ${variantOk(`''`, stockFilter)}) AS total,
             (SELECT count(*)::int FROM prod WHERE ${catOk} AND ${priceOk} AND ${variantOk(`''`, 'var.stocked')}) AS in_stock,
             (SELECT min(price) FROM prod WHERE ${catOk} AND price IS NOT NULL AND ${variantOk(`''`, stockFilter)}) AS min,
             (SELECT max(price) FROM prod WHERE ${catOk} AND price IS NOT NULL AND ${variantOk(`''`, stockFilter)}) AS max`,
        params,
      ),
    );
    const categories = await ownerQuery(
      `${base}
      SELECT cat AS value, cat_name AS label, count(*)::int AS count FROM prod
       WHERE cat IS NOT NULL AND ${priceOk} AND ${variantOk(`''`, stockFilter)}
       GROUP BY cat, cat_name, cat_pos ORDER BY cat_pos, cat_name`,
      params,
    );
    const options = await ownerQuery<{ name: string; value: string; count: number }>(
      `${base}
      SELECT o.key AS name, o.value, count(DISTINCT prod.id)::int AS count
        FROM prod JOIN var ON var.product_id = prod.id CROSS JOIN LATERAL jsonb_each_text(var.options) o
       WHERE ${catOk} AND ${priceOk} AND ${stockFilter}
         AND NOT EXISTS (SELECT 1 FROM jsonb_each($7::jsonb) f(name, vals) WHERE f.name <> o.key AND NOT (f.vals ? coalesce(var.options->>f.name, '')))
       GROUP BY o.key, o.value`,
      params,
    );
    return { scalars, categories, options };
  }

  function flattenOptions(facets: SearchBody['facets']) {
    return facets.options.flatMap((o) => o.values.map((v) => `${o.name}=${v.value}:${v.count}`)).sort();
  }

  test('facet counts equal a direct SQL recount (browse with filters, and a text search with filters)', async () => {
    const cases: { store: string; q: string; filters: Filters }[] = [
      {
        store: 'mtindo-fashion',
        q: '',
        filters: { category: 'shoes', maxPrice: 5000, opt: { Colour: ['Black', 'White'], Size: ['42'] } },
      },
      { store: 'mtindo-fashion', q: '', filters: {} },
      { store: 'nyumba-living', q: '', filters: { inStock: true, minPrice: 1000 } },
      {
        store: 'nairobi-gadgets',
        q: 'samsung',
        filters: { opt: { Storage: ['128GB'] }, minPrice: 15000, inStock: true },
      },
      { store: 'nairobi-gadgets', q: 'simu', filters: { category: 'phones', opt: { Colour: ['Black'] } } },
    ];
    for (const c of cases) {
      const label = `${c.store} q=${c.q} ${JSON.stringify(c.filters)}`;
      // The text-matched set, from the search itself without filters.
      const slugs = c.q ? (await searchAll(c.store, { q: c.q, limit: 48 })).items.map((i) => i.slug) : null;
      const params: Record<string, string | number | boolean | string[]> = { limit: 48 };
      if (c.q) params.q = c.q;
      if (c.filters.category) params.category = c.filters.category;
      if (c.filters.minPrice !== undefined) params.minPrice = c.filters.minPrice;
      if (c.filters.maxPrice !== undefined) params.maxPrice = c.filters.maxPrice;
      if (c.filters.inStock) params.inStock = 'true';
      params.opt = Object.entries(c.filters.opt ?? {}).flatMap(([name, values]) => values.map((v) => `${name}:${v}`));
      const result = await search(c.store, params);
      const expected = await recount(c.store, slugs, c.filters);
      assert.equal(result.total, expected.scalars.total, `${label}: total`);
      assert.ok(result.total > 0, `${label}: the case matches something`);
      assert.equal(result.facets.inStock, expected.scalars.in_stock, `${label}: inStock`);
      assert.deepEqual(
        result.facets.price,
        { min: expected.scalars.min, max: expected.scalars.max },
        `${label}: price`,
      );
      assert.deepEqual(result.facets.categories, expected.categories, `${label}: categories`);
      assert.deepEqual(
        flattenOptions(result.facets),
        expected.options.map((o) => `${o.name}=${o.value}:${o.count}`).sort(),
        `${label}: options`,
      );
    }
  });

  test('facet values come in a shopper-friendly order (64GB before 128GB)', async () => {
    const result = await search('nairobi-gadgets', { category: 'phones' });
    const storage = result.facets.options.find((o) => o.name === 'Storage')!.values.map((v) => v.value);
    assert.ok(
      storage.indexOf('64GB') < storage.indexOf('128GB') && storage.indexOf('128GB') < storage.indexOf('256GB'),
      storage.join(','),
    );
  });
});

describe('bad input', () => {
  test('absurd or hostile text is a 200 with zero or sensible results, never a 500', async () => {
    const queries = [
      "'; DROP TABLE products;--",
      '%_\\',
      '<script>alert(1)</script>',
      '!!!???...',
      '📱📱📱',
      '🙂 samsung',
      'a:b & c | !d <-> e:*',
      "'",
      '\\',
      '"',
      '(',
      'samsung)',
      'x'.repeat(100),
      'the',
      'na ya',
      '手机',
      'café crème',
      '\u0000',
      '\u202e',
      'SELECT * FROM products',
      '1=1 OR 1=1',
      'samsung:*',
      "sam'sung",
      '%',
      '_',
      '*',
      Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '),
      'ñ'.repeat(50),
    ];
    for (const q of queries) {
      for (const sort of ['relevance', 'price_asc']) {
        const { status, body } = await get<SearchBody & ApiErrorBody>(searchPath('nairobi-gadgets', { q, sort }));
        // NUL cannot be stored or searched: the hostile-input guard answers 400 invalid_text.
        if (q.includes('\u0000')) {
          assert.equal(status, 400, `${JSON.stringify(q)}: ${JSON.stringify(body).slice(0, 200)}`);
          assert.equal(body.error.code, 'invalid_text');
          continue;
        }
        assert.equal(status, 200, `${JSON.stringify(q)}: ${JSON.stringify(body).slice(0, 200)}`);
        assert.ok(body.total >= 0 && Array.isArray(body.items));
      }
    }
    // Raw bytes in the query string: NUL, invalid UTF-8, in the text and in option filters.
    for (const raw of [
      'q=%00',
      'q=samsung%00',
      'q=%FF%FE',
      'opt=Colour:%00',
      'opt=Colour:Bl%00ack',
      'opt=%FF:%FE',
      'q=%E2%80%AE%F0%9F%98%80',
    ]) {
      const { status, body } = await get(`/v1/stores/nairobi-gadgets/search?${raw}`);
      assert.equal(status, raw.includes('%00') ? 400 : 200, `${raw}: ${JSON.stringify(body).slice(0, 200)}`);
    }
    // Stop words, punctuation and markup alone match nothing (they are not a browse request).
    for (const q of ['!!!', '<>', '📱', 'the', "'; --"])
      assert.equal((await search('nairobi-gadgets', { q })).total, 0, q);
    // Surrounding junk does not stop a real word from matching.
    assert.ok((await search('nairobi-gadgets', { q: '<b>samsung</b>' })).total >= 10);
    // The products table is still there.
    assert.equal((await searchAll('nairobi-gadgets', { limit: 48 })).total, stack.db.seed!.stores[0]!.products);
  });

  test('too long, malformed or out-of-range parameters are 400 validation_failed', async () => {
    const cases: Record<string, string | number | string[]>[] = [
      { q: 'x'.repeat(101) },
      { limit: 0 },
      { limit: 49 },
      { limit: 'abc' },
      { minPrice: -1 },
      { minPrice: 10, maxPrice: 5 },
      { opt: 'nocolon' },
      { opt: `Colour:${'x'.repeat(61)}` },
      { opt: Array.from({ length: 21 }, (_, i) => `Colour:c${i}`) },
      { sort: 'cheapest' },
      { inStock: 'yes' },
      { category: 'Bad_Slug' },
      { cursor: 'not-a-cursor' },
      { cursor: 'x'.repeat(301) },
      { cursor: Buffer.from(JSON.stringify(['newest', '2024-02-31 00:00:00+00', 'a'])).toString('base64url') },
      { cursor: Buffer.from(JSON.stringify(['price_asc', 1e12, 'a'])).toString('base64url'), sort: 'price_asc' },
      { cursor: Buffer.from(JSON.stringify(['relevance', '1; DROP', 'a'])).toString('base64url'), q: 'samsung' },
    ];
    for (const params of cases) {
      const { status, body } = await get<ApiErrorBody>(searchPath('nairobi-gadgets', params));
      assert.equal(status, 400, `${JSON.stringify(params).slice(0, 80)}: ${status}`);
      assert.equal(body.error.code, 'validation_failed');
    }
    // Numbers beyond Postgres' integer range are still valid bounds, not a 500.
    assert.equal(
      (await search('nairobi-gadgets', { maxPrice: Number.MAX_SAFE_INTEGER })).total,
      stack.db.seed!.stores[0]!.products,
    );
    assert.equal((await search('nairobi-gadgets', { minPrice: Number.MAX_SAFE_INTEGER })).total, 0);
  });
});

describe('categories and related products', () => {
  test('categories: active product counts in position order, empty categories left out', async () => {
    const tenant = tenantOf('saa-bora');
    await ownerQuery(
      `INSERT INTO categories (tenant_id, slug, name, position) VALUES ($1, 'empty-shelf', 'Empty Shelf', 0)`,
      [tenant],
    );
    try {
      const { status, body } = await get<CategoryList>('/v1/stores/saa-bora/categories');
      assert.equal(status, 200);
      const expected = await ownerQuery(
        `
        SELECT c.slug, c.name, count(*)::int AS "productCount" FROM categories c
          JOIN products p ON p.tenant_id = c.tenant_id AND p.category_id = c.id AND p.status = 'active'
         WHERE c.tenant_id = $1 GROUP BY c.id, c.slug, c.name, c.position ORDER BY c.position, c.name`,
        [tenant],
      );
      assert.deepEqual(body.categories, expected);
      assert.ok(!body.categories.some((c) => c.slug === 'empty-shelf'));
      assert.ok(body.categories.every((c) => c.productCount > 0));
    } finally {
      await ownerQuery(`DELETE FROM categories WHERE tenant_id = $1 AND slug = 'empty-shelf'`, [tenant]);
    }
    const other = await get<CategoryList>('/v1/stores/nairobi-gadgets/categories');
    assert.deepEqual(other.body.categories.map((c) => c.slug).slice(0, 2), ['phones', 'laptops']);
  });

  test('related: up to 8 of the same category, in stock first, closest price first', async () => {
    const anchor = await search('nairobi-gadgets', { q: 'samsung galaxy a15', limit: 1 });
    const product = anchor.items[0]!;
    const { status, body } = await get<{ items: Card[] }>(
      `/v1/stores/nairobi-gadgets/products/${product.slug}/related`,
    );
    assert.equal(status, 200);
    const items = body.items;
    assert.equal(items.length, 8);
    assert.ok(!items.some((i) => i.slug === product.slug), 'not itself');
    assert.ok(items.every((i) => i.category?.slug === product.category?.slug));
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1]!;
      const b = items[i]!;
      if (a.inStock === b.inStock)
        assert.ok(
          Math.abs(a.priceKes - product.priceKes) <= Math.abs(b.priceKes - product.priceKes),
          'closest price first',
        );
      else assert.ok(a.inStock && !b.inStock, 'in stock first');
    }
    // The 8 closest in price among the whole category.
    const category = await searchAll('nairobi-gadgets', { category: product.category!.slug, limit: 48 });
    const distances = category.items
      .filter((i) => i.slug !== product.slug && i.inStock)
      .map((i) => Math.abs(i.priceKes - product.priceKes))
      .sort((x, y) => x - y);
    assert.deepEqual(
      items.map((i) => Math.abs(i.priceKes - product.priceKes)),
      distances.slice(0, 8),
    );

    const missing = await get<ApiErrorBody>('/v1/stores/nairobi-gadgets/products/no-such-product/related');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    const foreign = await get(`/v1/stores/saa-bora/products/${product.slug}/related`);
    assert.equal(foreign.status, 404, "another store's product is not found");
  });

  test('the new routes are in /metrics', async () => {
    const text = await (await fetch(`${stack.api.url}/metrics`)).text();
    for (const route of [
      '/v1/stores/:store/search',
      '/v1/stores/:store/categories',
      '/v1/stores/:store/products/:product/related',
    ]) {
      assert.ok(text.includes(`http_routes_info{method="GET",route="${route}"} 1`), route);
    }
  });
});

describe('search documents (database)', () => {
  async function inTenant<T>(
    tenantId: string,
    fn: (q: <R = Row>(text: string, params?: unknown[]) => Promise<R[]>) => Promise<T>,
  ): Promise<T> {
    return withClient(stack.db.appUrl, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
        return await fn(async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[]);
      } finally {
        await client.query('ROLLBACK');
      }
    });
  }

  test("renaming a category updates its products' documents (as the app role, under RLS)", async () => {
    const tenant = tenantOf('nairobi-gadgets');
    await inTenant(tenant, async (q) => {
      const { n: inCategory } = first(
        await q<{ n: number }>(
          `SELECT count(*)::int AS n FROM products p JOIN categories c ON c.id = p.category_id WHERE c.slug = 'audio'`,
        ),
      );
      assert.ok(inCategory >= 3);
      const before = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM product_search WHERE document @@ plainto_tsquery('simple', 'zumaridi')`,
      );
      assert.equal(before[0]?.n, 0);
      await q(`UPDATE categories SET name = 'Zumaridi Sound' WHERE slug = 'audio'`);
      const after = first(
        await q<{ n: number; words: boolean }>(`
        SELECT count(*)::int AS n, bool_and(s.words LIKE '%zumaridi sound%') AS words
          FROM product_search s JOIN products p ON p.id = s.product_id
         WHERE s.document @@ plainto_tsquery('simple', 'zumaridi')`),
      );
      assert.equal(after.n, inCategory);
      assert.equal(after.words, true);
      // Another tenant's documents are neither visible nor touched.
      const { n: visible } = first(
        await q<{ n: number }>(`SELECT count(*)::int AS n FROM product_search WHERE tenant_id <> $1`, [tenant]),
      );
      assert.equal(visible, 0);
    });
  });

  test('renaming a category changes what the search API finds', async () => {
    const tenant = tenantOf('saa-bora');
    const kids = await categoryProducts('saa-bora', 'kids-watches');
    const [{ name }] = (await ownerQuery<{ name: string }>(
      `SELECT name FROM categories WHERE tenant_id = $1 AND slug = 'kids-watches'`,
      [tenant],
    )) as [{ name: string }];
    assert.equal((await search('saa-bora', { q: 'watoto' })).total, 0);
    await ownerQuery(`UPDATE categories SET name = 'Watoto Watches' WHERE tenant_id = $1 AND slug = 'kids-watches'`, [
      tenant,
    ]);
    try {
      const found = await searchAll('saa-bora', { q: 'watoto', limit: 48 });
      assert.deepEqual(found.items.map((i) => i.slug).sort(), kids);
    } finally {
      await ownerQuery(`UPDATE categories SET name = $2 WHERE tenant_id = $1 AND slug = 'kids-watches'`, [
        tenant,
        name,
      ]);
    }
    assert.equal((await search('saa-bora', { q: 'watoto' })).total, 0);
  });

  test('variant options are searchable; stock movements do not rewrite documents', async () => {
    const tenant = tenantOf('mtindo-fashion');
    await inTenant(tenant, async (q) => {
      const variant = first(
        await q<{ id: string; product_id: string }>(
          `SELECT v.id, v.product_id FROM product_variants v WHERE v.status = 'active' AND v.options ? 'Colour' LIMIT 1`,
        ),
      );
      const { xmin: before } = first(
        await q<{ xmin: string }>(`SELECT xmin::text FROM product_search WHERE product_id = $1`, [variant.product_id]),
      );
      await q(`INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) VALUES ($1, $2, 'restock', 5)`, [
        tenant,
        variant.id,
      ]);
      const { xmin: afterStock } = first(
        await q<{ xmin: string }>(`SELECT xmin::text FROM product_search WHERE product_id = $1`, [variant.product_id]),
      );
      assert.equal(afterStock, before, 'a restock leaves the document alone');
      await q(`UPDATE product_variants SET options = options || '{"Colour": "Ultramarine"}' WHERE id = $1`, [
        variant.id,
      ]);
      const { n } = first(
        await q<{ n: number }>(
          `SELECT count(*)::int AS n FROM product_search WHERE product_id = $1 AND document @@ plainto_tsquery('simple', 'ultramarine')`,
          [variant.product_id],
        ),
      );
      assert.equal(n, 1);
    });
  });

  test('synonyms are read-only reference data for the app role', async () => {
    await withClient(stack.db.appUrl, async (client) => {
      const { rows } = await client.query<{ expansions: string[] }>(
        `SELECT expansions FROM search_synonyms WHERE term = 'simu'`,
      );
      assert.ok(rows[0]?.expansions.includes('phone'));
      const { n } = first((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM search_synonyms`)).rows);
      assert.ok(n >= 40);
      await assert.rejects(
        client.query(`INSERT INTO search_synonyms (term, expansions) VALUES ('hack', '{x}')`),
        /permission denied/,
      );
      await assert.rejects(client.query(`UPDATE search_synonyms SET expansions = '{x}'`), /permission denied/);
    });
  });
});
