import { storeSlugSchema } from '@sokoni/contracts';
import { readRequestForm, sameOrigin } from '@/lib/http';
import { loginWho } from '@/lib/login-who';
import { sessionCookies } from '@/lib/owner-session';
import { forwardedFrom } from '@/lib/request';
import { forbidden, seeOther } from '@/lib/route';
import { wizardLogin } from '@/lib/wizard-api';
import { flashTo } from '@/lib/wizard-flow';
import { wizardSessionCookies } from '@/lib/wizard-session';
import { text, type WizardStepHandler } from './step';

/** POST /start/save/login: /start/login -> back to the next unfinished screen. */
export const logIn: WizardStepHandler = async (request) => {
  if (!sameOrigin(request.headers)) return forbidden();
  const form = await readRequestForm(request);
  const store = text(form, 'store', 63).toLowerCase();
  const login = text(form, 'login', 200);
  const password = form?.get('password') ?? '';
  const back = (message: string) => flashTo(`/start/login?${new URLSearchParams({ store, login })}`, 'error', message);
  if (!storeSlugSchema.safeParse(store).success)
    return back('Enter your store address as in its link, like kibanda-gadgets.');
  if (!login || !password) return back('Enter your phone (or email) and your password.');
  const who = loginWho(login);
  if (!who) return back('Enter a phone number like 0712 345 678, or an email address.');
  const forwarded = forwardedFrom(request.headers);
  const answer = await wizardLogin(store, who, password, forwarded);
  if (!answer.ok)
    return back(answer.problem.status === 404 ? `There is no store called "${store}".` : answer.problem.message);
  const cookies = wizardSessionCookies(store, answer.data);
  // Also log in the dashboard (its own session), so "Open your dashboard" works at the end.
  const dashboard = await wizardLogin(store, who, password, forwarded);
  if (dashboard.ok) cookies.push(...sessionCookies(store, dashboard.data));
  return seeOther('/start', cookies); // screen 1 sends a signed-in owner on to the first unfinished screen
};
