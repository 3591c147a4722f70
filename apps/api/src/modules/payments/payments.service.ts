import { Inject, Injectable } from '@nestjs/common';
import { PHONE_FORMAT_HINT, normaliseKenyanPhone, type OrderPayments, type Payment, type StartPayment } from '@sokoni/contracts';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, DB, LOGGER, QUEUES, REDIS } from '../../platform/tokens';
import type { Database, Kysely } from '@sokoni/db';
import { enqueue, type QueueName } from '../../queues/queues';
import { AuditService } from '../audit/audit.service';
import { OrdersService } from '../orders/orders.service';
import { DarajaClient, DarajaRejectedError, DarajaUnavailableError } from './daraja/daraja-client';
import { DARAJA } from './daraja/daraja.provider';
import { MpesaSettingsService, type StoreMpesa } from './mpesa-settings.service';
import { PaymentMetrics } from './payment-metrics';
import { PaymentSettlement } from './payment-settlement.service';
import { toPayment } from './payment-view';
import { PaymentsRepository, type PaymentRow } from './payments.repository';

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** An STK push Daraja never answered (we crashed, or it timed out) is given up after this. */
const INITIATION_GRACE_MS = 2 * 60_000;
/** How often a shopper's status check may ask Daraja itself, per payment. */
const STATUS_QUERY_EVERY_SECONDS = 5;

const SYSTEM = { type: 'system' as const, id: 'mpesa' };

/**
 * The shopper's side of paying: start an STK push (one per order at a time, idempotent per
 * attempt key), watch it, or prove a payment made by hand. State changes go to PaymentSettlement.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly orders: OrdersService,
    private readonly settings: MpesaSettingsService,
    private readonly settlement: PaymentSettlement,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
    private readonly keys: RedisKeys,
    private readonly metrics: PaymentMetrics,
    @Inject(DARAJA) private readonly daraja: DarajaClient,
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Sends the PIN prompt. The same Idempotency-Key returns the same attempt; while an attempt is
   * open for the order, every request gets that one (the partial unique index makes it so even
   * across replicas): a double tap on Pay can never send two prompts.
   */
  async start(tenantId: string, orderId: string, idempotencyKey: string, input: StartPayment): Promise<{ payment: Payment; created: boolean }> {
    const idemKey = this.keys.tenant(tenantId, 'idempotency', 'payment', idempotencyKey);
    const known = await this.redis.get(idemKey);
    if (known) return { payment: await this.view(tenantId, orderId, known), created: false };

    const mpesa = await this.settings.load(tenantId);
    if (!mpesa) throw new ApiError(409, 'conflict', 'This shop takes M-Pesa by hand only: pay to their till or paybill, or finish on WhatsApp', { reason: 'mpesa_not_configured' });
    const phoneInput = input.phone;
    const opened = await this.tenantDb.run(tenantId, async (trx) => {
      const order = await this.orders.lockWithin(trx, { id: orderId });
      const existing = await this.repository.byIdempotencyKey(trx, idempotencyKey);
      if (existing) {
        if (existing.order_id !== orderId) throw new ApiError(409, 'conflict', 'This Idempotency-Key was already used for another order', { reason: 'idempotency_key_reused' });
        return { payment: existing, created: false };
      }
      if (order.status !== 'pending_payment') {
        const why = order.status === 'cancelled' ? 'This order was cancelled (its items were held for 15 minutes). Place it again to pay.' : `Order #${order.number} is already paid.`;
        throw new ApiError(409, 'conflict', why, { reason: 'order_not_payable', status: order.status });
      }
      const active = await this.repository.activeForOrder(trx, orderId);
      if (active) return { payment: active, created: false };
      const phone = phoneInput === undefined ? order.phone : normaliseKenyanPhone(phoneInput);
      if (!phone) throw new ApiError(400, 'validation_failed', `Enter ${PHONE_FORMAT_HINT}`, { where: 'body', field: 'phone' });
      const id = await this.repository.insert(trx, {
        tenant_id: tenantId, order_id: orderId, method: 'stk', status: 'initiating', amount_kes: order.total_kes, phone,
        idempotency_key: idempotencyKey, next_query_at: new Date(Date.now() + INITIATION_GRACE_MS),
      });
      await this.orders.extendReservationWithin(trx, orderId, new Date(Date.now() + this.stkWindowMs()));
      await this.audit.record(trx, tenantId, { actor: { type: 'shopper', id: phone }, action: 'payment.started', entity: { type: 'payment', id }, after: { orderId, orderNumber: order.number, amountKes: order.total_kes, method: 'stk' } });
      return { payment: (await this.repository.byId(trx, id))!, created: true, orderNumber: order.number };
    }).catch((error: unknown) => {
      // Two taps, two keys, same instant: the index lets one in; the other gets the winner's attempt.
      if ((error as { constraint?: string }).constraint === 'payments_one_active_per_order') return null;
      throw error;
    });
    if (!opened) {
      const active = await this.tenantDb.run(tenantId, (trx) => this.repository.activeForOrder(trx, orderId));
      if (!active) throw new ApiError(409, 'conflict', 'Another payment attempt just finished for this order: refresh to see it', { reason: 'payment_race' });
      return { payment: toPayment(active, this.manual(mpesa, active.amount_kes, null)), created: false };
    }
    if (!opened.created) {
      await this.redis.set(idemKey, opened.payment.id, 'EX', IDEMPOTENCY_TTL_SECONDS);
      return { payment: await this.view(tenantId, orderId, opened.payment.id), created: false };
    }
    const payment = await this.push(tenantId, mpesa, opened.payment, (opened as { orderNumber: number }).orderNumber);
    await this.redis.set(idemKey, payment.id, 'EX', IDEMPOTENCY_TTL_SECONDS);
    return { payment: toPayment(payment, this.manual(mpesa, payment.amount_kes, (opened as { orderNumber: number }).orderNumber)), created: true };
  }

  /** Every attempt for the order, newest first, and where to pay by hand. */
  async list(tenantId: string, orderId: string): Promise<OrderPayments> {
    const mpesa = await this.settings.load(tenantId);
    return this.tenantDb.run(tenantId, async (trx) => {
      const order = await this.orders.getWithin(trx, orderId);
      const manual = this.manual(mpesa, order.totalKes, order.number);
      const rows = await this.repository.forOrder(trx, orderId);
      return { orderStatus: order.status, payments: rows.map((r) => toPayment(r, manual)), manual };
    });
  }

  /**
   * One attempt, as it stands. If its PIN prompt has been open a while with no callback, this
   * asks Daraja directly (at most every few seconds per payment) and settles on the answer: the
   * same settlement the callback job uses, so whichever lands first wins and the other is a no-op.
   */
  async status(tenantId: string, orderId: string, paymentId: string): Promise<Payment> {
    const row = await this.tenantDb.run(tenantId, (trx) => this.repository.byId(trx, paymentId));
    if (!row || row.order_id !== orderId) throw ApiError.notFound('not_found', 'No such payment for this order');
    const age = Date.now() - new Date(row.created_at).getTime();
    if (row.status === 'pending' && row.checkout_request_id && age >= this.config.MPESA_STATUS_QUERY_AFTER_MS) {
      const throttle = this.keys.tenant(tenantId, 'payment-status-query', paymentId);
      if (await this.redis.set(throttle, '1', 'EX', STATUS_QUERY_EVERY_SECONDS, 'NX')) {
        await this.queryAndSettle(tenantId, paymentId, 'status_check').catch((error: unknown) => this.logger.warn({ err: error, payment_id: paymentId }, 'status check could not ask M-Pesa'));
      }
    }
    return this.view(tenantId, orderId, paymentId);
  }

  /**
   * "I paid by hand, here is my code": accepted only when a C2B confirmation with that code
   * reached this store, is unclaimed, and is for this order's amount. Never on the code alone.
   */
  async confirmCode(tenantId: string, orderId: string, code: string): Promise<Payment> {
    const mpesa = await this.settings.load(tenantId);
    const owed: { tenantId: string; orderId: string; kind: string }[] = [];
    const payment = await this.tenantDb.run(tenantId, async (trx) => {
      const order = await this.orders.lockWithin(trx, { id: orderId });
      const c2b = await this.repository.lockC2b(trx, code);
      if (!c2b) {
        throw new ApiError(409, 'conflict', `We have not received an M-Pesa payment with code ${code} yet. Check the code in your SMS; if you just paid, wait a minute and try again.`, { reason: 'code_not_found', field: 'code' });
      }
      if (c2b.matched_payment_id) {
        const matched = await this.repository.byId(trx, c2b.matched_payment_id);
        if (matched?.order_id === orderId) return matched;
        throw new ApiError(409, 'conflict', `The payment ${code} is already linked to another order.`, { reason: 'code_used', field: 'code' });
      }
      if (c2b.amount_kes !== order.total_kes) {
        throw new ApiError(409, 'conflict', `The payment ${code} was for KES ${c2b.amount_kes}, but this order is KES ${order.total_kes}. Contact the shop to sort it out.`, { reason: 'amount_mismatch', field: 'code' });
      }
      if (order.status !== 'pending_payment' && order.status !== 'cancelled') {
        throw new ApiError(409, 'conflict', `Order #${order.number} is already paid.`, { reason: 'order_not_payable', status: order.status });
      }
      return this.settlement.settleFromC2b(trx, tenantId, orderId, c2b, owed);
    });
    await this.settlement.notify(owed);
    return toPayment(payment, mpesa ? this.manual(mpesa, payment.amount_kes, null) : null);
  }

  /**
   * Asks Daraja about one open push (STK Query) and settles on a final answer. Returns
   * 'pending' while the prompt is still open (or Daraja cannot be reached).
   */
  async queryAndSettle(tenantId: string, paymentId: string, why: string): Promise<'pending' | 'settled' | 'not_open'> {
    const row = await this.tenantDb.run(tenantId, (trx) => this.repository.byId(trx, paymentId));
    if (!row || row.status !== 'pending' || !row.checkout_request_id) return 'not_open';
    const mpesa = await this.settings.load(tenantId);
    if (!mpesa) return 'pending';
    let answer;
    try {
      answer = await this.daraja.stkQuery(mpesa.credentials, mpesa.settings.shortcode, row.checkout_request_id);
    } catch (error) {
      this.logger.warn({ err: error, payment_id: paymentId, why }, 'STK query failed');
      return 'pending';
    }
    this.metrics.stkQueries.inc({ answer: answer.state === 'pending' ? 'pending' : answer.resultCode === '0' ? 'paid' : 'failed' });
    if (answer.state === 'pending') return 'pending';
    await this.settlement.applyStkToPayment(tenantId, paymentId, { source: 'query', resultCode: answer.resultCode, resultDesc: answer.resultDesc, amount: null, receipt: null, phone: null });
    return 'settled';
  }

  /**
   * The STK Query job: settle, or ask again later with backoff; after the last attempt the
   * attempt is declared timed out (a success that arrives after that still marks it paid).
   */
  async runQueryJob(tenantId: string, paymentId: string, attempt: number): Promise<string> {
    const state = await this.queryAndSettle(tenantId, paymentId, `query job attempt ${attempt}`);
    if (state !== 'pending') return state;
    if (attempt >= this.config.MPESA_QUERY_MAX_ATTEMPTS) {
      await this.tenantDb.run(tenantId, async (trx) => {
        const payment = await this.repository.lock(trx, paymentId);
        if (payment?.status === 'pending') await this.settlement.failWithin(trx, tenantId, payment, null, 'No answer from M-Pesa in time', ['declared_timeout']);
      });
      return 'declared_timeout';
    }
    await this.scheduleQuery(tenantId, paymentId, attempt + 1);
    return 'requeried_later';
  }

  /** The sweeper's view: overdue queries re-run; pushes Daraja never answered given up. */
  async sweepDue(graceSeconds: number): Promise<{ queried: number; abandoned: number }> {
    const due = await this.repository.paymentsDue(this.db, graceSeconds, 200);
    let queried = 0;
    let abandoned = 0;
    for (const { tenant_id, payment_id, status } of due) {
      if (status === 'initiating') {
        await this.tenantDb.run(tenant_id, async (trx) => {
          const payment = await this.repository.lock(trx, payment_id);
          if (payment?.status === 'initiating') await this.settlement.failWithin(trx, tenant_id, payment, null, 'Daraja never confirmed the STK push', ['push_unconfirmed']);
        });
        abandoned++;
      } else {
        const row = await this.tenantDb.run(tenant_id, (trx) => this.repository.byId(trx, payment_id));
        await this.runQueryJob(tenant_id, payment_id, row?.query_attempts ? row.query_attempts : 1);
        queried++;
      }
    }
    return { queried, abandoned };
  }

  private async push(tenantId: string, mpesa: StoreMpesa, payment: PaymentRow, orderNumber: number): Promise<PaymentRow> {
    const urls = this.settings.callbackUrls(mpesa.settings.callback_secret);
    try {
      const accepted = await this.daraja.stkPush(mpesa.credentials, {
        businessShortCode: mpesa.settings.shortcode, transactionType: mpesa.transactionType, amount: payment.amount_kes, phone: payment.phone,
        partyB: mpesa.partyB, callBackUrl: urls.stk, accountReference: String(orderNumber), transactionDesc: `Order ${orderNumber}`,
      });
      this.metrics.stkRequests.inc({ outcome: 'accepted' });
      await this.tenantDb.run(tenantId, (trx) => this.repository.update(trx, payment.id, {
        status: 'pending', checkout_request_id: accepted.checkoutRequestId, merchant_request_id: accepted.merchantRequestId,
        next_query_at: new Date(Date.now() + this.config.MPESA_QUERY_AFTER_MS), query_attempts: 1,
      }));
      await this.scheduleQuery(tenantId, payment.id, 1, false).catch((error: unknown) => this.logger.warn({ err: error, payment_id: payment.id }, 'could not queue the STK query; the sweeper will'));
    } catch (error) {
      if (!(error instanceof DarajaRejectedError) && !(error instanceof DarajaUnavailableError)) throw error;
      const rejected = error instanceof DarajaRejectedError;
      this.metrics.stkRequests.inc({ outcome: rejected ? 'rejected' : 'unavailable' });
      this.logger.warn({ err: error, payment_id: payment.id, tenant_id: tenantId }, 'STK push not accepted');
      const { resultCode, flags } = rejectionCode(error);
      await this.tenantDb.run(tenantId, async (trx) => {
        const locked = (await this.repository.lock(trx, payment.id))!;
        await this.settlement.failWithin(trx, tenantId, locked, resultCode, error.message, flags);
      });
      if (!rejected) {
        throw new ApiError(503, 'payment_provider_unavailable', 'M-Pesa is not answering right now, so no payment request was sent. Try again in a minute, or finish on WhatsApp.', { reason: 'daraja_unavailable', paymentId: payment.id });
      }
    }
    return (await this.tenantDb.run(tenantId, (trx) => this.repository.byId(trx, payment.id)))!;
  }

  /** attempt n runs MPESA_QUERY_AFTER_MS * 2^(n-1) after the previous one. */
  private async scheduleQuery(tenantId: string, paymentId: string, attempt: number, bumpRow = true): Promise<void> {
    const delay = this.config.MPESA_QUERY_AFTER_MS * 2 ** (attempt - 1);
    if (bumpRow) {
      await this.tenantDb.run(tenantId, async (trx) => {
        await this.repository.update(trx, paymentId, { next_query_at: new Date(Date.now() + delay), query_attempts: attempt });
        const row = await this.repository.byId(trx, paymentId);
        if (row) await this.orders.extendReservationWithin(trx, row.order_id, new Date(Date.now() + delay + 60_000));
      });
    }
    await enqueue(this.queues.get('payments')!, 'payment.query', tenantId, { paymentId, attempt }, { delay, jobId: `query-${paymentId}-${attempt}` });
  }

  /** Push to the last query's answer, plus a minute: how long the stock must stay held. */
  private stkWindowMs(): number {
    return this.config.MPESA_QUERY_AFTER_MS * (2 ** this.config.MPESA_QUERY_MAX_ATTEMPTS - 1) + 60_000;
  }

  private manual(mpesa: StoreMpesa | null, amountKes: number, orderNumber: number | null): Payment['manual'] {
    if (!mpesa) return null;
    return {
      kind: mpesa.settings.kind, shortcode: mpesa.publicNumber,
      account: mpesa.settings.kind === 'paybill' && orderNumber !== null ? String(orderNumber) : null, amountKes,
    };
  }

  private async view(tenantId: string, orderId: string, paymentId: string): Promise<Payment> {
    const mpesa = await this.settings.load(tenantId);
    return this.tenantDb.run(tenantId, async (trx) => {
      const row = await this.repository.byId(trx, paymentId);
      if (!row || row.order_id !== orderId) throw ApiError.notFound('not_found', 'No such payment for this order');
      const order = await this.orders.getWithin(trx, orderId);
      return toPayment(row, this.manual(mpesa, row.amount_kes, order.number));
    });
  }
}

/** A refused push in ResultCode terms, so the shopper sees the right words. */
function rejectionCode(error: DarajaRejectedError | DarajaUnavailableError): { resultCode: string; flags: string[] } {
  if (error instanceof DarajaUnavailableError) return { resultCode: '1025', flags: ['push_unconfirmed'] };
  if (/lock subscriber|already in process/i.test(error.message)) return { resultCode: '1001', flags: [] };
  if (/spike arrest|quota/i.test(error.message) || error.errorCode.startsWith('500.003')) return { resultCode: '1025', flags: ['rate_limited'] };
  // Credentials, shortcode, passkey or our own request are wrong: the shop must fix its setup.
  return { resultCode: '2028', flags: ['merchant_setup'] };
}
