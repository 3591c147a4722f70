-- Owner authentication: per-store JWT signing secrets and refresh tokens.

-- Each store signs its owners' tokens with its own secret, so a token from store A is
-- worthless at store B, and rotating one store's secret logs out that store only.
CREATE TABLE tenant_auth_secrets (
  tenant_id  uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  jwt_secret text NOT NULL CHECK (length(jwt_secret) >= 43),
  rotated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenant_auth_secrets ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_auth_secrets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_auth_secrets
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

-- Refresh tokens are opaque random strings; only their SHA-256 is stored. Each use rotates it.
CREATE TABLE refresh_tokens (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL,
  token_hash  text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refresh_tokens
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
