import type { C2bLedger } from './c2b-ledger';
import type { StkLedger } from './stk-ledger';

/**
 * A completed customer payment to a merchant, from STK push or C2B: what a reversal may undo and
 * what the statement lists as money in. One definition so the two can never disagree.
 */
export interface ReceivedPayment {
  source: 'stk' | 'c2b';
  receipt: string;
  /** The shortcode the statement files it under (STK: BusinessShortCode; C2B: BusinessShortCode). */
  shortCode: string;
  /** Every shortcode a reversal may name as ReceiverParty (STK till payments: store and till number). */
  receiverParties: string[];
  /** What the customer actually paid (an STK payer may pay a different amount than requested). */
  amount: number;
  msisdn: string;
  payerName: string | null;
  /** ISO time the money moved. */
  at: string;
  checkoutRequestId: string | null;
  billRefNumber: string | null;
}

export function paymentsReceived(stk: StkLedger, c2b: C2bLedger): ReceivedPayment[] {
  const payments: ReceivedPayment[] = [];
  for (const tx of stk.all()) {
    // Only ResultCode 0 moves money; the receipt exists from the payer's answer on, callback or not.
    if (tx.status !== 'completed' || tx.receiptNumber === null || tx.completedAt === null) continue;
    const { businessShortCode, partyB } = tx.request;
    payments.push({
      source: 'stk',
      receipt: tx.receiptNumber,
      shortCode: businessShortCode,
      receiverParties: [...new Set([businessShortCode, partyB])],
      amount: tx.plan.paidAmount,
      msisdn: tx.request.phoneNumber,
      payerName: null,
      at: tx.completedAt,
      checkoutRequestId: tx.checkoutRequestId,
      billRefNumber: null,
    });
  }
  for (const tx of c2b.all()) {
    if (tx.status !== 'completed') continue;
    payments.push({
      source: 'c2b',
      receipt: tx.transId,
      shortCode: tx.shortCode,
      receiverParties: [tx.shortCode],
      amount: tx.amount,
      msisdn: tx.msisdn,
      payerName: tx.firstName,
      at: tx.createdAt,
      checkoutRequestId: null,
      billRefNumber: tx.billRefNumber,
    });
  }
  return payments;
}

export function findReceivedPayment(stk: StkLedger, c2b: C2bLedger, receipt: string): ReceivedPayment | undefined {
  return paymentsReceived(stk, c2b).find((payment) => payment.receipt === receipt);
}
