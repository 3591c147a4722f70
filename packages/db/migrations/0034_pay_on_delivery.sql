-- Pay on delivery (issue 13): a store may let shoppers pay at the door, within limits the owner
-- sets. The order says how it is paid; money collected at the door is either an ordinary M-Pesa
-- payment (payments table, the normal STK path) or cash, recorded here with who took it.

-- Expand only: a column with a default, two nullable ones (the previous release ignores them).
ALTER TABLE orders
  ADD COLUMN payment_method text NOT NULL DEFAULT 'mpesa' CHECK (payment_method IN ('mpesa', 'on_delivery')),
  -- Set once, when a pay-on-delivery order's money was taken at the door (by M-Pesa or cash).
  ADD COLUMN collected_at timestamptz,
  ADD COLUMN collected_via text CHECK (collected_via IN ('mpesa', 'cash')),
  ADD CONSTRAINT orders_collected_pair CHECK ((collected_at IS NULL) = (collected_via IS NULL)),
  ADD CONSTRAINT orders_collected_on_delivery CHECK (collected_at IS NULL OR payment_method = 'on_delivery');

-- One row per store that turned it on (no row = off). Areas empty = every area the store delivers to.
CREATE TABLE pod_settings (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  enabled            boolean NOT NULL DEFAULT false,
  max_order_kes      integer NOT NULL DEFAULT 5000 CHECK (max_order_kes >= 0),
  area_slugs         text[] NOT NULL DEFAULT '{}' CHECK (cardinality(area_slugs) <= 500),
  first_time_allowed boolean NOT NULL DEFAULT false,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
SELECT app_enable_tenant_rls('pod_settings');
CREATE TRIGGER pod_settings_updated_at BEFORE UPDATE ON pod_settings
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- Cash taken at the door: one per order, with who and when (the audit row says the same).
CREATE TABLE pod_cash_collections (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id     uuid NOT NULL,
  amount_kes   integer NOT NULL CHECK (amount_kes >= 0),
  received_by  text NOT NULL CHECK (length(received_by) BETWEEN 1 AND 120),
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, order_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
SELECT app_enable_tenant_rls('pod_cash_collections');

-- "Is this a first-time shopper?" reads the store's orders by phone.
CREATE INDEX orders_phone_pay_on_delivery ON orders (tenant_id, phone);
