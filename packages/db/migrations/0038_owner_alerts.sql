-- Owner alerts (issue 14, "the owner's phone"): new paid order, payment problem, low stock and
-- eTIMS rejection, to each owner/staff member by WhatsApp, SMS, email or web push, with quiet
-- hours. docs/owner-alerts.md.
--
-- The events are written by triggers on the tables where they already happen (orders, callback
-- outcomes, refunds, the stock ledger, eTIMS documents), in the same transaction as the change:
-- nothing that pays, flags, refunds or sells needs to know alerts exist, and an event can never
-- be lost between the change and an enqueue. The alerts sweep (worker) reads alert_events.

-- Store-wide alert settings (one row per store; none = the defaults).
CREATE TABLE alert_settings (
  tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- A variant "runs low" when a sale or reservation takes its stock to this or below.
  low_stock_threshold int NOT NULL DEFAULT 3 CHECK (low_stock_threshold BETWEEN 0 AND 100000),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
SELECT app_enable_tenant_rls('alert_settings');

-- One person's alert settings: the phone alerts go to (else the account's phone) and quiet hours
-- (minutes after midnight, Africa/Nairobi; start > end wraps past midnight).
CREATE TABLE alert_recipients (
  tenant_id           uuid NOT NULL,
  user_id             uuid NOT NULL,
  phone               text CHECK (phone ~ '^254[17][0-9]{8}$'),
  quiet_start_min     smallint CHECK (quiet_start_min BETWEEN 0 AND 1439),
  quiet_end_min       smallint CHECK (quiet_end_min BETWEEN 0 AND 1439),
  -- Payment problems reach this person even in quiet hours.
  urgent_in_quiet     boolean NOT NULL DEFAULT false,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
  CHECK ((quiet_start_min IS NULL) = (quiet_end_min IS NULL)),
  CHECK (quiet_start_min IS DISTINCT FROM quiet_end_min OR quiet_start_min IS NULL)
);
SELECT app_enable_tenant_rls('alert_recipients');

-- Per person, kind and channel: on or off (no row = the default in alert-rules.ts).
CREATE TABLE alert_preferences (
  tenant_id uuid NOT NULL,
  user_id   uuid NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('order_paid', 'payment_problem', 'low_stock', 'etims_rejected')),
  channel   text NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'email', 'push')),
  enabled   boolean NOT NULL,
  PRIMARY KEY (tenant_id, user_id, kind, channel),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
SELECT app_enable_tenant_rls('alert_preferences');

-- The events, once each: subject_key names what happened ("order_paid:<order id>"), so a
-- duplicated callback or a re-run settlement finds its event already there.
CREATE TABLE alert_events (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            bigint GENERATED ALWAYS AS IDENTITY,
  kind          text NOT NULL CHECK (kind IN ('order_paid', 'payment_problem', 'low_stock', 'etims_rejected')),
  subject_key   text NOT NULL CHECK (length(subject_key) BETWEEN 1 AND 200),
  facts         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  -- Set when the event's deliveries were written (one transaction).
  fanned_out_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, subject_key)
);
CREATE INDEX alert_events_pending ON alert_events (created_at) WHERE fanned_out_at IS NULL;
SELECT app_enable_tenant_rls('alert_events');

-- One row per event, person and channel: its primary key is the "once" of every alert.
CREATE TABLE alert_deliveries (
  tenant_id  uuid NOT NULL,
  event_id   bigint NOT NULL,
  user_id    uuid NOT NULL,
  channel    text NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'email', 'push')),
  status     text NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'sending', 'sent', 'failed', 'skipped')),
  due_at     timestamptz NOT NULL DEFAULT now(),
  -- Held for the person's quiet hours (due_at = when they end).
  held       boolean NOT NULL DEFAULT false,
  attempts   int NOT NULL DEFAULT 0,
  claimed_at timestamptz,
  detail     text,
  sent_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, event_id, user_id, channel),
  FOREIGN KEY (tenant_id, event_id) REFERENCES alert_events (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (due_at) WHERE status IN ('due', 'sending');
CREATE TRIGGER alert_deliveries_updated_at BEFORE UPDATE ON alert_deliveries
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();
SELECT app_enable_tenant_rls('alert_deliveries');

-- Variants already alerted as low: a row means "said once"; a restock above the threshold
-- deletes it, so the next fall alerts again. Releases of expired reservations do not re-arm.
CREATE TABLE alert_low_stock (
  tenant_id  uuid NOT NULL,
  variant_id uuid NOT NULL,
  since      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, variant_id),
  FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id) ON DELETE CASCADE
);
SELECT app_enable_tenant_rls('alert_low_stock');

-- Web push subscriptions of the owner PWA, per person and browser (endpoint).
CREATE TABLE push_subscriptions (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id         uuid NOT NULL,
  endpoint        text NOT NULL CHECK (length(endpoint) BETWEEN 10 AND 1000),
  p256dh          text NOT NULL CHECK (p256dh ~ '^[A-Za-z0-9_-]{80,100}$'),
  auth            text NOT NULL CHECK (auth ~ '^[A-Za-z0-9_-]{16,30}$'),
  user_agent      text CHECK (length(user_agent) <= 300),
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_success_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, endpoint),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (tenant_id, user_id);
SELECT app_enable_tenant_rls('push_subscriptions');

-- One event, once (the trigger functions below all go through it).
CREATE FUNCTION app_alert_event(p_tenant uuid, p_kind text, p_key text, p_facts jsonb) RETURNS void
  LANGUAGE sql AS $$
    INSERT INTO alert_events (tenant_id, kind, subject_key, facts)
    VALUES (p_tenant, p_kind, p_key, p_facts)
    ON CONFLICT (tenant_id, subject_key) DO NOTHING
  $$;

CREATE FUNCTION app_alert_order_paid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_alert_event(NEW.tenant_id, 'order_paid', 'order_paid:' || NEW.id,
    jsonb_build_object('orderId', NEW.id, 'number', NEW.number, 'totalKes', NEW.total_kes,
                       'customerName', NEW.customer_name, 'areaSlug', NEW.area_slug));
  RETURN NULL;
END $$;
CREATE TRIGGER orders_alert_paid AFTER UPDATE OF status ON orders
  FOR EACH ROW WHEN (NEW.status = 'paid' AND OLD.status IS DISTINCT FROM 'paid')
  EXECUTE FUNCTION app_alert_order_paid();

CREATE FUNCTION app_alert_callback_flagged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_alert_event(NEW.tenant_id, 'payment_problem', 'callback:' || NEW.callback_id,
    jsonb_build_object('problem', 'flagged_callback', 'reason', NEW.outcome, 'callbackId', NEW.callback_id));
  RETURN NULL;
END $$;
CREATE TRIGGER payment_callback_outcomes_alert AFTER INSERT ON payment_callback_outcomes
  FOR EACH ROW WHEN (NEW.flagged) EXECUTE FUNCTION app_alert_callback_flagged();

CREATE FUNCTION app_alert_refund_failed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_alert_event(NEW.tenant_id, 'payment_problem', 'refund_failed:' || NEW.id,
    jsonb_build_object('problem', 'refund_failed', 'orderId', NEW.order_id, 'amountKes', NEW.amount_kes,
                       'reason', coalesce(NEW.result_desc, NEW.result_code, 'failed'),
                       'number', (SELECT o.number FROM orders o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.order_id)));
  RETURN NULL;
END $$;
CREATE TRIGGER refunds_alert_failed AFTER INSERT OR UPDATE OF status ON refunds
  FOR EACH ROW WHEN (NEW.status = 'failed') EXECUTE FUNCTION app_alert_refund_failed();

CREATE FUNCTION app_alert_etims_rejected() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_alert_event(NEW.tenant_id, 'etims_rejected', 'etims:' || NEW.id || ':' || NEW.attempts,
    jsonb_build_object('orderId', NEW.order_id, 'document', NEW.kind,
                       'reason', coalesce(NEW.rejection_reason, NEW.result_cd, 'rejected'),
                       'number', (SELECT o.number FROM orders o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.order_id)));
  RETURN NULL;
END $$;
CREATE TRIGGER etims_documents_alert_rejected AFTER INSERT OR UPDATE OF status ON etims_documents
  FOR EACH ROW WHEN (NEW.status = 'rejected') EXECUTE FUNCTION app_alert_etims_rejected();

-- Runs after inventory_movements_apply (triggers fire in name order), so on_hand is current.
CREATE FUNCTION app_alert_stock_movement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_on_hand int;
  v_product uuid;
  v_sku text;
  v_threshold int;
BEGIN
  SELECT v.on_hand, v.product_id, v.sku INTO v_on_hand, v_product, v_sku
    FROM product_variants v
   WHERE v.tenant_id = NEW.tenant_id AND v.id = NEW.variant_id AND v.status = 'active';
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT coalesce((SELECT s.low_stock_threshold FROM alert_settings s WHERE s.tenant_id = NEW.tenant_id), 3)
    INTO v_threshold;
  IF NEW.quantity < 0 AND v_on_hand <= v_threshold THEN
    INSERT INTO alert_low_stock (tenant_id, variant_id) VALUES (NEW.tenant_id, NEW.variant_id)
      ON CONFLICT DO NOTHING;
    IF FOUND THEN
      PERFORM app_alert_event(NEW.tenant_id, 'low_stock', 'low_stock:' || NEW.variant_id || ':' || NEW.id,
        jsonb_build_object('variantId', NEW.variant_id, 'productId', v_product, 'sku', v_sku,
                           'onHand', v_on_hand, 'threshold', v_threshold,
                           'title', (SELECT p.title FROM products p WHERE p.tenant_id = NEW.tenant_id AND p.id = v_product)));
    END IF;
  ELSIF NEW.kind IN ('restock', 'adjustment', 'return') AND v_on_hand > v_threshold THEN
    DELETE FROM alert_low_stock WHERE tenant_id = NEW.tenant_id AND variant_id = NEW.variant_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER inventory_movements_zz_alert_low_stock AFTER INSERT ON inventory_movements
  FOR EACH ROW EXECUTE FUNCTION app_alert_stock_movement();

-- The alerts sweep (worker, every few seconds): stores with events to fan out, deliveries due,
-- or claims left by a worker that died mid-send. Each store is then handled in its own tenant.
CREATE FUNCTION app_alerts_due(p_limit int DEFAULT 100)
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT DISTINCT x.tenant_id FROM (
      (SELECT e.tenant_id FROM alert_events e WHERE e.fanned_out_at IS NULL ORDER BY e.created_at LIMIT 1000)
      UNION ALL
      (SELECT d.tenant_id FROM alert_deliveries d
        WHERE d.status IN ('due', 'sending') AND d.due_at <= now()
          AND (d.status = 'due' OR d.claimed_at < now() - interval '2 minutes')
        ORDER BY d.due_at LIMIT 1000)
    ) x LIMIT least(greatest(p_limit, 1), 1000)
  $$;
REVOKE ALL ON FUNCTION app_alerts_due(int) FROM PUBLIC;
