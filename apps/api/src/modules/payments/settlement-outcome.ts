/** What a settlement decided: the shapes shared by PaymentSettlement and the services it is split into. */

/** What M-Pesa said about one STK push, from whichever source told us. */
export interface StkResult {
  source: 'callback' | 'query' | 'statement';
  resultCode: string;
  resultDesc: string;
  /** Callback only: the amount paid (the query carries none). */
  amount: number | null;
  receipt: string | null;
  phone: string | null;
}

export interface Applied {
  /** applied_paid, applied_failure, duplicate, receipt_filled, amount_mismatch, phone_mismatch, unknown_checkout_request ... */
  outcome: string;
  flagged: boolean;
  detail?: Record<string, unknown>;
  /** Set when an STK push reached its end (paid, cancelled, timeout ...): counted once committed. */
  stkEnd?: string;
}

/** Notifications owed once the transaction that decided them has committed. */
export type Owed = {
  tenantId: string;
  orderId: string;
  /** A notification kind, or `receipt_lookup`: the Pull API lookup job for `paymentId` (not a message). */
  kind: string;
  /** order_paid owed by a payment that paid a pending order: placed at, for order->paid latency. */
  paid?: { placedAt: Date; method: string };
  /** order_paid with no receipt yet: the message waits MPESA_RECEIPT_WAIT_MS for it. */
  receiptPending?: boolean;
  paymentId?: string;
}[];

/** The audit actor of every change settlement makes. */
export const SYSTEM = { type: 'system' as const, id: 'mpesa' };
