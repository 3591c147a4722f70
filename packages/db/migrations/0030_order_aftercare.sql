-- After the sale (issue 13, "Cancel, refund, return"): a store's return policy, and the shopper's
-- return requests with the lines they send back. Money goes back through `refunds` (payments);
-- stock comes back through `inventory_movements` (kind 'return'); statuses move only through
-- apps/api/src/modules/orders/order-status.ts.

-- One row per store that changed the default (no row = returns allowed for 7 days after delivery).
CREATE TABLE order_return_settings (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  enabled     boolean NOT NULL DEFAULT true,
  window_days int NOT NULL DEFAULT 7 CHECK (window_days BETWEEN 0 AND 90),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
SELECT app_enable_tenant_rls('order_return_settings');
CREATE TRIGGER order_return_settings_updated_at BEFORE UPDATE ON order_return_settings
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- One return per order (it may cover several lines): requested -> accepted -> received, or refused.
CREATE TABLE order_returns (
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  order_id       uuid NOT NULL,
  status         text NOT NULL DEFAULT 'requested'
                 CHECK (status IN ('requested', 'accepted', 'refused', 'received')),
  reason         text NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
  photo          bytea CHECK (photo IS NULL OR octet_length(photo) <= 2097152),
  photo_type     text CHECK (photo_type IN ('image/jpeg', 'image/png', 'image/webp')),
  -- What the accepted lines are worth after their share of the order's discount (the credit note).
  amount_kes     int NOT NULL CHECK (amount_kes >= 0),
  vat_kes        int NOT NULL CHECK (vat_kes >= 0 AND vat_kes <= amount_kes),
  decision_note  text,
  decided_by     text,
  decided_at     timestamptz,
  received_at    timestamptz,
  refund_id      uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_id),
  CHECK ((photo IS NULL) = (photo_type IS NULL)),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, refund_id) REFERENCES refunds (tenant_id, id)
);
SELECT app_enable_tenant_rls('order_returns');
CREATE INDEX order_returns_open ON order_returns (tenant_id, status, created_at);
CREATE TRIGGER order_returns_updated_at BEFORE UPDATE ON order_returns
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

CREATE TABLE order_return_lines (
  tenant_id  uuid NOT NULL,
  return_id  uuid NOT NULL,
  order_id   uuid NOT NULL,
  line       int NOT NULL,
  quantity   int NOT NULL CHECK (quantity BETWEEN 1 AND 20),
  PRIMARY KEY (tenant_id, return_id, line),
  FOREIGN KEY (tenant_id, return_id) REFERENCES order_returns (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, order_id, line) REFERENCES order_items (tenant_id, order_id, line) ON DELETE CASCADE
);
SELECT app_enable_tenant_rls('order_return_lines');
