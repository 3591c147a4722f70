import { Injectable } from '@nestjs/common';
import type { OrderPayments, Payment } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { OrdersService } from '../orders/orders.service';
import { MpesaSettingsService } from './mpesa-settings.service';
import { manualPayment, toPayment } from './payment-view';
import { PaymentsRepository } from './payments.repository';
import { StkQueryService } from './stk-query.service';
import type { RequestContext } from '../../platform/request-context';

/** The shopper watching their attempts: every attempt of an order, or one as it stands. */
@Injectable()
export class PaymentStatusService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly orders: OrdersService,
    private readonly settings: MpesaSettingsService,
    private readonly stkQueries: StkQueryService,
    private readonly tenantDb: TenantDb,
  ) {}

  /** Every attempt for the order, newest first, and where to pay by hand. */
  async list(ctx: RequestContext, orderId: string): Promise<OrderPayments> {
    const mpesa = await this.settings.load(ctx);
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.getWithin(trx, orderId);
      const manual = manualPayment(mpesa, order.totalKes, order.number);
      const rows = await this.repository.forOrder(trx, orderId);
      return { orderStatus: order.status, payments: rows.map((r) => toPayment(r, manual)), manual };
    });
  }

  /**
   * One attempt, as it stands. If its PIN prompt has been open a while with no callback, this
   * asks Daraja directly first (StkQueryService.queryOnStatusCheck).
   */
  async status(ctx: RequestContext, orderId: string, paymentId: string): Promise<Payment> {
    // A waiting shopper's page asks this every few hundred ms, so the usual answer is one
    // transaction with two statements (the attempt with its order's number, the store's M-Pesa).
    const { row, answer } = await this.answerFor(ctx, orderId, paymentId);
    // M-Pesa was asked and may have settled it: read it again.
    if (await this.stkQueries.queryOnStatusCheck(ctx, row)) return this.view(ctx, orderId, paymentId);
    return answer;
  }

  /** One attempt of this order as the shopper sees it (404 when it is another order's). */
  async view(ctx: RequestContext, orderId: string, paymentId: string): Promise<Payment> {
    return (await this.answerFor(ctx, orderId, paymentId)).answer;
  }

  private answerFor(ctx: RequestContext, orderId: string, paymentId: string) {
    return this.tenantDb.run(ctx, async (trx) => {
      const row = await this.repository.ofOrderWithNumber(trx, orderId, paymentId);
      if (!row) throw ApiError.notFound('not_found', 'No such payment for this order');
      const mpesa = await this.settings.loadWithin(trx, ctx);
      return { row, answer: toPayment(row, manualPayment(mpesa, row.amount_kes, row.order_number)) };
    });
  }
}
