-- variant_prices carries the variant's status, position and stock, so the product card (list,
-- search, collections, home sections) reads a product's active variants once, through the view,
-- instead of joining product_variants to the view by id for every variant (bench:api).
-- CREATE OR REPLACE VIEW may only add columns at the end; the price rule itself is unchanged.
CREATE OR REPLACE VIEW variant_prices WITH (security_invoker = true) AS
SELECT v.tenant_id,
       v.id AS variant_id,
       v.product_id,
       coalesce(r.sale_price_kes, v.price_kes) AS price_kes,
       -- On sale: the "was" price is the regular price; otherwise the variant's own compare-at.
       CASE WHEN r.sale_price_kes IS NOT NULL AND r.sale_price_kes < v.price_kes THEN v.price_kes
            WHEN r.sale_price_kes IS NOT NULL THEN NULL
            ELSE v.compare_at_kes END AS compare_at_kes,
       r.ends_at AS sale_ends_at,
       v.status,
       v.position,
       v.on_hand
  FROM product_variants v
  LEFT JOIN LATERAL (
        SELECT pr.sale_price_kes, pr.ends_at FROM price_rules pr
         WHERE pr.tenant_id = v.tenant_id AND pr.variant_id = v.id
           AND pr.starts_at <= now() AND now() < pr.ends_at
         LIMIT 1) r ON true;
