import { pendingPhoneClearCookie, shopperSessionClearCookie } from '@/lib/cookies';
import { formPageRedirect, shopperPost } from '@/lib/route';
import { accountText, accountFlash, backToAccount } from '@/lib/shopper-session';
import { shopperLocale } from '@/lib/i18n/route-locale';

/**
 * POST <store>/account/sign-out: forgets the shopper session on this phone (the cookie; the
 * token itself simply runs out). The account page then asks for the phone number again.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperPost(request, params);
  if (shopper instanceof Response) return shopper;
  const locale = await shopperLocale(shopper);
  const ACCOUNT_TEXT = accountText(locale);
  const { slug, base } = shopper;
  return backToAccount(shopper, accountFlash('notice', ACCOUNT_TEXT.signedOut), [
    shopperSessionClearCookie(slug, base),
    pendingPhoneClearCookie(slug, base),
  ]);
}

export const GET = formPageRedirect('/account');
