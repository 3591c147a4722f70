import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { B2C_OPENING_FLOAT, settleB2c } from './b2c-settlement';
import type { B2cRequest } from './b2c-validation';
import { darajaRequestId } from './daraja-errors';
import { BackgroundWork, postJson, type DeliveryAttempt } from './deliveries';
import type { ReceivedPayment } from './payments-received';
import type { ReceiptBook } from './receipts';
import {
  DOUBLE_RESULT_GAP_MS,
  planResult,
  scriptMatches,
  type ResultCode,
  type ResultPlan,
  type ResultScript,
  type ResultScriptInput,
} from './result-scenarios';
import { settleReversal } from './reversal-settlement';
import type { ReversalRequest } from './reversal-validation';
import type { ResultParameter, Settlement } from './settlement';
import { kenyaTimestamp } from './stk-ledger';

/** The Result Daraja POSTs (or would have POSTed, for no-result), as recorded in the ledger. */
export interface SentResult {
  /** 0 = processed (success or failure); 1 = timed out in the queue (QueueTimeOutURL). */
  resultType: 0 | 1;
  resultCode: ResultCode;
  resultDesc: string;
  /** The new M-Pesa receipt ("" for a queue timeout). */
  transactionId: string;
  parameters: ResultParameter[] | null;
}

interface AsyncEntryCommon {
  originatorConversationId: string;
  conversationId: string;
  /** The merchant shortcode the money moves out of: ReceiverParty (reversal) or PartyA (B2C). */
  shortCode: string;
  amount: number;
  plan: ResultPlan;
  status: 'pending' | 'completed' | 'failed' | 'queue-timeout';
  result: SentResult | null;
  /** The MSISDN credited when it completed (B2C PartyB, the reversed payment's payer). */
  counterparty: string | null;
  createdAt: string;
  completedAt: string | null;
  deliveries: Array<DeliveryAttempt & { to: 'ResultURL' | 'QueueTimeOutURL' }>;
}

export type AsyncEntry =
  | (AsyncEntryCommon & { kind: 'reversal'; request: ReversalRequest })
  | (AsyncEntryCommon & { kind: 'b2c'; request: B2cRequest });

/**
 * Reversal and B2C requests: accepted at once, settled after a delay, Result POSTed to the
 * ResultURL (or a timeout notice to the QueueTimeOutURL). Settlement happens when the timer fires,
 * in arrival order, so two full reversals sent back to back see each other (R000001).
 */
export class ResultLedger {
  private readonly entries = new Map<string, AsyncEntry>();
  private scripts: ResultScript[] = [];
  private nextScriptId = 1;
  private readonly work = new BackgroundWork();

  constructor(
    private readonly log: () => FastifyBaseLogger,
    private readonly receipts: ReceiptBook,
    private readonly findPayment: (receipt: string) => ReceivedPayment | undefined,
  ) {}

  addScript(input: ResultScriptInput): ResultScript {
    const script: ResultScript = { ...input, id: this.nextScriptId++, used: 0 };
    this.scripts.push(script);
    return script;
  }

  listScripts(): ResultScript[] {
    return [...this.scripts];
  }

  /** B2C OriginatorConversationIDs must be unique (reference 1.6). */
  hasB2cOriginator(originatorConversationId: string): boolean {
    for (const entry of this.entries.values())
      if (entry.kind === 'b2c' && entry.originatorConversationId === originatorConversationId) return true;
    return false;
  }

  all(): AsyncEntry[] {
    return [...this.entries.values()];
  }

  acceptReversal(request: ReversalRequest): AsyncEntry {
    const originatorConversationId = darajaRequestId();
    const plan = this.planFor({ transactionId: request.transactionId, partyB: null, originatorConversationId });
    return this.accept({ kind: 'reversal', request, originatorConversationId, shortCode: request.receiverParty, plan });
  }

  acceptB2c(request: B2cRequest): AsyncEntry {
    const { originatorConversationId } = request;
    const plan = this.planFor({ transactionId: null, partyB: request.partyB, originatorConversationId });
    return this.accept({ kind: 'b2c', request, originatorConversationId, shortCode: request.partyA, plan });
  }

  /** The Result body as Daraja POSTs it (reference 1.6). */
  resultBody(entry: AsyncEntry) {
    const result = entry.result!;
    return {
      Result: {
        ResultType: result.resultType,
        ResultCode: result.resultCode,
        ResultDesc: result.resultDesc,
        OriginatorConversationID: entry.originatorConversationId,
        ConversationID: entry.conversationId,
        TransactionID: result.transactionId,
        ...(result.parameters ? { ResultParameters: { ResultParameter: result.parameters } } : {}),
        ReferenceData: { ReferenceItem: { Key: 'QueueTimeoutURL', Value: entry.request.queueTimeOutUrl } },
      },
    };
  }

  clear(): void {
    this.work.stop();
    this.entries.clear();
    this.scripts = [];
    this.nextScriptId = 1;
  }

  stop(): void {
    this.work.stop();
  }

  /** The latest matching script that still has uses left. */
  private planFor(request: {
    transactionId: string | null;
    partyB: string | null;
    originatorConversationId: string;
  }): ResultPlan {
    const script = [...this.scripts]
      .reverse()
      .find((s) => (s.times === undefined || s.used < s.times) && scriptMatches(s.match, request));
    if (script) script.used += 1;
    return planResult(script);
  }

  private accept(
    fields: Pick<AsyncEntry, 'kind' | 'originatorConversationId' | 'shortCode' | 'plan'> & {
      request: ReversalRequest | B2cRequest;
    },
  ): AsyncEntry {
    const entry = {
      ...fields,
      conversationId: this.newConversationId(),
      amount: fields.request.amount,
      status: 'pending',
      result: null,
      counterparty: null,
      createdAt: new Date().toISOString(),
      completedAt: null,
      deliveries: [],
    } as AsyncEntry;
    this.entries.set(entry.conversationId, entry);
    this.work.schedule(entry.plan.delayMs, () => this.process(entry));
    this.log().info(
      { kind: entry.kind, conversationId: entry.conversationId, scriptId: entry.plan.scriptId },
      'daraja async request accepted',
    );
    return entry;
  }

  private async process(entry: AsyncEntry): Promise<void> {
    const now = new Date();
    entry.completedAt = now.toISOString();
    const { plan } = entry;
    if (plan.delivery === 'queue-timeout') {
      // Never processed: no receipt, no money moved.
      entry.status = 'queue-timeout';
      entry.result = {
        resultType: 1,
        resultCode: plan.timeout.code,
        resultDesc: plan.timeout.desc,
        transactionId: '',
        parameters: null,
      };
      await this.deliver(entry, 'QueueTimeOutURL');
      return;
    }

    const transactionId = this.receipts.issue();
    const settlement = this.settle(entry, now, transactionId);
    if (settlement.ok) {
      entry.status = 'completed';
      entry.counterparty = settlement.counterparty;
      entry.result = {
        resultType: 0,
        resultCode: 0,
        resultDesc: 'The service request is processed successfully.',
        transactionId,
        parameters: settlement.parameters,
      };
    } else {
      // Failures carry a TransactionID too, as on Daraja; only ResultCode 0 moves money.
      entry.status = 'failed';
      entry.result = {
        resultType: 0,
        resultCode: settlement.result.code,
        resultDesc: settlement.result.desc,
        transactionId,
        parameters: null,
      };
    }
    this.log().info(
      { conversationId: entry.conversationId, resultCode: entry.result.resultCode },
      'daraja async request settled',
    );

    if (plan.delivery === 'none') return;
    await this.deliver(entry, 'ResultURL');
    if (plan.delivery === 'double') this.work.schedule(DOUBLE_RESULT_GAP_MS, () => this.deliver(entry, 'ResultURL'));
  }

  private settle(entry: AsyncEntry, now: Date, transactionId: string): Settlement {
    const { decision } = entry.plan;
    if (typeof decision === 'object') return { ok: false, result: decision };
    const force = decision === 'success';
    if (entry.kind === 'reversal') {
      const context = {
        original: this.findPayment(entry.request.transactionId),
        alreadyReversed: this.reversedSoFar(entry.request.transactionId),
      };
      return settleReversal(entry.request, context, now, force);
    }
    return settleB2c(
      entry.request,
      { availableFunds: this.b2cAvailableFunds(entry.shortCode) },
      now,
      transactionId,
      force,
    );
  }

  private reversedSoFar(receipt: string): number {
    let total = 0;
    for (const e of this.entries.values())
      if (e.kind === 'reversal' && e.status === 'completed' && e.request.transactionId === receipt) total += e.amount;
    return total;
  }

  private b2cAvailableFunds(shortCode: string): number {
    let funds = B2C_OPENING_FLOAT;
    for (const e of this.entries.values())
      if (e.kind === 'b2c' && e.status === 'completed' && e.shortCode === shortCode) funds -= e.amount;
    return funds;
  }

  private async deliver(entry: AsyncEntry, to: 'ResultURL' | 'QueueTimeOutURL'): Promise<void> {
    const url = to === 'ResultURL' ? entry.request.resultUrl : entry.request.queueTimeOutUrl;
    const { attempt } = await postJson(url, this.resultBody(entry), this.work.signal);
    entry.deliveries.push({ ...attempt, to });
    this.log().info(
      { conversationId: entry.conversationId, to, answered: attempt.status, err: attempt.error },
      'daraja result delivered',
    );
  }

  /** Like "AG_20191219_00005797af5d7d75f652": AG_ + Kenya date + 20 hex digits. */
  private newConversationId(): string {
    const date = kenyaTimestamp().slice(0, 8);
    let id: string;
    do id = `AG_${date}_0000${randomBytes(8).toString('hex')}`;
    while (this.entries.has(id));
    return id;
  }
}
