/**
 * The web app's only door to data: server-side calls to the Sokoni API (DESIGN §2: web never
 * touches Postgres/Redis). Every JSON response is validated with the shared zod contracts.
 *
 * Caching: results are kept in Next's data cache (`unstable_cache`) and tagged `store:<slug>`
 * (plus `product:<slug>:<product>` for one product's data), so POST /api/revalidate with those
 * tags refreshes exactly one store or product. We deliberately keep the per-request
 * `x-request-id` out of the cache key (a unique id per request would make every call a miss):
 * the key is the API base + path only; on a miss the fetch carries the current request's id, so
 * API logs correlate with the request that caused it.
 *
 * Callers pass the request's forwarded headers explicitly (storefront pages are Pages Router
 * pages, see pages/_document.tsx, so there is no `headers()` to read them from).
 */
import { unstable_cache } from 'next/cache';
import {
  areaListSchema,
  categoryListSchema,
  deliveryQuoteSchema,
  errorBodySchema,
  productListSchema,
  productResponseSchema,
  productSlugSchema,
  relatedProductsSchema,
  searchResultSchema,
  storeResponseSchema,
  storeHomeSchema,
  type StoreHome,
  storeSlugSchema,
  type Area,
  type CategoryList,
  type DeliveryQuote,
  type ProductCard,
  type ProductDetail,
  type ProductList,
  type SearchResult,
  type StoreSummary,
} from '@sokoni/contracts';
import { storefrontPromotionsSchema, type StorefrontPromotions } from '@sokoni/contracts';
import { apiUrl } from './config';
import { searchQueryString, type ListingQuery } from './listing';
import { REQUEST_ID_HEADER } from './store-context';

const REVALIDATE_SECONDS = 30;
/** Platform reference data (Nairobi areas) and generated sitemaps change rarely. */
const SLOW_REVALIDATE_SECONDS = 300;
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

export interface Forwarded {
  requestId?: string;
  /** The shopper's address, so the API rate-limits shoppers rather than this web server. */
  forwardedFor?: string;
  /** Only the events collector uses it (bot filtering, device class). */
  userAgent?: string;
}

/** The part of a zod schema we use (keeps zod itself out of this package's imports). */
interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

/** 200 -> data; 404 and 400 -> a code (the page decides); anything else throws. */
type Lookup<T> = { found: true; data: T } | { found: false; status: 400 | 404; code: string };

interface Fetched {
  status: number;
  text: string;
}

async function apiFetch(path: string, accept: string, forwarded: Forwarded): Promise<Fetched> {
  let res: Response;
  try {
    res = await fetch(`${apiUrl()}${path}`, {
      method: 'GET',
      headers: {
        accept,
        ...(forwarded.requestId ? { [REQUEST_ID_HEADER]: forwarded.requestId } : {}),
        ...(forwarded.forwardedFor ? { 'x-forwarded-for': forwarded.forwardedFor } : {}),
      },
      cache: 'no-store', // cached one level up by unstable_cache
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new ApiError(`API unreachable: GET ${path} (${(err as Error).message})`, null, path);
  }
  return { status: res.status, text: await res.text() };
}

function errorCode(text: string, fallback: string): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error.code : fallback;
  } catch {
    return fallback;
  }
}

/** GET an API path and validate the JSON body against a contract. */
async function getJson<T>(path: string, schema: Schema<T>, forwarded: Forwarded): Promise<Lookup<T>> {
  const { status, text } = await apiFetch(path, 'application/json', forwarded);
  if (status === 404 || status === 400) {
    return { found: false, status, code: errorCode(text, status === 404 ? 'not_found' : 'bad_request') };
  }
  if (status < 200 || status > 299) {
    throw new ApiError(`API error ${status} on GET ${path} (${errorCode(text, text.slice(0, 200))})`, status, path);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(`API response for GET ${path} is not JSON`, status, path);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(
      `API response for GET ${path} does not match the contract: ${parsed.error.message}`,
      status,
      path,
    );
  }
  return { found: true, data: parsed.data };
}

interface CacheOptions {
  /** Tags besides `store:<slug>`; omit the store for platform-wide data. */
  store: string | null;
  tags?: string[];
  revalidate?: number;
}

/** Data-cache wrapper: keyed by API base + path only (see header comment). */
function cached<T>(path: string, run: () => Promise<T>, options: CacheOptions): Promise<T> {
  const tags = [...(options.store ? [`store:${options.store}`] : []), ...(options.tags ?? [])];
  // The API base is part of the key: the data cache lives on disk across restarts, and a
  // different API (another environment, a test database) must never be answered from it.
  return unstable_cache(run, ['sokoni-api-v2', apiUrl(), path], {
    revalidate: options.revalidate ?? REVALIDATE_SECONDS,
    tags,
  })();
}

function cachedJson<T>(
  path: string,
  schema: Schema<T>,
  forwarded: Forwarded,
  options: CacheOptions,
): Promise<Lookup<T>> {
  return cached(path, () => getJson(path, schema, forwarded), options);
}

export function validStoreSlug(slug: string): boolean {
  return storeSlugSchema.safeParse(slug).success;
}

export function validSlug(slug: string): boolean {
  return productSlugSchema.safeParse(slug).success;
}

/** The store, or null when the slug is invalid or the API says it does not exist. */
export async function findStore(slug: string, forwarded: Forwarded): Promise<StoreSummary | null> {
  if (!validStoreSlug(slug)) return null;
  const r = await cachedJson(`/v1/stores/${slug}`, storeResponseSchema, forwarded, { store: slug });
  return r.found ? r.data.store : null;
}

/** All products of a store (following nextCursor server-side, up to MAX_PRODUCTS). */
export async function getStoreProducts(slug: string, forwarded: Forwarded): Promise<ProductCard[]> {
  const items: ProductCard[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const qs = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) qs.set('cursor', cursor);
    const r: Lookup<ProductList> = await cachedJson(`/v1/stores/${slug}/products?${qs}`, productListSchema, forwarded, {
      store: slug,
    });
    if (!r.found) throw new ApiError(`GET products of ${slug}: ${r.code}`, r.status, `/v1/stores/${slug}/products`);
    items.push(...r.data.items);
    const next = r.data.nextCursor;
    if (next !== null && seen.has(next)) break; // defensive: never loop on a stuck cursor
    if (next !== null) seen.add(next);
    cursor = next;
  } while (cursor !== null && items.length < MAX_PRODUCTS);
  return items.slice(0, MAX_PRODUCTS);
}

/** The first `limit` products of a store (the API's default order). */
export async function getFirstProducts(slug: string, limit: number, forwarded: Forwarded): Promise<ProductCard[]> {
  const r = await cachedJson(`/v1/stores/${slug}/products?limit=${limit}`, productListSchema, forwarded, {
    store: slug,
  });
  if (!r.found) throw new ApiError(`GET products of ${slug}: ${r.code}`, r.status, `/v1/stores/${slug}/products`);
  return r.data.items;
}

/** One product, or null (unknown or invalid slug). */
export async function getProduct(
  slug: string,
  productSlug: string,
  forwarded: Forwarded,
): Promise<ProductDetail | null> {
  if (!validSlug(productSlug)) return null;
  const r = await cachedJson(`/v1/stores/${slug}/products/${productSlug}`, productResponseSchema, forwarded, {
    store: slug,
    tags: [`product:${slug}:${productSlug}`],
  });
  return r.found ? r.data.product : null;
}

/** The store's categories (GET /v1/stores/:store/categories). Throws when unavailable. */
export async function getCategories(slug: string, forwarded: Forwarded): Promise<CategoryList['categories']> {
  const path = `/v1/stores/${slug}/categories`;
  const r = await cachedJson(path, categoryListSchema, forwarded, { store: slug });
  if (!r.found) throw new ApiError(`GET ${path}: ${r.status} ${r.code}`, r.status, path);
  return r.data.categories;
}

/** Related items of a product (GET .../products/:product/related). Throws when unavailable. */
export async function getRelated(slug: string, productSlug: string, forwarded: Forwarded): Promise<ProductCard[]> {
  const path = `/v1/stores/${slug}/products/${productSlug}/related`;
  const r = await cachedJson(path, relatedProductsSchema, forwarded, {
    store: slug,
    tags: [`product:${slug}:${productSlug}`],
  });
  if (!r.found) throw new ApiError(`GET ${path}: ${r.status} ${r.code}`, r.status, path);
  return r.data.items;
}

/**
 * Search / category listing (GET /v1/stores/:store/search). 400 (e.g. a stale cursor) comes
 * back as `found: false` so the page can recover.
 *
 * Only listings without free-form input (no text, no price bounds, no option filters) go
 * through the data cache: Next's file-system cache never evicts from disk, and every distinct
 * query string would be a new entry, so caching shopper-typed text would let anyone fill the
 * disk. Those requests go straight to the API (its search is indexed and fast).
 */
export async function searchProducts(
  slug: string,
  query: ListingQuery,
  forwarded: Forwarded,
): Promise<Lookup<SearchResult>> {
  const path = `/v1/stores/${slug}/search?${searchQueryString(query)}`;
  const bounded =
    query.q === '' && query.minPrice === undefined && query.maxPrice === undefined && query.opt.length === 0;
  if (!bounded) return getJson(path, searchResultSchema, forwarded);
  return cachedJson(path, searchResultSchema, forwarded, { store: slug });
}

/** Nairobi areas (platform reference data, GET /v1/areas). */
export async function getAreas(forwarded: Forwarded): Promise<Area[]> {
  const r = await cachedJson('/v1/areas', areaListSchema, forwarded, {
    store: null,
    tags: ['areas'],
    revalidate: SLOW_REVALIDATE_SECONDS,
  });
  if (!r.found) throw new ApiError(`GET /v1/areas: ${r.status} ${r.code}`, r.status, '/v1/areas');
  return r.data.areas;
}

/**
 * The store's delivery offer for an area (fee, ETA, free-delivery threshold, pickup), for the
 * area landing pages. Cached with the store's pages; null for an area the API does not know.
 */
export async function getAreaDeliveryQuote(
  slug: string,
  area: string,
  forwarded: Forwarded,
): Promise<DeliveryQuote | null> {
  const r = await cachedJson(
    `/v1/stores/${slug}/delivery/quote?area=${encodeURIComponent(area)}`,
    deliveryQuoteSchema,
    forwarded,
    { store: slug },
  );
  return r.found ? r.data : null;
}

/** The store's generated sitemap XML, or null for an unknown store. */
export async function getSitemapXml(slug: string, forwarded: Forwarded): Promise<string | null> {
  if (!validStoreSlug(slug)) return null;
  const path = `/v1/stores/${slug}/sitemap.xml`;
  return cached(
    path,
    async () => {
      const { status, text } = await apiFetch(path, 'application/xml', forwarded);
      if (status === 404) return null;
      if (status !== 200) throw new ApiError(`API error ${status} on GET ${path}`, status, path);
      return text;
    },
    { store: slug, revalidate: SLOW_REVALIDATE_SECONDS },
  );
}

/** The home page's hero and the owner's sections with what they show (store identity). Throws when unavailable. */
export async function getStoreHome(slug: string, forwarded: Forwarded): Promise<StoreHome> {
  const path = `/v1/stores/${slug}/home`;
  const r = await cachedJson(path, storeHomeSchema, forwarded, { store: slug });
  if (!r.found) throw new ApiError(`GET ${path}: ${r.status} ${r.code}`, r.status, path);
  return r.data;
}

/** The automatic promotions running in a store (sale badges, promotion strip; lib/promotions.ts). */
export async function getStorePromotions(slug: string, forwarded: Forwarded): Promise<StorefrontPromotions | null> {
  if (!validStoreSlug(slug)) return null;
  const r = await cachedJson(`/v1/stores/${slug}/promotions`, storefrontPromotionsSchema, forwarded, { store: slug });
  return r.found ? r.data : null;
}
