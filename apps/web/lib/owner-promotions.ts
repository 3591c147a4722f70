/**
 * The owner's promotions pages: dashboard form fields -> the API's bodies (the API validates and
 * names a refused field; these only turn text into numbers and dates), and the words the pages
 * use for a coupon's or promotion's terms.
 */
import type { OwnerCoupon, OwnerCouponBatchSummary, OwnerPromotion } from '@sokoni/contracts';
import { formatKes } from './format';
import { intField, textField } from './owner-route';

export const PROMOTIONS_PAGE = '/owner/promotions';

/** 'bad' when typed but not a whole number; undefined when empty. */
function optionalInt(form: URLSearchParams, name: string): number | undefined | 'bad' {
  if (!textField(form, name)) return undefined;
  return intField(form, name) ?? 'bad';
}

/** A date field (yyyy-mm-dd, Nairobi midnight) as ISO, undefined when empty, 'bad' otherwise. */
function dateField(form: URLSearchParams, name: string): { iso: string } | undefined | 'bad' {
  const raw = textField(form, name);
  if (!raw) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return 'bad';
  const d = new Date(`${raw}T00:00:00+03:00`);
  return Number.isNaN(d.getTime()) ? 'bad' : { iso: d.toISOString() };
}

const list = (raw: string) =>
  raw
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

export type FormBody = { ok: true; body: Record<string, unknown> } | { ok: false; text: string };

/** The numeric and date fields every form shares, each only when filled in. */
function common(form: URLSearchParams, fields: string[], dates: string[]): FormBody {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = optionalInt(form, f);
    if (v === 'bad') return { ok: false, text: `${f}: enter a whole number, like 500` };
    if (v !== undefined) body[f] = v;
  }
  for (const f of dates) {
    const v = dateField(form, f);
    if (v === 'bad') return { ok: false, text: `${f}: pick a date` };
    if (v !== undefined) body[f] = v.iso;
  }
  return { ok: true, body };
}

/** New coupon, edited coupon (`edit`: empty fields are left as they are) or a batch of codes. */
export function couponBody(form: URLSearchParams, mode: 'create' | 'edit' | 'batch'): FormBody {
  const numbers = ['value', 'minSubtotalKes', ...(mode === 'batch' ? ['count'] : ['maxUses', 'maxUsesPerPhone'])];
  const parsed = common(form, numbers, ['startsAt', 'endsAt']);
  if (!parsed.ok) return parsed;
  const body = parsed.body;
  for (const f of ['code', 'name', 'kind', 'prefix']) if (textField(form, f)) body[f] = textField(form, f);
  if (body.kind === 'free_delivery') body.value = 0;
  const categories = form.getAll('categorySlugs').filter(Boolean);
  const products = list(textField(form, 'productSlugs'));
  if (mode !== 'edit' || form.has('restrict')) {
    body.categorySlugs = categories;
    body.productSlugs = products;
  }
  if (mode === 'edit') {
    if (form.get('noEnd') === 'on') body.endsAt = null;
    if (form.get('noLimit') === 'on') body.maxUses = null;
  }
  return { ok: true, body };
}

/** A new automatic promotion of the form's kind. */
export function promotionBody(form: URLSearchParams): FormBody {
  const parsed = common(form, ['percent', 'buyQty', 'getQty', 'minSubtotalKes'], ['startsAt', 'endsAt']);
  if (!parsed.ok) return parsed;
  const body = { ...parsed.body, kind: textField(form, 'kind'), name: textField(form, 'name') };
  for (const f of ['categorySlug', 'collectionSlug', 'productSlug'])
    if (textField(form, f)) (body as Record<string, unknown>)[f] = textField(form, f).toLowerCase();
  return { ok: true, body };
}

/** "15 % off", "KES 500 off", "Free delivery". */
export function couponTerms(c: Pick<OwnerCoupon, 'kind' | 'value'>): string {
  return c.kind === 'percent' ? `${c.value}% off` : c.kind === 'fixed' ? `${formatKes(c.value)} off` : 'Free delivery';
}

export function promotionTerms(p: OwnerPromotion): string {
  switch (p.kind) {
    case 'category_percent':
    case 'collection_percent':
      return `${p.percent}% off ${p.target ? `${p.target.type} ${p.target.name}` : ''}`.trim();
    case 'buy_x_get_y':
      return `Buy ${p.buyQty} get ${p.getQty} free: ${p.target?.name ?? ''}`;
    case 'free_delivery_over':
      return `Free delivery on orders of ${formatKes(p.minSubtotalKes ?? 0)} or more`;
  }
}

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-KE', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'Africa/Nairobi',
  });

export function windowText(startsAt: string, endsAt: string | null): string {
  return endsAt ? `${day(startsAt)} – ${day(endsAt)}` : `from ${day(startsAt)}, no end date`;
}

/** yyyy-mm-dd in Nairobi, for a date input's default. */
export const dateInputValue = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() + 3 * 3600_000).toISOString().slice(0, 10) : '';

export function usageText(u: OwnerCoupon['usage'] | OwnerCouponBatchSummary['usage']): string {
  return `${u.orders} order${u.orders === 1 ? '' : 's'} · ${formatKes(u.discountKes)} given · ${formatKes(u.revenueKes)} from ${u.paidOrders} paid`;
}
