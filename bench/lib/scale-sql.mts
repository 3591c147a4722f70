// The SQL of the many-stores generator (bench/lib/scale-generator.mts). Every value is a pure
// function of (seed, row index): ids are md5 of the seed and the row's name, choices are
// hashtextextended of it, so the same sizes, seed and end time give the same rows, byte for byte,
// whatever the machine. Rows are made on the server by INSERT ... SELECT over generate_series:
// no per-row round trip, and nothing the client has to stream.

/** Sizes and identity of one generated data set. */
export interface ScaleSpec {
  /** Stores to generate (store 1 is the large one), >= 2. */
  stores: number;
  /** Products of each small store. */
  products: number;
  /** Products of the large store. */
  largeProducts: number;
  /** Orders across all generated stores, and the share of them that is the large store's. */
  orders: number;
  /** Analytics events across all generated stores. */
  events: number;
  largeShare: number;
  /** Days of history ending at `end`. */
  days: number;
  /** The instant the history ends (exclusive): orders and events lie in [end - days, end). */
  end: Date;
  /** Any text: another seed gives another data set of the same shape. */
  seed: string;
}

/** The large store's slug and a small store's; store n >= 2 is `scale-0000n`. */
export const LARGE_STORE = 'scale-large';
export const storeSlug = (n: number) => (n === 1 ? LARGE_STORE : `scale-${String(n).padStart(5, '0')}`);

/** Store 1 (large) and every 4th store are electronics: the search bench types "phone" in each. */
export const VERTICALS = ['electronics', 'fashion', 'watches', 'home'] as const;

// Category name and the noun its products are titled with, eight per vertical, in VERTICALS order.
const CATALOG: readonly (readonly [string, string])[][] = [
  [
    ['Phones', 'phone'],
    ['Laptops', 'laptop'],
    ['Tablets', 'tablet'],
    ['Earbuds', 'earbuds'],
    ['Headphones', 'headphones'],
    ['Chargers', 'charger'],
    ['TVs', 'tv'],
    ['Speakers', 'speaker'],
  ],
  [
    ['Shirts', 'shirt'],
    ['Dresses', 'dress'],
    ['Trousers', 'trousers'],
    ['Shoes', 'sneakers'],
    ['Bags', 'bag'],
    ['Jackets', 'jacket'],
    ['Skirts', 'skirt'],
    ['Hats', 'hat'],
  ],
  [
    ['Watches', 'watch'],
    ['Smartwatches', 'smartwatch'],
    ['Straps', 'strap'],
    ['Clocks', 'clock'],
    ['Bracelets', 'bracelet'],
    ['Rings', 'ring'],
    ['Earrings', 'earrings'],
    ['Sunglasses', 'sunglasses'],
  ],
  [
    ['Sofas', 'sofa'],
    ['Lamps', 'lamp'],
    ['Cookware', 'sufuria'],
    ['Beds', 'bed'],
    ['Rugs', 'rug'],
    ['Mugs', 'mug'],
    ['Plants', 'plant'],
    ['Curtains', 'curtain'],
  ],
];
// Statuses of historic orders, in hundredths: 6 % cancelled, 8 % paid, 4 % packed, 6 % dispatched, the rest delivered.
const STATUS_MIX = [
  ...Array<string>(6).fill('cancelled'),
  ...Array<string>(8).fill('paid'),
  ...Array<string>(4).fill('packed'),
  ...Array<string>(6).fill('dispatched'),
  ...Array<string>(76).fill('delivered'),
];
const BRANDS = ['Tecno', 'Infinix', 'Samsung', 'Oraimo', 'Nokia', 'Hisense', 'Itel', 'Ramtons', 'Mika', 'Vitron'];

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
const textArray = (items: readonly string[]) => `ARRAY[${items.map(literal).join(', ')}]::text[]`;
const text2d = (rows: readonly (readonly string[])[]) =>
  `ARRAY[${rows.map((r) => `ARRAY[${r.map(literal).join(', ')}]`).join(', ')}]::text[]`;

/** FNV-1a of the seed text: hashtextextended's seed. */
export function numericSeed(seed: string): number {
  return [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261) & 0x7fffffff;
}

function int(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`scale generator: ${name} must be an integer >= ${min}`);
  return value;
}

/**
 * Session helpers in pg_temp (they die with the connection): the closed forms every INSERT below
 * shares, so an order line, its variant and the events that name a product agree without joins.
 */
export function helperFunctions(spec: ScaleSpec): string[] {
  const S = int('stores', spec.stores, 2);
  const P = int('products', spec.products, 1);
  const LP = int('largeProducts', spec.largeProducts, 1);
  const O = int('orders', spec.orders, 0);
  const E = int('events', spec.events, 0);
  const days = int('days', spec.days, 1);
  if (!(spec.largeShare >= 0 && spec.largeShare < 1)) throw new Error('scale generator: largeShare must be in [0, 1)');
  const OL = Math.round(O * spec.largeShare);
  const EL = Math.round(E * spec.largeShare);
  const seed = numericSeed(spec.seed);
  const fn = (signature: string, returns: string, body: string) =>
    `CREATE FUNCTION pg_temp.${signature} RETURNS ${returns} LANGUAGE sql STABLE AS $fn$ ${body} $fn$`;
  // Row g of `total` rows: the first `large` are store 1's, the rest are dealt to stores 2..S in
  // contiguous blocks (the first `rest % (S - 1)` stores get one more), so one store's rows are
  // written together and its index pages stay in cache. Its store, its sequence number within
  // that store, and the store's count.
  const spread = (prefix: string, total: number, large: number) => {
    const base = Math.floor((total - large) / (S - 1));
    const extra = (total - large) % (S - 1);
    const edge = extra * (base + 1);
    const rest = `(g - ${large})`;
    return [
      fn(
        `${prefix}store(g bigint)`,
        'int',
        `SELECT CASE WHEN g < ${large} THEN 1 WHEN ${rest} < ${edge} THEN 2 + (${rest} / ${base + 1})::int
                     ELSE 2 + ${extra} + ((${rest} - ${edge}) / ${Math.max(base, 1)})::int END`,
      ),
      fn(
        `${prefix}seq(g bigint)`,
        'bigint',
        `SELECT CASE WHEN g < ${large} THEN g WHEN ${rest} < ${edge} THEN ${rest} % ${base + 1}
                     ELSE (${rest} - ${edge}) % ${Math.max(base, 1)} END`,
      ),
      fn(
        `${prefix}count(s int)`,
        'bigint',
        `SELECT CASE WHEN s = 1 THEN ${large}::bigint WHEN s - 2 < ${extra} THEN ${base + 1} ELSE ${base} END`,
      ),
    ];
  };
  return [
    fn('h(k text)', 'bigint', `SELECT hashtextextended(k, ${seed}) & 9223372036854775807`),
    fn('u(k text)', 'uuid', `SELECT md5(${literal(spec.seed)} || ':' || k)::uuid`),
    fn('tid(s int)', 'uuid', `SELECT pg_temp.u('t:' || s)`),
    fn(
      'slug(s int)',
      'text',
      `SELECT CASE WHEN s = 1 THEN ${literal(LARGE_STORE)} ELSE 'scale-' || lpad(s::text, 5, '0') END`,
    ),
    fn('vi(s int)', 'int', `SELECT (s - 1) % 4`),
    fn('nprod(s int)', 'int', `SELECT CASE WHEN s = 1 THEN ${LP} ELSE ${P} END`),
    fn(
      'catname(s int, c int)',
      'text',
      `SELECT (${text2d(CATALOG.map((v) => v.map((c) => c[0])))})[pg_temp.vi(s) + 1][c + 1]`,
    ),
    fn(
      'noun(s int, c int)',
      'text',
      `SELECT (${text2d(CATALOG.map((v) => v.map((c) => c[1])))})[pg_temp.vi(s) + 1][c + 1]`,
    ),
    fn('cid(s int, c int)', 'uuid', `SELECT pg_temp.u('c:' || s || ':' || c)`),
    fn(
      'brand(s int, j int)',
      'text',
      `SELECT (${textArray(BRANDS)})[(1 + pg_temp.h('b:' || s || ':' || j) % ${BRANDS.length})::int]`,
    ),
    fn(
      'code(s int, j int)',
      'text',
      `SELECT upper(substr(md5(${literal(spec.seed)} || ':m:' || s || ':' || j), 1, 3)) || j`,
    ),
    fn(
      'title(s int, j int)',
      'text',
      `SELECT pg_temp.brand(s, j) || ' ' || initcap(pg_temp.noun(s, j % 8)) || ' ' || pg_temp.code(s, j)`,
    ),
    fn(
      'pslug(s int, j int)',
      'text',
      `SELECT lower(pg_temp.brand(s, j) || '-' || pg_temp.noun(s, j % 8) || '-' || pg_temp.code(s, j))`,
    ),
    fn('pid(s int, j int)', 'uuid', `SELECT pg_temp.u('p:' || s || ':' || j)`),
    fn('vid(s int, j int, v int)', 'uuid', `SELECT pg_temp.u('v:' || s || ':' || j || ':' || v)`),
    fn('sku(s int, j int, v int)', 'text', `SELECT 'SC' || s || '-' || j || '-' || v`),
    fn('colour(v int)', 'text', `SELECT (ARRAY['Black', 'Blue'])[v + 1]`),
    fn(
      'price(s int, j int, v int)',
      'int',
      `SELECT (499 + (pg_temp.h('pr:' || s || ':' || j) % 150) * 100 + v * 500)::int`,
    ),
    ...spread('o', O, OL),
    ...spread('e', E, EL),
    fn('oid(g bigint)', 'uuid', `SELECT pg_temp.u('o:' || g)`),
    // Orders of a store are spread evenly over the window, oldest first: number order = time order.
    fn(
      'ocreated(g bigint)',
      'timestamptz',
      `SELECT ${literal(spec.end.toISOString())}::timestamptz - make_interval(secs => floor(${days * 86400}
         * (1 - (pg_temp.oseq(g) + 0.5) / pg_temp.ocount(pg_temp.ostore(g))))::int)`,
    ),
    fn('ostatus(g bigint)', 'text', `SELECT (${textArray(STATUS_MIX)})[(1 + pg_temp.h('st:' || g) % 100)::int]`),
    `CREATE FUNCTION pg_temp.lines(g bigint, s int) RETURNS TABLE (line int, j int, v int, qty int, unit int)
       LANGUAGE sql STABLE AS $fn$
       SELECT l, x.j, x.v, (1 + pg_temp.h('q:' || g || ':' || l) % 3)::int, pg_temp.price(s, x.j, x.v)
         FROM generate_series(1, (1 + pg_temp.h('n:' || g) % 3)::int) AS l
         CROSS JOIN LATERAL (SELECT (pg_temp.h('j:' || g || ':' || l) % pg_temp.nprod(s))::int AS j,
                                    (pg_temp.h('v:' || g || ':' || l) % 2)::int AS v) x $fn$`,
  ];
}

/** The generated stores' ids, for `tenant_id IN (...)`. */
export const GENERATED_TENANTS = (stores: number) => `(SELECT pg_temp.tid(s) FROM generate_series(1, ${stores}) AS s)`;

/**
 * The load, in order. $1 in the delivery statements is the zone plan (JSON), $1 in users the
 * password hash, $1 in orders/events the area slugs (text[]). Each entry: [label, sql, param?].
 */
export function loadStatements(spec: ScaleSpec): { label: string; sql: string; param?: 'plan' | 'hash' | 'areas' }[] {
  const S = spec.stores;
  const start = `(${literal(spec.end.toISOString())}::timestamptz - interval '${spec.days} days')`;
  const end = `${literal(spec.end.toISOString())}::timestamptz`;
  const stores = `generate_series(1, ${S}) AS s`;
  const products = `${stores} CROSS JOIN LATERAL generate_series(0, pg_temp.nprod(s) - 1) AS j`;
  return [
    {
      label: 'tenants',
      sql: `INSERT INTO tenants (id, slug, name, vertical, status, tagline, location, created_at, updated_at)
            SELECT pg_temp.tid(s), pg_temp.slug(s),
                   CASE WHEN s = 1 THEN 'Scale Large Store' ELSE 'Scale Store ' || lpad(s::text, 5, '0') END,
                   (${textArray(VERTICALS)})[pg_temp.vi(s) + 1], 'active', 'Generated for bench:scale', 'Nairobi',
                   ${start}, ${start}
              FROM ${stores}`,
    },
    {
      label: 'users',
      param: 'hash',
      sql: `INSERT INTO users (tenant_id, id, name, email, role, status, password_hash, created_at, updated_at)
            SELECT pg_temp.tid(s), pg_temp.u('usr:' || s), 'Owner ' || pg_temp.slug(s),
                   'owner@' || pg_temp.slug(s) || '.sokoni.test', 'owner', 'active', $1, ${start}, ${start}
              FROM ${stores}`,
    },
    {
      label: 'tenant_auth_secrets',
      sql: `INSERT INTO tenant_auth_secrets (tenant_id, jwt_secret, rotated_at)
            SELECT pg_temp.tid(s), md5(pg_temp.u('jwt1:' || s)::text) || md5(pg_temp.u('jwt2:' || s)::text), ${start}
              FROM ${stores}`,
    },
    {
      label: 'delivery_settings',
      param: 'plan',
      sql: `INSERT INTO delivery_settings (tenant_id, free_delivery_from_kes, pickup_fee_kes, updated_at)
            SELECT pg_temp.tid(s), ($1::jsonb -> 'rules' ->> 'freeDeliveryFromKes')::int,
                   ($1::jsonb -> 'rules' ->> 'pickupFeeKes')::int, ${start}
              FROM ${stores}`,
    },
    {
      label: 'delivery_zones',
      param: 'plan',
      sql: `INSERT INTO delivery_zones (tenant_id, id, slug, name, fee_kes, eta_hours_min, eta_hours_max, position,
                                        created_at, updated_at)
            SELECT pg_temp.tid(s), pg_temp.u('z:' || s || ':' || z.slug), z.slug, z.name, z."feeKes", z."etaHoursMin",
                   z."etaHoursMax", z.position, ${start}, ${start}
              FROM ${stores}
              CROSS JOIN jsonb_to_recordset($1::jsonb -> 'zones')
                      AS z (slug text, name text, "feeKes" int, "etaHoursMin" int, "etaHoursMax" int, position int)`,
    },
    {
      label: 'delivery_zone_areas',
      param: 'plan',
      sql: `INSERT INTO delivery_zone_areas (tenant_id, area_slug, zone_id)
            SELECT pg_temp.tid(s), a.area, pg_temp.u('z:' || s || ':' || z.slug)
              FROM ${stores}
              CROSS JOIN jsonb_to_recordset($1::jsonb -> 'zones') AS z (slug text, areas jsonb)
              CROSS JOIN LATERAL jsonb_array_elements_text(z.areas) AS a (area)`,
    },
    {
      label: 'categories',
      sql: `INSERT INTO categories (tenant_id, id, slug, name, position, created_at)
            SELECT pg_temp.tid(s), pg_temp.cid(s, c), lower(pg_temp.catname(s, c)), pg_temp.catname(s, c), c, ${start}
              FROM ${stores} CROSS JOIN generate_series(0, 7) AS c`,
    },
    {
      label: 'products',
      sql: `INSERT INTO products (tenant_id, id, slug, title, brand, description, category_id, status, option_names,
                                  created_at, updated_at)
            SELECT pg_temp.tid(s), pg_temp.pid(s, j), pg_temp.pslug(s, j), pg_temp.title(s, j), pg_temp.brand(s, j),
                   'A ' || pg_temp.noun(s, j % 8) || ' by ' || pg_temp.brand(s, j) || ', sold and delivered in Nairobi.',
                   pg_temp.cid(s, j % 8), 'active', '{Colour}', ${start} + make_interval(mins => j), ${start} + make_interval(mins => j)
              FROM ${products}`,
    },
    {
      // Opening stock is large so the place-order bench never runs a variant dry; on_hand is the
      // ledger's sum (the restock row below), written directly because triggers are off.
      label: 'product_variants',
      sql: `INSERT INTO product_variants (tenant_id, id, product_id, sku, options, price_kes, on_hand, position,
                                          created_at, updated_at)
            SELECT pg_temp.tid(s), pg_temp.vid(s, j, v), pg_temp.pid(s, j), pg_temp.sku(s, j, v),
                   jsonb_build_object('Colour', pg_temp.colour(v)), pg_temp.price(s, j, v), 100000, v, ${start}, ${start}
              FROM ${products} CROSS JOIN generate_series(0, 1) AS v`,
    },
    {
      label: 'inventory_movements',
      sql: `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity, reason, created_at)
            SELECT pg_temp.tid(s), pg_temp.vid(s, j, v), 'restock', 100000, 'opening stock (bench:scale)', ${start}
              FROM ${products} CROSS JOIN generate_series(0, 1) AS v`,
    },
    {
      label: 'product_media',
      sql: `INSERT INTO product_media (tenant_id, id, product_id, storage_key, content_type, width, height, bytes, alt,
                                       position, created_at)
            SELECT pg_temp.tid(s), pg_temp.u('m:' || s || ':' || j), pg_temp.pid(s, j),
                   pg_temp.tid(s) || '/products/' || pg_temp.pslug(s, j) || '.webp', 'image/webp', 800, 800, 24000,
                   pg_temp.title(s, j), 0, ${start}
              FROM ${products}`,
    },
    {
      label: 'price_rules',
      sql: `INSERT INTO price_rules (tenant_id, id, variant_id, sale_price_kes, starts_at, ends_at, reason, created_at)
            SELECT pg_temp.tid(s), pg_temp.u('pr:' || s || ':' || j), pg_temp.vid(s, j, 0),
                   greatest(1, floor(pg_temp.price(s, j, 0) * 0.9 / 10)::int * 10 - 1),
                   ${start}, ${end} + interval '60 days', 'bench:scale promotion', ${start}
              FROM ${products} WHERE j % 7 = 3`,
    },
    {
      // Statistics before the database's own functions run per store: without them the plans
      // inside app_refresh_product_cards are generic guesses over tables Postgres believes are
      // empty, and the cards of 5,000 stores took over 20 minutes instead of about one.
      label: 'analyze_catalog',
      sql: `ANALYZE products, product_variants, price_rules, product_media, categories`,
    },
    {
      // The search documents, by the database's own function, one store at a time.
      label: 'product_search',
      sql: `SELECT count(app_product_search_refresh(pg_temp.tid(s),
                     ARRAY(SELECT pg_temp.pid(s, j) FROM generate_series(0, pg_temp.nprod(s) - 1) AS j)))
              FROM ${stores}`,
    },
    {
      // The product cards (migration 0047), by the database's own function, one store at a time.
      label: 'product_cards',
      sql: `SELECT count(app_refresh_product_cards(pg_temp.tid(s),
                     ARRAY(SELECT pg_temp.pid(s, j) FROM generate_series(0, pg_temp.nprod(s) - 1) AS j)))
              FROM ${stores}`,
    },
    {
      label: 'orders',
      param: 'areas',
      sql: `INSERT INTO orders (tenant_id, id, number, status, channel, phone, customer_name, area_slug, delivery_method,
                                subtotal_kes, delivery_fee_kes, discount_kes, total_kes, vat_kes, idempotency_key,
                                request_hash, created_at, updated_at)
            SELECT pg_temp.tid(m.s), pg_temp.oid(g), 1001 + pg_temp.oseq(g), pg_temp.ostatus(g),
                   (ARRAY['web', 'web', 'web', 'web', 'whatsapp', 'link'])[(1 + pg_temp.h('ch:' || g) % 6)::int],
                   '2547' || lpad((pg_temp.h('ph:' || g) % 100000000)::text, 8, '0'),
                   'Shopper ' || (pg_temp.h('nm:' || g) % 100000),
                   ($1::text[])[(1 + pg_temp.h('ar:' || g) % cardinality($1::text[]))::int], 'delivery',
                   li.subtotal, f.fee, 0, li.subtotal + f.fee, round((li.subtotal + f.fee) * 16 / 116.0)::int,
                   'scale-' || md5(pg_temp.oid(g)::text), md5('req:' || pg_temp.oid(g)),
                   pg_temp.ocreated(g), pg_temp.ocreated(g) + interval '1 hour'
              FROM generate_series(0, ${spec.orders - 1}) AS g
              CROSS JOIN LATERAL (SELECT pg_temp.ostore(g) AS s OFFSET 0) m
              CROSS JOIN LATERAL (SELECT sum(l.unit * l.qty)::int AS subtotal FROM pg_temp.lines(g, m.s) l) li
              CROSS JOIN LATERAL (SELECT CASE WHEN li.subtotal >= 10000 THEN 0
                                             ELSE 150 + (pg_temp.h('fee:' || g) % 4)::int * 100 END AS fee) f`,
    },
    {
      label: 'order_items',
      sql: `INSERT INTO order_items (tenant_id, order_id, line, variant_id, sku, title, options, unit_price_kes, quantity,
                                     line_total_kes)
            SELECT pg_temp.tid(m.s), pg_temp.oid(g), l.line, pg_temp.vid(m.s, l.j, l.v), pg_temp.sku(m.s, l.j, l.v),
                   pg_temp.title(m.s, l.j), jsonb_build_object('Colour', pg_temp.colour(l.v)), l.unit, l.qty, l.unit * l.qty
              FROM generate_series(0, ${spec.orders - 1}) AS g
              CROSS JOIN LATERAL (SELECT pg_temp.ostore(g) AS s OFFSET 0) m
              CROSS JOIN LATERAL pg_temp.lines(g, m.s) l`,
    },
    {
      // The timeline: placed, then the status the order reached (what order-status.ts writes).
      label: 'order_events',
      sql: `INSERT INTO order_events (tenant_id, order_id, type, from_status, to_status, actor_type, actor_id, data, at)
            SELECT pg_temp.tid(pg_temp.ostore(g)), pg_temp.oid(g), e.type, e.from_status, e.to_status, e.actor_type,
                   e.actor_id, '{}', pg_temp.ocreated(g) + e.after
              FROM generate_series(0, ${spec.orders - 1}) AS g
              CROSS JOIN LATERAL (VALUES
                (1, 'placed', NULL, 'pending_payment', 'shopper', NULL, interval '0'),
                (2, pg_temp.ostatus(g), 'pending_payment', pg_temp.ostatus(g), 'system', 'bench:scale', interval '1 hour')
              ) AS e (n, type, from_status, to_status, actor_type, actor_id, after)
             ORDER BY g, e.n`,
    },
    {
      label: 'order_counters',
      sql: `INSERT INTO order_counters (tenant_id, last_number)
            SELECT pg_temp.tid(s), 1000 + pg_temp.ocount(s) FROM ${stores}`,
    },
    {
      label: 'event_partitions',
      sql: `SELECT app_ensure_event_partitions_between((${start})::date, (${end})::date)`,
    },
    {
      // Sessions of six events, minutes apart, at a time drawn per session; an event's kind is
      // drawn per event. Product events name a product of the store by slug, as the collector does.
      label: 'events',
      param: 'areas',
      sql: `INSERT INTO events (tenant_id, occurred_at, client_at, type, session_id, path, product_slug, sku, query,
                                result_count, quantity, channel, area_slug, device)
            SELECT pg_temp.tid(m.s), m.at, m.at, t.type, m.session,
                   CASE WHEN t.type = 'product_view' THEN '/p/' || pg_temp.pslug(m.s, m.j) ELSE '/' END,
                   CASE WHEN t.type IN ('product_view', 'add_to_cart') THEN pg_temp.pslug(m.s, m.j) END,
                   CASE WHEN t.type = 'add_to_cart' THEN pg_temp.sku(m.s, m.j, 0) END,
                   CASE WHEN t.type = 'search' THEN CASE WHEN m.r2 < 10 THEN 'zzz' || m.r2 ELSE pg_temp.noun(m.s, m.r2 % 8) END END,
                   CASE WHEN t.type = 'search' THEN CASE WHEN m.r2 < 10 THEN 0 ELSE 1 + m.r2 % 20 END END,
                   CASE WHEN t.type = 'add_to_cart' THEN 1 END,
                   (ARRAY['web', 'web', 'web', 'web', 'web', 'web', 'whatsapp', 'link'])[(1 + m.hs % 8)::int],
                   CASE WHEN m.hs % 3 = 0 THEN ($1::text[])[(1 + m.hs % cardinality($1::text[]))::int] END,
                   (ARRAY['mobile', 'mobile', 'mobile', 'mobile', 'mobile', 'mobile', 'desktop', 'tablet'])[(1 + (m.hs / 8) % 8)::int]
              FROM generate_series(0, ${spec.events - 1}) AS g
              CROSS JOIN LATERAL (SELECT pg_temp.estore(g) AS s, pg_temp.eseq(g) AS k OFFSET 0) p
              CROSS JOIN LATERAL (
                SELECT p.s, pg_temp.h('ses:' || p.s || ':' || p.k / 6) AS hs,
                       'sess' || substr(md5(${literal(spec.seed)} || ':ses:' || p.s || ':' || p.k / 6), 1, 16) AS session,
                       ${end} - make_interval(secs => (pg_temp.h('ses:' || p.s || ':' || p.k / 6) % ${spec.days * 86400 - 600})::int + 600)
                         + make_interval(secs => (p.k % 6)::int * 60) AS at,
                       (pg_temp.h('et:' || g) % 100)::int AS r, (pg_temp.h('eq:' || g) % 100)::int AS r2,
                       (pg_temp.h('ep:' || g) % pg_temp.nprod(p.s))::int AS j OFFSET 0) m
              CROSS JOIN LATERAL (SELECT CASE WHEN m.r < 40 THEN 'page_view' WHEN m.r < 70 THEN 'product_view'
                                              WHEN m.r < 80 THEN 'search' WHEN m.r < 90 THEN 'add_to_cart'
                                              WHEN m.r < 95 THEN 'checkout_start' WHEN m.r < 97 THEN 'payment_started'
                                              WHEN m.r < 99 THEN 'paid' ELSE 'whatsapp_handoff' END AS type) t`,
    },
  ];
}

/**
 * The daily aggregates of every generated store and day, set-based, with the definitions of
 * app_analytics_aggregate_day (migration 0017): store totals and per-product rows. (Area funnel
 * and search terms are left to that function for the stores the bench measures.) A day with
 * nothing still gets its zero row, as the function writes one.
 */
export function rollupStatements(spec: ScaleSpec): { label: string; sql: string }[] {
  const tenants = GENERATED_TENANTS(spec.stores);
  const day = (column: string) => `((${column}) AT TIME ZONE 'Africa/Nairobi')::date`;
  const end = `${literal(spec.end.toISOString())}::timestamptz`;
  const paid = `o.status IN ('paid', 'packed', 'dispatched', 'delivered', 'refunded')`;
  return [
    {
      label: 'daily_store_metrics',
      sql: `INSERT INTO daily_store_metrics (tenant_id, day, sessions, page_views, product_views, searches,
              zero_result_searches, add_to_carts, whatsapp_handoffs, view_sessions, cart_sessions, checkout_sessions,
              orders, paid_orders, cancelled_orders, units_sold, gross_revenue_kes, refunded_kes, revenue_kes)
            WITH e AS (
              SELECT tenant_id, ${day('occurred_at')} AS day, count(DISTINCT session_id) AS sessions,
                     count(*) FILTER (WHERE type = 'page_view') AS page_views,
                     count(*) FILTER (WHERE type = 'product_view') AS product_views,
                     count(*) FILTER (WHERE type = 'search') AS searches,
                     count(*) FILTER (WHERE type = 'search' AND result_count = 0) AS zero_result_searches,
                     count(*) FILTER (WHERE type = 'add_to_cart') AS add_to_carts,
                     count(*) FILTER (WHERE type = 'whatsapp_handoff') AS whatsapp_handoffs,
                     count(DISTINCT session_id) FILTER (WHERE type = 'product_view') AS view_sessions,
                     count(DISTINCT session_id) FILTER (WHERE type = 'add_to_cart') AS cart_sessions,
                     count(DISTINCT session_id) FILTER (WHERE type = 'checkout_start') AS checkout_sessions
                FROM events WHERE tenant_id IN ${tenants} GROUP BY 1, 2),
            units AS (
              SELECT tenant_id, order_id, sum(quantity) AS units FROM order_items
               WHERE tenant_id IN ${tenants} GROUP BY 1, 2),
            o AS (
              SELECT o.tenant_id, ${day('o.created_at')} AS day, count(*) AS orders,
                     count(*) FILTER (WHERE ${paid}) AS paid_orders,
                     count(*) FILTER (WHERE o.status = 'cancelled') AS cancelled_orders,
                     coalesce(sum(u.units) FILTER (WHERE ${paid}), 0) AS units,
                     coalesce(sum(o.total_kes) FILTER (WHERE ${paid}), 0) AS gross
                FROM orders o JOIN units u ON u.tenant_id = o.tenant_id AND u.order_id = o.id
               WHERE o.tenant_id IN ${tenants} GROUP BY 1, 2),
            days AS (
              SELECT t.tenant_id, d::date AS day
                FROM ${tenants} AS t (tenant_id)
                CROSS JOIN generate_series(${day(`${end} - interval '${spec.days} days'`)}, ${day(`${end} - interval '1 second'`)},
                                           interval '1 day') AS d)
            SELECT d.tenant_id, d.day, coalesce(e.sessions, 0), coalesce(e.page_views, 0), coalesce(e.product_views, 0),
                   coalesce(e.searches, 0), coalesce(e.zero_result_searches, 0), coalesce(e.add_to_carts, 0),
                   coalesce(e.whatsapp_handoffs, 0), coalesce(e.view_sessions, 0), coalesce(e.cart_sessions, 0),
                   coalesce(e.checkout_sessions, 0), coalesce(o.orders, 0), coalesce(o.paid_orders, 0),
                   coalesce(o.cancelled_orders, 0), coalesce(o.units, 0), coalesce(o.gross, 0), 0, coalesce(o.gross, 0)
              FROM days d
              LEFT JOIN e ON e.tenant_id = d.tenant_id AND e.day = d.day
              LEFT JOIN o ON o.tenant_id = d.tenant_id AND o.day = d.day`,
    },
    {
      label: 'daily_product_metrics',
      sql: `INSERT INTO daily_product_metrics (tenant_id, day, product_id, product_slug, views, view_sessions,
              add_to_carts, units_sold, paid_orders, revenue_kes)
            WITH ev AS (
              SELECT tenant_id, ${day('occurred_at')} AS day, product_slug,
                     count(*) FILTER (WHERE type = 'product_view') AS views,
                     count(DISTINCT session_id) FILTER (WHERE type = 'product_view') AS view_sessions,
                     count(*) FILTER (WHERE type = 'add_to_cart') AS carts
                FROM events
               WHERE tenant_id IN ${tenants} AND product_slug IS NOT NULL AND type IN ('product_view', 'add_to_cart')
               GROUP BY 1, 2, 3),
            sales AS (
              SELECT o.tenant_id, ${day('o.created_at')} AS day, v.product_id, sum(i.quantity) AS units,
                     count(DISTINCT i.order_id) AS orders, sum(i.line_total_kes) AS revenue
                FROM orders o
                JOIN order_items i ON i.tenant_id = o.tenant_id AND i.order_id = o.id
                JOIN product_variants v ON v.tenant_id = i.tenant_id AND v.id = i.variant_id
               WHERE o.tenant_id IN ${tenants} AND ${paid}
               GROUP BY 1, 2, 3),
            both_sides AS (
              SELECT p.tenant_id, ev.day, p.id AS product_id, ev.views, ev.view_sessions, ev.carts,
                     0::bigint AS units, 0::bigint AS orders, 0::bigint AS revenue
                FROM ev JOIN products p ON p.tenant_id = ev.tenant_id AND p.slug = ev.product_slug
              UNION ALL
              SELECT tenant_id, day, product_id, 0, 0, 0, units, orders, revenue FROM sales)
            SELECT b.tenant_id, b.day, b.product_id, p.slug, sum(b.views), sum(b.view_sessions), sum(b.carts),
                   sum(b.units), sum(b.orders), sum(b.revenue)
              FROM both_sides b JOIN products p ON p.tenant_id = b.tenant_id AND p.id = b.product_id
             GROUP BY b.tenant_id, b.day, b.product_id, p.slug`,
    },
  ];
}
