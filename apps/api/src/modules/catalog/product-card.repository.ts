import { sql } from '@sokoni/db';
import type { ProductCardRow } from './product-card';

/**
 * `SELECT <card columns> FROM product_cards p ...`: callers append WHERE (and JOIN, ORDER BY,
 * LIMIT) on `p`, which has the products columns they filter on (id, tenant_id, slug, status,
 * created_at, category_id). No tenant filter here on purpose: it runs inside a tenant
 * transaction and RLS decides.
 *
 * product_cards (migration 0047) is the card kept by triggers. Since 0049 it holds the price a
 * shopper paid when it was written (sale rules applied) and `price_valid_until`, the first moment
 * after that when a rule starts or ends: a sale starts and ends by the clock, which no trigger
 * sees. Before that moment the stored price is the live one; at or after it (or on a card not
 * rewritten since 0049: NULL with `has_price_rules`) the price is computed now through
 * variant_prices, as checkout computes it, until the worker's catalog.price-windows job rewrites
 * the card. Cards whose price holds cost no lookup at all.
 */
export function productCardSql() {
  // The live lookup is a scalar subquery inside CASE, not a gated LATERAL: CASE evaluates it only
  // for the cards that need it, where a LATERAL is re-scanned for every card even when its
  // one-time filter is false (a page of 48 on the demo store, one connection: 0.10 ms of Postgres
  // CPU against 0.13 with the LATERAL, and 0.16-0.22 before migration 0049).
  const priceIsLive = cardPriceIsLive('pc');
  return sql<ProductCardRow>`
      SELECT p.id, p.slug, p.title, p.brand, p.created_at::text AS created_at,
             p.category_slug, p.category_name,
             CASE WHEN p.price_is_live THEN (p.live).price_kes ELSE p.price_kes END AS price_kes,
             CASE WHEN p.price_is_live THEN (p.live).compare_at_kes ELSE p.compare_at_kes END AS compare_at_kes,
             p.in_stock, p.media_key, p.media_width, p.media_height, p.media_alt
        FROM (SELECT pc.*, pc.product_id AS id, ${priceIsLive} AS price_is_live,
                     CASE WHEN ${priceIsLive}
                          THEN (SELECT vp FROM variant_prices vp
                                 WHERE vp.tenant_id = pc.tenant_id AND vp.product_id = pc.product_id AND vp.status = 'active'
                                 ORDER BY vp.price_kes, vp.position, vp.variant_id LIMIT 1) END AS live
                FROM product_cards pc) p`;
}

/**
 * Whether card `alias` (a product_cards row) must be priced live: it had a rule not ended when it
 * was written, and the moment its stored price held until has come (or was never recorded).
 */
export function cardPriceIsLive(alias: string) {
  const pc = sql.ref(alias);
  return sql`(${pc}.has_price_rules AND NOT coalesce(now() < ${pc}.price_valid_until, false))`;
}

/**
 * The price a shopper pays now for card `alias`'s product: the lowest of its active variants'
 * current prices (as checkout prices them, through variant_prices), from the card unless it must
 * be priced live. Equal to min(variant_prices.price_kes) over the product's active variants.
 */
export function cardPrice(alias: string) {
  const pc = sql.ref(alias);
  return sql`CASE WHEN ${cardPriceIsLive(alias)}
                  THEN (SELECT min(vp.price_kes) FROM variant_prices vp
                         WHERE vp.tenant_id = ${pc}.tenant_id AND vp.product_id = ${pc}.product_id AND vp.status = 'active')
                  ELSE ${pc}.price_kes END`;
}
