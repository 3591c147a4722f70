/**
 * The wizard's eight screens, where each lives, and what every page and form handler starts
 * with (session, progress, flash, same-origin check, Post/Redirect/Get).
 *
 *   1 /start            store name + category (address under "Advanced")
 *   2 /start/account    your name, phone, password -> sign-up (POST /v1/onboarding/stores)
 *   3 /start/contact    WhatsApp number (pre-filled from the phone) and location
 *   4 /start/mpesa      till or paybill + Daraja keys, "Test connection", or skip
 *   5 /start/delivery   "Use Nairobi defaults" (zones and fees from progress.defaults)
 *   6 /start/products   8 starter products, or one by hand, or a CSV file
 *   7 /start/policy     return policy (pre-filled)
 *   8 /start/publish    review, publish, the live link
 *
 * Progress lives in the API (GET /v1/owner/onboarding): a reload, or coming back another day,
 * lands on the screen of `progress.next`.
 */
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { readRequestForm, sameOrigin } from './http';
import { forwardedFrom } from './request';
import { forbidden, seeOther, seeOtherWithFlash } from './route';
import { sessionPostAnswers } from './session-client';
import {
  problemText,
  WizardApi,
  wizardLoginPath,
  type Progress,
  type StepKey,
  type WizardAnswer,
  type WizardProblem,
} from './wizard-api';
import {
  readDraft,
  readWizardFlash,
  readWizardSession,
  wizardFlashCookie,
  type Vertical,
  type WizardDraft,
  type WizardFlash,
  type WizardSession,
} from './wizard-session';

export type Screen = 'store' | 'account' | 'contact' | 'mpesa' | 'delivery' | 'products' | 'policy' | 'publish';

export const SCREENS: readonly { key: Screen; path: string; label: string }[] = [
  { key: 'store', path: '/start', label: 'Your store' },
  { key: 'account', path: '/start/account', label: 'Your account' },
  { key: 'contact', path: '/start/contact', label: 'Contact' },
  { key: 'mpesa', path: '/start/mpesa', label: 'M-Pesa' },
  { key: 'delivery', path: '/start/delivery', label: 'Delivery' },
  { key: 'products', path: '/start/products', label: 'Products' },
  { key: 'policy', path: '/start/policy', label: 'Return policy' },
  { key: 'publish', path: '/start/publish', label: 'Publish' },
];

export const screenNumber = (screen: Screen) => SCREENS.findIndex((s) => s.key === screen) + 1;
export const screenPath = (screen: Screen) => SCREENS.find((s) => s.key === screen)!.path;

/** The screen for the API's next step (store and category are answered by sign-up). */
export function screenOfStep(step: StepKey | null): Screen {
  if (step === null) return 'publish';
  if (step === 'store' || step === 'category') return 'store';
  return step;
}

export const nextPath = (progress: Progress) => screenPath(screenOfStep(progress.next));

type Search = Record<string, string | string[] | undefined>;

export function param(search: Search, name: string): string | undefined {
  const v = search[name];
  return Array.isArray(v) ? v[0] : v;
}

export interface SignedInPage {
  api: WizardApi;
  session: WizardSession;
  progress: Progress;
  flash: WizardFlash | null;
  host: string;
}

export interface AnonymousPage {
  draft: WizardDraft | null;
  flash: WizardFlash | null;
  host: string;
}

/** Screens 1 and 2 (before sign-up): a visitor already signed in goes to their next screen. */
export async function anonymousPage(search: Search): Promise<AnonymousPage> {
  const h = await headers();
  const cookie = h.get('cookie');
  const session = readWizardSession(cookie);
  if (session && !param(search, 'new')) {
    const api = new WizardApi(session, forwardedFrom(h), 'page', '/start');
    const progress = await api.progress();
    if (progress.ok) redirect(nextPath(progress.data));
  }
  return { draft: readDraft(cookie), flash: readWizardFlash(cookie, param(search, 'f')), host: h.get('host') ?? '' };
}

/**
 * Screens 3 to 8: no session -> screen 1 (which offers to log in). A screen past the first
 * unfinished one sends the owner back to that one (steps are done in order; earlier ones can
 * be revisited to change them).
 */
export async function signedInPage(screen: Screen, search: Search): Promise<SignedInPage | { problem: WizardProblem }> {
  const h = await headers();
  const cookie = h.get('cookie');
  const session = readWizardSession(cookie);
  if (!session) redirect('/start');
  const api = new WizardApi(session, forwardedFrom(h), 'page', screenPath(screen));
  const progress = await api.progress();
  if (!progress.ok) return { problem: progress.problem };
  const next = screenOfStep(progress.data.next);
  if (screenNumber(screen) > screenNumber(next)) redirect(screenPath(next));
  return {
    api,
    session,
    progress: progress.data,
    flash: readWizardFlash(cookie, param(search, 'f')),
    host: h.get('host') ?? '',
  };
}

export interface WizardPost {
  api: WizardApi;
  session: WizardSession;
  form: URLSearchParams | null;
  /** 303 to `path` with a one-time message (and any refreshed session cookies). */
  done(path: string, kind: 'ok' | 'error', text: string, extraCookies?: string[]): Response;
  failed(path: string, problem: WizardProblem): Response;
  go(path: string): Response;
}

/** Starts a form post of screens 3 to 8: cross-site posts refused, no session -> screen 1. */
export async function wizardPost(
  request: Request,
  options: { readForm?: boolean } = {},
): Promise<WizardPost | Response> {
  if (!sameOrigin(request.headers)) return forbidden();
  const session = readWizardSession(request.headers.get('cookie'));
  if (!session) return seeOther('/start');
  const api = new WizardApi(session, forwardedFrom(request.headers), 'route');
  const form = options.readForm === false ? null : await readRequestForm(request);
  return { api, session, form, ...sessionPostAnswers(api, wizardLoginPath('expired'), wizardFlashCookie, problemText) };
}

/** A flash-only answer for handlers without a session (screens 1, 2, login). */
export function flashTo(path: string, kind: 'ok' | 'error', text: string, cookies: string[] = []): Response {
  return seeOtherWithFlash(path, wizardFlashCookie(kind, text), cookies);
}

export type { WizardAnswer };

/** `<slug>.<domain>` as shown to the owner, and a link that works here (port kept in local dev). */
export function storeLink(
  slug: string,
  host: string,
  domain: string,
  scheme: 'http' | 'https',
): { shown: string; href: string } {
  const port = /:(\d{1,5})$/.exec(host)?.[1];
  const keepPort =
    port !== undefined && (domain === 'localhost' || host.toLowerCase().replace(/:\d+$/, '').endsWith(domain));
  const shown = `${slug}.${domain}`;
  return { shown, href: `${scheme}://${shown}${keepPort ? `:${port}` : ''}/` };
}

/** What a merchant sells: each pre-fills categories, a tagline, a return policy, starter products. */
export const CATEGORY_CHOICES: { value: Vertical; label: string; hint: string; icon: string }[] = [
  { value: 'electronics', label: 'Phones & electronics', hint: 'Phones, laptops, audio, chargers', icon: '📱' },
  { value: 'fashion', label: 'Fashion & clothing', hint: 'Dresses, shirts, shoes, bags', icon: '👗' },
  { value: 'watches', label: 'Watches', hint: 'Men’s, women’s, smart watches', icon: '⌚' },
  { value: 'home', label: 'Home & living', hint: 'Kitchen, furniture, decor', icon: '🛋️' },
];

export const categoryLabel = (v: Vertical) => CATEGORY_CHOICES.find((c) => c.value === v)?.label ?? v;
