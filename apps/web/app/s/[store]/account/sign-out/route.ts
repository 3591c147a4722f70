import { pendingPhoneClearCookie, shopperSessionClearCookie } from '@/lib/cookies';
import { sameOrigin } from '@/lib/http';
import { forbidden, notFound, seeOther, shopperRequest } from '@/lib/route';
import { ACCOUNT_TEXT, accountFlash, backToAccount } from '@/lib/shopper-session';

/**
 * POST <store>/account/sign-out: forgets the shopper session on this phone (the cookie; the
 * token itself simply runs out). The account page then asks for the phone number again.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperRequest(request, params);
  if (!shopper) return notFound();
  if (!sameOrigin(request.headers)) return forbidden();
  const { slug, base } = shopper;
  return backToAccount(shopper, accountFlash('notice', ACCOUNT_TEXT.signedOut), [
    shopperSessionClearCookie(slug, base),
    pendingPhoneClearCookie(slug, base),
  ]);
}

export async function GET(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperRequest(request, params);
  return shopper ? seeOther(`${shopper.base}/account`) : notFound();
}
