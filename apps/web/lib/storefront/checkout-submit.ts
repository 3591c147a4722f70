/**
 * The checkout form's post (app/s/[store]/checkout/place/route.ts), as a decision:
 *  - intent=preview ("Apply" / "Update total" without JavaScript) or a saved place tapped:
 *    nothing is placed, the form goes back to the page, which draws the totals for it;
 *  - intent=place: checked here first (phone with normaliseKenyanPhone, name, area), then
 *    POST /v1/stores/:store/orders with the form's Idempotency-Key (minted once per page render:
 *    a double tap sends the same key and the API answers both with one order) and the cart token
 *    -> the order, or the form back with the API's reason next to its field.
 */
import { normaliseKenyanPhone } from '@sokoni/contracts';
import { newIdempotencyKey, orderProblemErrors, readCheckoutForm, validateCheckout } from '@/lib/checkout';
import type { ShopperRequest } from '@/lib/route';
import { logWarn } from '@/lib/route';
import { placeOrder, startPayment } from '@/lib/shopper-api';
import type { CheckoutFlash } from './checkout-flash';
import { translator, type Locale } from '@/lib/i18n/core';
import { checkoutMessages } from '@/lib/i18n/messages/checkout';
import { refusalText } from '@/lib/i18n/refusal';

export type CheckoutOutcome =
  /**
   * Placed. One-tap pay (field pay=mpesa): `paymentId` is the PIN prompt sent with it, or
   * `payProblem` says in words why it was not (the order page then offers Pay again).
   */
  | { placed: true; orderId: string; paymentId?: string; payProblem?: string }
  /** Back to the checkout with the form (and what the API said about the cart, if anything). */
  | { placed: false; back: CheckoutFlash; notices: string[] };

/**
 * The second half of "Place order and pay": the STK push for the order just placed, under a key
 * derived from the form's Idempotency-Key. A double tap (or a retried post) places one order and
 * sends one prompt: the API answers the same key with the same attempt, and an order with a
 * prompt already open answers with that one.
 */
async function oneTapPay(
  shopper: ShopperRequest,
  orderId: string,
  key: string,
  phone: string,
  locale: Locale,
): Promise<{ paymentId?: string; payProblem?: string }> {
  const t = translator(checkoutMessages, locale);
  try {
    const paid = await startPayment(
      shopper.slug,
      orderId,
      `${key.slice(0, 120)}.pay`,
      normaliseKenyanPhone(phone) ?? undefined,
      shopper.forwarded,
    );
    if (paid.ok) return { paymentId: paid.data.payment.id };
    return { payProblem: t('pushFailed', { reason: refusalText(paid.problem, locale) }) };
  } catch (err) {
    logWarn('checkout: one-tap STK push failed', {
      store: shopper.slug,
      requestId: shopper.forwarded.requestId,
      err: (err as Error).message,
    });
    return { payProblem: t('pushUnknown') };
  }
}

/** `fields` null: a cross-site post or a body that is not a form (nothing of it is used). */
export async function submitCheckout(
  shopper: ShopperRequest,
  fields: URLSearchParams | null,
  locale: Locale,
): Promise<CheckoutOutcome> {
  const t = translator(checkoutMessages, locale);
  if (!fields)
    return { placed: false, back: { form: null, errors: { form: t('unreadable') }, savedPlace: null }, notices: [] };
  const read = readCheckoutForm(fields);
  const { intent } = read;
  let { form } = read;
  // A saved place tapped without JavaScript: it fills area and landmark, nothing is placed.
  const savedPlace = fields.get('saved_place');
  if (savedPlace !== null || intent === 'preview')
    return { placed: false, back: { form, errors: {}, savedPlace }, notices: [] };

  const invalid = validateCheckout(form, locale);
  if (Object.keys(invalid).length > 0)
    return { placed: false, back: { form, errors: invalid, savedPlace: null }, notices: [] };
  const { slug, token, forwarded } = shopper;
  try {
    const answer = await placeOrder(
      slug,
      token,
      form.key,
      {
        phone: normaliseKenyanPhone(form.phone)!,
        name: form.name.trim(),
        areaSlug: form.area,
        deliveryMethod: form.method,
        landmark: form.landmark.trim() || undefined,
        notes: form.notes.trim() || undefined,
        channel: 'web',
        couponCode: form.coupon || undefined,
        // Pay on delivery picked (the API checks the store's rules and says why not in words).
        ...(fields.get('pay') === 'on_delivery' ? { paymentMethod: 'on_delivery' as const } : {}),
      },
      forwarded,
    );
    if (answer.ok) {
      const orderId = answer.data.order.id;
      if (fields.get('pay') !== 'mpesa' || answer.data.order.status !== 'pending_payment')
        return { placed: true, orderId };
      return { placed: true, orderId, ...(await oneTapPay(shopper, orderId, form.key, form.phone, locale)) };
    }
    const { problem } = answer;
    const notices: string[] = [];
    if (problem.details.reason === 'cart_changed' && Array.isArray(problem.details.notices)) {
      for (const n of problem.details.notices as { message?: unknown }[])
        if (typeof n.message === 'string') notices.push(n.message);
    }
    // The key went with different details: the form comes back with a new one.
    if (problem.details.reason === 'idempotency_key_reused') form = { ...form, key: newIdempotencyKey() };
    return { placed: false, back: { form, errors: orderProblemErrors(problem, locale), savedPlace: null }, notices };
  } catch (err) {
    // Unknown outcome: keep the key, so trying again cannot make a second order.
    logWarn('checkout: placing the order failed', {
      store: slug,
      requestId: forwarded.requestId,
      err: (err as Error).message,
    });
    return { placed: false, back: { form, errors: { form: t('unreachable') }, savedPlace: null }, notices: [] };
  }
}
