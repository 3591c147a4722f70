-- Storefront search: a weighted full-text document per product kept by the database, trigram
-- typo tolerance, and the words Nairobi shoppers actually type (Swahili <-> English synonyms).

-- Composite GIN indexes (tenant_id, document): without btree_gin a GIN index on the document
-- alone would return every tenant's postings for a common word ("samsung") and leave RLS to
-- throw away all but one store's rows. Leading with tenant_id keeps a search inside one store.
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- ---------------------------------------------------------------------------------------------
-- Synonyms: reference data shared by all stores, written only by migrations (read-only for the
-- app role, see READ_ONLY_TABLES in src/migrate.ts).
--
-- Postgres synonym/thesaurus dictionaries are files in the server's sharedir, which managed
-- Postgres (and our embedded one) does not let us ship. So synonyms live in a table and are
-- expanded at query time: a shopper's word becomes (word OR expansion OR ...). Query-time
-- expansion also means editing a synonym needs no reindex of any product.
--
-- A term is one lowercase word as the search tokenizer produces it; expansions are words or
-- short phrases as they appear in catalogs (English stemming is applied to them at query time,
-- so "shoes" also finds "shoe"). One direction only: "simu" finds phones, but "phone" does not
-- need to find every Swahili word.
CREATE TABLE search_synonyms (
  term       text PRIMARY KEY CHECK (term = lower(term) AND term ~ '^[a-z0-9]{2,40}$'),
  expansions text[] NOT NULL CHECK (cardinality(expansions) BETWEEN 1 AND 8)
);

INSERT INTO search_synonyms (term, expansions) VALUES
  -- Electronics
  ('simu',        '{phone,smartphone,mobile}'),
  ('rununu',      '{phone,mobile}'),
  ('smartphone',  '{phone}'),
  ('mobile',      '{phone}'),
  ('runinga',     '{television,tv}'),
  ('televisheni', '{television,tv}'),
  ('tv',          '{television,tvs}'),
  ('television',  '{tv}'),
  ('kompyuta',    '{laptop,computer}'),
  ('tarakilishi', '{laptop,computer}'),
  ('computer',    '{laptop}'),
  ('notebook',    '{laptop}'),
  ('spika',       '{speaker,subwoofer}'),
  ('earphones',   '{earbuds,headphones}'),
  ('headset',     '{headphones,earbuds}'),
  ('chaja',       '{charger,adapter}'),
  ('charger',     '{adapter}'),
  ('powerbank',   '{power bank}'),
  ('betri',       '{battery,power bank}'),
  ('kava',        '{cover,case}'),
  ('case',        '{cover}'),
  ('waya',        '{cable}'),
  ('tablet',      '{pad,ipad}'),
  -- Fashion
  ('viatu',       '{shoes,sneakers,sandals,boots,slides}'),
  ('kiatu',       '{shoe,sneaker,sandal,boot}'),
  ('raba',        '{sneakers}'),
  ('malapa',      '{slides,sandals}'),
  ('nguo',        '{clothes,dress,shirt,blouse,top}'),
  ('gauni',       '{dress}'),
  ('rinda',       '{dress}'),
  ('shati',       '{shirt}'),
  ('suruali',     '{trousers,jeans,pants}'),
  ('sketi',       '{skirt}'),
  ('koti',        '{jacket,coat}'),
  ('sweta',       '{sweater,hoodie,cardigan}'),
  ('mkoba',       '{bag,handbag}'),
  ('begi',        '{bag,backpack}'),
  ('kofia',       '{hat,cap}'),
  ('soksi',       '{socks}'),
  ('bangili',     '{bracelet}'),
  ('shanga',      '{beads,beaded}'),
  ('pete',        '{ring}'),
  ('hereni',      '{earrings}'),
  -- Watches
  ('saa',         '{watch,smartwatch,clock}'),
  ('mkanda',      '{strap,band,belt}'),
  -- Home
  ('kitanda',     '{bed}'),
  ('vitanda',     '{bed}'),
  ('godoro',      '{mattress}'),
  ('sufuria',     '{pot,saucepan,cookware}'),
  ('pot',         '{sufuria}'),
  ('saucepan',    '{sufuria}'),
  ('jiko',        '{cooker,stove}'),
  ('stove',       '{cooker,jiko}'),
  ('kochi',       '{sofa,couch}'),
  ('couch',       '{sofa,loveseat}'),
  ('meza',        '{table}'),
  ('kiti',        '{chair,armchair,stool}'),
  ('taa',         '{lamp,light,bulb,lantern}'),
  ('blanketi',    '{blanket,duvet}'),
  ('mto',         '{pillow,cushion}'),
  ('pazia',       '{curtain}'),
  ('kabati',      '{wardrobe,cupboard,cabinet}'),
  ('kioo',        '{mirror,glass}'),
  ('sahani',      '{plate,dinner set}'),
  ('kikombe',     '{mug,cup}'),
  ('vikombe',     '{mug,cup}'),
  ('chandarua',   '{mosquito net}'),
  ('birika',      '{kettle}'),
  ('zulia',       '{rug,carpet}'),
  ('carpet',      '{rug}'),
  ('taulo',       '{towel}'),
  ('ndoo',        '{bucket}'),
  ('kisu',        '{knife}'),
  ('chupa',       '{flask,bottle}'),
  ('thermos',     '{flask}'),
  ('rafu',        '{shelf,bookshelf,rack}'),
  ('mmea',        '{plant}');

-- ---------------------------------------------------------------------------------------------
-- The search document of a product. Kept in its own table rather than as columns of products:
-- it depends on other tables (category name, variant option values), so it cannot be a generated
-- column, and refreshing it from triggers must not bump products.updated_at or rewrite the wide
-- products row each time a variant or category changes.

CREATE TABLE product_search (
  tenant_id  uuid NOT NULL,
  product_id uuid NOT NULL,
  document   tsvector NOT NULL,
  -- Title, brand and category name, lowercased: what typo matching compares against. The
  -- description stays out on purpose: fuzzy matches against free prose are mostly noise.
  words      text NOT NULL,
  PRIMARY KEY (tenant_id, product_id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE product_search ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_search FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_search
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

CREATE INDEX product_search_document ON product_search USING gin (tenant_id, document);
-- gin_trgm_ops serves the word-similarity operator (token <% words) used for typos.
CREATE INDEX product_search_words ON product_search USING gin (tenant_id, words gin_trgm_ops);

-- Weights: title A > brand and category name B > description C > option values D.
-- Two configurations side by side: 'english' stems English words ("phones" ~ "phone",
-- "sneakers" ~ "sneaker") but mangles or drops other words, so 'simple' (lowercase, no stemming,
-- no stop words) keeps brand names, model codes ("a05", "128gb") and Swahili words ("sufuria",
-- "kitenge") exact, and makes prefix matching ("sams" -> samsung) work on whole words.
-- The description is English prose: stemmed only. Option values ("Black", "128GB") are exact
-- values: simple only.
CREATE FUNCTION app_product_search_document(p_title text, p_brand text, p_category text,
                                            p_description text, p_options text)
  RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT setweight(to_tsvector('english'::regconfig, coalesce(p_title, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(p_title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(p_brand, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, coalesce(p_brand, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(p_category, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, coalesce(p_category, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(p_description, '')), 'C')
        || setweight(to_tsvector('simple'::regconfig, coalesce(p_options, '')), 'D')
  $$;

-- Recomputes the documents of some products of one tenant. SECURITY INVOKER on purpose: called
-- from triggers fired by the app role, it sees and writes only the current tenant's rows (RLS),
-- and the explicit tenant filter keeps it correct for an owner that bypasses RLS (the seed).
-- Writes only when something changed, so re-running the seed leaves the table untouched.
CREATE FUNCTION app_product_search_refresh(p_tenant uuid, p_products uuid[])
  RETURNS void
  LANGUAGE sql
  AS $$
    INSERT INTO product_search (tenant_id, product_id, document, words)
    SELECT p.tenant_id, p.id,
           app_product_search_document(p.title, p.brand, c.name, p.description, opts.text),
           lower(concat_ws(' ', p.title, p.brand, c.name))
      FROM products p
      LEFT JOIN categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
      LEFT JOIN LATERAL (
            SELECT string_agg(DISTINCT o.value, ' ') AS text
              FROM product_variants v CROSS JOIN LATERAL jsonb_each_text(v.options) o
             WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active') opts ON true
     WHERE p.tenant_id = p_tenant AND p.id = ANY (p_products)
    ON CONFLICT (tenant_id, product_id) DO UPDATE
       SET document = excluded.document, words = excluded.words
     WHERE (product_search.document, product_search.words) IS DISTINCT FROM (excluded.document, excluded.words)
  $$;

CREATE FUNCTION app_product_search_on_product() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_product_search_refresh(NEW.tenant_id, ARRAY[NEW.id]);
  RETURN NULL;
END $$;

-- A category rename changes the B-weighted words of all its products.
CREATE FUNCTION app_product_search_on_category() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_product_search_refresh(NEW.tenant_id, ARRAY(
    SELECT p.id FROM products p WHERE p.tenant_id = NEW.tenant_id AND p.category_id = NEW.id));
  RETURN NULL;
END $$;

-- Variants carry the option values (D weight). A variant moved to another product refreshes
-- both; a deleted product's cascade finds no product row and writes nothing.
CREATE FUNCTION app_product_search_on_variant() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM app_product_search_refresh(OLD.tenant_id, ARRAY[OLD.product_id]);
  ELSIF TG_OP = 'UPDATE' AND OLD.product_id <> NEW.product_id THEN
    PERFORM app_product_search_refresh(NEW.tenant_id, ARRAY[OLD.product_id, NEW.product_id]);
  ELSE
    PERFORM app_product_search_refresh(NEW.tenant_id, ARRAY[NEW.product_id]);
  END IF;
  RETURN NULL;
END $$;

-- AFTER triggers: the row has passed its RLS check before the document is written, and the
-- WHEN clauses keep hot paths quiet (a stock movement updates product_variants.on_hand on every
-- sale; that must not rewrite search documents).
CREATE TRIGGER products_search_insert AFTER INSERT ON products
  FOR EACH ROW EXECUTE FUNCTION app_product_search_on_product();
CREATE TRIGGER products_search_update AFTER UPDATE ON products
  FOR EACH ROW
  WHEN ((OLD.title, OLD.brand, OLD.description, OLD.category_id)
        IS DISTINCT FROM (NEW.title, NEW.brand, NEW.description, NEW.category_id))
  EXECUTE FUNCTION app_product_search_on_product();
CREATE TRIGGER categories_search_rename AFTER UPDATE ON categories
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION app_product_search_on_category();
CREATE TRIGGER product_variants_search_insert AFTER INSERT ON product_variants
  FOR EACH ROW EXECUTE FUNCTION app_product_search_on_variant();
CREATE TRIGGER product_variants_search_delete AFTER DELETE ON product_variants
  FOR EACH ROW EXECUTE FUNCTION app_product_search_on_variant();
CREATE TRIGGER product_variants_search_update AFTER UPDATE ON product_variants
  FOR EACH ROW
  WHEN ((OLD.options, OLD.status, OLD.product_id) IS DISTINCT FROM (NEW.options, NEW.status, NEW.product_id))
  EXECUTE FUNCTION app_product_search_on_variant();

-- Backfill existing catalogs one tenant at a time, with that tenant set: a migration owner that
-- is not a superuser is still subject to FORCE ROW LEVEL SECURITY (it may list tenants through
-- the owner_resolves_hosts policy, nothing else).
DO $$
DECLARE t uuid;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    PERFORM app_product_search_refresh(t, ARRAY(SELECT p.id FROM products p WHERE p.tenant_id = t));
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;

-- ---------------------------------------------------------------------------------------------
-- Query side. The API turns each shopper word into one tsquery with this function and ANDs the
-- words together. Everything is built with plainto/phraseto_tsquery, which accept any text, so
-- user input is never parsed as tsquery syntax (no operator or quote in a search box can break
-- or change the query). The prefix form is made from plainto's own quoted output, so it is
-- well-formed whatever the token was.
CREATE FUNCTION app_search_word_query(p_word text, p_expansions text[], p_prefix boolean)
  RETURNS tsquery
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  AS $$
DECLARE
  exact tsquery := plainto_tsquery('simple'::regconfig, p_word);
  q tsquery := plainto_tsquery('english'::regconfig, p_word) || exact;
  e text;
BEGIN
  IF p_prefix AND numnode(exact) = 1 THEN
    q := q || (exact::text || ':*')::tsquery;
  END IF;
  FOREACH e IN ARRAY coalesce(p_expansions, '{}') LOOP
    q := q || phraseto_tsquery('english'::regconfig, e) || phraseto_tsquery('simple'::regconfig, e);
  END LOOP;
  RETURN q;
END $$;
