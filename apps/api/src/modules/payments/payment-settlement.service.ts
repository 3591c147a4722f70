import { Inject, Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG } from '../../platform/tokens';
import { linkActiveSpanTo } from '../../platform/trace-context';
import type { AppConfig } from '../../config/config';
import { parseC2b, parseRefundResult, parseStkCallback } from './daraja/callback-bodies';
import { PaymentTransitions } from './payment-transitions.service';
import { PaymentsRepository, type CallbackRow, type PaymentRow } from './payments.repository';
import { RefundsService } from './refunds.service';
import { ReportedResults } from './reported-results.service';
import { SettlementAftermath } from './settlement-aftermath.service';
import type { Applied, Owed, StkResult } from './settlement-outcome';
import type { RequestContext } from '../../platform/request-context';

export type { Applied, Owed, StkResult } from './settlement-outcome';

/**
 * The one place a payment changes state. Whatever reports a result (callback job, STK Query,
 * the shopper's status check, the daily reconciliation), it lands here, inside one tenant
 * transaction holding the payment row lock: payment, order status, stock, order event, audit
 * row and the owed notification commit together or not at all, and whoever comes second finds
 * the work done (a no-op). That is what makes duplicated, replayed and racing reports safe.
 */
@Injectable()
export class PaymentSettlement {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly refunds: RefundsService,
    private readonly tenantDb: TenantDb,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly transitions: PaymentTransitions,
    private readonly results: ReportedResults,
    private readonly aftermath: SettlementAftermath,
  ) {}

  /** An STK result for a payment by id (STK Query answers, the shopper's status check). */
  applyStkToPayment(ctx: RequestContext, paymentId: string, result: StkResult): Promise<Applied> {
    return this.applyStkToLocked(ctx, result, { outcome: 'unknown_payment', flagged: true }, (trx) =>
      this.repository.lock(trx, paymentId),
    );
  }

  /** An STK result by CheckoutRequestID (reconciliation against M-Pesa's statement). */
  applyStkByCheckoutRequest(ctx: RequestContext, checkoutRequestId: string, result: StkResult): Promise<Applied> {
    return this.applyStkToLocked(ctx, result, { outcome: 'unknown_checkout_request', flagged: true }, (trx) =>
      this.repository.lockByCheckoutRequest(trx, checkoutRequestId),
    );
  }

  /**
   * Both ways of naming the payment an STK result is for: lock its row (or answer `unknown` when
   * there is none), apply the result in that transaction, then count and notify after commit.
   */
  private async applyStkToLocked(
    ctx: RequestContext,
    result: StkResult,
    unknown: Applied,
    lock: (trx: TenantTransaction) => Promise<PaymentRow | undefined>,
  ): Promise<Applied> {
    const owed: Owed = [];
    const applied = await this.tenantDb.run(ctx, async (trx) => {
      const payment = await lock(trx);
      if (!payment) return unknown;
      return this.results.applyStkWithin(trx, ctx, payment, result, owed);
    });
    this.aftermath.countStkEnd(applied);
    await this.aftermath.notify(owed);
    return applied;
  }

  /**
   * Processes one stored callback exactly once: its outcome row commits with the change it
   * caused. Returns null when the callback must wait (its payment row is not written yet).
   */
  async processCallback(ctx: RequestContext, callbackId: string): Promise<Applied | null> {
    const owed: Owed = [];
    const applied = await this.tenantDb.run(ctx, async (trx) => {
      await this.repository.lockCallback(trx, callbackId);
      const done = await this.repository.outcomeOf(trx, callbackId);
      if (done) return { outcome: 'already_processed', flagged: false };
      const callback = await this.repository.callback(trx, callbackId);
      if (!callback) return { outcome: 'missing', flagged: true };
      const result = await this.applyCallback(trx, ctx, callback, owed);
      if (result === null) return null;
      await this.repository.recordOutcome(
        trx,
        ctx.tenantId,
        callbackId,
        result.outcome,
        result.flagged,
        result.detail ?? {},
      );
      return result;
    });
    this.aftermath.logCallback(ctx, callbackId, applied);
    this.aftermath.countStkEnd(applied);
    await this.aftermath.notify(owed);
    await this.aftermath.verifyAfterMismatch(ctx, applied);
    return applied;
  }

  /**
   * A Pull API row matched to a payment that owes its receipt (ReceiptLookupService): a paid
   * payment gets its receipt; a payment failed on a callback with the wrong amount that STK Query
   * then called paid is paid when the pulled amount is the one asked for, and stays failed
   * (confirmed) when M-Pesa's own record shows the other amount.
   */
  async recordPulled(
    ctx: RequestContext,
    paymentId: string,
    pulled: { receipt: string; amount: number },
  ): Promise<'recorded' | 'paid' | 'amount_confirmed_wrong' | 'not_owed'> {
    const owed: Owed = [];
    const done = await this.tenantDb.run(ctx, async (trx) => {
      const payment = await this.repository.lock(trx, paymentId);
      if (!payment || payment.receipt_due_at === null) return 'not_owed' as const;
      const amount = Math.round(pulled.amount);
      if (payment.status === 'paid' || payment.status === 'refunded') {
        if (payment.receipt_number) {
          await this.repository.update(trx, payment.id, { receipt_due_at: null });
          return 'not_owed' as const;
        }
        await this.results.recordReceiptWithin(trx, ctx, payment, pulled.receipt, 'pull', owed);
        if (amount !== (payment.paid_amount_kes ?? payment.amount_kes))
          await this.repository.addFlags(trx, payment.id, ['pulled_amount_differs']);
        return 'recorded' as const;
      }
      if (payment.status === 'failed' && payment.flags.includes('query_says_paid')) {
        if (amount !== payment.amount_kes) {
          await this.repository.update(trx, payment.id, { receipt_due_at: null });
          await this.repository.addFlags(trx, payment.id, ['amount_confirmed_by_pull']);
          return 'amount_confirmed_wrong' as const;
        }
        await this.transitions.markPaidWithin(
          trx,
          ctx,
          payment,
          {
            receipt: pulled.receipt,
            paidAmount: amount,
            resultCode: '0',
            resultDesc: 'Paid: confirmed by STK Query and the Pull API (the callback was wrong)',
            flags: ['verified_by_pull'],
            receiptSource: 'pull',
          },
          owed,
        );
        await this.repository.update(trx, payment.id, { receipt_due_at: null });
        return 'paid' as const;
      }
      await this.repository.update(trx, payment.id, { receipt_due_at: null });
      return 'not_owed' as const;
    });
    if (done === 'paid') this.aftermath.countStkEnd({ outcome: 'applied_paid', flagged: false, stkEnd: 'paid' });
    await this.aftermath.notify(owed);
    return done;
  }

  /** The shopper pasted an M-Pesa code that matches a C2B payment we received for this order. */
  settleFromC2b(...args: Parameters<PaymentTransitions['settleFromC2b']>): Promise<PaymentRow> {
    return this.transitions.settleFromC2b(...args);
  }

  /** Notifications and metrics owed by a committed settlement (callers that ran settleFromC2b). */
  notify(owed: Owed): Promise<void> {
    return this.aftermath.notify(owed);
  }

  /** Fails a payment whose row the caller holds locked (STK push errors, the sweepers). */
  failWithin(...args: Parameters<PaymentTransitions['failWithin']>): Promise<void> {
    return this.transitions.failWithin(...args);
  }

  private async applyCallback(
    trx: TenantTransaction,
    ctx: RequestContext,
    callback: CallbackRow,
    owed: Owed,
  ): Promise<Applied | null> {
    // (A callback refused by the source-address check got its outcome at intake and never gets here.)
    switch (callback.kind) {
      case 'stk': {
        const parsed = parseStkCallback(callback.body);
        if (!parsed) return { outcome: 'unparseable', flagged: true };
        const payment = await this.repository.lockByCheckoutRequest(trx, parsed.checkoutRequestId);
        if (!payment) {
          // The push's answer may still be on its way to the payments row: let the job retry.
          const ageMs = Date.now() - new Date(callback.received_at).getTime();
          if (ageMs < this.config.MPESA_UNKNOWN_CALLBACK_GRACE_MS) return null;
          return {
            outcome: 'unknown_checkout_request',
            flagged: true,
            detail: {
              checkoutRequestId: parsed.checkoutRequestId,
              resultCode: parsed.resultCode,
              amount: parsed.amount,
              receipt: parsed.receipt,
            },
          };
        }
        // The callback job's span (in the callback's trace) links to the push's trace.
        linkActiveSpanTo(payment.trace_parent, {
          'sokoni.link': 'stk_push',
          'mpesa.checkout_request_id': parsed.checkoutRequestId,
        });
        return this.results.applyStkWithin(trx, ctx, payment, { source: 'callback', ...parsed }, owed);
      }
      case 'c2b_confirmation': {
        const parsed = parseC2b(callback.body);
        if (!parsed) return { outcome: 'unparseable', flagged: true };
        return this.results.applyC2bWithin(trx, ctx, callback, parsed, owed);
      }
      case 'c2b_validation':
        return { outcome: 'validation_seen', flagged: false };
      case 'reversal_result':
      case 'b2c_result':
      case 'result_timeout': {
        const parsed = parseRefundResult(callback.body);
        if (!parsed) return { outcome: 'unparseable', flagged: true };
        return this.refunds.applyResultWithin(trx, ctx, parsed, callback.kind === 'result_timeout', owed);
      }
    }
  }
}
