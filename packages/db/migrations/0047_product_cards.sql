-- The product card as a read model kept by Postgres (issue 17, uncached list). The card used to
-- be computed on every read: per product a LATERAL through variant_prices (price rules per
-- variant), an EXISTS for stock and a LATERAL for the first photo, ~1.1-1.4 ms of Postgres per
-- page of 48. Here one row per product holds what a card shows, written by triggers on the
-- tables it is made of, so a page is one index range of product_cards.
--
-- What triggers cannot keep is the sale price: a price rule starts and ends by the clock, with no
-- write. So the row keeps the cheapest *regular* price, and has_price_rules says whether the
-- product had a rule that had not ended when the row was written. The card query uses the stored
-- price when the flag is false and computes the live one through variant_prices when it is true
-- (product-card.repository.ts). A flag left true after its rule ended is only slower, never wrong;
-- a false flag is exact, because a rule can only appear through a write that refreshes the row.

CREATE TABLE product_cards (
  tenant_id       uuid NOT NULL,
  product_id      uuid NOT NULL,
  slug            text NOT NULL,
  title           text NOT NULL,
  brand           text,
  status          text NOT NULL,
  created_at      timestamptz NOT NULL,
  category_id     uuid,
  category_slug   text,
  category_name   text,
  -- The cheapest active variant by its regular price (then position), and that variant's
  -- compare-at; NULL when the product has no active variant.
  price_kes       integer CHECK (price_kes >= 0),
  compare_at_kes  integer CHECK (compare_at_kes >= 0),
  in_stock        boolean NOT NULL,
  media_key       text,
  media_width     integer,
  media_height    integer,
  media_alt       text,
  has_price_rules boolean NOT NULL,
  PRIMARY KEY (tenant_id, product_id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);

SELECT app_enable_tenant_rls('product_cards');

-- The storefront list: newest first, then A-Z, the page cursor's (created_at, slug) order, so a
-- page is an index range read in order with no sort.
CREATE INDEX product_cards_listing ON product_cards (tenant_id, status, created_at DESC, slug);
-- Product detail by slug. Not unique on purpose: products' own key is the truth, and one UPDATE
-- renaming several products refreshes their cards one row at a time, which may pass through a
-- moment where two cards hold the same slug.
CREATE INDEX product_cards_slug ON product_cards (tenant_id, slug);
-- Related products (same category) and category filters.
CREATE INDEX product_cards_category ON product_cards (tenant_id, category_id) WHERE category_id IS NOT NULL;

-- Rewrites the cards of some products of one tenant from the tables. SECURITY INVOKER, as
-- app_product_search_refresh: fired by the app role it sees and writes only the current
-- tenant's rows, and the explicit tenant filter keeps it right for an owner bypassing RLS (seed).
--
-- Concurrency: two transactions changing two variants of one product would each compute the
-- card from a snapshot that misses the other's change, and the later upsert would win with a
-- stale price. So the existing card rows are locked first (in id order: no deadlock between
-- callers); in READ COMMITTED the INSERT below then takes a fresh snapshot that sees whatever
-- the lock waited for. A row is rewritten only when a value differs, so re-running the seed or a
-- refresh that changes nothing leaves the row (and its xmin) alone.
CREATE FUNCTION app_refresh_product_cards(p_tenant uuid, p_products uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM product_cards pc
   WHERE pc.tenant_id = p_tenant AND pc.product_id = ANY (p_products)
   ORDER BY pc.product_id
     FOR UPDATE;

  INSERT INTO product_cards AS pc (tenant_id, product_id, slug, title, brand, status, created_at,
                                   category_id, category_slug, category_name, price_kes, compare_at_kes,
                                   in_stock, media_key, media_width, media_height, media_alt, has_price_rules)
  SELECT p.tenant_id, p.id, p.slug, p.title, p.brand, p.status, p.created_at,
         p.category_id, c.slug, c.name, cheapest.price_kes, cheapest.compare_at_kes,
         EXISTS (SELECT 1 FROM product_variants v
                  WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active' AND v.on_hand > 0),
         m.storage_key, m.width, m.height, m.alt,
         -- now() is the transaction's start, never later than the commit: a rule ending while
         -- this transaction runs still counts (the safe side: the price is then computed live).
         EXISTS (SELECT 1 FROM product_variants v
                   JOIN price_rules r ON r.tenant_id = v.tenant_id AND r.variant_id = v.id
                  WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND r.ends_at > now())
    FROM products p
    LEFT JOIN categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
    LEFT JOIN LATERAL (
          SELECT v.price_kes, v.compare_at_kes FROM product_variants v
           WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active'
           ORDER BY v.price_kes, v.position, v.id LIMIT 1) cheapest ON true
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
         media_alt = excluded.media_alt, has_price_rules = excluded.has_price_rules
   WHERE (pc.slug, pc.title, pc.brand, pc.status, pc.created_at, pc.category_id, pc.category_slug,
          pc.category_name, pc.price_kes, pc.compare_at_kes, pc.in_stock, pc.media_key, pc.media_width,
          pc.media_height, pc.media_alt, pc.has_price_rules)
         IS DISTINCT FROM
         (excluded.slug, excluded.title, excluded.brand, excluded.status, excluded.created_at, excluded.category_id,
          excluded.category_slug, excluded.category_name, excluded.price_kes, excluded.compare_at_kes,
          excluded.in_stock, excluded.media_key, excluded.media_width, excluded.media_height, excluded.media_alt,
          excluded.has_price_rules);
  -- A deleted product needs nothing here: its card goes with it (ON DELETE CASCADE), and the
  -- cascaded deletes of its variants and photos find no product row to write a card from.
END $$;

-- The one-product form every row trigger calls.
CREATE FUNCTION app_refresh_product_card(p_tenant uuid, p_product uuid) RETURNS void
LANGUAGE sql AS $$
  SELECT app_refresh_product_cards(p_tenant, ARRAY[p_product])
$$;

CREATE FUNCTION app_product_card_on_product() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_refresh_product_card(NEW.tenant_id, NEW.id);
  RETURN NULL;
END $$;

-- A row of a product's own (a variant, a photo): its product's card; one moved to another
-- product refreshes both.
CREATE FUNCTION app_product_card_on_product_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM app_refresh_product_card(OLD.tenant_id, OLD.product_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.product_id IS DISTINCT FROM OLD.product_id) THEN
    PERFORM app_refresh_product_card(NEW.tenant_id, NEW.product_id);
  END IF;
  RETURN NULL;
END $$;

-- A category's slug or name is on the card of each of its products.
CREATE FUNCTION app_product_card_on_category() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_refresh_product_cards(NEW.tenant_id, ARRAY(
    SELECT p.id FROM products p WHERE p.tenant_id = NEW.tenant_id AND p.category_id = NEW.id));
  RETURN NULL;
END $$;

-- A rule changes has_price_rules of its variant's product. On a cascaded delete (variant or
-- product deleted) the variant is gone and nothing is refreshed here; the variant's own trigger
-- refreshes its product, and a flag it may leave true is only slower.
CREATE FUNCTION app_product_card_on_price_rule() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  t uuid := coalesce(NEW.tenant_id, OLD.tenant_id);
BEGIN
  PERFORM app_refresh_product_cards(t, ARRAY(
    SELECT DISTINCT v.product_id FROM product_variants v
     WHERE v.tenant_id = t
       AND v.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.variant_id END,
                    CASE WHEN TG_OP <> 'DELETE' THEN NEW.variant_id END)));
  RETURN NULL;
END $$;

-- AFTER triggers (the row has passed its RLS check), each only when something the card shows
-- changed. The checkout path writes product_variants.on_hand on every sale: that refreshes the
-- card only when the variant's stock crosses zero, never for a decrement from 5 to 4.
CREATE TRIGGER products_card_insert AFTER INSERT ON products
  FOR EACH ROW EXECUTE FUNCTION app_product_card_on_product();
CREATE TRIGGER products_card_update AFTER UPDATE ON products
  FOR EACH ROW
  WHEN ((OLD.slug, OLD.title, OLD.brand, OLD.status, OLD.created_at, OLD.category_id)
        IS DISTINCT FROM (NEW.slug, NEW.title, NEW.brand, NEW.status, NEW.created_at, NEW.category_id))
  EXECUTE FUNCTION app_product_card_on_product();

CREATE TRIGGER product_variants_card_insert_delete AFTER INSERT OR DELETE ON product_variants
  FOR EACH ROW EXECUTE FUNCTION app_product_card_on_product_row();
CREATE TRIGGER product_variants_card_update AFTER UPDATE ON product_variants
  FOR EACH ROW
  WHEN ((OLD.product_id, OLD.status, OLD.price_kes, OLD.compare_at_kes, OLD.position, OLD.on_hand > 0)
        IS DISTINCT FROM (NEW.product_id, NEW.status, NEW.price_kes, NEW.compare_at_kes, NEW.position, NEW.on_hand > 0))
  EXECUTE FUNCTION app_product_card_on_product_row();

CREATE TRIGGER product_media_card_insert_delete AFTER INSERT OR DELETE ON product_media
  FOR EACH ROW EXECUTE FUNCTION app_product_card_on_product_row();
CREATE TRIGGER product_media_card_update AFTER UPDATE ON product_media
  FOR EACH ROW
  WHEN ((OLD.product_id, OLD.position, OLD.storage_key, OLD.width, OLD.height, OLD.alt)
        IS DISTINCT FROM (NEW.product_id, NEW.position, NEW.storage_key, NEW.width, NEW.height, NEW.alt))
  EXECUTE FUNCTION app_product_card_on_product_row();

CREATE TRIGGER categories_card_rename AFTER UPDATE ON categories
  FOR EACH ROW WHEN ((OLD.slug, OLD.name) IS DISTINCT FROM (NEW.slug, NEW.name))
  EXECUTE FUNCTION app_product_card_on_category();

CREATE TRIGGER price_rules_card_insert_delete AFTER INSERT OR DELETE ON price_rules
  FOR EACH ROW EXECUTE FUNCTION app_product_card_on_price_rule();
CREATE TRIGGER price_rules_card_update AFTER UPDATE ON price_rules
  FOR EACH ROW WHEN ((OLD.variant_id, OLD.ends_at) IS DISTINCT FROM (NEW.variant_id, NEW.ends_at))
  EXECUTE FUNCTION app_product_card_on_price_rule();

-- Backfill one tenant at a time with that tenant set (as 0003: a migration owner that is not a
-- superuser is still subject to FORCE ROW LEVEL SECURITY).
DO $$
DECLARE t uuid;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    PERFORM app_refresh_product_cards(t, ARRAY(SELECT p.id FROM products p WHERE p.tenant_id = t));
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;
