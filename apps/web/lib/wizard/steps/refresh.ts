import { forwardedFrom } from '@/lib/request';
import { seeOther } from '@/lib/route';
import { refreshSession } from '@/lib/wizard-api';
import {
  clearWizardSessionCookies,
  readWizardSession,
  safeWizardNext,
  wizardSessionCookies,
} from '@/lib/wizard-session';
import type { WizardStepHandler } from './step';

/** GET /start/save/refresh?next=: a page's stale access token: refresh, set cookies, go back. */
export const refreshWizardSession: WizardStepHandler = async (request) => {
  const next = safeWizardNext(new URL(request.url).searchParams.get('next'));
  const session = readWizardSession(request.headers.get('cookie'));
  if (!session) return seeOther('/start');
  const answer = await refreshSession(session.store, session.refreshToken, forwardedFrom(request.headers));
  if (answer.ok) return seeOther(next, wizardSessionCookies(session.store, answer.data));
  if (answer.problem.status === 401 || answer.problem.status === 400)
    return seeOther('/start/login?expired=1', clearWizardSessionCookies());
  return new Response('Could not reach Sokoni. Check your connection and reload this page.', {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '5' },
  });
};
