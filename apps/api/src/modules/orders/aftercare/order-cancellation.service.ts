import { Inject, Injectable } from '@nestjs/common';
import { can, type CancelOrderResult } from '@sokoni/contracts';
import type { Logger } from 'pino';
import { ApiError } from '../../../platform/api-error';
import { TenantDb } from '../../../platform/tenant-db';
import { LOGGER } from '../../../platform/tokens';
import type { RequestContext } from '../../../platform/request-context';
import { assertSessionLive, type ShopperSession } from '../../shoppers/shopper-session';
import { AuditService } from '../../audit/audit.service';
import { RefundsService } from '../../payments/refunds.service';
import { OrdersService, type Actor } from '../orders.service';
import { AftercareRepository } from './aftercare.repository';
import { cancelRefusal } from './order-tracking.service';

export type Canceller =
  { kind: 'shopper'; session: ShopperSession } | { kind: 'owner'; userId: string; role: Parameters<typeof can>[0] };

/**
 * Cancelling an order before it leaves the shop, by its shopper (phone-verified session) or the
 * owner, as ONE action: the status moves through the status machine (which gives the stock and
 * the coupon use back and owes the shopper the "cancelled" message, all in one transaction),
 * then whatever the shopper paid goes back through the refund service (reversal / B2C). If
 * M-Pesa cannot take the refund just now, the order stays cancelled and the refund is owed: the
 * owner's order page offers it again (a cancelled order stays refundable).
 */
@Injectable()
export class OrderCancellationService {
  constructor(
    private readonly repository: AftercareRepository,
    private readonly orders: OrdersService,
    private readonly refunds: RefundsService,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async cancel(
    ctx: RequestContext,
    ref: { id: string } | { number: number },
    who: Canceller,
    reason: string | undefined,
  ): Promise<CancelOrderResult> {
    const actor: Actor = who.kind === 'shopper' ? { type: 'shopper', id: null } : { type: 'user', id: who.userId };
    const { order, refundKes } = await this.tenantDb.run(ctx, async (trx) => {
      if (who.kind === 'shopper') await assertSessionLive(trx, who.session);
      const order = await this.orders.lockWithin(trx, ref).catch(() => null);
      // Another shopper's order is "no such order": nothing tells them it exists.
      if (!order || (who.kind === 'shopper' && order.phone !== who.session.phone))
        throw ApiError.notFound('not_found', 'No such order among yours', { field: 'orderId' });
      const refusal = cancelRefusal(order.number, order.status);
      if (refusal) throw new ApiError(409, 'conflict', refusal, { reason: 'not_cancellable', status: order.status });
      if (who.kind === 'owner' && order.status !== 'pending_payment' && !can(who.role, 'orders.refund'))
        throw new ApiError(
          403,
          'forbidden',
          'Only an owner or admin may cancel a paid order: it sends the money back',
          {
            permission: 'orders.refund',
          },
        );
      const { leftKes } = await this.repository.refundable(trx, order.id);
      const refundKes = order.status === 'pending_payment' ? 0 : leftKes;
      await this.orders.transitionWithin(trx, ctx, order.id, 'cancelled', actor, {
        ...(reason ? { reason } : {}),
        by: who.kind,
        amountKes: refundKes,
      });
      await this.audit.record(trx, ctx, {
        actor: who.kind === 'shopper' ? { type: 'shopper', id: null } : { type: 'user', id: who.userId },
        action: 'order.cancelled',
        entity: { type: 'order', id: order.id },
        before: { status: order.status },
        after: { status: 'cancelled', by: who.kind, reason: reason ?? null, refundKes },
      });
      return { order, refundKes };
    });

    const result: CancelOrderResult = {
      orderId: order.id,
      number: order.number,
      status: 'cancelled',
      refund: { status: 'none', amountKes: 0, message: null },
    };
    if (refundKes <= 0) return result;
    // Outside the transaction: the refund service calls Daraja, never inside one.
    const requestedBy = who.kind === 'shopper' ? `shopper:${who.session.phone}` : who.userId;
    try {
      const refund = await this.refunds.request(
        ctx,
        order.number,
        { amountKes: refundKes, reason: `Order cancelled${reason ? `: ${reason}` : ''}`.slice(0, 300) },
        requestedBy,
      );
      result.refund = { status: 'sent', amountKes: refund.amountKes, message: null };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.logger.warn(
        { order_id: order.id, details: error.details, err: error.message },
        'order cancelled; its refund is owed',
      );
      result.refund = {
        status: 'owed',
        amountKes: refundKes,
        message:
          who.kind === 'shopper'
            ? `Your order is cancelled. The shop will send your KES ${refundKes} back to your M-Pesa shortly.`
            : `Order cancelled, but the refund did not go: ${error.message}`,
      };
    }
    return result;
  }
}
