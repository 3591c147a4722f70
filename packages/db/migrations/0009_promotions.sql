-- Promotions: coupons a shopper types, and automatic promotions (e.g. 10 % off a category this
-- week). Discounts are integer KES computed by the API's PromotionsService; usage limits are
-- enforced here under concurrency (two shoppers racing for a coupon's last use: one wins).

CREATE TABLE coupons (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  code               citext NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{3,32}$'),
  kind               text NOT NULL CHECK (kind IN ('percent', 'fixed', 'free_delivery')),
  -- percent: 1..100; fixed: KES; free_delivery: 0.
  value              int NOT NULL CHECK (value >= 0),
  min_subtotal_kes   int NOT NULL DEFAULT 0 CHECK (min_subtotal_kes >= 0),
  starts_at          timestamptz NOT NULL DEFAULT now(),
  ends_at            timestamptz,
  max_uses           int CHECK (max_uses > 0),
  max_uses_per_phone int CHECK (max_uses_per_phone > 0),
  used_count         int NOT NULL DEFAULT 0 CHECK (used_count >= 0),
  active             boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  CHECK (ends_at IS NULL OR ends_at > starts_at),
  CHECK (max_uses IS NULL OR used_count <= max_uses),
  CHECK ((kind = 'percent' AND value BETWEEN 1 AND 100) OR (kind = 'fixed' AND value > 0) OR (kind = 'free_delivery' AND value = 0))
);

CREATE TABLE coupon_redemptions (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  coupon_id    uuid NOT NULL,
  order_id     uuid NOT NULL,
  phone        text NOT NULL,
  discount_kes int NOT NULL CHECK (discount_kes >= 0),
  -- An order cancelled or expired before payment gives its use back.
  voided_at    timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_id),
  FOREIGN KEY (tenant_id, coupon_id) REFERENCES coupons (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX coupon_redemptions_phone ON coupon_redemptions (tenant_id, coupon_id, phone) WHERE voided_at IS NULL;

CREATE TABLE promotions (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  category_id uuid NOT NULL,
  percent     int NOT NULL CHECK (percent BETWEEN 1 AND 90),
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id) ON DELETE CASCADE,
  CHECK (ends_at > starts_at)
);

ALTER TABLE orders ADD COLUMN discount_detail jsonb NOT NULL DEFAULT '[]';

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['coupons', 'coupon_redemptions', 'promotions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                   'WITH CHECK (tenant_id = app_current_tenant())', t);
  END LOOP;
END $$;
