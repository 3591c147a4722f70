import { findStore } from '@/lib/api';
import { flashSetCookie } from '@/lib/cookies';
import { readRequestForm } from '@/lib/http';
import { cartAnswerCookies, formPageRedirect, logShopperFailure, notFound, seeOther, shopperPost } from '@/lib/route';
import { cartShareText, shareText, shareFromOf, shareLinkBase, sharedCartLink } from '@/lib/share';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { getCart, shareCart } from '@/lib/shopper-api';
import { whatsappHref } from '@/lib/whatsapp';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * POST <store>/cart/share: "Share cart on WhatsApp" (cart page) and "Finish on WhatsApp instead"
 * (checkout; field from=checkout). Asks the API for a signed link to the cart in the HttpOnly
 * cookie (POST /v1/stores/:store/cart/share) and 303s to wa.me/<store's WhatsApp number> with a
 * prefilled message: the items, the subtotal and `<store>/cart/shared/<token>`, which opens the
 * cart on any phone (app/s/[store]/cart/shared/[token]). A plain form post: no JavaScript needed.
 * When there is nothing to share (empty cart, no WhatsApp number, API trouble) it goes back to
 * the page the form was on, with the reason (flash cookie).
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperPost(request, params);
  if (shopper instanceof Response) return shopper;
  const { slug, token, forwarded } = shopper;
  const form = await readRequestForm(request);
  const from = shareFromOf(form?.get('from'));
  const locale = await shopperLocale(shopper);
  const SHARE_TEXT = shareText(locale);
  const back = (message: string, cookies: string[] = []) =>
    seeOther(`${shopper.base}/${from}`, [...cookies, flashSetCookie(slug, [message])]);

  try {
    const store = await findStore(slug, forwarded);
    if (!store) return notFound();
    if (!store.whatsappNumber) return back(SHARE_TEXT.noWhatsapp);
    if (!token) return back(SHARE_TEXT.empty);

    const current = await getCart(slug, token, forwarded);
    if (!current.ok)
      return back(current.problem.status === 429 ? SHARE_TEXT.tooMany : refusalText(current.problem, locale));
    const { cart } = current.data;
    // This read may be the one that notices a price or stock change: keep it for the cart page.
    const cookies = cartAnswerCookies(slug, cart, locale);
    if (cart.lines.length === 0) return back(SHARE_TEXT.empty, cookies);

    const shared = await shareCart(slug, cart.token, forwarded);
    if (!shared.ok) {
      const { problem } = shared;
      return back(
        problem.status === 429
          ? SHARE_TEXT.tooMany
          : problem.status === 409
            ? SHARE_TEXT.empty
            : refusalText(problem, locale),
        cookies,
      );
    }
    const link = sharedCartLink(shareLinkBase(shopper, request.headers.get('origin')), shared.data.shareToken);
    const href = whatsappHref(store.whatsappNumber, cartShareText(from, store, cart, link, locale));
    if (!href) return back(SHARE_TEXT.noWhatsapp, cookies);
    return seeOther(href, cookies, { 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' });
  } catch (err) {
    logShopperFailure('share cart failed', shopper, err);
    return back(SHARE_TEXT.shareUnreachable);
  }
}

/** The form's address opened as a page (a reload, a copied URL): the cart. */
export const GET = formPageRedirect('/cart');
