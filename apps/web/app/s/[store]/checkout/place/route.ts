import { emptyCountCookie, flashSetCookie, payFlashSetCookie } from '@/lib/cookies';
import { readRequestForm, sameOrigin } from '@/lib/http';
import { json, notFound, seeOther, shopperRequest } from '@/lib/route';
import { checkoutFlashClearCookie, checkoutFlashSetCookie } from '@/lib/storefront/checkout-flash';
import { submitCheckout } from '@/lib/storefront/checkout-submit';
import { shopperLocale } from '@/lib/i18n/route-locale';

/**
 * POST <store>/checkout/place: the checkout form (pages/s/[store]/checkout.tsx; fields key,
 * phone, name, area, method, landmark, notes, coupon, intent, saved_place). What it does is
 * lib/storefront/checkout-submit.ts; here, where it goes (303):
 *  - placed: the order page, the header's cart count emptied; with one-tap pay (pay=mpesa, the
 *    store has M-Pesa) the PIN prompt was sent too and the page follows it (`?payment=<id>`), or
 *    the page says why it was not (pay flash) and offers Pay;
 *  - otherwise back to the checkout, with the values, the key and the reasons kept (checkout
 *    flash cookie, lib/storefront/checkout-flash.ts) and the cart notices (flash cookie).
 * A cross-site post places nothing and comes back as "could not read that form".
 * Works the same with and without JavaScript. With `Accept: application/json` (the checkout
 * island's one-tap pay, islands/checkout.ts) the answer is 200 `{ next, payment }` instead of the
 * 303, with the same cookies: `next` is where the 303 would have gone, `payment` says the PIN
 * prompt went out, so the island draws the live payment block in the checkout instead of leaving.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperRequest(request, params);
  if (!shopper) return notFound();
  const { slug, base } = shopper;
  const fields = sameOrigin(request.headers) ? await readRequestForm(request) : null;
  const outcome = await submitCheckout(shopper, fields, await shopperLocale(shopper));
  const inPage = (request.headers.get('accept') ?? '').includes('application/json');
  const go = (next: string, cookies: string[], payment = false) =>
    inPage ? json({ next, payment }, 200, cookies) : seeOther(next, cookies);
  if (outcome.placed) {
    const cookies = [emptyCountCookie(slug), checkoutFlashClearCookie(slug, base)];
    // One-tap pay: the order page follows the prompt ("check your phone", live, then the result).
    if (outcome.paymentId) return go(`${base}/orders/${outcome.orderId}?payment=${outcome.paymentId}`, cookies, true);
    if (outcome.payProblem)
      cookies.push(
        payFlashSetCookie(slug, { order: outcome.orderId, field: 'pay', message: outcome.payProblem, value: '' }),
      );
    return go(`${base}/orders/${outcome.orderId}`, cookies);
  }
  const cookies = [checkoutFlashSetCookie(slug, base, outcome.back)];
  if (outcome.notices.length > 0) cookies.push(flashSetCookie(slug, outcome.notices));
  return go(`${base}/checkout`, cookies);
}
