import { Injectable } from '@nestjs/common';
import type { CategoryList, ProductCard, SearchQuery, SearchResult } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { OrdersService } from '../orders/orders.service';
import { TenantDb } from '../../platform/tenant-db';
import { CatalogCache } from './catalog-cache';
import { toProductCard, type ProductCardRow } from './product-card';
import { compareOptionValues, fuzzyEligible, parseOptionFilter, searchWords } from './search-text';
import {
  SearchRepository,
  type RelatedAnchor,
  type SearchAfter,
  type SearchCardRow,
  type SearchRow,
  type SearchSort,
  type SearchTerm,
} from './search.repository';
import type { RequestContext } from '../../platform/request-context';

/**
 * pg_trgm word similarity from which a word counts as a typo of a catalog word. 0.5 is what
 * "samsang" scores against "samsung" (one wrong letter in seven); the extension's default 0.6
 * misses it. Only used when the exact search found nothing, so it cannot add noise to good queries.
 */
const TYPO_SIMILARITY = 0.5;
export const RELATED_LIMIT = 8;
/** Largest Postgres integer: money columns are int4 KES. */
const MAX_KES = 2_147_483_647;

@Injectable()
export class SearchService {
  constructor(
    private readonly repository: SearchRepository,
    private readonly tenantDb: TenantDb,
    private readonly orders: OrdersService,
    private readonly cache: CatalogCache,
  ) {}

  /**
   * Full-text search with synonyms; if nothing matches, the same search again with typo
   * tolerance (interpretation.fuzzy says so). Empty q = browse, newest first unless sorted.
   */
  search(ctx: RequestContext, query: SearchQuery): Promise<SearchResult> {
    return this.cache.read(ctx, 'search', query, (trx) => this.searchUncached(trx, query));
  }

  private async searchUncached(trx: TenantTransaction, query: SearchQuery): Promise<SearchResult> {
    const words = searchWords(query.q);
    // Text that has no searchable word at all (only punctuation, emoji, symbols) matches nothing;
    // it is not a browse request.
    if (query.q !== '' && words.length === 0) return emptyResult(query.q);
    const sort: SearchSort = query.sort === 'relevance' && words.length === 0 ? 'newest' : query.sort;
    const after = query.cursor ? decodeCursor(query.cursor, sort) : null;
    const filters = {
      category: query.category ?? null,
      // Prices are int4 in Postgres; a bound beyond that means the same as the largest one.
      minPrice: query.minPrice === undefined ? null : Math.min(query.minPrice, MAX_KES),
      maxPrice: query.maxPrice === undefined ? null : Math.min(query.maxPrice, MAX_KES),
      inStock: query.inStock === true,
      options: dedupeOptions(query.opt.map(parseOptionFilter)),
    };

    const terms = words.length ? await this.termsFor(trx, words) : [];
    if (words.length > 0 && terms.length === 0) return emptyResult(query.q); // only stop words
    // One extra row tells whether another page exists.
    const limit = query.limit + 1;
    let typos = false;
    let found = await this.repository.search(trx, { terms, typos, filters }, sort, after, limit);
    if (found.total === 0 && terms.some((t) => t.fuzzy)) {
      await this.repository.useTypoThreshold(trx, TYPO_SIMILARITY);
      const typoFound = await this.repository.search(trx, { terms, typos: true, filters }, sort, after, limit);
      if (typoFound.total > 0) {
        typos = true;
        found = typoFound;
      }
    }
    const page = found.items.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toProductCard),
      nextCursor: found.items.length > query.limit && last ? encodeCursor(sort, sortKey(sort, last), last.slug) : null,
      total: found.total,
      facets: shapeFacets(found),
      interpretation: {
        q: query.q,
        expandedTerms: [...new Set(terms.flatMap((t) => t.expansions))],
        fuzzy: typos,
      },
    };
  }

  categories(ctx: RequestContext): Promise<CategoryList> {
    return this.cache.read(ctx, 'categories', {}, async (trx) => {
      const rows = await this.repository.categoriesWithProducts(trx);
      return {
        categories: rows.map((r) => ({
          slug: r.slug,
          name: r.name,
          productCount: r.product_count,
          ...(r.parent_slug ? { parentSlug: r.parent_slug } : {}),
        })),
      };
    });
  }

  /**
   * Up to 8 products to show under a product. Sources are tried in order until the list is full:
   * bought together (co-occurrence in paid orders, from the orders module's service), then
   * same-category neighbours.
   */
  async related(ctx: RequestContext, productSlug: string): Promise<{ items: ProductCard[] }> {
    return this.tenantDb.read(ctx, async (trx) => {
      const anchor = await this.repository.findAnchor(trx, productSlug);
      if (!anchor)
        throw ApiError.notFound('not_found', `No product "${productSlug}" in this store`, { product: productSlug });
      const boughtWith = await this.orders.boughtWith(trx, anchor.id, RELATED_LIMIT);
      const sources: RelatedSource[] = [
        (t, _a, exclude, limit) => this.repository.cardsByIds(t, boughtWith, exclude, limit),
        (t, a, exclude, limit) => this.repository.sameCategory(t, a, exclude, limit),
      ];
      const picked: ProductCardRow[] = [];
      for (const source of sources) {
        if (picked.length >= RELATED_LIMIT) break;
        picked.push(
          ...(await source(
            trx,
            anchor,
            picked.map((p) => p.id),
            RELATED_LIMIT - picked.length,
          )),
        );
      }
      return { items: picked.map(toProductCard) };
    });
  }

  private async termsFor(trx: TenantTransaction, words: string[]): Promise<SearchTerm[]> {
    const info = await this.repository.describeWords(trx, words);
    const kept = info.filter((w) => !w.stopword || w.expansions.length > 0);
    return kept.map((w) => ({
      word: w.word,
      expansions: w.expansions,
      // The last word may still be being typed ("sams", "samsung 128"): match it as a prefix.
      prefix: w.word === words[words.length - 1] && w.word.length >= 2,
      fuzzy: fuzzyEligible(w.word),
    }));
  }
}

type RelatedSource = (
  trx: TenantTransaction,
  anchor: RelatedAnchor,
  exclude: string[],
  limit: number,
) => Promise<ProductCardRow[]>;

function dedupeOptions(options: { name: string; value: string }[]) {
  const seen = new Set<string>();
  return options.filter((o) => {
    const key = `${o.name}\u0000${o.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function shapeFacets(row: SearchRow): SearchResult['facets'] {
  const byName = new Map<string, { value: string; label: string; count: number }[]>();
  for (const o of row.options) {
    const values = byName.get(o.name) ?? [];
    values.push({ value: o.value, label: o.value, count: o.count });
    byName.set(o.name, values);
  }
  return {
    categories: row.categories,
    options: [...byName.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, values]) => ({ name, values: values.sort((a, b) => compareOptionValues(a.value, b.value)) })),
    price: { min: row.price_min, max: row.price_max },
    inStock: row.in_stock,
  };
}

function emptyResult(q: string): SearchResult {
  return {
    items: [],
    nextCursor: null,
    total: 0,
    facets: { categories: [], options: [], price: { min: null, max: null }, inStock: 0 },
    interpretation: { q, expandedTerms: [], fuzzy: false },
  };
}

function sortKey(sort: SearchSort, row: SearchCardRow): string | number {
  switch (sort) {
    case 'relevance':
      return row.score;
    case 'price_asc':
    case 'price_desc':
      return row.price_kes ?? 0;
    case 'newest':
      return row.created_epoch;
  }
}

// Cursor: base64url of [sort, key, slug]. Opaque to clients; only valid for the sort it came from.
function encodeCursor(sort: SearchSort, key: string | number, slug: string): string {
  return Buffer.from(JSON.stringify([sort, key, slug])).toString('base64url');
}

/** Relevance score (6 decimals) or seconds since 1970 (microseconds): exact decimals. */
const DECIMAL = /^-?\d{1,12}(\.\d{1,6})?$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function decodeCursor(raw: string, sort: SearchSort): SearchAfter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length === 3) {
    const [cursorSort, key, slug] = parsed as unknown[];
    const keyOk =
      sort === 'relevance' || sort === 'newest'
        ? typeof key === 'string' && DECIMAL.test(key)
        : typeof key === 'number' && Number.isInteger(key) && key >= 0 && key <= MAX_KES;
    if (cursorSort === sort && keyOk && typeof slug === 'string' && slug.length <= 120 && SLUG.test(slug)) {
      return { key: key as string | number, slug };
    }
  }
  throw new ApiError(
    400,
    'validation_failed',
    'Invalid cursor: pass nextCursor from the previous page unchanged, with the same sort',
    { where: 'query', field: 'cursor' },
  );
}
