-- The order row and its number are written last in the place-order transaction (issue 17,
-- checkout burst).
--
-- A store's order numbers are gap-free: the number comes from the store's order_counters row,
-- whose row lock is held until the placing transaction commits. The number used to be taken
-- first, so every statement after it (the order, its lines, the coupon use, the stock
-- reservation, the owed notification, the placed event), each a round trip from a busy API,
-- ran under the lock: in bench:checkout (200 shoppers, 4 stores) the counter upsert waited
-- 70 ms on average and one store's orders were placed one after another.
--
-- Now the lines, the coupon use, the owed notification and the placed event are written first,
-- under an order id the API generates; their foreign keys to orders are checked at commit
-- (SET CONSTRAINTS ... DEFERRED in that one transaction). Everywhere else they stay immediate:
-- INITIALLY IMMEDIATE, and only the insert/update checks become deferrable (PostgreSQL leaves
-- the ON DELETE CASCADE triggers immediate, so archiving deletes as before).
ALTER TABLE order_items ALTER CONSTRAINT order_items_tenant_id_order_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE order_events ALTER CONSTRAINT order_events_tenant_id_order_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE order_notifications ALTER CONSTRAINT order_notifications_tenant_id_order_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE coupon_redemptions ALTER CONSTRAINT coupon_redemptions_tenant_id_order_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
