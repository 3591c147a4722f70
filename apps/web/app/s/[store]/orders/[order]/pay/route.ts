import { idempotencyKeySchema, normaliseKenyanPhone } from '@sokoni/contracts';
import { phoneError } from '@/lib/checkout';
import { translator } from '@/lib/i18n/core';
import { orderMessages } from '@/lib/i18n/messages/order';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { newPayKey } from '@/lib/payment';
import { logShopperFailure, notFound, type OrderRouteContext } from '@/lib/route';
import { startPayment } from '@/lib/shopper-api';
import { orderPayPost } from '@/lib/storefront/order-pay-post';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * POST <store>/orders/<id>/pay: the order page's "Pay with M-Pesa" form (fields key, phone).
 * Sends the STK push through POST /v1/stores/:store/orders/:id/payments with the form's
 * Idempotency-Key (minted when the page was drawn: a double tap sends the same key, and the API
 * answers both with one attempt) and 303s back to the order page:
 *  - `?payment=<id>`: the attempt (pending: "check your phone"; the page follows it);
 *  - otherwise the page again with the reason (pay flash cookie, lib/cookies.ts), next to the
 *    phone field when it is about the number, with what the shopper typed kept in the field.
 * Works the same with and without JavaScript (the island only guards the form).
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: OrderRouteContext): Promise<Response> {
  const post = await orderPayPost(request, params, 'phone');
  if (post instanceof Response) return post;
  const { shopper, order, form, typed, back, toPayment } = post;
  const { slug, forwarded } = shopper;
  const locale = await shopperLocale(shopper);
  const t = translator(orderMessages, locale);
  if (!form) return back('pay', t('unreadable'));
  // Empty: the order's own number (the API's default).
  const phone = typed.trim() ? normaliseKenyanPhone(typed) : undefined;
  if (phone === null) return back('phone', phoneError(locale));
  const posted = form.get('key') ?? '';
  const key = idempotencyKeySchema.safeParse(posted).success ? posted : newPayKey();

  try {
    let answer = await startPayment(slug, order, key, phone, forwarded);
    // A form from before the last attempt ended (Back button, an old tab): its key answers with
    // that finished attempt. Tapping Pay there means "prompt me again": one more try under a key
    // derived from it, so a double tap on that old form still sends one prompt.
    if (answer.ok && answer.status === 200 && answer.data.payment.status === 'failed') {
      answer = await startPayment(slug, order, `${key.slice(0, 120)}.again`, phone, forwarded);
    } else if (!answer.ok && answer.problem.details.reason === 'idempotency_key_reused') {
      answer = await startPayment(slug, order, newPayKey(), phone, forwarded);
    }
    if (answer.ok) return toPayment(answer.data.payment.id);

    const { problem } = answer;
    if (problem.status === 429) return back('pay', t('tooMany'));
    if (problem.status === 404) return notFound();
    if (problem.code === 'validation_failed' && problem.details.field === 'phone')
      return back('phone', locale === 'en' ? problem.message : phoneError(locale));
    return back('pay', refusalText(problem, locale));
  } catch (err) {
    logShopperFailure('payment: starting the STK push failed', shopper, err);
    return back('pay', t('pushUnknown'));
  }
}
