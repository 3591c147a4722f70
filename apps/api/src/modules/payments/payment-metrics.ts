import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import { Counter, Gauge, Histogram } from 'prom-client';
import { Metrics, scrapeGauges } from '../../platform/metrics';
import { flaggedBodiesCounter } from '../../platform/raw-body';
import { DB } from '../../platform/tokens';
import { PaymentsRepository } from './payments.repository';

/**
 * M-Pesa health in /metrics. Counters for what this process does (pushes, callbacks taken in);
 * gauges read from Postgres at scrape time for what the worker does (success rate, callbacks
 * waiting, reconciliation lag), so the API's /metrics tells the whole story.
 */
@Injectable()
export class PaymentMetrics {
  readonly stkRequests: Counter<'outcome'>;
  readonly stkQueries: Counter<'answer'>;
  /** STK Queries not sent because M-Pesa's callback for the push was already stored (applied instead). */
  readonly stkQueriesAvoided: Counter<'why'>;
  /** How STK pushes ended (paid, cancelled, timeout, insufficient_funds, ...), once each. */
  readonly stkResults: Counter<'outcome'>;
  readonly callbacks: Counter<'kind' | 'verdict'>;
  readonly callbackLatency: Histogram<never>;
  /** Order placed -> paid, observed when the payment that pays it commits (API or worker). */
  readonly orderPaidLatency: Histogram<'method'>;
  /** Pull API receipt lookups (issue 13), by outcome (found, not_found, unavailable, gave_up, ...). */
  readonly receiptLookups: Counter<'outcome'>;
  /** Callbacks whose amount or phone differed, then checked with Daraja, by step. */
  readonly mismatchVerifications: Counter<'step'>;
  /** The process-wide `webhook_bodies_flagged_total` (shared with the other callback intakes). */
  readonly flaggedBodies: Counter<'source' | 'reason'>;

  constructor(metrics: Metrics, repository: PaymentsRepository, @Inject(DB) db: Kysely<Database>) {
    const registers = [metrics.registry];
    this.stkRequests = new Counter({
      name: 'mpesa_stk_requests_total',
      help: 'STK pushes sent to Daraja, by outcome (accepted, rejected, unavailable)',
      labelNames: ['outcome'],
      registers,
    });
    this.stkQueries = new Counter({
      name: 'mpesa_stk_queries_total',
      help: 'STK Query answers, by answer (pending, paid, failed)',
      labelNames: ['answer'],
      registers,
    });
    this.stkQueriesAvoided = new Counter({
      name: 'mpesa_stk_queries_avoided_total',
      help: "STK Queries not sent: the push's callback was stored and still queued, so it was applied at once instead",
      labelNames: ['why'],
      registers,
    });
    this.stkResults = new Counter({
      name: 'mpesa_stk_results_total',
      help: 'STK pushes that reached their end, by outcome (paid, cancelled, timeout, insufficient_funds, ...)',
      labelNames: ['outcome'],
      registers,
    });
    this.callbacks = new Counter({
      name: 'mpesa_callbacks_total',
      help: 'Callbacks received, by kind and verdict (stored, unknown_secret, ip_refused)',
      labelNames: ['kind', 'verdict'],
      registers,
    });
    this.callbackLatency = new Histogram({
      name: 'mpesa_callback_latency_seconds',
      help: 'STK push accepted -> its callback received',
      registers,
      buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
    });
    this.orderPaidLatency = new Histogram({
      name: 'sokoni_order_paid_latency_seconds',
      help: 'Order placed -> paid (committed), by payment method',
      labelNames: ['method'],
      registers,
      buckets: [5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900],
    });
    this.receiptLookups = new Counter({
      name: 'mpesa_receipt_lookups_total',
      help: 'Receipt lookups (Pull Transactions API) for payments settled without a receipt, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.mismatchVerifications = new Counter({
      name: 'mpesa_mismatch_verifications_total',
      help: 'Callbacks whose amount or phone differed, then verified with Daraja, by step (queued, paid, failed, pending, amount_confirmed_wrong)',
      labelNames: ['step'],
      registers,
    });
    this.flaggedBodies = flaggedBodiesCounter(metrics);
    // The Postgres-read gauges below: the API's /metrics only (see Metrics.process).
    if (metrics.process !== 'api') return;
    // One query per scrape, shared by the gauges below.
    const read = scrapeGauges(metrics.registry, () => repository.health(db), {
      mpesa_stk_success_ratio: {
        help: 'Share of STK pushes in the last 24 h that ended paid',
        value: (h) => {
          const total = Number(h.stk_paid_24h) + Number(h.stk_failed_24h);
          return total ? Number(h.stk_paid_24h) / total : 0;
        },
      },
      mpesa_callbacks_unprocessed: {
        help: 'Stored callbacks not yet applied (the sweeper retries them)',
        value: (h) => Number(h.unprocessed_callbacks),
      },
      mpesa_reconciliation_lag_seconds: {
        help: 'Age of the oldest stored callback not yet applied (0 when none)',
        value: (h) => Number(h.oldest_unprocessed_seconds),
      },
      mpesa_callback_apply_lag_max_seconds: {
        help: 'Longest callback received -> applied in the last 5 minutes',
        value: (h) => Number(h.max_lag_seconds_5m),
      },
      mpesa_callbacks_flagged_24h: {
        help: 'Callbacks flagged (unknown, mismatched, forged) in the last 24 h',
        value: (h) => Number(h.flagged_24h),
      },
    });
    scrapeGauges(metrics.registry, () => repository.receiptsMissing(db), {
      mpesa_receipts_missing: {
        help: 'Paid payments (last 7 days) whose M-Pesa receipt is not known yet',
        value: (r) => Number(r.missing),
      },
      mpesa_receipts_missing_oldest_seconds: {
        help: 'Age of the oldest paid payment still without a receipt (0 when none)',
        value: (r) => Number(r.oldest_seconds),
      },
    });
    new Gauge({
      name: 'mpesa_payments_24h',
      help: 'STK payments created in the last 24 h, by status',
      labelNames: ['status'],
      registers,
      async collect() {
        const h = await read();
        this.set({ status: 'all' }, Number(h.stk_24h));
        this.set({ status: 'paid' }, Number(h.stk_paid_24h));
        this.set({ status: 'failed' }, Number(h.stk_failed_24h));
      },
    });
  }
}
