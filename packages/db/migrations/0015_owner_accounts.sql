-- Owner accounts: one-time codes by SMS (login and password reset), staff invites, and a per-user
-- "tokens issued before this are void" mark (password reset ends that user's sessions at once).

ALTER TABLE users ADD COLUMN tokens_valid_after timestamptz;

-- One-time codes. Only a salted SHA-256 of the code is stored. A request for a phone that is not
-- a user's still gets a row (user_id NULL, a code nobody receives), so verifying answers the same
-- way for every phone and reveals nothing about who has an account.
CREATE TABLE owner_otps (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id     uuid,
  phone       text NOT NULL CHECK (phone ~ '^254[17][0-9]{8}$'),
  purpose     text NOT NULL CHECK (purpose IN ('login', 'password_reset')),
  code_salt   text NOT NULL CHECK (length(code_salt) >= 16),
  code_hash   text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  expires_at  timestamptz NOT NULL,
  attempts    int NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 100),
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX owner_otps_live ON owner_otps (tenant_id, phone, purpose, created_at DESC) WHERE used_at IS NULL;

-- Staff invites: the link's token is shown once (SMS and the owner's screen); only its SHA-256 is kept.
CREATE TABLE staff_invites (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL,
  token_hash  text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  invited_by  uuid,
  expires_at  timestamptz NOT NULL,
  accepted_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX staff_invites_user ON staff_invites (tenant_id, user_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['owner_otps', 'staff_invites'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                   'WITH CHECK (tenant_id = app_current_tenant())', t);
  END LOOP;
END $$;
