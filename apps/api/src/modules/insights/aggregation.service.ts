import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { Logger } from 'pino';
import { TenantDb } from '../../platform/tenant-db';
import { DB, LOGGER } from '../../platform/tokens';
import { addDays, dayRange, nairobiDay } from '@sokoni/contracts';
import { InsightsRepository } from './insights.repository';
import type { RequestContext } from '../../platform/request-context';

/** Longest range one recompute call may cover (a quarter and a bit). */
export const MAX_RECOMPUTE_DAYS = 92;
/**
 * How far back the hourly job looks for days no job ever aggregated (worker down over a long
 * weekend, Redis flushed with its schedules): the month view and the 28-day baselines.
 */
export const CATCH_UP_DAYS = 35;

/**
 * The days the hourly job checks for missing aggregates, seen from Nairobi's `today`: the last
 * CATCH_UP_DAYS up to the day before yesterday (today and yesterday it recomputes every hour).
 */
export function catchUpWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -CATCH_UP_DAYS), to: addDays(today, -2) };
}

/**
 * aggregateDay(tenant, day): every daily table of that Nairobi day recomputed in one
 * transaction (DELETE + INSERT ... SELECT; events for traffic, orders/payments for money), so
 * it can be re-run for any past day and gives the same rows for the same data.
 */
@Injectable()
export class AggregationService {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: InsightsRepository,
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  aggregateDay(ctx: RequestContext, day: string) {
    return this.tenantDb.run(ctx, (trx) => this.repository.aggregateDay(trx, day));
  }

  /** Each day in its own transaction (a long range never holds one big lock set). */
  async aggregateRange(ctx: RequestContext, from: string, to: string): Promise<{ days: number; ms: number }> {
    const started = Date.now();
    const days = dayRange(from, to);
    for (const day of days) await this.aggregateDay(ctx, day);
    return { days: days.length, ms: Date.now() - started };
  }

  async acrossTenantsIds(): Promise<string[]> {
    return this.repository.analyticsTenants(this.db);
  }

  /**
   * Hourly: today so far and yesterday (late payments, refunds) for every store, and any earlier
   * day of the last CATCH_UP_DAYS that has no aggregate at all (every aggregated day has its
   * store row, even an empty one), so an outage heals itself within the hour.
   */
  async acrossTenantsHourly(
    ctx: RequestContext,
    now = new Date(),
  ): Promise<{ tenants: number; failed: number; caughtUp: number }> {
    const today = nairobiDay(now);
    let caughtUp = 0;
    const result = await this.acrossTenants(ctx, async (tenant) => {
      const { from, to } = catchUpWindow(today);
      const missing = await this.tenantDb.run(tenant, (trx) =>
        this.repository.daysWithoutAggregates(trx, tenant.tenantId, from, to),
      );
      for (const day of missing) await this.aggregateDay(tenant, day);
      if (missing.length)
        this.logger.warn({ tenant_id: tenant.tenantId, days: missing }, 'analytics: aggregated days no job had done');
      caughtUp += missing.length;
      await this.aggregateRange(tenant, addDays(today, -1), today);
    });
    return { ...result, caughtUp };
  }

  /** Nightly (00:15 Nairobi): yesterday, final. */
  async acrossTenantsNightly(ctx: RequestContext, now = new Date()): Promise<{ tenants: number; failed: number }> {
    const yesterday = addDays(nairobiDay(now), -1);
    return this.acrossTenants(ctx, (tenant) => this.aggregateRange(tenant, yesterday, yesterday));
  }

  /**
   * Crosses tenants on purpose: fn runs once per store with analytics, each with the caller's
   * context for that store. One store's failure is logged and does not stop the others.
   */
  async acrossTenants(
    ctx: RequestContext,
    fn: (tenant: RequestContext) => Promise<unknown>,
  ): Promise<{ tenants: number; failed: number }> {
    const tenants = await this.acrossTenantsIds();
    let failed = 0;
    for (const tenantId of tenants) {
      try {
        await fn(ctx.withTenant({ tenantId }));
      } catch (error) {
        failed++;
        this.logger.error({ err: error, tenant_id: tenantId }, 'analytics: store job failed');
      }
    }
    if (failed) throw new Error(`analytics: ${failed} of ${tenants.length} stores failed`);
    return { tenants: tenants.length, failed };
  }
}
