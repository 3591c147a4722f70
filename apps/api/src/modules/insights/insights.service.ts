import { Injectable } from '@nestjs/common';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { addDays, nairobiDay } from '@sokoni/contracts';
import { PERIOD_DAYS, periodWindow, type Period } from './dates';
import { InsightsRepository } from './insights.repository';
import { runRules, type InsightRule, RULES } from './rules';
import type { RequestContext } from '../../platform/request-context';

/** Cards older than this are regenerated on read (the nightly job normally does it first). */
export const STALE_AFTER_MS = 24 * 3600_000;

/** The bucket a card's key is scoped to: the day, the week (7-day block) or the month of the window's end. */
export function periodBucket(period: Period, windowEnd: string): string {
  if (period === 'day') return windowEnd;
  if (period === 'month') return windowEnd.slice(0, 7);
  return `w${Math.floor(Date.parse(`${windowEnd}T00:00:00Z`) / (7 * 86400_000))}`;
}

@Injectable()
export class InsightsService {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: InsightsRepository,
  ) {}

  /** Runs the rules over the aggregates and stores at most 5 cards for the period. */
  async generate(
    ctx: RequestContext,
    period: Period,
    options: { today?: string; rules?: readonly InsightRule[] } = {},
  ) {
    const window = periodWindow(period, options.today ?? nairobiDay());
    return this.tenantDb.run(ctx, async (trx) => {
      const facts = await this.repository.ruleContext(
        trx,
        ctx.tenantId,
        period,
        window,
        periodBucket(period, window.to),
      );
      const cards = runRules(facts, options.rules ?? RULES);
      // A card lives until the next window would replace it, plus a day's grace for the nightly job.
      const expiresAt = new Date(Date.parse(`${addDays(window.to, PERIOD_DAYS[period] + 2)}T00:00:00Z`));
      await this.repository.saveCards(trx, ctx.tenantId, period, cards, expiresAt);
      return { period, window, cards: cards.length };
    });
  }

  async list(ctx: RequestContext, period: Period) {
    let generatedAt = await this.tenantDb.run(ctx, (trx) => this.repository.lastRun(trx, ctx.tenantId, period));
    if (!generatedAt || Date.now() - generatedAt.getTime() > STALE_AFTER_MS) {
      await this.generate(ctx, period);
      generatedAt = new Date();
    }
    const cards = await this.tenantDb.run(ctx, (trx) => this.repository.activeCards(trx, ctx.tenantId, period));
    return { period, window: periodWindow(period), generatedAt: generatedAt.toISOString(), cards };
  }

  async dismiss(ctx: RequestContext, id: string, userId: string) {
    const result = await this.tenantDb.run(ctx, (trx) => this.repository.dismiss(trx, ctx.tenantId, id, userId));
    if (result === 'missing') throw ApiError.notFound('not_found', 'No such insight card', { id });
    return { id, dismissed: true, alreadyDismissed: result === 'already' };
  }

  async metrics(ctx: RequestContext, period: Period) {
    const window = periodWindow(period);
    // A day's chart shows the last 7 days, so there is a line to look at.
    const from = period === 'day' ? addDays(window.to, -6) : window.from;
    const data = await this.tenantDb.run(ctx, (trx) => this.repository.metrics(trx, ctx.tenantId, from, window.to));
    const totalsWindow =
      period === 'day'
        ? await this.tenantDb.run(ctx, (trx) => this.repository.metrics(trx, ctx.tenantId, window.from, window.to))
        : data;
    const w = Object.fromEntries(Object.entries(totalsWindow.totals).map(([k, v]) => [k, Number(v ?? 0)])) as Record<
      string,
      number
    >;
    const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);
    return {
      period,
      window: { from: window.from, to: window.to },
      chartFrom: from,
      totals: {
        revenueKes: w.revenue_kes ?? 0,
        refundedKes: w.refunded_kes ?? 0,
        orders: w.orders ?? 0,
        paidOrders: w.paid_orders ?? 0,
        unitsSold: w.units_sold ?? 0,
        sessions: w.sessions ?? 0,
        averageOrderKes: (w.paid_orders ?? 0) > 0 ? Math.round((w.revenue_kes ?? 0) / w.paid_orders!) : null,
      },
      revenue: data.series,
      funnel: {
        sessions: w.sessions ?? 0,
        views: w.view_sessions ?? 0,
        carts: w.cart_sessions ?? 0,
        checkouts: w.checkout_sessions ?? 0,
        paid: w.paid_orders ?? 0,
        checkoutToPaidPct: rate(w.paid_orders ?? 0, w.checkout_sessions ?? 0),
        sessionToPaidPct: rate(w.paid_orders ?? 0, w.sessions ?? 0),
      },
      topProducts: totalsWindow.topProducts,
      areas: totalsWindow.areas,
      channels: totalsWindow.channels,
      mpesa: {
        attempts: w.stk_attempts ?? 0,
        paid: w.stk_paid ?? 0,
        cancelled: w.stk_cancelled ?? 0,
        timeout: w.stk_timeout ?? 0,
        failed: w.stk_failed ?? 0,
        successRatePct: rate(w.stk_paid ?? 0, w.stk_attempts ?? 0),
      },
    };
  }
}
