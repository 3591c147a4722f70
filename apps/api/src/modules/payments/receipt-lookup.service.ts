import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../../config/config';
import { CONFIG, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import type { PulledTransaction } from './daraja/daraja-client';
import { MpesaSettingsRepository } from './mpesa-settings.repository';
import type { PaymentRow } from './payments.repository';
import { StkKit } from './stk-kit';
import type { RequestContext } from '../../platform/request-context';

/** Lookups after the first, in MPESA_RECEIPT_RETRY_MS (30 s): 30 s, 2, 5, 15 min, then hourly (daraja-receipts.md 5). */
const NEXT_LOOKUP_UNITS = [1, 4, 10, 30];
const HOURLY_MS = 3_600_000;
/** Pull keeps 48 h; the last lookup is at 46 h, then a person takes over (the M-Pesa statement). */
const GIVE_UP_AFTER_MS = 46 * 3_600_000;
/** The Pull window around a push: from 2 min before it to 10 min after it was resolved. */
const WINDOW_BEFORE_MS = 2 * 60_000;
const WINDOW_AFTER_MS = 10 * 60_000;
const MAX_PAGES = 20;

export type LookupOutcome =
  'found' | 'paid' | 'amount_confirmed_wrong' | 'not_owed' | 'not_found' | 'unavailable' | 'no_mpesa' | 'gave_up';

/**
 * Receipts always arrive (issue 13). STK Query tells whether a push was paid but carries no
 * receipt and no amount; Daraja's Pull Transactions API lists the shortcode's payments with
 * both. A payment settled without a receipt has `receipt_due_at` set in the settling
 * transaction; this service (job `payment.receipt`; PaymentSweepService for lost jobs) pulls the
 * window around the push, matches the row (amount, payer's number suffix, AccountReference =
 * the order number, time, receipt not used elsewhere) and records it through PaymentSettlement,
 * which owes the shopper's receipt message once. Not found: retried on the ladder above, then
 * flagged `receipt_unmatched` for the daily reconciliation and a person.
 */
@Injectable()
export class ReceiptLookupService {
  constructor(
    private readonly kit: StkKit,
    private readonly settingsRepository: MpesaSettingsRepository,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** The `payment.receipt` job: one lookup; if nothing matched, the next one is scheduled. */
  async runLookupJob(ctx: RequestContext, paymentId: string): Promise<LookupOutcome> {
    const outcome = await this.lookup(ctx, paymentId);
    this.kit.metrics.receiptLookups.inc({ outcome });
    if (outcome === 'not_found' || outcome === 'unavailable') await this.scheduleNext(ctx, paymentId);
    return outcome;
  }

  async lookup(ctx: RequestContext, paymentId: string): Promise<LookupOutcome> {
    const found = await this.kit.tenantDb.run(ctx, async (trx) => {
      const row = await this.kit.repository.byId(trx, paymentId);
      return row ? { row, orderNumber: await this.kit.repository.orderNumberOf(trx, row.order_id) } : null;
    });
    if (!found || found.row.receipt_due_at === null) return 'not_owed';
    const payment = found.row;
    const mpesa = await this.kit.settings.load(ctx);
    if (!mpesa) return 'no_mpesa';
    let rows: PulledTransaction[];
    try {
      await this.ensureRegistered(ctx, mpesa);
      rows = await this.pullWindow(mpesa, payment);
    } catch (error) {
      this.kit.logger.warn({ err: error, payment_id: paymentId }, 'Pull Transactions query failed');
      return 'unavailable';
    }
    const taken = await this.kit.tenantDb.run(ctx, (trx) =>
      this.kit.repository.receiptsTaken(
        trx,
        rows.map((r) => r.receipt),
      ),
    );
    const match = this.pickMatch(payment, found.orderNumber, rows, taken);
    if (!match) return 'not_found';
    const done = await this.kit.settlement.recordPulled(ctx, paymentId, match);
    if (done === 'recorded') return 'found';
    if (done === 'paid') this.kit.metrics.mismatchVerifications.inc({ step: 'paid' });
    if (done === 'amount_confirmed_wrong')
      this.kit.metrics.mismatchVerifications.inc({ step: 'amount_confirmed_wrong' });
    return done;
  }

  /**
   * The row for this push: the order number as AccountReference (when the row carries one), the
   * payer's number (last 3 digits: Daraja may mask the rest), within the window, a receipt no other
   * payment holds, and (unless verifying a disputed amount) the amount asked for. Nearest in time wins.
   */
  pickMatch(
    payment: PaymentRow,
    orderNumber: number | null,
    rows: PulledTransaction[],
    taken: Set<string>,
  ): PulledTransaction | null {
    const verifying = payment.status === 'failed';
    const expected = payment.paid_amount_kes ?? payment.amount_kes;
    const suffix = payment.phone.replace(/\D/g, '').slice(-3);
    const pushedAt = new Date(payment.created_at).getTime();
    const candidates = rows.filter(
      (r) =>
        (!taken.has(r.receipt) || r.receipt === payment.receipt_number) &&
        (r.msisdn.length < 3 || r.msisdn.endsWith(suffix)) &&
        (verifying || Math.round(r.amount) === expected) &&
        r.at.getTime() >= pushedAt - WINDOW_BEFORE_MS,
    );
    const byReference = candidates.filter((r) => r.billReference !== '' && r.billReference === String(orderNumber));
    const pool = byReference.length > 0 ? byReference : candidates.filter((r) => r.billReference === '');
    pool.sort((a, b) => Math.abs(a.at.getTime() - pushedAt) - Math.abs(b.at.getTime() - pushedAt));
    return pool[0] ?? null;
  }

  private async pullWindow(
    mpesa: NonNullable<Awaited<ReturnType<StkKit['settings']['load']>>>,
    payment: PaymentRow,
  ): Promise<PulledTransaction[]> {
    const pushedAt = new Date(payment.created_at).getTime();
    const resolvedAt = payment.resolved_at ? new Date(payment.resolved_at).getTime() : pushedAt;
    const start = new Date(pushedAt - WINDOW_BEFORE_MS);
    const end = new Date(Math.min(Date.now(), Math.max(resolvedAt, pushedAt) + WINDOW_AFTER_MS));
    const rows: PulledTransaction[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const got = await this.kit.daraja.pullQuery(mpesa.credentials, mpesa.settings.shortcode, start, end, rows.length);
      if (got.length === 0) break;
      rows.push(...got);
    }
    return rows;
  }

  private async ensureRegistered(
    ctx: RequestContext,
    mpesa: NonNullable<Awaited<ReturnType<StkKit['settings']['load']>>>,
  ): Promise<void> {
    if (mpesa.settings.pull_registered_at) return;
    const nominated =
      mpesa.settings.pull_nominated_number ??
      (await this.kit.tenantDb.run(ctx, (trx) => this.kit.repository.storeWhatsapp(trx)));
    if (!nominated)
      throw new Error('Pull API: no nominated number (set the store WhatsApp number or pull_nominated_number)');
    const urls = this.kit.settings.callbackUrls(mpesa.settings.callback_secret);
    await this.kit.daraja.pullRegister(mpesa.credentials, mpesa.settings.shortcode, nominated, urls.c2bConfirmation);
    await this.kit.tenantDb.run(ctx, (trx) => this.settingsRepository.markPullRegistered(trx));
  }

  private async scheduleNext(ctx: RequestContext, paymentId: string): Promise<void> {
    const next = await this.kit.tenantDb.run(ctx, async (trx) => {
      const payment = await this.kit.repository.lock(trx, paymentId);
      if (!payment || payment.receipt_due_at === null) return null;
      const lookups = payment.receipt_lookups + 1;
      const units = NEXT_LOOKUP_UNITS[lookups - 1];
      const delay = units === undefined ? HOURLY_MS : units * this.config.MPESA_RECEIPT_RETRY_MS;
      if (Date.now() + delay - new Date(payment.created_at).getTime() > GIVE_UP_AFTER_MS) {
        await this.kit.repository.update(trx, paymentId, { receipt_due_at: null, receipt_lookups: lookups });
        await this.kit.repository.addFlags(trx, paymentId, ['receipt_unmatched']);
        return 'gave_up' as const;
      }
      await this.kit.repository.update(trx, paymentId, {
        receipt_due_at: new Date(Date.now() + delay),
        receipt_lookups: lookups,
      });
      return { delay, lookups };
    });
    if (next === 'gave_up') {
      this.kit.metrics.receiptLookups.inc({ outcome: 'gave_up' });
      this.kit.logger.error(
        { payment_id: paymentId },
        'no receipt found in 46 h of Pull lookups: needs the M-Pesa statement',
      );
      return;
    }
    if (!next) return;
    await enqueue(
      this.queues.get('payments')!,
      'payment.receipt',
      ctx.tenantId,
      { paymentId, attempt: next.lookups + 1 },
      { delay: next.delay, jobId: `receipt-${paymentId}-${next.lookups + 1}` },
    ).catch((error: unknown) =>
      this.kit.logger.warn(
        { err: error, payment_id: paymentId },
        'could not queue the next receipt lookup; the sweeper will',
      ),
    );
  }
}
