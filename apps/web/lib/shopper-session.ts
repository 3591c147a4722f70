/**
 * Shopper identity on the storefront: phone number + SMS code, no password, no email.
 *
 * The flow (pages/s/[store]/account.tsx and its route handlers in app/s/[store]/account/):
 *  1. "See your orders": the phone form posts to <store>/account/otp, which asks the API to
 *     text a 6-digit code (POST /v1/stores/:store/shopper/otp) and keeps the phone in a
 *     10-minute HttpOnly cookie (never in the URL);
 *  2. the page then asks for the code; <store>/account/session posts it with that phone
 *     (POST /shopper/session) and keeps the session token in an HttpOnly, SameSite=Lax cookie
 *     scoped to the store's path, for 30 days;
 *  3. with it the account page shows "My orders" (GET /shopper/orders), Buy again
 *     (<store>/account/reorder -> POST /shopper/orders/:id/reorder -> the cart) and saved
 *     places (<store>/account/places -> GET/PUT /shopper/addresses), which checkout offers as
 *     one-tap choices; <store>/account/sign-out forgets the session on this phone;
 *  4. <store>/account/sign-out-everywhere ("Sign out on all phones", for a lost or shared phone)
 *     ends every session of that phone at the store (POST /shopper/sessions/revoke-all) and
 *     forgets this one; any other phone still holding one is asked to sign in again, with
 *     ACCOUNT_TEXT.revoked, on its next page load or form post (the API answers 401
 *     details.reason session_revoked).
 * Every form works without JavaScript (Post/Redirect/Get); what went wrong comes back in a short
 * flash cookie and is shown next to the field it is about, never as an error page.
 *
 * This module holds the wording and the small pure pieces the page, the handlers and checkout share.
 */
import {
  formatNairobiDate,
  MAX_PLACE_LABEL,
  MAX_PLACE_LANDMARK as MAX_LANDMARK,
  MAX_SAVED_PLACES,
  MSISDN_RE,
  SHOPPER_SESSION_REVOKED,
  type Order,
} from '@sokoni/contracts';
import { accountFlashSetCookie, shopperSessionClearCookie, shopperSessionFrom, type AccountFlash } from './cookies';
import { isOrderStatus } from './checkout';
import { translator, type Locale } from './i18n/core';
import { formatters } from './i18n/format';
import { accountMessages } from './i18n/messages/account';
import { shopperLocale } from './i18n/route-locale';
import { orderMessages } from './i18n/messages/order';
import type { StoreRequest } from './request';
import { seeOther, shopperPost, type ShopperRequest } from './route';
import type { ApiProblem, SavedPlace } from './shopper-api';

const AREA_SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Saved places: the API's limits (@sokoni/contracts), for the account page's form. */
export { MAX_LANDMARK, MAX_PLACE_LABEL, MAX_SAVED_PLACES };

/** The account handlers' and page's notices, in the shopper's language (lib/i18n/messages/account.ts). */
export function accountText(locale: Locale) {
  const t = translator(accountMessages, locale);
  return {
    phoneEmpty: t('phoneEmpty'),
    noPending: t('noPending'),
    codeFormat: t('codeFormat'),
    codeSent: (phone: string) => t('codeSent', { phone }),
    codeResent: (phone: string) => t('codeResent', { phone }),
    tooMany: t('tooMany'),
    smsDown: t('smsDown'),
    unreachable: t('unreachable'),
    signedIn: t('signedIn'),
    merged: (count: number) => t(count === 1 ? 'mergedOne' : 'mergedMany', { count }),
    signedOut: t('signedOut'),
    signedOutEverywhere: t('signedOutEverywhere'),
    /** This phone's session was ended by "Sign out on all phones" (here or on another phone). */
    revoked: t('revoked'),
    signOutEverywhereFailed: t('signOutEverywhereFailed'),
    expired: t('expired'),
    signInFirst: t('signInFirst'),
    ordersUnavailable: t('ordersUnavailable'),
    reorderMissing: t('reorderMissing'),
    reorderAdded: (n: number) => t('reorderAdded', { number: n }),
    reorderNothing: (n: number) => t('reorderNothing', { number: n }),
    areaMissing: t('areaMissing'),
    areaUnknown: t('areaUnknown'),
    placesFull: t('placesFull', { max: MAX_SAVED_PLACES }),
    placeAdded: t('placeAdded'),
    placeRemoved: t('placeRemoved'),
    enterPhone: t('enterPhone'),
  };
}

/**
 * The phone in a session token (its JWT `sub`), for showing and prefilling only: the token is
 * checked by the API on every call that uses it, and a tampered cookie could at most prefill a
 * number in its own browser.
 */
export function sessionPhone(token: string): string | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub;
    return typeof sub === 'string' && MSISDN_RE.test(sub) ? sub : null;
  } catch {
    return null;
  }
}

/** What to tell the shopper about a refused "send me a code". */
export function codeRequestMessage(problem: ApiProblem, locale: Locale): string {
  const ACCOUNT_TEXT = accountText(locale);
  if (problem.status === 429) return problem.message || ACCOUNT_TEXT.tooMany;
  if (problem.status === 503 || problem.status === 502 || problem.details.reason === 'sms_unavailable')
    return problem.message || ACCOUNT_TEXT.smsDown;
  if (problem.status === 400)
    return locale === 'en' && problem.message.startsWith('Enter') ? problem.message : ACCOUNT_TEXT.enterPhone;
  if (problem.status >= 500) return ACCOUNT_TEXT.smsDown;
  return problem.message || ACCOUNT_TEXT.unreachable;
}

/** What to tell the shopper about a refused code (wrong with tries left, expired, locked, limited). */
export function codeCheckMessage(problem: ApiProblem, locale: Locale): string {
  const ACCOUNT_TEXT = accountText(locale);
  if (problem.status === 400) return ACCOUNT_TEXT.codeFormat;
  if (problem.status === 401 || problem.status === 429) return problem.message || ACCOUNT_TEXT.tooMany;
  return ACCOUNT_TEXT.unreachable;
}

export const validAreaSlug = (slug: string) => slug.length > 0 && slug.length <= 60 && AREA_SLUG_RE.test(slug);

/** A posted "add a place" form, trimmed to the API's limits. */
export function readPlaceForm(fields: URLSearchParams | null): { areaSlug: string; landmark: string; label: string } {
  const get = (name: string, max: number) => (fields?.get(name) ?? '').trim().replace(/\s+/g, ' ').slice(0, max);
  return { areaSlug: get('area', 60), landmark: get('landmark', MAX_LANDMARK), label: get('label', MAX_PLACE_LABEL) };
}

/** "Home · Kilimani, green gate": the label (if any), the area and the landmark (if any). */
export function savedPlaceText(place: Pick<SavedPlace, 'areaName' | 'landmark' | 'label'>): string {
  const where = place.landmark ? `${place.areaName}, ${place.landmark}` : place.areaName;
  return place.label ? `${place.label} · ${where}` : where;
}

/** The flash a handler leaves for the account page. */
export const accountFlash = (
  field: AccountFlash['field'],
  message: string,
  values: Record<string, string> = {},
): AccountFlash => ({ field, message, values });

// ---------------------------------------------------------------------------------------------
// "My orders"

export const orderDate = (iso: string) => formatNairobiDate(iso);

/** "2 × USB-C cable, 1 × 18W charger" (the first three lines, then "and 2 more"). */
export function itemsSummary(items: Order['items'], locale: Locale): string {
  const shown = items.slice(0, 3).map((i) => `${i.quantity} × ${i.title}`);
  const more = items.length - shown.length;
  return more > 0
    ? translator(accountMessages, locale)('andMore', { list: shown.join(', '), count: more })
    : shown.join(', ');
}

const EVENT_KEYS = {
  placed: 'event_placed',
  reservation_expired: 'event_reservation_expired',
  paid_after_cancel: 'event_paid_after_cancel',
} as const;

export interface TimelineStep {
  label: string;
  at: string;
}

/** The order's history, oldest first, in the shopper's words ("Order placed · 3 Mar, 14:05"). */
export function timelineSteps(timeline: Order['timeline'], locale: Locale): TimelineStep[] {
  const t = translator(accountMessages, locale);
  const status = translator(orderMessages, locale);
  const { formatDateTime } = formatters(locale);
  return timeline
    .map((e) => {
      const label =
        e.type in EVENT_KEYS
          ? t(EVENT_KEYS[e.type as keyof typeof EVENT_KEYS])
          : e.toStatus && isOrderStatus(e.toStatus)
            ? status(`status_${e.toStatus}`)
            : null;
      return label ? { label, at: formatDateTime(e.at) } : null;
    })
    .filter((s): s is TimelineStep => s !== null);
}

// ---------------------------------------------------------------------------------------------
// Route handlers' answers (app/s/[store]/account/**): always a 303 back to a page, never an error page.

/** 303 to the account page (optionally a section of it) with a flash for it and other cookies. */
export function backToAccount(
  shopper: Pick<StoreRequest, 'slug' | 'base'>,
  flash: AccountFlash | null,
  cookies: string[] = [],
  section = '',
): Response {
  const all = flash ? [...cookies, accountFlashSetCookie(shopper.slug, shopper.base, flash)] : cookies;
  return seeOther(`${shopper.base}/account${section ? `#${section}` : ''}`, all);
}

/** What to say above the phone form when the API refused the session (401). */
export function sessionEndedMessage(problem: ApiProblem, locale: Locale): string {
  const ACCOUNT_TEXT = accountText(locale);
  if (problem.details.reason === SHOPPER_SESSION_REVOKED) return ACCOUNT_TEXT.revoked;
  if (problem.details.reason === 'session_expired' && problem.message && locale === 'en') return problem.message;
  return ACCOUNT_TEXT.expired;
}

/** The API said the session is no good (expired, signed out on all phones, forged, another store's): forget it, ask for the phone again. */
export function sessionEnded(
  shopper: Pick<StoreRequest, 'slug' | 'base'>,
  problem: ApiProblem,
  locale: Locale,
): Response {
  return backToAccount(shopper, accountFlash('phone', sessionEndedMessage(problem, locale)), [
    shopperSessionClearCookie(shopper.slug, shopper.base),
  ]);
}

/**
 * The start of an account form post that needs the shopper signed in (sign out on all phones,
 * Buy again, saved places): shopperPost (404, 403), then the session from its cookie, or back to
 * the phone form with "sign in first".
 */
export async function signedInAccountPost(
  request: Request,
  params: Promise<{ store: string }>,
): Promise<{ shopper: ShopperRequest; session: string } | Response> {
  const shopper = await shopperPost(request, params);
  if (shopper instanceof Response) return shopper;
  const session = shopperSessionFrom(shopper.cookies, shopper.slug);
  if (!session) {
    const locale = await shopperLocale(shopper);
    return backToAccount(shopper, accountFlash('phone', accountText(locale).signInFirst));
  }
  return { shopper, session };
}
