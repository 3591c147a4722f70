import { storeSlugSchema } from '@sokoni/contracts';
import { readRequestForm, sameOrigin } from '@/lib/http';
import { loginWho } from '@/lib/login-who';
import { login } from '@/lib/owner-api';
import { flashCookie, safeNext, sessionCookies } from '@/lib/owner-session';
import { forwardedFrom } from '@/lib/request';
import { forbidden, logWarn, seeOther } from '@/lib/route';

/**
 * POST /owner/session: the login form. Email or phone (07xx / 01xx / +254, sent as 2547...),
 * password -> POST /v1/owner/auth/login -> HttpOnly cookies -> the page asked for. A refusal
 * comes back to the login page with the API's message (and the store and login kept, never the
 * password).
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request.headers)) return forbidden();
  const form = await readRequestForm(request);
  const store = (form?.get('store') ?? '').trim().toLowerCase();
  const loginValue = (form?.get('login') ?? '').trim();
  const password = form?.get('password') ?? '';
  const next = safeNext(form?.get('next'));
  const back = (message: string) => {
    const flash = flashCookie('error', message);
    const qs = new URLSearchParams({ next, store: store.slice(0, 60), login: loginValue.slice(0, 200), f: flash.id });
    return seeOther(`/owner/login?${qs}`, [flash.cookie]);
  };
  if (!form) return back('We could not read that form. Please try again.');
  if (!storeSlugSchema.safeParse(store).success)
    return back("Enter your store's name as in its web address, like saa-bora.");
  if (!loginValue || !password) return back('Enter your email or phone and your password.');
  const who = loginWho(loginValue);
  if (!who) return back('Enter an email address, or a phone number like 0712 345 678.');
  const answer = await login(store, who, password, forwardedFrom(request.headers));
  if (!answer.ok) {
    if (answer.problem.code === 'store_not_found' || answer.problem.status === 404)
      return back(`There is no store called "${store}".`);
    if (answer.problem.status >= 500 || answer.problem.status === 0)
      logWarn('owner login: API problem', { store, status: answer.problem.status });
    return back(answer.problem.message);
  }
  return seeOther(next, sessionCookies(store, answer.data));
}
