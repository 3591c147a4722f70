-- Shopper sessions become revocable ("Sign out on all phones"). A shopper session is a 30-day
-- signed token (apps/api/src/modules/shoppers/shopper-session.ts) that names its store and phone
-- and when it was issued (to the microsecond, by this database's clock). A token issued before
-- its phone's sessions_valid_after is refused at that store; other phones and other stores are
-- untouched. The row is per shopper = store + phone, created the first time that shopper signs
-- out everywhere (no row: no session of theirs was ever revoked).
CREATE TABLE shopper_accounts (
  tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  phone                text NOT NULL CHECK (phone ~ '^254[17][0-9]{8}$'),
  -- Sessions issued before this instant are void. Only ever moves forward.
  sessions_valid_after timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, phone)
);
CREATE TRIGGER shopper_accounts_updated_at BEFORE UPDATE ON shopper_accounts
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

ALTER TABLE shopper_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE shopper_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON shopper_accounts USING (tenant_id = app_current_tenant())
  WITH CHECK (tenant_id = app_current_tenant());
