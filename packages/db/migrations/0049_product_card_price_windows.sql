-- The card keeps its sale price too, with the time it stays true (issue 17, uncached list).
--
-- 0047 stored the cheapest *regular* price and computed the price live, through variant_prices,
-- for every card with a rule that had not ended. Those lookups were half of the Postgres CPU of a
-- page of 48 on the demo store (10 of its 73 products have a sale, running or coming): 0.16-0.22
-- ms per page against ~0.10 now, on one connection.
--
-- Now the row holds the price a shopper pays at the moment it was written (sale rules applied,
-- exactly as variant_prices computes it) and price_valid_until: the first moment after that when
-- a rule of the product's variants starts or ends, i.e. when the price could change with no
-- write (NULL: no such moment). Before it, the stored price is the live one; at or after it, the
-- card query computes the price live as before (productCardSql), so a card is never wrong, and the
-- worker's catalog.price-windows job rewrites cards whose moment has passed, so they are fast
-- again. A rule added, changed or removed is a write, and its trigger rewrites the card.
--
-- The release before this one reads has_price_rules and, when false, the stored price: false
-- still means "no rule that has not ended", whose stored price is the regular one, so it stays
-- right while both releases serve traffic (docs/operate/deploy.md: expand first).

ALTER TABLE product_cards ADD COLUMN price_valid_until timestamptz;

-- The job's sweep (every store's cards whose moment has passed): a small partial index, since
-- at any time only cards with a sale running or coming have a moment at all.
CREATE INDEX product_cards_price_due ON product_cards (price_valid_until) WHERE price_valid_until IS NOT NULL;

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
                                   price_valid_until)
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
          WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND b.at > now())
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
         price_valid_until = excluded.price_valid_until
   WHERE (pc.slug, pc.title, pc.brand, pc.status, pc.created_at, pc.category_id, pc.category_slug,
          pc.category_name, pc.price_kes, pc.compare_at_kes, pc.in_stock, pc.media_key, pc.media_width,
          pc.media_height, pc.media_alt, pc.has_price_rules, pc.price_valid_until)
         IS DISTINCT FROM
         (excluded.slug, excluded.title, excluded.brand, excluded.status, excluded.created_at, excluded.category_id,
          excluded.category_slug, excluded.category_name, excluded.price_kes, excluded.compare_at_kes,
          excluded.in_stock, excluded.media_key, excluded.media_width, excluded.media_height, excluded.media_alt,
          excluded.has_price_rules, excluded.price_valid_until);
END $$;

-- The stored price now depends on every column of a rule that decides it.
DROP TRIGGER price_rules_card_update ON price_rules;
CREATE TRIGGER price_rules_card_update AFTER UPDATE ON price_rules
  FOR EACH ROW
  WHEN ((OLD.variant_id, OLD.starts_at, OLD.ends_at, OLD.sale_price_kes)
        IS DISTINCT FROM (NEW.variant_id, NEW.starts_at, NEW.ends_at, NEW.sale_price_kes))
  EXECUTE FUNCTION app_product_card_on_price_rule();

-- Sweep for catalog.price-windows: cards whose moment has passed, oldest first, as (tenant_id,
-- product_id) pairs; each store's are then rewritten in its own tenant transaction. Reads
-- product_cards as the owner, through the policy below (the pattern of the other sweeps).
CREATE POLICY owner_reads_cards ON product_cards FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION app_product_cards_due(p_limit int DEFAULT 1000)
  RETURNS TABLE (tenant_id uuid, product_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT pc.tenant_id, pc.product_id FROM product_cards pc
     WHERE pc.price_valid_until <= now()
     ORDER BY pc.price_valid_until LIMIT least(greatest(p_limit, 1), 10000)
  $$;
REVOKE ALL ON FUNCTION app_product_cards_due(int) FROM PUBLIC;

-- Every existing card gets its price and moment now (the release before this one keeps reading
-- has_price_rules, which this does not change for a card that was right).
DO $$
DECLARE
  t uuid;
BEGIN
  FOR t IN SELECT DISTINCT pc.tenant_id FROM product_cards pc LOOP
    PERFORM app_refresh_product_cards(t, ARRAY(SELECT pc.product_id FROM product_cards pc WHERE pc.tenant_id = t));
  END LOOP;
END $$;
