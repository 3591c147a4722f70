import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { currentTraceparent } from '../../platform/trace-context';
import { DarajaClient, DarajaRejectedError, DarajaUnavailableError } from './daraja/daraja-client';
import { DARAJA } from './daraja/daraja.provider';
import { MpesaSettingsService, type StoreMpesa } from './mpesa-settings.service';
import { PaymentMetrics } from './payment-metrics';
import { PaymentSettlement } from './payment-settlement.service';
import { PaymentsRepository, type PaymentRow } from './payments.repository';
import { StkQueryScheduler } from './stk-query-scheduler.service';
import type { RequestContext } from '../../platform/request-context';

/**
 * Sends the PIN prompt for an attempt already committed as `initiating` (never inside a
 * transaction) and records Daraja's answer: accepted -> pending with its first STK Query
 * queued; refused or unreachable -> failed through PaymentSettlement.
 */
@Injectable()
export class StkPushService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly settings: MpesaSettingsService,
    private readonly settlement: PaymentSettlement,
    private readonly schedule: StkQueryScheduler,
    private readonly tenantDb: TenantDb,
    private readonly metrics: PaymentMetrics,
    @Inject(DARAJA) private readonly daraja: DarajaClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async push(ctx: RequestContext, mpesa: StoreMpesa, payment: PaymentRow, orderNumber: number): Promise<PaymentRow> {
    const urls = this.settings.callbackUrls(mpesa.settings.callback_secret);
    try {
      const accepted = await this.daraja.stkPush(mpesa.credentials, {
        businessShortCode: mpesa.settings.shortcode,
        transactionType: mpesa.transactionType,
        amount: payment.amount_kes,
        phone: payment.phone,
        partyB: mpesa.partyB,
        callBackUrl: urls.stk,
        accountReference: String(orderNumber),
        transactionDesc: `Order ${orderNumber}`,
      });
      this.metrics.stkRequests.inc({ outcome: 'accepted' });
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.update(trx, payment.id, {
          status: 'pending',
          checkout_request_id: accepted.checkoutRequestId,
          merchant_request_id: accepted.merchantRequestId,
          next_query_at: this.schedule.firstQueryAt(),
          query_attempts: 1,
          // The callback (a trace of its own, later) links back to this one.
          trace_parent: currentTraceparent(),
        }),
      );
      await this.schedule
        .schedule(ctx, payment.id, 1, false)
        .catch((error: unknown) =>
          this.logger.warn({ err: error, payment_id: payment.id }, 'could not queue the STK query; the sweeper will'),
        );
    } catch (error) {
      if (!(error instanceof DarajaRejectedError) && !(error instanceof DarajaUnavailableError)) throw error;
      const rejected = error instanceof DarajaRejectedError;
      this.metrics.stkRequests.inc({ outcome: rejected ? 'rejected' : 'unavailable' });
      this.logger.warn({ err: error, payment_id: payment.id, tenant_id: ctx.tenantId }, 'STK push not accepted');
      const { resultCode, flags } = rejectionCode(error);
      await this.tenantDb.run(ctx, async (trx) => {
        const locked = (await this.repository.lock(trx, payment.id))!;
        await this.settlement.failWithin(trx, ctx, locked, resultCode, error.message, flags);
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
    return (await this.tenantDb.run(ctx, (trx) => this.repository.byId(trx, payment.id)))!;
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
