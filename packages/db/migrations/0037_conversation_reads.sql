-- The owner's WhatsApp inbox (issue 14, "Books and exports"): when each dashboard user last read
-- each shopper's conversation. A conversation is unread for a user while it has an inbound
-- message newer than their read_at (no row = never read). Per user, not per store: the owner
-- and a staff member each see what they themselves have not read yet.
CREATE TABLE conversation_reads (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id   uuid NOT NULL,
  phone     text NOT NULL CHECK (phone ~ '^[0-9]{6,20}$'),
  read_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, phone),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
SELECT app_enable_tenant_rls('conversation_reads');

