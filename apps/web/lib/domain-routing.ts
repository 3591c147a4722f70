/**
 * Custom domains in the proxy (proxy.ts): which store a verified host serves and which host is a
 * store's canonical one, asked from the API (GET /v1/domains/lookup) and cached in this process
 * for DOMAIN_CACHE_TTL_MS. The API drops this cache when a domain changes (POST
 * /api/domains/invalidate with REVALIDATE_SECRET), so a removed domain stops serving at once; with
 * several web processes the others follow within the TTL. No Next.js server imports: proxy.ts
 * imports it.
 */
import { domainLookupSchema } from '@sokoni/contracts';
import { apiUrl, platformDomain, revalidateSecret } from './config';

export const STORE_ORIGIN_HEADER = 'x-sokoni-store-origin';

/** Positive answers are kept this long; "no such host" a shorter time (a new domain shows up soon). */
const DOMAIN_CACHE_TTL_MS = 10_000;
const DOMAIN_MISS_TTL_MS = 3_000;
const LOOKUP_TIMEOUT_MS = 3_000;

export interface DomainAnswer {
  store: string;
  primaryHost: string | null;
}

/** found: the answer; missing: the API says no (404); error: the API could not answer. */
export type Lookup = { kind: 'found'; answer: DomainAnswer } | { kind: 'missing' } | { kind: 'error' };

interface Entry {
  expires: number;
  value: Promise<Lookup>;
}

// On globalThis: the proxy and route handlers may be bundled separately; one cache per process.
const CACHE_KEY = Symbol.for('sokoni.domain-cache');
const globalCache = globalThis as unknown as Record<symbol, Map<string, Entry> | undefined>;
function cache(): Map<string, Entry> {
  return (globalCache[CACHE_KEY] ??= new Map<string, Entry>());
}

const HOST_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/** The Host header without port and trailing dot, lowercased; null when it is not a plain name. */
export function hostName(hostHeader: string | null): { name: string; port: string | null } | null {
  if (!hostHeader) return null;
  const m = /^([^:]+?)\.?(?::(\d{1,5}))?$/.exec(hostHeader.trim().toLowerCase());
  if (!m?.[1]) return null;
  return { name: m[1], port: m[2] ?? null };
}

/**
 * Could this host be a merchant's own domain? Not the platform domain or a subdomain of it, not
 * localhost, not an IP literal: those keep today's behaviour (landing page, platform subdomains).
 */
export function isCustomHostCandidate(name: string): boolean {
  const platform = platformDomain();
  if (name === platform || name.endsWith(`.${platform}`)) return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return false;
  if (/^\d+(\.\d+){3}$/.test(name) || name.includes(':')) return false;
  return HOST_RE.test(name) && !/^\d+$/.test(name.split('.').pop() ?? '');
}

async function ask(query: string, requestId: string): Promise<Lookup> {
  try {
    const res = await fetch(`${apiUrl()}/v1/domains/lookup?${query}`, {
      headers: { 'x-request-id': requestId },
      signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      cache: 'no-store',
    });
    if (res.status === 404 || res.status === 400) return { kind: 'missing' };
    if (!res.ok) return { kind: 'error' };
    const parsed = domainLookupSchema.safeParse(await res.json());
    if (!parsed.success) return { kind: 'error' };
    return { kind: 'found', answer: { store: parsed.data.store, primaryHost: parsed.data.primaryHost } };
  } catch {
    return { kind: 'error' };
  }
}

function cached(key: string, query: string, requestId: string): Promise<Lookup> {
  const now = Date.now();
  const hit = cache().get(key);
  if (hit && hit.expires > now) return hit.value;
  const value = ask(query, requestId);
  const entry: Entry = { expires: now + DOMAIN_CACHE_TTL_MS, value };
  cache().set(key, entry);
  // Misses are kept briefly and errors not at all.
  void value.then((result) => {
    if (result.kind === 'error') cache().delete(key);
    else if (result.kind === 'missing') entry.expires = Math.min(entry.expires, Date.now() + DOMAIN_MISS_TTL_MS);
  });
  return value;
}

/** The store a custom host serves (only verified hosts of live stores). */
export function lookupHost(name: string, requestId: string): Promise<Lookup> {
  return cached(`h:${name}`, `host=${encodeURIComponent(name)}`, requestId);
}

/** A store's canonical custom host, if it has a verified primary one. */
export function lookupStore(slug: string, requestId: string): Promise<Lookup> {
  return cached(`s:${slug}`, `store=${encodeURIComponent(slug)}`, requestId);
}

/** POST /api/domains/invalidate from the API: forget everything now. true when the secret matched. */
export function invalidateDomainCache(secretHeader: string | null): boolean {
  const secret = revalidateSecret();
  if (!secret || secretHeader === null || !sameText(secretHeader, secret)) return false;
  cache().clear();
  return true;
}

/** Constant-time comparison (the length alone may show). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
