import path from 'node:path';
import {
  encryptionKeyProblem,
  secretProblem,
  urlPasswordProblem,
  type SecretProblem,
  type SecretProblemReason,
} from '@sokoni/contracts';
import { deriveAppDatabaseUrl, type MediaStorageOptions } from '@sokoni/db';
import { z } from 'zod';
import { invalidProxyEntry, LOOPBACK_PROXIES, trustedProxyEntries } from '../platform/trusted-proxies';

const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL');

/** Every setting the API and worker read. Only from env, validated once at boot. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    /** Owner connection (migrations). The API itself logs in as the app role below. */
    DATABASE_URL: postgresUrl,
    /** Optional explicit app-role URL; by default derived from DATABASE_URL + DB_APP_ROLE/PASSWORD. */
    APP_DATABASE_URL: postgresUrl.optional(),
    /**
     * Optional: the app role's connections go through a pooler in transaction mode (PgBouncer,
     * docs/operate/pooling.md) at this URL instead. Without a user in it, DB_APP_ROLE and
     * DB_APP_PASSWORD are filled in. Migrations keep the direct DATABASE_URL.
     */
    DATABASE_POOL_URL: postgresUrl.optional(),
    /**
     * Optional streaming replica for storefront reads (docs/operate/read-replica.md). Without a
     * user in it, DB_APP_ROLE and DB_APP_PASSWORD are filled in. Unset = every read on the primary.
     */
    DATABASE_READ_URL: postgresUrl.optional(),
    /** Reads leave the replica while its measured lag is above this; also bounds read-your-writes pins. */
    REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
    /** How often the API measures the replica's lag (pg_last_wal_replay_lsn against the primary's LSN). */
    REPLICA_HEALTH_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
    DB_APP_ROLE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default('sokoni_app'),
    DB_APP_PASSWORD: z.string().min(8).default('sokoni_app_local_only'),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /**
     * Hot storefront queries as named prepared statements (planned once per connection).
     * auto = on, except through DATABASE_POOL_URL (a transaction-mode pooler may not keep them;
     * set on for PgBouncer >= 1.21 with max_prepared_statements). docs/operate/pooling.md.
     */
    DB_PREPARED_STATEMENTS: z.enum(['auto', 'on', 'off']).default('auto'),
    REDIS_URL: z
      .string()
      .url()
      .refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// URL')
      .default('redis://127.0.0.1:6379'),
    /** Namespaces every key (and BullMQ queue) so environments can share one Redis. */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[a-z0-9_:-]*$/)
      .default(''),
    MEDIA_DIR: z.string().default('var/media'),
    /** Media in S3-compatible object storage instead of MEDIA_DIR: set S3_BUCKET (+ S3_REGION). */
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
      .optional(),
    S3_REGION: z.string().min(1).optional(),
    /** Any S3-compatible endpoint (MinIO, R2, ...); unset = AWS S3. */
    S3_ENDPOINT: z.string().url().optional(),
    /** Both or neither; neither = the AWS SDK's default credential chain (e.g. an instance role). */
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** http://endpoint/bucket/key URLs instead of bucket.endpoint: most self-hosted servers need it. */
    S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Requests per window per client IP, across all API replicas (counted in Redis). */
    RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
    /**
     * Peers (IPs/CIDRs, comma-separated) whose X-Forwarded-For is believed, one hop only: the client
     * is the entry such a peer appended. Default loopback: the web server on this machine.
     */
    TRUSTED_PROXIES: z
      .string()
      .default(LOOPBACK_PROXIES)
      .superRefine((list, ctx) => {
        for (const entry of trustedProxyEntries(list)) {
          const problem = invalidProxyEntry(entry);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }
      }),
    /**
     * Storefront product list/detail/search answers are cached in Redis this long (seconds) and
     * retired at once on any catalog change (docs/operate/caching.md); 0 = no cache (every read
     * goes to Postgres). The TTL is the staleness bound when change notifications are lost.
     */
    CATALOG_CACHE_TTL_S: z.coerce.number().int().min(0).max(300).default(30),
    /** Queued job retention. */
    /** Public storefront URL of a store, {slug} replaced: used in sitemaps and canonical links. */
    STOREFRONT_URL_TEMPLATE: z
      .string()
      .regex(/\{slug\}/, 'must contain {slug}')
      .default('http://{slug}.localhost:3000'),
    /** The web app's cache revalidation hook; unset = storefront caches simply expire (30 s). */
    WEB_REVALIDATE_URL: z.string().url().optional(),
    REVALIDATE_SECRET: z.string().min(16).optional(),
    /**
     * The web's page cache warm-up (seo jobs, docs/operate/caching.md): every store's home,
     * categories, newest products and first areas rendered fresh this often (0 = only after a
     * purge), and how many products / areas per store.
     */
    PAGE_WARM_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
    PAGE_WARM_PRODUCTS: z.coerce.number().int().min(0).max(200).default(12),
    PAGE_WARM_AREAS: z.coerce.number().int().min(0).max(200).default(8),
    /**
     * Custom domains (modules/domains, docs/operate/custom-domains.md). DNS lookups go through
     * `system` (node:dns, DNS_SERVERS or the host's resolvers) or `sandbox` (the sandbox zone at
     * DNS_SANDBOX_URL, offline). Default: sandbox, except under NODE_ENV=production.
     */
    DNS_RESOLVER: z.enum(['system', 'sandbox']).optional(),
    DNS_SANDBOX_URL: z
      .string()
      .url()
      .refine((v) => !v.endsWith('/'), 'no trailing slash')
      .default('http://127.0.0.1:4010/dns-query'),
    /** Comma-separated resolver IPs for DNS_RESOLVER=system (e.g. 1.1.1.1,8.8.8.8); unset = the host's. */
    DNS_SERVERS: z.string().optional(),
    DNS_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(2_000),
    /** What a merchant's subdomain must CNAME to; default stores.<platform domain>. */
    DOMAINS_CNAME_TARGET: z.string().min(3).max(253).optional(),
    /** Comma-separated IPv4 addresses an apex must point its A records at. */
    DOMAINS_APEX_IPV4: z.string().default('192.0.2.10'),
    /** The HTTPS certificate check of verified domains: `tls` (connect to :443, check the certificate) or `off`. */
    DOMAINS_TLS_PROBE: z.enum(['tls', 'off']).optional(),
    /** Asks allowed per host per minute on /internal/tls/ask (above that: 429, Caddy denies). */
    /** How often the worker runs the due domain checks (ms). */
    /** How often the worker sends owed back-in-stock messages (modules/back-in-stock): a restock's messages go within this. */
    BACK_IN_STOCK_RELAY_MS: z.coerce.number().int().min(500).max(600_000).default(10_000),
    DOMAIN_CHECK_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
    TLS_ASK_PER_HOST_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    /**
     * Outbound webhooks (modules/webhooks, docs/webhooks.md): hosts that may be private addresses
     * (comma-separated, e.g. a sandbox receiver on 127.0.0.1). Unset: none under NODE_ENV=production,
     * loopback (localhost, 127.0.0.1) outside it. Every other private or local address is refused.
     */
    WEBHOOK_ALLOW_PRIVATE_HOSTS: z.string().optional(),
    /** How often the worker sends the due webhook deliveries (ms). */
    WEBHOOK_DELIVERY_INTERVAL_MS: z.coerce.number().int().min(200).max(60_000).default(2_000),
    /** How long one delivery may take before it counts as failed (ms). */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(500).max(30_000).default(10_000),
    /** The owner app's base URL (no trailing slash): staff invite links are <OWNER_APP_URL>/invite/<token>. */
    OWNER_APP_URL: z
      .string()
      .url()
      .refine((v) => /^https?:\/\//.test(v) && !v.endsWith('/'), 'must be an http(s):// URL without a trailing slash')
      .default('http://127.0.0.1:3000/owner'),
    /** HMAC key for guest cart tokens and share links. `npm start` generates one per install. */
    CART_TOKEN_SECRET: z.string().min(32).default('local-development-cart-secret-change-me-0000'),
    /**
     * Where third parties reach this API (delivery partner webhooks; later M-Pesa callbacks), no
     * trailing slash. Unset = http://127.0.0.1:<PORT>, right only for a partner on this machine.
     */
    PUBLIC_API_URL: z
      .string()
      .url()
      .refine((v) => /^https?:\/\//.test(v) && !v.endsWith('/'), 'must be an http(s):// URL without a trailing slash')
      .optional(),
    /** The agent-point delivery partner (apps/sandbox/src/delivery-partner/CONTRACT.md); default = the local sandbox. */
    DELIVERY_PARTNER_BASE_URL: z
      .string()
      .url()
      .refine((v) => /^https?:\/\//.test(v), 'must be an http(s):// URL')
      .default('http://127.0.0.1:4010/delivery-partner'),
    /** Sent as the partner's `apiKey` header. The sandbox accepts any value. */
    DELIVERY_PARTNER_API_KEY: z.string().min(1).default('sokoni-local-sandbox'),
    /** Shared secret the partner sends in x-webhook-secret; unset = partner webhooks are refused (poll only). */
    DELIVERY_PARTNER_WEBHOOK_SECRET: z.string().min(16).optional(),
    DELIVERY_PARTNER_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8_000),
    /** Daraja's base URL: the local sandbox by default, https://api.safaricom.co.ke in production. */
    DARAJA_BASE_URL: z
      .string()
      .url()
      .refine((v) => /^https?:\/\//.test(v) && !v.endsWith('/'), 'must be an http(s):// URL without a trailing slash')
      .default('http://127.0.0.1:4010'),
    DARAJA_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
    /** KRA eTIMS OSCU (legacy route): the sandbox by default (https://etims-api.kra.go.ke/etims-api in production). */
    ETIMS_BASE_URL: z
      .string()
      .url()
      .refine((v) => /^https?:\/\//.test(v) && !v.endsWith('/'), 'must be an http(s):// URL without a trailing slash')
      .default('http://127.0.0.1:4010/etims-api'),
    ETIMS_TIMEOUT_MS: z.coerce.number().int().min(200).max(60_000).default(10_000),
    /** Receipt verification link in the QR code (sandbox: etims-sbx.kra.go.ke, production: etims.kra.go.ke). */
    ETIMS_VERIFY_URL: z
      .string()
      .url()
      .default('https://etims-sbx.kra.go.ke/common/link/etims/receipt/indexEtimsReceiptData'),
    /** eTIMS send jobs: attempts and the first backoff delay (doubles each time). */
    ETIMS_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
    ETIMS_RETRY_DELAY_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
    /**
     * Where the daily reconciliation reads M-Pesa's own record of money received (the sandbox's
     * statement). Unset = it re-asks Daraja (STK Query) about every attempt instead.
     */
    DARAJA_STATEMENT_URL: z.string().url().optional(),
    /** AES-256-GCM key (base64, 32 bytes) sealing stores' M-Pesa credentials. Required in production. */
    MPESA_ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .optional(),
    /** No callback this long after the push: ask Daraja (STK Query), then back off (x2 each time). */
    MPESA_QUERY_AFTER_MS: z.coerce.number().int().min(100).default(30_000),
    MPESA_QUERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
    /** A shopper's status check asks Daraja itself once the push is this old and still open. */
    MPESA_STATUS_QUERY_AFTER_MS: z.coerce.number().int().min(100).default(20_000),
    /**
     * Receipts (issue 13): a payment settled by STK Query has no receipt; the first Pull API
     * lookup runs this long after, then at 30 s, 2, 5, 15 min, then hourly up to 46 h.
     */
    MPESA_RECEIPT_LOOKUP_AFTER_MS: z.coerce.number().int().min(0).default(5_000),
    /** The unit of the lookup ladder after the first: 1x, 4x, 10x, 30x this (30 s -> 30 s, 2, 5, 15 min), then hourly. */
    MPESA_RECEIPT_RETRY_MS: z.coerce.number().int().min(100).default(30_000),
    /** The shopper's "paid" message waits this long for a missing receipt, then says "receipt to follow". */
    MPESA_RECEIPT_WAIT_MS: z.coerce.number().int().min(0).max(55_000).default(20_000),
    /** A callback for a CheckoutRequestID we do not know waits this long (the push's answer may be late) before it is flagged. */
    MPESA_UNKNOWN_CALLBACK_GRACE_MS: z.coerce.number().int().min(0).default(60_000),
    /** Safaricom's published callback addresses (comma-separated); a store chooses off / log / enforce. */
    MPESA_CALLBACK_IP_ALLOWLIST: z
      .string()
      .default(
        '196.201.214.200,196.201.214.206,196.201.214.207,196.201.214.208,196.201.213.114,196.201.213.44,196.201.212.127,196.201.212.138,196.201.212.129,196.201.212.136,196.201.212.74,196.201.212.69',
      ),
    /** WhatsApp Cloud API: the sandbox by default, https://graph.facebook.com in production. */
    WHATSAPP_BASE_URL: z
      .string()
      .url()
      .refine((v) => !v.endsWith('/'), 'no trailing slash')
      .default('http://127.0.0.1:4010/whatsapp'),
    WHATSAPP_API_VERSION: z
      .string()
      .regex(/^v\d+\.\d+$/)
      .default('v21.0'),
    /** The platform's system-user token (one Meta app sends for every store's number). */
    WHATSAPP_ACCESS_TOKEN: z.string().min(8).default('sokoni-local-whatsapp-token'),
    /** Meta app secret: key of the X-Hub-Signature-256 HMAC on webhooks. Required in production. */
    WHATSAPP_APP_SECRET: z.string().min(16).optional(),
    /** Echoed in Meta's webhook verification handshake. */
    WHATSAPP_VERIFY_TOKEN: z.string().min(8).default('sokoni-local-verify-token'),
    /** Africa's Talking: the sandbox by default (https://api.africastalking.com in production). */
    SMS_BASE_URL: z
      .string()
      .url()
      .refine((v) => !v.endsWith('/'), 'no trailing slash')
      .default('http://127.0.0.1:4010/africastalking'),
    SMS_USERNAME: z.string().min(1).default('sandbox'),
    SMS_API_KEY: z.string().min(1).default('sokoni-local-sms-key'),
    SMS_SENDER_ID: z.string().min(1).max(11).optional(),
    /** Outgoing mail (owner alerts): the sandbox's SMTP sink by default. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be smtp:// or smtps://')
      .default('smtp://127.0.0.1:4025'),
    MAIL_FROM: z.string().min(3).default('Sokoni <orders@sokoni.local>'),
    MESSAGING_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8_000),
    /** An order still unpaid this long after it was placed gets the "your order is reserved, pay to ..." message. */
    ORDER_PLACED_MESSAGE_AFTER_MS: z.coerce.number().int().min(0).default(120_000),
    /** Raw storefront events are kept this many months (this one included); older monthly partitions are dropped daily. Daily aggregates are kept. */
    EVENTS_RETENTION_MONTHS: z.coerce.number().int().min(3).max(120).default(13),
    /**
     * Finished orders older than this many months are archived to storage and deleted (monthly
     * job, ARCHITECTURE.md "Orders at scale"). At least 12: returns, refunds and the owner's year
     * reports read them online.
     */
    ORDERS_RETENTION_MONTHS: z.coerce.number().int().min(12).max(120).default(24),
    /** Orders per archive object and per delete transaction, so a huge store never holds one giant transaction. */
    ORDERS_ARCHIVE_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
    FAILED_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(14),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** How often the worker checks its repeating job schedules still exist in Redis (re-creates missing ones). */
    SCHEDULE_CHECK_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    /** The worker's Prometheus /metrics port (HOST is the address); unset or empty = none, 0 = any free port. */
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
    // Owner alerts (docs/owner-alerts.md): how often the worker fans out new events and sends what is due.
    ALERTS_SWEEP_MS: z.coerce.number().int().min(500).max(600_000).default(5_000),
    /** Web push (VAPID, base64url). Unset = push is off: the owner page says so. `npm start` generates a local pair. */
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{80,90}$/, 'a base64url P-256 public key (web-push generate-vapid-keys)')
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{40,45}$/, 'a base64url P-256 private key (web-push generate-vapid-keys)')
      .optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:\/\/)/, 'mailto: or https:// (who push services contact)')
      .default('mailto:alerts@sokoni.local'),
    /**
     * Origins a push subscription's endpoint may point at (comma-separated): the browsers' push
     * services. The worker POSTs to whatever a subscription names, so anything else is refused.
     */
    WEB_PUSH_ALLOWED_ORIGINS: z
      .string()
      .default(
        'https://fcm.googleapis.com,https://updates.push.services.mozilla.com,https://web.push.apple.com,https://wns2-*.notify.windows.com',
      ),
  })
  .superRefine((env, ctx) => {
    // Secrets in production are checked by productionSecretProblems (below), on the raw
    // environment: a schema default must never stand in for a production secret.
    // S3 settings make sense only together: a half-configured bucket must stop the boot, not
    // silently fall back to local disk.
    const s3 = ['S3_BUCKET', 'S3_REGION', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
    if (!s3.some((name) => env[name] !== undefined)) return;
    for (const name of ['S3_BUCKET', 'S3_REGION'] as const) {
      if (env[name] === undefined)
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required when any S3_* setting is set' });
    }
    if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
      const missing = env.S3_ACCESS_KEY_ID === undefined ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together',
      });
    }
  });

export type AppConfig = z.infer<typeof configSchema> & {
  /**
   * What the API's and worker's pool connects to: DATABASE_POOL_URL when set (a transaction-mode
   * pooler), else the direct app-role URL. Only transaction-scoped state is allowed over it:
   * SET LOCAL / set_config(..., true), pg_advisory_xact_lock, unnamed statements; never SET,
   * session advisory locks, LISTEN, named prepared statements, temp tables or WITH HOLD cursors.
   */
  appDatabaseUrl: string;
  /** The app role straight to Postgres (APP_DATABASE_URL or derived), for session-level features. */
  directAppDatabaseUrl: string;
  /** True when appDatabaseUrl is DATABASE_POOL_URL. */
  pooled: boolean;
  /** DB_PREPARED_STATEMENTS resolved: auto is on unless pooled. */
  preparedStatements: boolean;
  /** The app role on the read replica (DATABASE_READ_URL, user filled in), or undefined: no replica. */
  readDatabaseUrl: string | undefined;
  mediaDir: string;
  mediaStorage: MediaStorageOptions;
  publicApiUrl: string;
  /** The key that seals M-Pesa credentials: MPESA_ENCRYPTION_KEY, or outside production a fixed development key. */
  mpesaEncryptionKey: string;
  mpesaCallbackIps: string[];
  /** WHATSAPP_APP_SECRET, or outside production a fixed development secret. */
  whatsappAppSecret: string;
};

/** Development/test only: production refuses to start without MPESA_ENCRYPTION_KEY. */
const DEVELOPMENT_MPESA_KEY = Buffer.alloc(32, 1).toString('base64');

type Env = Record<string, string | undefined>;

/**
 * The API's and worker's credentials under NODE_ENV=production. `required` says whether unset is
 * refused (and why), or why unset is safe; whatever is set must be at least 32 bytes and not a
 * value written in this repository (packages/contracts/src/published-secrets.ts).
 * JWTs need nothing here: owner tokens are signed with per-store secrets generated into
 * tenant_auth_secrets, shopper sessions with keys derived from CART_TOKEN_SECRET.
 */
const PRODUCTION_SECRETS: readonly {
  variable: string;
  required: (env: Env) => boolean;
  why: string;
  check?: 'aes-key';
}[] = [
  // Signs guest carts, share links, shopper sessions and sign-in code hashes: no safe "off".
  { variable: 'CART_TOKEN_SECRET', required: () => true, why: 'it signs carts and shopper sessions' },
  // Seals stores' M-Pesa credentials in the database; the development key is public.
  {
    variable: 'MPESA_ENCRYPTION_KEY',
    required: () => true,
    why: 'M-Pesa credentials are stored encrypted with it',
    check: 'aes-key',
  },
  // Without it the development fallback would verify webhook signatures: forged webhooks.
  { variable: 'WHATSAPP_APP_SECRET', required: () => true, why: 'webhook signatures are checked with it' },
  // Unset would mean the schema's published default answers Meta's verification handshake.
  { variable: 'WHATSAPP_VERIFY_TOKEN', required: () => true, why: "it answers Meta's webhook verification" },
  // Order updates go out on WhatsApp; the default is the sandbox's.
  { variable: 'WHATSAPP_ACCESS_TOKEN', required: () => true, why: 'WhatsApp messages are sent with it' },
  // Sign-in codes and the WhatsApp fallback go by SMS; the default is the sandbox's.
  { variable: 'SMS_API_KEY', required: () => true, why: "sign-in codes are sent through Africa's Talking with it" },
  // The app role's password, unless APP_DATABASE_URL says how to log in (its password is checked below).
  {
    variable: 'DB_APP_PASSWORD',
    required: (env) => !env.APP_DATABASE_URL,
    why: 'the API logs in to Postgres as the app role with it, unless APP_DATABASE_URL is set',
  },
  // Needed once a real partner is configured; unset with no DELIVERY_PARTNER_BASE_URL, partner
  // calls go to a local sandbox address that does not exist in production (no parcel is booked).
  {
    variable: 'DELIVERY_PARTNER_API_KEY',
    required: (env) => Boolean(env.DELIVERY_PARTNER_BASE_URL),
    why: 'DELIVERY_PARTNER_BASE_URL is set, so calls to the partner carry it',
  },
  // Unset = partner webhooks are refused and parcel status comes from polling: safe.
  { variable: 'DELIVERY_PARTNER_WEBHOOK_SECRET', required: () => false, why: '' },
  // Unset = the seo worker does not call the web's revalidation hook; pages expire after 30 s: safe.
  { variable: 'REVALIDATE_SECRET', required: () => false, why: '' },
  // Unset = the AWS SDK's default credential chain (instance role) or local media: safe.
  { variable: 'S3_SECRET_ACCESS_KEY', required: () => false, why: '' },
  // Unset = web push is off (alerts still go by WhatsApp, SMS, email): safe.
  { variable: 'VAPID_PRIVATE_KEY', required: () => false, why: '' },
];

/** Connection URLs whose password, when they carry one, is a credential too. */
const PRODUCTION_URL_PASSWORDS: readonly { variable: string; minBytes?: number }[] = [
  { variable: 'DATABASE_URL' },
  { variable: 'APP_DATABASE_URL' },
  { variable: 'DATABASE_POOL_URL' },
  { variable: 'DATABASE_READ_URL' },
  { variable: 'REDIS_URL' },
  // Mail providers issue SMTP passwords in their own format (some are 16 characters): only a
  // published one is refused.
  { variable: 'SMTP_URL', minBytes: 1 },
];

/** Every production secret problem of this environment (empty values already removed). */
export function productionSecretProblems(env: Env): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (variable: string, problem: SecretProblem | null) => {
    if (problem) problems.push({ variable, message: problem.message, reason: problem.reason });
  };
  for (const { variable, required, why, check } of PRODUCTION_SECRETS) {
    const options = { required: required(env), why };
    add(
      variable,
      check === 'aes-key' ? encryptionKeyProblem(env[variable], options) : secretProblem(env[variable], options),
    );
  }
  for (const { variable, minBytes } of PRODUCTION_URL_PASSWORDS)
    add(variable, urlPasswordProblem(env[variable], { minBytes }));
  return problems;
}

export interface ConfigProblem {
  variable: string;
  message: string;
  /** Set for secret problems: missing / too_short / published / weak. */
  reason?: SecretProblemReason;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** DATABASE_POOL_URL as given, or with the app role's name and password when it names no user. */
function pooledAppDatabaseUrl(poolUrl: string, role: string, password: string): string {
  return new URL(poolUrl).username ? poolUrl : deriveAppDatabaseUrl(poolUrl, role, password);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty string means "unset" for optional settings (docker-compose passes VAR= through).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  // Production refuses public or weak secrets (issue 15). One error names every problem, so an
  // operator fixes the environment once instead of once per restart.
  const secretProblems = cleaned.NODE_ENV === 'production' ? productionSecretProblems(cleaned) : [];
  const named = new Set(secretProblems.map((p) => p.variable));
  const parsed = configSchema.safeParse(cleaned);
  const schemaProblems = parsed.success
    ? []
    : parsed.error.issues
        .map((issue) => {
          const variable = String(issue.path[0] ?? '?');
          return {
            variable,
            message: cleaned[variable] === undefined ? 'is required but not set' : `is invalid: ${issue.message}`,
          };
        })
        .filter((p) => !named.has(p.variable)); // the secret check already says what is wrong with it
  if (!parsed.success || secretProblems.length > 0) throw new ConfigError([...schemaProblems, ...secretProblems]);
  const config = parsed.data;
  const directAppDatabaseUrl =
    config.APP_DATABASE_URL ?? deriveAppDatabaseUrl(config.DATABASE_URL, config.DB_APP_ROLE, config.DB_APP_PASSWORD);
  return {
    ...config,
    appDatabaseUrl: config.DATABASE_POOL_URL
      ? pooledAppDatabaseUrl(config.DATABASE_POOL_URL, config.DB_APP_ROLE, config.DB_APP_PASSWORD)
      : directAppDatabaseUrl,
    directAppDatabaseUrl,
    pooled: Boolean(config.DATABASE_POOL_URL),
    preparedStatements:
      config.DB_PREPARED_STATEMENTS === 'auto' ? !config.DATABASE_POOL_URL : config.DB_PREPARED_STATEMENTS === 'on',
    readDatabaseUrl: config.DATABASE_READ_URL
      ? pooledAppDatabaseUrl(config.DATABASE_READ_URL, config.DB_APP_ROLE, config.DB_APP_PASSWORD)
      : undefined,
    mediaDir: path.resolve(config.MEDIA_DIR),
    publicApiUrl: config.PUBLIC_API_URL ?? `http://127.0.0.1:${config.PORT}`,
    mpesaEncryptionKey: config.MPESA_ENCRYPTION_KEY ?? DEVELOPMENT_MPESA_KEY,
    whatsappAppSecret: config.WHATSAPP_APP_SECRET ?? 'sokoni-local-whatsapp-app-secret',
    mpesaCallbackIps: config.MPESA_CALLBACK_IP_ALLOWLIST.split(',')
      .map((ip) => ip.trim())
      .filter(Boolean),
    mediaStorage:
      config.S3_BUCKET && config.S3_REGION
        ? {
            kind: 's3',
            bucket: config.S3_BUCKET,
            region: config.S3_REGION,
            endpoint: config.S3_ENDPOINT,
            forcePathStyle: config.S3_FORCE_PATH_STYLE,
            credentials:
              config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
                ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
                : undefined,
          }
        : { kind: 'local', root: path.resolve(config.MEDIA_DIR) },
  };
}
