import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { Job } from 'bullmq';
import type { IngestJobData } from '../modules/analytics/event-collector.service';
import { EventsRepository } from '../modules/analytics/events.repository';
import { TenantDb } from '../platform/tenant-db';
import { DB } from '../platform/tokens';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor } from './job-processor';

const PARTITION_MONTHS_AHEAD = 3;

/** events.ingest: beacon batches into the partitioned events table. events.ensure-partitions: daily. */
@Injectable()
export class AnalyticsProcessor implements JobProcessor {
  readonly queue = 'analytics' as const;
  readonly schedules = [{ id: 'events-partitions', everyMs: 24 * 3600_000, jobName: 'events.ensure-partitions' }];

  constructor(
    private readonly events: EventsRepository,
    private readonly tenantDb: TenantDb,
    @Inject(DB) private readonly db: Kysely<Database>,
  ) {}

  async process(job: Job<JobEnvelope>): Promise<unknown> {
    switch (job.name) {
      case 'events.ingest': {
        const { tenantId } = job.data;
        if (!tenantId) throw new Error('events.ingest without a tenant');
        const { events } = job.data.data as IngestJobData;
        await this.tenantDb.run(tenantId, (trx) => this.events.insertBatch(trx, tenantId, events));
        return { inserted: events.length };
      }
      case 'events.ensure-partitions':
        return { created: await this.events.ensurePartitions(this.db, PARTITION_MONTHS_AHEAD) };
      default:
        throw new Error(`analytics: no handler for job "${job.name}"`);
    }
  }
}
