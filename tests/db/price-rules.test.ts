import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, first, withClient, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase({ seed: true });
});
after(async () => {
  await db?.drop();
});

async function inTenant<T>(
  tenantId: string,
  fn: (q: <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  return withClient(db.appUrl, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      return await fn(async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[]);
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

test('a sale price applies only inside its window, with the regular price shown as "was"', async () => {
  const tenant = db.seed!.stores[0]!.tenantId;
  await inTenant(tenant, async (q) => {
    const variant = first(
      await q<{ id: string; price_kes: number }>(`SELECT v.id, v.price_kes FROM product_variants v
                                WHERE NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.variant_id = v.id) AND v.compare_at_kes IS NULL LIMIT 1`),
    );
    await q(
      `INSERT INTO price_rules (tenant_id, variant_id, sale_price_kes, starts_at, ends_at)
             VALUES ($1, $2, $3, now() - interval '1 hour', now() + interval '1 hour')`,
      [tenant, variant.id, variant.price_kes - 1000],
    );
    const [now] = await q(`SELECT price_kes, compare_at_kes FROM variant_prices WHERE variant_id = $1`, [variant.id]);
    assert.deepEqual(now, { price_kes: variant.price_kes - 1000, compare_at_kes: variant.price_kes });
    // Overlapping second sale: refused by the exclusion constraint.
    await assert.rejects(
      q(
        `INSERT INTO price_rules (tenant_id, variant_id, sale_price_kes, starts_at, ends_at)
                             VALUES ($1, $2, 1, now(), now() + interval '2 hours')`,
        [tenant, variant.id],
      ),
      /price_rules_tenant_id_variant_id_tstzrange_excl|conflicting key/,
    );
  });
  await inTenant(tenant, async (q) => {
    const variant = first(
      await q<{
        id: string;
        price_kes: number;
        compare_at_kes: number | null;
      }>(`SELECT v.id, v.price_kes, v.compare_at_kes FROM product_variants v
                                WHERE NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.variant_id = v.id) LIMIT 1`),
    );
    await q(
      `INSERT INTO price_rules (tenant_id, variant_id, sale_price_kes, starts_at, ends_at)
             VALUES ($1, $2, 1, now() + interval '1 day', now() + interval '2 days')`,
      [tenant, variant.id],
    );
    const [later] = await q(`SELECT price_kes, compare_at_kes FROM variant_prices WHERE variant_id = $1`, [variant.id]);
    assert.deepEqual(
      later,
      { price_kes: variant.price_kes, compare_at_kes: variant.compare_at_kes },
      'future sale not applied yet',
    );
  });
});

test('the demo seed runs a promotion: some products are on sale now', async () => {
  const tenant = db.seed!.stores[1]!.tenantId;
  await inTenant(tenant, async (q) => {
    const [row] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM variant_prices vp JOIN price_rules r ON r.variant_id = vp.variant_id WHERE vp.price_kes = r.sale_price_kes`,
    );
    assert.ok(row && row.n >= 5, `${row?.n} variants on sale`);
  });
});

test('a sale price or window that breaks the rules is refused', async () => {
  const tenant = db.seed!.stores[0]!.tenantId;
  for (const [price, window] of [
    [-5, "interval '1 day'"],
    [5, "interval '-1 day'"],
  ] as const) {
    await inTenant(tenant, async (q) => {
      const variant = first(await q<{ id: string }>(`SELECT id FROM product_variants LIMIT 1`));
      await assert.rejects(
        q(
          `INSERT INTO price_rules (tenant_id, variant_id, sale_price_kes, starts_at, ends_at) VALUES ($1, $2, $3, now(), now() + ${window})`,
          [tenant, variant.id, price],
        ),
        /violates check constraint/,
      );
    });
  }
});
