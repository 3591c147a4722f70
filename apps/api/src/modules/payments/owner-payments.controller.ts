import { Body, Controller, Param, Query, UseGuards } from '@nestjs/common';
import { mpesaSettingsInputSchema, reconciliationDaySchema, refundRequestSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPost, OwnerPut } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { OrdersService } from '../orders/orders.service';
import { MpesaSettingsService } from './mpesa-settings.service';
import { toPayment } from './payment-view';
import { PaymentsRepository } from './payments.repository';
import { ReconciliationService } from './reconciliation.service';
import { RefundsService } from './refunds.service';
import type { RequestContext } from '../../platform/request-context';
import { EtimsOwnerService } from '../etims/etims-owner.service';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const numberParams = z.object({ number: z.coerce.number().int().min(1).max(2_000_000_000) });
const dayParams = z.object({ day: reconciliationDaySchema });
const recentQuery = z.object({ limit: z.coerce.number().int().min(1).max(90).default(14) });
const runQuery = z.object({
  day: reconciliationDaySchema.optional(),
});

/** The owner's M-Pesa: settings (secrets in, never out), payments and refunds of an order, the daily report. */
@Controller('v1/owner')
@UseGuards(OwnerAuthGuard)
export class OwnerPaymentsController {
  constructor(
    private readonly settings: MpesaSettingsService,
    private readonly refunds: RefundsService,
    private readonly reconciliation: ReconciliationService,
    private readonly orders: OrdersService,
    private readonly repository: PaymentsRepository,
    private readonly tenantDb: TenantDb,
    private readonly etims: EtimsOwnerService,
  ) {}

  @OwnerGet('settings/mpesa', 'settings.mpesa')
  async getSettings(@Ctx() ctx: RequestContext) {
    return { settings: await this.settings.view(ctx) };
  }

  @OwnerPut('settings/mpesa', 'settings.mpesa')
  @ApiDoc({ body: mpesaSettingsInputSchema })
  async saveSettings(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const input = parseInput(mpesaSettingsInputSchema, body, 'body');
    return this.settings.save(ctx, input, ctx.owner.userId);
  }

  @OwnerPost('settings/mpesa/test', 'settings.mpesa', 200)
  async testConnection(@Ctx() ctx: RequestContext) {
    return this.settings.testConnection(ctx);
  }

  @OwnerGet('orders/:number/payments', 'orders.read')
  @ApiDoc({ params: numberParams })
  async orderPayments(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.findWithin(trx, number);
      const payments = await this.repository.forOrder(trx, order.id);
      return {
        payments: payments.map((p) => ({
          ...toPayment(p, null),
          flags: p.flags,
          countsForOrder: p.counts_for_order,
          refundedKes: p.refunded_kes,
          checkoutRequestId: p.checkout_request_id,
        })),
        refunds: await this.refunds.forOrder(trx, order.id),
      };
    });
  }

  @OwnerPost('orders/:number/refunds', 'orders.refund')
  @ApiDoc({ params: numberParams, body: refundRequestSchema })
  async refund(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { number } = parseInput(numberParams, params, 'params');
    const input = parseInput(refundRequestSchema, body, 'body');
    return { refund: await this.refunds.request(ctx, number, input, ctx.owner.userId) };
  }

  @OwnerPost('payments/reconciliation', 'audit.read', 200)
  @ApiDoc({ query: runQuery })
  async runReconciliation(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { day } = parseInput(runQuery, query, 'query');
    const theDay = day ?? ReconciliationService.yesterday();
    // The day's paid orders without an accepted KRA eTIMS invoice (empty when the store has eTIMS off).
    return { report: await this.reconciliation.run(ctx, theDay), etims: await this.etims.unfiscalised(ctx, theDay) };
  }

  /** The days that have a report, newest first: the reconciliation page's list of recent days. */
  @OwnerGet('payments/reconciliation', 'audit.read')
  @ApiDoc({ query: recentQuery })
  async recentReconciliations(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { limit } = parseInput(recentQuery, query, 'query');
    return { days: await this.reconciliation.recent(ctx, limit) };
  }

  @OwnerGet('payments/reconciliation/:day', 'audit.read')
  @ApiDoc({ params: dayParams })
  async storedReconciliation(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { day } = parseInput(dayParams, params, 'params');
    const report = await this.reconciliation.stored(ctx, day);
    if (!report) throw ApiError.notFound('not_found', `No reconciliation report for ${day} yet`);
    return { report, etims: await this.etims.unfiscalised(ctx, day) };
  }
}
