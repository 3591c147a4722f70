/**
 * Runtime configuration of the web app. Only these env vars are read, each per call, so
 * `next start` honours what it is started with (nothing is frozen into the build).
 *
 *   API_URL               base URL of the Sokoni API (server side only)
 *   PLATFORM_DOMAIN       storefronts live at `<slug>.<PLATFORM_DOMAIN>`
 *   PUBLIC_ORIGIN_SCHEME  scheme of canonical/Open Graph URLs: 'http' (default) or 'https'
 *   REVALIDATE_SECRET     shared secret of POST /api/revalidate; unset = the hook is disabled.
 *                         In production a set value must be strong and unpublished, or the server
 *                         refuses to start (lib/production-secrets.ts, called from instrumentation.ts)
 */

const DEFAULT_API_URL = 'http://127.0.0.1:4000';
const DEFAULT_PLATFORM_DOMAIN = 'localhost';

/** Base URL of the Sokoni API, no trailing slash. */
export function apiUrl(): string {
  return (process.env.API_URL || DEFAULT_API_URL).replace(/\/+$/, '');
}

/** Storefronts live at `<slug>.<PLATFORM_DOMAIN>`; lowercase, no port. */
export function platformDomain(): string {
  return (process.env.PLATFORM_DOMAIN || DEFAULT_PLATFORM_DOMAIN)
    .trim()
    .toLowerCase()
    .replace(/^\.+|\.+$/g, '')
    .replace(/:\d+$/, '');
}

/** Scheme of the public (canonical) storefront URLs. TLS ends in front of us, so we are told. */
export function publicScheme(): 'http' | 'https' {
  return process.env.PUBLIC_ORIGIN_SCHEME?.trim().toLowerCase() === 'https' ? 'https' : 'http';
}

/** The revalidation hook's secret, or null when the hook is disabled. */
export function revalidateSecret(): string | null {
  const secret = process.env.REVALIDATE_SECRET?.trim();
  return secret ? secret : null;
}
