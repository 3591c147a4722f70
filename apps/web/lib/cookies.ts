/**
 * The shopper's cookies, per store (one platform host serves every store in path form, so each
 * name carries the slug):
 *
 *   sokoni_cart_<slug>    the API's signed cart token. HttpOnly (never readable by scripts),
 *                         SameSite=Lax (not sent on cross-site POSTs), 14 days like the cart.
 *   sokoni_cart_n_<slug>  how many items the cart holds, for the header and the product page
 *                         ("2 in cart") on pages that are the same for every shopper and cached.
 *                         Readable by scripts on purpose; it is a number, never trusted.
 *   sokoni_flash_<slug>   messages from a form post (PRG) for the page it redirects to: the API
 *                         reports a price change or a stock cut once, on the read that sees it,
 *                         which may be the POST rather than the page after it. HttpOnly, 2 minutes.
 *   sokoni_pay_<slug>     what went wrong with a Pay / M-Pesa code form post, for the order page
 *                         it redirects to: the message, which form, and what the shopper typed (so
 *                         a refused number is not lost). A cookie, not the query string: phone
 *                         numbers stay out of URLs, history and logs. HttpOnly, 2 minutes, one order.
 *
 * Only route handlers and getServerSideProps write them (Set-Cookie strings built here).
 */
import { MSISDN_RE } from '@sokoni/contracts';
import { publicScheme } from './config';

export const CART_COOKIE_MAX_AGE = 14 * 24 * 3600;
const FLASH_MAX_AGE = 120;
const CART_TOKEN_RE = /^c1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;
const MAX_FLASH_MESSAGES = 6;

export const cartCookie = (slug: string) => `sokoni_cart_${slug}`;
export const countCookie = (slug: string) => `sokoni_cart_n_${slug}`;
export const flashCookie = (slug: string) => `sokoni_flash_${slug}`;

/** `a=1; b=2` -> Map (first one wins, values URI-decoded when they can be). */
export function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!name || out.has(name)) continue;
    const raw = part.slice(i + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

/** The cart token from the cookie header, or undefined when missing or not token-shaped. */
export function cartTokenFrom(cookies: Map<string, string>, slug: string): string | undefined {
  const token = cookies.get(cartCookie(slug));
  return token && CART_TOKEN_RE.test(token) ? token : undefined;
}

function serialize(name: string, value: string, maxAge: number, httpOnly: boolean): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${maxAge}`, 'SameSite=Lax'];
  if (httpOnly) parts.push('HttpOnly');
  if (publicScheme() === 'https') parts.push('Secure');
  return parts.join('; ');
}

/** Set-Cookie headers after the API answered with a cart: its token and item count. */
export function cartCookies(slug: string, cart: { token: string; itemCount: number }): string[] {
  return [
    serialize(cartCookie(slug), cart.token, CART_COOKIE_MAX_AGE, true),
    serialize(countCookie(slug), String(cart.itemCount), CART_COOKIE_MAX_AGE, false),
  ];
}

/** After an order: the cart is empty (the API cleared it); the token stays valid for the next one. */
export function emptyCountCookie(slug: string): string {
  return serialize(countCookie(slug), '0', CART_COOKIE_MAX_AGE, false);
}

export function flashSetCookie(slug: string, messages: string[]): string {
  const json = JSON.stringify(messages.slice(0, MAX_FLASH_MESSAGES).map((m) => m.slice(0, 200)));
  return serialize(flashCookie(slug), Buffer.from(json).toString('base64url'), FLASH_MAX_AGE, true);
}

export function flashClearCookie(slug: string): string {
  return serialize(flashCookie(slug), '', 0, true);
}

/** The flash messages (an attacker-set cookie can only show text, escaped by React). */
export function readFlash(cookies: Map<string, string>, slug: string): string[] {
  const raw = cookies.get(flashCookie(slug));
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    return Array.isArray(parsed)
      ? parsed.filter((m): m is string => typeof m === 'string').slice(0, MAX_FLASH_MESSAGES)
      : [];
  } catch {
    return [];
  }
}

export const payFlashCookie = (slug: string) => `sokoni_pay_${slug}`;

export interface PayFlash {
  /** The order the form was for (the message is only shown on that order's page). */
  order: string;
  /** Which form: the pay form's phone field, the pay form as a whole, or the M-Pesa code form. */
  field: 'phone' | 'pay' | 'code';
  message: string;
  /** What the shopper typed into that form (phone number or M-Pesa code). */
  value: string;
}

export function payFlashSetCookie(slug: string, flash: PayFlash): string {
  const json = JSON.stringify({ ...flash, message: flash.message.slice(0, 300), value: flash.value.slice(0, 32) });
  return serialize(payFlashCookie(slug), Buffer.from(json).toString('base64url'), FLASH_MAX_AGE, true);
}

export function payFlashClearCookie(slug: string): string {
  return serialize(payFlashCookie(slug), '', 0, true);
}

/** The pay flash for this order, if any (escaped by React like every other text). */
export function readPayFlash(cookies: Map<string, string>, slug: string, orderId: string): PayFlash | null {
  const raw = cookies.get(payFlashCookie(slug));
  if (!raw) return null;
  try {
    const p = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<PayFlash>;
    if (p.order !== orderId || typeof p.message !== 'string' || typeof p.value !== 'string') return null;
    if (p.field !== 'phone' && p.field !== 'pay' && p.field !== 'code') return null;
    return { order: p.order, field: p.field, message: p.message, value: p.value };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Shopper sign-in (phone + SMS code; pages/s/[store]/account.tsx, app/s/[store]/account/**).
// Unlike the cart cookies these are scoped to the store's own path (`/s/<slug>` in path form,
// `/` on the store's own host), so the session of one store is never sent to another's pages:
//
//   sokoni_shopper_<slug>       the API's shopper session token (a JWT for this store only).
//                               HttpOnly, SameSite=Lax, 30 days (or until the token expires).
//   sokoni_otp_<slug>           the phone a sign-in code was just sent to, while the page asks
//                               for the code: in a cookie, not the URL. HttpOnly, 10 minutes.
//   sokoni_acct_<slug>          what went wrong with an account form post (PRG), for the account
//                               page: which field, the message, what was typed. HttpOnly, 2 min.

export const SHOPPER_SESSION_MAX_AGE = 30 * 24 * 3600;
const PENDING_PHONE_MAX_AGE = 10 * 60;
const SESSION_TOKEN_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const shopperSessionCookie = (slug: string) => `sokoni_shopper_${slug}`;
export const pendingPhoneCookie = (slug: string) => `sokoni_otp_${slug}`;
export const accountFlashCookie = (slug: string) => `sokoni_acct_${slug}`;

/** The Path of the store-scoped cookies: the link prefix (`/s/<slug>`), or `/` in host form. */
export const storeCookiePath = (base: string) => (base === '' ? '/' : base);

export function serializeAt(name: string, value: string, maxAge: number, path: string): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${path}`,
    `Max-Age=${maxAge}`,
    'SameSite=Lax',
    'HttpOnly',
  ];
  if (publicScheme() === 'https') parts.push('Secure');
  return parts.join('; ');
}

/** The session token from the cookie header, or undefined when missing or not token-shaped. */
export function shopperSessionFrom(cookies: Map<string, string>, slug: string): string | undefined {
  const token = cookies.get(shopperSessionCookie(slug));
  return token && token.length <= 2048 && SESSION_TOKEN_RE.test(token) ? token : undefined;
}

/** After the API issued a session: kept until it expires (at most 30 days). */
export function shopperSessionSetCookie(slug: string, base: string, token: string, expiresAt?: string): string {
  const until = expiresAt ? Math.floor((Date.parse(expiresAt) - Date.now()) / 1000) : NaN;
  const maxAge =
    Number.isFinite(until) && until > 0 ? Math.min(until, SHOPPER_SESSION_MAX_AGE) : SHOPPER_SESSION_MAX_AGE;
  return serializeAt(shopperSessionCookie(slug), token, maxAge, storeCookiePath(base));
}

export function shopperSessionClearCookie(slug: string, base: string): string {
  return serializeAt(shopperSessionCookie(slug), '', 0, storeCookiePath(base));
}

/** The phone (2547…) a code was sent to, while the account page asks for that code. */
export function pendingPhoneFrom(cookies: Map<string, string>, slug: string): string | undefined {
  const phone = cookies.get(pendingPhoneCookie(slug));
  return phone && MSISDN_RE.test(phone) ? phone : undefined;
}

export function pendingPhoneSetCookie(slug: string, base: string, msisdn: string): string {
  return serializeAt(pendingPhoneCookie(slug), msisdn, PENDING_PHONE_MAX_AGE, storeCookiePath(base));
}

export function pendingPhoneClearCookie(slug: string, base: string): string {
  return serializeAt(pendingPhoneCookie(slug), '', 0, storeCookiePath(base));
}

export interface AccountFlash {
  /**
   * Where the message goes: next to the phone field, the code field, the "add a place" form,
   * above the orders (Buy again), in the saved places (placeNotice), or at the top (notice).
   */
  field: 'phone' | 'code' | 'place' | 'placeNotice' | 'orders' | 'notice';
  message: string;
  /** What the shopper typed into that form, by field name (so nothing typed is lost). */
  values: Record<string, string>;
}

export function accountFlashSetCookie(slug: string, base: string, flash: AccountFlash): string {
  const values = Object.fromEntries(
    Object.entries(flash.values)
      .slice(0, 6)
      .map(([k, v]) => [k.slice(0, 20), v.slice(0, 200)]),
  );
  const json = JSON.stringify({ field: flash.field, message: flash.message.slice(0, 300), values });
  return serializeAt(
    accountFlashCookie(slug),
    Buffer.from(json).toString('base64url'),
    FLASH_MAX_AGE,
    storeCookiePath(base),
  );
}

export function accountFlashClearCookie(slug: string, base: string): string {
  return serializeAt(accountFlashCookie(slug), '', 0, storeCookiePath(base));
}

/** The account flash, if any (escaped by React like every other text). */
export function readAccountFlash(cookies: Map<string, string>, slug: string): AccountFlash | null {
  const raw = cookies.get(accountFlashCookie(slug));
  if (!raw) return null;
  try {
    const p = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<AccountFlash>;
    if (
      typeof p.message !== 'string' ||
      !['phone', 'code', 'place', 'placeNotice', 'orders', 'notice'].includes(p.field as string)
    )
      return null;
    const values: Record<string, string> = {};
    if (p.values && typeof p.values === 'object')
      for (const [k, v] of Object.entries(p.values)) if (typeof v === 'string') values[k] = v;
    return { field: p.field as AccountFlash['field'], message: p.message, values };
  } catch {
    return null;
  }
}
