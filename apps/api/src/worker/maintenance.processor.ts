import type { RequestContext } from '../platform/request-context';
import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobEnvelope } from '../queues/queues';
import { RedisKeys } from '../platform/redis';
import { LOGGER, REDIS } from '../platform/tokens';
import type { JobProcessor, JobSchedule } from './job-processor';
import { WorkerMetrics } from './worker-metrics';

/** Housekeeping jobs. heartbeat: proves a worker is alive and draining queues (/readyz shows it). */
@Injectable()
export class MaintenanceProcessor implements JobProcessor {
  readonly queue = 'maintenance' as const;
  readonly jobNames = ['heartbeat'] as const;
  readonly schedules: readonly JobSchedule[] = [{ id: 'worker-heartbeat', everyMs: 30_000, jobName: 'heartbeat' }];

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly keys: RedisKeys,
    private readonly metrics: WorkerMetrics,
  ) {}

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    switch (job.name) {
      case 'heartbeat': {
        const now = Date.now();
        await this.redis.set(this.keys.platform('worker', 'heartbeat'), String(now), 'EX', 300);
        this.metrics.heartbeat.set(now / 1000);
        this.logger.debug({ job_id: job.id }, 'worker heartbeat');
        return { at: now };
      }
      default:
        // Unknown job names fail loudly (kept in the failed set) instead of vanishing.
        throw new Error(`maintenance: no handler for job "${job.name}"`);
    }
  }
}
