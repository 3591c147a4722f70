import { pendingPhoneClearCookie, shopperSessionClearCookie } from '@/lib/cookies';
import { formPageRedirect, logShopperFailure, logWarn } from '@/lib/route';
import { revokeAllSessions } from '@/lib/shopper-api';
import { accountText, accountFlash, backToAccount, sessionEnded, signedInAccountPost } from '@/lib/shopper-session';
import { shopperLocale } from '@/lib/i18n/route-locale';

/**
 * POST <store>/account/sign-out-everywhere: "Sign out on all phones" on the account page, for a
 * lost phone or one borrowed at a cyber café. The API ends every session of this phone number at
 * this store, this one included (POST /v1/stores/:store/shopper/sessions/revoke-all); the cookie
 * is then forgotten and the account page says "Signed out on all phones." Any other phone still
 * holding a session is asked to sign in again on its next visit. If the API could not be asked,
 * nothing is forgotten and the page says so: the shopper must not believe the other phones are
 * signed out when they are not.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const post = await signedInAccountPost(request, params);
  if (post instanceof Response) return post;
  const { shopper, session } = post;
  const locale = await shopperLocale(shopper);
  const ACCOUNT_TEXT = accountText(locale);
  const { slug, base, forwarded } = shopper;
  const failed = () => backToAccount(shopper, accountFlash('orders', ACCOUNT_TEXT.signOutEverywhereFailed));
  try {
    const answer = await revokeAllSessions(slug, session, forwarded);
    if (!answer.ok) {
      // Already ended (by "Sign out on all phones" elsewhere, or expired): sign in again first.
      if (answer.problem.status === 401) return sessionEnded(shopper, answer.problem, locale);
      logWarn('account: sign out on all phones refused', {
        store: slug,
        requestId: forwarded.requestId,
        status: answer.problem.status,
        code: answer.problem.code,
      });
      return failed();
    }
    return backToAccount(shopper, accountFlash('notice', ACCOUNT_TEXT.signedOutEverywhere), [
      shopperSessionClearCookie(slug, base),
      pendingPhoneClearCookie(slug, base),
    ]);
  } catch (err) {
    logShopperFailure('account: sign out on all phones failed', shopper, err);
    return failed();
  }
}

/** The form's address opened as a page: the account page. */
export const GET = formPageRedirect('/account');
