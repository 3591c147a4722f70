-- M-Pesa payments (DESIGN.md section 5): per-store Daraja settings with encrypted credentials,
-- payment attempts, the raw callbacks exactly as received, C2B receipts, refunds, the daily
-- reconciliation report and the order notifications the payment step owes the shopper.

-- One row per store that takes M-Pesa. `credentials` is AES-256-GCM ciphertext (key from env,
-- never in the database) of the consumer key/secret, passkey and refund initiator; only the
-- API ever decrypts it and no endpoint returns it. `callback_secret` is the unguessable path
-- segment of the store's callback URLs: Daraja does not sign callbacks.
CREATE TABLE mpesa_settings (
  tenant_id         uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  kind              text NOT NULL CHECK (kind IN ('till', 'paybill')),
  shortcode         text NOT NULL CHECK (shortcode ~ '^[0-9]{5,7}$'),
  till_number       text CHECK (till_number ~ '^[0-9]{5,7}$'),
  credentials       bytea NOT NULL,
  key_id            text NOT NULL,
  consumer_key_hint text NOT NULL,
  refunds_enabled   boolean NOT NULL DEFAULT false,
  refund_method     text NOT NULL DEFAULT 'reversal' CHECK (refund_method IN ('reversal', 'b2c')),
  callback_secret   text NOT NULL UNIQUE CHECK (callback_secret ~ '^[A-Za-z0-9_-]{32,}$'),
  callback_ip_check text NOT NULL DEFAULT 'log' CHECK (callback_ip_check IN ('off', 'log', 'enforce')),
  c2b_registered_at timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'till') = (till_number IS NOT NULL))
);
CREATE TRIGGER mpesa_settings_updated_at BEFORE UPDATE ON mpesa_settings FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- One row per attempt to get paid for an order: an STK push, or a C2B payment the shopper made
-- by hand. `status` is what the money did; `outcome` is the reason in shopper terms.
CREATE TABLE payments (
  tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  order_id            uuid NOT NULL,
  method              text NOT NULL CHECK (method IN ('stk', 'c2b')),
  status              text NOT NULL CHECK (status IN ('initiating', 'pending', 'paid', 'failed', 'refunded')),
  outcome             text NOT NULL DEFAULT 'pending' CHECK (outcome IN
                        ('pending', 'paid', 'cancelled', 'timeout', 'insufficient_funds', 'wrong_pin', 'limit', 'busy', 'failed', 'merchant_setup')),
  amount_kes          int NOT NULL CHECK (amount_kes BETWEEN 1 AND 250000),
  phone               text NOT NULL,
  idempotency_key     text CHECK (length(idempotency_key) BETWEEN 8 AND 128),
  checkout_request_id text,
  merchant_request_id text,
  result_code         text,
  result_desc         text,
  receipt_number      text,
  paid_amount_kes     int CHECK (paid_amount_kes >= 0),
  refunded_kes        int NOT NULL DEFAULT 0 CHECK (refunded_kes >= 0),
  -- False for money that arrived for an order something else already paid (a shopper who paid
  -- twice): it is recorded and flagged for a refund, never counted as the order's payment.
  counts_for_order    boolean NOT NULL DEFAULT true,
  flags               text[] NOT NULL DEFAULT '{}',
  query_attempts      int NOT NULL DEFAULT 0,
  next_query_at       timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  resolved_at         timestamptz,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, idempotency_key),
  CHECK (refunded_kes <= coalesce(paid_amount_kes, amount_kes)),
  CHECK (status NOT IN ('paid', 'refunded') OR resolved_at IS NOT NULL)
);
-- Daraja's ids are global, so the uniqueness is too.
CREATE UNIQUE INDEX payments_checkout_request ON payments (checkout_request_id) WHERE checkout_request_id IS NOT NULL;
CREATE UNIQUE INDEX payments_receipt ON payments (tenant_id, receipt_number) WHERE receipt_number IS NOT NULL;
-- One PIN prompt at a time per order: a double tap on Pay cannot send a second push.
CREATE UNIQUE INDEX payments_one_active_per_order ON payments (tenant_id, order_id) WHERE status IN ('initiating', 'pending');
-- An order is paid once: the truth behind "never a second paid".
CREATE UNIQUE INDEX payments_one_settled_per_order ON payments (tenant_id, order_id)
  WHERE status IN ('paid', 'refunded') AND counts_for_order;
CREATE INDEX payments_order ON payments (tenant_id, order_id, created_at DESC);
CREATE INDEX payments_due_query ON payments (next_query_at) WHERE status IN ('initiating', 'pending');
CREATE INDEX payments_created ON payments (created_at);
CREATE TRIGGER payments_updated_at BEFORE UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- Every callback Daraja (or anyone) POSTs to a store's callback URLs, written before anything
-- is parsed or applied: append-only, so the evidence of what M-Pesa said can never be edited.
CREATE TABLE payment_callbacks (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  kind        text NOT NULL CHECK (kind IN ('stk', 'c2b_validation', 'c2b_confirmation', 'reversal_result', 'b2c_result', 'result_timeout')),
  -- CheckoutRequestID, TransID or OriginatorConversationID, when the body had one.
  reference   text,
  source_ip   text,
  ip_allowed  boolean,
  body        jsonb,
  raw         text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX payment_callbacks_reference ON payment_callbacks (tenant_id, kind, reference);
CREATE TRIGGER payment_callbacks_append_only BEFORE UPDATE OR DELETE ON payment_callbacks
  FOR EACH ROW EXECUTE FUNCTION app_refuse_change();

-- What processing made of each callback (applied, duplicate, unknown, amount_mismatch ...).
-- A callback without an outcome row is re-queued by the sweeper.
CREATE TABLE payment_callback_outcomes (
  tenant_id    uuid NOT NULL,
  callback_id  bigint NOT NULL,
  outcome      text NOT NULL CHECK (outcome ~ '^[a-z0-9_]+$'),
  flagged      boolean NOT NULL DEFAULT false,
  detail       jsonb NOT NULL DEFAULT '{}',
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, callback_id),
  FOREIGN KEY (tenant_id, callback_id) REFERENCES payment_callbacks (tenant_id, id) ON DELETE CASCADE
);

-- Callbacks to a path whose secret matches no store: kept (bounded) for the on-call engineer.
-- Not tenant data: no store is known. The app may only add rows.
CREATE TABLE rejected_payment_callbacks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  path_hint   text NOT NULL,
  source_ip   text,
  raw         text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- C2B confirmations: money paid to the till or paybill outside an STK push.
CREATE TABLE c2b_payments (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  trans_id           text NOT NULL CHECK (trans_id ~ '^[A-Z0-9]{6,20}$'),
  amount_kes         int NOT NULL CHECK (amount_kes >= 0),
  bill_ref           text NOT NULL DEFAULT '',
  msisdn             text NOT NULL DEFAULT '',
  payer_name         text NOT NULL DEFAULT '',
  trans_time         text NOT NULL,
  shortcode          text NOT NULL,
  callback_id        bigint NOT NULL,
  matched_payment_id uuid,
  received_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, trans_id)
);

CREATE TABLE refunds (
  tenant_id                  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                         uuid NOT NULL DEFAULT gen_random_uuid(),
  order_id                   uuid NOT NULL,
  payment_id                 uuid NOT NULL,
  amount_kes                 int NOT NULL CHECK (amount_kes >= 1),
  method                     text NOT NULL CHECK (method IN ('reversal', 'b2c')),
  status                     text NOT NULL CHECK (status IN ('requested', 'pending', 'completed', 'failed')),
  reason                     text NOT NULL,
  requested_by               text NOT NULL,
  originator_conversation_id text NOT NULL UNIQUE,
  conversation_id            text,
  result_code                text,
  result_desc                text,
  transaction_id             text,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  resolved_at                timestamptz,
  updated_at                 timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id) ON DELETE CASCADE
);
-- One refund in flight per payment: a double click on Refund cannot send two reversals.
CREATE UNIQUE INDEX refunds_one_in_flight ON refunds (tenant_id, payment_id) WHERE status IN ('requested', 'pending');
CREATE TRIGGER refunds_updated_at BEFORE UPDATE ON refunds FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

-- The daily report: our orders vs our payments vs M-Pesa's own record, with every mismatch.
CREATE TABLE payment_reconciliations (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  day          date NOT NULL,
  generated_at timestamptz NOT NULL DEFAULT now(),
  totals       jsonb NOT NULL,
  mismatches   jsonb NOT NULL,
  PRIMARY KEY (tenant_id, day)
);

-- Messages an order owes its shopper (paid, refunded ...), written in the same transaction as
-- the change, at most once per order and kind: a duplicated callback cannot send two receipts.
CREATE TABLE order_notifications (
  tenant_id  uuid NOT NULL,
  order_id   uuid NOT NULL,
  kind       text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
  status     text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'skipped')),
  data       jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, order_id, kind),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE TRIGGER order_notifications_updated_at BEFORE UPDATE ON order_notifications FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['mpesa_settings', 'payments', 'payment_callbacks', 'payment_callback_outcomes', 'c2b_payments',
                           'refunds', 'payment_reconciliations', 'order_notifications'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
                   'WITH CHECK (tenant_id = app_current_tenant())', t);
  END LOOP;
END $$;

-- Cross-store lookups the intake and the worker need before they know the tenant. Each returns
-- ids only; the caller then works inside that tenant's own context.
CREATE POLICY owner_reads_settings ON mpesa_settings FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY owner_reads_payments ON payments FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY owner_reads_callbacks ON payment_callbacks FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY owner_reads_outcomes ON payment_callback_outcomes FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION app_mpesa_hook_tenant(p_secret text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT tenant_id FROM mpesa_settings WHERE callback_secret = p_secret $$;

-- Payments whose STK Query is due (or whose push never got an answer from Daraja).
CREATE FUNCTION app_payments_due(p_grace interval, p_limit int DEFAULT 200)
  RETURNS TABLE (tenant_id uuid, payment_id uuid, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT p.tenant_id, p.id, p.status FROM payments p
     WHERE p.status IN ('initiating', 'pending') AND p.next_query_at < now() - p_grace
     ORDER BY p.next_query_at
     LIMIT least(greatest(p_limit, 1), 2000)
  $$;

-- Callbacks stored but never processed (Redis lost the job, the worker died mid-job).
CREATE FUNCTION app_unprocessed_callbacks(p_older_than interval, p_limit int DEFAULT 200)
  RETURNS TABLE (tenant_id uuid, callback_id bigint, kind text, reference text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT c.tenant_id, c.id, c.kind, c.reference FROM payment_callbacks c
     WHERE c.received_at < now() - p_older_than
       AND c.received_at > now() - interval '7 days'
       AND NOT EXISTS (SELECT 1 FROM payment_callback_outcomes o WHERE o.tenant_id = c.tenant_id AND o.callback_id = c.id)
     ORDER BY c.received_at
     LIMIT least(greatest(p_limit, 1), 2000)
  $$;

CREATE FUNCTION app_mpesa_tenants() RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT tenant_id FROM mpesa_settings $$;

REVOKE ALL ON FUNCTION app_mpesa_hook_tenant(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_payments_due(interval, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_unprocessed_callbacks(interval, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_mpesa_tenants() FROM PUBLIC;

-- Platform-wide payment health for /metrics (counts only, no store is named).
CREATE FUNCTION app_payment_health()
  RETURNS TABLE (stk_24h bigint, stk_paid_24h bigint, stk_failed_24h bigint, unprocessed_callbacks bigint,
                 oldest_unprocessed_seconds double precision, flagged_24h bigint, max_lag_seconds_5m double precision)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT
      (SELECT count(*) FROM payments WHERE method = 'stk' AND created_at > now() - interval '24 hours'),
      (SELECT count(*) FROM payments WHERE method = 'stk' AND status IN ('paid', 'refunded') AND created_at > now() - interval '24 hours'),
      (SELECT count(*) FROM payments WHERE method = 'stk' AND status = 'failed' AND created_at > now() - interval '24 hours'),
      (SELECT count(*) FROM payment_callbacks c WHERE c.received_at > now() - interval '7 days'
          AND NOT EXISTS (SELECT 1 FROM payment_callback_outcomes o WHERE o.tenant_id = c.tenant_id AND o.callback_id = c.id)),
      (SELECT coalesce(extract(epoch FROM now() - min(c.received_at)), 0) FROM payment_callbacks c WHERE c.received_at > now() - interval '7 days'
          AND NOT EXISTS (SELECT 1 FROM payment_callback_outcomes o WHERE o.tenant_id = c.tenant_id AND o.callback_id = c.id)),
      (SELECT count(*) FROM payment_callback_outcomes WHERE flagged AND processed_at > now() - interval '24 hours'),
      (SELECT coalesce(max(extract(epoch FROM o.processed_at - c.received_at)), 0) FROM payment_callback_outcomes o
          JOIN payment_callbacks c ON c.tenant_id = o.tenant_id AND c.id = o.callback_id
         WHERE o.processed_at > now() - interval '5 minutes')
  $$;
REVOKE ALL ON FUNCTION app_payment_health() FROM PUBLIC;
CREATE POLICY owner_reads_refunds ON refunds FOR SELECT TO CURRENT_USER USING (true);
