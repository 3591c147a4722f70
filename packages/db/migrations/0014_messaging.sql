-- Messaging (WhatsApp first, SMS fallback, owner email): per-store settings, every message in
-- and out with its delivery status, shoppers' preferences (STOP), abandoned-cart nudges.

-- A notification is claimed ('sending') while a provider is called, so two workers never send it
-- twice; a claim older than a few minutes is released by the sweeper.
ALTER TABLE order_notifications DROP CONSTRAINT order_notifications_status_check;
ALTER TABLE order_notifications ADD CONSTRAINT order_notifications_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped'));
ALTER TABLE order_notifications ADD COLUMN attempts int NOT NULL DEFAULT 0;
ALTER TABLE order_notifications ADD COLUMN detail text;
CREATE INDEX order_notifications_open ON order_notifications (updated_at) WHERE status IN ('queued', 'sending');

CREATE TABLE messaging_settings (
  tenant_id                   uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  -- The store's WhatsApp Business number as Meta knows it (Cloud API phone number id).
  whatsapp_phone_number_id    text UNIQUE CHECK (whatsapp_phone_number_id ~ '^[0-9]{6,20}$'),
  language                    text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'sw')),
  order_updates               boolean NOT NULL DEFAULT true,
  owner_email_alerts          boolean NOT NULL DEFAULT true,
  abandoned_cart_nudge        boolean NOT NULL DEFAULT false,
  abandoned_cart_after_minutes int NOT NULL DEFAULT 60 CHECK (abandoned_cart_after_minutes BETWEEN 1 AND 10080),
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER messaging_settings_updated_at BEFORE UPDATE ON messaging_settings FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

CREATE TABLE messages (
  tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  direction           text NOT NULL CHECK (direction IN ('out', 'in')),
  channel             text NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'email')),
  -- What it is about: order_paid, order_dispatched ..., cart_reminder, reply, inbound.
  kind                text NOT NULL CHECK (kind ~ '^[a-z0-9_]+$'),
  order_id            uuid,
  phone               text,
  email               text,
  template_name       text,
  language            text,
  body                text NOT NULL,
  provider_message_id text,
  status              text NOT NULL CHECK (status IN ('queued', 'accepted', 'sent', 'delivered', 'read', 'failed', 'received')),
  error_code          text,
  error_title         text,
  -- The WhatsApp message an SMS stands in for (at most one SMS per failed WhatsApp message).
  fallback_of         uuid,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE SET NULL (order_id),
  CHECK (phone IS NOT NULL OR email IS NOT NULL)
);
-- Providers' ids are global; Meta redelivers webhooks for a day, so intake keys on them.
CREATE UNIQUE INDEX messages_provider_id ON messages (channel, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE UNIQUE INDEX messages_one_fallback ON messages (tenant_id, fallback_of) WHERE fallback_of IS NOT NULL;
CREATE INDEX messages_phone ON messages (tenant_id, phone, created_at DESC);
CREATE INDEX messages_order ON messages (tenant_id, order_id, created_at);
CREATE TRIGGER messages_updated_at BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- Each status a provider reported, once (sent, delivered, read, failed), append-only.
CREATE TABLE message_status_events (
  tenant_id   uuid NOT NULL,
  message_id  uuid NOT NULL,
  status      text NOT NULL CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
  occurred_at timestamptz NOT NULL,
  error_code  text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, message_id, status),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id) ON DELETE CASCADE
);
CREATE TRIGGER message_status_events_append_only BEFORE UPDATE OR DELETE ON message_status_events
  FOR EACH ROW EXECUTE FUNCTION app_refuse_change();

-- A shopper's say over messages from this store. STOP on WhatsApp sets opted_out.
CREATE TABLE shopper_preferences (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  phone      text NOT NULL CHECK (phone ~ '^254[17][0-9]{8}$'),
  opted_out  boolean NOT NULL DEFAULT false,
  language   text CHECK (language IN ('en', 'sw')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, phone)
);
CREATE TRIGGER shopper_preferences_updated_at BEFORE UPDATE ON shopper_preferences FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- At most one reminder per cart, ever.
CREATE TABLE cart_nudges (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  cart_id    text NOT NULL,
  phone      text NOT NULL,
  outcome    text NOT NULL CHECK (outcome ~ '^[a-z_]+$'),
  message_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, cart_id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['messaging_settings', 'messages', 'message_status_events', 'shopper_preferences', 'cart_nudges'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                   'WITH CHECK (tenant_id = app_current_tenant())', t);
  END LOOP;
END $$;

CREATE POLICY owner_reads_messaging ON messaging_settings FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY owner_reads_messages ON messages FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY owner_reads_notifications ON order_notifications FOR SELECT TO CURRENT_USER USING (true);

-- WhatsApp webhooks name the business phone number, not the store.
CREATE FUNCTION app_whatsapp_tenant(p_phone_number_id text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT tenant_id FROM messaging_settings WHERE whatsapp_phone_number_id = p_phone_number_id $$;

-- Status webhooks carry the message id only.
CREATE FUNCTION app_message_tenant(p_channel text, p_provider_id text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT tenant_id FROM messages WHERE channel = p_channel AND provider_message_id = p_provider_id $$;

-- The outbox relay: notifications owed but not handed to a provider (lost job, crashed claim).
CREATE FUNCTION app_notifications_due(p_stale interval, p_limit int DEFAULT 200)
  RETURNS TABLE (tenant_id uuid, order_id uuid, kind text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT n.tenant_id, n.order_id, n.kind FROM order_notifications n
     WHERE n.status IN ('queued', 'sending') AND n.updated_at < now() - p_stale AND n.attempts < 10
     ORDER BY n.updated_at LIMIT least(greatest(p_limit, 1), 2000)
  $$;

REVOKE ALL ON FUNCTION app_whatsapp_tenant(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_message_tenant(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_notifications_due(interval, int) FROM PUBLIC;
