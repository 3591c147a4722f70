/** Runtime configuration of the web app. Only these env vars are read. */

const DEFAULT_API_URL = 'http://127.0.0.1:4000';
const DEFAULT_PLATFORM_DOMAIN = 'localhost';

/** Base URL of the Sokoni API, no trailing slash. Read per call so `next start` honours it. */
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
