/**
 * Secrets in production (issue 15, "no public secrets"): the ONE list of credential values that
 * are written somewhere in this repository (config defaults, .env.example, docker-compose
 * fallbacks, test helpers, scripts, the sandbox) and the checks the API, the worker
 * (apps/api/src/config/config.ts) and the web (apps/web/lib/production-secrets.ts) run on their
 * secrets before they start with NODE_ENV=production. A value in a public repository is not a
 * secret: with the old default CART_TOKEN_SECRET anyone could mint a shopper session.
 *
 * tests/security/production-secrets.test.ts scans every git-tracked file for values assigned to
 * SECRET_VARIABLES and fails when one is missing below, so this list cannot fall behind. Values
 * removed from the repository stay listed: they were published (git history keeps them).
 *
 * No Node-only API here: the package is shared with the web app.
 */

/** Random bytes a secret must have at least (the length of `openssl rand -base64 32`'s input). */
export const MIN_SECRET_BYTES = 32;

/** How to make a good one; quoted in error messages, .env.example and the README. */
export const GENERATE_SECRET_HINT = 'generate one with: openssl rand -base64 32';

/** Every environment variable of this repository that holds a credential. */
export const SECRET_VARIABLES = [
  'CART_TOKEN_SECRET',
  'MPESA_ENCRYPTION_KEY',
  'REVALIDATE_SECRET',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
  'WHATSAPP_ACCESS_TOKEN',
  'DELIVERY_PARTNER_WEBHOOK_SECRET',
  'DELIVERY_PARTNER_API_KEY',
  'SMS_API_KEY',
  'DB_APP_PASSWORD',
  'S3_SECRET_ACCESS_KEY',
  'VAPID_PRIVATE_KEY',
  'POSTGRES_PASSWORD',
  'GRAFANA_ADMIN_PASSWORD',
] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** Development, test and example credential values written in this repository (see above). */
export const PUBLISHED_SECRET_VALUES: readonly string[] = [
  // apps/api/src/config/config.ts defaults and development fallbacks
  'local-development-cart-secret-change-me-0000',
  'sokoni_app_local_only',
  'sokoni-local-sandbox',
  'sokoni-local-whatsapp-token',
  'sokoni-local-verify-token',
  'sokoni-local-sms-key',
  'sokoni-local-whatsapp-app-secret',
  'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=', // DEVELOPMENT_MPESA_KEY = 32 x 0x01
  // docker-compose.yml fallbacks (before issue 15) and .env.example values
  'local-only-whatsapp-app-secret',
  'bG9jYWwtb25seS1tcGVzYS1rZXktY2hhbmdlLW1lISE=', // "local-only-mpesa-key-change-me!!"
  'sokoni', // POSTGRES_PASSWORD
  'postgres', // the password in .env.example's DATABASE_URL
  'admin', // GRAFANA_ADMIN_PASSWORD
  // tests/helpers and the tests' own fixed secrets
  'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=', // TEST_MPESA_ENCRYPTION_KEY = 32 x 0x07
  'test-whatsapp-app-secret-0000',
  'test-whatsapp-verify-token',
  'test-revalidate-secret-0123456789',
  'deliveries-test-webhook-secret-01',
  'sandbox-test-webhook-secret-0001',
  'test-app-secret-0123456789',
  'good-verify-token',
  'S3RVER', // s3rver's fixed access key and secret (the tests' local S3 stand-in)
  // apps/sandbox and the demo seed: Daraja's public sandbox passkey, the demo accounts' password
  'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
  'sokoni-demo-2026',
];

const PUBLISHED = new Set(PUBLISHED_SECRET_VALUES);

export type SecretProblemReason = 'missing' | 'too_short' | 'published' | 'weak';

export interface SecretProblem {
  reason: SecretProblemReason;
  /** Completes "<VARIABLE> ...", e.g. "is too short: 12 bytes, ...". */
  message: string;
}

const byteLength = (value: string): number => new TextEncoder().encode(value).length;

/** `openssl rand -base64 32` / base64url, with or without padding -> the bytes; null if not base64. */
export function decodeBase64(value: string): Uint8Array | null {
  const normal = value.trim().replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normal)) return null;
  try {
    const binary = atob(normal.padEnd(Math.ceil(normal.length / 4) * 4, '='));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Published values that are base64 keys, decoded: another spelling of the same key is refused too. */
const PUBLISHED_KEYS: Uint8Array[] = PUBLISHED_SECRET_VALUES.map((v) =>
  /^[A-Za-z0-9+/_-]{43}=?$/.test(v) ? decodeBase64(v) : null,
).filter((k): k is Uint8Array => k !== null && k.length === 32);

/** True when the value is written in this repository (trimmed: a stray newline changes nothing). */
export function isPublishedSecret(value: string): boolean {
  return PUBLISHED.has(value.trim());
}

const missing = (why: string): SecretProblem => ({
  reason: 'missing',
  message: `is required in production but not set (${why}); ${GENERATE_SECRET_HINT}`,
});
const published = (): SecretProblem => ({
  reason: 'published',
  message: `is a value published in the repository (a development, test or example value anyone can read); ${GENERATE_SECRET_HINT}`,
});

/**
 * What is wrong with a secret in production, or null. `required: false` = unset is safe (the
 * caller says why); set, it must still be good. `minBytes` is lowered only for credentials a
 * provider issues in its own format (e.g. an SMTP password).
 */
export function secretProblem(
  value: string | undefined,
  options: { required: boolean; why?: string; minBytes?: number },
): SecretProblem | null {
  const secret = value?.trim() ?? '';
  if (secret === '') return options.required ? missing(options.why ?? 'no safe default') : null;
  if (PUBLISHED.has(secret)) return published();
  const minBytes = options.minBytes ?? MIN_SECRET_BYTES;
  if (byteLength(secret) < minBytes) {
    return {
      reason: 'too_short',
      message: `is too short: ${byteLength(secret)} bytes, production needs at least ${minBytes} random bytes; ${GENERATE_SECRET_HINT}`,
    };
  }
  if (new Set(secret).size === 1)
    return { reason: 'weak', message: `is one character repeated, not a random secret; ${GENERATE_SECRET_HINT}` };
  return null;
}

/**
 * An AES-256 key given as base64 (MPESA_ENCRYPTION_KEY): 32 bytes that are neither a published
 * key (in any base64 spelling) nor one byte repeated (Buffer.alloc(32, n), the usual test key).
 */
export function encryptionKeyProblem(
  value: string | undefined,
  options: { required: boolean; why?: string },
): SecretProblem | null {
  const text = value?.trim() ?? '';
  if (text === '') return options.required ? missing(options.why ?? 'no safe default') : null;
  if (PUBLISHED.has(text)) return published();
  const key = decodeBase64(text);
  if (!key || key.length !== 32) {
    return {
      reason: 'too_short',
      message: `must be 32 random bytes, base64-encoded (got ${key ? `${key.length} bytes` : 'no base64'}); ${GENERATE_SECRET_HINT}`,
    };
  }
  if (PUBLISHED_KEYS.some((k) => sameBytes(k, key))) return published();
  if (new Set(key).size === 1)
    return { reason: 'weak', message: `is one byte repeated 32 times, not a random key; ${GENERATE_SECRET_HINT}` };
  return null;
}

/**
 * The password inside a connection URL (postgres://user:password@host/db, redis://:password@host),
 * checked like any secret when there is one; none (trust, socket or IAM auth) is fine.
 */
export function urlPasswordProblem(url: string | undefined, options: { minBytes?: number } = {}): SecretProblem | null {
  if (!url) return null;
  let password: string;
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return null; // a malformed URL is the config schema's to report
  }
  const problem = secretProblem(password, { required: false, minBytes: options.minBytes });
  // Hex, not base64: '/', '+' and '=' would need escaping inside a URL.
  return problem
    ? {
        ...problem,
        message: `has a password that ${problem.message.replace(GENERATE_SECRET_HINT, 'generate one with: openssl rand -hex 32')}`,
      }
    : null;
}
