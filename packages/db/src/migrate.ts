import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** Shipped beside dist/ in the package: packages/db/migrations. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '..', 'migrations');

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

/** Any fixed number: serialises concurrent runners (two api replicas booting) on one database. */
const MIGRATION_LOCK = 727_001;

/**
 * Forward-only runner: files NNNN_name.sql applied in order, each in its own transaction, recorded
 * with a checksum. Editing a migration that already ran is an error: write a new one instead.
 */
export async function runMigrations(ownerUrl: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'sokoni-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    text PRIMARY KEY,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (
        await client.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations')
      ).rows.map((r) => [r.version, r.checksum]),
    );
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const file of files) {
      const text = await readFile(path.join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(text).digest('hex');
      const previous = done.get(file);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new Error(`migration ${file} changed after it was applied (forward-only: add a new migration instead)`);
        }
        result.alreadyApplied.push(file);
        continue;
      }
      try {
        await client.query('BEGIN');
        await client.query(text);
        await client.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [file, checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      result.applied.push(file);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

export interface AppRoleOptions {
  role: string;
  password: string;
}

/** Append-only tables: the app role may read and insert, never change or remove. */
const APPEND_ONLY_TABLES = [
  'audit_log',
  'inventory_movements',
  'events',
  'order_events',
  'delivery_events',
  'payment_callbacks',
  'rejected_payment_callbacks',
  'message_status_events',
  // One row per archive object of deleted orders (0051): the only index of what the bucket holds.
  'order_archives',
];
/** Reference data the app reads but only migrations write. */
const READ_ONLY_TABLES = ['roles', 'nairobi_areas', 'schema_migrations', 'search_synonyms'];

/**
 * Creates (or updates) the login role the API and worker use: not superuser, not the owner of
 * anything, no BYPASSRLS, so row level security always applies to it. Idempotent; run after
 * every migration. Role names are cluster-wide, so concurrent runs (parallel test databases)
 * may race on CREATE ROLE: that is retried.
 */
export async function provisionAppRole(ownerUrl: string, { role, password }: AppRoleOptions): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`invalid app role name: ${role}`);
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'sokoni-migrate' });
  await client.connect();
  try {
    const ident = client.escapeIdentifier(role);
    const literal = client.escapeLiteral(password);
    for (let attempt = 1; ; attempt++) {
      try {
        const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
        if (exists.rowCount === 0) {
          await client.query(
            `CREATE ROLE ${ident} LOGIN PASSWORD ${literal} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`,
          );
        } else {
          const current = await client.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
            'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
            [role],
          );
          const flags = current.rows[0];
          if (flags?.rolsuper || flags?.rolbypassrls) {
            throw new Error(`app role ${role} is superuser or BYPASSRLS: RLS would not apply; use another role`);
          }
          await client.query(`ALTER ROLE ${ident} LOGIN PASSWORD ${literal}`);
        }
        break;
      } catch (error) {
        const code = (error as { code?: string }).code;
        const retryable = code === '42710' || code === '23505' || code === 'XX000' || code === '40001';
        if (!retryable || attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
    const db = client.escapeIdentifier(
      (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db,
    );
    const owned = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`,
      [role],
    );
    if (owned.rowCount)
      throw new Error(
        `app role ${role} owns tables (${owned.rows.map((r) => r.tablename).join(', ')}): RLS would not apply`,
      );
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${ident}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${ident}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${ident}`);
    for (const table of APPEND_ONLY_TABLES) {
      await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${client.escapeIdentifier(table)} FROM ${ident}`);
    }
    // Partitions are reached through their parent only (RLS is per table; the parent's applies).
    const partitions = await client.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relispartition AND relkind = 'r' AND relnamespace = 'public'::regnamespace`,
    );
    for (const { relname } of partitions.rows) {
      await client.query(`REVOKE ALL ON ${client.escapeIdentifier(relname)} FROM ${ident}`);
    }
    for (const table of READ_ONLY_TABLES) {
      await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${client.escapeIdentifier(table)} FROM ${ident}`);
    }
  } finally {
    await client.end();
  }
}
