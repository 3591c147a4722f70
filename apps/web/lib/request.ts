/**
 * What a storefront page needs to know about the request it is answering: which store, which
 * URL form the shopper used (links must stay in that form), the canonical origin for SEO tags,
 * and the headers forwarded to the API. Pages Router pages get Node's IncomingMessage, route
 * handlers a Fetch `Headers`: both are accepted.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Forwarded } from './api';
import { platformDomain, publicScheme } from './config';
import { STORE_ORIGIN_HEADER } from './domain-routing';
import { REQUEST_ID_HEADER, STORE_HEADER, STORE_MODE_HEADER, storeBasePath, type StoreMode } from './store-context';

type HeaderSource = IncomingHttpHeaders | Headers;

function header(source: HeaderSource, name: string): string | null {
  if (source instanceof Headers) return source.get(name);
  const value = source[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

export interface StoreRequest {
  /** The store slug from the route (not yet checked against the API). */
  slug: string;
  /** Link prefix: '' in host form, `/s/<slug>` in path form. */
  base: string;
  mode: StoreMode;
  /** Canonical origin of the store, e.g. `https://saa-bora.sokoni.co.ke` (no trailing slash). */
  origin: string;
  forwarded: Forwarded;
}

/**
 * Shopper IP and correlation id, passed on to the API (rate limits and logs per shopper).
 * X-Forwarded-For here is the one server.mjs set from the socket: the peer's address, or a
 * trusted proxy's chain ending with the client it saw. The API believes only that last entry.
 * Under plain `next start` or `next dev` it would be whatever the client sent: production runs
 * server.mjs (package.json "start", the Dockerfile, scripts/start.mjs, tests).
 */
export function forwardedFrom(source: HeaderSource): Forwarded {
  return {
    requestId: header(source, REQUEST_ID_HEADER) ?? undefined,
    forwardedFor: header(source, 'x-forwarded-for') ?? undefined,
    userAgent: header(source, 'user-agent') ?? undefined,
  };
}

/**
 * The canonical storefront origin is always the host form, `<slug>.<PLATFORM_DOMAIN>`.
 * The port is kept when the shopper used the host form (it is the URL they have), and in local
 * development (PLATFORM_DOMAIN=localhost) also for the path form, so links work on a laptop.
 * The host header itself is never echoed: only its port digits are used, so a forged Host
 * cannot inject anything into canonical or og:url tags.
 */
export function canonicalOrigin(slug: string, mode: StoreMode, hostHeader: string | null): string {
  const domain = platformDomain();
  const port = /:(\d{1,5})$/.exec(hostHeader ?? '')?.[1];
  const keepPort = port !== undefined && (mode === 'host' || domain === 'localhost');
  return `${publicScheme()}://${slug}.${domain}${keepPort ? `:${port}` : ''}`;
}

/**
 * The store's verified primary custom domain is canonical when it has one: proxy.ts puts it in
 * x-sokoni-store-origin (always cleared first, so a client cannot set it), with the port only
 * when the shopper is on that host with one (local development).
 */
function customOrigin(value: string | null, applies: boolean): string | null {
  if (!applies || !value || !/^[a-z0-9.-]+(:\d{1,5})?$/.test(value)) return null;
  return `${publicScheme()}://${value}`;
}

export function storeRequest(source: HeaderSource, slug: string): StoreRequest {
  const hostStore = header(source, STORE_HEADER);
  const rawMode = header(source, STORE_MODE_HEADER);
  const mode: StoreMode = rawMode === 'host' && hostStore === slug ? 'host' : 'path';
  return {
    slug,
    base: storeBasePath(slug, hostStore, rawMode),
    mode,
    origin:
      customOrigin(header(source, STORE_ORIGIN_HEADER), hostStore === slug || mode === 'path') ??
      canonicalOrigin(slug, mode, header(source, 'host')),
    forwarded: forwardedFrom(source),
  };
}
