import type { RequestContext } from '../platform/request-context';
import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../config/config';
import { BackInStockRelay } from '../modules/back-in-stock/back-in-stock-relay.service';
import { CONFIG } from '../platform/tokens';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

/**
 * back-in-stock.relay: every BACK_IN_STOCK_RELAY_MS (10 s), the "it's back" messages restocks
 * owe, in every store. The restock marks its rows owed in its own transaction (a trigger), so
 * there is no job to lose: the rows are the queue, and this sweep is how they are sent.
 */
@Injectable()
export class BackInStockProcessor implements JobProcessor {
  readonly queue = 'notifications' as const;
  readonly jobNames = ['back-in-stock.relay'] as const;
  readonly schedules: readonly JobSchedule[];

  constructor(
    private readonly relay: BackInStockRelay,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.schedules = [
      { id: 'back-in-stock-relay', everyMs: config.BACK_IN_STOCK_RELAY_MS, jobName: 'back-in-stock.relay' },
    ];
  }

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    if (job.name !== 'back-in-stock.relay') throw new Error(`back in stock: no handler for job "${job.name}"`);
    return this.relay.acrossTenantsRelayDue(ctx);
  }
}
