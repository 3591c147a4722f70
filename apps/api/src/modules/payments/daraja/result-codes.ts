import type { PaymentOutcome } from '@sokoni/contracts';

/**
 * Daraja ResultCodes (shared/reference/apis.md 1.5) -> what happened, in shopper words. Codes
 * are text: a number in callbacks, a string in queries, and some are not numeric at all.
 */
export interface ResultMeaning {
  outcome: Exclude<PaymentOutcome, 'pending'>;
  retryable: boolean;
}

const BY_CODE: Record<string, ResultMeaning> = {
  '0': { outcome: 'paid', retryable: false },
  '1': { outcome: 'insufficient_funds', retryable: true },
  '2': { outcome: 'limit', retryable: false },
  '3': { outcome: 'limit', retryable: false },
  '4': { outcome: 'limit', retryable: false },
  '8': { outcome: 'limit', retryable: false },
  '17': { outcome: 'busy', retryable: true },
  '1001': { outcome: 'busy', retryable: true },
  '1019': { outcome: 'timeout', retryable: true },
  '1025': { outcome: 'failed', retryable: true },
  '9999': { outcome: 'failed', retryable: true },
  '1031': { outcome: 'cancelled', retryable: true },
  '1032': { outcome: 'cancelled', retryable: true },
  '1037': { outcome: 'timeout', retryable: true },
  '2001': { outcome: 'wrong_pin', retryable: true },
  '2028': { outcome: 'merchant_setup', retryable: false },
  SFC_IC0003: { outcome: 'merchant_setup', retryable: false },
  '8006': { outcome: 'failed', retryable: false },
};

export function meaningOf(resultCode: string): ResultMeaning {
  return BY_CODE[resultCode.trim()] ?? { outcome: 'failed', retryable: true };
}

/** One sentence each: what happened and what to do now (DESIGN.md section 5). */
export function shopperMessage(outcome: PaymentOutcome, resultCode: string | null, receipt: string | null): string {
  switch (outcome) {
    case 'pending':
      return 'Check your phone and enter your M-Pesa PIN to pay.';
    case 'paid':
      return receipt
        ? `Paid. Your M-Pesa receipt is ${receipt}.`
        : 'Paid. Your M-Pesa receipt number will follow by SMS.';
    case 'cancelled':
      return 'You cancelled the M-Pesa request. Try again when you are ready, or finish on WhatsApp.';
    case 'timeout':
      return 'Your phone did not answer in time (off, no network, or the PIN was not entered). Try again, or use another number.';
    case 'insufficient_funds':
      return 'Not enough money in that M-Pesa account. Top up and try again, or pay from another number.';
    case 'wrong_pin':
      return 'The M-Pesa PIN was wrong. Try again and enter your PIN carefully.';
    case 'limit':
      return 'M-Pesa limits do not allow this amount from that account today. Try another number or finish on WhatsApp.';
    case 'busy':
      return resultCode === '17'
        ? 'M-Pesa saw the same payment a moment ago. Wait two minutes, then try again.'
        : 'Another M-Pesa request is open on that phone. Finish or close it, then try again.';
    case 'merchant_setup':
      return "This shop's M-Pesa is not set up right, so we could not ask for payment. Finish on WhatsApp and the shop will help.";
    case 'failed':
      return resultCode === '8006'
        ? 'Your M-Pesa PIN is locked. Call Safaricom on 100 to unlock it, or pay from another number.'
        : 'M-Pesa could not complete the payment. Try again in a moment, or finish on WhatsApp.';
  }
}
