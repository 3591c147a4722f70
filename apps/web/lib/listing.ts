/**
 * Category and search listings: the shopper's URL query -> a clean search request, and back to
 * links. Every filter is a plain link or GET form (they work without JavaScript), so the URL is
 * the whole state. Anything malformed in the URL is dropped rather than answered with an error:
 * a shopper with a mangled WhatsApp link still gets a page.
 */
import { formatNumber } from './format';

export const SORTS = ['relevance', 'price_asc', 'price_desc', 'newest'] as const;
export type Sort = (typeof SORTS)[number];

/** Results per page: two columns on a phone, so an even number; 24 keeps the HTML small. */
export const LISTING_PAGE_SIZE = 24;

export interface ListingQuery {
  q: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock: boolean;
  /** `<Name>:<value>` pairs, as the API takes them. */
  opt: string[];
  sort: Sort;
  cursor?: string;
  limit: number;
  /** Display only ("page 2"): cursors are opaque, so the page number travels beside them. */
  page: number;
}

const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const OPT_RE = /^[^:]{1,40}:.{1,60}$/;
const PRICE_RE = /^\d{1,9}$/;

function all(query: URLSearchParams, key: string): string[] {
  return query.getAll(key);
}

function first(query: URLSearchParams, key: string): string | undefined {
  return query.get(key) ?? undefined;
}

function price(value: string | undefined): number | undefined {
  const v = value?.replace(/[,\s]/g, '');
  return v && PRICE_RE.test(v) ? Number(v) : undefined;
}

/**
 * The URL query of a listing page -> a valid search request (invalid parts dropped). Takes the
 * URL's own query string, not Next's `ctx.query` (which mixes in route params such as the
 * category slug of /c/<category>).
 */
export function parseListingQuery(query: URLSearchParams, fixedCategory?: string): ListingQuery {
  const q = (first(query, 'q') ?? '').replace(/\s+/g, ' ').trim().slice(0, 100);
  const categoryParam = first(query, 'category');
  const category =
    fixedCategory ??
    (categoryParam && categoryParam.length <= 120 && SLUG_RE.test(categoryParam) ? categoryParam : undefined);
  let minPrice = price(first(query, 'minPrice'));
  let maxPrice = price(first(query, 'maxPrice'));
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice)
    [minPrice, maxPrice] = [maxPrice, minPrice];
  const sortParam = first(query, 'sort');
  const sort = (SORTS as readonly string[]).includes(sortParam ?? '') ? (sortParam as Sort) : 'relevance';
  const opt = [...new Set(all(query, 'opt').filter((o) => OPT_RE.test(o)))].slice(0, 20);
  const cursorParam = first(query, 'cursor');
  const cursor = cursorParam && cursorParam.length <= 300 ? cursorParam : undefined;
  const pageParam = Number(first(query, 'page'));
  const page = cursor && Number.isInteger(pageParam) && pageParam >= 2 && pageParam <= 999 ? pageParam : 1;
  return {
    q,
    category,
    minPrice,
    maxPrice,
    inStock: first(query, 'inStock') === 'true',
    opt,
    sort,
    cursor,
    limit: LISTING_PAGE_SIZE,
    page,
  };
}

/** Query string for GET /v1/stores/:store/search (contracts/src/search.ts). */
export function searchQueryString(query: ListingQuery): string {
  const qs = new URLSearchParams();
  qs.set('q', query.q);
  if (query.category) qs.set('category', query.category);
  if (query.minPrice !== undefined) qs.set('minPrice', String(query.minPrice));
  if (query.maxPrice !== undefined) qs.set('maxPrice', String(query.maxPrice));
  if (query.inStock) qs.set('inStock', 'true');
  for (const o of query.opt) qs.append('opt', o);
  qs.set('sort', query.sort);
  qs.set('limit', String(query.limit));
  if (query.cursor) qs.set('cursor', query.cursor);
  return qs.toString();
}

export type ListingChange = Partial<
  Pick<ListingQuery, 'q' | 'category' | 'minPrice' | 'maxPrice' | 'inStock' | 'opt' | 'sort'>
>;

/**
 * A link to the same listing with some filters changed. Changing anything starts again at the
 * first page (a cursor belongs to one exact query). `categoryInPath`: the category page has the
 * category in its path, so it is not repeated in the query.
 */
export function listingHref(
  pathname: string,
  current: ListingQuery,
  change: ListingChange = {},
  options: { categoryInPath?: boolean; cursor?: string; page?: number } = {},
): string {
  const next = { ...current, ...change };
  const qs = new URLSearchParams();
  if (next.q) qs.set('q', next.q);
  if (next.category && !options.categoryInPath) qs.set('category', next.category);
  if (next.minPrice !== undefined) qs.set('minPrice', String(next.minPrice));
  if (next.maxPrice !== undefined) qs.set('maxPrice', String(next.maxPrice));
  if (next.inStock) qs.set('inStock', 'true');
  for (const o of next.opt) qs.append('opt', o);
  if (next.sort !== 'relevance') qs.set('sort', next.sort);
  if (options.cursor) {
    qs.set('cursor', options.cursor);
    if (options.page && options.page > 1) qs.set('page', String(options.page));
  }
  const s = qs.toString();
  return s ? `${pathname}?${s}` : pathname;
}

/** Hidden inputs that carry the current filters through a GET form (all but `omit`). */
export function hiddenFields(
  current: ListingQuery,
  omit: (keyof ListingQuery)[],
  categoryInPath: boolean,
): [string, string][] {
  const fields: [string, string][] = [];
  const keep = (key: keyof ListingQuery) => !omit.includes(key);
  if (keep('q') && current.q) fields.push(['q', current.q]);
  if (keep('category') && current.category && !categoryInPath) fields.push(['category', current.category]);
  if (keep('minPrice') && current.minPrice !== undefined) fields.push(['minPrice', String(current.minPrice)]);
  if (keep('maxPrice') && current.maxPrice !== undefined) fields.push(['maxPrice', String(current.maxPrice)]);
  if (keep('inStock') && current.inStock) fields.push(['inStock', 'true']);
  if (keep('opt')) for (const o of current.opt) fields.push(['opt', o]);
  if (keep('sort') && current.sort !== 'relevance') fields.push(['sort', current.sort]);
  return fields;
}

export function toggleOpt(current: string[], value: string): string[] {
  return current.includes(value) ? current.filter((o) => o !== value) : [...current, value];
}

/** Does the listing have any filter the shopper can clear (text and category aside)? */
export function hasFilters(q: ListingQuery): boolean {
  return q.minPrice !== undefined || q.maxPrice !== undefined || q.inStock || q.opt.length > 0;
}

export interface PriceBucket {
  min?: number;
  max?: number;
  label: string;
}

/** The nearest "round" shop price: 1, 2 or 5 times a power of ten (log scale). */
function roundPrice(value: number): number {
  const exp = Math.floor(Math.log10(value));
  const base = 10 ** exp;
  const candidates = [1, 2, 5, 10].map((m) => m * base);
  return candidates.reduce((best, c) => (Math.abs(Math.log(c / value)) < Math.abs(Math.log(best / value)) ? c : best));
}

/**
 * Up to four price ranges over [min, max], split on a log scale (shop prices bunch at the low
 * end) and rounded to prices people say ("under 20,000"), e.g. 9,000..180,000 ->
 * under 20,000 / 20,000-50,000 / 50,000-100,000 / over 100,000.
 */
export function priceBuckets(min: number | null, max: number | null): PriceBucket[] {
  if (min === null || max === null || max <= 0 || max <= min) return [];
  const lo = Math.max(min, 1);
  const edges: number[] = [];
  for (let i = 1; i < 4; i++) {
    const edge = roundPrice(lo * (max / lo) ** (i / 4));
    if (edge > min && edge < max && !edges.includes(edge)) edges.push(edge);
  }
  if (edges.length === 0) return [];
  const buckets: PriceBucket[] = [{ max: edges[0]! - 1, label: `Under ${formatNumber(edges[0]!)}` }];
  for (let i = 1; i < edges.length; i++) {
    buckets.push({
      min: edges[i - 1],
      max: edges[i]! - 1,
      label: `${formatNumber(edges[i - 1]!)} – ${formatNumber(edges[i]!)}`,
    });
  }
  buckets.push({ min: edges[edges.length - 1], label: `Over ${formatNumber(edges[edges.length - 1]!)}` });
  return buckets;
}
