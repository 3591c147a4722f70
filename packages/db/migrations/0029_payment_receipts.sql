-- Receipts always arrive (issue 13): a payment settled by STK Query (no callback) is paid with no
-- M-Pesa receipt; Daraja's Pull Transactions API finds it (shared/reference/daraja-receipts.md).
-- `receipt_source` says which report filled receipt_number; `receipt_due_at` is when the next
-- receipt lookup is due (NULL = none owed), `receipt_lookups` how many were tried. The payment
-- sweeper takes due lookups whose job was lost, so Redis losing the job loses nothing.
ALTER TABLE payments
  ADD COLUMN receipt_source text CHECK (receipt_source IN ('callback', 'query', 'statement', 'pull', 'c2b', 'code')),
  ADD COLUMN receipt_due_at timestamptz,
  ADD COLUMN receipt_lookups int NOT NULL DEFAULT 0 CHECK (receipt_lookups >= 0);
CREATE INDEX payments_receipt_due ON payments (receipt_due_at) WHERE receipt_due_at IS NOT NULL;

-- The Pull API needs the shortcode registered once (with the number on the shortcode's KYC).
ALTER TABLE mpesa_settings
  ADD COLUMN pull_nominated_number text CHECK (pull_nominated_number ~ '^254[17][0-9]{8}$'),
  ADD COLUMN pull_registered_at timestamptz;

-- Receipt lookups whose job was lost (Redis flushed, worker killed), every store: ids only.
CREATE FUNCTION app_receipts_due(p_grace interval, p_limit int DEFAULT 200)
  RETURNS TABLE (tenant_id uuid, payment_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT p.tenant_id, p.id FROM payments p
     WHERE p.receipt_due_at < now() - p_grace
     ORDER BY p.receipt_due_at
     LIMIT least(greatest(p_limit, 1), 2000)
  $$;
REVOKE ALL ON FUNCTION app_receipts_due(interval, int) FROM PUBLIC;

-- /metrics: paid payments still without a receipt, every store (a count only).
CREATE FUNCTION app_receipts_missing()
  RETURNS TABLE (missing bigint, oldest_seconds double precision)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT count(*), coalesce(extract(epoch FROM now() - min(resolved_at)), 0)
      FROM payments WHERE status IN ('paid', 'refunded') AND receipt_number IS NULL AND created_at > now() - interval '7 days'
  $$;
REVOKE ALL ON FUNCTION app_receipts_missing() FROM PUBLIC;
