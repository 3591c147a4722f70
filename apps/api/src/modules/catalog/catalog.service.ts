import { Injectable } from '@nestjs/common';
import type { ProductDetail, ProductList, ProductListQuery } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import type { TenantTransaction } from '@sokoni/db';
import { CatalogCache } from './catalog-cache';
import { CatalogRepository, type ListCursor } from './catalog.repository';
import { mediaImage, toProductCard } from './product-card';
import type { RequestContext } from '../../platform/request-context';

@Injectable()
export class CatalogService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly cache: CatalogCache,
  ) {}

  /** A page of the store's active products (cached: catalog-cache.ts). */
  listProducts(ctx: RequestContext, query: ProductListQuery): Promise<ProductList> {
    return this.cache.read(ctx, 'product_list', query, (trx) => this.loadProducts(trx, query));
  }

  /** A product with its variants and images (cached: catalog-cache.ts). */
  getProduct(ctx: RequestContext, slug: string): Promise<ProductDetail> {
    return this.cache.read(ctx, 'product_detail', { slug }, (trx) => this.loadProduct(trx, slug));
  }

  private async loadProducts(trx: TenantTransaction, query: ProductListQuery): Promise<ProductList> {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    // One extra row tells whether another page exists without a count query.
    const rows = await this.repository.listActive(trx, query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toProductCard),
      nextCursor:
        rows.length > query.limit && last ? encodeCursor({ createdAt: last.created_at, slug: last.slug }) : null,
    };
  }

  private async loadProduct(trx: TenantTransaction, slug: string): Promise<ProductDetail> {
    const row = await this.repository.findActiveBySlug(trx, slug);
    if (!row) throw ApiError.notFound('not_found', `No product "${slug}" in this store`, { product: slug });
    const [variants, media] = await Promise.all([
      this.repository.variantsOf(trx, row.id),
      this.repository.mediaOf(trx, row.id),
    ]);
    return {
      ...toProductCard(row),
      description: row.description,
      optionNames: row.option_names,
      variants: variants.map((v) => ({
        sku: v.sku,
        options: v.options,
        priceKes: v.price_kes,
        compareAtKes: v.compare_at_kes,
        inStock: v.on_hand > 0,
        // The owner's photo for this variant (one per colour), as its place among the photos.
        photo: v.media_id ? media.findIndex((m) => m.id === v.media_id) + 1 || null : null,
      })),
      images: media.map((m) => mediaImage(m.storage_key, m.width, m.height, m.alt)),
    };
  }
}

function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.slug])).toString('base64url');
}

/**
 * The cursor carries Postgres' own text form of created_at ("2026-11-25 14:46:16.744129+00").
 * Checked strictly here, calendar included, so a forged cursor (Feb 31) is a 400 and never
 * reaches Postgres as a value it would refuse with an error.
 */
function isPostgresTimestamp(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}

function decodeCursor(raw: string): ListCursor {
  try {
    const [createdAt, slug] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof createdAt === 'string' &&
      typeof slug === 'string' &&
      isPostgresTimestamp(createdAt) &&
      slug.length <= 120
    )
      return { createdAt, slug };
  } catch {
    // fall through to the 400 below
  }
  throw new ApiError(400, 'validation_failed', 'Invalid cursor: pass nextCursor from the previous page unchanged', {
    where: 'query',
    field: 'cursor',
  });
}
