-- Storefront analytics events (collector endpoint -> queue -> worker) and generated sitemaps.

-- Events are append-only and high volume: partitioned by month so old months can be detached
-- (retention) and queries on recent days touch one small partition.
CREATE TABLE events (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           bigint GENERATED ALWAYS AS IDENTITY,
  -- Server receive time (trusted); the client's own clock is kept apart.
  occurred_at  timestamptz NOT NULL,
  client_at    timestamptz,
  type         text NOT NULL CHECK (type IN ('page_view', 'product_view', 'search', 'add_to_cart',
                                             'checkout_start', 'payment_started', 'paid', 'whatsapp_handoff')),
  session_id   text NOT NULL CHECK (session_id ~ '^[A-Za-z0-9_-]{8,64}$'),
  path         text,
  product_slug text,
  sku          text,
  query        text,
  result_count int CHECK (result_count >= 0),
  quantity     int CHECK (quantity > 0),
  referrer     text,
  channel      text NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'whatsapp', 'link')),
  area_slug    text,
  device       text CHECK (device IN ('mobile', 'tablet', 'desktop')),
  PRIMARY KEY (tenant_id, occurred_at, id)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX events_tenant_type_time ON events (tenant_id, type, occurred_at);

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON events
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

-- Creates the monthly partitions from last month to p_months_ahead months ahead. Runs as the
-- owner (partitions must be created by the table owner; the worker calls it daily). RLS is
-- per table in Postgres, not inherited: every partition gets it enabled and forced too, and
-- the app role is given no privileges on partitions, so it can only go through the parent.
CREATE FUNCTION app_ensure_event_partitions(p_months_ahead int DEFAULT 3)
  RETURNS int
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  month_start date := (date_trunc('month', now()) - interval '1 month')::date;
  created int := 0;
  name text;
BEGIN
  IF p_months_ahead < 0 OR p_months_ahead > 24 THEN
    RAISE EXCEPTION 'months ahead must be 0..24';
  END IF;
  FOR i IN 0 .. p_months_ahead + 1 LOOP
    name := format('events_%s', to_char(month_start + make_interval(months => i), 'YYYY_MM'));
    IF to_regclass(name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                     name, month_start + make_interval(months => i), month_start + make_interval(months => i + 1));
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
      EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                     'WITH CHECK (tenant_id = app_current_tenant())', name);
      EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', name);
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END $$;
REVOKE ALL ON FUNCTION app_ensure_event_partitions(int) FROM PUBLIC;

SELECT app_ensure_event_partitions(3);

-- One generated sitemap per store (the seo worker job rewrites it when the catalog changes).
CREATE TABLE sitemaps (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  xml          text NOT NULL,
  url_count    int NOT NULL CHECK (url_count >= 0),
  generated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
ALTER TABLE sitemaps ENABLE ROW LEVEL SECURITY;
ALTER TABLE sitemaps FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sitemaps
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
