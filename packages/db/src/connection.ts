import { Kysely, PostgresDialect } from 'kysely';
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
}

export function createPool(
  url: string,
  max = 10,
  applicationName = 'sokoni',
  connectionTimeoutMillis = 5_000,
): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis,
  });
}

export function createDb(options: AppDbOptions): Kysely<Database> {
  const pool = createPool(options.url, options.max, options.applicationName, options.connectionTimeoutMillis);
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
