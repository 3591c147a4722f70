// Many stores in one database, for `npm run bench:scale` (issue 17) and its test: 5,000 stores of
// 100 products, one large store, 1,000,000 orders and 10,000,000 events by default. Rows are made
// by the server (INSERT ... SELECT over generate_series, scale-sql.mts), deterministically from a
// seed, as the database owner with triggers and foreign-key triggers off (session_replication_role
// = replica), so what the triggers would derive is written directly: on_hand from the ledger row,
// search documents by the database's own function, daily aggregates set-based, then by
// app_analytics_aggregate_day itself for the stores the bench measures.
// tests/db/scale-generator.test.ts checks the result: keys, ledger, RLS, and the API serving it.
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { defaultDeliveryPlan, deriveAppDatabaseUrl, hashPassword, withDatabaseName } from '@sokoni/db';
import { DEMO_PASSWORD, nairobiAreas, seedDemo } from '@sokoni/db/dist/seed/index.js';
import {
  ADMIN_URL,
  APP_ROLE,
  createTestDatabase,
  TEST_MPESA_ENCRYPTION_KEY,
  withClient,
  type TestDatabase,
} from '../../tests/helpers/database.ts';
import { helperFunctions, loadStatements, rollupStatements, storeSlug, type ScaleSpec } from './scale-sql.mts';

export { GENERATED_TENANTS, LARGE_STORE, storeSlug, VERTICALS, type ScaleSpec } from './scale-sql.mts';

/** The small store the bench measures: store 5, electronics like the large one and the demo's nairobi-gadgets. */
export const SMALL_STORE = storeSlug(5);

const number = (env: NodeJS.ProcessEnv, name: string, fallback: number) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${raw}`);
  return value;
};

/** The sizes unless BENCH_SCALE_* say otherwise (docs/operate/scale.md lists them). */
export function specFromEnv(env: NodeJS.ProcessEnv = process.env): ScaleSpec {
  const hour = new Date();
  hour.setUTCMinutes(0, 0, 0);
  return {
    stores: number(env, 'BENCH_SCALE_STORES', 5000),
    products: number(env, 'BENCH_SCALE_PRODUCTS', 100),
    largeProducts: number(env, 'BENCH_SCALE_LARGE_PRODUCTS', 2000),
    orders: number(env, 'BENCH_SCALE_ORDERS', 1_000_000),
    events: number(env, 'BENCH_SCALE_EVENTS', 10_000_000),
    largeShare: number(env, 'BENCH_SCALE_LARGE_SHARE', 0.1),
    days: number(env, 'BENCH_SCALE_DAYS', 90),
    end: env.BENCH_SCALE_END ? new Date(env.BENCH_SCALE_END) : hour,
    seed: env.BENCH_SCALE_SEED ?? 'sokoni-scale-1',
  };
}

export interface GenerateStep {
  label: string;
  seconds: number;
  rows: number;
}

export interface GenerateResult {
  seconds: number;
  steps: GenerateStep[];
}

export interface GenerateOptions {
  /** Stores (1-based; 1 is the large one) whose daily aggregates are recomputed by the real function. */
  exactAggregates?: number[];
  /** VACUUM (ANALYZE) afterwards (default); off leaves a plain ANALYZE. */
  vacuum?: boolean;
  log?: (line: string) => void;
}

/**
 * Generates `spec` into the migrated database at ownerUrl (a superuser connection: replica mode).
 * Nairobi areas are inserted if missing; everything else is new rows of new stores.
 */
export async function generateScale(
  ownerUrl: string,
  spec: ScaleSpec,
  options: GenerateOptions = {},
): Promise<GenerateResult> {
  const log = options.log ?? (() => undefined);
  const client = new pg.Client(ownerUrl);
  await client.connect();
  const started = performance.now();
  const steps: GenerateStep[] = [];
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t0 = performance.now();
    const result = await client.query(sql, params);
    const seconds = Math.round((performance.now() - t0) / 10) / 100;
    steps.push({ label, seconds, rows: result.rowCount ?? 0 });
    log(`scale: ${label} ${result.rowCount ?? 0} rows in ${seconds}s`);
  };
  try {
    await client.query(
      `INSERT INTO nairobi_areas (slug, name, ward, sub_county, lat, lng, aliases)
       SELECT a.slug, a.name, a.ward, a."subCounty", a.lat, a.lng, ARRAY(SELECT jsonb_array_elements_text(a.aliases))
         FROM jsonb_to_recordset($1::jsonb)
           AS a (slug text, name text, ward text, "subCounty" text, lat numeric, lng numeric, aliases jsonb)
       ON CONFLICT (slug) DO NOTHING`,
      [JSON.stringify(nairobiAreas)],
    );
    const areas = (
      await client.query<{ slug: string; lat: string; lng: string }>(
        'SELECT slug, lat, lng FROM nairobi_areas ORDER BY slug',
      )
    ).rows;
    const params = {
      plan: JSON.stringify(defaultDeliveryPlan(areas)),
      hash: await hashPassword(DEMO_PASSWORD),
      areas: areas.map((a) => a.slug),
    };
    // Bulk load: no triggers, no per-row foreign-key checks (the test checks every key afterwards).
    await client.query(`SET session_replication_role = replica`);
    await client.query(`SET synchronous_commit = off`);
    await client.query(`SET work_mem = '128MB'`);
    // JIT pays its compile time back only on big inserts; at test sizes it is most of the time.
    if (spec.events < 1_000_000) await client.query(`SET jit = off`);
    for (const sql of helperFunctions(spec)) await client.query(sql);
    for (const s of loadStatements(spec)) await step(s.label, s.sql, s.param ? [params[s.param]] : []);
    for (const s of rollupStatements(spec)) await step(s.label, s.sql);
    for (const store of options.exactAggregates ?? []) {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.tenant_id', pg_temp.tid($1)::text, true)`, [store]);
      await step(
        `aggregates ${storeSlug(store)}`,
        `SELECT app_analytics_aggregate_day(d::date)
           FROM generate_series((($1::timestamptz - make_interval(days => $2)) AT TIME ZONE 'Africa/Nairobi')::date,
                                (($1::timestamptz - interval '1 second') AT TIME ZONE 'Africa/Nairobi')::date,
                                interval '1 day') AS d`,
        [spec.end.toISOString(), spec.days],
      );
      await client.query('COMMIT');
    }
    await client.query(`RESET session_replication_role`);
    await step(
      options.vacuum === false ? 'analyze' : 'vacuum analyze',
      options.vacuum === false ? 'ANALYZE' : 'VACUUM (ANALYZE)',
    );
    const seconds = Math.round(performance.now() - started) / 1000;
    log(`scale: generated in ${seconds}s`);
    return { seconds, steps };
  } finally {
    await client.end();
  }
}

/** A demo database (the four stores with their 90-day history) as the bench's baseline. */
export async function createDemoDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  try {
    await seedDemo({
      ownerUrl: db.ownerUrl,
      mediaDir: db.mediaDir,
      mpesaEncryptionKey: TEST_MPESA_ENCRYPTION_KEY,
      history: true,
    });
    // As autovacuum leaves a database that has been running: seeding rewrites each product card
    // once per variant, photo and rule (263 live cards, ~1,100 dead), and nothing has statistics
    // yet. The scale database is vacuumed after generation; the baseline must be too, or it is
    // the slower of the two for that reason alone (search on nairobi-gadgets: 280 req/s fresh,
    // 501 after VACUUM ANALYZE).
    await withClient(db.ownerUrl, (client) => client.query('VACUUM (ANALYZE)'));
  } catch (error) {
    await db.drop();
    throw error;
  }
  return db;
}

/**
 * The scale database: the demo (same four stores and history, so nairobi-gadgets can be measured
 * among 5,000 neighbours too) plus the generated stores, with exact aggregates for the large
 * store and SMALL_STORE.
 */
export async function createScaleDatabase(
  spec: ScaleSpec,
  log: (line: string) => void,
): Promise<{ db: TestDatabase; generation: GenerateResult }> {
  const db = await createDemoDatabase();
  try {
    const generation = await generateScale(db.ownerUrl, spec, { exactAggregates: [1, 5], log });
    // Kept with the database, so a later run measuring it (BENCH_SCALE_DB) can report them.
    await withClient(db.ownerUrl, (c) =>
      c.query(`COMMENT ON DATABASE ${db.name} IS ${pg.escapeLiteral(JSON.stringify({ spec, generation }))}`),
    );
    return { db, generation };
  } catch (error) {
    await db.drop();
    throw error;
  }
}

/** An existing database by name (BENCH_SCALE_DB: one kept by an earlier run with BENCH_SCALE_KEEP=1). */
export function existingDatabase(name: string): TestDatabase {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a database name: ${name}`);
  const ownerUrl = withDatabaseName(ADMIN_URL, name);
  return {
    name,
    ownerUrl,
    appUrl: deriveAppDatabaseUrl(ownerUrl, APP_ROLE.role, APP_ROLE.password),
    mediaDir: path.join(os.tmpdir(), `sokoni-media-${name}`),
    drop: () => Promise.resolve(),
  };
}

/** What the generator wrote into the database's comment (spec and timings), if anything. */
export async function generationOf(db: TestDatabase): Promise<unknown> {
  const comment = await withClient(db.ownerUrl, (c) =>
    c.query<{ d: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = current_database()`,
    ),
  );
  const text = comment.rows[0]?.d;
  return text ? (JSON.parse(text) as unknown) : null;
}
