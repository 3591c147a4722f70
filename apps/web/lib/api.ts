/**
 * The web app's only door to data: server-side calls to the Sokoni API (DESIGN §2: web never
 * touches Postgres/Redis). Every response is validated with the shared zod contracts.
 *
 * Caching: results are kept in Next's data cache for 30 s and tagged `store:<slug>`, so a
 * `revalidateTag('store:<slug>')` refreshes one store. We deliberately do not put the
 * per-request `x-request-id` into a cached `fetch()`'s headers: Next includes request headers
 * in the fetch cache key, so a unique id per request would turn every call into a miss.
 * Instead the fetch runs inside `unstable_cache`, keyed by URL only; on a miss the fetch
 * carries the current request's id, so API logs correlate with the request that caused it.
 */
import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { unstable_cache } from 'next/cache';
import {
  errorBodySchema,
  productListSchema,
  productResponseSchema,
  productSlugSchema,
  storeResponseSchema,
  storeSlugSchema,
  type ProductCard,
  type ProductDetail,
  type ProductList,
  type StoreSummary,
} from '@sokoni/contracts';
import { apiUrl } from './config';
import { REQUEST_ID_HEADER } from './store-context';

const REVALIDATE_SECONDS = 30;
const TIMEOUT_MS = 10_000;
const PAGE_SIZE = 48;
/** Upper bound of products rendered on a store home (pages of PAGE_SIZE). */
const MAX_PRODUCTS = 200;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The part of a zod schema we use (keeps zod itself out of this package's imports). */
interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

type Found<T> = { found: true; data: T };
type Missing = { found: false; code: string };
type Lookup<T> = Found<T> | Missing;

interface Forwarded {
  requestId?: string;
  /** The shopper's address, so the API rate-limits shoppers rather than this web server. */
  forwardedFor?: string;
}

async function forwardedHeaders(): Promise<Forwarded> {
  try {
    const h = await headers();
    return { requestId: h.get(REQUEST_ID_HEADER) ?? undefined, forwardedFor: h.get('x-forwarded-for') ?? undefined };
  } catch {
    return {}; // outside a request (should not happen for these pages)
  }
}

/** GET an API path; 200 -> validated data, 404 -> Missing, anything else throws. */
async function getJson<T>(path: string, schema: Schema<T>, forwarded: Forwarded): Promise<Lookup<T>> {
  const url = `${apiUrl()}${path}`;
  const init: RequestInit = {
    method: 'GET',
    headers: {
      accept: 'application/json',
      ...(forwarded.requestId ? { [REQUEST_ID_HEADER]: forwarded.requestId } : {}),
      ...(forwarded.forwardedFor ? { 'x-forwarded-for': forwarded.forwardedFor } : {}),
    },
    cache: 'no-store', // cached one level up by unstable_cache
    signal: AbortSignal.timeout(TIMEOUT_MS),
  };
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new ApiError(`API unreachable: GET ${path} (${(err as Error).message})`, null, path);
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* non-JSON body, handled below */
  }
  if (res.status === 404) {
    const parsed = errorBodySchema.safeParse(body);
    return { found: false, code: parsed.success ? parsed.data.error.code : 'not_found' };
  }
  if (!res.ok) {
    const parsed = errorBodySchema.safeParse(body);
    const detail = parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : text.slice(0, 200);
    throw new ApiError(`API error ${res.status} on GET ${path} (${detail})`, res.status, path);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(`API response for GET ${path} does not match the contract: ${parsed.error.message}`, res.status, path);
  }
  return { found: true, data: parsed.data };
}

/** Data-cache wrapper: keyed by the path only (see header comment), tagged per store. */
async function cachedGet<T>(
  path: string,
  schema: Schema<T>,
  store: string,
  extraTags: string[] = [],
): Promise<Lookup<T>> {
  const forwarded = await forwardedHeaders();
  // The API base is part of the key: the data cache lives on disk across restarts, and a
  // different API (another environment, a test database) must never be answered from it.
  const run = unstable_cache(() => getJson(path, schema, forwarded), ['sokoni-api-v1', apiUrl(), path], {
    revalidate: REVALIDATE_SECONDS,
    tags: [`store:${store}`, ...extraTags],
  });
  return run();
}

function validStoreSlug(slug: string): boolean {
  return storeSlugSchema.safeParse(slug).success;
}

/** The store, or null when the slug is invalid or the API says it does not exist. */
export const findStore = cache(async (slug: string): Promise<StoreSummary | null> => {
  if (!validStoreSlug(slug)) return null;
  const r = await cachedGet(`/v1/stores/${slug}`, storeResponseSchema, slug);
  return r.found ? r.data.store : null;
});

/** The store, or the 404 page. */
export async function getStore(slug: string): Promise<StoreSummary> {
  const store = await findStore(slug);
  if (!store) notFound();
  return store;
}

/** All products of a store (following nextCursor server-side, up to MAX_PRODUCTS). */
export const getStoreProducts = cache(async (slug: string): Promise<ProductCard[]> => {
  if (!validStoreSlug(slug)) notFound();
  const items: ProductCard[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const qs = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) qs.set('cursor', cursor);
    const r: Lookup<ProductList> = await cachedGet(`/v1/stores/${slug}/products?${qs}`, productListSchema, slug);
    if (!r.found) notFound();
    items.push(...r.data.items);
    const next = r.data.nextCursor;
    if (next !== null && seen.has(next)) break; // defensive: never loop on a stuck cursor
    if (next !== null) seen.add(next);
    cursor = next;
  } while (cursor !== null && items.length < MAX_PRODUCTS);
  return items.slice(0, MAX_PRODUCTS);
});

/** One product, or the 404 page (unknown store or unknown product). */
export const getProduct = cache(async (slug: string, productSlug: string): Promise<ProductDetail> => {
  if (!validStoreSlug(slug) || !productSlugSchema.safeParse(productSlug).success) notFound();
  const r = await cachedGet(`/v1/stores/${slug}/products/${productSlug}`, productResponseSchema, slug, [
    `product:${slug}:${productSlug}`,
  ]);
  if (!r.found) notFound();
  return r.data.product;
});
