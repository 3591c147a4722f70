-- Orders: placed from a cart with an Idempotency-Key, numbered per store, stock reserved on
-- placement and released if payment fails or the reservation expires. Payment is a separate,
-- idempotent step (the M-Pesa module moves an order from pending_payment to paid).

-- Stock reservations are ledger rows too: 'reserve' takes units out of on_hand while an order
-- waits for payment, 'release' gives them back. Paid orders turn their reservation into a sale.
ALTER TABLE inventory_movements DROP CONSTRAINT inventory_movements_kind_check;
ALTER TABLE inventory_movements ADD CONSTRAINT inventory_movements_kind_check
  CHECK (kind IN ('restock', 'sale', 'adjustment', 'return', 'reserve', 'release'));
ALTER TABLE inventory_movements DROP CONSTRAINT inventory_movements_check;
ALTER TABLE inventory_movements ADD CONSTRAINT inventory_movements_check CHECK (
  (kind IN ('restock', 'return', 'release') AND quantity > 0) OR
  (kind IN ('sale', 'reserve') AND quantity < 0) OR
  kind = 'adjustment'
);
ALTER TABLE inventory_movements ADD COLUMN order_id uuid;

-- Order numbers count per store (#1001, #1002 ...): one counter row per store, locked while
-- taking a number, so numbers are gap-free and never shared.
CREATE TABLE order_counters (
  tenant_id   uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  last_number int NOT NULL DEFAULT 1000 CHECK (last_number >= 1000)
);

CREATE TABLE orders (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  number           int NOT NULL,
  status           text NOT NULL DEFAULT 'pending_payment' CHECK (status IN
                     ('pending_payment', 'paid', 'packed', 'dispatched', 'delivered', 'cancelled', 'refunded')),
  channel          text NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'whatsapp', 'link')),
  phone            text NOT NULL CHECK (phone ~ '^254[17][0-9]{8}$'),
  customer_name    text NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 120),
  area_slug        text NOT NULL REFERENCES nairobi_areas (slug),
  delivery_method  text NOT NULL DEFAULT 'delivery' CHECK (delivery_method IN ('delivery', 'pickup')),
  landmark         text,
  notes            text,
  subtotal_kes     int NOT NULL CHECK (subtotal_kes >= 0),
  delivery_fee_kes int NOT NULL CHECK (delivery_fee_kes >= 0),
  discount_kes     int NOT NULL DEFAULT 0 CHECK (discount_kes >= 0),
  total_kes        int NOT NULL CHECK (total_kes >= 0),
  vat_kes          int NOT NULL CHECK (vat_kes >= 0),
  coupon_code      text,
  idempotency_key  text NOT NULL CHECK (length(idempotency_key) BETWEEN 8 AND 128),
  request_hash     text NOT NULL,
  reserved_until   timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  -- The truth behind "the same key returns the same order" (Redis is only the fast path).
  UNIQUE (tenant_id, idempotency_key),
  CHECK (total_kes = subtotal_kes + delivery_fee_kes - discount_kes),
  CHECK (discount_kes <= subtotal_kes + delivery_fee_kes)
);
CREATE INDEX orders_status ON orders (tenant_id, status, created_at DESC);
CREATE INDEX orders_reservations ON orders (reserved_until) WHERE status = 'pending_payment';
CREATE TRIGGER orders_updated_at BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

CREATE TABLE order_items (
  tenant_id      uuid NOT NULL,
  order_id       uuid NOT NULL,
  line           int NOT NULL CHECK (line > 0),
  variant_id     uuid NOT NULL,
  sku            text NOT NULL,
  title          text NOT NULL,
  options        jsonb NOT NULL DEFAULT '{}',
  unit_price_kes int NOT NULL CHECK (unit_price_kes >= 0),
  quantity       int NOT NULL CHECK (quantity BETWEEN 1 AND 20),
  line_total_kes int NOT NULL CHECK (line_total_kes = unit_price_kes * quantity),
  PRIMARY KEY (tenant_id, order_id, line),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id)
);

-- The order's timeline (placed, paid, packed ...), append-only.
CREATE TABLE order_events (
  tenant_id   uuid NOT NULL,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  order_id    uuid NOT NULL,
  type        text NOT NULL CHECK (type ~ '^[a-z_]+$'),
  from_status text,
  to_status   text,
  actor_type  text NOT NULL CHECK (actor_type IN ('shopper', 'user', 'system')),
  actor_id    text,
  data        jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX order_events_order ON order_events (tenant_id, order_id, at);
CREATE TRIGGER order_events_append_only BEFORE UPDATE OR DELETE ON order_events
  FOR EACH ROW EXECUTE FUNCTION app_refuse_change();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['order_counters', 'orders', 'order_items', 'order_events'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                   'WITH CHECK (tenant_id = app_current_tenant())', t);
  END LOOP;
END $$;

-- The reservation sweeper runs without a tenant context: this lists (only) the ids of orders
-- whose reservation has lapsed, across stores, so the worker can expire each in its own tenant.
CREATE FUNCTION app_lapsed_reservations(p_limit int DEFAULT 500)
  RETURNS TABLE (tenant_id uuid, order_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT o.tenant_id, o.id FROM orders o
     WHERE o.status = 'pending_payment' AND o.reserved_until < now()
     ORDER BY o.reserved_until
     LIMIT least(greatest(p_limit, 1), 5000)
  $$;
REVOKE ALL ON FUNCTION app_lapsed_reservations(int) FROM PUBLIC;
CREATE POLICY owner_sweeps_reservations ON orders FOR SELECT TO CURRENT_USER USING (true);
