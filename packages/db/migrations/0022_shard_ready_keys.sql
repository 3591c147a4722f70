-- Sharding readiness (issue 17): every unique key of a tenant table includes tenant_id, so the
-- tables can be distributed by tenant_id (Citus) where a unique index must contain the
-- distribution column. These two were global only by accident: every lookup by them runs inside
-- a tenant transaction (the store is known from the callback URL's secret first), and the ids
-- are issued by Safaricom, unique anyway. Per store they stay unique, so a replayed or duplicated
-- CheckoutRequestID / OriginatorConversationID still cannot create a second row for a store.
-- tests/db/sharding-readiness.test.ts checks every key from the catalog.
DROP INDEX payments_checkout_request;
CREATE UNIQUE INDEX payments_checkout_request ON payments (tenant_id, checkout_request_id)
  WHERE checkout_request_id IS NOT NULL;

ALTER TABLE refunds DROP CONSTRAINT refunds_originator_conversation_id_key;
ALTER TABLE refunds ADD CONSTRAINT refunds_originator_conversation_id_key UNIQUE (tenant_id, originator_conversation_id);
