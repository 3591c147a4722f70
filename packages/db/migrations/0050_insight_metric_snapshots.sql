-- The owner dashboard's metrics answer kept per store (issue 17, "fast at scale").
--
-- GET /v1/owner/insights/metrics sums the daily tables over a window that always ends
-- yesterday: on a store with 2,000 products that is 60,000 daily_product_metrics rows grouped on
-- every request. The daily tables change only when a day is (re)aggregated, so the answer is
-- kept here and reused until they change.
--
-- Never stale, by a per-store generation: the statement triggers below bump
-- insight_metric_generations in the same transaction as ANY write to daily_store_metrics,
-- daily_product_metrics or daily_area_funnel (app_analytics_aggregate_day, a seed, a manual
-- fix), so no writer can forget it. A snapshot records the generation its reader saw BEFORE
-- reading the daily tables, and is used only while that is still the store's generation: a
-- write the reader could not see carries a higher generation (it bumped, and held the row lock,
-- before it committed), so a snapshot that might miss it never matches again. A bulk load with
-- session_replication_role = replica skips triggers: such a load must bump (or delete the
-- snapshots) itself.
--
-- What the daily tables do not hold (product titles, area names) is resolved when a snapshot is
-- read, so a renamed product shows its new title at once (top_product_ids, area_slugs).

CREATE TABLE insight_metric_generations (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- Only ever grows; a store with no row is at generation 0 (never aggregated).
  generation bigint NOT NULL CHECK (generation > 0),
  PRIMARY KEY (tenant_id)
);

SELECT app_enable_tenant_rls('insight_metric_generations');

CREATE TABLE insight_metric_snapshots (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  period          text NOT NULL CHECK (period IN ('day', 'week', 'month')),
  -- The window's last day (yesterday when computed); one row per (store, period) is kept: the
  -- writer deletes the older windows.
  window_to       date NOT NULL,
  generation      bigint NOT NULL CHECK (generation >= 0),
  -- The endpoint's answer as sent. json, not jsonb: the text is kept as written, so a snapshot
  -- answers with the same key order as a fresh computation.
  data            json NOT NULL,
  -- data.topProducts[i] is product top_product_ids[i] (its title is read from products at read
  -- time); data.areas[i] is area area_slugs[i] (its name is read from nairobi_areas).
  top_product_ids uuid[] NOT NULL,
  area_slugs      text[] NOT NULL,
  computed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, period, window_to)
);

SELECT app_enable_tenant_rls('insight_metric_snapshots');

-- The stores a statement changed, from its transition tables: one bump per store per statement
-- (app_analytics_aggregate_day makes six). SECURITY INVOKER: the app role can only write its own
-- store's daily rows, so it only ever bumps its own store under RLS. The row lock taken here is
-- held to commit, which orders concurrent writers of one store and their generations.
CREATE FUNCTION app_bump_insight_metric_generation()
  RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
  AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    -- No rows to name: every store's snapshots go (a store still at generation 0 has no row to bump).
    UPDATE insight_metric_generations SET generation = generation + 1;
    DELETE FROM insight_metric_snapshots;
    RETURN NULL;
  END IF;
  -- Each branch names only the transition tables its trigger declares (a statement naming one
  -- that does not exist fails when planned, whatever its WHERE says).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO insight_metric_generations AS g (tenant_id, generation)
    SELECT DISTINCT tenant_id, 1 FROM changed_new ORDER BY tenant_id
    ON CONFLICT (tenant_id) DO UPDATE SET generation = g.generation + 1;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO insight_metric_generations AS g (tenant_id, generation)
    SELECT DISTINCT tenant_id, 1 FROM changed_old ORDER BY tenant_id
    ON CONFLICT (tenant_id) DO UPDATE SET generation = g.generation + 1;
  ELSE
    INSERT INTO insight_metric_generations AS g (tenant_id, generation)
    SELECT tenant_id, 1 FROM (SELECT tenant_id FROM changed_old UNION SELECT tenant_id FROM changed_new) c
     ORDER BY tenant_id
    ON CONFLICT (tenant_id) DO UPDATE SET generation = g.generation + 1;
  END IF;
  RETURN NULL;
END $$;

-- Postgres allows transition tables on single-event triggers only: three per table, plus
-- TRUNCATE, which has no rows to name and retires every store's snapshots.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['daily_store_metrics', 'daily_product_metrics', 'daily_area_funnel'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_new '
                   'FOR EACH STATEMENT EXECUTE FUNCTION app_bump_insight_metric_generation()', t || '_generation_ins', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new '
                   'FOR EACH STATEMENT EXECUTE FUNCTION app_bump_insight_metric_generation()', t || '_generation_upd', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_old '
                   'FOR EACH STATEMENT EXECUTE FUNCTION app_bump_insight_metric_generation()', t || '_generation_del', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION app_bump_insight_metric_generation()', t || '_generation_trunc', t);
  END LOOP;
END $$;

-- Grants: none here. provisionAppRole (packages/db/src/migrate.ts) grants the app role SELECT,
-- INSERT, UPDATE, DELETE on every table after each migration run, as for 0038 and 0047.
