import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { Logger } from 'pino';
import { TenantDb } from '../../platform/tenant-db';
import { DB, LOGGER } from '../../platform/tokens';
import { addDays, dayRange, nairobiDay } from '@sokoni/contracts';
import { InsightsRepository } from './insights.repository';

/** Longest range one recompute call may cover (a quarter and a bit). */
export const MAX_RECOMPUTE_DAYS = 92;
/**
 * How far back the hourly job looks for days no job ever aggregated (worker down over a long
 * weekend, Redis flushed with its schedules): the month view and the 28-day baselines.
 */
export const CATCH_UP_DAYS = 35;

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

  aggregateDay(tenantId: string, day: string) {
    return this.tenantDb.run(tenantId, (trx) => this.repository.aggregateDay(trx, day));
  }

  /** Each day in its own transaction (a long range never holds one big lock set). */
  async aggregateRange(tenantId: string, from: string, to: string): Promise<{ days: number; ms: number }> {
    const started = Date.now();
    const days = dayRange(from, to);
    for (const day of days) await this.aggregateDay(tenantId, day);
    return { days: days.length, ms: Date.now() - started };
  }

  async tenants(): Promise<string[]> {
    return this.repository.analyticsTenants(this.db);
  }

  /**
   * Hourly: today so far and yesterday (late payments, refunds) for every store, and any earlier
   * day of the last CATCH_UP_DAYS that has no aggregate at all (every aggregated day has its
   * store row, even an empty one), so an outage heals itself within the hour.
   */
  async hourly(now = new Date()): Promise<{ tenants: number; failed: number; caughtUp: number }> {
    const today = nairobiDay(now);
    let caughtUp = 0;
    const result = await this.forEachTenant(async (tenantId) => {
      const missing = await this.tenantDb.run(tenantId, (trx) =>
        this.repository.daysWithoutAggregates(trx, tenantId, addDays(today, -CATCH_UP_DAYS), addDays(today, -2)),
      );
      for (const day of missing) await this.aggregateDay(tenantId, day);
      if (missing.length)
        this.logger.warn({ tenant_id: tenantId, days: missing }, 'analytics: aggregated days no job had done');
      caughtUp += missing.length;
      await this.aggregateRange(tenantId, addDays(today, -1), today);
    });
    return { ...result, caughtUp };
  }

  /** Nightly (00:15 Nairobi): yesterday, final. */
  async nightly(now = new Date()): Promise<{ tenants: number; failed: number }> {
    const yesterday = addDays(nairobiDay(now), -1);
    return this.forEachTenant((tenantId) => this.aggregateRange(tenantId, yesterday, yesterday));
  }

  /** One store's failure is logged and does not stop the others. */
  async forEachTenant(fn: (tenantId: string) => Promise<unknown>): Promise<{ tenants: number; failed: number }> {
    const tenants = await this.tenants();
    let failed = 0;
    for (const tenantId of tenants) {
      try {
        await fn(tenantId);
      } catch (error) {
        failed++;
        this.logger.error({ err: error, tenant_id: tenantId }, 'analytics: store job failed');
      }
    }
    if (failed) throw new Error(`analytics: ${failed} of ${tenants.length} stores failed`);
    return { tenants: tenants.length, failed };
  }
}
