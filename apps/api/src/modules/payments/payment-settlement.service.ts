import { Inject, Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { mpesaCallbackLogger } from '../../platform/logger';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER, QUEUES } from '../../platform/tokens';
import { linkActiveSpanTo } from '../../platform/trace-context';
import type { AppConfig } from '../../config/config';
import { type QueueName } from '../../queues/queues';
import { queueNotification } from '../orders/order-notifications';
import { AuditService } from '../audit/audit.service';
import { OrdersService } from '../orders/orders.service';
import { parseC2b, parseRefundResult, parseStkCallback, type C2bConfirmation } from './daraja/callback-bodies';
import { meaningOf } from './daraja/result-codes';
import { PaymentMetrics } from './payment-metrics';
import { PaymentsRepository, type CallbackRow, type PaymentRow } from './payments.repository';
import { RefundsService } from './refunds.service';
import type { RequestContext } from '../../platform/request-context';

/** What M-Pesa said about one STK push, from whichever source told us. */
export interface StkResult {
  source: 'callback' | 'query' | 'statement';
  resultCode: string;
  resultDesc: string;
  /** Callback only: the amount paid (the query carries none). */
  amount: number | null;
  receipt: string | null;
  phone: string | null;
}

export interface Applied {
  /** applied_paid, applied_failure, duplicate, receipt_filled, amount_mismatch, phone_mismatch, unknown_checkout_request ... */
  outcome: string;
  flagged: boolean;
  detail?: Record<string, unknown>;
  /** Set when an STK push reached its end (paid, cancelled, timeout ...): counted once committed. */
  stkEnd?: string;
}

/** Notifications owed once the transaction that decided them has committed. */
type Owed = {
  tenantId: string;
  orderId: string;
  kind: string;
  /** order_paid owed by a payment that paid a pending order: placed at, for order->paid latency. */
  paid?: { placedAt: Date; method: string };
}[];

const SYSTEM = { type: 'system' as const, id: 'mpesa' };

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
    private readonly orders: OrdersService,
    private readonly refunds: RefundsService,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: PaymentMetrics,
  ) {}

  /** An STK result for a payment by id (STK Query answers, the shopper's status check). */
  async applyStkToPayment(ctx: RequestContext, paymentId: string, result: StkResult): Promise<Applied> {
    const owed: Owed = [];
    const applied = await this.tenantDb.run(ctx, async (trx) => {
      const payment = await this.repository.lock(trx, paymentId);
      if (!payment) return { outcome: 'unknown_payment', flagged: true };
      return this.applyStkWithin(trx, ctx, payment, result, owed);
    });
    this.countStkEnd(applied);
    await this.notify(owed);
    return applied;
  }

  /** An STK result by CheckoutRequestID (reconciliation against M-Pesa's statement). */
  async applyStkByCheckoutRequest(ctx: RequestContext, checkoutRequestId: string, result: StkResult): Promise<Applied> {
    const owed: Owed = [];
    const applied = await this.tenantDb.run(ctx, async (trx) => {
      const payment = await this.repository.lockByCheckoutRequest(trx, checkoutRequestId);
      if (!payment) return { outcome: 'unknown_checkout_request', flagged: true };
      return this.applyStkWithin(trx, ctx, payment, result, owed);
    });
    this.countStkEnd(applied);
    await this.notify(owed);
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
    this.countStkEnd(applied);
    await this.notify(owed);
    return applied;
  }

  /** mpesa_stk_results_total: how STK pushes ended, counted once per payment after commit. */
  private countStkEnd(applied: Applied | null): void {
    if (applied?.stkEnd) this.metrics.stkResults.inc({ outcome: applied.stkEnd });
  }

  unprocessedSiblings(ctx: RequestContext, callbackId: string): Promise<string[]> {
    return this.tenantDb.run(ctx, (trx) => this.repository.unprocessedSiblings(trx, callbackId));
  }

  /** The shopper pasted an M-Pesa code that matches a C2B payment we received for this order. */
  async settleFromC2b(
    trx: TenantTransaction,
    ctx: RequestContext,
    orderId: string,
    c2b: { trans_id: string; amount_kes: number; msisdn: string },
    owed: Owed,
  ): Promise<PaymentRow> {
    const order = await this.orders.lockWithin(trx, { id: orderId });
    // Written as received money straight away; whether it is the order's payment or a second
    // one (flagged for refund) is decided before the row exists, as the unique index demands.
    const paymentId = await this.repository.insert(trx, {
      tenant_id: ctx.tenantId,
      order_id: orderId,
      method: 'c2b',
      status: 'paid',
      outcome: 'paid',
      amount_kes: c2b.amount_kes,
      phone: c2b.msisdn || order.phone,
      receipt_number: c2b.trans_id,
      paid_amount_kes: c2b.amount_kes,
      resolved_at: new Date(),
      result_code: '0',
      result_desc: 'C2B confirmation',
      counts_for_order: order.status === 'pending_payment' || order.status === 'cancelled',
    });
    const payment = (await this.repository.lock(trx, paymentId))!;
    await this.markPaidWithin(
      trx,
      ctx,
      { ...payment, status: 'pending' },
      { receipt: c2b.trans_id, paidAmount: c2b.amount_kes, resultCode: '0', resultDesc: 'C2B confirmation', flags: [] },
      owed,
    );
    await this.repository.matchC2b(trx, c2b.trans_id, paymentId);
    return (await this.repository.byId(trx, paymentId))!;
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
        return this.applyStkWithin(trx, ctx, payment, { source: 'callback', ...parsed }, owed);
      }
      case 'c2b_confirmation': {
        const parsed = parseC2b(callback.body);
        if (!parsed) return { outcome: 'unparseable', flagged: true };
        return this.applyC2bWithin(trx, ctx, callback, parsed, owed);
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

  private async applyStkWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    payment: PaymentRow,
    result: StkResult,
    owed: Owed,
  ): Promise<Applied> {
    const code = result.resultCode;
    if (code !== '0') {
      if (payment.status === 'initiating' || payment.status === 'pending') {
        await this.failWithin(trx, ctx, payment, code, result.resultDesc, []);
        return {
          outcome: 'applied_failure',
          flagged: false,
          detail: { resultCode: code },
          stkEnd: meaningOf(code).outcome,
        };
      }
      // A failure after money was taken contradicts M-Pesa's own earlier answer: keep the money, flag it.
      if (payment.status === 'paid') {
        await this.repository.addFlags(trx, payment.id, ['conflicting_result']);
        return { outcome: 'conflicting_result', flagged: true, detail: { resultCode: code } };
      }
      return { outcome: 'duplicate', flagged: false };
    }

    // Money was taken. A callback's amount and phone must match what we asked for; if not the
    // body is forged or something is badly wrong: never apply, always flag.
    if (result.source === 'callback' && result.amount !== null && Math.round(result.amount) !== payment.amount_kes) {
      if (payment.status === 'initiating' || payment.status === 'pending') {
        await this.failWithin(trx, ctx, payment, code, result.resultDesc, ['amount_mismatch'], {
          receipt: result.receipt,
          paidAmount: Math.round(result.amount),
        });
      } else {
        await this.repository.addFlags(trx, payment.id, ['amount_mismatch']);
      }
      return {
        outcome: 'amount_mismatch',
        flagged: true,
        detail: { expected: payment.amount_kes, received: result.amount, receipt: result.receipt },
      };
    }
    if (result.source === 'callback' && result.phone !== null && result.phone !== payment.phone) {
      await this.repository.addFlags(trx, payment.id, ['phone_mismatch']);
      return { outcome: 'phone_mismatch', flagged: true, detail: { expected: payment.phone, received: result.phone } };
    }
    if (payment.flags.includes('amount_mismatch')) return { outcome: 'amount_mismatch', flagged: true };

    if (payment.status === 'paid' || payment.status === 'refunded') {
      if (!payment.receipt_number && result.receipt) {
        await this.repository.update(trx, payment.id, { receipt_number: result.receipt });
        await this.audit.record(trx, ctx, {
          actor: SYSTEM,
          action: 'payment.receipt_recorded',
          entity: { type: 'payment', id: payment.id },
          before: { receipt: null },
          after: { receipt: result.receipt, source: result.source },
        });
        return { outcome: 'receipt_filled', flagged: false };
      }
      return { outcome: 'duplicate', flagged: false };
    }
    const late = payment.status === 'failed';
    await this.markPaidWithin(
      trx,
      ctx,
      payment,
      {
        receipt: result.receipt,
        paidAmount: result.amount === null ? payment.amount_kes : Math.round(result.amount),
        resultCode: code,
        resultDesc: result.resultDesc,
        flags: late ? ['late_success'] : [],
      },
      owed,
    );
    return {
      outcome: late ? 'applied_late_success' : 'applied_paid',
      flagged: late,
      ...(late ? {} : { stkEnd: 'paid' }),
      detail: { source: result.source, receipt: result.receipt },
    };
  }

  private async applyC2bWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    callback: CallbackRow,
    c2b: C2bConfirmation,
    owed: Owed,
  ): Promise<Applied> {
    const amount = Number(c2b.TransAmount);
    const fresh = await this.repository.insertC2b(trx, {
      tenant_id: ctx.tenantId,
      trans_id: c2b.TransID,
      amount_kes: Number.isFinite(amount) ? Math.round(amount) : 0,
      bill_ref: c2b.BillRefNumber,
      msisdn: c2b.MSISDN,
      payer_name: [c2b.FirstName, c2b.MiddleName, c2b.LastName].filter(Boolean).join(' '),
      trans_time: c2b.TransTime,
      shortcode: c2b.BusinessShortCode,
      callback_id: callback.id,
    });
    if (!fresh) return { outcome: 'duplicate', flagged: false };
    // A paybill account carries the order number; a till has none, so its payments wait for the
    // shopper to paste the code (matched then, amount checked).
    const number = /^#?(\d{4,9})$/.exec(c2b.BillRefNumber)?.[1];
    if (!number)
      return { outcome: 'c2b_unmatched', flagged: false, detail: { transId: c2b.TransID, billRef: c2b.BillRefNumber } };
    let order;
    try {
      order = await this.orders.findWithin(trx, Number(number));
    } catch {
      return {
        outcome: 'c2b_unmatched',
        flagged: true,
        detail: { transId: c2b.TransID, billRef: c2b.BillRefNumber, reason: 'no such order' },
      };
    }
    if (Math.round(amount) !== order.total_kes) {
      return {
        outcome: 'amount_mismatch',
        flagged: true,
        detail: { transId: c2b.TransID, orderNumber: order.number, expected: order.total_kes, received: amount },
      };
    }
    const settled = await this.settleFromC2b(
      trx,
      ctx,
      order.id,
      { trans_id: c2b.TransID, amount_kes: Math.round(amount), msisdn: c2b.MSISDN },
      owed,
    );
    const duplicate = !settled.counts_for_order;
    return {
      outcome: duplicate ? 'duplicate_payment' : 'applied_paid',
      flagged: duplicate,
      detail: { transId: c2b.TransID, orderNumber: order.number, paymentId: settled.id },
    };
  }

  /**
   * Payment paid, order paid (or revived, or noted as paid twice), stock committed, audit row,
   * receipt owed to the shopper. Runs with the payment row locked by the caller.
   */
  private async markPaidWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    payment: PaymentRow,
    paid: { receipt: string | null; paidAmount: number; resultCode: string; resultDesc: string; flags: string[] },
    owed: Owed,
  ): Promise<void> {
    const order = await this.orders.lockWithin(trx, { id: payment.order_id });
    const flags = [...paid.flags];
    let countsForOrder = true;
    const placedAt = order.status === 'pending_payment' ? new Date(order.created_at) : null;
    if (order.status === 'pending_payment') {
      await this.orders.markPaidWithin(trx, ctx, order.id, {
        paymentId: payment.id,
        receipt: paid.receipt,
        method: payment.method,
      });
    } else if (order.status === 'cancelled') {
      // The hold lapsed before M-Pesa answered, but the shopper paid: the order is theirs.
      const { stockTaken } = await this.orders.reviveForLatePaymentWithin(trx, ctx, order.id, {
        paymentId: payment.id,
        receipt: paid.receipt,
      });
      flags.push('paid_after_cancel', ...(stockTaken ? [] : ['stock_short']));
    } else {
      // Already paid by another attempt (say an STK push and a paybill payment): money is kept
      // on record and flagged for a refund, never counted twice.
      countsForOrder = false;
      flags.push('duplicate_payment');
    }
    await this.repository.update(trx, payment.id, {
      status: 'paid',
      outcome: 'paid',
      receipt_number: paid.receipt,
      paid_amount_kes: paid.paidAmount,
      result_code: paid.resultCode,
      result_desc: paid.resultDesc,
      resolved_at: new Date(),
      next_query_at: null,
      counts_for_order: countsForOrder,
    });
    if (flags.length) await this.repository.addFlags(trx, payment.id, flags);
    await this.audit.record(trx, ctx, {
      actor: SYSTEM,
      action: 'payment.paid',
      entity: { type: 'payment', id: payment.id },
      before: { status: payment.status, outcome: payment.outcome },
      after: {
        status: 'paid',
        receipt: paid.receipt,
        amountKes: paid.paidAmount,
        orderId: order.id,
        orderNumber: order.number,
        flags,
      },
    });
    if (
      countsForOrder &&
      (await this.repository.owe(trx, ctx.tenantId, order.id, 'order_paid', {
        paymentId: payment.id,
        receipt: paid.receipt,
      }))
    ) {
      owed.push({
        tenantId: ctx.tenantId,
        orderId: order.id,
        kind: 'order_paid',
        ...(placedAt ? { paid: { placedAt, method: payment.method } } : {}),
      });
    }
  }

  async failWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    payment: PaymentRow,
    resultCode: string | null,
    resultDesc: string,
    flags: string[],
    money?: { receipt: string | null; paidAmount: number },
  ): Promise<void> {
    const outcome = resultCode === null ? 'timeout' : meaningOf(resultCode).outcome;
    await this.repository.update(trx, payment.id, {
      status: 'failed',
      outcome: outcome === 'paid' ? 'failed' : outcome,
      result_code: resultCode,
      result_desc: resultDesc,
      resolved_at: new Date(),
      next_query_at: null,
      ...(money ? { receipt_number: money.receipt, paid_amount_kes: money.paidAmount } : {}),
    });
    if (flags.length) await this.repository.addFlags(trx, payment.id, flags);
    await this.audit.record(trx, ctx, {
      actor: SYSTEM,
      action: 'payment.failed',
      entity: { type: 'payment', id: payment.id },
      before: { status: payment.status },
      after: { status: 'failed', outcome, resultCode, resultDesc, flags },
    });
  }
}
