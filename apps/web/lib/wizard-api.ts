/**
 * The store creation wizard's door to the API (apps/api/src/modules/onboarding/CONTRACT.md):
 * public calls (address check, sign-up, login, invite acceptance) and Bearer calls under the
 * wizard's own session (lib/wizard-session.ts).
 *
 * Like lib/owner-api.ts (both are a lib/session-client.ts): a stale access token is refreshed once
 * per request; a page goes through GET /start/save/refresh?next=<page>, while a route handler
 * refreshes in place and hands the new cookies to its redirect (setCookies). A refused refresh
 * ends the wizard session: back to screen 1 (with a way to log in).
 */
import {
  type OnboardingStepKey,
  type OnboardingView,
  onboardingViewSchema,
  ownerSessionSchema,
  type SignUpAnswer,
  signUpAnswerSchema,
  type SlugCheck,
  slugCheckSchema,
  validationIssues,
} from '@sokoni/contracts';
import type { Forwarded } from './api';
import { callApi, type OwnerAnswer, type OwnerProblem, type RequestOptions } from './api-call';
import type { ApiSession } from './owner-session';
import type { LoginWho } from './login-who';
import {
  loginApiSession,
  refreshApiSession,
  SessionClient,
  withTimeout,
  type SessionClientConfig,
} from './session-client';
import { clearWizardSessionCookies, wizardSessionCookies, type Vertical, type WizardSession } from './wizard-session';

const TIMEOUT_MS = 20_000;

export type WizardProblem = OwnerProblem;
export type WizardAnswer<T> = OwnerAnswer<T>;

// ---------------------------------------------------------------------------------------------
// The API's shapes (CONTRACT.md, section A)

export { ONBOARDING_STEP_KEYS as STEP_KEYS, type SlugCheck } from '@sokoni/contracts';
export type StepKey = OnboardingStepKey;
export type Progress = OnboardingView;

export type { SignUpAnswer };

// ---------------------------------------------------------------------------------------------

/** The owner dashboard's transport, with the wizard's longer timeout (sign-up and starter products take a while). */
function send<T>(
  method: string,
  path: string,
  forwarded: Forwarded,
  token: string | undefined,
  options: RequestOptions<T>,
): Promise<WizardAnswer<T>> {
  return callApi(method, path, forwarded, token, withTimeout(TIMEOUT_MS, options));
}

// Public calls ---------------------------------------------------------------------------------

export function checkSlug(
  query: { name: string } | { slug: string },
  forwarded: Forwarded,
): Promise<WizardAnswer<SlugCheck>> {
  return send('GET', `/v1/onboarding/slug?${new URLSearchParams(query)}`, forwarded, undefined, {
    schema: slugCheckSchema,
  });
}

export function signUp(
  body: {
    storeName: string;
    slug?: string;
    vertical: Vertical;
    ownerName: string;
    phone: string;
    email?: string;
    password: string;
  },
  forwarded: Forwarded,
): Promise<WizardAnswer<SignUpAnswer>> {
  return send('POST', '/v1/onboarding/stores', forwarded, undefined, { body, schema: signUpAnswerSchema });
}

/** POST /v1/owner/auth/login, with the wizard's timeout. */
export function wizardLogin(store: string, who: LoginWho, password: string, forwarded: Forwarded) {
  return loginApiSession(store, who, password, forwarded, TIMEOUT_MS);
}

export function refreshSession(
  store: string,
  refreshToken: string,
  forwarded: Forwarded,
): Promise<WizardAnswer<ApiSession>> {
  return refreshApiSession(store, refreshToken, forwarded, TIMEOUT_MS);
}

export function acceptInvite(token: string, password: string, forwarded: Forwarded): Promise<WizardAnswer<ApiSession>> {
  return send('POST', '/v1/owner/auth/invites/accept', forwarded, undefined, {
    body: { token, password },
    schema: ownerSessionSchema,
  });
}

export const wizardRefreshPath = (here: string) => `/start/save/refresh?next=${encodeURIComponent(here)}`;
/** Where a visitor without a (working) wizard session goes. */
export const wizardLoginPath = (reason?: 'expired') => `/start/login${reason ? `?${reason}=1` : ''}`;

/** The wizard's session: cookies on /start, refreshed through /start/save/refresh. */
const WIZARD_SESSION: SessionClientConfig = {
  refreshPath: wizardRefreshPath,
  expiredLoginPath: () => wizardLoginPath('expired'),
  sessionCookies: wizardSessionCookies,
  clearSessionCookies: clearWizardSessionCookies,
  endedMessage: 'Your session ended: log in again to carry on.',
  timeoutMs: TIMEOUT_MS,
};

/** Bearer calls for one request under the wizard session. */
export class WizardApi extends SessionClient {
  constructor(session: WizardSession, forwarded: Forwarded, mode: 'page' | 'route', here = '/start') {
    super(WIZARD_SESSION, session, forwarded, mode, here);
  }

  progress() {
    return this.get('/v1/owner/onboarding', onboardingViewSchema);
  }
}

/** The API's message, with the field it names when that helps. */
export function problemText(problem: WizardProblem): string {
  if (problem.code === 'validation_failed') {
    const [first] = validationIssues(problem.details);
    if (first) return first.path ? `${FIELD_WORDS[first.path] ?? first.path}: ${first.message}` : first.message;
  }
  return problem.message;
}

const FIELD_WORDS: Record<string, string> = {
  storeName: 'Store name',
  ownerName: 'Your name',
  phone: 'Phone',
  email: 'Email',
  password: 'Password',
  slug: 'Store address',
  whatsappNumber: 'WhatsApp number',
  location: 'Location',
  tagline: 'Tagline',
  returnPolicy: 'Return policy',
  shortcode: 'Shortcode',
  tillNumber: 'Till number',
  consumerKey: 'Consumer key',
  consumerSecret: 'Consumer secret',
  passkey: 'Passkey',
  title: 'Product name',
  'variants.0.priceKes': 'Price',
  'variants.0.stock': 'Stock',
};
