import { sql } from '@sokoni/db';
import type { ProductCardRow } from './product-card';

/**
 * `SELECT <card columns> FROM product_cards p ...`: callers append WHERE (and JOIN, ORDER BY,
 * LIMIT) on `p`, which has the products columns they filter on (id, tenant_id, slug, status,
 * created_at, category_id). No tenant filter here on purpose: it runs inside a tenant
 * transaction and RLS decides.
 *
 * product_cards (migration 0047) is the card kept by triggers, with the cheapest *regular*
 * price. A sale starts and ends by the clock, which no trigger sees, so a product whose card says
 * it has a price rule (`has_price_rules`, a rule not ended when the card was written) gets its
 * price computed now through variant_prices, as checkout computes it; the LATERAL is gated by
 * the flag (a one-time filter per card), so products without sales cost no lookup at all.
 */
export function productCardSql() {
  return sql<ProductCardRow>`
      SELECT p.id, p.slug, p.title, p.brand, p.created_at::text AS created_at,
             p.category_slug, p.category_name,
             CASE WHEN p.has_price_rules THEN live.price_kes ELSE p.price_kes END AS price_kes,
             CASE WHEN p.has_price_rules THEN live.compare_at_kes ELSE p.compare_at_kes END AS compare_at_kes,
             p.in_stock, p.media_key, p.media_width, p.media_height, p.media_alt
        FROM (SELECT pc.*, pc.product_id AS id FROM product_cards pc) p
        LEFT JOIN LATERAL (
              SELECT vp.price_kes, vp.compare_at_kes FROM variant_prices vp
               WHERE p.has_price_rules
                 AND vp.tenant_id = p.tenant_id AND vp.product_id = p.id AND vp.status = 'active'
               ORDER BY vp.price_kes, vp.position LIMIT 1) live ON true`;
}
