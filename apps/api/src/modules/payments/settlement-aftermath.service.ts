import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { mpesaCallbackLogger } from '../../platform/logger';
import { LOGGER, QUEUES } from '../../platform/tokens';
import { type QueueName } from '../../queues/queues';
import { queueNotification } from '../orders/order-notifications';
import { queueEtimsFor } from '../etims/etims-jobs';
import { PaymentMetrics } from './payment-metrics';
import type { Applied, Owed } from './settlement-outcome';
import type { RequestContext } from '../../platform/request-context';

/**
 * What happens after a settlement transaction has committed: the callback log line, the STK end
 * counted, the order->paid latency observed and the owed notifications queued. Nothing here
 * touches the database, so nothing here can undo or half-do a settlement.
 */
@Injectable()
export class SettlementAftermath {
  constructor(
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: PaymentMetrics,
  ) {}

  /** The mpesa callback log stream's line for one processed (or waiting, or flagged) callback. */
  logCallback(ctx: RequestContext, callbackId: string, applied: Applied | null): void {
    const callbackLog = mpesaCallbackLogger(this.logger);
    if (applied?.flagged)
      callbackLog.error(
        { tenant_id: ctx.tenantId, callback_id: callbackId, outcome: applied.outcome, detail: applied.detail },
        'payment callback flagged: not applied, needs a person',
      );
    else
      callbackLog.info(
        { tenant_id: ctx.tenantId, callback_id: callbackId, outcome: applied?.outcome ?? 'payment_not_recorded_yet' },
        applied ? 'mpesa callback processed' : 'mpesa callback waits for its payment row',
      );
  }

  /** mpesa_stk_results_total: how STK pushes ended, counted once per payment after commit. */
  countStkEnd(applied: Applied | null): void {
    if (applied?.stkEnd) this.metrics.stkResults.inc({ outcome: applied.stkEnd });
  }

  async notify(owed: Owed): Promise<void> {
    // Committed by now: the order really went placed -> paid.
    for (const n of owed)
      if (n.paid)
        this.metrics.orderPaidLatency.observe(
          { method: n.paid.method },
          Math.max(0, (Date.now() - n.paid.placedAt.getTime()) / 1000),
        );
    for (const n of owed)
      await queueNotification(this.queues.get('notifications')!, this.logger, n.tenantId, n.orderId, n.kind);
    for (const n of owed) await queueEtimsFor(this.queues.get('payments')!, this.logger, n.tenantId, n.orderId, n.kind);
  }
}
