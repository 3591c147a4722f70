import { MAX_LINE_QUANTITY, SKU_RE } from '@sokoni/contracts';
import { flashSetCookie } from '@/lib/cookies';
import { readRequestForm } from '@/lib/http';
import { cartAnswerCookies, logShopperFailure, seeOther, shopperPost } from '@/lib/route';
import { setCartQuantity } from '@/lib/shopper-api';
import { translator } from '@/lib/i18n/core';
import { cartMessages } from '@/lib/i18n/messages/cart';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * POST <store>/cart/lines/<sku>: the cart page's quantity and Remove forms (`quantity=<n>`, or
 * `intent=remove`). Post/Redirect/Get: always a 303 back to the cart page, which shows the new
 * cart and anything the API had to say. Works without JavaScript; with it, the cart island posts
 * the same form with fetch and swaps in the page it is redirected to.
 */
export const dynamic = 'force-dynamic';

export async function POST(
  request: Request,
  { params }: { params: Promise<{ store: string; sku: string }> },
): Promise<Response> {
  const shopper = await shopperPost(request, params);
  if (shopper instanceof Response) return shopper;
  const locale = await shopperLocale(shopper);
  const t = translator(cartMessages, locale);
  const { sku: rawSku } = await params;
  const sku = decodeURIComponent(rawSku);
  const cartPath = `${shopper.base}/cart`;
  const form = await readRequestForm(request);
  const quantity = form?.get('intent') === 'remove' ? 0 : Number(form?.get('quantity'));
  if (!SKU_RE.test(sku) || !Number.isInteger(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY) {
    return seeOther(cartPath, [flashSetCookie(shopper.slug, [t('chooseQty', { max: MAX_LINE_QUANTITY })])]);
  }
  try {
    const answer = await setCartQuantity(shopper.slug, shopper.token, sku, quantity, shopper.forwarded);
    if (!answer.ok) {
      const message = answer.problem.status === 404 ? t('lineGone') : refusalText(answer.problem, locale);
      return seeOther(cartPath, [flashSetCookie(shopper.slug, [message])]);
    }
    const { cart } = answer.data;
    const cookies = cartAnswerCookies(shopper.slug, cart, locale);
    return seeOther(cartPath, cookies);
  } catch (err) {
    logShopperFailure('cart quantity change failed', shopper, err);
    return seeOther(cartPath, [flashSetCookie(shopper.slug, [t('unchanged')])]);
  }
}
