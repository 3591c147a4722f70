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
import { randomBytes } from 'node:crypto';
import { storeSlugSchema } from '@sokoni/contracts';
import { publicScheme } from './config';
import { parseCookies } from './cookies';
import type { ApiSession, OwnerRole } from './owner-session';

export const WIZARD_ACCESS_COOKIE = 'sokoni_wizard_at';
export const WIZARD_REFRESH_COOKIE = 'sokoni_wizard_rt';
export const WIZARD_WHO_COOKIE = 'sokoni_wizard_who';
export const WIZARD_DRAFT_COOKIE = 'sokoni_wizard_draft';
export const WIZARD_FLASH_COOKIE = 'sokoni_wizard_flash';

const PATH = '/start';
const REFRESH_MAX_AGE = 30 * 24 * 3600;
const DRAFT_MAX_AGE = 24 * 3600;
const FLASH_MAX_AGE = 120;
const TOKEN_RE = /^[A-Za-z0-9._-]{20,4096}$/;
const ROLES: readonly OwnerRole[] = ['owner', 'admin', 'staff'];

export const VERTICALS = ['electronics', 'fashion', 'watches', 'home'] as const;
export type Vertical = (typeof VERTICALS)[number];
export const isVertical = (v: unknown): v is Vertical => typeof v === 'string' && (VERTICALS as readonly string[]).includes(v);

export interface WizardSession {
  store: string;
  name: string;
  role: OwnerRole;
  accessToken: string | undefined;
  refreshToken: string;
}

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

export interface WizardFlash {
  id: string;
  kind: 'ok' | 'error';
  text: string;
}

function serialize(name: string, value: string, maxAge: number): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${PATH}`, `Max-Age=${maxAge}`, 'SameSite=Lax', 'HttpOnly'];
  if (publicScheme() === 'https') parts.push('Secure');
  return parts.join('; ');
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decode(raw: string | undefined): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

export function wizardSessionCookies(store: string, session: ApiSession): string[] {
  const accessMaxAge = Math.max(Math.floor(session.expiresIn) - 30, 30);
  return [
    serialize(WIZARD_ACCESS_COOKIE, session.accessToken, accessMaxAge),
    serialize(WIZARD_REFRESH_COOKIE, session.refreshToken, REFRESH_MAX_AGE),
    serialize(WIZARD_WHO_COOKIE, encode({ store, name: session.user.name, role: session.user.role }), REFRESH_MAX_AGE),
  ];
}

export function clearWizardSessionCookies(): string[] {
  return [WIZARD_ACCESS_COOKIE, WIZARD_REFRESH_COOKIE, WIZARD_WHO_COOKIE].map((name) => serialize(name, '', 0));
}

export function readWizardSession(cookieHeader: string | null | undefined): WizardSession | null {
  const cookies = parseCookies(cookieHeader);
  const refreshToken = cookies.get(WIZARD_REFRESH_COOKIE);
  if (!refreshToken || !TOKEN_RE.test(refreshToken)) return null;
  const who = decode(cookies.get(WIZARD_WHO_COOKIE)) as Partial<{ store: string; name: string; role: OwnerRole }> | null;
  if (!who || typeof who.store !== 'string' || !storeSlugSchema.safeParse(who.store).success) return null;
  if (!ROLES.includes(who.role as OwnerRole)) return null;
  const access = cookies.get(WIZARD_ACCESS_COOKIE);
  return {
    store: who.store,
    name: typeof who.name === 'string' ? who.name.slice(0, 120) : '',
    role: who.role as OwnerRole,
    accessToken: access && TOKEN_RE.test(access) ? access : undefined,
    refreshToken,
  };
}

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

export function wizardFlashCookie(kind: WizardFlash['kind'], text: string): { id: string; cookie: string } {
  const id = randomBytes(6).toString('base64url');
  return { id, cookie: serialize(WIZARD_FLASH_COOKIE, encode({ id, kind, text: text.slice(0, 400) }), FLASH_MAX_AGE) };
}

export function readWizardFlash(cookieHeader: string | null | undefined, id: string | undefined): WizardFlash | null {
  if (!id) return null;
  const flash = decode(parseCookies(cookieHeader).get(WIZARD_FLASH_COOKIE)) as Partial<WizardFlash> | null;
  if (!flash || flash.id !== id || typeof flash.text !== 'string' || (flash.kind !== 'ok' && flash.kind !== 'error')) return null;
  return { id: flash.id, kind: flash.kind, text: flash.text };
}

/** A /start path to come back to (no open redirect). */
export function safeWizardNext(next: string | null | undefined): string {
  if (!next || !/^\/start(?:[/?#]|$)/.test(next) || next.startsWith('//') || /[\\\r\n]/.test(next)) return '/start';
  if (next.startsWith('/start/save')) return '/start';
  return next.slice(0, 500);
}
