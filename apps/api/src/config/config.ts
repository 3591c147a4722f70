import path from 'node:path';
import { deriveAppDatabaseUrl, type MediaStorageOptions } from '@sokoni/db';
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
  /** Media in S3-compatible object storage instead of MEDIA_DIR: set S3_BUCKET (+ S3_REGION). */
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
  S3_REGION: z.string().min(1).optional(),
  /** Any S3-compatible endpoint (MinIO, R2, ...); unset = AWS S3. */
  S3_ENDPOINT: z.string().url().optional(),
  /** Both or neither; neither = the AWS SDK's default credential chain (e.g. an instance role). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** http://endpoint/bucket/key URLs instead of bucket.endpoint: most self-hosted servers need it. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
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
  /** The web app's cache revalidation hook; unset = storefront caches simply expire (30 s). */
  WEB_REVALIDATE_URL: z.string().url().optional(),
  REVALIDATE_SECRET: z.string().min(16).optional(),
  /** HMAC key for guest cart tokens and share links. `npm start` generates one per install. */
  CART_TOKEN_SECRET: z.string().min(32).default('local-development-cart-secret-change-me-0000'),
  /**
   * Where third parties reach this API (delivery partner webhooks; later M-Pesa callbacks), no
   * trailing slash. Unset = http://127.0.0.1:<PORT>, right only for a partner on this machine.
   */
  PUBLIC_API_URL: z.string().url().refine((v) => /^https?:\/\//.test(v) && !v.endsWith('/'), 'must be an http(s):// URL without a trailing slash').optional(),
  /** The agent-point delivery partner (apps/sandbox/src/delivery-partner/CONTRACT.md); default = the local sandbox. */
  DELIVERY_PARTNER_BASE_URL: z.string().url().refine((v) => /^https?:\/\//.test(v), 'must be an http(s):// URL').default('http://127.0.0.1:4010/delivery-partner'),
  /** Sent as the partner's `apiKey` header. The sandbox accepts any value. */
  DELIVERY_PARTNER_API_KEY: z.string().min(1).default('sokoni-local-sandbox'),
  /** Shared secret the partner sends in x-webhook-secret; unset = partner webhooks are refused (poll only). */
  DELIVERY_PARTNER_WEBHOOK_SECRET: z.string().min(16).optional(),
  DELIVERY_PARTNER_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8_000),
  FAILED_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(14),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
}).superRefine((env, ctx) => {
  // S3 settings make sense only together: a half-configured bucket must stop the boot, not
  // silently fall back to local disk.
  const s3 = ['S3_BUCKET', 'S3_REGION', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
  if (!s3.some((name) => env[name] !== undefined)) return;
  for (const name of ['S3_BUCKET', 'S3_REGION'] as const) {
    if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when any S3_* setting is set' });
  }
  if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
    const missing = env.S3_ACCESS_KEY_ID === undefined ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' });
  }
});

export type AppConfig = z.infer<typeof configSchema> & { appDatabaseUrl: string; mediaDir: string; mediaStorage: MediaStorageOptions; publicApiUrl: string };

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
    publicApiUrl: config.PUBLIC_API_URL ?? `http://127.0.0.1:${config.PORT}`,
    mediaStorage: config.S3_BUCKET && config.S3_REGION
      ? {
        kind: 's3', bucket: config.S3_BUCKET, region: config.S3_REGION, endpoint: config.S3_ENDPOINT, forcePathStyle: config.S3_FORCE_PATH_STYLE,
        credentials: config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } : undefined,
      }
      : { kind: 'local', root: path.resolve(config.MEDIA_DIR) },
  };
}
