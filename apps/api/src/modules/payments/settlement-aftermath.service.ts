import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { mpesaCallbackLogger } from '../../platform/logger';
import type { AppConfig } from '../../config/config';
import { CONFIG, LOGGER, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
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
    @Inject(CONFIG) private readonly config: AppConfig,
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
    for (const n of owed) {
      if (n.kind === 'receipt_lookup') {
        // The row's receipt_due_at is the truth; a lost job is taken by the payment sweeper.
        await enqueue(
          this.queues.get('payments')!,
          'payment.receipt',
          n.tenantId,
          { paymentId: n.paymentId!, attempt: 1 },
          { delay: this.config.MPESA_RECEIPT_LOOKUP_AFTER_MS, jobId: `receipt-${n.paymentId}-1` },
        ).catch((error: unknown) =>
          this.logger.warn(
            { err: error, payment_id: n.paymentId },
            'could not queue the receipt lookup; the sweeper will',
          ),
        );
        continue;
      }
      // A "paid" message with no receipt yet waits a little for the Pull lookup to find it.
      const delay = n.kind === 'order_paid' && n.receiptPending ? this.config.MPESA_RECEIPT_WAIT_MS : 0;
      await queueNotification(this.queues.get('notifications')!, this.logger, n.tenantId, n.orderId, n.kind, delay);
    }
    for (const n of owed) await queueEtimsFor(this.queues.get('payments')!, this.logger, n.tenantId, n.orderId, n.kind);
  }

  /**
   * A callback whose amount or phone did not match is flagged and not applied; Daraja is also
   * asked (STK Query, then the Pull API for the true amount) so that a genuine payment is not
   * parked behind a forged callback.
   */
  async verifyAfterMismatch(ctx: RequestContext, applied: Applied | null): Promise<void> {
    const paymentId = applied?.detail?.paymentId;
    if (!applied || typeof paymentId !== 'string') return;
    if (applied.outcome !== 'amount_mismatch' && applied.outcome !== 'phone_mismatch') return;
    this.metrics.mismatchVerifications.inc({ step: 'queued' });
    await enqueue(
      this.queues.get('payments')!,
      'payment.verify',
      ctx.tenantId,
      { paymentId, attempt: 1 },
      { delay: 1_000, jobId: `verify-${paymentId}-1` },
    ).catch((error: unknown) =>
      this.logger.warn({ err: error, payment_id: paymentId }, 'could not queue the mismatch verification'),
    );
  }
}
