// Ready to shard by tenant (issue 17): the schema, read from the Postgres catalog of a freshly
// migrated database, fits a distributed Postgres (Citus) with tenant_id as the distribution
// column, and the storefront's hottest queries, planned on a database with a few hundred stores,
// use indexes that lead with tenant_id. The plan itself is in ARCHITECTURE.md ("Sharding plan").
//
// Every table without tenant_id is listed below as a reference or local table with the reason;
// a new one fails here until it is classified. Same for SECURITY DEFINER functions, tables the
// owner may read across stores, and exceptions to "every unique key includes tenant_id".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { productCardSql } from '../../apps/api/src/modules/catalog/product-card.repository.ts';
import { createTestDatabase, withClient, type TestDatabase } from '../helpers/database.ts';

/** Shared tables copied to every node (Citus reference tables): small, read by every store. */
const REFERENCE_TABLES: Record<string, string> = {
  tenants: 'the store directory: slug/host -> tenant before a tenant is known; every tenant table references it',
  nairobi_areas: 'the platform-wide list of delivery areas; orders, zones and addresses reference it',
  roles: 'the fixed staff role list users reference',
  search_synonyms: 'platform-wide search vocabulary (simu -> phone) joined into every search',
};

/** Tables that stay on the coordinator only (Citus local tables): platform operations, never joined with tenant rows. */
const LOCAL_TABLES: Record<string, string> = {
  schema_migrations: 'the migration ledger',
  rejected_payment_callbacks: 'callbacks to an unknown secret: no store vouches for them',
  webhook_deliveries: 'platform webhooks (one Meta app, one delivery partner account) stored before the store is known',
};

/**
 * Tenant rows (tenant_id, RLS) replicated as reference tables rather than distributed: one or a
 * few rows per store, looked up by a key that is unique across stores *before* the store is
 * known (a custom host, the M-Pesa callback secret, the WhatsApp phone number id).
 */
const REPLICATED_TENANT_TABLES: Record<string, string> = {
  tenant_domains: 'custom host -> store (app_resolve_tenant); host is unique platform-wide',
  mpesa_settings: 'callback URL secret -> store (app_mpesa_hook_tenant); one row per store',
  messaging_settings: 'WhatsApp phone number id -> store (app_whatsapp_tenant); one row per store',
};

/** Unique indexes of distributed tables that do not include tenant_id yet, with what must change first. */
const GLOBAL_UNIQUE_EXCEPTIONS: Record<string, string> = {
  messages_provider_id:
    "(channel, provider_message_id) is the ON CONFLICT target in modules/messaging/messaging.repository.ts; before distribution add tenant_id to the index and that target (the status webhook's resolver app_message_tenant then becomes a fan-out query or resolves via messaging_settings)",
};

/** Every SECURITY DEFINER function (runs as the owner, sees what owner policies allow), by kind. */
const SECURITY_DEFINER: Record<string, 'resolver' | 'sweep' | 'maintenance'> = {
  // Resolvers: an outside key -> one store, before a tenant context exists.
  app_resolve_tenant: 'resolver',
  app_resolve_owner_tenant: 'resolver',
  app_mpesa_hook_tenant: 'resolver',
  app_whatsapp_tenant: 'resolver',
  app_message_tenant: 'resolver',
  app_taken_store_slugs: 'resolver',
  // Sweeps: (tenant_id, id) pairs for the worker, each then handled in its own tenant
  // transaction; platform-wide counts for metrics. In Citus: parallel multi-shard reads.
  app_analytics_tenants: 'sweep',
  app_mpesa_tenants: 'sweep',
  app_lapsed_reservations: 'sweep',
  app_notifications_due: 'sweep',
  app_payments_due: 'sweep',
  app_unprocessed_callbacks: 'sweep',
  app_payment_health: 'sweep',
  app_domains_due: 'sweep',
  app_alerts_due: 'sweep',
  app_receipts_due: 'sweep',
  app_receipts_missing: 'sweep',
  app_webhook_deliveries_due: 'sweep',
  app_back_in_stock_due: 'sweep',
  app_product_cards_due: 'sweep',
  app_orders_archivable: 'sweep',
  // Maintenance: monthly partitions of events (DDL).
  app_ensure_event_partitions: 'maintenance',
  app_ensure_event_partitions_between: 'maintenance',
  app_drop_old_event_partitions: 'maintenance',
};

/** Tables whose rows the owner role may read across stores (a `TO CURRENT_USER USING (true)` policy), for the functions above. */
const OWNER_READ_TABLES = [
  'back_in_stock_requests',
  'messages',
  'messaging_settings',
  'mpesa_settings',
  'order_notifications',
  'orders',
  'payment_callback_outcomes',
  'payment_callbacks',
  'payments',
  'product_cards',
  'refunds',
  'tenant_domains',
  'tenants',
];

interface Constraint {
  table: string;
  name: string;
  type: 'p' | 'u' | 'f';
  columns: string[];
  refTable: string | null;
  refColumns: string[];
}

let db: TestDatabase;
let sql: <T extends object>(text: string, params?: unknown[]) => Promise<T[]>;
let tables: { name: string; hasTenant: boolean; rls: boolean; forced: boolean }[];
let distributed: Set<string>;

before(async () => {
  db = await createTestDatabase();
  sql = <T extends object>(text: string, params: unknown[] = []) =>
    withClient(db.ownerUrl, async (c) => (await c.query<T>(text, params)).rows);
  tables = await sql<{ name: string; hasTenant: boolean; rls: boolean; forced: boolean }>(`
    SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS "hasTenant"
      FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY 1`);
  distributed = new Set(tables.filter((t) => t.hasTenant && !(t.name in REPLICATED_TENANT_TABLES)).map((t) => t.name));
});
after(async () => {
  await db?.drop();
});

async function constraints(): Promise<Constraint[]> {
  return sql<Constraint>(`
    SELECT con.conrelid::regclass::text AS table, con.conname AS name, con.contype AS type,
           ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
           CASE WHEN con.contype = 'f' THEN con.confrelid::regclass::text END AS "refTable",
           ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS "refColumns"
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
     WHERE con.connamespace = 'public'::regnamespace AND con.contype IN ('p', 'u', 'f') AND NOT c.relispartition`);
}

describe('schema: distributed by tenant_id, the rest listed', () => {
  test('every table without tenant_id is a listed reference or local table, and every listed one exists', () => {
    const shared = tables.filter((t) => !t.hasTenant).map((t) => t.name);
    const listed = [...Object.keys(REFERENCE_TABLES), ...Object.keys(LOCAL_TABLES)].sort();
    assert.deepEqual(
      shared.sort(),
      listed,
      'a new shared table must be listed (REFERENCE_TABLES or LOCAL_TABLES, with the reason) before it ships',
    );
    for (const name of Object.keys(REPLICATED_TENANT_TABLES))
      assert.ok(
        tables.find((t) => t.name === name)?.hasTenant,
        `${name} is listed as a replicated tenant table but has no tenant_id`,
      );
    assert.ok(distributed.size >= 40, `the distributed tables (${distributed.size}) are most of the schema`);
  });

  test('tenant tables and RLS agree: tenant_id <=> RLS enabled and forced (tenants itself keyed by id)', () => {
    for (const t of tables) {
      if (t.hasTenant) assert.ok(t.rls && t.forced, `${t.name} has tenant_id but no forced RLS`);
      else if (t.rls && t.forced) assert.equal(t.name, 'tenants', `${t.name} has forced RLS but no tenant_id`);
    }
  });

  test('every distributed table has a primary key, and every primary key and unique key includes tenant_id', async () => {
    const all = await constraints();
    for (const table of distributed) {
      const pk = all.find((c) => c.table === table && c.type === 'p');
      assert.ok(pk, `${table} has no primary key`);
      assert.equal(
        pk.columns[0],
        'tenant_id',
        `${table}: primary key (${pk.columns.join(', ')}) must lead with tenant_id`,
      );
    }
    // Unique indexes (constraints and partial unique indexes alike), from pg_index.
    const unique = await sql<{ table: string; index: string; columns: string[] }>(`
      SELECT t.relname AS table, i.relname AS index,
             ARRAY(SELECT coalesce(a.attname, '(expression)') FROM unnest(x.indkey) WITH ORDINALITY k(n, o)
                     LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
       WHERE t.relnamespace = 'public'::regnamespace AND x.indisunique AND NOT t.relispartition`);
    const offending = unique.filter((u) => distributed.has(u.table) && !u.columns.includes('tenant_id'));
    assert.deepEqual(
      offending.map((u) => u.index).sort(),
      Object.keys(GLOBAL_UNIQUE_EXCEPTIONS).sort(),
      `unique keys of distributed tables without tenant_id: ${offending.map((u) => `${u.table}.${u.index}(${u.columns.join(', ')})`).join('; ')}`,
    );
  });

  test('foreign keys: colocated (tenant_id to tenant_id) between distributed tables, or to a reference table', async () => {
    const reference = new Set([...Object.keys(REFERENCE_TABLES), ...Object.keys(REPLICATED_TENANT_TABLES)]);
    const problems: string[] = [];
    for (const fk of (await constraints()).filter((c) => c.type === 'f')) {
      const what = `${fk.table}.${fk.name}: (${fk.columns.join(', ')}) -> ${fk.refTable}(${fk.refColumns.join(', ')})`;
      if (distributed.has(fk.table)) {
        if (reference.has(fk.refTable!)) continue;
        if (!distributed.has(fk.refTable!)) problems.push(`${what}: points to a local table`);
        const at = fk.columns.indexOf('tenant_id');
        if (at < 0 || fk.refColumns[at] !== 'tenant_id') problems.push(`${what}: not colocated on tenant_id`);
      } else if (distributed.has(fk.refTable!)) {
        // Citus: a reference or local table cannot point into a distributed one.
        problems.push(`${what}: a reference/local table references a distributed table`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('cross-store reads: only the listed SECURITY DEFINER functions, through the listed owner policies', async () => {
    const definers = await sql<{ name: string }>(`
      SELECT p.proname AS name FROM pg_proc p
       WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef ORDER BY 1`);
    assert.deepEqual(
      definers.map((d) => d.name).sort(),
      Object.keys(SECURITY_DEFINER).sort(),
      'a new SECURITY DEFINER function must be listed (resolver / sweep / maintenance) and documented',
    );
    const ownerPolicies = await sql<{ table: string }>(`
      SELECT DISTINCT tablename AS table FROM pg_policies
       WHERE schemaname = 'public' AND qual = 'true' ORDER BY 1`);
    assert.deepEqual(
      ownerPolicies.map((p) => p.table),
      OWNER_READ_TABLES,
      'a policy that lets the owner read every store is for the listed functions only',
    );
    // Inside those functions and in views, a join between two distributed tables names tenant_id
    // (colocated in Citus; the indexes lead with it anyway).
    const bodies = [
      ...(await sql<{ name: string; body: string }>(
        `SELECT proname AS name, prosrc AS body FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND prosecdef`,
      )),
      ...(await sql<{ name: string; body: string }>(
        `SELECT viewname AS name, definition AS body FROM pg_views WHERE schemaname = 'public'`,
      )),
    ];
    const joins: string[] = [];
    for (const { name, body } of bodies) {
      for (const m of body.matchAll(
        /\bJOIN\s+(?!LATERAL\b)(\w+)(?:\s+(?:AS\s+)?\w+)?\s+ON\s+([\s\S]*?)(?=\bWHERE\b|\bJOIN\b|\bGROUP\b|\bORDER\b|\bLIMIT\b|\)|;|$)/gi,
      )) {
        joins.push(`${name}: ${m[1]}`);
        if (distributed.has(m[1]!))
          assert.match(m[2]!, /tenant_id/, `${name} joins ${m[1]} without tenant_id: ${m[0]}`);
      }
    }
    assert.ok(joins.length >= 2, `the join check saw the joins (${joins.join('; ')})`);
    const app = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>(
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'sokoni_app'`,
    );
    assert.deepEqual(app, [{ rolsuper: false, rolbypassrls: false }], 'the app role never reads across stores itself');
  });
});

// ---------------------------------------------------------------------------------------------
// Plans. The shapes below are copied from the repositories (the API builds them with Kysely /
// sql templates; keep them in step when those change; the card itself is the repository's own
// SQL): catalog.repository.ts listActive and findActiveBySlug, variantsOf, search.repository.ts's text
// match and categoriesWithProducts, orders.repository.ts list / byIdempotencyKey / variantIds.

/** The card as the API runs it (product-card.repository.ts), compiled without a connection. */
const CARD = productCardSql().compile(
  new Kysely<unknown>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
).sql;

const HOT_QUERIES: { name: string; text: string; params: (t: Fixture) => unknown[]; minRows: number }[] = [
  {
    name: 'product list (first page)',
    text: `${CARD} WHERE p.status = 'active' ORDER BY p.created_at DESC, p.slug ASC LIMIT 48`,
    params: () => [],
    minRows: 48,
  },
  {
    name: 'product list (next page)',
    text: `${CARD} WHERE p.status = 'active'
             AND (p.created_at < $1::timestamptz OR (p.created_at = $1::timestamptz AND p.slug > $2))
           ORDER BY p.created_at DESC, p.slug ASC LIMIT 48`,
    params: (t) => [t.cursorCreatedAt, t.cursorSlug],
    minRows: 48,
  },
  {
    name: 'product detail',
    text: `SELECT card.*, p.description, p.option_names
             FROM (${CARD} WHERE p.slug = $1 AND p.status = 'active') card
             JOIN products p ON p.id = card.id`,
    params: (t) => [t.productSlug],
    minRows: 1,
  },
  {
    name: 'product variants with prices',
    text: `SELECT v.sku, v.options, vp.price_kes, vp.compare_at_kes, v.on_hand
             FROM product_variants v JOIN variant_prices vp ON vp.variant_id = v.id
            WHERE v.product_id = $1 AND v.status = 'active' ORDER BY v.position`,
    params: (t) => [t.productId],
    minRows: 2,
  },
  {
    name: 'search (text match)',
    text: `WITH terms AS MATERIALIZED (SELECT app_search_word_query('phone', '{}'::text[], true) AS q0)
           SELECT p.id, p.slug, ts_rank(s.document, t.q0) AS score
             FROM products p
             JOIN product_search s ON s.tenant_id = p.tenant_id AND s.product_id = p.id
            CROSS JOIN terms t
            WHERE p.status = 'active' AND s.document @@ t.q0
            ORDER BY score DESC, p.slug LIMIT 24`,
    params: () => [],
    minRows: 24,
  },
  {
    name: 'categories with products',
    text: `SELECT c.slug, c.name, count(*)::int AS product_count
             FROM categories c
             JOIN products p ON p.tenant_id = c.tenant_id AND p.category_id = c.id
            WHERE p.status = 'active'
              AND EXISTS (SELECT 1 FROM product_variants v
                           WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active')
            GROUP BY c.tenant_id, c.id, c.slug, c.name, c.position
            ORDER BY c.position, c.name`,
    params: () => [],
    minRows: 5,
  },
  {
    name: 'cart: variants by sku',
    text: `SELECT id, sku FROM product_variants WHERE sku IN ($1, $2)`,
    params: (t) => t.skus,
    minRows: 2,
  },
  {
    name: 'owner order list',
    text: `SELECT * FROM orders ORDER BY number DESC LIMIT 50`,
    params: () => [],
    minRows: 50,
  },
  {
    name: 'owner order list by status',
    text: `SELECT * FROM orders WHERE status = 'paid' ORDER BY number DESC LIMIT 50`,
    params: () => [],
    minRows: 1,
  },
  {
    name: 'place order: idempotency key',
    text: `SELECT id, request_hash FROM orders WHERE idempotency_key = $1`,
    params: (t) => [t.idempotencyKey],
    minRows: 1,
  },
];

interface Fixture {
  tenantId: string;
  productSlug: string;
  productId: string;
  cursorCreatedAt: string;
  cursorSlug: string;
  skus: string[];
  idempotencyKey: string;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function* nodes(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* nodes(child);
}

const STORES = 150;
const PRODUCTS_PER_STORE = 100;
const ORDERS_PER_STORE = 60;

describe(`plans with ${STORES} stores x ${PRODUCTS_PER_STORE} products: indexes that lead with tenant_id`, () => {
  let fixture: Fixture;
  let indexFirstColumn: Map<string, string>;
  let indexTable: Map<string, string>;

  before(async () => {
    // Generated in bulk (a few statements, no row-by-row round trips). The product and variant
    // triggers keep product_search up to date as they do for the app.
    await withClient(db.ownerUrl, async (c) => {
      await c.query(`INSERT INTO nairobi_areas (slug, name, ward, sub_county, lat, lng)
                     VALUES ('westlands', 'Westlands', 'Parklands', 'Westlands', -1.26, 36.80) ON CONFLICT DO NOTHING`);
      await c.query(
        `INSERT INTO tenants (slug, name, vertical, status)
         SELECT 'bulk-' || g, 'Bulk store ' || g, 'electronics', 'active' FROM generate_series(1, $1::int) g`,
        [STORES],
      );
      await c.query(`INSERT INTO categories (tenant_id, slug, name, position)
                     SELECT t.id, 'category-' || g, 'Category ' || g, g FROM tenants t, generate_series(1, 5) g`);
      // Products and variants without their per-row search triggers (each re-reads a product's
      // variants: minutes for 30,000 rows), then one set-based refresh per store builds
      // product_search exactly as the triggers would. `replica` skips triggers for this owner
      // session only.
      await c.query(`SET session_replication_role = replica`);
      await c.query(
        `INSERT INTO products (tenant_id, slug, title, brand, category_id, status, created_at)
         SELECT t.id, 'product-' || g, CASE WHEN g % 3 = 0 THEN 'Smart phone ' ELSE 'Kitchen kettle ' END || g,
                'Brand ' || (g % 7), c.id, CASE WHEN g % 10 = 0 THEN 'draft' ELSE 'active' END,
                now() - make_interval(mins => g)
           FROM tenants t CROSS JOIN generate_series(1, $1::int) g
           JOIN categories c ON c.tenant_id = t.id AND c.slug = 'category-' || (g % 5 + 1)`,
        [PRODUCTS_PER_STORE],
      );
      await c.query(`INSERT INTO product_variants (tenant_id, product_id, sku, options, price_kes, on_hand, position)
                     SELECT p.tenant_id, p.id, p.slug || '-' || v, jsonb_build_object('Colour', 'C' || v), 1000 + v * 50,
                            CASE WHEN v = 1 THEN 5 ELSE 0 END, v
                       FROM products p CROSS JOIN generate_series(1, 2) v`);
      await c.query(`SET session_replication_role = DEFAULT`);
      await c.query(`SELECT app_product_search_refresh(tenant_id, array_agg(id)) FROM products GROUP BY tenant_id`);
      // The product cards (0047) as their triggers would have written them.
      await c.query(`SELECT app_refresh_product_cards(tenant_id, array_agg(id)) FROM products GROUP BY tenant_id`);
      // A current sale on every fifth variant (the variant_prices view looks up price_rules per variant).
      await c.query(`INSERT INTO price_rules (tenant_id, variant_id, sale_price_kes, starts_at, ends_at, reason)
                     SELECT v.tenant_id, v.id, v.price_kes - 100, now() - interval '1 day', now() + interval '7 days', 'bulk sale'
                       FROM product_variants v WHERE v.position = 1 AND v.sku ~ '-[0-9]*5-1$'`);
      await c.query(`INSERT INTO product_media (tenant_id, product_id, storage_key, content_type, width, height, bytes, position)
                     SELECT p.tenant_id, p.id, 'bulk/' || p.tenant_id || '/' || p.slug || '.webp', 'image/webp', 800, 800, 1000, 0
                       FROM products p`);
      await c.query(
        `INSERT INTO orders (tenant_id, number, status, phone, customer_name, area_slug, subtotal_kes, delivery_fee_kes,
                             total_kes, vat_kes, idempotency_key, request_hash, created_at)
         SELECT t.id, 1000 + g, CASE WHEN g % 4 = 0 THEN 'paid' ELSE 'delivered' END, '254700000001', 'Bulk shopper',
                'westlands', 1000, 0, 1000, 138, 'bulk-key-' || t.slug || '-' || g, 'hash', now() - make_interval(hours => g)
           FROM tenants t CROSS JOIN generate_series(1, $1::int) g`,
        [ORDERS_PER_STORE],
      );
      await c.query('ANALYZE');
    });
    const [store] = await sql<{ id: string }>(`SELECT id FROM tenants WHERE slug = 'bulk-150'`);
    const [cursor] = await sql<{ created_at: string; slug: string }>(
      `SELECT created_at::text, slug FROM products WHERE tenant_id = $1 AND status = 'active'
        ORDER BY created_at DESC, slug LIMIT 1 OFFSET 10`,
      [store!.id],
    );
    const [product] = await sql<{ id: string }>(`SELECT id FROM products WHERE tenant_id = $1 AND slug = 'product-7'`, [
      store!.id,
    ]);
    fixture = {
      tenantId: store!.id,
      productSlug: 'product-7',
      productId: product!.id,
      cursorCreatedAt: cursor!.created_at,
      cursorSlug: cursor!.slug,
      skus: ['product-7-1', 'product-8-2'],
      idempotencyKey: 'bulk-key-bulk-150-12',
    };
    const indexes = await sql<{ index: string; table: string; first: string }>(`
      SELECT i.relname AS index, t.relname AS table, coalesce(a.attname, '(expression)') AS first
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
       WHERE t.relnamespace = 'public'::regnamespace`);
    indexFirstColumn = new Map(indexes.map((i) => [i.index, i.first]));
    indexTable = new Map(indexes.map((i) => [i.index, i.table]));
  });

  /** The query's rows and what is wrong with its plan, as the app role in a tenant transaction (as the API runs it). */
  async function planOf(
    query: (typeof HOT_QUERIES)[number],
    settings: string[] = [],
  ): Promise<{ rows: number; problems: string[]; plan: PlanNode }> {
    return withClient(db.appUrl, async (c: pg.Client) => {
      await c.query('BEGIN');
      try {
        await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [fixture.tenantId]);
        for (const setting of settings) await c.query(setting);
        const params = query.params(fixture);
        const { rowCount } = await c.query(query.text, params);
        const explained = await c.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
          `EXPLAIN (FORMAT JSON) ${query.text}`,
          params,
        );
        const plan = explained.rows[0]!['QUERY PLAN'][0]!.Plan;
        const problems: string[] = [];
        for (const node of nodes(plan)) {
          const relation =
            node['Relation Name'] ?? (node['Index Name'] ? indexTable.get(node['Index Name']) : undefined);
          if (!relation || !(distributed.has(relation) || relation in REPLICATED_TENANT_TABLES)) continue;
          if (node['Node Type'] === 'Seq Scan') problems.push(`Seq Scan on ${relation}`);
          if (node['Index Name']) {
            const first = indexFirstColumn.get(node['Index Name']);
            if (first !== 'tenant_id') problems.push(`${node['Index Name']} on ${relation} leads with ${first}`);
            else if (!/tenant_id/.test(node['Index Cond'] ?? ''))
              problems.push(`${node['Index Name']} on ${relation} scanned without a tenant_id condition`);
          }
        }
        return { rows: rowCount ?? 0, problems, plan };
      } finally {
        await c.query('ROLLBACK');
      }
    });
  }

  for (const query of HOT_QUERIES) {
    test(query.name, async () => {
      const { rows, problems, plan } = await planOf(query);
      assert.ok(rows >= query.minRows, `${query.name}: ${rows} rows, expected >= ${query.minRows}`);
      assert.deepEqual(problems, [], `${query.name}:\n${JSON.stringify(plan, null, 1).slice(0, 4000)}`);
    });
  }

  test('control: with index scans switched off, the same check reports the Seq Scans', async () => {
    const { problems } = await planOf(HOT_QUERIES[0]!, [
      'SET LOCAL enable_indexscan = off',
      'SET LOCAL enable_bitmapscan = off',
      'SET LOCAL enable_indexonlyscan = off',
    ]);
    assert.ok(
      problems.includes('Seq Scan on product_cards'),
      `the check sees a sequential scan: ${problems.join('; ')}`,
    );
  });
});
