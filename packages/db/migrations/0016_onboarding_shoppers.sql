-- Store creation wizard (onboarding progress) and shopper identity (phone + SMS code, saved
-- delivery addresses). Every table is tenant data: tenant_id first in the key, RLS forced.

-- What the wizard keeps that is not already somewhere real. Most steps are read from the real
-- state (contact on tenants, M-Pesa from mpesa_settings, zones from delivery_zones, products);
-- this row holds only the choices that leave no other trace.
CREATE TABLE onboarding_progress (
  tenant_id        uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  -- The vertical whose defaults were last applied (categories, tagline, policy suggestion), so
  -- a change of category re-applies only what the owner has not changed.
  defaults_vertical text NOT NULL CHECK (defaults_vertical IN ('electronics', 'fashion', 'watches', 'home')),
  -- "Skip M-Pesa for now": the store takes payment by hand / on WhatsApp until it is set up.
  mpesa_skipped_at timestamptz,
  -- The owner asked to see advanced settings (the UI hides them until then).
  show_advanced    boolean NOT NULL DEFAULT false,
  published_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER onboarding_progress_updated_at BEFORE UPDATE ON onboarding_progress
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- One live sign-in code per shopper phone per store: asking again replaces it. Only an HMAC of
-- the code is stored; a code dies after 5 minutes, 5 wrong tries or its first use.
CREATE TABLE shopper_otps (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  phone       text NOT NULL CHECK (phone ~ '^254[17][0-9]{8}$'),
  code_hash   text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  attempts    int NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 5),
  expires_at  timestamptz NOT NULL,
  consumed_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, phone)
);

-- A shopper's saved delivery places at a store ("Home: Kilimani, opposite Yaya Centre"): at most
-- five, position 0..4 in the order the shopper keeps them.
CREATE TABLE shopper_addresses (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  phone      text NOT NULL CHECK (phone ~ '^254[17][0-9]{8}$'),
  position   int NOT NULL CHECK (position BETWEEN 0 AND 4),
  area_slug  text NOT NULL REFERENCES nairobi_areas (slug),
  landmark   text NOT NULL DEFAULT '' CHECK (length(landmark) <= 200),
  label      text NOT NULL DEFAULT '' CHECK (length(label) <= 40),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, phone, position)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['onboarding_progress', 'shopper_otps', 'shopper_addresses'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                   'WITH CHECK (tenant_id = app_current_tenant())', t);
  END LOOP;
END $$;

-- Sign-up needs to know whether a slug is free across all stores (drafts included) before any
-- tenant context exists. Returns only which of the given slugs are taken, nothing else.
CREATE FUNCTION app_taken_store_slugs(p_slugs text[])
  RETURNS TABLE (slug text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT t.slug FROM tenants t WHERE t.slug = ANY (p_slugs) $$;
REVOKE ALL ON FUNCTION app_taken_store_slugs(text[]) FROM PUBLIC;

-- The owner area (login, refresh) resolves a store by slug while it is still a draft; shopper
-- routes keep using app_resolve_tenant, which only knows active stores. Suspended stays out.
CREATE FUNCTION app_resolve_owner_tenant(p_key text)
  RETURNS TABLE (tenant_id uuid, slug text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT t.id, t.slug FROM tenants t
     WHERE t.slug = lower(p_key) AND t.status IN ('draft', 'active')
    UNION ALL
    SELECT t.id, t.slug FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
     WHERE d.host = lower(p_key) AND d.verified_at IS NOT NULL AND t.status IN ('draft', 'active')
    LIMIT 1
  $$;
REVOKE ALL ON FUNCTION app_resolve_owner_tenant(text) FROM PUBLIC;
