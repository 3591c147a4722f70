import type { TenantTransaction } from '@sokoni/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { ORDER_NOTIFICATION_KINDS, type OrderNotificationKind } from '../../queues/jobs';
import { enqueue } from '../../queues/queues';

/**
 * The notification outbox: a message an order owes its shopper is a row written in the same
 * transaction as the change that caused it, at most one per (order, kind), so a repeated cause
 * (a duplicated callback, a replayed webhook) can never owe it twice. The messaging worker
 * sends it; its sweeper relays rows whose job was lost.
 */
export async function oweNotification(trx: TenantTransaction, tenantId: string, orderId: string, kind: string, data: Record<string, unknown>): Promise<boolean> {
  const row = await trx.insertInto('order_notifications').values({ tenant_id: tenantId, order_id: orderId, kind, data: JSON.stringify(data) })
    .onConflict((oc) => oc.columns(['tenant_id', 'order_id', 'kind']).doNothing()).returning('kind').executeTakeFirst();
  return Boolean(row);
}

/**
 * Queues the send. Safe to call before the owing transaction commits: the job finds no row (or
 * a row already sent) and does nothing, and the sweeper covers a job that was never added.
 */
export async function queueNotification(queue: Queue, logger: Logger, tenantId: string, orderId: string, kind: string, delayMs = 0): Promise<void> {
  if (!(ORDER_NOTIFICATION_KINDS as readonly string[]).includes(kind)) throw new Error(`no order notification of kind ${kind}`);
  const known = kind as OrderNotificationKind;
  await enqueue(queue, `order.${known}`, tenantId, { orderId, kind: known }, { jobId: `${kind}-${orderId}`, delay: delayMs })
    .catch((error: unknown) => logger.warn({ err: error, order_id: orderId, kind }, 'could not queue a notification; the outbox sweeper will'));
}
