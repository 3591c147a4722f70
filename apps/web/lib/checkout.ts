/**
 * Checkout wording and form handling shared by the server-rendered pages and the JSON route
 * handlers the islands call, so a total reads the same whether the server drew it or the
 * island redrew it (the island only places labels and values it is given: no money logic or
 * formatting in the browser).
 */
import {
  idempotencyKeySchema,
  normaliseKenyanPhone,
  PHONE_FORMAT_HINT,
  type DeliveryAreaOption,
  type DeliveryQuote,
  type Order,
  type OrderStatus,
  type PickupOption,
} from '@sokoni/contracts';
import { formatKes, plural } from './format';
import type { CheckoutPreview } from './shopper-api';

const AREA_SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export type DeliveryMethod = 'delivery' | 'pickup';

/** "Westlands · KES 200 · Today", "Karen · Free · Tomorrow", "Kitengela · pickup only". */
export function areaOptionLabel(area: DeliveryAreaOption, pickup: PickupOption | null): string {
  if (!area.deliverable) return `${area.name} · ${pickup ? 'pickup only' : 'no delivery'}`;
  return `${area.name} · ${area.freeDelivery ? 'Free' : formatKes(area.feeKes)} · ${area.etaLabel}`;
}

export function pickupLabel(pickup: PickupOption): string {
  return `Pickup at an agent point · ${pickup.feeKes === 0 ? 'Free' : formatKes(pickup.feeKes)}`;
}

/** One line of an order summary. `kes` is the signed amount the line stands for. */
export interface SummaryRow {
  key: string;
  label: string;
  value: string;
  kes: number;
  kind: 'line' | 'discount' | 'total' | 'vat';
}

function deliveryRow(delivery: DeliveryQuote | null, method: DeliveryMethod, feeKes: number): SummaryRow {
  if (method === 'pickup') {
    return {
      key: 'delivery',
      label: delivery ? `Pickup near ${delivery.area.name}` : 'Pickup at an agent point',
      value: feeKes === 0 ? 'Free' : formatKes(feeKes),
      kes: feeKes,
      kind: 'line',
    };
  }
  if (!delivery) return { key: 'delivery', label: 'Delivery', value: 'Choose your area', kes: 0, kind: 'line' };
  if (!delivery.deliverable)
    return {
      key: 'delivery',
      label: `Delivery to ${delivery.area.name}`,
      value: 'Not available',
      kes: 0,
      kind: 'line',
    };
  return {
    key: 'delivery',
    label: `Delivery to ${delivery.area.name} · ${delivery.etaLabel}`,
    value: feeKes === 0 ? 'Free' : formatKes(feeKes),
    kes: feeKes,
    kind: 'line',
  };
}

/** Subtotal, delivery, each discount, total, and the VAT the total contains. */
export function summaryRows(p: CheckoutPreview, method: DeliveryMethod): SummaryRow[] {
  return [
    {
      key: 'subtotal',
      label: `Subtotal (${plural(p.cart.itemCount, 'item')})`,
      value: formatKes(p.subtotalKes),
      kes: p.subtotalKes,
      kind: 'line',
    },
    deliveryRow(p.delivery, method, p.deliveryFeeKes),
    ...p.discounts.map((d, i): SummaryRow => ({
      key: `discount-${i}`,
      label: d.label,
      value: `− ${formatKes(d.amountKes)}`,
      kes: -d.amountKes,
      kind: 'discount',
    })),
    { key: 'total', label: 'Total', value: formatKes(p.totalKes), kes: p.totalKes, kind: 'total' },
    { key: 'vat', label: 'Includes VAT (16%)', value: formatKes(p.vatKes), kes: p.vatKes, kind: 'vat' },
  ];
}

/** What the area and method mean for delivery, when it is not simply a fee ("we do not deliver there"). */
export function deliveryNote(p: CheckoutPreview, method: DeliveryMethod): string | null {
  const d = p.delivery;
  if (method === 'pickup') return d?.pickup ? d.pickup.note : null;
  if (!d) return null;
  if (!d.deliverable) return d.message;
  if (d.freeDelivery) return `Free delivery: your order is over ${formatKes(d.freeDeliveryFromKes ?? 0)}.`;
  if (d.freeDeliveryFromKes !== null) return `Free delivery on orders from ${formatKes(d.freeDeliveryFromKes)}.`;
  return null;
}

export interface CouponState {
  applied: boolean;
  text: string;
}

export function couponState(p: CheckoutPreview): CouponState | null {
  if (!p.coupon) return null;
  if (p.coupon.applied) {
    const line = p.discounts.find((d) => d.kind === 'coupon');
    return { applied: true, text: `${p.coupon.code} applied: you save ${formatKes(line?.amountKes ?? 0)}` };
  }
  return { applied: false, text: p.coupon.message ?? `${p.coupon.code} cannot be used on this order` };
}

export const placeLabel = (totalKes: number) => `Place order · ${formatKes(totalKes)}`;
/**
 * One-tap pay (issue 13): with M-Pesa set up, the button places the order and sends the PIN prompt.
 * Made from placeLabel's text so the island can turn the preview's label into it.
 */
export const ONE_TAP_FROM = 'Place order · ';
export const ONE_TAP_TO = 'Place order and pay ';
export const oneTapLabel = (place: string) => place.replace(ONE_TAP_FROM, ONE_TAP_TO);

/** The delivery promise among the trust markers: the chosen area's ETA once there is one. */
export function etaText(p: CheckoutPreview, method: DeliveryMethod): string {
  const d = p.delivery;
  if (method === 'delivery' && d?.deliverable) return `${d.etaLabel} to ${d.area.name}`;
  if (method === 'pickup' && d) return `Pickup near ${d.area.name}: same or next day`;
  return 'Same or next day across Nairobi';
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

export function previewView(p: CheckoutPreview, method: DeliveryMethod): PreviewView {
  return {
    rows: summaryRows(p, method),
    note: deliveryNote(p, method),
    coupon: couponState(p),
    place: placeLabel(p.totalKes),
    eta: etaText(p, method),
    notices: p.cart.notices.map((n) => n.message),
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

export const PHONE_ERROR = `Enter ${PHONE_FORMAT_HINT}`;

/** The checks the browser island also makes, so no request is sent for what cannot work. */
export function validateCheckout(form: CheckoutForm): FieldErrors {
  const errors: FieldErrors = {};
  if (!form.phone.trim()) errors.phone = 'Enter the M-Pesa phone number to pay with';
  else if (!normaliseKenyanPhone(form.phone)) errors.phone = PHONE_ERROR;
  if (!form.name.trim()) errors.name = 'Enter your name, so the rider knows who to ask for';
  if (!validArea(form.area)) errors.area = 'Choose your area';
  return errors;
}

/** An API refusal of an order -> the field it is about, in the shopper's words. */
export function orderProblemErrors(problem: {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}): FieldErrors {
  const reason = typeof problem.details.reason === 'string' ? problem.details.reason : '';
  const fieldName = typeof problem.details.field === 'string' ? problem.details.field : '';
  // The API says how long to wait in words ("... Try again in 4 minutes."): show that.
  if (problem.status === 429)
    return { form: problem.message || 'Too many tries. Wait a moment, then place your order again.' };
  if (problem.code === 'validation_failed') {
    if (fieldName === 'phone') return { phone: problem.message };
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
      errors[name] ??= issue.message ?? problem.message;
    }
    return Object.keys(errors).length > 0 ? errors : { form: problem.message };
  }
  switch (reason) {
    case 'coupon_invalid':
    case 'coupon_used':
    case 'coupon_exhausted':
      return { coupon: problem.message };
    case 'not_deliverable':
      return { area: problem.message };
    case 'no_pickup':
      return { method: problem.message };
    default:
      return { form: problem.message };
  }
}

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: 'Awaiting M-Pesa payment',
  paid: 'Paid',
  packed: 'Packed',
  dispatched: 'On the way',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

/** The rows of a placed order, worded like the checkout's. */
export function orderRows(order: Order, areaName: string, eta: string | null): SummaryRow[] {
  const delivery =
    order.deliveryMethod === 'pickup' ? `Pickup near ${areaName}` : `Delivery to ${areaName}${eta ? ` · ${eta}` : ''}`;
  return [
    {
      key: 'subtotal',
      label: `Subtotal (${plural(
        order.items.reduce((n, i) => n + i.quantity, 0),
        'item',
      )})`,
      value: formatKes(order.subtotalKes),
      kes: order.subtotalKes,
      kind: 'line',
    },
    {
      key: 'delivery',
      label: delivery,
      value: order.deliveryFeeKes === 0 ? 'Free' : formatKes(order.deliveryFeeKes),
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
    { key: 'total', label: 'Total', value: formatKes(order.totalKes), kes: order.totalKes, kind: 'total' },
    { key: 'vat', label: 'Includes VAT (16%)', value: formatKes(order.vatKes), kes: order.vatKes, kind: 'vat' },
  ];
}
