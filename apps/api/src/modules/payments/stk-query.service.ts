import { Injectable } from '@nestjs/common';
import type { PaymentRow } from './payments.repository';
import type { RequestContext } from '../../platform/request-context';
import { StkKit } from './stk-kit';

/**
 * Asking Daraja about an open STK push (STK Query) and settling on its answer: from the query
 * job with backoff, and from a shopper's status check. The same settlement the callback job
 * uses, so whichever lands first wins and the other is a no-op.
 */
@Injectable()
export class StkQueryService {
  constructor(private readonly kit: StkKit) {}

  /**
   * Asks Daraja about one open push (STK Query) and settles on a final answer. Returns
   * 'pending' while the prompt is still open (or Daraja cannot be reached).
   */
  async queryAndSettle(
    ctx: RequestContext,
    paymentId: string,
    why: string,
  ): Promise<'pending' | 'settled' | 'not_open'> {
    const open = (row: PaymentRow | undefined): row is PaymentRow & { checkout_request_id: string } =>
      row?.status === 'pending' && Boolean(row.checkout_request_id);
    const read = await this.kit.tenantDb.run(ctx, async (trx) => {
      const row = await this.kit.repository.byId(trx, paymentId);
      return {
        row,
        storedCallback: open(row)
          ? await this.kit.repository.unprocessedStkCallback(trx, row.checkout_request_id)
          : undefined,
      };
    });
    let row = read.row;
    if (!open(row)) return 'not_open';
    if (read.storedCallback) {
      // M-Pesa has answered already: its callback is stored and its job is still queued (a burst
      // keeps the queue long). Apply it now instead of asking again: the same exactly-once
      // processing the job runs (the job then finds it done), and it brings the receipt and
      // amount a query answer lacks, so no receipt lookup follows.
      const applied = await this.kit.settlement.processCallback(ctx, read.storedCallback);
      if (applied !== null) {
        this.kit.metrics.stkQueriesAvoided.inc({ why: 'callback_stored' });
        row = await this.kit.tenantDb.run(ctx, (trx) => this.kit.repository.byId(trx, paymentId));
        // A callback that did not settle it (a different amount, held for verification) leaves it open: ask as before.
        if (!open(row)) return 'settled';
      }
    }
    const mpesa = await this.kit.settings.load(ctx);
    if (!mpesa) return 'pending';
    let answer;
    try {
      answer = await this.kit.daraja.stkQuery(mpesa.credentials, mpesa.settings.shortcode, row.checkout_request_id);
    } catch (error) {
      this.kit.logger.warn({ err: error, payment_id: paymentId, why }, 'STK query failed');
      return 'pending';
    }
    this.kit.metrics.stkQueries.inc({
      answer: answer.state === 'pending' ? 'pending' : answer.resultCode === '0' ? 'paid' : 'failed',
    });
    if (answer.state === 'pending') return 'pending';
    await this.kit.settlement.applyStkToPayment(ctx, paymentId, {
      source: 'query',
      resultCode: answer.resultCode,
      resultDesc: answer.resultDesc,
      amount: null,
      receipt: null,
      phone: null,
    });
    return 'settled';
  }

  /**
   * The STK Query job: settle, or ask again later with backoff; after the last attempt the
   * attempt is declared timed out (a success that arrives after that still marks it paid).
   */
  async runQueryJob(ctx: RequestContext, paymentId: string, attempt: number): Promise<string> {
    const state = await this.queryAndSettle(ctx, paymentId, `query job attempt ${attempt}`);
    if (state !== 'pending') return state;
    if (this.kit.schedule.isLastAttempt(attempt)) {
      await this.kit.tenantDb.run(ctx, async (trx) => {
        const payment = await this.kit.repository.lock(trx, paymentId);
        if (payment?.status === 'pending')
          await this.kit.settlement.failWithin(trx, ctx, payment, null, 'No answer from M-Pesa in time', [
            'declared_timeout',
          ]);
      });
      return 'declared_timeout';
    }
    await this.kit.schedule.schedule(ctx, paymentId, attempt + 1);
    return 'requeried_later';
  }

  /**
   * The `payment.verify` job (issue 13): a callback whose amount or phone differed was flagged
   * and not applied; ask Daraja whether the push was really paid. A push still open settles as
   * usual; one failed on the wrong amount gets STK Query's answer, and "paid" there is checked
   * against the Pull API's amount (PaymentSettlement.recordPulled) before the order is paid.
   */
  async runVerifyJob(ctx: RequestContext, paymentId: string, attempt: number): Promise<string> {
    const row = await this.kit.tenantDb.run(ctx, (trx) => this.kit.repository.byId(trx, paymentId));
    if (!row || !row.checkout_request_id) return 'not_found';
    let state: 'pending' | 'settled' | 'not_open' | 'done';
    if (row.status === 'pending') state = await this.queryAndSettle(ctx, paymentId, 'verify after mismatch');
    else if (
      row.status === 'failed' &&
      row.flags.includes('amount_mismatch') &&
      !row.flags.includes('query_says_paid')
    ) {
      const mpesa = await this.kit.settings.load(ctx);
      if (!mpesa) return 'no_mpesa';
      let answer;
      try {
        answer = await this.kit.daraja.stkQuery(mpesa.credentials, mpesa.settings.shortcode, row.checkout_request_id);
      } catch (error) {
        this.kit.logger.warn({ err: error, payment_id: paymentId }, 'verify: STK query failed');
        answer = { state: 'pending' as const };
      }
      if (answer.state === 'final') {
        await this.kit.settlement.applyStkToPayment(ctx, paymentId, {
          source: 'query',
          resultCode: answer.resultCode,
          resultDesc: answer.resultDesc,
          amount: null,
          receipt: null,
          phone: null,
        });
        this.kit.metrics.mismatchVerifications.inc({ step: answer.resultCode === '0' ? 'query_paid' : 'query_failed' });
        state = 'settled';
      } else state = 'pending';
    } else state = 'done';
    if (state !== 'pending') return state;
    this.kit.metrics.mismatchVerifications.inc({ step: 'pending' });
    if (this.kit.schedule.isLastAttempt(attempt)) return 'gave_up';
    await this.kit.schedule.scheduleVerify(ctx, paymentId, attempt + 1);
    return 'requeried_later';
  }

  /**
   * A shopper's status check: if the PIN prompt has been open a while with no callback, ask
   * Daraja directly (at most every few seconds per payment). A query that fails is logged, not thrown.
   */
  async queryOnStatusCheck(ctx: RequestContext, row: PaymentRow): Promise<boolean> {
    if (!(await this.kit.schedule.claimStatusQuery(ctx, row))) return false;
    await this.queryAndSettle(ctx, row.id, 'status_check').catch((error: unknown) =>
      this.kit.logger.warn({ err: error, payment_id: row.id }, 'status check could not ask M-Pesa'),
    );
    return true;
  }
}
