import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { REFUNDABLE_ORDER_STATUSES, type Refund } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { OrdersService } from '../orders/orders.service';
import type { RefundResult } from './daraja/callback-bodies';
import { DarajaClient, DarajaRejectedError, DarajaUnavailableError } from './daraja/daraja-client';
import { DARAJA } from './daraja/daraja.provider';
import { MpesaSettingsService } from './mpesa-settings.service';
import { PaymentsRepository, type RefundRow } from './payments.repository';
import type { RequestContext } from '../../platform/request-context';

export function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    paymentId: row.payment_id,
    amountKes: row.amount_kes,
    method: row.method,
    status: row.status,
    reason: row.reason,
    resultCode: row.result_code,
    resultDesc: row.result_desc,
    transactionId: row.transaction_id,
    createdAt: new Date(row.created_at).toISOString(),
    resolvedAt: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
  };
}

/**
 * Refunds through Daraja: a reversal of the M-Pesa receipt (or a B2C payout where the store set
 * that up). Daraja answers later at the ResultURL; that result is applied like a payment callback.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly orders: OrdersService,
    private readonly settings: MpesaSettingsService,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
    @Inject(DARAJA) private readonly daraja: DarajaClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async request(
    ctx: RequestContext,
    orderNumber: number,
    input: { amountKes?: number; reason: string },
    userId: string,
  ): Promise<Refund> {
    const mpesa = await this.settings.load(ctx);
    if (!mpesa)
      throw new ApiError(409, 'conflict', 'M-Pesa is not set up for this store', { reason: 'mpesa_not_configured' });
    if (!mpesa.settings.refunds_enabled) {
      throw new ApiError(
        409,
        'conflict',
        'Refunds need the M-Pesa API initiator name and security credential: add them in the M-Pesa settings',
        { reason: 'refunds_not_enabled' },
      );
    }
    const { refundId, payment, amount } = await this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.lockWithin(trx, { number: orderNumber });
      // A cancelled order may still hold the shopper's money (cancelled after payment): refundable
      // as long as a counted payment has something left (checked below).
      if (!REFUNDABLE_ORDER_STATUSES.has(order.status) && order.status !== 'cancelled') {
        throw new ApiError(
          409,
          'conflict',
          `Order #${order.number} is ${order.status.replace('_', ' ')}: there is no M-Pesa payment to refund`,
          { reason: 'not_refundable', status: order.status },
        );
      }
      const payment = (await this.repository.forOrder(trx, order.id)).find(
        (p) => p.status === 'paid' && p.counts_for_order,
      );
      if (!payment)
        throw new ApiError(409, 'conflict', `Order #${order.number} has no M-Pesa payment on record to refund`, {
          reason: 'no_payment',
        });
      if (mpesa.settings.refund_method === 'reversal' && !payment.receipt_number) {
        throw new ApiError(
          409,
          'conflict',
          'The M-Pesa receipt number for this payment has not arrived yet; a reversal needs it. Try again later.',
          { reason: 'receipt_unknown' },
        );
      }
      const inFlight = Number((await this.repository.refundsInFlight(trx, payment.id)).kes);
      const left = (payment.paid_amount_kes ?? payment.amount_kes) - payment.refunded_kes - inFlight;
      const amount = input.amountKes ?? left;
      if (amount < 1 || amount > left) {
        throw new ApiError(409, 'conflict', `At most KES ${left} of this payment can be refunded`, {
          reason: 'amount_too_large',
          refundableKes: left,
          field: 'amountKes',
        });
      }
      let refundId: string;
      try {
        refundId = await this.repository.insertRefund(trx, {
          tenant_id: ctx.tenantId,
          order_id: order.id,
          payment_id: payment.id,
          amount_kes: amount,
          method: mpesa.settings.refund_method,
          status: 'requested',
          reason: input.reason,
          requested_by: userId,
          originator_conversation_id: `sokoni-${randomUUID()}`,
        });
      } catch (error) {
        if ((error as { constraint?: string }).constraint === 'refunds_one_in_flight') {
          throw new ApiError(409, 'conflict', 'A refund for this payment is already on its way', {
            reason: 'refund_in_progress',
          });
        }
        throw error;
      }
      await this.audit.record(trx, ctx, {
        actor: { type: 'user', id: userId },
        action: 'refund.requested',
        entity: { type: 'order', id: order.id },
        after: {
          orderNumber: order.number,
          refundId,
          amountKes: amount,
          method: mpesa.settings.refund_method,
          reason: input.reason,
          receipt: payment.receipt_number,
        },
      });
      return { refundId, payment, amount };
    });

    const urls = this.settings.callbackUrls(mpesa.settings.callback_secret);
    const refund = await this.tenantDb.run(ctx, (trx) => this.repository.refundById(trx, refundId));
    try {
      const accepted = await this.daraja.refund(mpesa.credentials, {
        kind: mpesa.settings.refund_method,
        originatorConversationId: refund.originator_conversation_id,
        shortcode: mpesa.settings.shortcode,
        amount,
        transactionId: payment.receipt_number ?? '',
        phone: payment.phone,
        resultUrl: urls.result,
        queueTimeoutUrl: urls.timeout,
        remarks: `Refund order ${orderNumber}`.slice(0, 100),
      });
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.updateRefund(trx, refundId, {
          status: 'pending',
          conversation_id: accepted.conversationId,
          // A reversal's results carry Daraja's own OriginatorConversationID: match on that.
          ...(accepted.originatorConversationId
            ? { originator_conversation_id: accepted.originatorConversationId }
            : {}),
        }),
      );
    } catch (error) {
      const message =
        error instanceof DarajaRejectedError
          ? `M-Pesa refused the refund: ${error.message}`
          : error instanceof DarajaUnavailableError
            ? 'M-Pesa did not answer; nothing was refunded. Try again in a minute.'
            : null;
      if (!message) throw error;
      await this.tenantDb.run(ctx, async (trx) => {
        await this.repository.updateRefund(trx, refundId, {
          status: 'failed',
          result_desc: message,
          resolved_at: new Date(),
        });
        await this.audit.record(trx, ctx, {
          actor: { type: 'user', id: userId },
          action: 'refund.failed',
          entity: { type: 'refund', id: refundId },
          after: { message },
        });
      });
      throw new ApiError(502, 'payment_provider_unavailable', message, { reason: 'refund_not_sent', refundId });
    }
    return this.tenantDb.run(ctx, async (trx) => toRefund(await this.repository.refundById(trx, refundId)));
  }

  /** Daraja's Result for a reversal / B2C (or its queue timeout), inside the callback's transaction. */
  async applyResultWithin(
    trx: TenantTransaction,
    ctx: RequestContext,
    result: RefundResult,
    queueTimeout: boolean,
    owed: { tenantId: string; orderId: string; kind: string }[],
  ): Promise<{ outcome: string; flagged: boolean; detail?: Record<string, unknown> }> {
    const refund = await this.repository.refundByConversation(
      trx,
      result.originatorConversationId,
      result.conversationId,
    );
    if (!refund)
      return {
        outcome: 'unknown_refund',
        flagged: true,
        detail: { originatorConversationId: result.originatorConversationId },
      };
    if (refund.status === 'completed') return { outcome: 'duplicate', flagged: false };
    const system = { type: 'system' as const, id: 'mpesa' };
    if (queueTimeout || result.resultCode !== '0') {
      if (refund.status === 'failed') return { outcome: 'duplicate', flagged: false };
      await this.repository.updateRefund(trx, refund.id, {
        status: 'failed',
        result_code: result.resultCode,
        result_desc: queueTimeout ? `queue timeout: ${result.resultDesc}` : result.resultDesc,
        resolved_at: new Date(),
      });
      await this.audit.record(trx, ctx, {
        actor: system,
        action: 'refund.failed',
        entity: { type: 'refund', id: refund.id },
        before: { status: refund.status },
        after: { status: 'failed', resultCode: result.resultCode, resultDesc: result.resultDesc, queueTimeout },
      });
      return { outcome: 'refund_failed', flagged: false, detail: { resultCode: result.resultCode } };
    }
    // A success after we had marked it failed (say a queue timeout, then the result) still counts.
    await this.repository.updateRefund(trx, refund.id, {
      status: 'completed',
      result_code: '0',
      result_desc: result.resultDesc,
      transaction_id: result.transactionId,
      resolved_at: new Date(),
    });
    const payment = (await this.repository.lock(trx, refund.payment_id))!;
    const refunded = payment.refunded_kes + refund.amount_kes;
    const full = refunded >= (payment.paid_amount_kes ?? payment.amount_kes);
    await this.repository.update(trx, payment.id, { refunded_kes: refunded, ...(full ? { status: 'refunded' } : {}) });
    const order = await this.orders.lockWithin(trx, { id: refund.order_id });
    if (full && payment.counts_for_order && order.status !== 'refunded' && order.status !== 'cancelled') {
      await this.orders.transitionWithin(trx, ctx, order.id, 'refunded', system, {
        refundId: refund.id,
        transactionId: result.transactionId,
        amountKes: refund.amount_kes,
      });
    }
    await this.audit.record(trx, ctx, {
      actor: system,
      action: 'refund.completed',
      entity: { type: 'refund', id: refund.id },
      before: { status: refund.status, paymentRefundedKes: payment.refunded_kes },
      after: {
        status: 'completed',
        transactionId: result.transactionId,
        paymentRefundedKes: refunded,
        orderNumber: order.number,
        full,
      },
    });
    const kind = full ? 'order_refunded' : 'order_partly_refunded';
    if (
      await this.repository.owe(trx, ctx.tenantId, order.id, kind, {
        refundId: refund.id,
        amountKes: refund.amount_kes,
      })
    ) {
      owed.push({ tenantId: ctx.tenantId, orderId: order.id, kind });
    }
    this.logger.info(
      { tenant_id: ctx.tenantId, refund_id: refund.id, amount_kes: refund.amount_kes },
      'refund completed',
    );
    return { outcome: 'refund_completed', flagged: false, detail: { refundId: refund.id } };
  }

  async forOrder(trx: TenantTransaction, orderId: string): Promise<Refund[]> {
    return (await this.repository.refundsForOrder(trx, orderId)).map(toRefund);
  }
}
