/**
 * Checkout wording and form handling shared by the server-rendered pages and the JSON route
 * handlers the islands call, so a total reads the same whether the server drew it or the
 * island redrew it (the island only places labels and values it is given: no money logic or
 * formatting in the browser).
 */
import {
  idempotencyKeySchema,
  normaliseKenyanPhone,
  type DeliveryAreaOption,
  type DeliveryQuote,
  type Order,
  type OrderStatus,
  type PickupOption,
} from '@sokoni/contracts';
import type { CheckoutPreview } from './shopper-api';
import { translator, type Locale, type Translate } from './i18n/core';
import { formatters } from './i18n/format';
import { checkoutMessages, type CheckoutKey } from './i18n/messages/checkout';
import { refusalText } from './i18n/refusal';
import { cartNoticeText } from './i18n/cart-notice';

/** The page's words and amounts in one language (every label below is built with them). */
function words(locale: Locale): {
  t: Translate<CheckoutKey>;
  formatKes: (n: number) => string;
  n: (x: number) => string;
} {
  const f = formatters(locale);
  return { t: translator(checkoutMessages, locale), formatKes: f.formatKes, n: f.formatNumber };
}

/** "Today", "Tomorrow", "2-3 days" from the hours (the API's etaLabel rule, in this language). */
export function etaWords(min: number, max: number, locale: Locale): string {
  const { t } = words(locale);
  if (max <= 12) return t('etaToday');
  if (max <= 24) return t('etaTomorrow');
  const from = Math.max(1, Math.floor(min / 24));
  const to = Math.max(from, Math.ceil(max / 24));
  return from === to ? t('etaDays', { days: to }) : t('etaDaysRange', { from, to });
}

const AREA_SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export type DeliveryMethod = 'delivery' | 'pickup';

/** "Westlands · KES 200 · Today", "Karen · Free · Tomorrow", "Kitengela · pickup only". */
export function areaOptionLabel(area: DeliveryAreaOption, pickup: PickupOption | null, locale: Locale): string {
  const { t, formatKes } = words(locale);
  if (!area.deliverable) return `${area.name} · ${pickup ? t('pickupOnly') : t('noDelivery')}`;
  const eta = etaWords(area.etaHoursMin, area.etaHoursMax, locale);
  return `${area.name} · ${area.freeDelivery ? t('free') : formatKes(area.feeKes)} · ${eta}`;
}

export function pickupLabel(pickup: PickupOption, locale: Locale): string {
  const { t, formatKes } = words(locale);
  return `${t('pickupAtAgent')} · ${pickup.feeKes === 0 ? t('free') : formatKes(pickup.feeKes)}`;
}

/** One line of an order summary. `kes` is the signed amount the line stands for. */
export interface SummaryRow {
  key: string;
  label: string;
  value: string;
  kes: number;
  kind: 'line' | 'discount' | 'total' | 'vat';
}

function deliveryRow(
  delivery: DeliveryQuote | null,
  method: DeliveryMethod,
  feeKes: number,
  locale: Locale,
): SummaryRow {
  const { t, formatKes } = words(locale);
  if (method === 'pickup') {
    return {
      key: 'delivery',
      label: delivery ? t('pickupNear', { area: delivery.area.name }) : t('pickupAtAgent'),
      value: feeKes === 0 ? t('free') : formatKes(feeKes),
      kes: feeKes,
      kind: 'line',
    };
  }
  if (!delivery) return { key: 'delivery', label: t('delivery'), value: t('chooseArea'), kes: 0, kind: 'line' };
  if (!delivery.deliverable)
    return {
      key: 'delivery',
      label: t('deliveryTo', { area: delivery.area.name }),
      value: t('notAvailable'),
      kes: 0,
      kind: 'line',
    };
  return {
    key: 'delivery',
    label: t('deliveryToEta', {
      area: delivery.area.name,
      eta: etaWords(delivery.etaHoursMin, delivery.etaHoursMax, locale),
    }),
    value: feeKes === 0 ? t('free') : formatKes(feeKes),
    kes: feeKes,
    kind: 'line',
  };
}

/** Subtotal, delivery, each discount, total, and the VAT the total contains. */
export function summaryRows(p: CheckoutPreview, method: DeliveryMethod, locale: Locale): SummaryRow[] {
  const { t, formatKes, n } = words(locale);
  return [
    {
      key: 'subtotal',
      label: t(p.cart.itemCount === 1 ? 'subtotalOne' : 'subtotalMany', { count: n(p.cart.itemCount) }),
      value: formatKes(p.subtotalKes),
      kes: p.subtotalKes,
      kind: 'line',
    },
    deliveryRow(p.delivery, method, p.deliveryFeeKes, locale),
    ...p.discounts.map((d, i): SummaryRow => ({
      key: `discount-${i}`,
      label: d.label,
      value: `− ${formatKes(d.amountKes)}`,
      kes: -d.amountKes,
      kind: 'discount',
    })),
    { key: 'total', label: t('total'), value: formatKes(p.totalKes), kes: p.totalKes, kind: 'total' },
    { key: 'vat', label: t('includesVat'), value: formatKes(p.vatKes), kes: p.vatKes, kind: 'vat' },
  ];
}

/** What the area and method mean for delivery, when it is not simply a fee ("we do not deliver there"). */
export function deliveryNote(p: CheckoutPreview, method: DeliveryMethod, locale: Locale): string | null {
  const { t, formatKes } = words(locale);
  const d = p.delivery;
  if (method === 'pickup') return d?.pickup ? d.pickup.note : null;
  if (!d) return null;
  if (!d.deliverable) return d.message;
  if (d.freeDelivery) return t('freeOver', { amount: formatKes(d.freeDeliveryFromKes ?? 0) });
  if (d.freeDeliveryFromKes !== null) return t('freeFrom', { amount: formatKes(d.freeDeliveryFromKes) });
  return null;
}

export interface CouponState {
  applied: boolean;
  text: string;
}

export function couponState(p: CheckoutPreview, locale: Locale): CouponState | null {
  const { t, formatKes } = words(locale);
  if (!p.coupon) return null;
  if (p.coupon.applied) {
    const line = p.discounts.find((d) => d.kind === 'coupon');
    return {
      applied: true,
      text: t('couponApplied', { code: p.coupon.code, amount: formatKes(line?.amountKes ?? 0) }),
    };
  }
  // The API words its coupon refusals in English only: other languages say it in their own words.
  const apiWords = locale === 'en' ? p.coupon.message : null;
  return { applied: false, text: apiWords ?? t('couponRefused', { code: p.coupon.code }) };
}

export const placeLabel = (totalKes: number, locale: Locale) => {
  const { t, formatKes } = words(locale);
  return t('place', { amount: formatKes(totalKes) });
};
/**
 * One-tap pay (issue 13): with M-Pesa set up, the button places the order and sends the PIN prompt.
 * Made from placeLabel's text so the island can turn the preview's label into it.
 */
export const oneTapWords = (locale: Locale): [string, string] => {
  const { t } = words(locale);
  return [t('placeFrom'), t('placeAndPay')];
};
export const oneTapLabel = (place: string, locale: Locale) => {
  const [from, to] = oneTapWords(locale);
  return place.replace(from, to);
};

/** The delivery promise among the trust markers: the chosen area's ETA once there is one. */
export function etaText(p: CheckoutPreview, method: DeliveryMethod, locale: Locale): string {
  const { t } = words(locale);
  const d = p.delivery;
  if (method === 'delivery' && d?.deliverable)
    return t('etaTo', { eta: etaWords(d.etaHoursMin, d.etaHoursMax, locale), area: d.area.name });
  if (method === 'pickup' && d) return t('pickupEta', { area: d.area.name });
  return t('etaAnywhere');
}

/** What the checkout island needs after a change (GET <store>/checkout/preview). */
export interface PreviewView {
  rows: SummaryRow[];
  note: string | null;
  coupon: CouponState | null;
  place: string;
  eta: string;
  notices: string[];
  empty: boolean;
}

export function previewView(p: CheckoutPreview, method: DeliveryMethod, locale: Locale): PreviewView {
  return {
    rows: summaryRows(p, method, locale),
    note: deliveryNote(p, method, locale),
    coupon: couponState(p, locale),
    place: placeLabel(p.totalKes, locale),
    eta: etaText(p, method, locale),
    notices: p.cart.notices.map((n) => cartNoticeText(n, locale)),
    empty: p.cart.lines.length === 0,
  };
}

// ---------------------------------------------------------------------------------------------
// The checkout form

export interface CheckoutForm {
  phone: string;
  name: string;
  area: string;
  method: DeliveryMethod;
  landmark: string;
  notes: string;
  coupon: string;
  /** Idempotency-Key: minted once per checkout page render, posted back as a hidden input. */
  key: string;
}

export type FieldName = 'phone' | 'name' | 'area' | 'method' | 'coupon' | 'landmark' | 'notes';
export type FieldErrors = Partial<Record<FieldName | 'form', string>>;

export const emptyForm = (key: string): CheckoutForm => ({
  phone: '',
  name: '',
  area: '',
  method: 'delivery',
  landmark: '',
  notes: '',
  coupon: '',
  key,
});

export const newIdempotencyKey = () => `co_${crypto.randomUUID()}`;

const field = (fields: URLSearchParams, name: string, max: number) => (fields.get(name) ?? '').slice(0, max);

/** A posted checkout form -> its values (trimmed to the API's limits) and the shopper's intent. */
export function readCheckoutForm(fields: URLSearchParams): { form: CheckoutForm; intent: 'place' | 'preview' } {
  const key = field(fields, 'key', 128);
  return {
    intent: fields.get('intent') === 'preview' ? 'preview' : 'place',
    form: {
      phone: field(fields, 'phone', 32),
      name: field(fields, 'name', 120),
      area: field(fields, 'area', 60),
      method: fields.get('method') === 'pickup' ? 'pickup' : 'delivery',
      landmark: field(fields, 'landmark', 200),
      notes: field(fields, 'notes', 500),
      coupon: field(fields, 'coupon', 32).trim(),
      // A missing or mangled key gets a new one (the API would refuse it anyway).
      key: idempotencyKeySchema.safeParse(key).success ? key : newIdempotencyKey(),
    },
  };
}

export const validArea = (slug: string) => AREA_SLUG_RE.test(slug);

/** "Enter a Kenyan mobile number like ..." (PHONE_FORMAT_HINT's words, in the shopper's language). */
export const phoneError = (locale: Locale) => words(locale).t('phoneInvalid');

/** The checks the browser island also makes, so no request is sent for what cannot work. */
export function validateCheckout(form: CheckoutForm, locale: Locale): FieldErrors {
  const { t } = words(locale);
  const errors: FieldErrors = {};
  if (!form.phone.trim()) errors.phone = t('phoneEmpty');
  else if (!normaliseKenyanPhone(form.phone)) errors.phone = phoneError(locale);
  if (!form.name.trim()) errors.name = t('nameEmpty');
  if (!validArea(form.area)) errors.area = t('chooseArea');
  return errors;
}

/** An API refusal of an order -> the field it is about, in the shopper's words. */
export function orderProblemErrors(
  problem: {
    status: number;
    code: string;
    message: string;
    details: Record<string, unknown>;
  },
  locale: Locale,
): FieldErrors {
  const reason = typeof problem.details.reason === 'string' ? problem.details.reason : '';
  const fieldName = typeof problem.details.field === 'string' ? problem.details.field : '';
  // English: the API's own words, the most precise. Other languages: the refusal's code mapped
  // to words (lib/i18n/refusal.ts); a field's own issue text is English, so it is not shown there.
  const english = locale === 'en';
  const said = refusalText(problem, locale);
  // The API says how long to wait in words ("... Try again in 4 minutes."): show that.
  if (problem.status === 429) return { form: said || words(locale).t('tooMany') };
  if (problem.code === 'validation_failed') {
    if (fieldName === 'phone') return { phone: english ? problem.message : phoneError(locale) };
    const issues = Array.isArray(problem.details.issues)
      ? (problem.details.issues as { path?: string; message?: string }[])
      : [];
    const errors: FieldErrors = {};
    for (const issue of issues) {
      const path = issue.path ?? '';
      const name: FieldName | 'form' =
        path === 'areaSlug'
          ? 'area'
          : path === 'couponCode'
            ? 'coupon'
            : path === 'deliveryMethod'
              ? 'method'
              : ((['phone', 'name', 'landmark', 'notes'] as const).find((f) => f === path) ?? 'form');
      errors[name] ??= english ? (issue.message ?? problem.message) : name === 'phone' ? phoneError(locale) : said;
    }
    return Object.keys(errors).length > 0 ? errors : { form: said };
  }
  switch (reason) {
    case 'coupon_invalid':
    case 'coupon_used':
    case 'coupon_exhausted':
      return { coupon: said };
    case 'not_deliverable':
      return { area: said };
    case 'no_pickup':
      return { method: said };
    default:
      return { form: said };
  }
}

/** Every order status (their words: lib/i18n/messages/order.ts, `status_<status>`). */
const ORDER_STATUSES: readonly string[] = [
  'pending_payment',
  'paid',
  'packed',
  'dispatched',
  'delivered',
  'cancelled',
  'refunded',
] satisfies OrderStatus[];
export const isOrderStatus = (s: string): s is OrderStatus => ORDER_STATUSES.includes(s);

/** The rows of a placed order, worded like the checkout's. */
export function orderRows(order: Order, areaName: string, eta: string | null, locale: Locale): SummaryRow[] {
  const { t, formatKes, n } = words(locale);
  const delivery =
    order.deliveryMethod === 'pickup'
      ? t('pickupNear', { area: areaName })
      : eta
        ? t('deliveryToEta', { area: areaName, eta })
        : t('deliveryTo', { area: areaName });
  const count = order.items.reduce((sum, i) => sum + i.quantity, 0);
  return [
    {
      key: 'subtotal',
      label: t(count === 1 ? 'subtotalOne' : 'subtotalMany', { count: n(count) }),
      value: formatKes(order.subtotalKes),
      kes: order.subtotalKes,
      kind: 'line',
    },
    {
      key: 'delivery',
      label: delivery,
      value: order.deliveryFeeKes === 0 ? t('free') : formatKes(order.deliveryFeeKes),
      kes: order.deliveryFeeKes,
      kind: 'line',
    },
    ...order.discounts.map((d, i): SummaryRow => ({
      key: `discount-${i}`,
      label: d.label,
      value: `− ${formatKes(d.amountKes)}`,
      kes: -d.amountKes,
      kind: 'discount',
    })),
    { key: 'total', label: t('total'), value: formatKes(order.totalKes), kes: order.totalKes, kind: 'total' },
    { key: 'vat', label: t('includesVat'), value: formatKes(order.vatKes), kes: order.vatKes, kind: 'vat' },
  ];
}
