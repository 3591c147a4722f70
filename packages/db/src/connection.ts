import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

// bigint columns (identity ids, counts) come back as strings by default; keep them strings
// (ids) but parse int8 sums/counts explicitly where read. numeric stays a string (precision).

export interface AppDbOptions {
  /** Connection string of the restricted app role (never the owner). */
  url: string;
  /** Pool size per process. */
  max?: number;
  applicationName?: string;
}

export function createPool(url: string, max = 10, applicationName = 'sokoni'): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  });
}

export function createDb(options: AppDbOptions): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: createPool(options.url, options.max, options.applicationName),
    }),
  });
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
