-- Pricing rules: a sale price for a variant during a time window. The shopper-facing price is
-- always read through variant_prices, so a sale starts and ends on time without a job.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE price_rules (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  variant_id     uuid NOT NULL,
  sale_price_kes integer NOT NULL CHECK (sale_price_kes >= 0),
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL,
  reason         text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id) ON DELETE CASCADE,
  CHECK (ends_at > starts_at),
  -- One sale at a time per variant: overlapping windows are refused by the database.
  EXCLUDE USING gist (tenant_id WITH =, variant_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
);

ALTER TABLE price_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE price_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON price_rules
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

-- The price a shopper pays right now. security_invoker: RLS of the caller applies to the tables
-- underneath, so the view is tenant-scoped like the tables themselves.
CREATE VIEW variant_prices WITH (security_invoker = true) AS
SELECT v.tenant_id,
       v.id AS variant_id,
       v.product_id,
       coalesce(r.sale_price_kes, v.price_kes) AS price_kes,
       -- On sale: the "was" price is the regular price; otherwise the variant's own compare-at.
       CASE WHEN r.sale_price_kes IS NOT NULL AND r.sale_price_kes < v.price_kes THEN v.price_kes
            WHEN r.sale_price_kes IS NOT NULL THEN NULL
            ELSE v.compare_at_kes END AS compare_at_kes,
       r.ends_at AS sale_ends_at
  FROM product_variants v
  LEFT JOIN LATERAL (
        SELECT pr.sale_price_kes, pr.ends_at FROM price_rules pr
         WHERE pr.tenant_id = v.tenant_id AND pr.variant_id = v.id
           AND pr.starts_at <= now() AND now() < pr.ends_at
         LIMIT 1) r ON true;
