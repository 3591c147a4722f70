import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { enqueue } from '../../queues/queues';

/** The order notifications that mean the order owes eTIMS a document (a sale, a credit note). */
const ETIMS_KINDS = new Set(['order_paid', 'order_refunded', 'order_partly_refunded']);

/**
 * Queues `etims.send` for an order that was just paid or refunded (on the payments queue). Safe
 * before or after commit and when the store has eTIMS off: the job creates the documents the
 * order owes only if it owes them, and every etims.send also picks up the store's recent
 * documents that are missing or still open.
 */
export async function queueEtimsFor(
  queue: Queue,
  logger: Logger,
  tenantId: string,
  orderId: string,
  kind: string,
): Promise<void> {
  if (!ETIMS_KINDS.has(kind)) return;
  await enqueue(queue, 'etims.send', tenantId, { orderId, attempt: 0 }).catch((error: unknown) =>
    logger.warn(
      { err: error, order_id: orderId },
      'could not queue the eTIMS invoice; the next etims job of the store will',
    ),
  );
}
