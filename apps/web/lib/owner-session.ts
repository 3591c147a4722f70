/**
 * The owner's session in cookies, all HttpOnly, SameSite=Lax and scoped to Path=/owner (the
 * storefront never sees them, scripts never read them, cross-site POSTs never carry them):
 *
 *   sokoni_owner_at     the API access token (a 15-minute JWT). The cookie lives a little less
 *                       than the token, so a stale one is usually gone rather than refused.
 *   sokoni_owner_rt     the API refresh token (30 days, spent on every refresh: rotated).
 *   sokoni_owner_who    who is logged in: store slug, name and role. The role only decides which
 *                       buttons are drawn; the API checks every action itself.
 *   sokoni_owner_flash  the outcome of the last form post (Post/Redirect/Get), shown once on the
 *                       page it redirects to: that page's URL carries the flash's id (?f=).
 *
 * Only route handlers write them (Server Components cannot set cookies).
 */
import { randomBytes } from 'node:crypto';
import { can as roleCan, ROLES, storeSlugSchema, type OwnerSessionAnswer, type Role } from '@sokoni/contracts';
import { parseCookies, serializeAt } from './cookies';

export type OwnerRole = Role;

export interface OwnerSession {
  store: string;
  name: string;
  role: OwnerRole;
  /** Missing when the access cookie expired: refresh before calling the API. */
  accessToken: string | undefined;
  refreshToken: string;
}

export interface Flash {
  id: string;
  kind: 'ok' | 'error';
  text: string;
}

export const ACCESS_COOKIE = 'sokoni_owner_at';
export const REFRESH_COOKIE = 'sokoni_owner_rt';
export const WHO_COOKIE = 'sokoni_owner_who';
export const FLASH_COOKIE = 'sokoni_owner_flash';

const PATH = '/owner';
const REFRESH_MAX_AGE = 30 * 24 * 3600;
const FLASH_MAX_AGE = 120;
const TOKEN_RE = /^[A-Za-z0-9._-]{20,4096}$/;

/** An HttpOnly, SameSite=Lax cookie on one path (Secure under https): lib/cookies.ts' serializeAt. */
export const serializeOnPath = (path: string, name: string, value: string, maxAge: number): string =>
  serializeAt(name, value, maxAge, path);

export const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
export function decode(raw: string | undefined): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** The API's session answer (login and refresh): @sokoni/contracts' ownerSessionSchema. */
export type ApiSession = OwnerSessionAnswer;

/**
 * An API session (access token, refresh token, who) kept in three cookies on one path. The
 * dashboard keeps one on /owner; the store wizard keeps its own on /start (lib/wizard-session.ts).
 */
export function sessionCookieJar(path: string, names: { access: string; refresh: string; who: string }) {
  // Arrow functions, not methods: callers export them on their own (ownerJar.set), without `this`.
  return {
    /** Set-Cookie headers for a fresh session from the API. */
    set: (store: string, session: ApiSession): string[] => {
      const accessMaxAge = Math.max(Math.floor(session.expiresIn) - 30, 30);
      return [
        serializeOnPath(path, names.access, session.accessToken, accessMaxAge),
        serializeOnPath(path, names.refresh, session.refreshToken, REFRESH_MAX_AGE),
        serializeOnPath(
          path,
          names.who,
          encode({ store, name: session.user.name, role: session.user.role }),
          REFRESH_MAX_AGE,
        ),
      ];
    },
    clear: (): string[] => {
      return [names.access, names.refresh, names.who].map((name) => serializeOnPath(path, name, '', 0));
    },
    /** The session from a cookie header, or null when there is none (or it is malformed). */
    read: (cookieHeader: string | null | undefined): OwnerSession | null => {
      const cookies = parseCookies(cookieHeader);
      const refreshToken = cookies.get(names.refresh);
      if (!refreshToken || !TOKEN_RE.test(refreshToken)) return null;
      const who = decode(cookies.get(names.who)) as Partial<{ store: string; name: string; role: OwnerRole }> | null;
      if (!who || typeof who.store !== 'string' || !storeSlugSchema.safeParse(who.store).success) return null;
      if (!ROLES.includes(who.role as OwnerRole)) return null;
      const access = cookies.get(names.access);
      return {
        store: who.store,
        name: typeof who.name === 'string' ? who.name.slice(0, 120) : '',
        role: who.role as OwnerRole,
        accessToken: access && TOKEN_RE.test(access) ? access : undefined,
        refreshToken,
      };
    },
  };
}

const ownerJar = sessionCookieJar(PATH, { access: ACCESS_COOKIE, refresh: REFRESH_COOKIE, who: WHO_COOKIE });
export const sessionCookies = ownerJar.set;
export const clearSessionCookies = ownerJar.clear;
export const readSession = ownerJar.read;

/** Seconds since the access token was issued (its `iat`), or null when unreadable. Not verified: the API does that. */
export function accessTokenAge(token: string): number | null {
  const payload = decode(token.split('.')[1]) as { iat?: unknown } | null;
  return payload && typeof payload.iat === 'number' ? Date.now() / 1000 - payload.iat : null;
}

/**
 * The outcome of the last form post (Post/Redirect/Get) in one cookie on one path, shown once on
 * the page the post redirects to: that page's URL carries the flash's id (?f=). The dashboard keeps
 * it on /owner, the store wizard on /start (lib/wizard-session.ts).
 */
export function flashCookieJar(path: string, name: string) {
  return {
    /** A flash for the page a form post redirects to; returns its cookie and the id for `?f=`. */
    set: (kind: Flash['kind'], text: string): { id: string; cookie: string } => {
      const id = randomBytes(6).toString('base64url');
      return { id, cookie: serializeOnPath(path, name, encode({ id, kind, text: text.slice(0, 400) }), FLASH_MAX_AGE) };
    },
    /** The flash whose id the page's URL names (an old or forged one shows nothing, or plain text). */
    read: (cookieHeader: string | null | undefined, id: string | undefined): Flash | null => {
      if (!id) return null;
      const flash = decode(parseCookies(cookieHeader).get(name)) as Partial<Flash> | null;
      if (
        !flash ||
        flash.id !== id ||
        typeof flash.text !== 'string' ||
        (flash.kind !== 'ok' && flash.kind !== 'error')
      )
        return null;
      return { id: flash.id, kind: flash.kind, text: flash.text };
    },
  };
}

const ownerFlash = flashCookieJar(PATH, FLASH_COOKIE);
export const flashCookie = ownerFlash.set;
export const readFlash = ownerFlash.read;

/**
 * Which buttons each role sees: the API's own permission matrix (@sokoni/contracts, the one its
 * guard enforces), named for the dashboard's actions.
 */
export const can = {
  refund: (role: OwnerRole) => roleCan(role, 'orders.refund'),
  /** Cancelling a paid order owes the shopper a refund: the API asks for orders.refund too. */
  cancelPaid: (role: OwnerRole) => roleCan(role, 'orders.refund'),
  editCatalog: (role: OwnerRole) => roleCan(role, 'catalog.write'),
  editPrices: (role: OwnerRole) => roleCan(role, 'prices.write'),
  moveStock: (role: OwnerRole) => roleCan(role, 'inventory.write'),
  editSettings: (role: OwnerRole) => roleCan(role, 'settings.write'),
  mpesa: (role: OwnerRole) => roleCan(role, 'settings.mpesa'),
  staff: (role: OwnerRole) => roleCan(role, 'staff.manage'),
};

/** A `next` path after login: only our own owner pages (no open redirect). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !/^\/owner(?:[/?#]|$)/.test(next) || next.startsWith('//') || /[\\\r\n]/.test(next)) return '/owner';
  if (next.startsWith('/owner/login') || next.startsWith('/owner/session')) return '/owner';
  return next.slice(0, 500);
}
