import { Injectable } from '@nestjs/common';
import type { ReceiptSource, TenantTransaction } from '@sokoni/db';
import { AuditService } from '../audit/audit.service';
import { OrdersService } from '../orders/orders.service';
import { type C2bConfirmation } from './daraja/callback-bodies';
import { meaningOf } from './daraja/result-codes';
import { PaymentTransitions } from './payment-transitions.service';
import { PaymentsRepository, type CallbackRow, type PaymentRow } from './payments.repository';
import { SYSTEM, type Applied, type Owed, type StkResult } from './settlement-outcome';
import type { RequestContext } from '../../platform/request-context';

/**
 * What one reported result means for a payment: an STK result (callback, STK Query, statement)
 * checked against the payment it names (result code, amount, phone, current status), and a C2B
 * confirmation matched to its order. Runs inside PaymentSettlement's tenant transaction, with the
 * payment row locked by the caller; notifications owed are pushed onto `owed` for after commit.
 */
@Injectable()
export class ReportedResults {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly orders: OrdersService,
    private readonly audit: AuditService,
    private readonly transitions: PaymentTransitions,
  ) {}

  async applyStkWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    payment: PaymentRow,
    result: StkResult,
    owed: Owed,
  ): Promise<Applied> {
    const code = result.resultCode;
    if (code !== '0') {
      if (payment.status === 'initiating' || payment.status === 'pending') {
        await this.transitions.failWithin(trx, ctx, payment, code, result.resultDesc, []);
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
        await this.transitions.failWithin(trx, ctx, payment, code, result.resultDesc, ['amount_mismatch'], {
          receipt: result.receipt,
          paidAmount: Math.round(result.amount),
        });
      } else {
        await this.repository.addFlags(trx, payment.id, ['amount_mismatch']);
      }
      return {
        outcome: 'amount_mismatch',
        flagged: true,
        detail: {
          paymentId: payment.id,
          expected: payment.amount_kes,
          received: result.amount,
          receipt: result.receipt,
        },
      };
    }
    if (result.source === 'callback' && result.phone !== null && result.phone !== payment.phone) {
      await this.repository.addFlags(trx, payment.id, ['phone_mismatch']);
      return {
        outcome: 'phone_mismatch',
        flagged: true,
        detail: { paymentId: payment.id, expected: payment.phone, received: result.phone },
      };
    }
    if (payment.flags.includes('amount_mismatch')) {
      // STK Query says this push was paid, but a callback claimed another amount: the Pull API
      // tells the true amount (ReceiptLookupService.verify), never this answer alone.
      if (result.source === 'query' && payment.status === 'failed' && !payment.flags.includes('query_says_paid')) {
        await this.repository.addFlags(trx, payment.id, ['query_says_paid']);
        await this.repository.update(trx, payment.id, { receipt_due_at: new Date() });
        owed.push({ tenantId: ctx.tenantId, orderId: payment.order_id, kind: 'receipt_lookup', paymentId: payment.id });
        return { outcome: 'query_says_paid', flagged: true, detail: { paymentId: payment.id } };
      }
      return { outcome: 'amount_mismatch', flagged: true };
    }

    if (payment.status === 'paid' || payment.status === 'refunded') {
      if (!payment.receipt_number && result.receipt) {
        await this.recordReceiptWithin(trx, ctx, payment, result.receipt, result.source, owed);
        return { outcome: 'receipt_filled', flagged: false };
      }
      return { outcome: 'duplicate', flagged: false };
    }
    const late = payment.status === 'failed';
    await this.transitions.markPaidWithin(
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

  /**
   * The receipt of a payment that was paid without one (STK Query first): recorded once, the
   * lookup no longer owed, and the shopper's receipt message owed (at most once per order; the
   * messaging worker skips it when the "paid" message already carried the receipt).
   */
  async recordReceiptWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    payment: PaymentRow,
    receipt: string,
    source: ReceiptSource,
    owed: Owed,
  ): Promise<void> {
    await this.repository.update(trx, payment.id, {
      receipt_number: receipt,
      receipt_source: source,
      receipt_due_at: null,
    });
    await this.audit.record(trx, ctx, {
      actor: SYSTEM,
      action: 'payment.receipt_recorded',
      entity: { type: 'payment', id: payment.id },
      before: { receipt: null },
      after: { receipt, source },
    });
    if (
      payment.counts_for_order &&
      (await this.repository.owe(trx, ctx.tenantId, payment.order_id, 'payment_receipt', {
        paymentId: payment.id,
        receipt,
      }))
    )
      owed.push({ tenantId: ctx.tenantId, orderId: payment.order_id, kind: 'payment_receipt' });
  }

  async applyC2bWithin(
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
    const settled = await this.transitions.settleFromC2b(
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
}
