-- Promotions the owner runs from the dashboard (issue 12). Expand only: the previous release keeps
-- working on these tables (it reads coupons by code and `active`, and joins promotions on
-- category_id, so the new kinds, whose category_id is NULL, are invisible to it).
--
-- Coupons: a label, an explicit end ("ended" can never be resumed, unlike "paused" = active false;
-- ending also clears `active` so the previous release refuses the code too), a batch id for codes
-- generated together (single-use WhatsApp codes), and restrictions to categories or products.
ALTER TABLE coupons ADD COLUMN name text NOT NULL DEFAULT '' CHECK (length(name) <= 120);
ALTER TABLE coupons ADD COLUMN ended_at timestamptz;
ALTER TABLE coupons ADD COLUMN batch_id uuid;
ALTER TABLE coupons ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX coupons_batch ON coupons (tenant_id, batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX coupon_redemptions_coupon ON coupon_redemptions (tenant_id, coupon_id);

-- A coupon with rows here discounts only the lines of these categories / products.
CREATE TABLE coupon_targets (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  coupon_id   uuid NOT NULL,
  category_id uuid,
  product_id  uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, coupon_id) REFERENCES coupons (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE,
  CHECK ((category_id IS NULL) <> (product_id IS NULL))
);
CREATE UNIQUE INDEX coupon_targets_category ON coupon_targets (tenant_id, coupon_id, category_id) WHERE category_id IS NOT NULL;
CREATE UNIQUE INDEX coupon_targets_product ON coupon_targets (tenant_id, coupon_id, product_id) WHERE product_id IS NOT NULL;
SELECT app_enable_tenant_rls('coupon_targets');

-- Automatic promotions get kinds. category_percent is what 0009 stored (the default for old rows).
ALTER TABLE promotions ADD COLUMN kind text NOT NULL DEFAULT 'category_percent'
  CHECK (kind IN ('category_percent', 'collection_percent', 'buy_x_get_y', 'free_delivery_over'));
ALTER TABLE promotions ADD COLUMN collection_id uuid;
ALTER TABLE promotions ADD COLUMN product_id uuid;
ALTER TABLE promotions ADD COLUMN buy_qty int CHECK (buy_qty BETWEEN 1 AND 20);
ALTER TABLE promotions ADD COLUMN get_qty int CHECK (get_qty BETWEEN 1 AND 20);
ALTER TABLE promotions ADD COLUMN min_subtotal_kes int CHECK (min_subtotal_kes >= 0);
ALTER TABLE promotions ADD COLUMN ended_at timestamptz;
ALTER TABLE promotions ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE promotions ALTER COLUMN category_id DROP NOT NULL;
ALTER TABLE promotions ALTER COLUMN percent DROP NOT NULL;
ALTER TABLE promotions ALTER COLUMN ends_at DROP NOT NULL;
ALTER TABLE promotions ADD FOREIGN KEY (tenant_id, collection_id) REFERENCES collections (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE promotions ADD FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE promotions ADD CONSTRAINT promotions_kind_shape CHECK (
  CASE kind
    WHEN 'category_percent' THEN category_id IS NOT NULL AND percent IS NOT NULL
                                 AND collection_id IS NULL AND product_id IS NULL
    WHEN 'collection_percent' THEN collection_id IS NOT NULL AND percent IS NOT NULL
                                   AND category_id IS NULL AND product_id IS NULL
    WHEN 'buy_x_get_y' THEN product_id IS NOT NULL AND buy_qty IS NOT NULL AND get_qty IS NOT NULL
                            AND category_id IS NULL AND collection_id IS NULL AND percent IS NULL
    WHEN 'free_delivery_over' THEN min_subtotal_kes IS NOT NULL
                                   AND category_id IS NULL AND collection_id IS NULL AND product_id IS NULL
                                   AND percent IS NULL
  END);
CREATE INDEX promotions_running ON promotions (tenant_id, starts_at) WHERE active;
