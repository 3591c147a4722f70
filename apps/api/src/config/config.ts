import path from 'node:path';
import { deriveAppDatabaseUrl } from '@sokoni/db';
import { z } from 'zod';

const postgresUrl = z.string().url().refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL');

/** Every setting the API and worker read. Only from env, validated once at boot. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Owner connection (migrations). The API itself logs in as the app role below. */
  DATABASE_URL: postgresUrl,
  /** Optional explicit app-role URL; by default derived from DATABASE_URL + DB_APP_ROLE/PASSWORD. */
  APP_DATABASE_URL: postgresUrl.optional(),
  DB_APP_ROLE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('sokoni_app'),
  DB_APP_PASSWORD: z.string().min(8).default('sokoni_app_local_only'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().url().refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  /** Namespaces every key (and BullMQ queue) so environments can share one Redis. */
  REDIS_KEY_PREFIX: z.string().regex(/^[a-z0-9_:-]*$/).default(''),
  MEDIA_DIR: z.string().default('var/media'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Requests per window per client IP, across all API replicas (counted in Redis). */
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  /** Which hops may set X-Forwarded-For (the web server calls the API from loopback). */
  TRUST_PROXY: z.string().default('loopback'),
  /** Queued job retention. */
  /** Public storefront URL of a store, {slug} replaced: used in sitemaps and canonical links. */
  STOREFRONT_URL_TEMPLATE: z.string().regex(/\{slug\}/, 'must contain {slug}').default('http://{slug}.localhost:3000'),
  FAILED_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(14),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

export type AppConfig = z.infer<typeof configSchema> & { appDatabaseUrl: string; mediaDir: string };

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty string means "unset" for optional settings (docker-compose passes VAR= through).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '?');
      return { variable, message: cleaned[variable] === undefined ? 'is required but not set' : `is invalid: ${issue.message}` };
    }));
  }
  const config = parsed.data;
  return {
    ...config,
    appDatabaseUrl: config.APP_DATABASE_URL ?? deriveAppDatabaseUrl(config.DATABASE_URL, config.DB_APP_ROLE, config.DB_APP_PASSWORD),
    mediaDir: path.resolve(config.MEDIA_DIR),
  };
}
