import type { RequestContext } from '../platform/request-context';
import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { OrdersRepository } from '../modules/orders/orders.repository';
import { OrdersService } from '../modules/orders/orders.service';
import { DB, LOGGER } from '../platform/tokens';
import { jobPayload, jobTenantContext } from '../queues/jobs';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

/**
 * order.expire-reservation: the delayed job queued at placement.
 * order.sweep-reservations: every minute, catches lapsed reservations whose job was lost
 * (Redis flushed, worker down for long), so reserved stock never stays locked forever.
 */
@Injectable()
export class OrdersProcessor implements JobProcessor {
  readonly queue = 'payments' as const;
  readonly jobNames = ['order.expire-reservation', 'order.sweep-reservations'] as const;
  readonly schedules: readonly JobSchedule[] = [
    { id: 'reservations-sweep', everyMs: 60_000, jobName: 'order.sweep-reservations' },
  ];

  constructor(
    private readonly orders: OrdersService,
    private readonly repository: OrdersRepository,
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    switch (job.name) {
      case 'order.expire-reservation': {
        const { orderId } = jobPayload('order.expire-reservation', job);
        return { outcome: await this.orders.expireReservation(jobTenantContext(ctx, job), orderId) };
      }
      case 'order.sweep-reservations': {
        const lapsed = await this.repository.lapsedReservations(this.db, 500);
        let expired = 0;
        for (const { tenant_id, order_id } of lapsed) {
          if ((await this.orders.expireReservation(ctx.withTenant({ tenantId: tenant_id }), order_id)) === 'expired')
            expired++;
        }
        if (expired) this.logger.warn({ expired }, 'sweeper expired reservations whose job had not run');
        return { expired };
      }
      default:
        throw new Error(`payments: no handler for job "${job.name}"`);
    }
  }
}
