import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import { EtimsDocumentsService } from '../modules/etims/etims-documents.service';
import type { RequestContext } from '../platform/request-context';
import { CONFIG, LOGGER, QUEUES } from '../platform/tokens';
import { jobPayload, jobTenantContext } from '../queues/jobs';
import { enqueue, type JobEnvelope, type QueueName } from '../queues/queues';
import type { JobProcessor } from './job-processor';

/**
 * etims.send (payments queue): creates the documents the order owes (its sale once paid, a
 * credit note per completed refund; nothing when the store has eTIMS off), picks up the store's
 * recent ones that are missing, then sends every open document in invoice-number order. When
 * KRA is unreachable the same invoice is sent again later: a delayed etims.send with the
 * attempt counted, ETIMS_RETRY_DELAY_MS doubling each time, up to ETIMS_ATTEMPTS; after that the
 * document stays pending (owner page: "Send pending now"; daily report lists it).
 */
@Injectable()
export class EtimsProcessor implements JobProcessor {
  readonly queue = 'payments' as const;
  readonly jobNames = ['etims.send'] as const;

  constructor(
    private readonly documents: EtimsDocumentsService,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    const tenant = jobTenantContext(ctx, job);
    const { orderId, attempt = 0 } = jobPayload('etims.send', job);
    const created =
      (orderId ? await this.documents.ensureForOrder(tenant, orderId) : 0) +
      (await this.documents.ensureMissing(tenant));
    const result = await this.documents.drain(tenant);
    if (result.state === 'retry' || result.state === 'busy') {
      const next = attempt + 1;
      if (next >= this.config.ETIMS_ATTEMPTS) {
        this.logger.error(
          { tenant_id: tenant.tenantId, attempts: next, message: result.state === 'retry' ? result.message : 'busy' },
          'etims: giving up for now; open documents stay pending until the next etims job or "Send pending now"',
        );
        return { created, ...result, gaveUp: true };
      }
      const delay = result.state === 'busy' ? 2_000 : this.config.ETIMS_RETRY_DELAY_MS * 2 ** attempt;
      await enqueue(
        this.queues.get('payments')!,
        'etims.send',
        tenant.tenantId,
        { attempt: next },
        // One retry per store and attempt level: several orders' jobs failing together converge on it.
        { delay, jobId: `etims-retry-${tenant.tenantId}-${next}`, removeOnComplete: true },
      );
      return { created, ...result, retryInMs: delay, attempt: next };
    }
    return { created, ...result };
  }
}
