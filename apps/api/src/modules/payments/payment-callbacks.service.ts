import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely, PaymentCallbackKind } from '@sokoni/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { readableText, readJsonBody, type ReceivedBody } from '../../platform/raw-body';
import { mpesaCallbackLogger } from '../../platform/logger';
import { TenantDb } from '../../platform/tenant-db';
import { linkActiveSpanTo } from '../../platform/trace-context';
import { CONFIG, DB, LOGGER, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { c2bReference, resultReference, stkReference } from './daraja/callback-bodies';
import { MpesaSettingsRepository } from './mpesa-settings.repository';
import { PaymentMetrics } from './payment-metrics';
import { PaymentsRepository } from './payments.repository';
import type { RequestContext } from '../../platform/request-context';

/** The path words Daraja posts to, and what we store them as. */
export const CALLBACK_PATHS: Record<string, PaymentCallbackKind> = {
  stk: 'stk',
  'c2b-confirmation': 'c2b_confirmation',
  'c2b-validation': 'c2b_validation',
  result: 'reversal_result',
  timeout: 'result_timeout',
};

/** Daraja's callbacks are a few KB; anything past this is stored whole but flagged `too_large`, never applied. */
const MAX_RAW_BYTES = 64 * 1024;

/**
 * Callback intake (DESIGN.md section 5): find the store by the secret in the path, check the
 * source address as the store asked, write the raw bytes before anything reads them (a body
 * that cannot be read is stored flagged with the reason, never applied), answer 200, and
 * leave the state change to the reconciliation job (job id = the M-Pesa reference, so a
 * duplicate queued while the first waits collapses into it). Nothing here can double-apply.
 */
@Injectable()
export class PaymentCallbacksService {
  private readonly tenantBySecret = new Map<
    string,
    { tenantId: string; ipCheck: 'off' | 'log' | 'enforce'; at: number }
  >();

  constructor(
    private readonly repository: PaymentsRepository,
    private readonly settings: MpesaSettingsRepository,
    private readonly tenantDb: TenantDb,
    private readonly metrics: PaymentMetrics,
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = mpesaCallbackLogger(logger);
  }

  /** Every line about a callback's intake goes to the M-Pesa callback stream. */
  private readonly logger: Logger;

  async receive(
    caller: RequestContext,
    secret: string,
    path: string,
    received: ReceivedBody,
  ): Promise<{ ResultCode: number | string; ResultDesc: string }> {
    const { bytes, contentType, sourceIp } = received;
    const kind = CALLBACK_PATHS[path];
    const store = kind ? await this.store(caller, secret) : null;
    if (!kind || !store) {
      this.metrics.callbacks.inc({ kind: kind ?? 'unknown', verdict: 'unknown_secret' });
      await this.repository
        .rejectedCallback(this.db, {
          path_hint: `${secret.slice(0, 4)}…(${secret.length})/${path.slice(0, 40)}`,
          source_ip: sourceIp,
          raw: readableText(bytes, MAX_RAW_BYTES),
          raw_body: bytes.subarray(0, MAX_RAW_BYTES),
          content_type: contentType,
          size_bytes: bytes.length,
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'could not store a rejected callback'));
      this.logger.warn(
        { source_ip: sourceIp, path: path.slice(0, 40) },
        'payment callback to an unknown secret: refused',
      );
      throw ApiError.notFound('not_found', 'Not found');
    }
    const ipAllowed =
      store.ipCheck === 'off' ? null : sourceIp !== null && this.config.mpesaCallbackIps.includes(sourceIp);
    if (ipAllowed === false)
      this.logger.warn(
        { tenant_id: store.tenantId, source_ip: sourceIp, mode: store.ipCheck },
        'payment callback from an address not on the Safaricom list',
      );
    const refused = ipAllowed === false && store.ipCheck === 'enforce';
    const ctx = caller.withTenant({ tenantId: store.tenantId });
    // Read only after the path proved the store; a body that cannot be read is stored all the same.
    const read = readJsonBody(bytes, { maxBytes: MAX_RAW_BYTES });
    const body = read.ok ? read.value : null;
    const flag = read.ok ? null : read.flag;
    const reference =
      body === null
        ? null
        : kind === 'stk'
          ? stkReference(body)
          : kind.startsWith('c2b')
            ? c2bReference(body)
            : resultReference(body);
    const kindStored: PaymentCallbackKind =
      kind === 'reversal_result' && /^sokoni-/.test(reference ?? '') ? 'b2c_result' : kind;

    const { callbackId, pushed } = await this.tenantDb.run(ctx, async (trx) => {
      const id = await this.repository.insertCallback(trx, {
        tenant_id: store.tenantId,
        kind: kindStored,
        reference,
        source_ip: sourceIp,
        ip_allowed: refused ? false : ipAllowed,
        body,
        raw: readableText(bytes, MAX_RAW_BYTES),
        raw_body: bytes,
        content_type: contentType,
        size_bytes: bytes.length,
        flag_reason: flag,
      });
      // The outcome commits with the row: the job, the sweeper and the report all see it as
      // handled-and-flagged, so an unreadable body is never applied and never retried.
      if (refused)
        await this.repository.recordOutcome(trx, store.tenantId, id, 'ip_refused', true, {
          sourceIp,
          ...(flag ? { bodyFlag: flag } : {}),
        });
      else if (flag)
        await this.repository.recordOutcome(trx, store.tenantId, id, 'unreadable_body', true, {
          reason: flag,
          sizeBytes: bytes.length,
          contentType,
        });
      // The push this STK result answers (callback latency, trace link), read in the same
      // transaction: a second one per callback cost a pool checkout and three round trips.
      const push =
        kind === 'stk' && reference && !refused && !flag
          ? await this.repository.createdAtOfCheckoutRequest(trx, reference)
          : undefined;
      return { callbackId: id, pushed: push };
    });
    const verdict = refused ? 'ip_refused' : flag ? 'unreadable_body' : 'stored';
    this.metrics.callbacks.inc({ kind: kindStored, verdict });
    this.logger.info(
      {
        tenant_id: store.tenantId,
        callback_id: callbackId,
        kind: kindStored,
        reference,
        verdict,
        source_ip: sourceIp,
        ip_allowed: ipAllowed,
        size_bytes: bytes.length,
      },
      'mpesa callback received',
    );
    if (refused) throw new ApiError(403, 'forbidden', 'Source address not allowed');
    const accepted =
      kind === 'c2b_validation'
        ? { ResultCode: '0', ResultDesc: 'Accepted' }
        : { ResultCode: 0, ResultDesc: 'Accepted' };
    if (flag) {
      this.metrics.flaggedBodies.inc({ source: 'mpesa', reason: flag });
      this.logger.error(
        {
          tenant_id: store.tenantId,
          callback_id: callbackId,
          kind: kindStored,
          reason: flag,
          size_bytes: bytes.length,
        },
        'payment callback body unreadable: stored and flagged, not applied',
      );
      // Daraja does not retry on our answer; a refusal would only hide the callback from its logs.
      return accepted;
    }
    if (kind !== 'c2b_validation') {
      // Stored already: if Redis is down right now the sweeper queues it later. One job per stored
      // callback, not per reference: a duplicate delivered while the first one's job runs would be
      // collapsed into that job and left to the sweeper. Processing is idempotent (a second
      // delivery is recorded as `duplicate` under the payment's lock), so two jobs are safe.
      const jobId = `${kindStored}-cb${callbackId}`;
      await enqueue(
        this.queues.get('payments')!,
        'payment.callback',
        store.tenantId,
        { callbackId },
        // A callback that overtook its push's answer (the sandbox, or a fast M-Pesa, calls back
        // before the push request has recorded the CheckoutRequestID) is retried after 250 ms, not
        // 1 s: the shopper is waiting. 9 attempts (250 ms doubling, ~64 s) still outlast
        // MPESA_UNKNOWN_CALLBACK_GRACE_MS (60 s) before one is called unknown.
        { jobId, removeOnComplete: true, attempts: 9, backoff: { type: 'exponential', delay: 250 } },
      ).catch((error: unknown) =>
        this.logger.warn(
          { err: error, callback_id: callbackId },
          'could not queue callback processing; the sweeper will',
        ),
      );
    }
    if (pushed && reference) this.observeLatency(reference, pushed);
    return accepted;
  }

  private async store(caller: RequestContext, secret: string) {
    if (!/^[A-Za-z0-9_-]{32,128}$/.test(secret)) return null;
    const cached = this.tenantBySecret.get(secret);
    if (cached && Date.now() - cached.at < 60_000) return cached;
    const tenantId = await this.settings.tenantForCallbackSecret(this.db, secret);
    if (!tenantId) return null;
    const settings = await this.tenantDb.run(caller.withTenant({ tenantId }), (trx) => this.settings.get(trx));
    const entry = { tenantId, ipCheck: settings?.callback_ip_check ?? 'log', at: Date.now() };
    this.tenantBySecret.set(secret, entry);
    return entry;
  }

  private observeLatency(checkoutRequestId: string, push: { created_at: Date | string; trace_parent: string | null }) {
    this.metrics.callbackLatency.observe((Date.now() - new Date(push.created_at).getTime()) / 1000);
    // The callback request is a trace of its own: link it to the shopper's (the STK push's).
    linkActiveSpanTo(push.trace_parent, { 'sokoni.link': 'stk_push', 'mpesa.checkout_request_id': checkoutRequestId });
  }
}
