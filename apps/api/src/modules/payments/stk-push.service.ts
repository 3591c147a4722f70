import { Injectable } from '@nestjs/common';
import { ApiError } from '../../platform/api-error';
import { currentTraceparent } from '../../platform/trace-context';
import { DarajaRejectedError, DarajaUnavailableError, type StkPushAccepted } from './daraja/daraja-client';
import type { StoreMpesa } from './mpesa-settings.service';
import type { PaymentRow } from './payments.repository';
import type { RequestContext } from '../../platform/request-context';
import { StkKit } from './stk-kit';

/** Tries to record an accepted push (250 ms doubling: ~8 s in all) before the request fails. */
const RECORD_ACCEPTED_ATTEMPTS = 6;

/**
 * Sends the PIN prompt for an attempt already committed as `initiating` (never inside a
 * transaction) and records Daraja's answer: accepted -> pending with its first STK Query
 * queued; refused or unreachable -> failed through PaymentSettlement.
 */
@Injectable()
export class StkPushService {
  constructor(private readonly kit: StkKit) {}

  async push(ctx: RequestContext, mpesa: StoreMpesa, payment: PaymentRow, orderNumber: number): Promise<PaymentRow> {
    const urls = this.kit.settings.callbackUrls(mpesa.settings.callback_secret);
    let accepted: StkPushAccepted;
    try {
      accepted = await this.kit.daraja.stkPush(mpesa.credentials, {
        businessShortCode: mpesa.settings.shortcode,
        transactionType: mpesa.transactionType,
        amount: payment.amount_kes,
        phone: payment.phone,
        partyB: mpesa.partyB,
        callBackUrl: urls.stk,
        accountReference: String(orderNumber),
        transactionDesc: `Order ${orderNumber}`,
      });
    } catch (error) {
      if (!(error instanceof DarajaRejectedError) && !(error instanceof DarajaUnavailableError)) throw error;
      await this.recordRefusal(ctx, payment, error);
      return (await this.kit.tenantDb.run(ctx, (trx) => this.kit.repository.byId(trx, payment.id)))!;
    }
    this.kit.metrics.stkRequests.inc({ outcome: 'accepted' });
    await this.recordAccepted(ctx, payment, accepted);
    await this.kit.schedule
      .schedule(ctx, payment.id, 1, false)
      .catch((error: unknown) =>
        this.kit.logger.warn({ err: error, payment_id: payment.id }, 'could not queue the STK query; the sweeper will'),
      );
    return (await this.kit.tenantDb.run(ctx, (trx) => this.kit.repository.byId(trx, payment.id)))!;
  }

  /**
   * Daraja took the push: the shopper's phone is asking for the PIN, so its CheckoutRequestID
   * must reach the row, or the callback (and the money) finds no payment (a "lost payment" in
   * bench:checkout when the pool was exhausted for 5 s under a burst). The update is idempotent,
   * so it is retried for a while before the request gives up.
   */
  private async recordAccepted(ctx: RequestContext, payment: PaymentRow, accepted: StkPushAccepted): Promise<void> {
    const traceParent = currentTraceparent();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.kit.tenantDb.run(ctx, (trx) =>
          this.kit.repository.update(trx, payment.id, {
            status: 'pending',
            checkout_request_id: accepted.checkoutRequestId,
            merchant_request_id: accepted.merchantRequestId,
            next_query_at: this.kit.schedule.firstQueryAt(),
            query_attempts: 1,
            // The callback (a trace of its own, later) links back to this one.
            trace_parent: traceParent,
          }),
        );
        return;
      } catch (error) {
        if (attempt >= RECORD_ACCEPTED_ATTEMPTS) throw error;
        this.kit.logger.warn(
          { err: error, payment_id: payment.id, attempt },
          'could not record an accepted STK push yet: retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
      }
    }
  }

  private async recordRefusal(
    ctx: RequestContext,
    payment: PaymentRow,
    error: DarajaRejectedError | DarajaUnavailableError,
  ): Promise<void> {
    const rejected = error instanceof DarajaRejectedError;
    this.kit.metrics.stkRequests.inc({ outcome: rejected ? 'rejected' : 'unavailable' });
    this.kit.logger.warn({ err: error, payment_id: payment.id, tenant_id: ctx.tenantId }, 'STK push not accepted');
    const { resultCode, flags } = rejectionCode(error);
    await this.kit.tenantDb.run(ctx, async (trx) => {
      const locked = (await this.kit.repository.lock(trx, payment.id))!;
      await this.kit.settlement.failWithin(trx, ctx, locked, resultCode, error.message, flags);
    });
    if (!rejected) {
      throw new ApiError(
        503,
        'payment_provider_unavailable',
        'M-Pesa is not answering right now, so no payment request was sent. Try again in a minute, or finish on WhatsApp.',
        { reason: 'daraja_unavailable', paymentId: payment.id },
      );
    }
  }
}

/** A refused push in ResultCode terms, so the shopper sees the right words. */
function rejectionCode(error: DarajaRejectedError | DarajaUnavailableError): { resultCode: string; flags: string[] } {
  if (error instanceof DarajaUnavailableError) return { resultCode: '1025', flags: ['push_unconfirmed'] };
  if (/lock subscriber|already in process/i.test(error.message)) return { resultCode: '1001', flags: [] };
  if (/spike arrest|quota/i.test(error.message) || error.errorCode.startsWith('500.003'))
    return { resultCode: '1025', flags: ['rate_limited'] };
  // Credentials, shortcode, passkey or our own request are wrong: the shop must fix its setup.
  return { resultCode: '2028', flags: ['merchant_setup'] };
}
