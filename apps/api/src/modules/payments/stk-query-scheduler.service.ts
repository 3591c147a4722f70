import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config/config';
import { RedisKeys } from '../../platform/redis';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, QUEUES, REDIS } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { OrdersService } from '../orders/orders.service';
import { PaymentsRepository, type PaymentRow } from './payments.repository';
import type { RequestContext } from '../../platform/request-context';

/** How often a shopper's status check may ask Daraja itself, per payment. */
const STATUS_QUERY_EVERY_SECONDS = 5;

/**
 * When an open STK push is asked about (STK Query): the backoff between query jobs, the last
 * attempt, how long the order's stock stays held meanwhile, and how often a shopper's status
 * check may ask Daraja directly.
 */
@Injectable()
export class StkQueryScheduler {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly orders: OrdersService,
    private readonly tenantDb: TenantDb,
    private readonly keys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Push to the last query's answer, plus a minute: how long the stock must stay held. */
  holdWindowMs(): number {
    return this.config.MPESA_QUERY_AFTER_MS * (2 ** this.config.MPESA_QUERY_MAX_ATTEMPTS - 1) + 60_000;
  }

  /** When the first query of a push Daraja accepted is due. */
  firstQueryAt(): Date {
    return new Date(Date.now() + this.config.MPESA_QUERY_AFTER_MS);
  }

  isLastAttempt(attempt: number): boolean {
    return attempt >= this.config.MPESA_QUERY_MAX_ATTEMPTS;
  }

  /** attempt n runs MPESA_QUERY_AFTER_MS * 2^(n-1) after the previous one. */
  async schedule(ctx: RequestContext, paymentId: string, attempt: number, bumpRow = true): Promise<void> {
    const delay = this.config.MPESA_QUERY_AFTER_MS * 2 ** (attempt - 1);
    if (bumpRow) {
      await this.tenantDb.run(ctx, async (trx) => {
        await this.repository.update(trx, paymentId, {
          next_query_at: new Date(Date.now() + delay),
          query_attempts: attempt,
        });
        const row = await this.repository.byId(trx, paymentId);
        if (row) await this.orders.extendReservationWithin(trx, row.order_id, new Date(Date.now() + delay + 60_000));
      });
    }
    await enqueue(
      this.queues.get('payments')!,
      'payment.query',
      ctx.tenantId,
      { paymentId, attempt },
      { delay, jobId: `query-${paymentId}-${attempt}` },
    );
  }

  /** The mismatch verification's next STK Query (payment.verify), same backoff as the query job. */
  async scheduleVerify(ctx: RequestContext, paymentId: string, attempt: number): Promise<void> {
    await enqueue(
      this.queues.get('payments')!,
      'payment.verify',
      ctx.tenantId,
      { paymentId, attempt },
      { delay: this.config.MPESA_QUERY_AFTER_MS * 2 ** (attempt - 2), jobId: `verify-${paymentId}-${attempt}` },
    );
  }

  /**
   * True when a shopper's status check should ask Daraja now: the prompt has been open a while
   * with no callback, and nobody asked about this payment in the last few seconds.
   */
  async claimStatusQuery(ctx: RequestContext, row: PaymentRow): Promise<boolean> {
    const age = Date.now() - new Date(row.created_at).getTime();
    if (row.status !== 'pending' || !row.checkout_request_id || age < this.config.MPESA_STATUS_QUERY_AFTER_MS)
      return false;
    const throttle = this.keys.tenant(ctx.tenantId, 'payment-status-query', row.id);
    return Boolean(await this.redis.set(throttle, '1', 'EX', STATUS_QUERY_EVERY_SECONDS, 'NX'));
  }
}
