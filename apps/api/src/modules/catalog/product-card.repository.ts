import { sql } from '@sokoni/db';
import type { ProductCardRow } from './product-card';

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
              SELECT vp.price_kes, vp.compare_at_kes FROM variant_prices vp
               WHERE vp.product_id = p.id AND vp.status = 'active'
               ORDER BY vp.price_kes, vp.position LIMIT 1) cheapest ON true
        LEFT JOIN LATERAL (
              SELECT storage_key, width, height, alt FROM product_media pm
               WHERE pm.product_id = p.id ORDER BY pm.position LIMIT 1) m ON true`;
}
