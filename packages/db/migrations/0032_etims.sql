-- KRA eTIMS (issue 14): per store, optional until switched on. The store's PIN, branch and
-- device are initialised against eTIMS (OSCU); its items are registered with their tax type;
-- every paid order gets one sales invoice and every completed refund one credit note, sent by
-- a job. See docs/etims.md and ../shared/reference/etims.md.

-- One row per store that set eTIMS up. `cmc_key` is the communication key KRA returns once at
-- initialisation (AES-256-GCM, same envelope as M-Pesa credentials, the tenant id as associated
-- data); re-initialising never returns it again, so it is kept. The next_* counters mirror KRA's
-- per-PIN sequences (itemCd, stock sarNo, invoice invcNo), which advance only on success.
CREATE TABLE etims_settings (
  tenant_id        uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  enabled          boolean NOT NULL DEFAULT false,
  kra_pin          text NOT NULL CHECK (kra_pin ~ '^[A-Z][0-9]{9}[A-Z]$'),
  branch_id        text NOT NULL DEFAULT '00' CHECK (branch_id ~ '^[0-9]{2}$'),
  device_serial    text NOT NULL CHECK (length(device_serial) BETWEEN 1 AND 100),
  default_tax_type text NOT NULL DEFAULT 'B' CHECK (default_tax_type IN ('A', 'B', 'C', 'D', 'E')),
  item_class_code  text NOT NULL DEFAULT '9999999999' CHECK (item_class_code ~ '^[0-9]{10}$'),
  payment_type_code text NOT NULL DEFAULT '06' CHECK (payment_type_code ~ '^[0-9]{2}$'),
  cmc_key          bytea,
  key_id           text,
  sdc_id           text,
  mrc_no           text,
  dvc_id           text,
  taxpayer_name    text,
  initialised_at   timestamptz,
  init_error       text,
  next_invc_no     int NOT NULL DEFAULT 1 CHECK (next_invc_no >= 1),
  next_item_seq    int NOT NULL DEFAULT 1 CHECK (next_item_seq >= 1),
  next_sar_no      int NOT NULL DEFAULT 1 CHECK (next_sar_no >= 1),
  -- The delivery fee's service item (itemTyCd 3), registered on the first order with a fee.
  delivery_item_cd text CHECK (delivery_item_cd ~ '^[A-Z]{2}3[A-Z0-9]{4}[0-9]{7}$'),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((cmc_key IS NULL) = (initialised_at IS NULL)),
  CHECK (NOT enabled OR initialised_at IS NOT NULL)
);
CREATE TRIGGER etims_settings_updated_at BEFORE UPDATE ON etims_settings FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();
SELECT app_enable_tenant_rls('etims_settings');

-- A variant registered with KRA (saveItem) and the stock KRA believes it has (insertStockIO).
CREATE TABLE etims_items (
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  variant_id     uuid NOT NULL,
  item_cd        text NOT NULL CHECK (item_cd ~ '^[A-Z]{2}[1-3][A-Z0-9]{2}[A-Z0-9]{2}[0-9]{7}$'),
  tax_type       text NOT NULL CHECK (tax_type IN ('A', 'B', 'C', 'D', 'E')),
  item_type      text NOT NULL DEFAULT '2' CHECK (item_type IN ('1', '2', '3')),
  kra_stock      int NOT NULL DEFAULT 0 CHECK (kra_stock >= 0),
  registered_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, variant_id),
  UNIQUE (tenant_id, item_cd),
  FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id) ON DELETE CASCADE
);
SELECT app_enable_tenant_rls('etims_items');

-- One fiscal document per (order, sale) and per (refund, credit note): the unique indexes are
-- the "never two for one order" rule. invc_no is allocated when the document is first sent and
-- kept for every resend; it is released (NULL) only after a definite rejection. The request is
-- stored before sending and the response the moment it arrives, so a reprint reproduces it.
CREATE TABLE etims_documents (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  order_id         uuid NOT NULL,
  refund_id        uuid,
  kind             text NOT NULL CHECK (kind IN ('sale', 'credit_note')),
  status           text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'sending', 'accepted', 'accepted_unsigned', 'rejected')),
  invc_no          int CHECK (invc_no >= 1),
  org_invc_no      int,
  trd_invc_no      text NOT NULL,
  total_kes        int NOT NULL CHECK (total_kes >= 0),
  attempts         int NOT NULL DEFAULT 0,
  last_error       text,
  result_cd        text,
  rejection_reason text,
  request          jsonb,
  response         jsonb,
  cur_rcpt_no      int,
  tot_rcpt_no      int,
  intrl_data       text,
  rcpt_sign        text,
  sdc_date_time    text,
  sdc_id           text,
  mrc_no           text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  resolved_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, refund_id) REFERENCES refunds (tenant_id, id) ON DELETE CASCADE,
  CHECK ((kind = 'credit_note') = (refund_id IS NOT NULL)),
  CHECK (status <> 'accepted' OR rcpt_sign IS NOT NULL)
);
CREATE UNIQUE INDEX etims_documents_one_sale ON etims_documents (tenant_id, order_id) WHERE kind = 'sale';
CREATE UNIQUE INDEX etims_documents_one_credit_note ON etims_documents (tenant_id, refund_id) WHERE kind = 'credit_note';
CREATE UNIQUE INDEX etims_documents_invc_no ON etims_documents (tenant_id, invc_no);
CREATE INDEX etims_documents_open ON etims_documents (tenant_id, created_at) WHERE status IN ('pending', 'sending');
CREATE TRIGGER etims_documents_updated_at BEFORE UPDATE ON etims_documents FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();
SELECT app_enable_tenant_rls('etims_documents');
