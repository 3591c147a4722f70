/**
 * "Pay with M-Pesa" on the order page: the wording and small rules shared by the page
 * (pages/s/[store]/orders/[order].tsx), its route handlers (app/s/[store]/orders/[order]/pay,
 * confirm-code, payments/[payment]) and the island (islands/payment.ts gets its words from here).
 * The API decides everything about a payment (contracts/src/payments.ts): its status, the
 * sentence the shopper reads (payment.message) and whether trying again makes sense.
 */
import type { Order, Payment, StoreSummary } from '@sokoni/contracts';
import { PHONE_ERROR } from './checkout';
import { formatKes } from './format';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Idempotency-Key of one rendered Pay form: a double tap on it sends the same key (one PIN prompt). */
export const newPayKey = () => `pay_${crypto.randomUUID()}`;

/** The code in the M-Pesa SMS, e.g. QKT7RT61SV (typed in any case, with stray spaces). */
export function normaliseMpesaCode(input: string): string | null {
  const code = input.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z0-9]{10}$/.test(code) ? code : null;
}

export const CODE_ERROR = 'Enter the 10-character code from your M-Pesa SMS, like QKT7RT61SV';

export const payLabel = (amountKes: number) => `Pay ${formatKes(amountKes)} with M-Pesa`;
export const retryLabel = (amountKes: number) => `Try again · pay ${formatKes(amountKes)}`;

/** Where to pay by hand, as the API gives it (or the store's M-Pesa when the API could not be asked). */
export interface ManualPay {
  kind: 'till' | 'paybill';
  shortcode: string;
  account: string | null;
  amountKes: number;
}

export const payeeText = (m: Pick<ManualPay, 'kind' | 'shortcode'>) =>
  m.kind === 'till' ? `Till ${m.shortcode}` : `Paybill ${m.shortcode}`;

/** What the page and the island need of one attempt. */
export interface PaymentView {
  id: string;
  status: Payment['status'];
  outcome: Payment['outcome'];
  message: string;
  retryable: boolean;
  phoneMasked: string;
  amountKes: number;
  receipt: string | null;
}

export function paymentView(p: Payment): PaymentView {
  return {
    id: p.id,
    status: p.status,
    outcome: p.outcome,
    message: p.message,
    retryable: p.retryable,
    phoneMasked: p.phoneMasked,
    amountKes: p.amountKes,
    receipt: p.receiptNumber,
  };
}

/**
 * The "Finish on WhatsApp" message: the order as the shop needs it to take it from there
 * (number, items × quantity, total, delivery), so the shopper only has to press Send.
 */
export function whatsappOrderText(
  store: Pick<StoreSummary, 'name'>,
  order: Pick<Order, 'number' | 'customerName' | 'items' | 'totalKes' | 'deliveryMethod'>,
  areaName: string,
): string {
  const items = order.items.map((i) => {
    const options = Object.values(i.options).join(' / ');
    return `- ${i.quantity} x ${i.title}${options ? ` (${options})` : ''}`;
  });
  return [
    `Hi ${store.name}, I would like to finish paying for order #${order.number} here.`,
    ...items,
    `Total: ${formatKes(order.totalKes)}`,
    order.deliveryMethod === 'pickup' ? `Pickup near ${areaName}` : `Delivery to ${areaName}`,
    `Name: ${order.customerName}`,
  ].join('\n');
}

/** Words of the island (kept with the rest of the copy). */
export const PAYMENT_ISLAND_TEXT = {
  waiting: 'Waiting for your PIN',
  offline: 'Checking… your connection dropped, trying again.',
  stopped: 'Still no answer from M-Pesa. Reload this page to check again.',
  sending: 'Sending the prompt to your phone…',
  phone: PHONE_ERROR,
  code: CODE_ERROR,
};
