import type { RequestContext } from '../platform/request-context';
import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../config/config';
import { AlertDispatchService } from '../modules/alerts/alert-dispatch.service';
import { CONFIG } from '../platform/tokens';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

/**
 * alerts.sweep: every ALERTS_SWEEP_MS (5 s), owner alert events of every store fanned out to
 * deliveries, and the due deliveries sent (docs/owner-alerts.md). The rows are the outbox, so a
 * lost job or a flushed Redis loses nothing: the next sweep finds them.
 */
@Injectable()
export class AlertsProcessor implements JobProcessor {
  readonly queue = 'maintenance' as const;
  readonly jobNames = ['alerts.sweep'] as const;
  readonly schedules: readonly JobSchedule[];

  constructor(
    private readonly dispatch: AlertDispatchService,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.schedules = [{ id: 'alerts-sweep', everyMs: config.ALERTS_SWEEP_MS, jobName: 'alerts.sweep' }];
  }

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    if (job.name !== 'alerts.sweep') throw new Error(`alerts: no handler for job "${job.name}"`);
    return this.dispatch.acrossTenantsSweep(ctx);
  }
}
