-- One call instead of three statements for every new tenant table (ARCHITECTURE.md "Tenancy"):
--   SELECT app_enable_tenant_rls('my_table');
-- enables and forces row-level security and adds the tenant policy (reads and writes limited to
-- app_current_tenant()). Idempotent: a table that already has the policy keeps it. Earlier
-- migrations spell the three statements out and stay as they are (applied migrations never change).
CREATE FUNCTION app_enable_tenant_rls(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = 'tenant_id' AND NOT attisdropped
  ) THEN
    RAISE EXCEPTION 'app_enable_tenant_rls: % has no tenant_id column', target;
  END IF;
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = target AND polname = 'tenant_isolation') THEN
    EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = app_current_tenant()) '
                   'WITH CHECK (tenant_id = app_current_tenant())', target);
  END IF;
END;
$$;
