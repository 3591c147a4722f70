/**
 * The store creation wizard's cookies (/start/*).
 *
 * The owner dashboard's session cookies (lib/owner-session.ts) are scoped to Path=/owner, so the
 * browser never sends them to /start. The wizard therefore keeps a session of its own, with the
 * same flags (HttpOnly, SameSite=Lax, Secure under https) but Path=/start:
 *
 *   sokoni_wizard_at     API access token (15-minute JWT), cookie a little shorter-lived
 *   sokoni_wizard_rt     API refresh token (rotated on every refresh)
 *   sokoni_wizard_who    store slug, owner name and role
 *   sokoni_wizard_draft  screen 1 before sign-up: store name, category and (optional) address
 *   sokoni_wizard_flash  the outcome of the last form post, shown once (?f=<id>)
 *
 * It is a separate API session (a second login right after sign-up), not a copy of the
 * dashboard's: refresh tokens are spent on use, so two cookie jars sharing one token would log
 * each other out. Sign-up sets BOTH: the dashboard cookies (exactly as /owner/login does) and
 * the wizard's.
 */
import { storeSlugSchema, VERTICALS, type Vertical } from '@sokoni/contracts';
import { parseCookies } from './cookies';
import {
  decode,
  encode,
  flashCookieJar,
  serializeOnPath,
  sessionCookieJar,
  type Flash,
  type OwnerSession,
} from './owner-session';

export const WIZARD_ACCESS_COOKIE = 'sokoni_wizard_at';
export const WIZARD_REFRESH_COOKIE = 'sokoni_wizard_rt';
export const WIZARD_WHO_COOKIE = 'sokoni_wizard_who';
export const WIZARD_DRAFT_COOKIE = 'sokoni_wizard_draft';
export const WIZARD_FLASH_COOKIE = 'sokoni_wizard_flash';

const PATH = '/start';
const DRAFT_MAX_AGE = 24 * 3600;

export { VERTICALS, type Vertical };
export const isVertical = (v: unknown): v is Vertical =>
  typeof v === 'string' && (VERTICALS as readonly string[]).includes(v);

/** The same shape as the dashboard's session, in the wizard's own cookies. */
export type WizardSession = OwnerSession;

export interface WizardDraft {
  storeName: string;
  vertical: Vertical;
  /** Chosen under "Advanced"; otherwise the API derives it from the name. */
  slug?: string;
  /** The address the API derived from the name (shown as "your link"). */
  suggestedSlug?: string;
  /** Screen 2, kept when the API refuses it so nothing typed is lost (never the password). */
  ownerName?: string;
  phone?: string;
  email?: string;
}

/** The same flash as the dashboard's, in the wizard's own cookie. */
export type WizardFlash = Flash;

const serialize = (name: string, value: string, maxAge: number) => serializeOnPath(PATH, name, value, maxAge);

const jar = sessionCookieJar(PATH, {
  access: WIZARD_ACCESS_COOKIE,
  refresh: WIZARD_REFRESH_COOKIE,
  who: WIZARD_WHO_COOKIE,
});
export const wizardSessionCookies = jar.set;
export const clearWizardSessionCookies = jar.clear;
export const readWizardSession: (cookieHeader: string | null | undefined) => WizardSession | null = jar.read;

export function draftCookie(draft: WizardDraft): string {
  return serialize(WIZARD_DRAFT_COOKIE, encode(draft), DRAFT_MAX_AGE);
}

export const clearDraftCookie = () => serialize(WIZARD_DRAFT_COOKIE, '', 0);

export function readDraft(cookieHeader: string | null | undefined): WizardDraft | null {
  const d = decode(parseCookies(cookieHeader).get(WIZARD_DRAFT_COOKIE)) as Partial<WizardDraft> | null;
  if (!d || typeof d.storeName !== 'string' || d.storeName.trim().length < 2 || !isVertical(d.vertical)) return null;
  const slugOk = (s: unknown): s is string => typeof s === 'string' && storeSlugSchema.safeParse(s).success;
  return {
    storeName: d.storeName.slice(0, 120),
    vertical: d.vertical,
    ...(slugOk(d.slug) ? { slug: d.slug } : {}),
    ...(slugOk(d.suggestedSlug) ? { suggestedSlug: d.suggestedSlug } : {}),
    ...(typeof d.ownerName === 'string' ? { ownerName: d.ownerName.slice(0, 120) } : {}),
    ...(typeof d.phone === 'string' ? { phone: d.phone.slice(0, 32) } : {}),
    ...(typeof d.email === 'string' ? { email: d.email.slice(0, 200) } : {}),
  };
}

const wizardFlash = flashCookieJar(PATH, WIZARD_FLASH_COOKIE);
export const wizardFlashCookie = wizardFlash.set;
export const readWizardFlash: (cookieHeader: string | null | undefined, id: string | undefined) => WizardFlash | null =
  wizardFlash.read;

/** A /start path to come back to (no open redirect). */
export function safeWizardNext(next: string | null | undefined): string {
  if (!next || !/^\/start(?:[/?#]|$)/.test(next) || next.startsWith('//') || /[\\\r\n]/.test(next)) return '/start';
  if (next.startsWith('/start/save')) return '/start';
  return next.slice(0, 500);
}
