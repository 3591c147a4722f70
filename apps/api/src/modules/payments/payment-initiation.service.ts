import { Inject, Injectable } from '@nestjs/common';
import type { Payment, StartPayment } from '@sokoni/contracts';
import type { Redis } from 'ioredis';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import { REDIS } from '../../platform/tokens';
import { MpesaSettingsService } from './mpesa-settings.service';
import { PaymentAttemptsService } from './payment-attempts.service';
import { PaymentStatusService } from './payment-status.service';
import { manualPayment, toPayment } from './payment-view';
import { StkPushService } from './stk-push.service';
import type { RequestContext } from '../../platform/request-context';

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * The shopper pressing Pay: open the attempt (PaymentAttemptsService), send the PIN prompt
 * (StkPushService), and remember the Idempotency-Key's attempt so a retried request is answered
 * without touching the order.
 */
@Injectable()
export class PaymentInitiationService {
  constructor(
    private readonly attempts: PaymentAttemptsService,
    private readonly stkPush: StkPushService,
    private readonly status: PaymentStatusService,
    private readonly settings: MpesaSettingsService,
    private readonly keys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /**
   * Sends the PIN prompt. The same Idempotency-Key returns the same attempt; while an attempt is
   * open for the order, every request gets that one (the partial unique index makes it so even
   * across replicas): a double tap on Pay can never send two prompts.
   */
  async start(
    ctx: RequestContext,
    orderId: string,
    idempotencyKey: string,
    input: StartPayment,
  ): Promise<{ payment: Payment; created: boolean }> {
    const idemKey = this.keys.tenant(ctx.tenantId, 'idempotency', 'payment', idempotencyKey);
    const known = await this.redis.get(idemKey);
    if (known) return { payment: await this.status.view(ctx, orderId, known), created: false };

    const mpesa = await this.settings.load(ctx);
    if (!mpesa)
      throw new ApiError(
        409,
        'conflict',
        'This shop takes M-Pesa by hand only: pay to their till or paybill, or finish on WhatsApp',
        { reason: 'mpesa_not_configured' },
      );
    const opened = await this.attempts.open(ctx, orderId, idempotencyKey, input.phone);
    if (!opened) {
      const active = await this.attempts.winnerOfRace(ctx, orderId);
      return { payment: toPayment(active, manualPayment(mpesa, active.amount_kes, null)), created: false };
    }
    if (!opened.created) {
      await this.redis.set(idemKey, opened.payment.id, 'EX', IDEMPOTENCY_TTL_SECONDS);
      return { payment: await this.status.view(ctx, orderId, opened.payment.id), created: false };
    }
    const payment = await this.stkPush.push(ctx, mpesa, opened.payment, opened.orderNumber);
    await this.redis.set(idemKey, payment.id, 'EX', IDEMPOTENCY_TTL_SECONDS);
    return { payment: toPayment(payment, manualPayment(mpesa, payment.amount_kes, opened.orderNumber)), created: true };
  }
}
