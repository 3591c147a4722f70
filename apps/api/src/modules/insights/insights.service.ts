import { Injectable } from '@nestjs/common';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { addDays, nairobiDay } from '@sokoni/contracts';
import { PERIOD_DAYS, periodWindow, type Period } from './dates';
import { InsightsRepository } from './insights.repository';
import { runRules, type InsightRule, RULES } from './rules';
import type { RequestContext } from '../../platform/request-context';
import type { TenantTransaction } from '@sokoni/db';
import { MetricSnapshotMetrics } from './metric-snapshot.metrics';
import { MetricSnapshotsRepository, type SnapshotHit } from './metric-snapshots.repository';

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
    private readonly snapshots: MetricSnapshotsRepository,
    private readonly snapshotMetrics: MetricSnapshotMetrics,
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

  /**
   * The dashboard's charts and totals for the window ending yesterday. Answered from the store's
   * snapshot (migration 0050) when it was computed at the store's current generation of the
   * daily tables: one statement, which also reads the current product titles and area names.
   * Otherwise computed from the daily tables and stored under the generation read first, all in
   * one transaction (ARCHITECTURE.md, "Database": the dashboard metrics snapshot).
   */
  async metrics(ctx: RequestContext, period: Period) {
    const window = periodWindow(period);
    const { answer, hit } = await this.tenantDb.run(ctx, async (trx) => {
      const stored = await this.snapshots.read<MetricsAnswer>(trx, ctx.tenantId, period, window.to);
      if (stored.hit) return { answer: withCurrentNames(stored.hit), hit: true };
      const computed = await this.computeMetrics(trx, ctx.tenantId, period, window);
      await this.snapshots.save(trx, ctx.tenantId, {
        period,
        windowTo: window.to,
        generation: stored.generation,
        data: computed.answer,
        topProductIds: computed.topProductIds,
        areaSlugs: computed.answer.areas.map((a) => a.slug),
      });
      return { answer: computed.answer, hit: false };
    });
    this.snapshotMetrics.reads.inc({ result: hit ? 'hit' : 'miss' });
    return answer;
  }

  private async computeMetrics(
    trx: TenantTransaction,
    tenantId: string,
    period: Period,
    window: { from: string; to: string },
  ) {
    // A day's chart shows the last 7 days, so there is a line to look at.
    const from = period === 'day' ? addDays(window.to, -6) : window.from;
    const data = await this.repository.metrics(trx, tenantId, from, window.to);
    const totalsWindow = period === 'day' ? await this.repository.metrics(trx, tenantId, window.from, window.to) : data;
    const w = Object.fromEntries(Object.entries(totalsWindow.totals).map(([k, v]) => [k, Number(v ?? 0)])) as Record<
      string,
      number
    >;
    const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);
    const answer = {
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
    return { answer, topProductIds: totalsWindow.topProductIds };
  }
}

type MetricsAnswer = Awaited<ReturnType<InsightsService['computeMetrics']>>['answer'];

/**
 * A stored answer with the titles and area names of now, as a fresh computation would show them
 * (a product that is gone shows its slug, an unknown area its slug). Assigning keeps each
 * object's key order, so the body is byte-for-byte what a computation would send.
 */
function withCurrentNames(hit: SnapshotHit<MetricsAnswer>): MetricsAnswer {
  const { data } = hit;
  data.topProducts.forEach((p, i) => {
    const id = hit.topProductIds[i];
    p.title = (id !== undefined ? hit.titles[id] : undefined) ?? p.slug;
  });
  data.areas.forEach((a) => {
    a.name = hit.areaNames[a.slug] ?? a.slug;
  });
  return data;
}
