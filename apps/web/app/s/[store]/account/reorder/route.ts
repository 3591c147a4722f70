import { cartCookies, flashSetCookie } from '@/lib/cookies';
import { readRequestForm } from '@/lib/http';
import { UUID_RE } from '@/lib/payment';
import { formPageRedirect, logShopperFailure, seeOther } from '@/lib/route';
import { reorderInto } from '@/lib/shopper-api';
import { accountText, accountFlash, backToAccount, sessionEnded, signedInAccountPost } from '@/lib/shopper-session';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { refusalText } from '@/lib/i18n/refusal';
import { cartNoticeText, reorderSkipText } from '@/lib/i18n/cart-notice';

/**
 * POST <store>/account/reorder (field order): "Buy again" on "My orders". The API puts that
 * order's items into the shopper's cart (the one in the cart cookie, or a new one), as many of
 * each as can be sold today (POST /v1/stores/:store/shopper/orders/:id/reorder with the session
 * and x-cart-token); the cart cookie follows the cart it answers with, and the shopper lands on
 * the cart with a notice that lists anything that could not be added.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const post = await signedInAccountPost(request, params);
  if (post instanceof Response) return post;
  const { shopper, session } = post;
  const locale = await shopperLocale(shopper);
  const ACCOUNT_TEXT = accountText(locale);
  const { slug, base, token, forwarded } = shopper;
  const form = await readRequestForm(request);
  const orderId = form?.get('order') ?? '';
  if (!UUID_RE.test(orderId)) return backToAccount(shopper, accountFlash('orders', ACCOUNT_TEXT.reorderMissing));

  try {
    const answer = await reorderInto(slug, session, orderId, token, forwarded);
    if (!answer.ok) {
      const { problem } = answer;
      if (problem.status === 401) return sessionEnded(shopper, problem, locale);
      const message =
        problem.status === 404 || problem.status === 400
          ? ACCOUNT_TEXT.reorderMissing
          : problem.status === 429
            ? ACCOUNT_TEXT.tooMany
            : refusalText(problem, locale);
      return backToAccount(shopper, accountFlash('orders', message));
    }
    const { cart, added, skipped, fromOrder } = answer.data;
    const number = fromOrder?.number;
    const head =
      number === undefined
        ? []
        : [added.length > 0 ? ACCOUNT_TEXT.reorderAdded(number) : ACCOUNT_TEXT.reorderNothing(number)];
    const messages = [
      ...head,
      ...skipped.map((s) => reorderSkipText(s, locale)),
      ...cart.notices.map((n) => cartNoticeText(n, locale)),
    ];
    const set = cartCookies(slug, cart);
    if (messages.length > 0) set.push(flashSetCookie(slug, messages));
    return seeOther(`${base}/cart`, set);
  } catch (err) {
    logShopperFailure('account: reorder failed', shopper, err);
    return backToAccount(shopper, accountFlash('orders', ACCOUNT_TEXT.unreachable));
  }
}

/** The form's address opened as a page: the account page. */
export const GET = formPageRedirect('/account');
