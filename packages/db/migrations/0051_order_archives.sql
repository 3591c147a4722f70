-- Orders retention and archival (issue 17, ARCHITECTURE.md "Orders at scale"): a monthly job
-- writes a store's finished orders older than ORDERS_RETENTION_MONTHS (24) to object storage as
-- gzip JSON Lines, records the object here, then deletes the orders (their lines, timeline,
-- payments, refunds, deliveries, returns, eTIMS documents ... go with them by ON DELETE CASCADE).
-- Expand only: a new table, a sweep function, and trigger functions replaced on two tables.

-- One row per archive object, written in the transaction that deletes the orders it holds, so a
-- row exists exactly when its orders are gone from the database and in the object. Append-only
-- for the app role (no UPDATE/DELETE grant: packages/db/src/migrate.ts APPEND_ONLY_TABLES).
CREATE TABLE order_archives (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  -- `<tenant_id>/archive/orders/<yyyy-mm>-<id>.jsonl.gz` in the media storage: one object per
  -- batch, never overwritten (a month is archived in several batches, and orders still open at
  -- the first run are archived by a later one).
  storage_key  text NOT NULL CHECK (length(storage_key) BETWEEN 1 AND 512),
  -- The Nairobi calendar month the orders were placed in.
  month        text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  order_count  int NOT NULL CHECK (order_count > 0),
  first_number int NOT NULL,
  last_number  int NOT NULL,
  -- Of the stored (gzip) bytes, checked by reading the object back before the delete commits.
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  byte_size    bigint NOT NULL CHECK (byte_size > 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, storage_key),
  CHECK (first_number <= last_number)
);
CREATE INDEX order_archives_month ON order_archives (tenant_id, month, created_at);
SELECT app_enable_tenant_rls('order_archives');

-- The job's sweep: stores with at least one finished order placed before p_before (each then
-- handled in its own tenant transaction, where the "nothing open" rules are checked). One probe
-- of orders_created (tenant_id, created_at) per store.
CREATE FUNCTION app_orders_archivable(p_before timestamptz)
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT t.id FROM tenants t
     WHERE EXISTS (SELECT 1 FROM orders o
                    WHERE o.tenant_id = t.id AND o.created_at < p_before
                      AND o.status IN ('delivered', 'cancelled', 'refunded'))
     ORDER BY t.id
  $$;
REVOKE ALL ON FUNCTION app_orders_archivable(timestamptz) FROM PUBLIC;

-- The timeline (order_events) and a delivery's trail (delivery_events) were append-only without
-- exception, which also refused the ON DELETE CASCADE of their order: an order could never be
-- deleted. Now they stay append-only while their order exists: UPDATE is still always refused,
-- and DELETE only when it is the foreign key's cascade (run from a trigger, so
-- pg_trigger_depth() > 1) and the parent row is already gone. A direct DELETE, by the app role
-- (which has no DELETE grant on them anyway) or by the owner, is refused as before. The owner's
-- `owner_sweeps_reservations` policy lets it see every order, so "the order exists" is true
-- whoever runs the statement.
CREATE FUNCTION app_keep_timeline_while_order_exists() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1
     AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.order_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

-- delivery_events reach their order through deliveries; a delivery may be removed only by its
-- order's cascade (below), so "the delivery is gone inside a cascade" means "the order is gone".
CREATE FUNCTION app_keep_delivery_trail_while_order_exists() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1
     AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.tenant_id = OLD.tenant_id AND d.id = OLD.delivery_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

-- Nothing deletes a delivery while its order exists (no code did; this keeps a DELETE on
-- deliveries from taking its append-only trail with it).
CREATE FUNCTION app_keep_delivery_while_order_exists() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM orders o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.order_id) THEN
    RAISE EXCEPTION 'a delivery is removed only with its order: DELETE refused'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END $$;

DROP TRIGGER order_events_append_only ON order_events;
CREATE TRIGGER order_events_append_only BEFORE UPDATE OR DELETE ON order_events
  FOR EACH ROW EXECUTE FUNCTION app_keep_timeline_while_order_exists();
DROP TRIGGER delivery_events_append_only ON delivery_events;
CREATE TRIGGER delivery_events_append_only BEFORE UPDATE OR DELETE ON delivery_events
  FOR EACH ROW EXECUTE FUNCTION app_keep_delivery_trail_while_order_exists();
CREATE TRIGGER deliveries_kept_with_order BEFORE DELETE ON deliveries
  FOR EACH ROW EXECUTE FUNCTION app_keep_delivery_while_order_exists();
