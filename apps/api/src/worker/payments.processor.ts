import type { RequestContext } from '../platform/request-context';
import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { MpesaSettingsRepository } from '../modules/payments/mpesa-settings.repository';
import { PaymentSettlement } from '../modules/payments/payment-settlement.service';
import { PaymentsRepository } from '../modules/payments/payments.repository';
import { PaymentSweepService } from '../modules/payments/payment-sweep.service';
import { ReceiptLookupService } from '../modules/payments/receipt-lookup.service';
import { ReconciliationService } from '../modules/payments/reconciliation.service';
import { StkQueryService } from '../modules/payments/stk-query.service';
import { DB, LOGGER } from '../platform/tokens';
import { jobPayload, jobTenantContext } from '../queues/jobs';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

/** A stored callback waits this long for its own job before the sweeper processes it. */
const SWEEP_CALLBACKS_AFTER_SECONDS = 20;
/** An STK Query this overdue lost its job: the sweeper runs it. */
const SWEEP_QUERIES_AFTER_SECONDS = 20;

/**
 * payment.callback: apply one stored Daraja callback (STK, C2B, reversal/B2C result).
 * payment.query: STK Query for a push with no callback yet, with backoff.
 * payment.sweep: every 15 s, the safety net for lost jobs (Redis flushed, worker killed mid-job):
 *   stored callbacks without an outcome, overdue queries, pushes Daraja never confirmed.
 * payment.receipt: Pull API lookup of the receipt of a payment settled without one (ReceiptLookupService).
 * payment.verify: STK Query after a callback whose amount or phone differed (StkQueryService.runVerifyJob).
 * payment.reconcile-daily: 00:30 Nairobi, yesterday's report for every store with M-Pesa.
 */
@Injectable()
export class PaymentsProcessor implements JobProcessor {
  readonly queue = 'payments' as const;
  readonly jobNames = [
    'payment.callback',
    'payment.query',
    'payment.sweep',
    'payment.reconcile-daily',
    'payment.receipt',
    'payment.verify',
  ] as const;
  readonly schedules: readonly JobSchedule[] = [
    { id: 'payments-sweep', everyMs: 15_000, jobName: 'payment.sweep' },
    { id: 'payments-reconcile-daily', pattern: '30 0 * * *', tz: 'Africa/Nairobi', jobName: 'payment.reconcile-daily' },
  ];

  constructor(
    private readonly settlement: PaymentSettlement,
    private readonly stkQueries: StkQueryService,
    private readonly sweeper: PaymentSweepService,
    private readonly repository: PaymentsRepository,
    private readonly settings: MpesaSettingsRepository,
    private readonly reconciliation: ReconciliationService,
    private readonly receipts: ReceiptLookupService,
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    switch (job.name) {
      case 'payment.callback': {
        const tenant = jobTenantContext(ctx, job);
        const { callbackId } = jobPayload('payment.callback', job);
        const applied = await this.settlement.processCallback(tenant, callbackId);
        // Its payment row is not written yet (the callback overtook the push's answer): retry.
        if (applied === null) throw new Error(`callback ${callbackId}: its payment is not recorded yet`);
        return applied;
      }
      case 'payment.query': {
        const { paymentId, attempt } = jobPayload('payment.query', job);
        return { outcome: await this.stkQueries.runQueryJob(jobTenantContext(ctx, job), paymentId, attempt) };
      }
      case 'payment.receipt': {
        const { paymentId } = jobPayload('payment.receipt', job);
        return { outcome: await this.receipts.runLookupJob(jobTenantContext(ctx, job), paymentId) };
      }
      case 'payment.verify': {
        const { paymentId, attempt } = jobPayload('payment.verify', job);
        return { outcome: await this.stkQueries.runVerifyJob(jobTenantContext(ctx, job), paymentId, attempt) };
      }
      case 'payment.sweep':
        return this.sweep(ctx);
      case 'payment.reconcile-daily': {
        const day = ReconciliationService.yesterday();
        const reports = [];
        for (const id of await this.settings.tenantsWithMpesa(this.db)) {
          const report = await this.reconciliation
            .run(ctx.withTenant({ tenantId: id }), day)
            .catch((error: unknown) => {
              this.logger.error({ err: error, tenant_id: id, day }, 'daily reconciliation failed for a store');
              return null;
            });
          if (report) reports.push({ tenantId: id, mismatches: report.mismatches.length });
        }
        return { day, reports };
      }
      default:
        throw new Error(`payments: no handler for job "${job.name}"`);
    }
  }

  /** Crosses tenants on purpose: finds every store's stranded callbacks, then settles each in its own tenant. */
  private async sweep(ctx: RequestContext) {
    let callbacks = 0;
    for (const c of await this.repository.unprocessedCallbacks(this.db, SWEEP_CALLBACKS_AFTER_SECONDS, 200)) {
      const tenant = ctx.withTenant({ tenantId: c.tenant_id });
      const applied = await this.settlement.processCallback(tenant, c.callback_id).catch((error: unknown) => {
        this.logger.error(
          { err: error, tenant_id: c.tenant_id, callback_id: c.callback_id },
          'sweeper could not process a stored callback',
        );
        return null;
      });
      if (applied) callbacks++;
    }
    const due = await this.sweeper.acrossTenantsSweepDue(ctx, SWEEP_QUERIES_AFTER_SECONDS);
    const receipts = await this.sweeper.acrossTenantsLookupsDue(ctx, SWEEP_QUERIES_AFTER_SECONDS);
    if (callbacks || due.queried || due.abandoned || receipts)
      this.logger.warn({ callbacks, ...due, receipts }, 'payment sweeper did work whose job had not run');
    return { callbacks, ...due, receipts };
  }
}
