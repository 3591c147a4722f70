import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Database } from './schema';

// bigint columns (identity ids, counts) come back as strings by default; keep them strings
// (ids) but parse int8 sums/counts explicitly where read. numeric stays a string (precision).

export interface AppDbOptions {
  /** Connection string of the restricted app role (never the owner). */
  url: string;
  /** Pool size per process. */
  max?: number;
  applicationName?: string;
  /** How long to wait for a new connection (default 5 s). */
  connectionTimeoutMillis?: number;
  /**
   * A pooled connection failed outside a query (its server went away: idle, or held by a
   * transaction between two statements). Without a listener pg throws this out of the process; a
   * read replica's pool passes one that marks the replica down.
   */
  onConnectionError?: (error: Error) => void;
  /**
   * Run the queries marked with `preparedPlan` as named prepared statements, so Postgres plans
   * each once per connection instead of on every request (planning a storefront card query with
   * RLS costs as much CPU as running it). Off through a transaction-mode pooler that cannot keep
   * them (PgBouncer before 1.21, or without max_prepared_statements): a statement prepared on one
   * server connection would be missing on the next.
   */
  preparedStatements?: boolean;
}

const PREPARED_MARK = '/* sokoni:prepared */';

/**
 * Put first in a hot query's SQL (sql`${preparedPlan} SELECT ...`): with preparedStatements on,
 * that query is a named prepared statement, named by a digest of its text, so each distinct text
 * is prepared once per connection. Only for a fixed set of query texts (no IN lists of varying
 * length): every distinct text stays prepared for the connection's life. The marked query must
 * name its result columns (no `SELECT *` of a table): a prepared statement whose result type
 * changes under a migration fails until its connection is replaced.
 */
export const preparedPlan = sql.raw(PREPARED_MARK);

/** A pg client that sends marked queries as named prepared statements (one name per text). */
class PreparingClient extends pg.Client {
  private static readonly names = new Map<string, string>();

  override query(...args: unknown[]): never {
    const [config, values] = args;
    if (typeof config === 'string' && config.startsWith(PREPARED_MARK) && args.length <= 2) {
      const name = PreparingClient.nameOf(config);
      return super.query({ name, text: config, values: values as unknown[] | undefined }) as never;
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }

  private static nameOf(text: string): string {
    let name = PreparingClient.names.get(text);
    if (!name) {
      name = `sk_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      PreparingClient.names.set(text, name);
    }
    return name;
  }
}

export function createPool(
  url: string,
  max = 10,
  applicationName = 'sokoni',
  connectionTimeoutMillis = 5_000,
  preparedStatements = false,
): pg.Pool {
  return new pg.Pool({
    ...(preparedStatements ? { Client: PreparingClient } : {}),
    connectionString: url,
    max,
    application_name: applicationName,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis,
  });
}

export function createDb(options: AppDbOptions): Kysely<Database> {
  const pool = createPool(
    options.url,
    options.max,
    options.applicationName,
    options.connectionTimeoutMillis,
    options.preparedStatements,
  );
  const onError = options.onConnectionError;
  if (onError) {
    pool.on('error', onError);
    pool.on('connect', (client) => client.on('error', onError));
  }
  // cursor: Kysely's .stream() reads a result in batches through a portal inside the transaction
  // (exports of 100,000 orders), instead of the whole result in memory.
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
}

/**
 * The app role's connection string. Explicit APP_DATABASE_URL wins; otherwise it is the owner's
 * URL with the app role's name and password, so one DATABASE_URL configures both.
 */
export function deriveAppDatabaseUrl(ownerUrl: string, role: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** Same server, another database name (tests create one database each). */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
