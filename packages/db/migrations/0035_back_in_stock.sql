-- Back in stock (issue 13): a shopper asks to be told when a sold-out variant is back. The
-- request row is also its own outbox row: the restock that makes it owed and the owed mark commit
-- together (trigger below), the worker's relay claims it ('sending') before calling WhatsApp or
-- SMS and writes the outcome after, so one request is one message, however many restocks follow.
CREATE TABLE back_in_stock_requests (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  variant_id    uuid NOT NULL,
  phone         text NOT NULL CHECK (phone ~ '^254[17][0-9]{8}$'),
  channel       text NOT NULL CHECK (channel IN ('whatsapp', 'sms')),
  language      text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'sw')),
  -- The consent as the shopper saw it: the exact words of the checkbox and when it was ticked.
  consent_text  text NOT NULL CHECK (length(consent_text) BETWEEN 10 AND 500),
  consent_at    timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'waiting'
                CHECK (status IN ('waiting', 'owed', 'sending', 'sent', 'skipped', 'failed')),
  attempts      int NOT NULL DEFAULT 0,
  -- What happened: the channel it went by, or why it did not go (skipped_opted_out, failed_sms...).
  detail        text,
  message_id    uuid,
  owed_at       timestamptz,
  sent_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- One request per shopper and variant: signing up twice is the same request.
  UNIQUE (tenant_id, variant_id, phone),
  FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id) ON DELETE CASCADE
);
SELECT app_enable_tenant_rls('back_in_stock_requests');
CREATE INDEX back_in_stock_waiting ON back_in_stock_requests (tenant_id, variant_id) WHERE status = 'waiting';
CREATE INDEX back_in_stock_open ON back_in_stock_requests (updated_at) WHERE status IN ('owed', 'sending');
CREATE TRIGGER back_in_stock_requests_updated_at BEFORE UPDATE ON back_in_stock_requests
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();
-- The relay (app_back_in_stock_due) reads owed rows of every store as the owner.
CREATE POLICY owner_reads_back_in_stock ON back_in_stock_requests FOR SELECT TO CURRENT_USER USING (true);

-- Restocked = on_hand went from 0 to more, by any path (owner stock edit, bulk set, CSV import,
-- a return received, a reservation released, the seed): all of them are inventory_movements
-- summed into product_variants.on_hand, so the hook is here and no code path can forget it.
-- A constraint trigger DEFERRED to commit, because paying an order writes release (+n) then sale
-- (-n) in one transaction: on_hand passes through n for a moment and ends at 0 again, which is
-- not a restock. The WHEN clause is checked at the update (cheap: only a 0 -> n change queues
-- the trigger); the function re-reads on_hand at commit.
CREATE FUNCTION app_back_in_stock_owed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM product_variants v
              WHERE v.tenant_id = NEW.tenant_id AND v.id = NEW.id AND v.on_hand > 0 AND v.status = 'active') THEN
    UPDATE back_in_stock_requests
       SET status = 'owed', owed_at = now()
     WHERE tenant_id = NEW.tenant_id AND variant_id = NEW.id AND status = 'waiting';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER product_variants_back_in_stock
  AFTER UPDATE OF on_hand ON product_variants
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD.on_hand <= 0 AND NEW.on_hand > 0)
  EXECUTE FUNCTION app_back_in_stock_owed();

-- The relay's sweep: owed requests, and claims older than p_stale (a worker that died mid-send),
-- of every store, as (tenant_id, id) pairs each then sent in its own tenant transaction.
CREATE FUNCTION app_back_in_stock_due(p_stale interval, p_limit int DEFAULT 200)
  RETURNS TABLE (tenant_id uuid, id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT r.tenant_id, r.id FROM back_in_stock_requests r
     WHERE (r.status = 'owed' OR (r.status = 'sending' AND r.updated_at < now() - p_stale)) AND r.attempts < 10
     ORDER BY r.updated_at LIMIT least(greatest(p_limit, 1), 2000)
  $$;
REVOKE ALL ON FUNCTION app_back_in_stock_due(interval, int) FROM PUBLIC;
