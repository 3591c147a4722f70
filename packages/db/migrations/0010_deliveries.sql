-- Deliveries: how a dispatched order reaches the shopper, and the trail of what happened to it.
--
-- An order has at most one live delivery at a time (a failed or cancelled one may be followed by
-- another). Two ways out of the shop:
--   manual_rider    the store's own rider or boda-boda: name and phone (2547/2541 MSISDN);
--   partner_pickup  a parcel with an agent-point network (Pickup Mtaani style): the partner's
--                   parcel id and the agent point the shopper collects from.
-- Status: assigned -> picked_up -> in_transit -> at_agent (partner only) -> delivered, or failed /
-- cancelled. The rules live in apps/api/src/modules/delivery/delivery-status.ts; the table only
-- refuses what can never be right.

CREATE TABLE deliveries (
  tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  order_id          uuid NOT NULL,
  method            text NOT NULL CHECK (method IN ('manual_rider', 'partner_pickup')),
  status            text NOT NULL DEFAULT 'assigned' CHECK (status IN
                      ('assigned', 'picked_up', 'in_transit', 'at_agent', 'delivered', 'failed', 'cancelled')),
  rider_name        text CHECK (length(rider_name) BETWEEN 1 AND 80),
  rider_phone       text CHECK (rider_phone ~ '^254[17][0-9]{8}$'),
  partner           text CHECK (partner ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  -- What we sent the partner as the parcel's idempotency reference (one per dispatch attempt).
  partner_reference text CHECK (length(partner_reference) BETWEEN 1 AND 120),
  partner_parcel_id text CHECK (length(partner_parcel_id) BETWEEN 1 AND 120),
  agent_id          text CHECK (length(agent_id) BETWEEN 1 AND 120),
  -- The agent point as the shopper was told (names and landmarks change at the partner).
  agent_name        text,
  agent_landmark    text,
  note              text CHECK (length(note) <= 300),
  created_by        text,
  delivered_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  CHECK (
    (method = 'manual_rider' AND rider_name IS NOT NULL AND rider_phone IS NOT NULL
       AND partner IS NULL AND partner_parcel_id IS NULL AND agent_id IS NULL)
    OR
    (method = 'partner_pickup' AND partner IS NOT NULL AND partner_parcel_id IS NOT NULL AND agent_id IS NOT NULL
       AND rider_name IS NULL AND rider_phone IS NULL)
  ),
  CHECK (status <> 'at_agent' OR method = 'partner_pickup'),
  CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);
-- One live delivery per order: two staff dispatching the same order at once cannot both win.
CREATE UNIQUE INDEX deliveries_one_live_per_order ON deliveries (tenant_id, order_id)
  WHERE status NOT IN ('failed', 'cancelled');
-- Webhooks and polls find a delivery by the partner's parcel id.
CREATE UNIQUE INDEX deliveries_partner_parcel ON deliveries (tenant_id, partner, partner_parcel_id)
  WHERE partner_parcel_id IS NOT NULL;
CREATE INDEX deliveries_order ON deliveries (tenant_id, order_id, created_at);
CREATE TRIGGER deliveries_updated_at BEFORE UPDATE ON deliveries
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- The delivery's tracking trail, append-only. Each status appears at most once per delivery, so
-- a replayed or duplicated partner webhook (or a poll that sees what a webhook already told us)
-- adds nothing: that unique key is what makes intake idempotent.
CREATE TABLE delivery_events (
  tenant_id   uuid NOT NULL,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  delivery_id uuid NOT NULL,
  status      text NOT NULL CHECK (status IN
                ('assigned', 'picked_up', 'in_transit', 'at_agent', 'delivered', 'failed', 'cancelled')),
  source      text NOT NULL CHECK (source IN ('staff', 'partner_webhook', 'partner_poll', 'system')),
  actor_id    text,
  note        text CHECK (length(note) <= 300),
  data        jsonb NOT NULL DEFAULT '{}',
  -- When it happened (the partner's clock for partner events); recorded_at is when we heard.
  occurred_at timestamptz NOT NULL DEFAULT now(),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, delivery_id, status),
  FOREIGN KEY (tenant_id, delivery_id) REFERENCES deliveries (tenant_id, id) ON DELETE CASCADE
);
CREATE TRIGGER delivery_events_append_only BEFORE UPDATE OR DELETE ON delivery_events
  FOR EACH ROW EXECUTE FUNCTION app_refuse_change();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['deliveries', 'delivery_events'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                   'WITH CHECK (tenant_id = app_current_tenant())', t);
  END LOOP;
END $$;
