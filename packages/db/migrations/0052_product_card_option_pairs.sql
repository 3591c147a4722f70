-- The card carries its variants' option values too (issue 17, search at scale).
--
-- Search without an option filter (nearly every search) joined every matching product's active
-- variants only to learn three things: whether it has one (shoppable), whether one is in stock,
-- and which option values its variants have, for the option facets. On a store of 2,000 products
-- with 282 matches that was ~40% of the statement. The first two are already on the card
-- (price_kes IS NOT NULL, in_stock); option_pairs adds the third: each name/value of the active
-- variants once, with whether a variant having it is in stock ({"n","v","s"}, sorted). Search with
-- an option filter still reads the variants: "Black" and "128GB" must be one variant.
--
-- A variant's options now change its card too (the update trigger watches them). The release
-- before this one never reads option_pairs.

ALTER TABLE product_cards ADD COLUMN option_pairs jsonb NOT NULL DEFAULT '[]';

CREATE OR REPLACE FUNCTION app_refresh_product_cards(p_tenant uuid, p_products uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM product_cards pc
   WHERE pc.tenant_id = p_tenant AND pc.product_id = ANY (p_products)
   ORDER BY pc.product_id
     FOR UPDATE;

  INSERT INTO product_cards AS pc (tenant_id, product_id, slug, title, brand, status, created_at,
                                   category_id, category_slug, category_name, price_kes, compare_at_kes,
                                   in_stock, media_key, media_width, media_height, media_alt, has_price_rules,
                                   price_valid_until, option_pairs)
  SELECT p.tenant_id, p.id, p.slug, p.title, p.brand, p.status, p.created_at,
         p.category_id, c.slug, c.name, cheapest.price_kes, cheapest.compare_at_kes,
         EXISTS (SELECT 1 FROM product_variants v
                  WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active' AND v.on_hand > 0),
         m.storage_key, m.width, m.height, m.alt,
         -- now() is the transaction's start, never later than the commit: a rule ending while
         -- this transaction runs still counts (the safe side: the price is then computed live).
         EXISTS (SELECT 1 FROM product_variants v
                   JOIN price_rules r ON r.tenant_id = v.tenant_id AND r.variant_id = v.id
                  WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND r.ends_at > now()),
         -- The first start or end of a rule after now(): the price above (computed at now())
         -- holds until then. A rule is on while starts_at <= now() < ends_at (variant_prices).
         (SELECT min(b.at) FROM product_variants v
            JOIN price_rules r ON r.tenant_id = v.tenant_id AND r.variant_id = v.id
           CROSS JOIN LATERAL (VALUES (r.starts_at), (r.ends_at)) b(at)
          WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND b.at > now()),
         -- Each option name/value of the active variants once, and whether a variant with it is
         -- in stock: what search needs of the variants when no option filter is set.
         (SELECT coalesce(jsonb_agg(jsonb_build_object('n', o.key, 'v', o.value, 's', o.stocked)
                                    ORDER BY o.key, o.value), '[]')
            FROM (SELECT kv.key, kv.value, bool_or(v.on_hand > 0) AS stocked
                    FROM product_variants v
                   CROSS JOIN LATERAL jsonb_each_text(v.options) kv
                   WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active'
                   GROUP BY kv.key, kv.value) o)
    FROM products p
    LEFT JOIN categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
    -- The price a shopper pays now: variant_prices, the same view checkout prices from.
    LEFT JOIN LATERAL (
          SELECT vp.price_kes, vp.compare_at_kes FROM variant_prices vp
           WHERE vp.tenant_id = p.tenant_id AND vp.product_id = p.id AND vp.status = 'active'
           ORDER BY vp.price_kes, vp.position, vp.variant_id LIMIT 1) cheapest ON true
    LEFT JOIN LATERAL (
          SELECT pm.storage_key, pm.width, pm.height, pm.alt FROM product_media pm
           WHERE pm.tenant_id = p.tenant_id AND pm.product_id = p.id
           ORDER BY pm.position, pm.id LIMIT 1) m ON true
   WHERE p.tenant_id = p_tenant AND p.id = ANY (p_products)
  ON CONFLICT (tenant_id, product_id) DO UPDATE
     SET slug = excluded.slug, title = excluded.title, brand = excluded.brand, status = excluded.status,
         created_at = excluded.created_at, category_id = excluded.category_id,
         category_slug = excluded.category_slug, category_name = excluded.category_name,
         price_kes = excluded.price_kes, compare_at_kes = excluded.compare_at_kes, in_stock = excluded.in_stock,
         media_key = excluded.media_key, media_width = excluded.media_width, media_height = excluded.media_height,
         media_alt = excluded.media_alt, has_price_rules = excluded.has_price_rules,
         price_valid_until = excluded.price_valid_until, option_pairs = excluded.option_pairs
   WHERE (pc.slug, pc.title, pc.brand, pc.status, pc.created_at, pc.category_id, pc.category_slug,
          pc.category_name, pc.price_kes, pc.compare_at_kes, pc.in_stock, pc.media_key, pc.media_width,
          pc.media_height, pc.media_alt, pc.has_price_rules, pc.price_valid_until, pc.option_pairs)
         IS DISTINCT FROM
         (excluded.slug, excluded.title, excluded.brand, excluded.status, excluded.created_at, excluded.category_id,
          excluded.category_slug, excluded.category_name, excluded.price_kes, excluded.compare_at_kes,
          excluded.in_stock, excluded.media_key, excluded.media_width, excluded.media_height, excluded.media_alt,
          excluded.has_price_rules, excluded.price_valid_until, excluded.option_pairs);
END $$;

DROP TRIGGER product_variants_card_update ON product_variants;
CREATE TRIGGER product_variants_card_update AFTER UPDATE ON product_variants
  FOR EACH ROW
  WHEN ((OLD.product_id, OLD.status, OLD.price_kes, OLD.compare_at_kes, OLD.position, OLD.on_hand > 0, OLD.options)
        IS DISTINCT FROM (NEW.product_id, NEW.status, NEW.price_kes, NEW.compare_at_kes, NEW.position, NEW.on_hand > 0, NEW.options))
  EXECUTE FUNCTION app_product_card_on_product_row();

-- Every existing card gets its option values now.
DO $$
DECLARE
  t uuid;
BEGIN
  FOR t IN SELECT DISTINCT pc.tenant_id FROM product_cards pc LOOP
    PERFORM app_refresh_product_cards(t, ARRAY(SELECT pc.product_id FROM product_cards pc WHERE pc.tenant_id = t));
  END LOOP;
END $$;
