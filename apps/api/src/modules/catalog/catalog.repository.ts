import { Injectable } from '@nestjs/common';
import { preparedPlan, sql, type TenantTransaction } from '@sokoni/db';
import type { ProductCardRow } from './product-card';
import { productCardSql } from './product-card.repository';

export interface VariantRow {
  sku: string;
  options: Record<string, string>;
  price_kes: number;
  compare_at_kes: number | null;
  on_hand: number;
  /** The photo the owner set for this variant (product_variants.media_id), if any. */
  media_id: string | null;
}

export interface MediaRow {
  id: string;
  storage_key: string;
  width: number;
  height: number;
  alt: string;
}

/** Position of the last card of a page: newest first, then A-Z; (created_at, slug) is unique. */
export interface ListCursor {
  createdAt: string;
  slug: string;
}

/**
 * Storefront reads. Every query runs inside a tenant transaction, so none of them filters by
 * tenant itself: RLS does, and a missing context returns nothing.
 */
@Injectable()
export class CatalogRepository {
  /**
   * One page of cards: a range of product_cards_listing read in (created_at DESC, slug) order,
   * so the LIMIT stops the scan after the page; only cards of products with price rules look
   * anything else up (productCardSql).
   */
  async listActive(trx: TenantTransaction, limit: number, after: ListCursor | null): Promise<ProductCardRow[]> {
    const afterClause = after
      ? sql`AND (p.created_at < ${after.createdAt}::timestamptz OR (p.created_at = ${after.createdAt}::timestamptz AND p.slug > ${after.slug}))`
      : sql``;
    const result = await sql<ProductCardRow>`${preparedPlan}
      ${productCardSql()}
       WHERE p.status = 'active' ${afterClause}
       ORDER BY p.created_at DESC, p.slug ASC
       LIMIT ${limit}`.execute(trx);
    return result.rows;
  }

  async findActiveBySlug(
    trx: TenantTransaction,
    slug: string,
  ): Promise<(ProductCardRow & { description: string; option_names: string[] }) | undefined> {
    const result = await sql<ProductCardRow & { description: string; option_names: string[] }>`${preparedPlan}
      SELECT card.*, p.description, p.option_names
        FROM (${productCardSql()} WHERE p.slug = ${slug} AND p.status = 'active') card
        JOIN products p ON p.id = card.id`.execute(trx);
    return result.rows[0];
  }

  /** Variants with the price a shopper pays now (sale rules applied by the variant_prices view). */
  async variantsOf(trx: TenantTransaction, productId: string): Promise<VariantRow[]> {
    const result = await sql<VariantRow>`${preparedPlan}
      SELECT v.sku, v.options, vp.price_kes, vp.compare_at_kes, v.on_hand, v.media_id
        FROM product_variants v
        JOIN variant_prices vp ON vp.variant_id = v.id
       WHERE v.product_id = ${productId} AND v.status = 'active'
       ORDER BY v.position`.execute(trx);
    return result.rows;
  }

  async mediaOf(trx: TenantTransaction, productId: string): Promise<MediaRow[]> {
    const result = await sql<MediaRow>`${preparedPlan}
      SELECT id, storage_key, width, height, alt FROM product_media
       WHERE product_id = ${productId}
       ORDER BY position`.execute(trx);
    return result.rows;
  }
}
