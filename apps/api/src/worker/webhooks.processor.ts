import type { RequestContext } from '../platform/request-context';
import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../config/config';
import { WebhookDeliveryService } from '../modules/webhooks/webhook-delivery.service';
import { CONFIG } from '../platform/tokens';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

/**
 * webhooks.deliver-due: every WEBHOOK_DELIVERY_INTERVAL_MS (2 s), the outbound webhook deliveries
 * that are due across stores (new events, retries whose backoff ended, resends).
 */
@Injectable()
export class WebhooksProcessor implements JobProcessor {
  readonly queue = 'maintenance' as const;
  readonly jobNames = ['webhooks.deliver-due'] as const;
  readonly schedules: readonly JobSchedule[];

  constructor(
    private readonly delivery: WebhookDeliveryService,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.schedules = [
      { id: 'webhooks-deliver-due', everyMs: config.WEBHOOK_DELIVERY_INTERVAL_MS, jobName: 'webhooks.deliver-due' },
    ];
  }

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    if (job.name !== 'webhooks.deliver-due') throw new Error(`webhooks: no handler for job "${job.name}"`);
    return this.delivery.acrossTenantsDeliverDue(ctx);
  }
}
