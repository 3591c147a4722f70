import { flashSetCookie } from '@/lib/cookies';
import { cartAnswerCookies, logShopperFailure, notFound, seeOther, shopperRequest } from '@/lib/route';
import { RESTORED_PARAM, shareText, SHARE_TOKEN_RE } from '@/lib/share';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { restoreCart } from '@/lib/shopper-api';

/**
 * GET <store>/cart/shared/<share token>: the link in a shared cart's WhatsApp message, opened on
 * any phone. The API merges the shared cart's lines into the visitor's own cart (the one in their
 * cookie, or a new one) and marks it as coming from WhatsApp (POST /v1/stores/:store/cart/restore);
 * the cookie gets that cart's token and the visitor lands on the cart page with a notice.
 *
 * A GET that changes state, by design (a link in a chat): it only ever adds lines to the visitor's
 * own cart, never reveals or replaces anyone else's. An expired or forged link lands on the cart
 * page with a friendly notice, never an error page. Never stored by any cache.
 */
export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' };

export async function GET(
  request: Request,
  { params }: { params: Promise<{ store: string; token: string }> },
): Promise<Response> {
  const shopper = await shopperRequest(request, params);
  if (!shopper) return notFound();
  const { token: shareToken } = await params;
  const { slug, forwarded } = shopper;
  const cartPath = `${shopper.base}/cart`;
  const locale = await shopperLocale(shopper);
  const SHARE_TEXT = shareText(locale);
  const notice = (message: string) => seeOther(cartPath, [flashSetCookie(slug, [message])], NO_STORE);
  if (!SHARE_TOKEN_RE.test(shareToken)) return notice(SHARE_TEXT.expired);

  try {
    const answer = await restoreCart(slug, shopper.token, shareToken, forwarded);
    if (!answer.ok) return notice(answer.problem.status === 429 ? SHARE_TEXT.tooMany : SHARE_TEXT.expired);
    const { cart } = answer.data;
    const cookies = cartAnswerCookies(slug, cart, locale);
    return seeOther(`${cartPath}?${RESTORED_PARAM}=1`, cookies, NO_STORE);
  } catch (err) {
    logShopperFailure('restore shared cart failed', shopper, err);
    return notice(SHARE_TEXT.unreachable);
  }
}
