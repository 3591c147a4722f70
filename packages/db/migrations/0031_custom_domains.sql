-- Custom domains (issue 14): an owner attaches shop.example.co.ke or the apex, proves the zone
-- with a TXT token (_sokoni-verify.<host>), points it at the platform (CNAME or A), and the web
-- serves the store there once verified. tenant_domains (0001) already holds host, is_primary and
-- verified_at; verified_at stays the one thing app_resolve_tenant serves by, so a domain stops
-- serving the moment it is cleared (removal, demotion). The rest is the verification workflow.
ALTER TABLE tenant_domains
  ADD COLUMN kind text NOT NULL DEFAULT 'subdomain' CHECK (kind IN ('subdomain', 'apex')),
  -- pending: waiting for DNS; failed: DNS answers but wrongly (check_message says why);
  -- verified: TXT and CNAME/A right, served; removed: detached, reserved for this store for 30 days.
  ADD COLUMN status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failed', 'verified', 'removed')),
  ADD COLUMN verification_token text CHECK (verification_token ~ '^[a-z0-9]{32}$'),
  ADD COLUMN check_code text CHECK (length(check_code) <= 64),
  ADD COLUMN check_message text CHECK (length(check_message) <= 500),
  ADD COLUMN last_checked_at timestamptz,
  ADD COLUMN next_check_at timestamptz NOT NULL DEFAULT now(),
  -- A verified domain whose DNS went wrong: demoted after DOMAIN_DEMOTE_AFTER (3 days) of failures.
  ADD COLUMN failing_since timestamptz,
  -- The certificate the edge (Caddy) serves for the host was seen valid by the check job.
  ADD COLUMN certificate_at timestamptz,
  ADD COLUMN removed_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Rows from before this migration (the seed's demo hosts) were verified by hand.
UPDATE tenant_domains SET status = 'verified' WHERE verified_at IS NOT NULL;

-- At most one canonical host per store: the one the platform subdomain and other hosts 301 to.
CREATE UNIQUE INDEX tenant_domains_one_primary ON tenant_domains (tenant_id) WHERE is_primary;

-- The domain check job (every minute): domains of every store whose check is due, each then
-- checked in its own tenant transaction. Removed rows come due when their cooling-off ends.
CREATE FUNCTION app_domains_due(p_limit int DEFAULT 100)
  RETURNS TABLE (tenant_id uuid, id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT d.tenant_id, d.id FROM tenant_domains d
     WHERE d.next_check_at <= now()
     ORDER BY d.next_check_at LIMIT least(greatest(p_limit, 1), 1000)
  $$;
REVOKE ALL ON FUNCTION app_domains_due(int) FROM PUBLIC;
CREATE INDEX tenant_domains_due ON tenant_domains (next_check_at);
