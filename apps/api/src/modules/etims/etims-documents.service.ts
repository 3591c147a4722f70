import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER } from '../../platform/tokens';
import { ETIMS_CLIENT, type EtimsClient } from './etims-client';
import { EtimsDocumentBuilder } from './etims-document-builder';
import { EtimsPrepRejected, EtimsPrepUnavailable } from './etims-items.service';
import { EtimsMetrics } from './etims-metrics';
import { EtimsSettingsService, type EtimsDevice } from './etims-settings.service';
import { EtimsRepository, SOLD_STATUSES } from './etims.repository';

type Doc = NonNullable<Awaited<ReturnType<EtimsRepository['head']>>>;

export type DrainResult =
  | { state: 'off' | 'idle'; sent: number }
  /** Another worker holds the store's send lease. */
  | { state: 'busy'; sent: number }
  /** KRA unreachable (or 894/999...): the head document waits for the job's next attempt. */
  | { state: 'retry'; sent: number; message: string };

type Sent = 'resolved' | 'again' | { retry: string };

/**
 * The store's fiscal documents: one sale per paid order, one credit note per completed refund
 * (unique indexes), sent strictly one at a time in invoice-number order under a lease on the
 * document (status 'sending' + sent_at), taken with the settings row locked. The invoice number
 * is allocated once, stored with the exact request before the call and kept for every resend;
 * KRA's answer is stored the moment it arrives (reference section 11).
 */
@Injectable()
export class EtimsDocumentsService {
  private readonly leaseMs: number;

  constructor(
    private readonly repository: EtimsRepository,
    private readonly tenantDb: TenantDb,
    private readonly settings: EtimsSettingsService,
    private readonly builder: EtimsDocumentBuilder,
    private readonly metrics: EtimsMetrics,
    @Inject(ETIMS_CLIENT) private readonly client: EtimsClient,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.leaseMs = Math.max(config.ETIMS_TIMEOUT_MS * 6, 30_000);
  }

  /**
   * The documents the order owes, created if missing (no-op when eTIMS is off for the store or
   * the order was never paid): its sale, and a credit note for each completed refund.
   */
  async ensureForOrder(ctx: RequestContext, orderId: string): Promise<number> {
    return this.tenantDb.run(ctx, async (trx) => {
      const settings = await this.repository.settings(trx);
      if (!settings?.enabled) return 0;
      const sold = await this.repository.soldOrder(trx, orderId);
      if (!sold || !(SOLD_STATUSES as readonly string[]).includes(sold.order.status)) return 0;
      let created = 0;
      if (
        await this.repository.ensureDocument(trx, {
          tenant_id: ctx.tenantId,
          order_id: orderId,
          refund_id: null,
          kind: 'sale',
          trd_invc_no: `INV-${sold.order.number}`,
          total_kes: sold.order.total_kes,
        })
      )
        created++;
      const refunds = await this.repository.completedRefunds(trx, orderId);
      for (const [i, refund] of refunds.entries())
        if (
          await this.repository.ensureDocument(trx, {
            tenant_id: ctx.tenantId,
            order_id: orderId,
            refund_id: refund.id,
            kind: 'credit_note',
            trd_invc_no: `CN-${sold.order.number}-${i + 1}`,
            total_kes: refund.amount_kes,
          })
        )
          created++;
      return created;
    });
  }

  /** Documents owed by the last `days` days' sold orders and completed refunds that have none (switched on later, lost job). */
  async ensureMissing(ctx: RequestContext, days = 2): Promise<number> {
    const since = new Date(Date.now() - days * 86_400_000);
    const orderIds = await this.tenantDb.run(ctx, async (trx) => {
      if (!(await this.repository.settings(trx))?.enabled) return [];
      const sales = await this.repository.ordersWithoutDocument(trx, since, 500);
      const refunds = await this.repository.refundsWithoutDocument(trx, since, 500);
      return [...new Set([...sales.map((o) => o.id), ...refunds.map((r) => r.order_id)])];
    });
    let created = 0;
    for (const id of orderIds) created += await this.ensureForOrder(ctx, id);
    return created;
  }

  /** Sends the store's open documents in order until none is left, the lease is taken, or KRA is unreachable. */
  async drain(ctx: RequestContext, max = 100): Promise<DrainResult> {
    let sent = 0;
    for (let i = 0; i < max; i++) {
      const claim = await this.tenantDb.run(ctx, async (trx) => {
        const row = await this.repository.lockSettings(trx);
        const device = this.settings.deviceWithin(row, ctx.tenantId);
        if (!device) return { state: 'off' as const };
        const head = await this.repository.head(trx);
        if (!head) return { state: 'idle' as const };
        if (head.status === 'sending' && head.sent_at && Date.now() - head.sent_at.getTime() < this.leaseMs)
          return { state: 'busy' as const };
        await this.repository.updateDocument(trx, head.id, {
          status: 'sending',
          sent_at: new Date(),
          attempts: head.attempts + 1,
        });
        return { state: 'claimed' as const, doc: head, device };
      });
      if (claim.state !== 'claimed') return { state: claim.state, sent };
      const result = await this.sendOne(ctx, claim.device, claim.doc).catch(async (error: unknown) => {
        // Anything unexpected: release the lease so the next attempt can take it at once.
        await this.tenantDb.run(ctx, (trx) =>
          this.repository.updateDocument(trx, claim.doc.id, {
            status: 'pending',
            last_error: String((error as Error).message).slice(0, 500),
          }),
        );
        throw error;
      });
      if (typeof result === 'object') return { state: 'retry', sent, message: result.retry };
      if (result === 'resolved') sent++;
    }
    return { state: 'idle', sent };
  }

  private async sendOne(ctx: RequestContext, device: EtimsDevice, doc: Doc): Promise<Sent> {
    let request = doc.invc_no !== null ? doc.request : null;
    if (!request) {
      let built: Record<string, unknown>;
      try {
        const prepared = await this.builder.prepare(ctx, device, doc);
        if ('refuse' in prepared) return this.reject(ctx, doc, null, prepared.refuse);
        built = await this.tenantDb.run(ctx, async (trx) => {
          const row = (await this.repository.lockSettings(trx))!;
          const invcNo = doc.invc_no ?? row.next_invc_no;
          const body = prepared.build(invcNo);
          if (doc.invc_no === null) await this.repository.updateSettings(trx, { next_invc_no: invcNo + 1 });
          await this.repository.updateDocument(trx, doc.id, {
            invc_no: invcNo,
            org_invc_no: body.orgInvcNo as number,
            request: body,
            sdc_id: device.sdcId,
            mrc_no: device.mrcNo,
          });
          doc.invc_no = invcNo;
          return body;
        });
      } catch (error) {
        if (error instanceof EtimsPrepRejected) return this.reject(ctx, doc, null, error.message);
        if (error instanceof EtimsPrepUnavailable) return this.waitAgain(ctx, doc, error.message);
        throw error;
      }
      request = built;
    }
    this.metrics.count(doc.kind, 'sent');
    const answer = await this.client.call('sale', device, request);
    this.metrics.calls.inc({ path: 'sale', answer: answer.kind });
    if (answer.kind === 'unavailable') return this.waitAgain(ctx, doc, answer.message);
    if (answer.kind === 'ok') {
      const data = answer.data ?? {};
      const int = (v: unknown) =>
        typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : null;
      const str = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.updateDocument(trx, doc.id, {
          status: 'accepted',
          result_cd: answer.resultCd,
          response: { resultCd: answer.resultCd, resultMsg: answer.resultMsg, data },
          cur_rcpt_no: int(data.curRcptNo ?? data['curRcptNo ']),
          tot_rcpt_no: int(data.totRcptNo ?? data['totRcptNo ']),
          intrl_data: str(data.intrlData),
          rcpt_sign: str(data.rcptSign) ?? '',
          sdc_date_time: str(data.sdcDateTime),
          last_error: null,
          rejection_reason: null,
          resolved_at: new Date(),
        }),
      );
      this.metrics.count(doc.kind, 'accepted');
      this.logger.info(
        { tenant_id: ctx.tenantId, document_id: doc.id, invc_no: doc.invc_no, kind: doc.kind },
        'etims document accepted',
      );
      if (doc.kind === 'sale')
        await this.builder
          .stockOut(ctx, device, doc.order_id)
          .catch((error: unknown) =>
            this.logger.warn(
              { err: error, tenant_id: ctx.tenantId, order_id: doc.order_id },
              'etims stock out not reported',
            ),
          );
      return 'resolved';
    }
    const sequence = /expected:\s*(\d+)\s*but found:\s*(\d+)/i.exec(answer.message);
    if (answer.resultCd === '994' || (sequence && Number(sequence[1]) === doc.invc_no! + 1)) {
      // KRA already recorded this number (a timeout after commit, a worker that died): never a second invoice.
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.updateDocument(trx, doc.id, {
          status: 'accepted_unsigned',
          result_cd: answer.resultCd,
          response: { resultCd: answer.resultCd, resultMsg: answer.message },
          last_error: null,
          resolved_at: new Date(),
        }),
      );
      this.metrics.count(doc.kind, 'accepted_unsigned');
      this.logger.warn(
        { tenant_id: ctx.tenantId, document_id: doc.id, invc_no: doc.invc_no },
        'etims: invoice already recorded by KRA; kept without signature, reconcile',
      );
      return 'resolved';
    }
    if (sequence && /invcNo/i.test(answer.message)) {
      // Our counter drifted from KRA's: take KRA's next number and send again.
      const expected = Number(sequence[1]);
      await this.tenantDb.run(ctx, async (trx) => {
        await this.repository.lockSettings(trx);
        await this.repository.updateSettings(trx, { next_invc_no: expected });
        await this.repository.updateDocument(trx, doc.id, {
          status: 'pending',
          invc_no: null,
          request: null,
          last_error: answer.message,
        });
      });
      this.logger.warn(
        { tenant_id: ctx.tenantId, ours: doc.invc_no, kra: expected },
        'etims invoice sequence resynced',
      );
      return 'again';
    }
    return this.reject(ctx, doc, answer.resultCd, answer.message);
  }

  private async waitAgain(ctx: RequestContext, doc: Doc, message: string): Promise<Sent> {
    await this.tenantDb.run(ctx, (trx) =>
      this.repository.updateDocument(trx, doc.id, { status: 'pending', last_error: message.slice(0, 500) }),
    );
    this.metrics.count(doc.kind, 'retried');
    this.logger.warn(
      { tenant_id: ctx.tenantId, document_id: doc.id, invc_no: doc.invc_no, message },
      'etims unavailable; will resend the same invoice',
    );
    return { retry: message };
  }

  /** A definite refusal: shown to the owner; its number (the last one allocated) is released for the next document. */
  private async reject(ctx: RequestContext, doc: Doc, resultCd: string | null, message: string): Promise<Sent> {
    await this.tenantDb.run(ctx, async (trx) => {
      const row = (await this.repository.lockSettings(trx))!;
      const release = doc.invc_no !== null && row.next_invc_no === doc.invc_no + 1;
      if (release) await this.repository.updateSettings(trx, { next_invc_no: doc.invc_no! });
      await this.repository.updateDocument(trx, doc.id, {
        status: 'rejected',
        result_cd: resultCd,
        rejection_reason: message.slice(0, 1000),
        invc_no: release ? null : doc.invc_no,
        request: release ? null : undefined,
        last_error: null,
        resolved_at: new Date(),
      });
    });
    this.metrics.count(doc.kind, 'rejected');
    this.logger.warn(
      { tenant_id: ctx.tenantId, document_id: doc.id, result_cd: resultCd, reason: message },
      'etims document rejected',
    );
    return 'resolved';
  }
}
