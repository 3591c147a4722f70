import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  createDb,
  deriveAppDatabaseUrl,
  provisionAppRole,
  runMigrations,
  withDatabaseName,
  type AppDbOptions,
  type Database,
  type Kysely,
} from '@sokoni/db';
import { seedDemo, type SeedSummary } from '@sokoni/db/dist/seed/index.js';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The AES-256-GCM key tests seal M-Pesa credentials with (base64 of 32 bytes); never a real key. */
export const TEST_MPESA_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
export const APP_ROLE = { role: 'sokoni_app', password: 'sokoni_app_local_only' };

/**
 * The app's Kysely pool (createDb) for a test file's database. pg-pool's end() (Kysely's destroy)
 * resolves before its connections have closed, so the DROP DATABASE ... WITH (FORCE) that follows
 * can terminate one mid-close; pg reports that as an error on an idle connection, which with no
 * listener is an uncaught exception after the file's last test (seen in CI). An error on a
 * connection that is running a query still rejects that query: only idle ones are ignored here.
 */
export function createTestPool(options: AppDbOptions): Kysely<Database> {
  return createDb({ ...options, onConnectionError: () => undefined });
}

export interface TestDatabase {
  name: string;
  /** Owner (superuser here): migrations, seed, and checks that must see every tenant. */
  ownerUrl: string;
  /** The restricted app role the API uses: RLS applies to it. */
  appUrl: string;
  mediaDir: string;
  seed?: SeedSummary;
  drop(): Promise<void>;
}

/**
 * A fresh database per test file: migrated, app role provisioned, optionally seeded. Under
 * `npm test` it is a copy of a template migrated (and seeded) once for the whole run
 * (tests/helpers/test-templates.ts), with the seed's media files copied too: the same database
 * as a fresh migration and seed give, in a fraction of the time. Run alone, a test migrates and
 * seeds its own.
 */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const name = `sokoni_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const templates = testTemplates();
  const template = templates ? (options.seed ? templates.seeded : templates.plain) : null;
  const admin = new pg.Client(ADMIN_URL);
  await admin.connect();
  try {
    if (template) await createFromTemplate(admin, name, template);
    else await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const ownerUrl = withDatabaseName(ADMIN_URL, name);
  // A copy keeps the template's schema and grants, but not database-level ones (GRANT CONNECT):
  // provisioning again is idempotent and cheap.
  if (!template) await runMigrations(ownerUrl);
  await provisionAppRole(ownerUrl, APP_ROLE);
  const mediaDir = await mkdtemp(path.join(os.tmpdir(), 'sokoni-media-'));
  if (template && options.seed) await cp(templates!.mediaDir, mediaDir, { recursive: true });
  const db: TestDatabase = {
    name,
    ownerUrl,
    appUrl: deriveAppDatabaseUrl(ownerUrl, APP_ROLE.role, APP_ROLE.password),
    mediaDir,
    async drop() {
      const client = new pg.Client(ADMIN_URL);
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
  if (options.seed) {
    db.seed = template
      ? structuredClone(templates!.seedSummary)
      : await seedDemo({ ownerUrl, mediaDir, mpesaEncryptionKey: TEST_MPESA_ENCRYPTION_KEY });
  }
  return db;
}

/** What scripts/test.mjs passes in SOKONI_TEST_TEMPLATES (made by tests/helpers/test-templates.ts). */
export interface TestTemplates {
  /** Migrated, app role provisioned. */
  plain: string;
  /** The same, plus the demo seed (seedDemo with TEST_MPESA_ENCRYPTION_KEY). */
  seeded: string;
  seedSummary: SeedSummary;
  /** The seed's media files. */
  mediaDir: string;
}

function testTemplates(): TestTemplates | null {
  const json = process.env.SOKONI_TEST_TEMPLATES;
  return json ? (JSON.parse(json) as TestTemplates) : null;
}

/**
 * CREATE DATABASE ... TEMPLATE refuses while anything is connected to the template (55006). The
 * templates do not allow connections (so autovacuum leaves them alone), but another test file's
 * copy may still be starting: try again for a few seconds.
 */
async function createFromTemplate(admin: pg.Client, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${admin.escapeIdentifier(template)}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 150));
    }
  }
}

/** A row read as a whole (compared with deepEqual, printed), not field by field. */
export type Row = Record<string, unknown>;

/**
 * `sql(text, params)` -> rows over a database's owner connection; the url is read at call time,
 * so it can be made before `before()` creates the database. `sql<Row>(...)` names the row shape
 * (not checked: it is what the SELECT list says).
 */
export function rowsQuery(ownerUrl: () => string): <T = Row>(text: string, params?: unknown[]) => Promise<T[]> {
  return <T>(text: string, params: unknown[] = []) =>
    withClient(ownerUrl(), async (c) => (await c.query(text, params)).rows as T[]);
}

/** Runs fn with a pg client connected as url, closing it afterwards. */

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The first of a query's rows, for a query that must return one: throws (naming `what`) if it returned none. */
export function first<T>(rows: readonly T[], what = 'a row'): T {
  if (rows.length === 0) throw new Error(`expected ${what}, the query returned no row`);
  return rows[0]!;
}
