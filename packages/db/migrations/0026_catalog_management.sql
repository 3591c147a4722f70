-- Catalog management (issue 12): option matrices, a photo per variant, one level of category nesting.
--
-- products.default_price_kes: the price a generated variant inherits (the owner's "base price"
-- when entering an option matrix; new combinations added later start at it). NULL for products
-- made before, whose new combinations take the price of the product's first variant.
ALTER TABLE products ADD COLUMN default_price_kes integer CHECK (default_price_kes >= 1);

-- A variant's own photo (one of its product's photos: the service checks the product; the key
-- keeps it in the store). Deleting the photo leaves the variant without one, never deletes it.
ALTER TABLE product_variants ADD COLUMN media_id uuid;
ALTER TABLE product_variants
  ADD CONSTRAINT product_variants_media_fk FOREIGN KEY (tenant_id, media_id)
  REFERENCES product_media (tenant_id, id) ON DELETE SET NULL (media_id);
CREATE INDEX product_variants_media ON product_variants (tenant_id, media_id) WHERE media_id IS NOT NULL;

-- Categories nest one level (Phones > Android): a parent is a top-level category and a category
-- with subcategories cannot itself be put under another. The API checks this first and answers
-- in words; the trigger makes it the database's rule too (two concurrent moves cannot both pass).
CREATE FUNCTION app_categories_one_level() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent_id IS NULL THEN
    RETURN NEW;
  END IF;
  IF NEW.parent_id = NEW.id THEN
    RAISE EXCEPTION 'a category cannot be its own parent' USING ERRCODE = '23514',
      CONSTRAINT = 'categories_one_level';
  END IF;
  IF EXISTS (SELECT 1 FROM categories WHERE tenant_id = NEW.tenant_id AND id = NEW.parent_id
                AND parent_id IS NOT NULL) THEN
    RAISE EXCEPTION 'categories nest one level only' USING ERRCODE = '23514',
      CONSTRAINT = 'categories_one_level';
  END IF;
  IF EXISTS (SELECT 1 FROM categories WHERE tenant_id = NEW.tenant_id AND parent_id = NEW.id) THEN
    RAISE EXCEPTION 'a category with subcategories cannot be nested' USING ERRCODE = '23514',
      CONSTRAINT = 'categories_one_level';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER categories_one_level BEFORE INSERT OR UPDATE OF parent_id ON categories
  FOR EACH ROW EXECUTE FUNCTION app_categories_one_level();
CREATE INDEX categories_parent ON categories (tenant_id, parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX products_category ON products (tenant_id, category_id) WHERE category_id IS NOT NULL;
