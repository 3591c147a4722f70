import { Inject, Injectable } from '@nestjs/common';
import { addDays, nairobiDay, PAYMENT_RECEIVED_ORDER_STATUSES as PAID_ORDER_STATUSES } from '@sokoni/contracts';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER } from '../../platform/tokens';
import { DarajaClient } from './daraja/daraja-client';
import { DARAJA } from './daraja/daraja.provider';
import { MpesaSettingsService } from './mpesa-settings.service';
import { PaymentSettlement } from './payment-settlement.service';
import { PaymentsRepository } from './payments.repository';
import type { RequestContext } from '../../platform/request-context';

/** One entry of M-Pesa's own record (the sandbox's statement; the org portal export in production). */
interface StatementEntry {
  type: string;
  direction?: 'in' | 'out';
  receipt: string;
  amount: number;
  checkoutRequestId?: string | null;
  at?: string;
}

export interface Mismatch {
  kind: string;
  orderNumber?: number | null;
  paymentId?: string | null;
  receipt?: string | null;
  detail: string;
}

const WATCH_FLAGS = [
  'amount_mismatch',
  'phone_mismatch',
  'duplicate_payment',
  'paid_after_cancel',
  'stock_short',
  'late_success',
  'conflicting_result',
  'push_unconfirmed',
];

/**
 * The daily report per store: our orders vs our payments vs M-Pesa's record of money received.
 * Money M-Pesa took that we never marked paid is applied (it is the shopper's money and their
 * order) and listed; everything else that disagrees is listed for a person to decide.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly settings: MpesaSettingsService,
    private readonly settlement: PaymentSettlement,
    private readonly tenantDb: TenantDb,
    @Inject(DARAJA) private readonly daraja: DarajaClient,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Nairobi's calendar day before today, YYYY-MM-DD. */
  static yesterday(now = new Date()): string {
    return addDays(nairobiDay(now), -1);
  }

  async run(ctx: RequestContext, day: string) {
    const mpesa = await this.settings.load(ctx);
    const mismatches: Mismatch[] = [];
    let recovered = 0;

    // 1. M-Pesa's side. With a statement: every STK receipt must be a paid payment of ours.
    //    Without one: ask Daraja again about every attempt we did not see paid.
    const statement = mpesa ? await this.statement(mpesa.settings.shortcode) : null;
    const payments = await this.tenantDb.run(ctx, (trx) => this.repository.onDay(trx, day));
    if (mpesa && statement) {
      const dayEntries = statement.filter((e) => !e.at || nairobiDay(e.at) === day);
      for (const entry of dayEntries.filter((e) => e.type === 'stk' && e.checkoutRequestId)) {
        const ours = payments.find((p) => p.checkout_request_id === entry.checkoutRequestId);
        if (!ours) continue; // another system's push on a shared shortcode
        if (ours.status !== 'paid' && ours.status !== 'refunded') {
          const applied = await this.settlement.applyStkByCheckoutRequest(ctx, entry.checkoutRequestId!, {
            source: 'statement',
            resultCode: '0',
            resultDesc: 'Found in the M-Pesa statement',
            amount: entry.amount,
            receipt: entry.receipt,
            phone: null,
          });
          if (applied.outcome.startsWith('applied')) recovered++;
          mismatches.push({
            kind: 'paid_at_mpesa_not_here',
            paymentId: ours.id,
            receipt: entry.receipt,
            detail: `M-Pesa took KES ${entry.amount} but we had the attempt as ${ours.status}; ${applied.outcome}`,
          });
        } else if (ours.receipt_number && ours.receipt_number !== entry.receipt) {
          mismatches.push({
            kind: 'receipt_differs',
            paymentId: ours.id,
            receipt: entry.receipt,
            detail: `our receipt ${ours.receipt_number}, M-Pesa's ${entry.receipt}`,
          });
        }
      }
      const receipts = new Set(statement.map((e) => e.receipt));
      for (const p of payments.filter(
        (x) => (x.status === 'paid' || x.status === 'refunded') && x.receipt_number && !receipts.has(x.receipt_number),
      )) {
        mismatches.push({
          kind: 'not_in_mpesa_statement',
          paymentId: p.id,
          receipt: p.receipt_number,
          detail: `we have KES ${p.paid_amount_kes} paid, M-Pesa's record has no such receipt`,
        });
      }
      const c2b = await this.tenantDb.run(ctx, (trx) => this.repository.c2bOnDay(trx, day));
      const c2bIds = new Set(c2b.map((c) => c.trans_id));
      for (const entry of dayEntries.filter((e) => e.type === 'c2b' && !c2bIds.has(e.receipt))) {
        mismatches.push({
          kind: 'c2b_confirmation_missing',
          receipt: entry.receipt,
          detail: `M-Pesa received KES ${entry.amount} by hand but its confirmation never reached us`,
        });
      }
    } else if (mpesa) {
      for (const p of payments.filter(
        (x) => x.method === 'stk' && x.checkout_request_id && x.status !== 'paid' && x.status !== 'refunded',
      )) {
        const answer = await this.daraja
          .stkQuery(mpesa.credentials, mpesa.settings.shortcode, p.checkout_request_id!)
          .catch(() => null);
        if (answer?.state === 'final' && answer.resultCode === '0') {
          const applied = await this.settlement.applyStkToPayment(ctx, p.id, {
            source: 'query',
            resultCode: '0',
            resultDesc: answer.resultDesc,
            amount: null,
            receipt: null,
            phone: null,
          });
          if (applied.outcome.startsWith('applied')) recovered++;
          mismatches.push({
            kind: 'paid_at_mpesa_not_here',
            paymentId: p.id,
            detail: `STK Query says paid; we had ${p.status}; ${applied.outcome}`,
          });
        }
      }
    }

    // 2. Our own books, after any recovery above.
    const report = await this.tenantDb.run(ctx, async (trx) => {
      const fresh = await this.repository.onDay(trx, day);
      // Orders of the day, plus older orders that had attempts today.
      const orderIds = [...new Set(fresh.map((p) => p.order_id))];
      const orders = await this.repository.ordersForReconciliation(trx, orderIds, day);
      const numberOf = new Map(orders.map((o) => [o.id, o.number]));
      for (const order of orders) {
        const settled = fresh.filter(
          (p) => p.order_id === order.id && (p.status === 'paid' || p.status === 'refunded') && p.counts_for_order,
        );
        if (PAID_ORDER_STATUSES.has(order.status) && settled.length === 0) {
          if (!(await this.repository.hasSettledPayment(trx, order.id)))
            mismatches.push({
              kind: 'order_paid_without_payment',
              orderNumber: order.number,
              detail: `order is ${order.status} but no M-Pesa payment is recorded for it`,
            });
        }
        if (!PAID_ORDER_STATUSES.has(order.status) && settled.length > 0) {
          mismatches.push({
            kind: 'payment_without_paid_order',
            orderNumber: order.number,
            paymentId: settled[0]!.id,
            detail: `paid KES ${settled[0]!.paid_amount_kes} but the order is ${order.status}`,
          });
        }
        for (const p of settled) {
          if ((p.paid_amount_kes ?? p.amount_kes) !== order.total_kes)
            mismatches.push({
              kind: 'amount_differs',
              orderNumber: order.number,
              paymentId: p.id,
              detail: `order KES ${order.total_kes}, paid KES ${p.paid_amount_kes}`,
            });
        }
      }
      for (const p of fresh) {
        const flags = p.flags.filter((f) => WATCH_FLAGS.includes(f));
        if (flags.length)
          mismatches.push({
            kind: `flagged_${flags[0]}`,
            orderNumber: numberOf.get(p.order_id) ?? null,
            paymentId: p.id,
            receipt: p.receipt_number,
            detail: `flags: ${flags.join(', ')}`,
          });
        if (p.status === 'paid' && !p.receipt_number)
          mismatches.push({
            kind: 'receipt_missing',
            orderNumber: numberOf.get(p.order_id) ?? null,
            paymentId: p.id,
            detail: 'paid by STK Query; the receipt number has not arrived',
          });
      }
      // A refund M-Pesa refused: the shopper is still owed the money (try again from the order).
      for (const r of await this.repository.failedRefundsOnDay(trx, day))
        mismatches.push({
          kind: 'refund_failed',
          orderNumber: Number(r.number),
          paymentId: r.payment_id,
          detail: `refund of KES ${r.amount_kes} failed${r.result_desc ? `: ${r.result_desc}` : ''}`,
        });
      for (const c of await this.repository.callbacksNeedingAttention(trx, day)) {
        mismatches.push({
          kind: c.outcome ? `callback_${c.outcome}` : 'callback_unprocessed',
          detail: `${c.kind} callback ${c.reference ?? '(no reference)'} ${c.outcome ? 'flagged' : 'not processed yet'}`,
        });
      }
      const paid = fresh.filter((p) => p.status === 'paid' || p.status === 'refunded');
      const totals = {
        day,
        orders: orders.length,
        paidOrders: orders.filter((o) => PAID_ORDER_STATUSES.has(o.status)).length,
        attempts: fresh.length,
        paidAttempts: paid.length,
        failedAttempts: fresh.filter((p) => p.status === 'failed').length,
        openAttempts: fresh.filter((p) => p.status === 'pending' || p.status === 'initiating').length,
        // What the paid orders say shoppers owed: set against receivedKes on the owner's page.
        expectedKes: orders.filter((o) => PAID_ORDER_STATUSES.has(o.status)).reduce((sum, o) => sum + o.total_kes, 0),
        receivedKes: paid.reduce((sum, p) => sum + (p.paid_amount_kes ?? p.amount_kes), 0),
        refundedKes: fresh.reduce((sum, p) => sum + p.refunded_kes, 0),
        statementChecked: Boolean(statement),
        recoveredFromMpesa: recovered,
        mismatches: mismatches.length,
      };
      await this.repository.saveReconciliation(trx, ctx.tenantId, day, totals, mismatches);
      return { day, totals, mismatches, generatedAt: new Date().toISOString() };
    });
    if (mismatches.length)
      this.logger.warn(
        { tenant_id: ctx.tenantId, day, mismatches: mismatches.length },
        'payment reconciliation found mismatches',
      );
    return report;
  }

  async stored(ctx: RequestContext, day: string) {
    const row = await this.tenantDb.run(ctx, (trx) => this.repository.reconciliation(trx, day));
    return row
      ? { day, totals: row.totals, mismatches: row.mismatches, generatedAt: new Date(row.generated_at).toISOString() }
      : null;
  }

  /** The newest stored reports (newest day first): which days have one and how they came out. */
  async recent(ctx: RequestContext, limit: number) {
    const rows = await this.tenantDb.run(ctx, (trx) => this.repository.recentReconciliations(trx, limit));
    return rows.map((r) => {
      const totals = r.totals as { expectedKes?: number; receivedKes?: number; mismatches?: number };
      return {
        day: r.day,
        generatedAt: new Date(r.generated_at).toISOString(),
        expectedKes: totals.expectedKes ?? null,
        receivedKes: totals.receivedKes ?? 0,
        mismatches: totals.mismatches ?? 0,
      };
    });
  }

  private async statement(shortcode: string): Promise<StatementEntry[] | null> {
    if (!this.config.DARAJA_STATEMENT_URL) return null;
    try {
      const res = await fetch(`${this.config.DARAJA_STATEMENT_URL}?shortCode=${encodeURIComponent(shortcode)}`, {
        signal: AbortSignal.timeout(this.config.DARAJA_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { entries?: StatementEntry[] };
      return (body.entries ?? []).map((e) => ({ ...e, amount: Number(e.amount) }));
    } catch (error) {
      this.logger.warn({ err: error }, 'M-Pesa statement unavailable; reconciling by STK Query instead');
      return null;
    }
  }
}
