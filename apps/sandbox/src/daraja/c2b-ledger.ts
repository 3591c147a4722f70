import type { FastifyBaseLogger } from 'fastify';
import type { C2bRegistration } from './c2b-validation';
import { darajaRequestId } from './daraja-errors';
import { BackgroundWork, postJson, type DeliveryAttempt } from './deliveries';
import type { ReceiptBook } from './receipts';
import { kenyaTimestamp } from './stk-ledger';

export const C2B_TRANSACTION_TYPES = ['Pay Bill', 'Buy Goods'] as const;
export type C2bTransactionType = (typeof C2B_TRANSACTION_TYPES)[number];

/** A customer paying the till or paybill from their phone's menu (not through STK). */
export interface C2bPaymentInput {
  shortCode: string;
  amount: number;
  msisdn: string;
  /** The paybill account number the customer typed; "" for a till. */
  billRefNumber: string;
  transactionType: C2bTransactionType;
  firstName: string;
  /** POST the Validation body first and let the merchant accept or reject the payment. */
  validate: boolean;
}

export interface C2bValidationStep {
  attempt: DeliveryAttempt;
  /** The receiver's ResultCode as a string, or null when it gave none (unreachable, not JSON). */
  resultCode: string | null;
  /** `registration` = no usable answer, so the registered ResponseType decided. */
  decidedBy: 'receiver' | 'registration';
  accepted: boolean;
}

export interface C2bTransaction {
  transId: string;
  /** YYYYMMDDHHmmss, Kenya time. */
  transTime: string;
  transactionType: C2bTransactionType;
  shortCode: string;
  amount: number;
  msisdn: string;
  billRefNumber: string;
  firstName: string;
  /** completed = money moved (whatever happened to the confirmation); rejected = validation said no. */
  status: 'completed' | 'rejected';
  validation: C2bValidationStep | null;
  confirmations: DeliveryAttempt[];
  createdAt: string;
}

/** Production masks the payer's number: first five digits, four stars, last three (reference 1.7). */
export function maskMsisdn(msisdn: string): string {
  return `${msisdn.slice(0, 5)}****${msisdn.slice(-3)}`;
}

/**
 * Registered C2B URLs per shortcode and the payments simulated against them. Payments are
 * delivered while the admin request waits, so a test sees the confirmation as soon as it returns.
 */
export class C2bLedger {
  private readonly registrations = new Map<string, C2bRegistration & { registeredAt: string }>();
  private readonly transactions = new Map<string, C2bTransaction>();
  private readonly work = new BackgroundWork();

  constructor(
    private readonly log: () => FastifyBaseLogger,
    private readonly receipts: ReceiptBook,
  ) {}

  /** Registering a shortcode again replaces its URLs. Returns the OriginatorCoversationID. */
  register(registration: C2bRegistration): string {
    this.registrations.set(registration.shortCode, { ...registration, registeredAt: new Date().toISOString() });
    this.log().info(
      { shortCode: registration.shortCode, responseType: registration.responseType },
      'daraja c2b urls registered',
    );
    return darajaRequestId();
  }

  registrationFor(shortCode: string): (C2bRegistration & { registeredAt: string }) | undefined {
    return this.registrations.get(shortCode);
  }

  allRegistrations(): Array<C2bRegistration & { registeredAt: string }> {
    return [...this.registrations.values()];
  }

  get(transId: string): C2bTransaction | undefined {
    return this.transactions.get(transId);
  }

  all(): C2bTransaction[] {
    return [...this.transactions.values()];
  }

  /** null when the shortcode has no registered URLs (M-Pesa would have nowhere to tell). */
  async pay(input: C2bPaymentInput): Promise<C2bTransaction | null> {
    const registration = this.registrations.get(input.shortCode);
    if (!registration) return null;
    const { validate, ...payment } = input;
    const tx: C2bTransaction = {
      ...payment,
      transId: this.receipts.issue(),
      transTime: kenyaTimestamp(),
      status: 'completed',
      validation: null,
      confirmations: [],
      createdAt: new Date().toISOString(),
    };
    this.transactions.set(tx.transId, tx);

    if (validate) {
      tx.validation = await this.askValidation(registration, tx);
      if (!tx.validation.accepted) {
        tx.status = 'rejected';
        this.log().info(
          { transId: tx.transId, resultCode: tx.validation.resultCode },
          'daraja c2b payment rejected by validation',
        );
        return tx;
      }
    }
    await this.confirm(tx);
    return tx;
  }

  /** Delivers the same confirmation again (Daraja does retry); undefined for an unknown TransID. */
  async resend(transId: string): Promise<C2bTransaction | undefined> {
    const tx = this.transactions.get(transId);
    if (tx && tx.status === 'completed') await this.confirm(tx);
    return tx;
  }

  /** The Validation and Confirmation body: every value a string (reference 1.7). */
  notificationBody(tx: C2bTransaction) {
    return {
      TransactionType: tx.transactionType,
      TransID: tx.transId,
      TransTime: tx.transTime,
      TransAmount: String(tx.amount),
      BusinessShortCode: tx.shortCode,
      BillRefNumber: tx.billRefNumber,
      InvoiceNumber: '',
      OrgAccountBalance: '',
      ThirdPartyTransID: '',
      MSISDN: maskMsisdn(tx.msisdn),
      FirstName: tx.firstName,
      MiddleName: '',
      LastName: '',
    };
  }

  clear(): void {
    this.work.stop();
    this.registrations.clear();
    this.transactions.clear();
  }

  stop(): void {
    this.work.stop();
  }

  private async askValidation(registration: C2bRegistration, tx: C2bTransaction): Promise<C2bValidationStep> {
    const { attempt, reply } = await postJson(registration.validationUrl, this.notificationBody(tx), this.work.signal);
    const code = attempt.status !== null && attempt.status < 300 ? resultCodeOf(reply) : null;
    if (code === null) {
      // No usable answer: M-Pesa falls back to what the merchant registered.
      return {
        attempt,
        resultCode: null,
        decidedBy: 'registration',
        accepted: registration.responseType === 'Completed',
      };
    }
    return { attempt, resultCode: code, decidedBy: 'receiver', accepted: code === '0' };
  }

  /** Posts to the URL registered now, so re-registering redirects later resends too. */
  private async confirm(tx: C2bTransaction): Promise<void> {
    const registration = this.registrations.get(tx.shortCode);
    if (!registration) return;
    const { attempt } = await postJson(registration.confirmationUrl, this.notificationBody(tx), this.work.signal);
    tx.confirmations.push(attempt);
    this.log().info(
      { transId: tx.transId, answered: attempt.status, err: attempt.error },
      'daraja c2b confirmation sent',
    );
  }
}

/** ResultCode from a validation reply ({"ResultCode":"0"} or 0); null when there is none. */
function resultCodeOf(reply: unknown): string | null {
  if (typeof reply !== 'object' || reply === null) return null;
  const code = (reply as Record<string, unknown>).ResultCode;
  if (typeof code === 'string' && code.length > 0) return code;
  if (typeof code === 'number' && Number.isFinite(code)) return String(code);
  return null;
}
