-- Analytics: daily aggregates over events (what shoppers did) and orders/payments (what money
-- did), the insight cards built from them, and event retention.
--
-- Days are Nairobi calendar days (Africa/Nairobi, UTC+3, no DST). Every aggregate row is
-- recomputed whole by app_analytics_aggregate_day(day) (DELETE + INSERT ... SELECT in the
-- caller's transaction), so re-running a day is idempotent and a late payment or refund is
-- picked up by the next run. Definitions (apps/api/src/modules/insights/CONTRACT.md):
--   session            one storefront session id (sessionStorage) seen that day
--   paid order         an order placed that day whose status is paid, packed, dispatched,
--                      delivered or refunded (money was taken), counted on the day it was placed
--   revenue_kes        total_kes of the day's paid orders minus their completed refunds
--   stk_*              M-Pesa STK attempts created that day, by outcome

CREATE TABLE daily_store_metrics (
  tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  day                  date NOT NULL,
  sessions             int NOT NULL DEFAULT 0,
  page_views           int NOT NULL DEFAULT 0,
  product_views        int NOT NULL DEFAULT 0,
  searches             int NOT NULL DEFAULT 0,
  zero_result_searches int NOT NULL DEFAULT 0,
  add_to_carts         int NOT NULL DEFAULT 0,
  whatsapp_handoffs    int NOT NULL DEFAULT 0,
  -- Funnel, in sessions: viewed a product -> added to cart -> started checkout.
  view_sessions        int NOT NULL DEFAULT 0,
  cart_sessions        int NOT NULL DEFAULT 0,
  checkout_sessions    int NOT NULL DEFAULT 0,
  orders               int NOT NULL DEFAULT 0,
  paid_orders          int NOT NULL DEFAULT 0,
  cancelled_orders     int NOT NULL DEFAULT 0,
  units_sold           int NOT NULL DEFAULT 0,
  gross_revenue_kes    bigint NOT NULL DEFAULT 0,
  refunded_kes         bigint NOT NULL DEFAULT 0,
  revenue_kes          bigint NOT NULL DEFAULT 0,
  stk_attempts         int NOT NULL DEFAULT 0,
  stk_paid             int NOT NULL DEFAULT 0,
  stk_cancelled        int NOT NULL DEFAULT 0,
  stk_timeout          int NOT NULL DEFAULT 0,
  stk_failed           int NOT NULL DEFAULT 0,
  computed_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, day)
);

-- One row per product with any view, cart add or sale that day (product_id is kept without a
-- foreign key: history outlives a deleted product).
CREATE TABLE daily_product_metrics (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  day           date NOT NULL,
  product_id    uuid NOT NULL,
  product_slug  text NOT NULL,
  views         int NOT NULL DEFAULT 0,
  view_sessions int NOT NULL DEFAULT 0,
  add_to_carts  int NOT NULL DEFAULT 0,
  units_sold    int NOT NULL DEFAULT 0,
  paid_orders   int NOT NULL DEFAULT 0,
  -- Gross line totals of paid orders (before order discounts, without delivery).
  revenue_kes   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, day, product_id)
);

-- The funnel by delivery area and channel. A session's area is the area its events carried
-- (the shopper's saved place or the area picked at checkout), 'unknown' when none did; a
-- session's channel is whatsapp if any event came through WhatsApp, else link, else web.
-- orders / paid_orders / revenue_kes come from orders (their own area and channel).
CREATE TABLE daily_area_funnel (
  tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  day               date NOT NULL,
  area_slug         text NOT NULL,
  channel           text NOT NULL CHECK (channel IN ('web', 'whatsapp', 'link')),
  sessions          int NOT NULL DEFAULT 0,
  views             int NOT NULL DEFAULT 0,
  view_sessions     int NOT NULL DEFAULT 0,
  cart_sessions     int NOT NULL DEFAULT 0,
  checkout_sessions int NOT NULL DEFAULT 0,
  orders            int NOT NULL DEFAULT 0,
  paid_orders       int NOT NULL DEFAULT 0,
  revenue_kes       bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, day, area_slug, channel)
);

-- Search terms, normalised (lower case, spaces collapsed, 100 characters).
CREATE TABLE daily_search_terms (
  tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  day                  date NOT NULL,
  term                 text NOT NULL CHECK (length(term) BETWEEN 1 AND 100),
  searches             int NOT NULL DEFAULT 0,
  zero_result_searches int NOT NULL DEFAULT 0,
  sessions             int NOT NULL DEFAULT 0,
  zero_result_sessions int NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, day, term)
);

-- Insight cards. `key` dedupes a card per rule + subject + period window, so regenerating
-- updates the numbers of the same card and a dismissed card stays dismissed.
CREATE TABLE insights (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  rule         text NOT NULL CHECK (rule ~ '^[a-z_]+$'),
  key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  period       text NOT NULL CHECK (period IN ('day', 'week', 'month')),
  score        double precision NOT NULL DEFAULT 0,
  headline     text NOT NULL CHECK (length(headline) BETWEEN 1 AND 200),
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
  body_sw      text CHECK (length(body_sw) <= 1000),
  numbers      jsonb NOT NULL DEFAULT '{}',
  action       jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  dismissed_at timestamptz,
  dismissed_by text,
  expires_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key)
);
CREATE INDEX insights_active ON insights (tenant_id, period, expires_at) WHERE dismissed_at IS NULL;
CREATE TRIGGER insights_updated_at BEFORE UPDATE ON insights FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- When cards were last generated per store and period (a read generates them when stale).
CREATE TABLE insight_runs (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  period       text NOT NULL CHECK (period IN ('day', 'week', 'month')),
  generated_at timestamptz NOT NULL DEFAULT now(),
  cards        int NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, period)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['daily_store_metrics', 'daily_product_metrics', 'daily_area_funnel', 'daily_search_terms',
                           'insights', 'insight_runs'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                   'WITH CHECK (tenant_id = app_current_tenant())', t);
  END LOOP;
END $$;

-- Recomputes every daily table for one Nairobi day of the current tenant (app.tenant_id), in
-- the caller's transaction. SECURITY INVOKER: it runs under the caller's RLS, and names the
-- tenant in every statement as well (the seed's owner connection bypasses RLS).
CREATE FUNCTION app_analytics_aggregate_day(p_day date)
  RETURNS jsonb
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_tenant uuid := app_current_tenant();
  v_from timestamptz := p_day::timestamp AT TIME ZONE 'Africa/Nairobi';
  v_to timestamptz := (p_day + 1)::timestamp AT TIME ZONE 'Africa/Nairobi';
  n_products int;
  n_areas int;
  n_terms int;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'app_analytics_aggregate_day: app.tenant_id is not set';
  END IF;
  DELETE FROM daily_store_metrics WHERE tenant_id = v_tenant AND day = p_day;
  DELETE FROM daily_product_metrics WHERE tenant_id = v_tenant AND day = p_day;
  DELETE FROM daily_area_funnel WHERE tenant_id = v_tenant AND day = p_day;
  DELETE FROM daily_search_terms WHERE tenant_id = v_tenant AND day = p_day;

  CREATE TEMP TABLE IF NOT EXISTS analytics_day_orders (
    id uuid PRIMARY KEY, status text, channel text, area_slug text, total_kes bigint, paid boolean, refunded_kes bigint
  ) ON COMMIT DROP;
  TRUNCATE analytics_day_orders;
  INSERT INTO analytics_day_orders
  SELECT o.id, o.status, o.channel, o.area_slug, o.total_kes,
         o.status IN ('paid', 'packed', 'dispatched', 'delivered', 'refunded'),
         coalesce((SELECT sum(r.amount_kes) FROM refunds r
                    WHERE r.tenant_id = v_tenant AND r.order_id = o.id AND r.status = 'completed'), 0)
    FROM orders o
   WHERE o.tenant_id = v_tenant AND o.created_at >= v_from AND o.created_at < v_to;

  INSERT INTO daily_store_metrics (tenant_id, day, sessions, page_views, product_views, searches, zero_result_searches,
      add_to_carts, whatsapp_handoffs, view_sessions, cart_sessions, checkout_sessions, orders, paid_orders, cancelled_orders,
      units_sold, gross_revenue_kes, refunded_kes, revenue_kes, stk_attempts, stk_paid, stk_cancelled, stk_timeout, stk_failed)
  SELECT v_tenant, p_day, e.sessions, e.page_views, e.product_views, e.searches, e.zero_result_searches,
         e.add_to_carts, e.whatsapp_handoffs, e.view_sessions, e.cart_sessions, e.checkout_sessions,
         o.orders, o.paid_orders, o.cancelled_orders,
         (SELECT coalesce(sum(i.quantity), 0) FROM analytics_day_orders d
            JOIN order_items i ON i.tenant_id = v_tenant AND i.order_id = d.id WHERE d.paid),
         o.gross, o.refunded, o.gross - o.refunded,
         p.attempts, p.paid, p.cancelled, p.timeout, p.failed
    FROM (SELECT count(DISTINCT session_id) AS sessions,
                 count(*) FILTER (WHERE type = 'page_view') AS page_views,
                 count(*) FILTER (WHERE type = 'product_view') AS product_views,
                 count(*) FILTER (WHERE type = 'search') AS searches,
                 count(*) FILTER (WHERE type = 'search' AND result_count = 0) AS zero_result_searches,
                 count(*) FILTER (WHERE type = 'add_to_cart') AS add_to_carts,
                 count(*) FILTER (WHERE type = 'whatsapp_handoff') AS whatsapp_handoffs,
                 count(DISTINCT session_id) FILTER (WHERE type = 'product_view') AS view_sessions,
                 count(DISTINCT session_id) FILTER (WHERE type = 'add_to_cart') AS cart_sessions,
                 count(DISTINCT session_id) FILTER (WHERE type = 'checkout_start') AS checkout_sessions
            FROM events
           WHERE tenant_id = v_tenant AND occurred_at >= v_from AND occurred_at < v_to) e,
         (SELECT count(*) AS orders, count(*) FILTER (WHERE paid) AS paid_orders,
                 count(*) FILTER (WHERE status = 'cancelled') AS cancelled_orders,
                 coalesce(sum(total_kes) FILTER (WHERE paid), 0) AS gross,
                 coalesce(sum(refunded_kes) FILTER (WHERE paid), 0) AS refunded
            FROM analytics_day_orders) o,
         (SELECT count(*) AS attempts,
                 count(*) FILTER (WHERE status IN ('paid', 'refunded')) AS paid,
                 count(*) FILTER (WHERE outcome = 'cancelled') AS cancelled,
                 count(*) FILTER (WHERE outcome = 'timeout') AS timeout,
                 count(*) FILTER (WHERE status = 'failed' AND outcome NOT IN ('cancelled', 'timeout')) AS failed
            FROM payments
           WHERE tenant_id = v_tenant AND method = 'stk' AND created_at >= v_from AND created_at < v_to) p;

  INSERT INTO daily_product_metrics (tenant_id, day, product_id, product_slug, views, view_sessions, add_to_carts,
      units_sold, paid_orders, revenue_kes)
  SELECT v_tenant, p_day, pr.id, pr.slug, coalesce(ev.views, 0), coalesce(ev.view_sessions, 0), coalesce(ev.carts, 0),
         coalesce(s.units, 0), coalesce(s.orders, 0), coalesce(s.revenue, 0)
    FROM products pr
    LEFT JOIN (SELECT product_slug,
                      count(*) FILTER (WHERE type = 'product_view') AS views,
                      count(DISTINCT session_id) FILTER (WHERE type = 'product_view') AS view_sessions,
                      count(*) FILTER (WHERE type = 'add_to_cart') AS carts
                 FROM events
                WHERE tenant_id = v_tenant AND occurred_at >= v_from AND occurred_at < v_to
                  AND product_slug IS NOT NULL AND type IN ('product_view', 'add_to_cart')
                GROUP BY product_slug) ev ON ev.product_slug = pr.slug
    LEFT JOIN (SELECT v.product_id, sum(i.quantity) AS units, count(DISTINCT i.order_id) AS orders,
                      sum(i.line_total_kes) AS revenue
                 FROM analytics_day_orders d
                 JOIN order_items i ON i.tenant_id = v_tenant AND i.order_id = d.id
                 JOIN product_variants v ON v.tenant_id = v_tenant AND v.id = i.variant_id
                WHERE d.paid
                GROUP BY v.product_id) s ON s.product_id = pr.id
   WHERE pr.tenant_id = v_tenant AND (ev.product_slug IS NOT NULL OR s.product_id IS NOT NULL);
  GET DIAGNOSTICS n_products = ROW_COUNT;

  INSERT INTO daily_area_funnel (tenant_id, day, area_slug, channel, sessions, views, view_sessions, cart_sessions,
      checkout_sessions, orders, paid_orders, revenue_kes)
  SELECT v_tenant, p_day, coalesce(f.area_slug, o.area_slug), coalesce(f.channel, o.channel),
         coalesce(f.sessions, 0), coalesce(f.views, 0), coalesce(f.view_sessions, 0), coalesce(f.cart_sessions, 0),
         coalesce(f.checkout_sessions, 0), coalesce(o.orders, 0), coalesce(o.paid_orders, 0), coalesce(o.revenue, 0)
    FROM (SELECT area_slug, channel, count(*) AS sessions, sum(views) AS views,
                 count(*) FILTER (WHERE viewed) AS view_sessions, count(*) FILTER (WHERE carted) AS cart_sessions,
                 count(*) FILTER (WHERE checked_out) AS checkout_sessions
            FROM (SELECT session_id, coalesce(max(area_slug), 'unknown') AS area_slug,
                         CASE WHEN bool_or(channel = 'whatsapp') THEN 'whatsapp' WHEN bool_or(channel = 'link') THEN 'link' ELSE 'web' END AS channel,
                         count(*) FILTER (WHERE type IN ('page_view', 'product_view')) AS views,
                         bool_or(type = 'product_view') AS viewed, bool_or(type = 'add_to_cart') AS carted,
                         bool_or(type = 'checkout_start') AS checked_out
                    FROM events
                   WHERE tenant_id = v_tenant AND occurred_at >= v_from AND occurred_at < v_to
                   GROUP BY session_id) s
           GROUP BY area_slug, channel) f
    FULL JOIN (SELECT area_slug, channel, count(*) AS orders, count(*) FILTER (WHERE paid) AS paid_orders,
                      coalesce(sum(total_kes - refunded_kes) FILTER (WHERE paid), 0) AS revenue
                 FROM analytics_day_orders GROUP BY area_slug, channel) o
      ON o.area_slug = f.area_slug AND o.channel = f.channel;
  GET DIAGNOSTICS n_areas = ROW_COUNT;

  INSERT INTO daily_search_terms (tenant_id, day, term, searches, zero_result_searches, sessions, zero_result_sessions)
  SELECT v_tenant, p_day, term, count(*), count(*) FILTER (WHERE result_count = 0),
         count(DISTINCT session_id), count(DISTINCT session_id) FILTER (WHERE result_count = 0)
    FROM (SELECT left(lower(regexp_replace(btrim(query), '\s+', ' ', 'g')), 100) AS term, result_count, session_id
            FROM events
           WHERE tenant_id = v_tenant AND occurred_at >= v_from AND occurred_at < v_to
             AND type = 'search' AND query IS NOT NULL) q
   WHERE term <> ''
   GROUP BY term;
  GET DIAGNOSTICS n_terms = ROW_COUNT;

  DROP TABLE analytics_day_orders;
  RETURN jsonb_build_object('day', p_day, 'products', n_products, 'areas', n_areas, 'terms', n_terms);
END $$;

-- The stores the hourly/nightly jobs aggregate (ids only; each is then worked in its own context).
CREATE FUNCTION app_analytics_tenants()
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT id FROM tenants WHERE status <> 'suspended' ORDER BY id $$;
REVOKE ALL ON FUNCTION app_analytics_tenants() FROM PUBLIC;

-- Monthly partitions covering p_from .. p_to (history backfills, the seed, the benchmark).
-- Same partition shape as app_ensure_event_partitions (0004): RLS enabled + forced, no grants.
CREATE FUNCTION app_ensure_event_partitions_between(p_from date, p_to date)
  RETURNS int
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  month_start date := date_trunc('month', p_from)::date;
  last_month date := date_trunc('month', p_to)::date;
  created int := 0;
  name text;
BEGIN
  IF p_to < p_from OR last_month > month_start + interval '36 months' THEN
    RAISE EXCEPTION 'partition range must be 0..36 months';
  END IF;
  WHILE month_start <= last_month LOOP
    name := format('events_%s', to_char(month_start, 'YYYY_MM'));
    IF to_regclass(name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                     name, month_start, month_start + interval '1 month');
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
      EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                     'WITH CHECK (tenant_id = app_current_tenant())', name);
      EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', name);
      created := created + 1;
    END IF;
    month_start := (month_start + interval '1 month')::date;
  END LOOP;
  RETURN created;
END $$;
REVOKE ALL ON FUNCTION app_ensure_event_partitions_between(date, date) FROM PUBLIC;

-- Retention (EVENTS_RETENTION_MONTHS): detaches and drops the monthly partitions that end
-- before the first day of (this month - p_keep_months + 1), i.e. keeps this month and the
-- p_keep_months - 1 before it. Daily aggregates are kept: only raw events go. Returns the
-- names dropped. Runs as the owner (the worker calls it daily).
CREATE FUNCTION app_drop_old_event_partitions(p_keep_months int)
  RETURNS text[]
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  cutoff date := (date_trunc('month', now() AT TIME ZONE 'Africa/Nairobi') - make_interval(months => p_keep_months - 1))::date;
  dropped text[] := '{}';
  part record;
BEGIN
  IF p_keep_months < 2 OR p_keep_months > 120 THEN
    RAISE EXCEPTION 'keep months must be 2..120';
  END IF;
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_[0-9]{4}_[0-9]{2}$'
       AND to_date(substr(c.relname, 8), 'YYYY_MM') < cutoff
     ORDER BY c.relname
  LOOP
    EXECUTE format('ALTER TABLE events DETACH PARTITION %I', part.relname);
    EXECUTE format('DROP TABLE %I', part.relname);
    dropped := dropped || part.relname::text;
  END LOOP;
  RETURN dropped;
END $$;
REVOKE ALL ON FUNCTION app_drop_old_event_partitions(int) FROM PUBLIC;
