-- Callbacks are never lost (issue 15): the exact bytes of every provider callback are kept
-- before anything parses them, with what the transport said about them. A body that cannot be
-- read (not UTF-8, a NUL, a lone surrogate, nested too deep, not JSON, too large) is stored with
-- the reason in words and never applied; it used to be a 500 and nothing stored.

-- M-Pesa callbacks: `raw` stays the readable text (first 64 KB, undecodable bytes and NULs as
-- U+FFFD); `raw_body` is the evidence, byte for byte. Rows before this migration have no
-- raw_body. The table stays append-only (its trigger refuses UPDATE and DELETE).
ALTER TABLE payment_callbacks
  ADD COLUMN raw_body     bytea,
  ADD COLUMN content_type text,
  ADD COLUMN size_bytes   int CHECK (size_bytes >= 0),
  ADD COLUMN flag_reason  text CHECK (flag_reason ~ '^[a-z0-9_]+$'),
  ADD CONSTRAINT payment_callbacks_raw_body_whole CHECK (raw_body IS NULL OR octet_length(raw_body) = size_bytes);

-- Callbacks to an unknown secret: no store vouches for them, so only their first 64 KB are kept
-- (size_bytes says how long they were).
ALTER TABLE rejected_payment_callbacks
  ADD COLUMN raw_body     bytea CHECK (octet_length(raw_body) <= 65536),
  ADD COLUMN content_type text,
  ADD COLUMN size_bytes   int CHECK (size_bytes >= 0);

-- Platform webhooks (one Meta app for every store's WhatsApp number; one delivery partner
-- account with one shared secret): the store is only known after the body is read (WhatsApp
-- names the phone number id inside it), so these are platform rows, not tenant rows.
-- `authenticated` = the signature (X-Hub-Signature-256) or shared secret matched; a delivery
-- that failed it is kept for the on-call engineer but only its first 4 KB (anyone can post).
CREATE TABLE webhook_deliveries (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source         text NOT NULL CHECK (source IN ('whatsapp', 'delivery_partner')),
  -- The store slug of the partner's URL (public anyway); NULL for WhatsApp.
  path_hint      text CHECK (length(path_hint) <= 80),
  correlation_id text CHECK (length(correlation_id) <= 200),
  content_type   text CHECK (length(content_type) <= 200),
  size_bytes     int NOT NULL CHECK (size_bytes >= 0),
  raw_body       bytea NOT NULL,
  authenticated  boolean NOT NULL,
  flag_reason    text CHECK (flag_reason ~ '^[a-z0-9_]+$'),
  source_ip      text,
  received_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(raw_body) <= size_bytes),
  CHECK (authenticated OR octet_length(raw_body) <= 4096)
);
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
CREATE INDEX webhook_deliveries_flagged ON webhook_deliveries (received_at) WHERE flag_reason IS NOT NULL;

-- Shoppers' WhatsApp messages of every store pass through here, so the app role may only add
-- rows: RLS on (not forced: the owner, i.e. migrations and the on-call engineer, reads and
-- prunes), with an INSERT policy and no other. The app role's SELECT/UPDATE/DELETE see no rows.
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_adds_deliveries ON webhook_deliveries FOR INSERT WITH CHECK (true);
