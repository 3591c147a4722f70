-- Books and exports (issue 14): the accountant's CSV exports that run as a background job
-- (large ones, or when the owner asks). The file itself lives in the media/object storage under
-- `<tenant_id>/exports/<id>.csv` (never served by the public /media route: no media row names it);
-- this row is what the dashboard polls for progress and what the signed download link checks.
-- Direct (small) exports are streamed to the owner and leave only an audit row.
CREATE TABLE export_jobs (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  kind          text NOT NULL CHECK (kind IN ('orders', 'payments', 'refunds', 'payouts', 'stock', 'reconciliation')),
  -- The validated request (from, to, filters) the worker runs, as the API parsed it.
  params        jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  rows_estimate int NOT NULL DEFAULT 0 CHECK (rows_estimate >= 0),
  rows_done     int NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
  byte_size     bigint CHECK (byte_size >= 0),
  storage_key   text,
  error         text,
  requested_by  uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  -- The download link stops working then (410); set when the file is written.
  expires_at    timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX export_jobs_recent ON export_jobs (tenant_id, created_at DESC);

SELECT app_enable_tenant_rls('export_jobs');
