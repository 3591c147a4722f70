import { Injectable } from '@nestjs/common';
import { PHONE_FORMAT_HINT, normaliseKenyanPhone } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { isPayable, paymentStateOf } from '../orders/order-status';
import { OrdersService } from '../orders/orders.service';
import { PaymentsRepository, type PaymentRow } from './payments.repository';
import { StkQueryScheduler } from './stk-query-scheduler.service';
import type { RequestContext } from '../../platform/request-context';

/** An STK push Daraja never answered (we crashed, or it timed out) is given up after this. */
const INITIATION_GRACE_MS = 2 * 60_000;

export type OpenedAttempt =
  { payment: PaymentRow; created: false } | { payment: PaymentRow; created: true; orderNumber: number };

/**
 * Opening an STK attempt in the database, committed as `initiating` before Daraja is called
 * (a crash mid-call leaves evidence the sweeper settles): the order must be payable, the same
 * Idempotency-Key returns its attempt, and an attempt already open for the order is returned
 * instead of a second one.
 */
@Injectable()
export class PaymentAttemptsService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly orders: OrdersService,
    private readonly audit: AuditService,
    private readonly schedule: StkQueryScheduler,
    private readonly tenantDb: TenantDb,
  ) {}

  /** The attempt for this key or order, or a new one; null when a concurrent request won the race to open one. */
  async open(
    ctx: RequestContext,
    orderId: string,
    idempotencyKey: string,
    phoneInput: string | undefined,
  ): Promise<OpenedAttempt | null> {
    return this.tenantDb
      .run(ctx, async (trx): Promise<OpenedAttempt> => {
        const order = await this.orders.lockWithin(trx, { id: orderId });
        const existing = await this.repository.byIdempotencyKey(trx, idempotencyKey);
        if (existing) {
          if (existing.order_id !== orderId)
            throw new ApiError(409, 'conflict', 'This Idempotency-Key was already used for another order', {
              reason: 'idempotency_key_reused',
            });
          return { payment: existing, created: false };
        }
        // Pay on delivery: an M-Pesa prompt at the door is an ordinary attempt (order-status.ts).
        if (!isPayable(order.status, paymentStateOf(order))) {
          const why =
            order.status === 'cancelled'
              ? 'This order was cancelled (its items were held for 15 minutes). Place it again to pay.'
              : `Order #${order.number} is already paid.`;
          throw new ApiError(409, 'conflict', why, { reason: 'order_not_payable', status: order.status });
        }
        const active = await this.repository.activeForOrder(trx, orderId);
        if (active) return { payment: active, created: false };
        const phone = phoneInput === undefined ? order.phone : normaliseKenyanPhone(phoneInput);
        if (!phone)
          throw new ApiError(400, 'validation_failed', `Enter ${PHONE_FORMAT_HINT}`, { where: 'body', field: 'phone' });
        const id = await this.repository.insert(trx, {
          tenant_id: ctx.tenantId,
          order_id: orderId,
          method: 'stk',
          status: 'initiating',
          amount_kes: order.total_kes,
          phone,
          idempotency_key: idempotencyKey,
          next_query_at: new Date(Date.now() + INITIATION_GRACE_MS),
        });
        await this.orders.extendReservationWithin(trx, orderId, new Date(Date.now() + this.schedule.holdWindowMs()));
        await this.audit.record(trx, ctx, {
          actor: { type: 'shopper', id: phone },
          action: 'payment.started',
          entity: { type: 'payment', id },
          after: { orderId, orderNumber: order.number, amountKes: order.total_kes, method: 'stk' },
        });
        return { payment: (await this.repository.byId(trx, id))!, created: true, orderNumber: order.number };
      })
      .catch((error: unknown) => {
        // Two taps, two keys, same instant: the index lets one in; the other gets the winner's attempt.
        if ((error as { constraint?: string }).constraint === 'payments_one_active_per_order') return null;
        throw error;
      });
  }

  /** The attempt that won the race `open` lost. */
  async winnerOfRace(ctx: RequestContext, orderId: string): Promise<PaymentRow> {
    const active = await this.tenantDb.run(ctx, (trx) => this.repository.activeForOrder(trx, orderId));
    if (!active)
      throw new ApiError(409, 'conflict', 'Another payment attempt just finished for this order: refresh to see it', {
        reason: 'payment_race',
      });
    return active;
  }
}
