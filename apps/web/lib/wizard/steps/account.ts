import { normaliseKenyanPhone, validationIssues } from '@sokoni/contracts';
import { readRequestForm, sameOrigin } from '@/lib/http';
import { sessionCookies } from '@/lib/owner-session';
import { forwardedFrom } from '@/lib/request';
import { forbidden, logWarn } from '@/lib/route';
import { problemText, signUp, wizardLogin } from '@/lib/wizard-api';
import { flashTo, nextPath } from '@/lib/wizard-flow';
import { clearDraftCookie, draftCookie, readDraft, wizardSessionCookies, type WizardDraft } from '@/lib/wizard-session';
import { text, type WizardStepHandler } from './step';

/** POST /start/save/account: screen 2 -> POST /v1/onboarding/stores (+ login) -> /start/contact. */
export const saveAccount: WizardStepHandler = async (request) => {
  if (!sameOrigin(request.headers)) return forbidden();
  const form = await readRequestForm(request);
  const draft = readDraft(request.headers.get('cookie'));
  if (!draft) return flashTo('/start', 'error', 'Start with your store name and what you sell.');
  const ownerName = text(form, 'ownerName', 120);
  const phoneTyped = text(form, 'phone', 32);
  const email = text(form, 'email', 200);
  const password = form?.get('password') ?? '';
  const kept: WizardDraft = { ...draft, ownerName, phone: phoneTyped, email };
  const back = (message: string, path = '/start/account') => flashTo(path, 'error', message, [draftCookie(kept)]);
  if (!ownerName) return back('Enter your name.');
  const phone = normaliseKenyanPhone(phoneTyped);
  if (!phone) return back('Enter your phone number like 0712 345 678.');
  if (password.length < 10) return back('Choose a password of at least 10 characters.');
  const forwarded = forwardedFrom(request.headers);
  const answer = await signUp(
    {
      storeName: draft.storeName,
      vertical: draft.vertical,
      ownerName,
      phone: phoneTyped,
      password,
      ...(draft.slug ? { slug: draft.slug } : {}),
      ...(email ? { email } : {}),
    },
    forwarded,
  );
  if (!answer.ok) {
    const p = answer.problem;
    if (
      p.status === 409 &&
      (p.details.field === 'slug' || (typeof p.details.reason === 'string' && p.details.reason.startsWith('slug')))
    ) {
      const suggestions = Array.isArray(p.details.suggestions)
        ? p.details.suggestions.filter((s): s is string => typeof s === 'string')
        : [];
      return back(
        `${p.message}.${suggestions.length ? ` Try ${suggestions.join(', ')} under "Advanced".` : ''}`,
        '/start',
      );
    }
    if (p.status === 400) {
      const field = validationIssues(p.details)[0]?.path;
      if (field === 'storeName' || field === 'slug' || field === 'vertical') return back(problemText(p), '/start');
    }
    if (p.status >= 500 || p.status === 0) logWarn('wizard sign-up: API problem', { status: p.status, code: p.code });
    return back(problemText(p));
  }
  const slug = answer.data.store.slug;
  // The dashboard session (Path=/owner), exactly as after /owner/login; and a second, separate
  // session for the wizard (Path=/start): refresh tokens are spent on use, so the two cookie
  // jars must not share one.
  const cookies = [...sessionCookies(slug, answer.data)];
  const second = await wizardLogin(slug, { phone }, password, forwarded);
  if (second.ok) cookies.push(...wizardSessionCookies(slug, second.data));
  else {
    logWarn('wizard sign-up: second login refused, the wizard keeps the sign-up session', {
      status: second.problem.status,
      code: second.problem.code,
    });
    cookies.length = 0;
    cookies.push(...wizardSessionCookies(slug, answer.data));
  }
  cookies.push(clearDraftCookie());
  return flashTo(
    nextPath(answer.data.onboarding),
    'ok',
    `Your store "${answer.data.store.name}" is created (not public yet). A few steps to go.`,
    cookies,
  );
};
