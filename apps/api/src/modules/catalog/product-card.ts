import type { MediaImage, ProductCard } from '@sokoni/contracts';
import { sql } from '@sokoni/db';

/**
 * The product card (listing, search, related): one row per product with the price a shopper pays
 * now (lowest active variant through variant_prices, so sales apply), whether any active variant
 * is in stock, and the first image. Shared SQL so every list shows the same card.
 */
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

/**
 * `SELECT <card columns> FROM products p ...`: callers append WHERE (and ORDER BY / LIMIT) on
 * `p`. No tenant filter here on purpose: it runs inside a tenant transaction and RLS decides.
 */
export function productCardSql() {
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

export function toProductCard(row: ProductCardRow): ProductCard {
  return {
    slug: row.slug,
    title: row.title,
    brand: row.brand,
    category: row.category_slug && row.category_name ? { slug: row.category_slug, name: row.category_name } : null,
    priceKes: row.price_kes ?? 0,
    compareAtKes: row.compare_at_kes,
    inStock: row.in_stock,
    image: row.media_key && row.media_width && row.media_height ? mediaImage(row.media_key, row.media_width, row.media_height, row.media_alt ?? row.title) : null,
  };
}

export function mediaImage(storageKey: string, width: number, height: number, alt: string): MediaImage {
  return { url: `/media/${storageKey}`, width, height, alt };
}
