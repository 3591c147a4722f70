-- Catalog change notifications (issue 17, hot-data cache). Every change to what the storefront
-- reads (products, variants and their stock, sale prices, media, categories, collections,
-- promotions) sends pg_notify('catalog_changed', <tenant id>). Postgres delivers it at commit and
-- never for a rolled-back transaction, and collapses identical notifications of one transaction
-- (a 1,000-row import sends one per store). The API holds one LISTEN connection (direct, never
-- through PgBouncer) and bumps the store's catalog version in Redis, which retires every cached
-- storefront answer of that store (apps/api/src/modules/catalog/catalog-cache.ts,
-- docs/operate/caching.md).
--
-- Stock: inventory_movements is summed into product_variants.on_hand by trigger, so a sale,
-- reservation or release shows here as a product_variants update. The payload is the tenant id
-- only: no catalog data leaves the transaction. Row triggers on purpose: the seed and the owner
-- role may write rows of several stores in one statement. SECURITY INVOKER: nothing is read.

CREATE FUNCTION app_notify_catalog_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('catalog_changed', OLD.tenant_id::text);
  ELSE
    PERFORM pg_notify('catalog_changed', NEW.tenant_id::text);
    -- A row moved to another store (refused by RLS and keys, but be exact): both stores change.
    IF TG_OP = 'UPDATE' AND OLD.tenant_id IS DISTINCT FROM NEW.tenant_id THEN
      PERFORM pg_notify('catalog_changed', OLD.tenant_id::text);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['products', 'product_variants', 'price_rules', 'product_media', 'categories',
                           'collections', 'collection_products', 'promotions'] LOOP
    EXECUTE format('CREATE TRIGGER catalog_changed AFTER INSERT OR UPDATE OR DELETE ON %I '
                   'FOR EACH ROW EXECUTE FUNCTION app_notify_catalog_changed()', t);
  END LOOP;
END $$;
