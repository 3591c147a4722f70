import { pendingPhoneClearCookie, pendingPhoneFrom, shopperSessionSetCookie } from '@/lib/cookies';
import { readRequestForm, sameOrigin } from '@/lib/http';
import { forbidden, logWarn, notFound, seeOther, shopperRequest } from '@/lib/route';
import { createShopperSession } from '@/lib/shopper-api';
import { ACCOUNT_TEXT, accountFlash, backToAccount, codeCheckMessage } from '@/lib/shopper-session';

/**
 * POST <store>/account/session: the 6-digit code from the SMS, for the phone in the pending
 * cookie (set by <store>/account/otp). Right: the API's session token goes into an HttpOnly,
 * SameSite=Lax cookie on the store's path for 30 days, and the account page shows "My orders".
 * Wrong (with the tries left), expired, or too many tries: back to the code field with the
 * API's words. See lib/shopper-session.ts.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperRequest(request, params);
  if (!shopper) return notFound();
  if (!sameOrigin(request.headers)) return forbidden();
  const { slug, base, cookies, forwarded } = shopper;
  const phone = pendingPhoneFrom(cookies, slug);
  if (!phone) return backToAccount(shopper, accountFlash('phone', ACCOUNT_TEXT.noPending));
  const form = await readRequestForm(request);
  // "123 456" and "123-456" are the same code.
  const code = (form?.get('code') ?? '').replace(/[\s-]/g, '').slice(0, 12);
  if (!/^\d{6}$/.test(code)) return backToAccount(shopper, accountFlash('code', ACCOUNT_TEXT.codeFormat, { code }));

  try {
    const answer = await createShopperSession(slug, phone, code, forwarded);
    if (!answer.ok) return backToAccount(shopper, accountFlash('code', codeCheckMessage(answer.problem)));
    const { sessionToken, expiresAt } = answer.data;
    return backToAccount(shopper, accountFlash('notice', ACCOUNT_TEXT.signedIn), [
      shopperSessionSetCookie(slug, base, sessionToken, expiresAt),
      pendingPhoneClearCookie(slug, base),
    ]);
  } catch (err) {
    logWarn('account: code check failed', { store: slug, requestId: forwarded.requestId, err: (err as Error).message });
    return backToAccount(shopper, accountFlash('code', ACCOUNT_TEXT.unreachable));
  }
}

export async function GET(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperRequest(request, params);
  return shopper ? seeOther(`${shopper.base}/account`) : notFound();
}
