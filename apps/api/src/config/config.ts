import path from 'node:path';
import { deriveAppDatabaseUrl, type MediaStorageOptions } from '@sokoni/db';
import { z } from 'zod';
import { invalidProxyEntry, LOOPBACK_PROXIES, trustedProxyEntries } from '../platform/trusted-proxies';

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
  /**
   * Peers (IPs/CIDRs, comma-separated) whose X-Forwarded-For is believed, one hop only: the client
   * is the entry such a peer appended. Default loopback: the web server on this machine.
   */
  TRUSTED_PROXIES: z.string().default(LOOPBACK_PROXIES).superRefine((list, ctx) => {
    for (const entry of trustedProxyEntries(list)) {
      const problem = invalidProxyEntry(entry);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  }),
  /** Queued job retention. */
  /** Public storefront URL of a store, {slug} replaced: used in sitemaps and canonical links. */
  STOREFRONT_URL_TEMPLATE: z.string().regex(/\{slug\}/, 'must contain {slug}').default('http://{slug}.localhost:3000'),
  /** The web app's cache revalidation hook; unset = storefront caches simply expire (30 s). */
  WEB_REVALIDATE_URL: z.string().url().optional(),
  REVALIDATE_SECRET: z.string().min(16).optional(),
  /** The owner app's base URL (no trailing slash): staff invite links are <OWNER_APP_URL>/invite/<token>. */
  OWNER_APP_URL: z.string().url().refine((v) => /^https?:\/\//.test(v) && !v.endsWith('/'), 'must be an http(s):// URL without a trailing slash').default('http://127.0.0.1:3000/owner'),
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
  /** Daraja's base URL: the local sandbox by default, https://api.safaricom.co.ke in production. */
  DARAJA_BASE_URL: z.string().url().refine((v) => /^https?:\/\//.test(v) && !v.endsWith('/'), 'must be an http(s):// URL without a trailing slash').default('http://127.0.0.1:4010'),
  DARAJA_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  /**
   * Where the daily reconciliation reads M-Pesa's own record of money received (the sandbox's
   * statement). Unset = it re-asks Daraja (STK Query) about every attempt instead.
   */
  DARAJA_STATEMENT_URL: z.string().url().optional(),
  /** AES-256-GCM key (base64, 32 bytes) sealing stores' M-Pesa credentials. Required in production. */
  MPESA_ENCRYPTION_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded').optional(),
  /** No callback this long after the push: ask Daraja (STK Query), then back off (x2 each time). */
  MPESA_QUERY_AFTER_MS: z.coerce.number().int().min(100).default(30_000),
  MPESA_QUERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** A shopper's status check asks Daraja itself once the push is this old and still open. */
  MPESA_STATUS_QUERY_AFTER_MS: z.coerce.number().int().min(100).default(20_000),
  /** A callback for a CheckoutRequestID we do not know waits this long (the push's answer may be late) before it is flagged. */
  MPESA_UNKNOWN_CALLBACK_GRACE_MS: z.coerce.number().int().min(0).default(60_000),
  /** Safaricom's published callback addresses (comma-separated); a store chooses off / log / enforce. */
  MPESA_CALLBACK_IP_ALLOWLIST: z.string().default('196.201.214.200,196.201.214.206,196.201.214.207,196.201.214.208,196.201.213.114,196.201.213.44,196.201.212.127,196.201.212.138,196.201.212.129,196.201.212.136,196.201.212.74,196.201.212.69'),
  /** WhatsApp Cloud API: the sandbox by default, https://graph.facebook.com in production. */
  WHATSAPP_BASE_URL: z.string().url().refine((v) => !v.endsWith('/'), 'no trailing slash').default('http://127.0.0.1:4010/whatsapp'),
  WHATSAPP_API_VERSION: z.string().regex(/^v\d+\.\d+$/).default('v21.0'),
  /** The platform's system-user token (one Meta app sends for every store's number). */
  WHATSAPP_ACCESS_TOKEN: z.string().min(8).default('sokoni-local-whatsapp-token'),
  /** Meta app secret: key of the X-Hub-Signature-256 HMAC on webhooks. Required in production. */
  WHATSAPP_APP_SECRET: z.string().min(16).optional(),
  /** Echoed in Meta's webhook verification handshake. */
  WHATSAPP_VERIFY_TOKEN: z.string().min(8).default('sokoni-local-verify-token'),
  /** Africa's Talking: the sandbox by default (https://api.africastalking.com in production). */
  SMS_BASE_URL: z.string().url().refine((v) => !v.endsWith('/'), 'no trailing slash').default('http://127.0.0.1:4010/africastalking'),
  SMS_USERNAME: z.string().min(1).default('sandbox'),
  SMS_API_KEY: z.string().min(1).default('sokoni-local-sms-key'),
  SMS_SENDER_ID: z.string().min(1).max(11).optional(),
  /** Outgoing mail (owner alerts): the sandbox's SMTP sink by default. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be smtp:// or smtps://').default('smtp://127.0.0.1:4025'),
  MAIL_FROM: z.string().min(3).default('Sokoni <orders@sokoni.local>'),
  MESSAGING_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8_000),
  /** An order still unpaid this long after it was placed gets the "your order is reserved, pay to ..." message. */
  ORDER_PLACED_MESSAGE_AFTER_MS: z.coerce.number().int().min(0).default(120_000),
  /** Raw storefront events are kept this many months (this one included); older monthly partitions are dropped daily. Daily aggregates are kept. */
  EVENTS_RETENTION_MONTHS: z.coerce.number().int().min(3).max(120).default(13),
  FAILED_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(14),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.WHATSAPP_APP_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['WHATSAPP_APP_SECRET'], message: 'is required in production (webhook signatures are checked with it)' });
  }
  if (env.NODE_ENV === 'production' && !env.MPESA_ENCRYPTION_KEY) {
    ctx.addIssue({ code: 'custom', path: ['MPESA_ENCRYPTION_KEY'], message: 'is required in production (M-Pesa credentials are stored encrypted)' });
  }
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

export type AppConfig = z.infer<typeof configSchema> & {
  appDatabaseUrl: string; mediaDir: string; mediaStorage: MediaStorageOptions; publicApiUrl: string;
  /** The key that seals M-Pesa credentials: MPESA_ENCRYPTION_KEY, or outside production a fixed development key. */
  mpesaEncryptionKey: string;
  mpesaCallbackIps: string[];
  /** WHATSAPP_APP_SECRET, or outside production a fixed development secret. */
  whatsappAppSecret: string;
};

/** Development/test only: production refuses to start without MPESA_ENCRYPTION_KEY. */
const DEVELOPMENT_MPESA_KEY = Buffer.alloc(32, 1).toString('base64');

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
    mpesaEncryptionKey: config.MPESA_ENCRYPTION_KEY ?? DEVELOPMENT_MPESA_KEY,
    whatsappAppSecret: config.WHATSAPP_APP_SECRET ?? 'sokoni-local-whatsapp-app-secret',
    mpesaCallbackIps: config.MPESA_CALLBACK_IP_ALLOWLIST.split(',').map((ip) => ip.trim()).filter(Boolean),
    mediaStorage: config.S3_BUCKET && config.S3_REGION
      ? {
        kind: 's3', bucket: config.S3_BUCKET, region: config.S3_REGION, endpoint: config.S3_ENDPOINT, forcePathStyle: config.S3_FORCE_PATH_STYLE,
        credentials: config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } : undefined,
      }
      : { kind: 'local', root: path.resolve(config.MEDIA_DIR) },
  };
}
