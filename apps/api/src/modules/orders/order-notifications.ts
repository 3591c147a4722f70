import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { ORDER_NOTIFICATION_KINDS, type OrderNotificationKind } from '../../queues/jobs';
import { enqueue } from '../../queues/queues';

/**
 * The notification outbox: the owed row (oweNotification, in order-notifications.repository.ts,
 * re-exported here for the modules that owe messages) and the send job. The messaging worker
 * sends it; its sweeper relays rows whose job was lost.
 */
export { oweNotification } from './order-notifications.repository';

/**
 * Queues the send. Safe to call before the owing transaction commits: the job finds no row (or
 * a row already sent) and does nothing, and the sweeper covers a job that was never added.
 */
export async function queueNotification(
  queue: Queue,
  logger: Logger,
  tenantId: string,
  orderId: string,
  kind: string,
  delayMs = 0,
): Promise<void> {
  if (!(ORDER_NOTIFICATION_KINDS as readonly string[]).includes(kind))
    throw new Error(`no order notification of kind ${kind}`);
  const known = kind as OrderNotificationKind;
  await enqueue(
    queue,
    `order.${known}`,
    tenantId,
    { orderId, kind: known },
    { jobId: `${kind}-${orderId}`, delay: delayMs },
  ).catch((error: unknown) =>
    logger.warn({ err: error, order_id: orderId, kind }, 'could not queue a notification; the outbox sweeper will'),
  );
}
