-- Owner API keys (issue 14, open platform): the merchant's own systems call the owner API with
-- `Authorization: Bearer sk_live_<id>_<tenant><secret>`. Only a SHA-256 of the whole key is kept
-- (the key is 256 random bits, so a slow hash buys nothing); the key is shown once at creation.
-- A key acts for the user who created it, never beyond that user's current role, and only with
-- its scopes (permission names from packages/contracts/src/permissions.ts). See docs/api.md.
CREATE TABLE owner_api_keys (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           text NOT NULL CHECK (id ~ '^[a-z2-7]{12}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  scopes       text[] NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 32),
  secret_hash  bytea NOT NULL CHECK (length(secret_hash) = 32),
  created_by   uuid NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  last_used_at timestamptz,
  revoked_at   timestamptz,
  revoked_by   uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, revoked_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (revoked_by),
  CHECK (expires_at IS NULL OR expires_at > created_at),
  CHECK ((revoked_at IS NULL) OR (revoked_at >= created_at))
);
CREATE INDEX owner_api_keys_created ON owner_api_keys (tenant_id, created_at DESC);
SELECT app_enable_tenant_rls('owner_api_keys');
