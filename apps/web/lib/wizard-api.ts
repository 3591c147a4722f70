/**
 * The store creation wizard's door to the API (apps/api/src/modules/onboarding/CONTRACT.md):
 * public calls (address check, sign-up, login, invite acceptance) and Bearer calls under the
 * wizard's own session (lib/wizard-session.ts).
 *
 * Like lib/owner-api.ts: a stale access token is refreshed once per request; a Server Component
 * cannot set cookies, so a page goes through GET /start/save/refresh?next=<page>, while a route
 * handler refreshes in place and hands the new cookies to its redirect (setCookies). A refused
 * refresh ends the wizard session: back to screen 1 (with a way to log in).
 */
import { redirect } from 'next/navigation';
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
import {
  callApi,
  UNREACHABLE,
  type OwnerAnswer,
  type OwnerProblem,
  type RequestOptions,
  type Schema,
} from './api-call';
import type { ApiSession } from './owner-session';
import { accessTokenAge } from './owner-session';
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
  return callApi(method, path, forwarded, token, { timeoutMs: TIMEOUT_MS, ...options });
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

export function wizardLogin(
  store: string,
  who: { phone: string } | { email: string },
  password: string,
  forwarded: Forwarded,
): Promise<WizardAnswer<ApiSession>> {
  return send('POST', '/v1/owner/auth/login', forwarded, undefined, {
    body: { store, ...who, password },
    schema: ownerSessionSchema,
  });
}

export function refreshSession(
  store: string,
  refreshToken: string,
  forwarded: Forwarded,
): Promise<WizardAnswer<ApiSession>> {
  return send('POST', '/v1/owner/auth/refresh', forwarded, undefined, {
    body: { store, refreshToken },
    schema: ownerSessionSchema,
  });
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

/** Bearer calls for one request under the wizard session. */
export class WizardApi {
  readonly setCookies: string[] = [];
  sessionEnded = false;
  private token: string | undefined;
  private refreshing: Promise<boolean> | null = null;

  constructor(
    readonly session: WizardSession,
    private readonly forwarded: Forwarded,
    private readonly mode: 'page' | 'route',
    private readonly here = '/start',
  ) {
    this.token = session.accessToken;
  }

  // Each call names the contract its answer is parsed with (the last argument).

  get<T>(path: string, schema: Schema<T>) {
    return this.request('GET', path, { schema });
  }
  post<T>(path: string, body: unknown, schema: Schema<T>) {
    return this.request('POST', path, { body: body ?? {}, schema });
  }
  put<T>(path: string, body: unknown, schema: Schema<T>) {
    return this.request('PUT', path, { body, schema });
  }
  upload<T>(path: string, body: string, contentType: string, schema: Schema<T>) {
    return this.request('POST', path, { raw: { body, contentType }, schema });
  }

  progress() {
    return this.get('/v1/owner/onboarding', onboardingViewSchema);
  }

  async request<T>(method: string, path: string, options: RequestOptions<T>): Promise<WizardAnswer<T>> {
    if (!this.token) {
      if (this.mode === 'page') redirect(wizardRefreshPath(this.here));
      if (!(await this.refreshOnce())) return this.ended<T>();
    }
    let answer = await send(method, path, this.forwarded, this.token, options);
    if (answer.ok || answer.problem.status !== 401) return answer;
    if (this.mode === 'page') {
      const age = this.token ? accessTokenAge(this.token) : null;
      redirect(age !== null && age < 30 ? wizardLoginPath('expired') : wizardRefreshPath(this.here));
    }
    if (!(await this.refreshOnce())) return this.ended<T>();
    answer = await send(method, path, this.forwarded, this.token, options);
    return answer;
  }

  private refreshOnce(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const answer = await refreshSession(this.session.store, this.session.refreshToken, this.forwarded);
      if (!answer.ok) {
        if (answer.problem.status === 401 || answer.problem.status === 400) {
          this.sessionEnded = true;
          this.setCookies.push(...clearWizardSessionCookies());
        }
        return false;
      }
      this.token = answer.data.accessToken;
      this.setCookies.push(...wizardSessionCookies(this.session.store, answer.data));
      return true;
    })();
    return this.refreshing;
  }

  private ended<T>(): WizardAnswer<T> {
    return {
      ok: false,
      problem: this.sessionEnded
        ? {
            status: 401,
            code: 'unauthorized',
            message: 'Your session ended: log in again to carry on.',
            details: { reason: 'session_ended' },
          }
        : { status: 0, code: 'unreachable', message: UNREACHABLE, details: {} },
    };
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
