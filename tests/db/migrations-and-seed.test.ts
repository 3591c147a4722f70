import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MIGRATIONS_DIR, runMigrations } from '@sokoni/db';
import { demoStores, nairobiAreas, seedDemo } from '@sokoni/db/dist/seed/index.js';
import { createTestDatabase, first, withClient, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;

before(async () => {
  db = await createTestDatabase({ seed: true });
});
after(async () => {
  await db?.drop();
});

/** Every row of every public table, hashed per table: equal snapshots mean nothing changed. */
async function snapshot(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const { rows: tables } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    const result: Record<string, string> = {};
    for (const { tablename } of tables) {
      const { rows } = await client.query<{ n: number; h: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${tablename} t`,
      );
      result[tablename] = `${rows[0]!.n}:${rows[0]!.h}`;
    }
    return result;
  });
}

describe('migrations', () => {
  test('a second run applies nothing', async () => {
    const result = await runMigrations(db.ownerUrl);
    assert.deepEqual(result.applied, []);
    assert.ok(result.alreadyApplied.length >= 1);
  });

  test('editing an applied migration is refused (forward-only)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sokoni-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const [first] = (await readdir(dir)).sort();
    await writeFile(path.join(dir, first!), '-- edited after it ran\nSELECT 1;\n');
    try {
      await assert.rejects(runMigrations(db.ownerUrl, dir), /changed after it was applied/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test('every tenant policy reads the tenant once per statement (an InitPlan), never once per row', async () => {
  const policies = await withClient(
    db.ownerUrl,
    async (client) =>
      (
        await client.query<{ tablename: string; qual: string; with_check: string | null }>(
          `SELECT tablename, qual, with_check FROM pg_policies
          WHERE schemaname = 'public' AND policyname = 'tenant_isolation'`,
        )
      ).rows,
  );
  assert.ok(policies.length > 50, `tenant policies found: ${policies.length}`);
  const perRow = policies.filter(
    (p) => !/^\((tenant_id|id) = \( SELECT app_current_tenant\(\) AS app_current_tenant\)\)$/.test(p.qual),
  );
  assert.deepEqual(perRow, [], 'policies that call app_current_tenant() per row');
});

describe('app_enable_tenant_rls (the RLS helper for new migrations)', () => {
  test('enables and forces RLS with the tenant policy, twice is harmless, no tenant_id is refused', async () => {
    await withClient(db.ownerUrl, async (client) => {
      await client.query('CREATE TABLE rls_helper_probe (tenant_id uuid NOT NULL, note text)');
      try {
        await client.query(`SELECT app_enable_tenant_rls('rls_helper_probe')`);
        await client.query(`SELECT app_enable_tenant_rls('rls_helper_probe')`);
        const {
          rows: [table],
        } = await client.query<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
          `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'rls_helper_probe'`,
        );
        assert.deepEqual(table, { relrowsecurity: true, relforcerowsecurity: true });
        const { rows: policies } = await client.query<{
          polname: string;
          using: string;
          check: string;
        }>(`SELECT polname, pg_get_expr(polqual, polrelid) AS using, pg_get_expr(polwithcheck, polrelid) AS check
          FROM pg_policy WHERE polrelid = 'rls_helper_probe'::regclass`);
        assert.equal(policies.length, 1);
        const policy = policies[0]!;
        assert.equal(policy.polname, 'tenant_isolation');
        // (SELECT app_current_tenant()): once per statement, not once per row (migration 0046).
        assert.match(policy.using, /tenant_id = \( SELECT app_current_tenant\(\)/);
        assert.match(policy.check, /tenant_id = \( SELECT app_current_tenant\(\)/);
        await client.query('CREATE TABLE rls_helper_no_tenant (note text)');
        await assert.rejects(
          client.query(`SELECT app_enable_tenant_rls('rls_helper_no_tenant')`),
          /has no tenant_id column/,
        );
      } finally {
        await client.query('DROP TABLE IF EXISTS rls_helper_probe, rls_helper_no_tenant');
      }
    });
  });
});

describe('demo seed', () => {
  test('four stores with at least 40 active products each, KES integer prices, images', async () => {
    await withClient(db.ownerUrl, async (client) => {
      const { rows } = await client.query<{
        slug: string;
        products: number;
        images: number;
        min_price: number;
        integral: boolean;
      }>(`
        SELECT t.slug, count(DISTINCT p.id)::int AS products, count(DISTINCT m.id)::int AS images,
               min(v.price_kes) AS min_price, bool_and(v.price_kes = round(v.price_kes)) AS integral
          FROM tenants t JOIN products p ON p.tenant_id = t.id AND p.status = 'active'
          JOIN product_variants v ON v.tenant_id = t.id AND v.product_id = p.id
          LEFT JOIN product_media m ON m.tenant_id = t.id AND m.product_id = p.id
         GROUP BY t.slug ORDER BY t.slug`);
      assert.deepEqual(
        rows.map((r) => r.slug),
        ['mtindo-fashion', 'nairobi-gadgets', 'nyumba-living', 'saa-bora'],
      );
      for (const row of rows) {
        assert.ok(row.products >= 40, `${row.slug} has ${row.products} products`);
        assert.equal(row.images, row.products, `${row.slug}: every product has an image`);
        assert.ok(row.min_price > 0);
      }
      const phones = await client.query<{ brand: string }>(
        `SELECT DISTINCT brand FROM products p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = 'nairobi-gadgets'`,
      );
      const brands = phones.rows.map((r) => r.brand);
      for (const brand of ['Samsung', 'Tecno', 'Infinix', 'Oppo'])
        assert.ok(brands.includes(brand), `nairobi-gadgets sells ${brand}`);
    });
  });

  test('stock on hand equals the inventory ledger and can never go negative', async () => {
    await withClient(db.ownerUrl, async (client) => {
      const { rows } = await client.query<{ mismatched: number }>(`
        SELECT count(*)::int AS mismatched FROM product_variants v
         WHERE v.on_hand <> coalesce((SELECT sum(quantity) FROM inventory_movements m WHERE m.tenant_id = v.tenant_id AND m.variant_id = v.id), 0)`);
      assert.equal(rows[0]?.mismatched, 0);
      const variant = first(
        (
          await client.query<{ tenant_id: string; id: string; on_hand: number }>(
            `SELECT tenant_id, id, on_hand FROM product_variants WHERE on_hand > 0 LIMIT 1`,
          )
        ).rows,
      );
      await assert.rejects(
        client.query(
          `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) VALUES ($1, $2, 'sale', $3)`,
          [variant.tenant_id, variant.id, -(variant.on_hand + 1)],
        ),
        /product_variants_on_hand_check/,
      );
      const {
        rows: [after],
      } = await client.query<{ on_hand: number }>(
        `SELECT on_hand FROM product_variants WHERE tenant_id = $1 AND id = $2`,
        [variant.tenant_id, variant.id],
      );
      assert.equal(after?.on_hand, variant.on_hand, 'the refused sale wrote nothing');
    });
  });

  test('Nairobi areas: at least 80 with ward, sub-county, coordinates, aliases ("westie" is Westlands)', async () => {
    await withClient(db.ownerUrl, async (client) => {
      const { rows } = await client.query<{ n: number; sub_counties: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT sub_county)::int AS sub_counties FROM nairobi_areas`,
      );
      assert.ok(rows[0]!.n >= 80);
      assert.ok(rows[0]!.sub_counties >= 17);
      const westie = await client.query<{ slug: string; ward: string; sub_county: string }>(
        `SELECT slug, ward, sub_county FROM nairobi_areas WHERE 'westie' = ANY (aliases)`,
      );
      assert.equal(westie.rows[0]?.slug, 'westlands');
      assert.equal(westie.rows[0]?.sub_county, 'Westlands');
    });
    assert.equal(nairobiAreas.length >= 80, true);
  });

  test('seeding twice changes nothing', async () => {
    const first = await snapshot(db.ownerUrl);
    const summary = await seedDemo({ ownerUrl: db.ownerUrl, mediaDir: db.mediaDir });
    assert.ok(
      summary.stores.every((s) => !s.created),
      'second run creates no store',
    );
    const second = await snapshot(db.ownerUrl);
    assert.deepEqual(second, first);
  });

  test('seed data that breaks the rules is refused before anything is written', async () => {
    const broken = structuredClone(demoStores[0]!);
    broken.slug = 'broken-store';
    broken.products[0]!.variants[0]!.priceKes = 999.5;
    const before = await snapshot(db.ownerUrl);
    await assert.rejects(
      seedDemo({ ownerUrl: db.ownerUrl, mediaDir: db.mediaDir, stores: [broken] }),
      /price must be a positive integer KES/,
    );
    assert.deepEqual(await snapshot(db.ownerUrl), before);
  });
});
