-- Platform foundation: tenancy, users and roles, audit log, catalog basics, Nairobi areas.
--
-- Tenancy rule (DESIGN.md section 3): every tenant-owned table has tenant_id in its primary key
-- and in every foreign key, and has row level security ENABLED and FORCED with a policy on
-- app_current_tenant(). The API logs in as a role that is neither superuser nor owner, so the
-- policies always apply to it. A session that never set app.tenant_id sees zero rows.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS citext;

-- The tenant of the current transaction, or NULL (=> no rows) when none was set.
-- Set per request with: SELECT set_config('app.tenant_id', $1, true)  (i.e. SET LOCAL).
CREATE FUNCTION app_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION app_touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Reference data shared by all tenants (no tenant_id, read-only for the app role).

CREATE TABLE roles (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
  rank        int  NOT NULL UNIQUE,
  description text NOT NULL
);

INSERT INTO roles (code, rank, description) VALUES
  ('owner', 1, 'Owns the store: everything, including M-Pesa settings, staff and refunds'),
  ('admin', 2, 'Runs the store: catalog, prices, orders and refunds; not ownership or payouts'),
  ('staff', 3, 'Fulfils orders and updates stock; no refunds, prices, M-Pesa settings or staff');

CREATE TABLE nairobi_areas (
  slug       text PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name       text NOT NULL,
  ward       text NOT NULL,
  sub_county text NOT NULL,
  lat        numeric(8, 5) NOT NULL CHECK (lat BETWEEN -1.6 AND -0.9),
  lng        numeric(8, 5) NOT NULL CHECK (lng BETWEEN 36.5 AND 37.3),
  aliases    text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX nairobi_areas_name_trgm ON nairobi_areas USING gin (lower(name) gin_trgm_ops);
CREATE INDEX nairobi_areas_aliases ON nairobi_areas USING gin (aliases);

-- ---------------------------------------------------------------------------------------------
-- Tenants. The tenants row is itself tenant data: a store sees only its own row.

CREATE TABLE tenants (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  vertical        text NOT NULL CHECK (vertical IN ('electronics', 'fashion', 'watches', 'home')),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'suspended')),
  tagline         text NOT NULL DEFAULT '',
  location        text NOT NULL DEFAULT '',
  whatsapp_number text CHECK (whatsapp_number ~ '^254[17][0-9]{8}$'),
  return_policy   text NOT NULL DEFAULT '',
  mpesa_kind      text CHECK (mpesa_kind IN ('till', 'paybill')),
  mpesa_shortcode text CHECK (mpesa_shortcode ~ '^[0-9]{5,7}$'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((mpesa_kind IS NULL) = (mpesa_shortcode IS NULL))
);
CREATE TRIGGER tenants_updated_at BEFORE UPDATE ON tenants
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- Hosts that map to a store besides <slug>.<platform domain>: verified custom domains.
CREATE TABLE tenant_domains (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  host        text NOT NULL CHECK (host = lower(host) AND host ~ '^[a-z0-9.-]+$'),
  is_primary  boolean NOT NULL DEFAULT false,
  verified_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
-- A host belongs to one store across the platform.
CREATE UNIQUE INDEX tenant_domains_host ON tenant_domains (host);

-- ---------------------------------------------------------------------------------------------
-- Users (owners, admins, staff of one store).

CREATE TABLE users (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  email         citext,
  phone         text CHECK (phone ~ '^254[17][0-9]{8}$'),
  password_hash text,
  role          text NOT NULL REFERENCES roles (code),
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'disabled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
CREATE UNIQUE INDEX users_email ON users (tenant_id, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_phone ON users (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- Audit log: append-only. Who did what, when, with the before/after of the thing changed.

CREATE TABLE audit_log (
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id             bigint GENERATED ALWAYS AS IDENTITY,
  occurred_at    timestamptz NOT NULL DEFAULT now(),
  actor_type     text NOT NULL CHECK (actor_type IN ('user', 'system', 'shopper')),
  actor_id       text,
  action         text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  entity_type    text NOT NULL,
  entity_id      text NOT NULL,
  before         jsonb,
  after          jsonb,
  correlation_id text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity_type, entity_id, occurred_at DESC);

CREATE FUNCTION app_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION app_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION app_refuse_change();

-- ---------------------------------------------------------------------------------------------
-- Catalog basics.

CREATE TABLE categories (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  slug       text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name       text NOT NULL,
  parent_id  uuid,
  position   int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, slug),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES categories (tenant_id, id)
);

CREATE TABLE products (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  slug         text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  brand        text,
  description  text NOT NULL DEFAULT '',
  category_id  uuid,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'archived')),
  option_names text[] NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, slug),
  FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id)
);
CREATE INDEX products_listing ON products (tenant_id, status, created_at DESC, id);
CREATE TRIGGER products_updated_at BEFORE UPDATE ON products
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

CREATE TABLE product_variants (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  product_id     uuid NOT NULL,
  sku            text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
  options        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(options) = 'object'),
  price_kes      integer NOT NULL CHECK (price_kes >= 0),
  compare_at_kes integer CHECK (compare_at_kes > price_kes),
  -- Derived from inventory_movements by trigger; the CHECK makes "never negative" the database's job.
  on_hand        integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  position       int NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, sku),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_variants_product ON product_variants (tenant_id, product_id, position);
CREATE TRIGGER product_variants_updated_at BEFORE UPDATE ON product_variants
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- Stock is a ledger: on_hand is the running sum of these rows, kept by the trigger below.
CREATE TABLE inventory_movements (
  tenant_id   uuid NOT NULL,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  variant_id  uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('restock', 'sale', 'adjustment', 'return')),
  quantity    integer NOT NULL CHECK (quantity <> 0),
  reason      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id) ON DELETE CASCADE,
  CHECK (
    (kind IN ('restock', 'return') AND quantity > 0) OR
    (kind = 'sale' AND quantity < 0) OR
    kind = 'adjustment'
  )
);
CREATE INDEX inventory_movements_variant ON inventory_movements (tenant_id, variant_id, created_at);

CREATE FUNCTION app_apply_inventory_movement() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE product_variants
     SET on_hand = on_hand + NEW.quantity
   WHERE tenant_id = NEW.tenant_id AND id = NEW.variant_id;
  RETURN NEW;
END $$;
CREATE TRIGGER inventory_movements_apply AFTER INSERT ON inventory_movements
  FOR EACH ROW EXECUTE FUNCTION app_apply_inventory_movement();
CREATE TRIGGER inventory_movements_append_only BEFORE UPDATE OR DELETE ON inventory_movements
  FOR EACH ROW EXECUTE FUNCTION app_refuse_change();

CREATE TABLE product_media (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  product_id   uuid NOT NULL,
  storage_key  text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/webp', 'image/avif', 'image/jpeg', 'image/png')),
  width        int NOT NULL CHECK (width > 0),
  height       int NOT NULL CHECK (height > 0),
  bytes        int NOT NULL CHECK (bytes > 0),
  alt          text NOT NULL DEFAULT '',
  position     int NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, storage_key),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_media_product ON product_media (tenant_id, product_id, position);

-- ---------------------------------------------------------------------------------------------
-- Row level security: enabled and forced on every table that has tenant_id (plus tenants by id).

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = app_current_tenant()) WITH CHECK (id = app_current_tenant());

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tenant_domains', 'users', 'audit_log', 'categories', 'products',
                           'product_variants', 'inventory_movements', 'product_media'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                   'WITH CHECK (tenant_id = app_current_tenant())', t);
  END LOOP;
END $$;

-- Host -> tenant resolution happens before any tenant context exists. The app role may not read
-- the tenants table without one, so it calls this function, which runs as the migration owner.
-- FORCE RLS applies to the owner too, hence the owner-only read policies that the function uses.
CREATE POLICY owner_resolves_hosts ON tenants FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY owner_resolves_hosts ON tenant_domains FOR SELECT TO CURRENT_USER USING (true);

-- p_key is a store slug or a full host name (custom domain). Only active stores resolve.
CREATE FUNCTION app_resolve_tenant(p_key text)
  RETURNS TABLE (tenant_id uuid, slug text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT t.id, t.slug FROM tenants t
     WHERE t.slug = lower(p_key) AND t.status = 'active'
    UNION ALL
    SELECT t.id, t.slug FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
     WHERE d.host = lower(p_key) AND d.verified_at IS NOT NULL AND t.status = 'active'
    LIMIT 1
  $$;
REVOKE ALL ON FUNCTION app_resolve_tenant(text) FROM PUBLIC;
