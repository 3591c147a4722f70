-- Outbound webhooks (issue 14, "Open platform"): a merchant's own systems subscribe to events
-- (order.paid, order.cancelled, refund.completed, product.stock_low). Events are written by
-- triggers in the same transaction as the change that causes them, so no code path can forget one
-- and a rolled-back change sends nothing; the worker delivers them signed (HMAC with timestamp),
-- retried with backoff, one delivery row per endpoint and event (never two), and disables an
-- endpoint that keeps failing (docs/webhooks.md).
CREATE TABLE webhook_endpoints (
  tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                   uuid NOT NULL DEFAULT gen_random_uuid(),
  url                  text NOT NULL CHECK (length(url) <= 500 AND url ~ '^https?://'),
  description          text CHECK (length(description) <= 120),
  events               text[] NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 20),
  -- The signing secret, sealed with the platform key (SecretBox); shown to the owner once.
  secret_sealed        text NOT NULL,
  status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  disabled_reason      text CHECK (length(disabled_reason) <= 300),
  disabled_at          timestamptz,
  created_by           uuid,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
SELECT app_enable_tenant_rls('webhook_endpoints');
CREATE TRIGGER webhook_endpoints_updated_at BEFORE UPDATE ON webhook_endpoints
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- What happened, once per event (the body every endpoint receives; a resend sends it again).
CREATE TABLE webhook_events (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  type       text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
SELECT app_enable_tenant_rls('webhook_events');

-- One row per endpoint and event: the delivery log the owner sees (with resend).
CREATE TABLE webhook_event_deliveries (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  endpoint_id      uuid NOT NULL,
  event_id         uuid NOT NULL,
  event_type       text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_status_code integer,
  last_error       text CHECK (length(last_error) <= 300),
  last_duration_ms integer,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, endpoint_id, event_id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_id) REFERENCES webhook_events (tenant_id, id) ON DELETE CASCADE
);
SELECT app_enable_tenant_rls('webhook_event_deliveries');
CREATE TRIGGER webhook_event_deliveries_updated_at BEFORE UPDATE ON webhook_event_deliveries
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();
CREATE INDEX webhook_event_deliveries_log ON webhook_event_deliveries (tenant_id, endpoint_id, created_at DESC);
CREATE INDEX webhook_event_deliveries_due ON webhook_event_deliveries (next_attempt_at) WHERE status = 'pending';

-- Records an event for the store's active endpoints that subscribe to it; nothing when none does
-- (a store without webhooks writes no rows). Runs as the caller, under RLS.
CREATE FUNCTION app_webhook_emit(p_tenant uuid, p_type text, p_payload jsonb) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  v_event uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints e
                  WHERE e.tenant_id = p_tenant AND e.status = 'active' AND p_type = ANY (e.events)) THEN
    RETURN;
  END IF;
  INSERT INTO webhook_events (tenant_id, type, payload) VALUES (p_tenant, p_type, p_payload)
    RETURNING id INTO v_event;
  INSERT INTO webhook_event_deliveries (tenant_id, endpoint_id, event_id, event_type)
    SELECT p_tenant, e.id, v_event, p_type FROM webhook_endpoints e
     WHERE e.tenant_id = p_tenant AND e.status = 'active' AND p_type = ANY (e.events);
END $$;

-- order.paid / order.cancelled: whatever path changed the status (checkout, callback, sweeper,
-- owner, shopper, pay on delivery).
CREATE FUNCTION app_webhook_order_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_webhook_emit(NEW.tenant_id, 'order.' || NEW.status, jsonb_build_object(
    'order', jsonb_build_object(
      'id', NEW.id, 'number', NEW.number, 'status', NEW.status, 'previousStatus', OLD.status,
      'totalKes', NEW.total_kes, 'channel', NEW.channel, 'phone', NEW.phone,
      'placedAt', NEW.created_at)));
  RETURN NULL;
END $$;
CREATE TRIGGER orders_webhook_status AFTER UPDATE OF status ON orders
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('paid', 'cancelled'))
  EXECUTE FUNCTION app_webhook_order_status();

-- refund.completed: M-Pesa confirmed the money went back.
CREATE FUNCTION app_webhook_refund_completed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_webhook_emit(NEW.tenant_id, 'refund.completed', jsonb_build_object(
    'refund', jsonb_build_object('id', NEW.id, 'orderId', NEW.order_id, 'amountKes', NEW.amount_kes,
      'orderNumber', (SELECT o.number FROM orders o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.order_id))));
  RETURN NULL;
END $$;
CREATE TRIGGER refunds_webhook_completed AFTER UPDATE OF status ON refunds
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status = 'completed')
  EXECUTE FUNCTION app_webhook_refund_completed();
CREATE TRIGGER refunds_webhook_completed_insert AFTER INSERT ON refunds
  FOR EACH ROW WHEN (NEW.status = 'completed')
  EXECUTE FUNCTION app_webhook_refund_completed();

-- product.stock_low: a variant's stock falls to 5 units or fewer (crossing, not every sale below).
CREATE FUNCTION app_webhook_stock_low() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_webhook_emit(NEW.tenant_id, 'product.stock_low', jsonb_build_object(
    'variant', jsonb_build_object('sku', NEW.sku, 'onHand', NEW.on_hand, 'threshold', 5,
      'product', (SELECT jsonb_build_object('slug', p.slug, 'title', p.title) FROM products p
                   WHERE p.tenant_id = NEW.tenant_id AND p.id = NEW.product_id))));
  RETURN NULL;
END $$;
CREATE TRIGGER product_variants_webhook_stock_low AFTER UPDATE OF on_hand ON product_variants
  FOR EACH ROW WHEN (OLD.on_hand > 5 AND NEW.on_hand <= 5)
  EXECUTE FUNCTION app_webhook_stock_low();

-- The delivery job (every 2 s): deliveries of every store that are due, each then claimed and
-- sent in its own tenant transaction.
CREATE FUNCTION app_webhook_deliveries_due(p_limit int DEFAULT 50)
  RETURNS TABLE (tenant_id uuid, slug text, id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT d.tenant_id, t.slug, d.id FROM webhook_event_deliveries d JOIN tenants t ON t.id = d.tenant_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= now()
     ORDER BY d.next_attempt_at LIMIT least(greatest(p_limit, 1), 500)
  $$;
REVOKE ALL ON FUNCTION app_webhook_deliveries_due(int) FROM PUBLIC;
