// Tenant isolation enforced by Postgres itself, checked for EVERY tenant table: the list of
// tables is read from the catalog (any table with a tenant_id column, plus tenants), so a table
// added by a later migration is covered without touching this file.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { createTestDatabase, withClient, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;
let tenantTables: { table: string; column: string }[];
let tenantA: string;
let tenantB: string;

async function inTenant<T>(client: pg.Client, tenantId: string | null, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    if (tenantId) await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    return await fn();
  } finally {
    await client.query('ROLLBACK');
  }
}

/** Runs a statement that must be refused; returns the Postgres error code. */
async function refusedCode(client: pg.Client, statement: string, params: unknown[] = []): Promise<string> {
  await client.query('SAVEPOINT attempt');
  try {
    const result = await client.query(statement, params);
    await client.query('RELEASE SAVEPOINT attempt');
    return `ok:${result.rowCount}`;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT attempt');
    return (error as { code: string }).code;
  }
}

before(async () => {
  db = await createTestDatabase({ seed: true });
  tenantTables = await withClient(db.ownerUrl, async (client) => {
    const { rows } = await client.query<{ table: string; column: string }>(`
      SELECT c.table_name AS table, c.column_name AS column
        FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        JOIN pg_class pc ON pc.relname = c.table_name AND pc.relnamespace = 'public'::regnamespace
       WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND NOT pc.relispartition
         AND (c.column_name = 'tenant_id' OR (c.table_name = 'tenants' AND c.column_name = 'id'))
       ORDER BY 1`);
    return rows;
  });
  const stores = db.seed!.stores;
  tenantA = stores[0]!.tenantId;
  tenantB = stores[1]!.tenantId;
  // Tenant tables the demo seed leaves empty get fixture rows here (one line per table), so the
  // checks below have something to leak. A new such table fails the fixture test until added.
  await withClient(db.ownerUrl, async (client) => {
    for (const tenant of [tenantA, tenantB]) {
      await client.query(
        `INSERT INTO events (tenant_id, occurred_at, type, session_id, path) VALUES ($1, now(), 'page_view', 'fixture-session', '/')`,
        [tenant],
      );
      await client.query(
        `INSERT INTO sitemaps (tenant_id, xml, url_count) VALUES ($1, '<urlset/>', 0) ON CONFLICT DO NOTHING`,
        [tenant],
      );
      await client.query(
        `INSERT INTO order_counters (tenant_id, last_number) VALUES ($1, 1001) ON CONFLICT DO NOTHING`,
        [tenant],
      );
      const {
        rows: [order],
      } = await client.query<{ id: string }>(
        `
        INSERT INTO orders (tenant_id, number, phone, customer_name, area_slug, subtotal_kes, delivery_fee_kes, total_kes, vat_kes, idempotency_key, request_hash)
        VALUES ($1, 1001, '254700000001', 'Fixture', 'westlands', 100, 0, 100, 14, $2, 'x') RETURNING id`,
        [tenant, `fixture-key-${tenant}`],
      );
      await client.query(
        `INSERT INTO order_items (tenant_id, order_id, line, variant_id, sku, title, unit_price_kes, quantity, line_total_kes)
                          SELECT $1::uuid, $2::uuid, 1, id, sku, 'Fixture', 100, 1, 100 FROM product_variants WHERE tenant_id = $1::uuid LIMIT 1`,
        [tenant, order!.id],
      );
      await client.query(
        `INSERT INTO reviews (tenant_id, order_id, line, product_id, phone, author_name, rating, body)
                          SELECT $1::uuid, $2::uuid, 1, v.product_id, '254700000001', 'Fixture F.', 4, 'Fixture'
                            FROM order_items i JOIN product_variants v ON v.tenant_id = i.tenant_id AND v.id = i.variant_id
                           WHERE i.tenant_id = $1::uuid AND i.order_id = $2::uuid AND i.line = 1`,
        [tenant, order!.id],
      );
      await client.query(
        `INSERT INTO order_events (tenant_id, order_id, type, to_status, actor_type) VALUES ($1, $2, 'placed', 'pending_payment', 'system')`,
        [tenant, order!.id],
      );
      const {
        rows: [delivery],
      } = await client.query<{ id: string }>(
        `INSERT INTO deliveries (tenant_id, order_id, method, rider_name, rider_phone)
                          VALUES ($1::uuid, $2::uuid, 'manual_rider', 'Fixture Rider', '254700000002') RETURNING id`,
        [tenant, order!.id],
      );
      await client.query(
        `INSERT INTO delivery_events (tenant_id, delivery_id, status, source) VALUES ($1::uuid, $2::uuid, 'assigned', 'system')`,
        [tenant, delivery!.id],
      );
      await client.query(
        `INSERT INTO coupon_redemptions (tenant_id, coupon_id, order_id, phone, discount_kes)
                          SELECT $1::uuid, id, $2::uuid, '254700000001', 10 FROM coupons WHERE tenant_id = $1::uuid LIMIT 1`,
        [tenant, order!.id],
      );
      await client.query(
        `INSERT INTO coupon_targets (tenant_id, coupon_id, category_id)
                          SELECT $1::uuid, c.id, k.id FROM coupons c JOIN categories k ON k.tenant_id = c.tenant_id WHERE c.tenant_id = $1::uuid LIMIT 1`,
        [tenant],
      );
      await client.query(
        `INSERT INTO refresh_tokens (tenant_id, user_id, token_hash, expires_at)
                          SELECT $1, id, md5(random()::text) || md5(random()::text), now() + interval '1 day' FROM users WHERE tenant_id = $1 LIMIT 1`,
        [tenant],
      );
      const {
        rows: [payment],
      } = await client.query<{ id: string }>(
        `INSERT INTO payments (tenant_id, order_id, method, status, amount_kes, phone, receipt_number, paid_amount_kes, resolved_at)
                          VALUES ($1::uuid, $2::uuid, 'stk', 'paid', 100, '254700000001', 'FIX' || substr(md5($1::text), 1, 7), 100, now()) RETURNING id`,
        [tenant, order!.id],
      );
      const {
        rows: [callback],
      } = await client.query<{ id: string }>(
        `INSERT INTO payment_callbacks (tenant_id, kind, reference, raw) VALUES ($1, 'stk', 'ws_CO_fixture', '{}') RETURNING id`,
        [tenant],
      );
      await client.query(
        `INSERT INTO payment_callback_outcomes (tenant_id, callback_id, outcome) VALUES ($1, $2, 'applied_paid')`,
        [tenant, callback!.id],
      );
      await client.query(
        `INSERT INTO c2b_payments (tenant_id, trans_id, amount_kes, trans_time, shortcode, callback_id) VALUES ($1::uuid, 'C2B' || upper(substr(md5($1::text), 1, 7)), 100, '20261125120000', '600000', $2)`,
        [tenant, callback!.id],
      );
      await client.query(
        `INSERT INTO refunds (tenant_id, order_id, payment_id, amount_kes, method, status, reason, requested_by, originator_conversation_id)
                          VALUES ($1::uuid, $2::uuid, $3::uuid, 10, 'reversal', 'completed', 'fixture', 'fixture', 'fixture-' || $1::text)`,
        [tenant, order!.id, payment!.id],
      );
      await client.query(
        `INSERT INTO payment_reconciliations (tenant_id, day, totals, mismatches) VALUES ($1::uuid, '2026-11-24', '{}', '[]')`,
        [tenant],
      );
      await client.query(`INSERT INTO order_notifications (tenant_id, order_id, kind) VALUES ($1, $2, 'order_paid')`, [
        tenant,
        order!.id,
      ]);
      await client.query(`INSERT INTO order_return_settings (tenant_id, window_days) VALUES ($1, 14)`, [tenant]);
      // Pay on delivery (0034): the store's rules and a cash collection at the door.
      await client.query(`INSERT INTO pod_settings (tenant_id, enabled, area_slugs) VALUES ($1, true, '{kilimani}')`, [
        tenant,
      ]);
      await client.query(
        `INSERT INTO pod_cash_collections (tenant_id, order_id, amount_kes, received_by) VALUES ($1, $2, 100, 'fixture')`,
        [tenant, order!.id],
      );
      await client.query(
        `WITH r AS (INSERT INTO order_returns (tenant_id, order_id, reason, amount_kes, vat_kes) VALUES ($1::uuid, $2::uuid, 'fixture', 100, 14) RETURNING id)
         INSERT INTO order_return_lines (tenant_id, return_id, order_id, line, quantity) SELECT $1::uuid, id, $2::uuid, 1, 1 FROM r`,
        [tenant, order!.id],
      );
      await client.query(`INSERT INTO messaging_settings (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING`, [tenant]);
      await client.query(
        `INSERT INTO back_in_stock_requests (tenant_id, variant_id, phone, channel, consent_text, consent_at)
                          SELECT $1::uuid, id, '254700000001', 'sms', 'Fixture consent wording', now() FROM product_variants WHERE tenant_id = $1::uuid ORDER BY id LIMIT 1`,
        [tenant],
      );
      await client.query(
        `INSERT INTO etims_settings (tenant_id, kra_pin, device_serial) VALUES ($1, 'P000000001X', 'fixture-device') ON CONFLICT DO NOTHING`,
        [tenant],
      );
      await client.query(
        `INSERT INTO etims_items (tenant_id, variant_id, item_cd, tax_type)
                          SELECT $1::uuid, id, 'KE2NTNO9999999', 'B' FROM product_variants WHERE tenant_id = $1::uuid ORDER BY id LIMIT 1 ON CONFLICT DO NOTHING`,
        [tenant],
      );
      await client.query(
        `INSERT INTO etims_documents (tenant_id, order_id, kind, trd_invc_no, total_kes) VALUES ($1, $2, 'sale', 'INV-1001', 100)`,
        [tenant, order!.id],
      );
      await client.query(
        `WITH e AS (INSERT INTO webhook_endpoints (tenant_id, url, events, secret_sealed) VALUES ($1::uuid, 'https://erp.example.co.ke/hook', '{order.paid}', 'fixture:sealed') RETURNING id),
              v AS (INSERT INTO webhook_events (tenant_id, type, payload) VALUES ($1::uuid, 'order.paid', '{}') RETURNING id)
         INSERT INTO webhook_event_deliveries (tenant_id, endpoint_id, event_id, event_type) SELECT $1::uuid, e.id, v.id, 'order.paid' FROM e, v`,
        [tenant],
      );
      await client.query(
        `INSERT INTO export_jobs (tenant_id, kind, params) VALUES ($1, 'orders', '{"from":"2026-11-01","to":"2026-11-30"}')`,
        [tenant],
      );
      const {
        rows: [message],
      } = await client.query<{ id: string }>(
        `INSERT INTO messages (tenant_id, direction, channel, kind, order_id, phone, body, provider_message_id, status)
                          VALUES ($1::uuid, 'out', 'whatsapp', 'order_paid', $2::uuid, '254700000001', 'Asante!', 'wamid.fixture-' || $1::text, 'accepted') RETURNING id`,
        [tenant, order!.id],
      );
      await client.query(
        `INSERT INTO message_status_events (tenant_id, message_id, status, occurred_at) VALUES ($1, $2, 'sent', now())`,
        [tenant, message!.id],
      );
      await client.query(
        `INSERT INTO shopper_preferences (tenant_id, phone, opted_out) VALUES ($1, '254700000001', true)`,
        [tenant],
      );
      await client.query(
        `INSERT INTO cart_nudges (tenant_id, cart_id, phone, outcome) VALUES ($1, 'fixture-cart', '254700000001', 'sent')`,
        [tenant],
      );
      // The test templates already hold the worker's catch-up rows (zeros) for recent days.
      await client.query(
        `INSERT INTO daily_store_metrics (tenant_id, day, sessions) VALUES ($1, '2026-11-24', 1)
           ON CONFLICT (tenant_id, day) DO UPDATE SET sessions = 1`,
        [tenant],
      );
      await client.query(
        `INSERT INTO daily_product_metrics (tenant_id, day, product_id, product_slug, views) SELECT $1, '2026-11-24', id, slug, 1 FROM products WHERE tenant_id = $1 LIMIT 1`,
        [tenant],
      );
      await client.query(
        `INSERT INTO daily_area_funnel (tenant_id, day, area_slug, channel, sessions) VALUES ($1, '2026-11-24', 'kilimani', 'web', 1)`,
        [tenant],
      );
      await client.query(
        `INSERT INTO daily_search_terms (tenant_id, day, term, searches) VALUES ($1, '2026-11-24', 'fixture', 1)`,
        [tenant],
      );
      await client.query(
        `INSERT INTO insights (tenant_id, rule, key, period, headline, body, action, expires_at) VALUES ($1, 'fixture', 'fixture', 'week', 'Fixture', 'Fixture', '{"label":"x","href":"/owner"}', now() + interval '1 day')`,
        [tenant],
      );
      await client.query(`INSERT INTO insight_runs (tenant_id, period) VALUES ($1, 'week')`, [tenant]);
      // The metrics snapshot (migration 0050); the daily rows above already bumped the store's
      // insight_metric_generations row through their triggers.
      await client.query(
        `INSERT INTO insight_metric_snapshots (tenant_id, period, window_to, generation, data, top_product_ids, area_slugs)
                          VALUES ($1, 'week', '2026-11-24', 1, '{}', '{}', '{}')`,
        [tenant],
      );
      await client.query(
        `INSERT INTO owner_otps (tenant_id, user_id, phone, purpose, code_salt, code_hash, expires_at)
                          SELECT $1, id, '254700000001', 'login', 'fixture-salt-00000', md5(random()::text) || md5(random()::text), now() + interval '5 minutes' FROM users WHERE tenant_id = $1 LIMIT 1`,
        [tenant],
      );
      await client.query(
        `INSERT INTO staff_invites (tenant_id, user_id, token_hash, expires_at)
                          SELECT $1, id, md5(random()::text) || md5(random()::text), now() + interval '7 days' FROM users WHERE tenant_id = $1 LIMIT 1`,
        [tenant],
      );
      await client.query(
        `INSERT INTO onboarding_progress (tenant_id, defaults_vertical) VALUES ($1, 'home') ON CONFLICT DO NOTHING`,
        [tenant],
      );
      await client.query(
        `INSERT INTO shopper_otps (tenant_id, phone, code_hash, expires_at) VALUES ($1, '254700000001', repeat('a', 64), now() + interval '5 minutes')`,
        [tenant],
      );
      await client.query(
        `INSERT INTO shopper_addresses (tenant_id, phone, position, area_slug, landmark, label) VALUES ($1, '254700000001', 0, 'kilimani', 'Yaya Centre', 'Home')`,
        [tenant],
      );
      await client.query(
        `INSERT INTO shopper_accounts (tenant_id, phone, sessions_valid_after) VALUES ($1, '254700000001', now())`,
        [tenant],
      );
      await client.query(
        `INSERT INTO owner_api_keys (tenant_id, id, name, scopes, secret_hash, created_by)
                          SELECT $1, 'fixturekeyab', 'Fixture', '{orders.read}', sha256(id::text::bytea), id FROM users WHERE tenant_id = $1 LIMIT 1`,
        [tenant],
      );
      // Owner alerts (migration 0038).
      await client.query(`INSERT INTO alert_settings (tenant_id, low_stock_threshold) VALUES ($1, 4)`, [tenant]);
      await client.query(
        `INSERT INTO alert_recipients (tenant_id, user_id, quiet_start_min, quiet_end_min)
                          SELECT $1, id, 1320, 420 FROM users WHERE tenant_id = $1 LIMIT 1`,
        [tenant],
      );
      await client.query(
        `INSERT INTO alert_preferences (tenant_id, user_id, kind, channel, enabled)
                          SELECT $1, id, 'low_stock', 'sms', true FROM users WHERE tenant_id = $1 LIMIT 1`,
        [tenant],
      );
      await client.query(
        `INSERT INTO alert_events (tenant_id, kind, subject_key) VALUES ($1::uuid, 'order_paid', 'fixture:' || $1::text)`,
        [tenant],
      );
      await client.query(
        `INSERT INTO alert_deliveries (tenant_id, event_id, user_id, channel)
                          SELECT $1, (SELECT id FROM alert_events WHERE tenant_id = $1 LIMIT 1), id, 'push' FROM users WHERE tenant_id = $1 LIMIT 1`,
        [tenant],
      );
      await client.query(
        `INSERT INTO alert_low_stock (tenant_id, variant_id) SELECT $1, id FROM product_variants WHERE tenant_id = $1 LIMIT 1`,
        [tenant],
      );
      await client.query(
        `INSERT INTO push_subscriptions (tenant_id, user_id, endpoint, p256dh, auth)
                          SELECT $1::uuid, id, 'https://fcm.googleapis.com/fcm/send/fixture-' || $1::text, repeat('B', 87), repeat('a', 22) FROM users WHERE tenant_id = $1::uuid LIMIT 1`,
        [tenant],
      );
      // The owner's inbox read state (migration 0037).
      await client.query(
        `INSERT INTO conversation_reads (tenant_id, user_id, phone) SELECT $1, id, '254700000001' FROM users WHERE tenant_id = $1 LIMIT 1`,
        [tenant],
      );
      // An archive object's record (migration 0051: orders retention).
      await client.query(
        `INSERT INTO order_archives (tenant_id, storage_key, month, order_count, first_number, last_number, sha256, byte_size)
         VALUES ($1::uuid, $1::text || '/archive/orders/2024-01-fixture.jsonl.gz', '2024-01', 1, 1001, 1001, repeat('a', 64), 20)`,
        [tenant],
      );
    }
  });
});

after(async () => {
  await db?.drop();
});

describe('tenant isolation (RLS, as the app role)', () => {
  test('the catalog lists the tenant tables this issue created', () => {
    const names = tenantTables.map((t) => t.table);
    for (const expected of [
      'tenants',
      'tenant_domains',
      'users',
      'audit_log',
      'categories',
      'products',
      'product_variants',
      'inventory_movements',
      'product_media',
      'product_cards',
      'insight_metric_snapshots',
      'insight_metric_generations',
      'order_archives',
    ]) {
      assert.ok(names.includes(expected), `${expected} should be a tenant table`);
    }
  });

  test('every tenant table has RLS enabled AND forced, with a policy', async () => {
    await withClient(db.ownerUrl, async (client) => {
      for (const { table } of tenantTables) {
        const { rows } = await client.query<{ enabled: boolean; forced: boolean; policies: string }>(
          `
          SELECT c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
                 (SELECT count(*) FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname) AS policies
            FROM pg_class c WHERE c.relname = $1 AND c.relnamespace = 'public'::regnamespace`,
          [table],
        );
        assert.equal(rows[0]?.enabled, true, `${table}: RLS not enabled`);
        assert.equal(rows[0]?.forced, true, `${table}: RLS not forced`);
        assert.ok(Number(rows[0]?.policies) >= 1, `${table}: no policy`);
      }
    });
  });

  test('partitions of tenant tables force RLS too and are closed to the app role (parent only)', async () => {
    const partitions = await withClient(
      db.ownerUrl,
      async (client) =>
        (
          await client.query<{ relname: string; forced: boolean; parent: string }>(`
      SELECT c.relname, c.relforcerowsecurity AS forced, p.relname AS parent
        FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_class p ON p.oid = i.inhparent
       WHERE c.relispartition AND c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace`)
        ).rows,
    );
    assert.ok(
      partitions.some((p) => p.parent === 'events'),
      'events has monthly partitions',
    );
    await withClient(db.appUrl, async (client) => {
      for (const partition of partitions) {
        assert.equal(partition.forced, true, `${partition.relname}: RLS not forced`);
        await inTenant(client, tenantA, async () => {
          assert.equal(
            await refusedCode(client, `SELECT count(*) FROM ${partition.relname}`),
            '42501',
            `${partition.relname} readable directly`,
          );
        });
      }
    });
  });

  test('the app role is neither superuser, BYPASSRLS, nor owner of any table', async () => {
    await withClient(db.appUrl, async (client) => {
      const { rows } = await client.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
      assert.deepEqual(rows[0], { rolsuper: false, rolbypassrls: false });
      const owned = await client.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`,
      );
      assert.equal(owned.rowCount, 0);
    });
  });

  test('the fixture has rows of at least two tenants in every tenant table (else the checks below prove nothing)', async () => {
    await withClient(db.ownerUrl, async (client) => {
      for (const { table, column } of tenantTables) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(DISTINCT ${column})::int AS n FROM ${table} WHERE ${column} IN ($1, $2)`,
          [tenantA, tenantB],
        );
        assert.equal(rows[0]!.n, 2, `${table}: seed rows for both test tenants (add fixture rows for new tables)`);
      }
    });
  });

  test('with no tenant context every tenant table reads as empty', async () => {
    await withClient(db.appUrl, async (client) => {
      for (const { table } of tenantTables) {
        const { rows } = await inTenant(client, null, () =>
          client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`),
        );
        assert.equal(rows[0]!.n, 0, `${table} leaked rows without a tenant context`);
      }
    });
  });

  test("tenant A sees only its own rows and none of tenant B's", async () => {
    await withClient(db.appUrl, async (client) => {
      for (const { table, column } of tenantTables) {
        await inTenant(client, tenantA, async () => {
          const own = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
          assert.ok(own.rows[0]!.n > 0, `${table}: tenant A should see its own rows`);
          const foreign = await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${table} WHERE ${column} <> $1`,
            [tenantA],
          );
          assert.equal(foreign.rows[0]!.n, 0, `${table}: tenant A saw another tenant's rows`);
          const targeted = await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`,
            [tenantB],
          );
          assert.equal(targeted.rows[0]!.n, 0, `${table}: tenant A read tenant B by id`);
        });
      }
    });
  });

  test("tenant A cannot update or delete tenant B's rows", async () => {
    await withClient(db.appUrl, async (client) => {
      for (const { table, column } of tenantTables) {
        await inTenant(client, tenantA, async () => {
          // Either RLS filters B's rows out (0 rows) or the table is append-only for the app role (42501).
          const updated = await refusedCode(client, `UPDATE ${table} SET ${column} = ${column} WHERE ${column} = $1`, [
            tenantB,
          ]);
          assert.ok(updated === 'ok:0' || updated === '42501', `${table}: update of tenant B gave ${updated}`);
          const deleted = await refusedCode(client, `DELETE FROM ${table} WHERE ${column} = $1`, [tenantB]);
          assert.ok(deleted === 'ok:0' || deleted === '42501', `${table}: delete of tenant B gave ${deleted}`);
        });
      }
      // And B's rows are all still there.
      await withClient(db.ownerUrl, async (owner) => {
        for (const { table, column } of tenantTables) {
          const { rows } = await owner.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`,
            [tenantB],
          );
          assert.ok(rows[0]!.n > 0, `${table}: tenant B rows vanished`);
        }
      });
    });
  });

  test("tenant A cannot insert rows carrying tenant B's id, nor move its own rows to B", async () => {
    await withClient(db.appUrl, async (client) => {
      for (const { table, column } of tenantTables) {
        // Copy one of A's own rows, re-labelled as B's; skip columns the database generates.
        const { rows: columns } = await client.query<{ column_name: string }>(
          `
          SELECT column_name FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = $1
             AND is_generated = 'NEVER' AND coalesce(identity_generation, '') <> 'ALWAYS'
           ORDER BY ordinal_position`,
          [table],
        );
        const list = columns.map((c) => c.column_name).join(', ');
        await inTenant(client, tenantA, async () => {
          const inserted = await refusedCode(
            client,
            `
            INSERT INTO ${table} (${list})
            SELECT ${list} FROM jsonb_populate_record(NULL::${table},
                     (SELECT to_jsonb(r) FROM ${table} r LIMIT 1) || jsonb_build_object('${column}', $1::text))`,
            [tenantB],
          );
          assert.equal(inserted, '42501', `${table}: insert with tenant B's id gave ${inserted}`);
          const moved = await refusedCode(client, `UPDATE ${table} SET ${column} = $1 WHERE ${column} = $2`, [
            tenantB,
            tenantA,
          ]);
          assert.equal(moved, '42501', `${table}: moving a row to tenant B gave ${moved}`);
        });
      }
    });
  });

  test('the audit log is append-only, even for the owner', async () => {
    await withClient(db.appUrl, async (client) => {
      await inTenant(client, tenantA, async () => {
        assert.equal(await refusedCode(client, `UPDATE audit_log SET action = 'x.y'`), '42501');
        assert.equal(await refusedCode(client, `DELETE FROM audit_log`), '42501');
        const inserted = await refusedCode(
          client,
          `INSERT INTO audit_log (tenant_id, actor_type, action, entity_type, entity_id) VALUES ($1, 'system', 'test.appended', 'test', '1')`,
          [tenantA],
        );
        assert.equal(inserted, 'ok:1');
      });
    });
    await withClient(db.ownerUrl, async (owner) => {
      await owner.query('BEGIN');
      assert.equal(await refusedCode(owner, `UPDATE audit_log SET action = 'x.y'`), '42501');
      assert.equal(await refusedCode(owner, `DELETE FROM audit_log`), '42501');
      await owner.query('ROLLBACK');
    });
  });

  test('host resolution works without a tenant context but reveals only id and slug', async () => {
    await withClient(db.appUrl, async (client) => {
      const bySlug = await client.query<{ slug: string }>(`SELECT * FROM app_resolve_tenant('saa-bora')`);
      assert.equal(bySlug.rows[0]?.slug, 'saa-bora');
      assert.deepEqual(Object.keys(bySlug.rows[0] ?? {}).sort(), ['slug', 'tenant_id']);
      const byHost = await client.query<{ slug: string }>(
        `SELECT * FROM app_resolve_tenant('mtindo-fashion.sokoni.test')`,
      );
      assert.equal(byHost.rows[0]?.slug, 'mtindo-fashion');
      const unknown = await client.query(`SELECT * FROM app_resolve_tenant('no-such-store')`);
      assert.equal(unknown.rowCount, 0);
    });
  });
});
