// Stock under concurrency: many sales racing for the last units never drive on-hand below zero,
// because the check is the database's (CHECK on_hand >= 0, kept by the movement trigger).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, withClient, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase({ seed: true });
});
after(async () => {
  await db?.drop();
});

test('30 concurrent single-unit sales against 7 in stock: exactly 7 succeed, stock ends at 0', async () => {
  const tenant = db.seed!.stores[0]!.tenantId;
  const variantId = await withClient(db.ownerUrl, async (c) => {
    const {
      rows: [v],
    } = await c.query<{ id: string; on_hand: number }>(
      `SELECT id, on_hand FROM product_variants WHERE tenant_id = $1 AND on_hand > 0 LIMIT 1`,
      [tenant],
    );
    await c.query(
      `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity, reason) VALUES ($1, $2, 'adjustment', $3, 'test: set to 7')`,
      [tenant, v!.id, 7 - v!.on_hand],
    );
    return v!.id;
  });
  const pool = new pg.Pool({ connectionString: db.appUrl, max: 30 });
  // pg's documented rule: a pool needs an error listener, or an idle client dropped by the
  // server (the database is dropped after this file) becomes an uncaught exception.
  pool.on('error', () => undefined);
  try {
    const sell = async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
        await client.query(
          `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity, reason) VALUES ($1, $2, 'sale', -1, 'race')`,
          [tenant, variantId],
        );
        await client.query('COMMIT');
        return 'sold';
      } catch (error) {
        await client.query('ROLLBACK');
        assert.equal((error as { constraint?: string }).constraint, 'product_variants_on_hand_check');
        return 'refused';
      } finally {
        client.release();
      }
    };
    const outcomes = await Promise.all(Array.from({ length: 30 }, sell));
    assert.equal(outcomes.filter((o) => o === 'sold').length, 7);
    assert.equal(outcomes.filter((o) => o === 'refused').length, 23);
  } finally {
    await pool.end();
  }
  assert.equal(pool.totalCount, 0, 'every connection closed before the database is dropped');
  const onHand = await withClient(
    db.ownerUrl,
    async (c) =>
      (await c.query<{ on_hand: number }>(`SELECT on_hand FROM product_variants WHERE id = $1`, [variantId])).rows[0]!
        .on_hand,
  );
  assert.equal(onHand, 0);
});
