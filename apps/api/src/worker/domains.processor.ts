import type { RequestContext } from '../platform/request-context';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { CONFIG } from '../platform/tokens';
import type { Job } from 'bullmq';
import { DomainChecker } from '../modules/domains/domain-checker.service';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

/**
 * domains.check-due: every DOMAIN_CHECK_INTERVAL_MS (1 minute), the DNS checks that are due across stores (waiting domains
 * often at first, verified ones daily) and the purge of removed hosts whose reservation ended.
 */
@Injectable()
export class DomainsProcessor implements JobProcessor {
  readonly queue = 'maintenance' as const;
  readonly jobNames = ['domains.check-due'] as const;
  readonly schedules: readonly JobSchedule[];

  constructor(
    private readonly checker: DomainChecker,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.schedules = [
      { id: 'domains-check-due', everyMs: config.DOMAIN_CHECK_INTERVAL_MS, jobName: 'domains.check-due' },
    ];
  }

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    if (job.name !== 'domains.check-due') throw new Error(`domains: no handler for job "${job.name}"`);
    return this.checker.acrossTenantsCheckDue(ctx);
  }
}
