import { randomInt } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { darajaRequestId } from './daraja-errors';
import type { ReceiptBook } from './receipts';
import {
  planScenario,
  scenarioForSuffix,
  type ScenarioOverride,
  type ScenarioPlan,
  type StkResult,
} from './stk-scenarios';
import { PUBLIC_SANDBOX_PASSKEY, type StkPushRequest } from './stk-validation';

const CALLBACK_TIMEOUT_MS = 5_000;

export interface CallbackAttempt {
  at: string;
  /** HTTP status the receiver answered, or null when it could not be reached. */
  status: number | null;
  error: string | null;
}

export interface StkTransaction {
  merchantRequestId: string;
  checkoutRequestId: string;
  request: StkPushRequest;
  plan: ScenarioPlan;
  status: 'pending' | 'completed' | 'failed';
  result: StkResult | null;
  receiptNumber: string | null;
  /** YYYYMMDDHHmmss (Kenya time) when the payer answered, for the callback's TransactionDate. */
  transactionDate: string | null;
  createdAt: string;
  completedAt: string | null;
  callbacks: CallbackAttempt[];
}

/** Kenya time (UTC+3, no DST) as YYYYMMDDHHmmss. */
export function kenyaTimestamp(at: Date = new Date()): string {
  return new Date(at.getTime() + 3 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

/**
 * The sandbox's M-Pesa: accepted STK pushes, their scripted outcomes, receipts and callback
 * deliveries. Timers are tracked so reset and close leave nothing behind.
 */
export class StkLedger {
  private readonly transactions = new Map<string, StkTransaction>();
  private readonly overrides = new Map<string, ScenarioOverride>();
  private readonly passkeys = new Map<string, Set<string>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private sequence = 0;

  /** `receipts` is shared with C2B, reversal and B2C (the sandbox's reset clears it). */
  constructor(
    private readonly log: () => FastifyBaseLogger,
    private readonly receipts: ReceiptBook,
  ) {}

  registerPasskey(businessShortCode: string, passkey: string): void {
    const set = this.passkeys.get(businessShortCode) ?? new Set<string>();
    set.add(passkey);
    this.passkeys.set(businessShortCode, set);
  }

  /** The public sandbox passkey plus any registered for this shortcode. */
  passkeysFor(businessShortCode: string): string[] {
    return [PUBLIC_SANDBOX_PASSKEY, ...(this.passkeys.get(businessShortCode) ?? [])];
  }

  setOverride(phoneNumber: string, override: ScenarioOverride): void {
    this.overrides.set(phoneNumber, override);
  }

  listOverrides(): Array<{ phone: string } & ScenarioOverride> {
    return [...this.overrides].map(([phone, override]) => ({ phone, ...override }));
  }

  /** A pending push to this phone locks the subscriber (reference 1.2). */
  hasPending(phoneNumber: string): boolean {
    for (const tx of this.transactions.values())
      if (tx.status === 'pending' && tx.request.phoneNumber === phoneNumber) return true;
    return false;
  }

  get(checkoutRequestId: string): StkTransaction | undefined {
    return this.transactions.get(checkoutRequestId);
  }

  all(): StkTransaction[] {
    return [...this.transactions.values()];
  }

  /** Records an accepted push and schedules the payer's answer and the callbacks. */
  accept(request: StkPushRequest): StkTransaction {
    const override = this.overrides.get(request.phoneNumber) ?? { scenario: scenarioForSuffix(request.phoneNumber) };
    const plan = planScenario(override, request.amount);
    const tx: StkTransaction = {
      merchantRequestId: darajaRequestId(),
      checkoutRequestId: this.newCheckoutRequestId(),
      request,
      plan,
      status: 'pending',
      result: null,
      receiptNumber: null,
      transactionDate: null,
      createdAt: new Date().toISOString(),
      completedAt: null,
      callbacks: [],
    };
    this.transactions.set(tx.checkoutRequestId, tx);
    this.schedule(plan.outcomeDelayMs, () => this.complete(tx));
    for (const delay of plan.callbackDelaysMs) {
      this.schedule(delay, () => {
        this.complete(tx); // a callback never precedes the outcome
        void this.sendCallback(tx);
      });
    }
    this.log().info({ checkoutRequestId: tx.checkoutRequestId, scenario: plan.scenario }, 'daraja stk push accepted');
    return tx;
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.transactions.clear();
    this.overrides.clear();
    this.passkeys.clear();
  }

  /** Stops pending timers (server close) without forgetting the ledger. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** The real Body.stkCallback shape (reference 1.3). */
  callbackBody(tx: StkTransaction) {
    const result = tx.result!;
    const stkCallback: Record<string, unknown> = {
      MerchantRequestID: tx.merchantRequestId,
      CheckoutRequestID: tx.checkoutRequestId,
      ResultCode: result.code,
      ResultDesc: result.desc,
    };
    if (result.code === 0) {
      stkCallback.CallbackMetadata = {
        Item: [
          { Name: 'Amount', Value: tx.plan.paidAmount },
          { Name: 'MpesaReceiptNumber', Value: tx.receiptNumber },
          { Name: 'Balance' },
          { Name: 'TransactionDate', Value: Number(tx.transactionDate) },
          { Name: 'PhoneNumber', Value: Number(tx.request.phoneNumber) },
        ],
      };
    }
    return { Body: { stkCallback } };
  }

  private complete(tx: StkTransaction): void {
    if (tx.status !== 'pending') return;
    tx.result = tx.plan.result;
    tx.status = tx.result.code === 0 ? 'completed' : 'failed';
    tx.completedAt = new Date().toISOString();
    tx.transactionDate = kenyaTimestamp();
    if (tx.result.code === 0) tx.receiptNumber = this.receipts.issue();
  }

  private async sendCallback(tx: StkTransaction): Promise<void> {
    const at = new Date().toISOString();
    try {
      const response = await fetch(tx.request.callBackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(this.callbackBody(tx)),
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      tx.callbacks.push({ at, status: response.status, error: null });
      this.log().info(
        { checkoutRequestId: tx.checkoutRequestId, resultCode: tx.result?.code, answered: response.status },
        'daraja stk callback sent',
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      tx.callbacks.push({ at, status: null, error: message });
      this.log().warn({ checkoutRequestId: tx.checkoutRequestId, err: message }, 'daraja stk callback failed');
    }
  }

  private schedule(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Like "ws_CO_191220191020363925": ws_CO_ + DDMMYYYYHHmmss (Kenya time) + 4 digits. */
  private newCheckoutRequestId(): string {
    const ts = kenyaTimestamp();
    const ddmmyyyy = `${ts.slice(6, 8)}${ts.slice(4, 6)}${ts.slice(0, 4)}`;
    let id: string;
    do {
      this.sequence = (this.sequence + 1) % 10_000;
      id = `ws_CO_${ddmmyyyy}${ts.slice(8, 14)}${String((this.sequence + randomInt(0, 10_000)) % 10_000).padStart(4, '0')}`;
    } while (this.transactions.has(id));
    return id;
  }
}
