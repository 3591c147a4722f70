import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';

export interface ProductCardRow {
  id: string;
  slug: string;
  title: string;
  brand: string | null;
  created_at: string;
  category_slug: string | null;
  category_name: string | null;
  price_kes: number | null;
  compare_at_kes: number | null;
  in_stock: boolean;
  media_key: string | null;
  media_width: number | null;
  media_height: number | null;
  media_alt: string | null;
}

export interface VariantRow {
  sku: string;
  options: Record<string, string>;
  price_kes: number;
  compare_at_kes: number | null;
  on_hand: number;
}

export interface MediaRow {
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
  private cardQuery(trx: TenantTransaction) {
    return sql<ProductCardRow>`
      SELECT p.id, p.slug, p.title, p.brand, p.created_at::text AS created_at,
             c.slug AS category_slug, c.name AS category_name,
             cheapest.price_kes, cheapest.compare_at_kes,
             EXISTS (SELECT 1 FROM product_variants v
                      WHERE v.product_id = p.id AND v.status = 'active' AND v.on_hand > 0) AS in_stock,
             m.storage_key AS media_key, m.width AS media_width, m.height AS media_height, m.alt AS media_alt
        FROM products p
        LEFT JOIN categories c ON c.id = p.category_id
        LEFT JOIN LATERAL (
              SELECT vp.price_kes, vp.compare_at_kes FROM product_variants v
                JOIN variant_prices vp ON vp.variant_id = v.id
               WHERE v.product_id = p.id AND v.status = 'active'
               ORDER BY vp.price_kes, v.position LIMIT 1) cheapest ON true
        LEFT JOIN LATERAL (
              SELECT storage_key, width, height, alt FROM product_media pm
               WHERE pm.product_id = p.id ORDER BY pm.position LIMIT 1) m ON true`;
  }

  async listActive(trx: TenantTransaction, limit: number, after: ListCursor | null): Promise<ProductCardRow[]> {
    const afterClause = after
      ? sql`AND (p.created_at < ${after.createdAt}::timestamptz OR (p.created_at = ${after.createdAt}::timestamptz AND p.slug > ${after.slug}))`
      : sql``;
    const result = await sql<ProductCardRow>`
      ${this.cardQuery(trx)}
       WHERE p.status = 'active' ${afterClause}
       ORDER BY p.created_at DESC, p.slug ASC
       LIMIT ${limit}`.execute(trx);
    return result.rows;
  }

  async findActiveBySlug(trx: TenantTransaction, slug: string): Promise<(ProductCardRow & { description: string; option_names: string[] }) | undefined> {
    const result = await sql<ProductCardRow & { description: string; option_names: string[] }>`
      SELECT card.*, p.description, p.option_names
        FROM (${this.cardQuery(trx)} WHERE p.slug = ${slug} AND p.status = 'active') card
        JOIN products p ON p.id = card.id`.execute(trx);
    return result.rows[0];
  }

  /** Variants with the price a shopper pays now (sale rules applied by the variant_prices view). */
  async variantsOf(trx: TenantTransaction, productId: string): Promise<VariantRow[]> {
    return trx.selectFrom('product_variants as v')
      .innerJoin('variant_prices as vp', 'vp.variant_id', 'v.id')
      .select(['v.sku', 'v.options', 'vp.price_kes', 'vp.compare_at_kes', 'v.on_hand'])
      .where('v.product_id', '=', productId)
      .where('v.status', '=', 'active')
      .orderBy('v.position')
      .execute();
  }

  async mediaOf(trx: TenantTransaction, productId: string): Promise<MediaRow[]> {
    return trx.selectFrom('product_media')
      .select(['storage_key', 'width', 'height', 'alt'])
      .where('product_id', '=', productId)
      .orderBy('position')
      .execute();
  }
}
