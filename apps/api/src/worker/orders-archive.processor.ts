import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { OrderArchiver } from '../modules/orders/archive/order-archiver.service';
import type { RequestContext } from '../platform/request-context';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

/**
 * orders.archive: once a month (the 3rd, 02:30 Nairobi, after the month's nightly aggregates),
 * finished orders past ORDERS_RETENTION_MONTHS go to archive objects and out of the database,
 * store by store (OrderArchiver). Monthly is enough: an order becomes archivable once, and a run
 * that fails or stops half-way is retried and continues where it stopped.
 */
@Injectable()
export class OrdersArchiveProcessor implements JobProcessor {
  readonly queue = 'maintenance' as const;
  readonly jobNames = ['orders.archive'] as const;
  readonly schedules: readonly JobSchedule[] = [
    { id: 'orders-archive-monthly', pattern: '30 2 3 * *', tz: 'Africa/Nairobi', jobName: 'orders.archive' },
  ];

  constructor(private readonly archiver: OrderArchiver) {}

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    if (job.name !== 'orders.archive') throw new Error(`orders archive: no handler for job "${job.name}"`);
    return this.archiver.acrossTenantsArchive(ctx);
  }
}
