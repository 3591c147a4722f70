import type { RequestContext } from '../platform/request-context';
import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { Job } from 'bullmq';
import type { AppConfig } from '../config/config';
import { EventsRepository } from '../modules/analytics/events.repository';
import { AggregationService } from '../modules/insights/aggregation.service';
import { InsightsService } from '../modules/insights/insights.service';
import { TenantDb } from '../platform/tenant-db';
import { CONFIG, DB } from '../platform/tokens';
import { jobPayload, jobTenantContext } from '../queues/jobs';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

const PARTITION_MONTHS_AHEAD = 3;

/**
 * events.ingest: beacon batches into the partitioned events table.
 * events.ensure-partitions: daily, months ahead. events.retention: daily, drops partitions
 * older than EVENTS_RETENTION_MONTHS (aggregates stay).
 * analytics.aggregate-hourly: every hour (and at worker start), today + yesterday for every store,
 *   and days of the last 5 weeks no job ever aggregated (outages).
 * analytics.nightly: 00:15 Nairobi, yesterday for every store, then the insight cards.
 * analytics.aggregate-days: one store, a range of days (backfills, re-runs).
 */
@Injectable()
export class AnalyticsProcessor implements JobProcessor {
  readonly queue = 'analytics' as const;
  readonly schedules: readonly JobSchedule[] = [
    { id: 'events-partitions', everyMs: 24 * 3600_000, jobName: 'events.ensure-partitions' },
    { id: 'events-retention', everyMs: 24 * 3600_000, jobName: 'events.retention' },
    { id: 'analytics-hourly', everyMs: 3600_000, jobName: 'analytics.aggregate-hourly' },
    { id: 'analytics-nightly', pattern: '15 0 * * *', tz: 'Africa/Nairobi', jobName: 'analytics.nightly' },
  ];

  constructor(
    private readonly events: EventsRepository,
    private readonly tenantDb: TenantDb,
    private readonly aggregation: AggregationService,
    private readonly insights: InsightsService,
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    switch (job.name) {
      case 'events.ingest': {
        const tenant = jobTenantContext(ctx, job);
        const { events } = jobPayload('events.ingest', job);
        await this.tenantDb.run(tenant, (trx) => this.events.insertBatch(trx, tenant.tenantId, events));
        return { inserted: events.length };
      }
      case 'events.ensure-partitions':
        return { created: await this.events.ensurePartitions(this.db, PARTITION_MONTHS_AHEAD) };
      case 'events.retention': {
        return { dropped: await this.events.dropOldPartitions(this.db, this.config.EVENTS_RETENTION_MONTHS) };
      }
      case 'analytics.aggregate-hourly':
        return this.aggregation.acrossTenantsHourly(ctx);
      case 'analytics.nightly': {
        const aggregated = await this.aggregation.acrossTenantsNightly(ctx);
        const generated = await this.aggregation.acrossTenants(ctx, async (tenant) => {
          for (const period of ['day', 'week', 'month'] as const) await this.insights.generate(tenant, period);
        });
        return { aggregated, generated };
      }
      case 'analytics.aggregate-days': {
        const { from, to } = jobPayload('analytics.aggregate-days', job);
        return this.aggregation.aggregateRange(jobTenantContext(ctx, job), from, to);
      }
      default:
        throw new Error(`analytics: no handler for job "${job.name}"`);
    }
  }
}
