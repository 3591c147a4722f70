import { Inject, Injectable } from '@nestjs/common';
import type { ReceiptSource } from '@sokoni/db';
import type { AppConfig } from '../../config/config';
import { CONFIG } from '../../platform/tokens';
import type { TenantTransaction } from '@sokoni/db';
import { AuditService } from '../audit/audit.service';
import { isPayable, paymentStateOf } from '../orders/order-status';
import { OrdersService } from '../orders/orders.service';
import { meaningOf } from './daraja/result-codes';
import { PaymentsRepository, type PaymentRow } from './payments.repository';
import { SYSTEM, type Owed } from './settlement-outcome';
import type { RequestContext } from '../../platform/request-context';

/**
 * The state changes of one payment (paid, failed, a C2B payment written as paid), each run inside
 * the caller's tenant transaction with the payment row locked. Only PaymentSettlement and the
 * services it is split into (and the sweepers, for failures) call these.
 */
@Injectable()
export class PaymentTransitions {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly orders: OrdersService,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

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
      counts_for_order: isPayable(order.status, paymentStateOf(order)) || order.status === 'cancelled',
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

  /**
   * Payment paid, order paid (or revived, or noted as paid twice), stock committed, audit row,
   * receipt owed to the shopper. Runs with the payment row locked by the caller.
   */
  async markPaidWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    payment: PaymentRow,
    paid: {
      receipt: string | null;
      paidAmount: number;
      resultCode: string;
      resultDesc: string;
      flags: string[];
      /** Who told us the receipt (default: a callback / C2B confirmation when there is one). */
      receiptSource?: ReceiptSource;
    },
    owed: Owed,
  ): Promise<void> {
    const order = await this.orders.lockWithin(trx, { id: payment.order_id });
    const flags = [...paid.flags];
    let countsForOrder = true;
    const placedAt = order.status === 'pending_payment' ? new Date(order.created_at) : null;
    // Unpaid, or a pay-on-delivery order at the door (collected: order-status.ts, isPayable).
    if (isPayable(order.status, paymentStateOf(order))) {
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
      // Paid with no receipt (STK Query said so): the Pull API lookup owes it (ReceiptLookupService).
      receipt_source: paid.receipt ? (paid.receiptSource ?? (payment.method === 'c2b' ? 'c2b' : 'callback')) : null,
      receipt_due_at: paid.receipt ? null : new Date(Date.now() + this.config.MPESA_RECEIPT_LOOKUP_AFTER_MS),
    });
    if (!paid.receipt)
      owed.push({ tenantId: ctx.tenantId, orderId: order.id, kind: 'receipt_lookup', paymentId: payment.id });
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
        ...(paid.receipt ? {} : { receiptPending: true }),
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
