/**
 * What the shopper's order page (pages/s/[store]/orders/[order].tsx) draws, loaded on the
 * server: the order read back by its id (a random UUID: the link is the key, as for the
 * invoice) from GET /v1/stores/:store/orders/:id, its delivery area, and the M-Pesa part (which
 * of the pay states below, the attempt it is about, the Pay form's key and prefill, and what
 * went wrong with the last Pay / M-Pesa code post: the pay flash cookie).
 */
import {
  normaliseKenyanPhone,
  type Order,
  type OrderStatus,
  type StoreSummary,
  formatNairobiTime,
  localPhone,
  PAID_ORDER_STATUSES as PAID_LIKE,
} from '@sokoni/contracts';
import { ApiError } from '@/lib/api';
import { etaWords, isOrderStatus, orderRows, type SummaryRow } from '@/lib/checkout';
import type { Locale } from '@/lib/i18n/core';
import { parseCookies, payFlashClearCookie, readPayFlash, type PayFlash } from '@/lib/cookies';
import { newPayKey, paymentView, UUID_RE, whatsappOrderText, type ManualPay, type PaymentView } from '@/lib/payment';
import type { StoreRequest } from '@/lib/request';
import { getDeliveryQuote, getOrder, getOrderPayments } from '@/lib/shopper-api';
import { loadAftercare, type OrderAftercare } from '@/lib/storefront/order-aftercare';
import { optional } from '@/lib/store-page';
import { whatsappHref } from '@/lib/whatsapp';

export interface OrderPageData {
  order: Pick<
    Order,
    | 'id'
    | 'number'
    | 'status'
    | 'customerName'
    | 'deliveryMethod'
    | 'landmark'
    | 'totalKes'
    | 'reservedUntil'
    | 'items'
    | 'areaSlug'
    | 'paymentMethod'
    | 'collected'
  >;
  rows: SummaryRow[];
  /** Analytics of this view: the payment steps, each sent once per tab session. */
  events: { type: 'payment_started' | 'paid'; once: string }[];
  areaName: string;
  eta: string | null;
  heldUntil: string | null;
  pay: Pay;
  /** Tracking, cancel and return (null when the API could not say just now). */
  aftercare: OrderAftercare | null;
}

/**
 * The M-Pesa part of the page:
 *  - `new`: no attempt yet: the Pay form (phone prefilled, editable);
 *  - `pending`: the PIN prompt is on the shopper's phone: "check your phone", live status;
 *  - `failed`: the last attempt's message, the Pay form again ("Try again", another number),
 *    Finish on WhatsApp;
 *  - `paid`: the receipt (or "receipt to follow");
 *  - `none`: nothing to pay (cancelled, refunded) or no M-Pesa set up.
 */
export type PayState = 'new' | 'pending' | 'failed' | 'paid' | 'none';

export interface Pay {
  state: PayState;
  /** The attempt the state is about (newest; for `paid` the one that paid). */
  attempt: PaymentView | null;
  manual: ManualPay | null;
  amountKes: number;
  /** Idempotency-Key of this render's Pay form. */
  key: string;
  /** Prefill of the phone field: what the shopper last typed, else the order's number. */
  phone: string;
  flash: Omit<PayFlash, 'order'> | null;
  /** wa.me link with the order summary, when the store has WhatsApp. */
  whatsapp: string | null;
  /** The payments API answered (if not, the page still offers Pay and the store's till). */
  known: boolean;
  /**
   * Pay by hand (paybill/till) is shown only after the prompt failed or timed out, or when the
   * shopper asked for it (`?manual=1`): never as a second way next to "waiting for your PIN".
   */
  showManual: boolean;
  /** The link that asks for it (this page with ?manual=1). */
  manualHref: string;
}

/**
 * The funnel's last two steps as this page sees them: an attempt waiting for the PIN (one
 * payment_started per attempt, however often the page refreshes) and, only right after a Pay
 * tap (?payment=), the order paid: reopening an old paid order from "My orders" is not a sale.
 */
function paymentEvents(pay: Pay, afterPayTap: boolean): OrderPageData['events'] {
  if (pay.state === 'pending' && pay.attempt) return [{ type: 'payment_started', once: `pay:${pay.attempt.id}` }];
  if (pay.state === 'paid' && pay.attempt && afterPayTap) {
    return [
      { type: 'payment_started', once: `pay:${pay.attempt.id}` },
      { type: 'paid', once: `paid:${pay.attempt.id}` },
    ];
  }
  return [];
}

export interface OrderPageRequest {
  /** The order id from the URL (not yet checked). */
  id: string;
  cookieHeader: string | undefined;
  /** The page was reached right after a Pay tap (?payment=<id>). */
  afterPayTap: boolean;
  /** The shopper asked to pay by hand (?manual=1). */
  manualAsked?: boolean;
  /** ?cancel=<outcome> after the Cancel form (a fixed word, never shown as is). */
  cancelOutcome?: string;
  /** The page's language (labels, the WhatsApp message). */
  locale: Locale;
}

/**
 * The page's data and the Set-Cookie headers that spend the pay flash, or null when there is no
 * such order (a malformed id included): the page answers 404 inside the store's frame.
 */
export async function loadOrderPage(
  { slug, forwarded }: StoreRequest,
  store: StoreSummary,
  { id, cookieHeader, afterPayTap, manualAsked = false, cancelOutcome, locale }: OrderPageRequest,
): Promise<{ data: OrderPageData; setCookies: string[] } | null> {
  if (!UUID_RE.test(id)) return null;
  const answer = await getOrder(slug, id, forwarded);
  if (!answer.ok) {
    if (answer.problem.status === 404 || answer.problem.status === 400) return null;
    throw new ApiError(
      `GET order of ${slug}: ${answer.problem.status}`,
      answer.problem.status,
      `/v1/stores/${slug}/orders/:id`,
    );
  }
  const { order } = answer.data;
  const quote = await optional(
    'delivery area of an order',
    async () => {
      const q = await getDeliveryQuote(slug, order.areaSlug, order.subtotalKes, forwarded);
      return q.ok ? q.data : null;
    },
    null,
  );
  const areaName = quote?.area.name ?? order.areaSlug;
  const eta =
    order.deliveryMethod === 'delivery' && quote?.deliverable
      ? etaWords(quote.etaHoursMin, quote.etaHoursMax, locale)
      : null;

  // Payments: every attempt, newest first. Read after the order, so its orderStatus is the
  // fresher one (a callback may have landed in between).
  const payments = await optional(
    'payments of an order',
    async () => {
      const a = await getOrderPayments(slug, id, forwarded);
      return a.ok ? a.data : null;
    },
    null,
  );
  const attempts = (payments?.payments ?? []).map(paymentView);
  const paidAttempt = attempts.find((p) => p.status === 'paid') ?? null;
  let status: OrderStatus = payments && isOrderStatus(payments.orderStatus) ? payments.orderStatus : order.status;
  if (status === 'pending_payment' && paidAttempt) status = 'paid'; // the order row follows the payment in a moment
  const latest = attempts[0] ?? null;
  const manual: ManualPay | null = payments
    ? payments.manual
    : store.mpesa
      ? {
          kind: store.mpesa.kind,
          shortcode: store.mpesa.shortcode,
          account: store.mpesa.kind === 'paybill' ? String(order.number) : null,
          amountKes: order.totalKes,
        }
      : null;
  let state: PayState = 'none';
  if (paidAttempt && (status === 'pending_payment' || PAID_LIKE.has(status))) state = 'paid';
  else if (status === 'pending_payment' && manual)
    state = latest?.status === 'pending' ? 'pending' : latest ? 'failed' : 'new';

  const flash = readPayFlash(parseCookies(cookieHeader), slug, id);
  const typed = flash && flash.field !== 'code' ? flash.value : '';
  const wa = store.whatsappNumber
    ? whatsappHref(store.whatsappNumber, whatsappOrderText(store, order, areaName, locale))
    : null;
  const pay: Pay = {
    state,
    attempt: state === 'paid' ? paidAttempt : state === 'pending' || state === 'failed' ? latest : null,
    manual,
    amountKes: manual?.amountKes ?? order.totalKes,
    key: newPayKey(),
    phone: typed || (normaliseKenyanPhone(order.phone) ? localPhone(normaliseKenyanPhone(order.phone)!) : order.phone),
    flash: flash ? { field: flash.field, message: flash.message, value: flash.value } : null,
    whatsapp: wa,
    known: payments !== null,
    showManual: manual !== null && (state === 'failed' || manualAsked || flash?.field === 'code'),
    manualHref: `?manual=1#pay-manual`,
  };
  const aftercare = await loadAftercare({ slug, forwarded }, order, parseCookies(cookieHeader), cancelOutcome, locale);
  const data: OrderPageData = {
    aftercare,
    pay,
    order: {
      id: order.id,
      number: order.number,
      status,
      customerName: order.customerName,
      deliveryMethod: order.deliveryMethod,
      landmark: order.landmark,
      totalKes: order.totalKes,
      reservedUntil: order.reservedUntil,
      items: order.items,
      areaSlug: order.areaSlug,
      paymentMethod: order.paymentMethod,
      collected: order.collected ?? null,
    },
    events: paymentEvents(pay, afterPayTap),
    rows: orderRows(order, areaName, eta, locale),
    areaName,
    eta,
    heldUntil: status === 'pending_payment' && order.reservedUntil ? formatNairobiTime(order.reservedUntil) : null,
  };
  return { data, setCookies: flash ? [payFlashClearCookie(slug)] : [] };
}
