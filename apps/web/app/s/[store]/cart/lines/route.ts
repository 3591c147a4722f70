import { MAX_LINE_QUANTITY, SKU_RE } from '@sokoni/contracts';
import { flashSetCookie } from '@/lib/cookies';
import { readRequestForm } from '@/lib/http';
import { cartAnswerCookies, json, logShopperFailure, seeOther, shopperPost } from '@/lib/route';
import { addCartLine } from '@/lib/shopper-api';
import { translator } from '@/lib/i18n/core';
import { cartMessages } from '@/lib/i18n/messages/cart';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * POST <store>/cart/lines: Add to cart, through this origin to the API's server cart
 * (POST /v1/stores/:store/cart/lines). Only a SKU and a quantity go in: the price is the API's.
 * The cart token comes from, and goes back into, the HttpOnly cookie (lib/cookies.ts).
 *
 *  - JSON `{ sku, quantity? }` (the product page island) -> JSON `{ itemCount }` or `{ error }`.
 *  - A form post (product page without JavaScript) -> 303 to the cart page, which shows the line
 *    or what went wrong.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperPost(request, params);
  if (shopper instanceof Response) return shopper;
  const locale = await shopperLocale(shopper);
  const t = translator(cartMessages, locale);
  const isJson = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');

  let sku: unknown;
  let quantity: unknown = 1;
  if (isJson) {
    try {
      const body: unknown = await request.json();
      const fields = body !== null && typeof body === 'object' ? body : {};
      sku = 'sku' in fields ? fields.sku : undefined;
      quantity = 'quantity' in fields ? (fields.quantity ?? 1) : 1;
    } catch {
      return json({ error: t('unreadable') }, 400);
    }
  } else {
    const form = await readRequestForm(request);
    sku = form?.get('sku');
    quantity = Number(form?.get('quantity') ?? 1);
  }
  const cartPath = `${shopper.base}/cart`;
  if (
    typeof sku !== 'string' ||
    !SKU_RE.test(sku) ||
    !Number.isInteger(quantity) ||
    (quantity as number) < 1 ||
    (quantity as number) > MAX_LINE_QUANTITY
  ) {
    return isJson
      ? json({ error: t('chooseItemQty') }, 400)
      : seeOther(cartPath, [flashSetCookie(shopper.slug, [t('chooseItem')])]);
  }

  try {
    const answer = await addCartLine(shopper.slug, shopper.token, sku, quantity as number, shopper.forwarded);
    if (!answer.ok) {
      const message = answer.problem.status === 429 ? t('tooMany') : refusalText(answer.problem, locale);
      return isJson
        ? json({ error: message }, answer.problem.status)
        : seeOther(cartPath, [flashSetCookie(shopper.slug, [message])]);
    }
    const { cart } = answer.data;
    // The API tells about price or stock changes once, on the read that notices them: keep them
    // for the cart page.
    const cookies = cartAnswerCookies(shopper.slug, cart, locale);
    return isJson ? json({ itemCount: cart.itemCount }, 200, cookies) : seeOther(cartPath, cookies);
  } catch (err) {
    logShopperFailure('add to cart failed', shopper, err);
    const message = t('unreachable');
    return isJson ? json({ error: message }, 502) : seeOther(cartPath, [flashSetCookie(shopper.slug, [message])]);
  }
}
