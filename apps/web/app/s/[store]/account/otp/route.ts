import { localPhone, normaliseKenyanPhone } from '@sokoni/contracts';
import { phoneError } from '@/lib/checkout';
import { pendingPhoneClearCookie, pendingPhoneFrom, pendingPhoneSetCookie } from '@/lib/cookies';
import { readRequestForm } from '@/lib/http';
import { formPageRedirect, logShopperFailure, shopperPost } from '@/lib/route';
import { requestSignInCode } from '@/lib/shopper-api';
import { accountText, accountFlash, backToAccount, codeRequestMessage } from '@/lib/shopper-session';
import { shopperLocale } from '@/lib/i18n/route-locale';

/**
 * POST <store>/account/otp: "Send code" on the account page (field phone), "Send a new code"
 * (intent=resend: the phone from the pending cookie) and "Use another number" (intent=change).
 * Asks the API to text a sign-in code (POST /v1/stores/:store/shopper/otp) and keeps the phone
 * in a 10-minute HttpOnly cookie so the page can ask for the code (the number never goes into
 * a URL). Refusals (not a Kenyan mobile number, 429 too many codes, 503 SMS down) go back to
 * the page next to the field they are about. See lib/shopper-session.ts.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperPost(request, params);
  if (shopper instanceof Response) return shopper;
  const locale = await shopperLocale(shopper);
  const ACCOUNT_TEXT = accountText(locale);
  const { slug, base, cookies, forwarded } = shopper;
  const form = await readRequestForm(request);
  const intent = form?.get('intent');
  if (intent === 'change') return backToAccount(shopper, null, [pendingPhoneClearCookie(slug, base)]);

  const resend = intent === 'resend';
  const typed = resend ? (pendingPhoneFrom(cookies, slug) ?? '') : (form?.get('phone') ?? '').trim().slice(0, 32);
  // A resend without a pending phone (the cookie ran out): start again from the phone.
  if (!typed)
    return backToAccount(shopper, accountFlash('phone', resend ? ACCOUNT_TEXT.noPending : ACCOUNT_TEXT.phoneEmpty));
  const msisdn = normaliseKenyanPhone(typed);
  if (!msisdn) return backToAccount(shopper, accountFlash('phone', phoneError(locale), { phone: typed }));

  // A refused resend keeps the shopper on the code step, with the reason next to the code.
  const refused = (message: string) =>
    backToAccount(shopper, resend ? accountFlash('code', message) : accountFlash('phone', message, { phone: typed }));
  try {
    const answer = await requestSignInCode(slug, msisdn, forwarded);
    if (!answer.ok) return refused(codeRequestMessage(answer.problem, locale));
    const sent = (resend ? ACCOUNT_TEXT.codeResent : ACCOUNT_TEXT.codeSent)(localPhone(msisdn));
    return backToAccount(shopper, accountFlash('notice', sent), [pendingPhoneSetCookie(slug, base, msisdn)]);
  } catch (err) {
    logShopperFailure('account: sign-in code request failed', shopper, err);
    return refused(ACCOUNT_TEXT.unreachable);
  }
}

/** The form's address opened as a page: the account page. */
export const GET = formPageRedirect('/account');
