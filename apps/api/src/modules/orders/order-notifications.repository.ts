import type { TenantTransaction } from '@sokoni/db';

/**
 * The notification outbox's one write: a message an order owes its shopper is a row written in
 * the same transaction as the change that caused it, at most one per (order, kind), so a repeated
 * cause (a duplicated callback, a replayed webhook) can never owe it twice. True when this call
 * created the row.
 */
export async function oweNotification(
  trx: TenantTransaction,
  tenantId: string,
  orderId: string,
  kind: string,
  data: Record<string, unknown>,
): Promise<boolean> {
  const row = await trx
    .insertInto('order_notifications')
    .values({ tenant_id: tenantId, order_id: orderId, kind, data: JSON.stringify(data) })
    .onConflict((oc) => oc.columns(['tenant_id', 'order_id', 'kind']).doNothing())
    .returning('kind')
    .executeTakeFirst();
  return Boolean(row);
}
