import { Injectable } from '@nestjs/common';
import type { Payment } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { OrdersService } from '../orders/orders.service';
import { MpesaSettingsService } from './mpesa-settings.service';
import { PaymentSettlement } from './payment-settlement.service';
import { manualPayment, toPayment } from './payment-view';
import { PaymentsRepository } from './payments.repository';
import type { RequestContext } from '../../platform/request-context';

/**
 * "I paid by hand, here is my code": accepted only when a C2B confirmation with that code
 * reached this store, is unclaimed, and is for this order's amount. Never on the code alone.
 */
@Injectable()
export class PaymentCodeConfirmationService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly orders: OrdersService,
    private readonly settings: MpesaSettingsService,
    private readonly settlement: PaymentSettlement,
    private readonly tenantDb: TenantDb,
  ) {}

  async confirmCode(ctx: RequestContext, orderId: string, code: string): Promise<Payment> {
    const mpesa = await this.settings.load(ctx);
    const owed: { tenantId: string; orderId: string; kind: string }[] = [];
    const payment = await this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.lockWithin(trx, { id: orderId });
      const c2b = await this.repository.lockC2b(trx, code);
      if (!c2b) {
        throw new ApiError(
          409,
          'conflict',
          `We have not received an M-Pesa payment with code ${code} yet. Check the code in your SMS; if you just paid, wait a minute and try again.`,
          { reason: 'code_not_found', field: 'code' },
        );
      }
      if (c2b.matched_payment_id) {
        const matched = await this.repository.byId(trx, c2b.matched_payment_id);
        if (matched?.order_id === orderId) return matched;
        throw new ApiError(409, 'conflict', `The payment ${code} is already linked to another order.`, {
          reason: 'code_used',
          field: 'code',
        });
      }
      if (c2b.amount_kes !== order.total_kes) {
        throw new ApiError(
          409,
          'conflict',
          `The payment ${code} was for KES ${c2b.amount_kes}, but this order is KES ${order.total_kes}. Contact the shop to sort it out.`,
          { reason: 'amount_mismatch', field: 'code' },
        );
      }
      if (order.status !== 'pending_payment' && order.status !== 'cancelled') {
        throw new ApiError(409, 'conflict', `Order #${order.number} is already paid.`, {
          reason: 'order_not_payable',
          status: order.status,
        });
      }
      return this.settlement.settleFromC2b(trx, ctx, orderId, c2b, owed);
    });
    await this.settlement.notify(owed);
    return toPayment(payment, manualPayment(mpesa, payment.amount_kes, null));
  }
}
