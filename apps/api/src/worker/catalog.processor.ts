import type { RequestContext } from '../platform/request-context';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ProductCardWindows } from '../modules/catalog/product-card-windows.service';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

/**
 * catalog.price-windows: every minute, the product cards whose sale started or ended by the clock
 * are rewritten with the price that holds now (migration 0049; until then they are priced live).
 */
@Injectable()
export class CatalogProcessor implements JobProcessor {
  readonly queue = 'maintenance' as const;
  readonly jobNames = ['catalog.price-windows'] as const;
  readonly schedules: readonly JobSchedule[] = [
    { id: 'catalog-price-windows', everyMs: 60_000, jobName: 'catalog.price-windows' },
  ];

  constructor(private readonly windows: ProductCardWindows) {}

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    if (job.name !== 'catalog.price-windows') throw new Error(`catalog: no handler for job "${job.name}"`);
    return this.windows.acrossTenantsRefreshDue(ctx);
  }
}
