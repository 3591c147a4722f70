import {
  cartCookies,
  cartTokenFrom,
  pendingPhoneClearCookie,
  pendingPhoneFrom,
  shopperSessionSetCookie,
} from '@/lib/cookies';
import { readRequestForm } from '@/lib/http';
import { formPageRedirect, logShopperFailure, shopperPost, type ShopperRequest } from '@/lib/route';
import { createShopperSession, getCart, identifyCart } from '@/lib/shopper-api';
import { accountText, accountFlash, backToAccount, codeCheckMessage } from '@/lib/shopper-session';
import { shopperLocale } from '@/lib/i18n/route-locale';

/**
 * POST <store>/account/session: the 6-digit code from the SMS, for the phone in the pending
 * cookie (set by <store>/account/otp). Right: the API's session token goes into an HttpOnly,
 * SameSite=Lax cookie on the store's path for 30 days, and the account page shows "My orders".
 * Wrong (with the tries left), expired, or too many tries: back to the code field with the
 * API's words. See lib/shopper-session.ts.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperPost(request, params);
  if (shopper instanceof Response) return shopper;
  const locale = await shopperLocale(shopper);
  const ACCOUNT_TEXT = accountText(locale);
  const { slug, base, cookies, forwarded } = shopper;
  const phone = pendingPhoneFrom(cookies, slug);
  if (!phone) return backToAccount(shopper, accountFlash('phone', ACCOUNT_TEXT.noPending));
  const form = await readRequestForm(request);
  // "123 456" and "123-456" are the same code.
  const code = (form?.get('code') ?? '').replace(/[\s-]/g, '').slice(0, 12);
  if (!/^\d{6}$/.test(code)) return backToAccount(shopper, accountFlash('code', ACCOUNT_TEXT.codeFormat, { code }));

  try {
    const answer = await createShopperSession(slug, phone, code, forwarded);
    if (!answer.ok) return backToAccount(shopper, accountFlash('code', codeCheckMessage(answer.problem, locale)));
    const { sessionToken, expiresAt } = answer.data;
    const cookiesOut = [
      shopperSessionSetCookie(slug, base, sessionToken, expiresAt),
      pendingPhoneClearCookie(slug, base),
    ];
    // Signed in with a code: the items this shopper left in a cart on another phone join this one.
    const merged = await mergeOtherDevices(shopper, cartTokenFrom(cookies, slug), phone, sessionToken);
    if (merged) cookiesOut.push(...merged.cookies);
    const notice = merged?.added
      ? `${ACCOUNT_TEXT.signedIn} ${ACCOUNT_TEXT.merged(merged.added)}`
      : ACCOUNT_TEXT.signedIn;
    return backToAccount(shopper, accountFlash('notice', notice), cookiesOut);
  } catch (err) {
    logShopperFailure('account: code check failed', shopper, err);
    return backToAccount(shopper, accountFlash('code', ACCOUNT_TEXT.unreachable));
  }
}

/** The form's address opened as a page: the account page. */
export const GET = formPageRedirect('/account');

/** Best effort: a failed merge never blocks signing in. */
async function mergeOtherDevices(shopper: ShopperRequest, token: string | undefined, phone: string, session: string) {
  const { slug, forwarded } = shopper;
  try {
    const before = token ? await getCart(slug, token, forwarded) : null;
    const countBefore = before?.ok ? before.data.cart.itemCount : 0;
    const after = await identifyCart(slug, token, phone, session, forwarded);
    if (!after.ok) return null;
    const { cart } = after.data;
    return {
      added: Math.max(0, cart.itemCount - countBefore),
      cookies: cart.itemCount > 0 || token ? cartCookies(slug, cart) : [],
    };
  } catch (err) {
    logShopperFailure('account: cart merge after sign-in failed', shopper, err);
    return null;
  }
}
