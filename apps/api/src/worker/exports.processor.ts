import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ExportRunner } from '../modules/exports/export-runner.service';
import type { RequestContext } from '../platform/request-context';
import { jobPayload, jobTenantContext } from '../queues/jobs';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor } from './job-processor';

/** exports.run: one background CSV export of one store, written to storage (docs/exports.md). */
@Injectable()
export class ExportsProcessor implements JobProcessor {
  readonly queue = 'maintenance' as const;
  readonly jobNames = ['exports.run'] as const;

  constructor(private readonly runner: ExportRunner) {}

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    if (job.name !== 'exports.run') throw new Error(`exports: no handler for job "${job.name}"`);
    const { exportId } = jobPayload('exports.run', job);
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.runner.run(jobTenantContext(ctx, job), exportId, finalAttempt);
  }
}
