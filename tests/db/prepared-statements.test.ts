import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { preparedPlan, sql, withTenant, type Database, type Kysely } from '@sokoni/db';
import { CatalogRepository } from '../../apps/api/dist/modules/catalog/catalog.repository.js';
import { createTestDatabase, createTestPool, withClient, type TestDatabase } from '../helpers/database.ts';

// DB_PREPARED_STATEMENTS (docs/operate/pooling.md): queries marked with preparedPlan run as named
// prepared statements, planned once per connection; everything else stays unnamed. One
// connection per pool here (max 1), so pg_prepared_statements shows what that connection holds.

let db: TestDatabase;
let tenantId: string;
const pools: Kysely<Database>[] = [];

before(async () => {
  db = await createTestDatabase({ seed: true });
  tenantId = db.seed!.stores[0]!.tenantId;
});
after(async () => {
  await Promise.all(pools.map((p) => p.destroy()));
  await db?.drop();
});

function pool(preparedStatements: boolean): Kysely<Database> {
  const created = createTestPool({ url: db.appUrl, max: 1, preparedStatements });
  pools.push(created);
  return created;
}

async function preparedOnConnection(kysely: Kysely<Database>): Promise<{ name: string; statement: string }[]> {
  const result = await sql<{ name: string; statement: string }>`
    SELECT name, statement FROM pg_prepared_statements ORDER BY name`.execute(kysely);
  return result.rows;
}

test('marked queries are prepared once per connection; unmarked ones never are', async () => {
  const kysely = pool(true);
  const repository = new CatalogRepository();
  const pages: string[][] = [];
  for (let i = 0; i < 3; i++) {
    pages.push(
      (await withTenant(kysely, tenantId, (trx) => repository.listActive(trx, 10, null))).map((row) => row.slug),
    );
    // An unmarked query in the same transaction shape.
    await withTenant(kysely, tenantId, (trx) => sql`SELECT count(*) AS n FROM products`.execute(trx));
  }
  assert.equal(pages[0]!.length, 10);
  assert.deepEqual(pages[1], pages[0], 'the prepared list answers as the first, planned one did');
  assert.deepEqual(pages[2], pages[0]);

  const prepared = await preparedOnConnection(kysely);
  assert.ok(
    prepared.every((p) => p.name.startsWith('sk_')),
    'only our names',
  );
  // The tenant setting travels with BEGIN in one simple-protocol message (withTenant): one round
  // trip, nothing to prepare.
  assert.ok(
    !prepared.some((p) => p.statement.includes("set_config('app.tenant_id'")),
    'the tenant transaction is opened without a prepared statement',
  );
  assert.ok(
    prepared.some((p) => p.statement.includes('FROM variant_prices vp')),
    'the product list',
  );
  assert.equal(prepared.length, 1, 'three lists in three tenant transactions: one statement, prepared once');
  assert.ok(!prepared.some((p) => p.statement.includes('count(*)')), 'the unmarked query was not prepared');
});

test('off (DB_PREPARED_STATEMENTS=off, or auto through PgBouncer): nothing is prepared', async () => {
  const kysely = pool(false);
  const rows = await withTenant(kysely, tenantId, (trx) =>
    sql<{ n: number }>`${preparedPlan} SELECT 1 AS n`.execute(trx),
  );
  assert.equal(rows.rows[0]!.n, 1);
  assert.deepEqual(await preparedOnConnection(kysely), []);
});

test('a migration that adds columns and replaces the price view does not break a prepared list', async () => {
  const kysely = pool(true);
  const repository = new CatalogRepository();
  const before = await withTenant(kysely, tenantId, (trx) => repository.listActive(trx, 5, null));
  // What a later migration may do while the API runs: a new column on a table the list reads, and
  // the view redefined (Postgres re-plans the prepared statement; its result columns are unchanged).
  await withClient(db.ownerUrl, async (client) => {
    await client.query(`ALTER TABLE products ADD COLUMN prepared_test_note text`);
    const view = await client.query<{ def: string }>(`SELECT pg_get_viewdef('variant_prices'::regclass) AS def`);
    await client.query(
      `CREATE OR REPLACE VIEW variant_prices WITH (security_invoker = true) AS ${view.rows[0]!.def.replace(/;\s*$/, '')}`,
    );
  });
  const afterMigration = await withTenant(kysely, tenantId, (trx) => repository.listActive(trx, 5, null));
  assert.deepEqual(
    afterMigration.map((r) => [r.slug, r.price_kes, r.in_stock]),
    before.map((r) => [r.slug, r.price_kes, r.in_stock]),
  );
});
