/**
 * "Pay with M-Pesa" on the order page: the wording and small rules shared by the page
 * (pages/s/[store]/orders/[order].tsx), its route handlers (app/s/[store]/orders/[order]/pay,
 * confirm-code, payments/[payment]) and the island (islands/payment.ts gets its words from here).
 * The API decides everything about a payment (contracts/src/payments.ts): its status, the
 * sentence the shopper reads (payment.message) and whether trying again makes sense.
 */
import type { Order, Payment, StoreSummary } from '@sokoni/contracts';
import { phoneError } from './checkout';
import { translator, type Locale } from './i18n/core';
import { formatters } from './i18n/format';
import { orderMessages } from './i18n/messages/order';

const orderWords = (locale: Locale) => translator(orderMessages, locale);

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Idempotency-Key of one rendered Pay form: a double tap on it sends the same key (one PIN prompt). */
export const newPayKey = () => `pay_${crypto.randomUUID()}`;

/** The code in the M-Pesa SMS, e.g. QKT7RT61SV (typed in any case, with stray spaces). */
export function normaliseMpesaCode(input: string): string | null {
  const code = input.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z0-9]{10}$/.test(code) ? code : null;
}

export const codeError = (locale: Locale) => orderWords(locale)('codeError');

export const payLabel = (amountKes: number, locale: Locale) =>
  orderWords(locale)('payLabel', { amount: formatters(locale).formatKes(amountKes) });
export const retryLabel = (amountKes: number, locale: Locale) =>
  orderWords(locale)('retryLabel', { amount: formatters(locale).formatKes(amountKes) });

/** Where to pay by hand, as the API gives it (or the store's M-Pesa when the API could not be asked). */
export interface ManualPay {
  kind: 'till' | 'paybill';
  shortcode: string;
  account: string | null;
  amountKes: number;
}

export const payeeText = (m: Pick<ManualPay, 'kind' | 'shortcode'>, locale: Locale) =>
  orderWords(locale)(m.kind === 'till' ? 'till' : 'paybill', { code: m.shortcode });

/**
 * A failed attempt's sentence: the API's own words in English (they may say more, e.g. a locked
 * PIN), the same advice per outcome in Swahili.
 */
export function paymentMessage(p: Pick<PaymentView, 'outcome' | 'message'>, locale: Locale): string {
  if (locale === 'en' || p.outcome === 'pending' || p.outcome === 'paid') return p.message;
  return orderWords(locale)(`outcome_${p.outcome}`);
}

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
  locale: Locale,
): string {
  const t = orderWords(locale);
  const { formatKes } = formatters(locale);
  const items = order.items.map((i) => {
    const options = Object.values(i.options).join(' / ');
    return `- ${i.quantity} x ${i.title}${options ? ` (${options})` : ''}`;
  });
  return [
    t('waFinish', { store: store.name, number: order.number }),
    ...items,
    t('waTotal', { amount: formatKes(order.totalKes) }),
    order.deliveryMethod === 'pickup' ? t('waPickup', { area: areaName }) : t('waDelivery', { area: areaName }),
    t('waName', { name: order.customerName }),
  ].join('\n');
}

/** Words of the island, in the page's language (lib/i18n/messages/order.ts). */
export function paymentIslandText(locale: Locale) {
  const t = orderWords(locale);
  return {
    waiting: t('waiting'),
    offline: t('offline'),
    stopped: t('stopped'),
    sending: t('sending'),
    phone: phoneError(locale),
    code: codeError(locale),
  };
}
