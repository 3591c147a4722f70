import { maskPhone, type Payment, type PaymentOutcome } from '@sokoni/contracts';
import { shopperMessage } from './daraja/result-codes';
import type { StoreMpesa } from './mpesa-settings.service';
import type { PaymentRow } from './payments.repository';

const RETRYABLE: ReadonlySet<PaymentOutcome> = new Set([
  'cancelled',
  'timeout',
  'insufficient_funds',
  'wrong_pin',
  'busy',
  'failed',
]);

/** A payment attempt as the shopper and the owner see it. */
export function toPayment(row: PaymentRow, manual: Payment['manual']): Payment {
  const status = row.status === 'initiating' ? 'pending' : row.status;
  const outcome = row.outcome;
  return {
    id: row.id,
    orderId: row.order_id,
    method: row.method,
    status,
    outcome,
    resultCode: row.result_code,
    message: row.flags.includes('amount_mismatch')
      ? "M-Pesa received a different amount than this order's total. The shop will contact you to sort it out."
      : shopperMessage(outcome, row.result_code, row.receipt_number),
    retryable: status === 'failed' && RETRYABLE.has(outcome) && !row.flags.includes('amount_mismatch'),
    phoneMasked: maskPhone(row.phone),
    amountKes: row.amount_kes,
    receiptNumber: row.receipt_number,
    createdAt: new Date(row.created_at).toISOString(),
    resolvedAt: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
    manual,
  };
}

/** Where to pay by hand (the store's till or paybill), or null when the store has no M-Pesa. */
export function manualPayment(
  mpesa: StoreMpesa | null,
  amountKes: number,
  orderNumber: number | null,
): Payment['manual'] {
  if (!mpesa) return null;
  return {
    kind: mpesa.settings.kind,
    shortcode: mpesa.publicNumber,
    account: mpesa.settings.kind === 'paybill' && orderNumber !== null ? String(orderNumber) : null,
    amountKes,
  };
}
