/**
 * What the shopper's account page (pages/s/[store]/account.tsx) draws, loaded on the server
 * from the HttpOnly cookies (session token, pending phone, account flash): the phone form, the
 * code form, or "My orders" and the saved places. The flow is described in lib/shopper-session.ts.
 */
import type { OrderStatus, OrderTracking } from '@sokoni/contracts';
import { translator } from '@/lib/i18n/core';
import { formatters } from '@/lib/i18n/format';
import { orderMessages } from '@/lib/i18n/messages/order';
import {
  accountFlashClearCookie,
  pendingPhoneFrom,
  readAccountFlash,
  shopperSessionClearCookie,
  shopperSessionFrom,
  type AccountFlash,
} from '@/lib/cookies';
import { localPhone } from '@sokoni/contracts';
import { getDeliveryAreas, getMyOrders, getMyTracking, getSavedPlaces, type SavedPlace } from '@/lib/shopper-api';
import {
  itemsSummary,
  MAX_SAVED_PLACES,
  sessionEndedMessage,
  sessionPhone,
  timelineSteps,
  type TimelineStep,
} from '@/lib/shopper-session';
import { optional, type PersonalLoader, type PersonalPage } from '@/lib/store-page';
import { getMyReviewLines } from '@/lib/reviews';

export interface AccountOrderView {
  id: string;
  number: number;
  date: string;
  status: OrderStatus;
  statusLabel: string;
  items: string;
  totalKes: number;
  timeline: TimelineStep[];
  /** Delivered: 'todo' while a line waits for the shopper's stars, then 'done' (lib/reviews.ts). */
  review: 'todo' | 'done' | null;
  /** The API's tracking (steps with rider / pickup point, cancel and return), when it answered. */
  tracking: OrderTracking | null;
  /** What can be sent back (the return form), one entry per line. */
  lines: { sku: string; title: string; quantity: number }[];
}

export type AccountPageData =
  /** Not signed in: "See your orders" (phone form). */
  | { step: 'phone'; flash: AccountFlash | null }
  /** A code was sent to `phone` (local form): the code form. */
  | { step: 'code'; phone: string; flash: AccountFlash | null }
  | {
      step: 'signed-in';
      phone: string;
      /** null: the API could not be asked just now (the page says so). */
      orders: AccountOrderView[] | null;
      places: SavedPlace[] | null;
      maxPlaces: number;
      areas: { slug: string; name: string }[];
      flash: AccountFlash | null;
    };

/** The page's data, and the Set-Cookie headers (the flash spent, an ended session forgotten). */
export const loadAccountPage: PersonalLoader<AccountPageData> = async ({ slug, base, forwarded }, cookies, locale) => {
  const stored = readAccountFlash(cookies, slug);
  const setCookies = stored ? [accountFlashClearCookie(slug, base)] : [];
  let flash: AccountFlash | null = stored;
  const session = shopperSessionFrom(cookies, slug);
  const pending = pendingPhoneFrom(cookies, slug);

  const signedOut = (): PersonalPage<AccountPageData> => ({
    data: pending ? { step: 'code', phone: localPhone(pending), flash } : { step: 'phone', flash },
    setCookies,
  });
  if (!session) return signedOut();

  // Orders and places together; "could not ask" (timeout, 5xx) is a notice, not an error page.
  const ask = <T>(what: string, load: () => Promise<T>) => optional<T | null>(what, load, null);
  const [orders, places, reviewLines, tracking] = await Promise.all([
    ask('shopper orders', () => getMyOrders(slug, session, forwarded)),
    ask('shopper places', () => getSavedPlaces(slug, session, forwarded)),
    ask('shopper reviews', () => getMyReviewLines(slug, session, forwarded)),
    ask('shopper tracking', () => getMyTracking(slug, session, forwarded)),
  ]);
  const toReview = new Set(
    reviewLines?.ok ? reviewLines.data.lines.filter((l) => !l.review).map((l) => l.orderId) : [],
  );
  const trackingOf = new Map((tracking?.ok ? tracking.data.orders : []).map((t) => [t.orderId, t]));
  const refused = [orders, places]
    .map((a) => (a && !a.ok && a.problem.status === 401 ? a.problem : null))
    .find((p) => p !== null);
  if (refused) {
    // Expired, ended by "Sign out on all phones" (here or on another phone), or not this
    // store's: forget it and ask for the phone again, saying why.
    setCookies.push(shopperSessionClearCookie(slug, base));
    flash = { field: 'phone', message: sessionEndedMessage(refused, locale), values: {} };
    return signedOut();
  }
  const placeList = places?.ok ? places.data.addresses : null;
  const maxPlaces = places?.ok ? Math.min(places.data.max, MAX_SAVED_PLACES) : MAX_SAVED_PLACES;
  // Every Nairobi area for the "Add a place" <select> (the API checks the choice again).
  const areas =
    placeList && placeList.length < maxPlaces
      ? await optional(
          'delivery areas',
          async () => {
            const a = await getDeliveryAreas(slug, undefined, undefined, forwarded);
            return a.ok
              ? a.data.areas.map((x) => ({ slug: x.slug, name: x.name })).sort((x, y) => x.name.localeCompare(y.name))
              : [];
          },
          [],
        )
      : [];
  const msisdn = orders?.ok ? orders.data.phone : sessionPhone(session);
  const data: AccountPageData = {
    step: 'signed-in',
    phone: msisdn ? localPhone(msisdn) : '',
    orders: orders?.ok
      ? orders.data.orders.map((o) => ({
          id: o.id,
          number: o.number,
          date: formatters(locale).formatDate(o.createdAt),
          status: o.status,
          statusLabel: translator(orderMessages, locale)(`status_${o.status}`),
          items: itemsSummary(o.items, locale),
          totalKes: o.totalKes,
          timeline: timelineSteps(o.timeline, locale),
          review: o.status === 'delivered' ? (toReview.has(o.id) || !reviewLines?.ok ? 'todo' : 'done') : null,
          tracking: trackingOf.get(o.id) ?? null,
          lines: o.items.map((i) => ({ sku: i.sku, title: i.title, quantity: i.quantity })),
        }))
      : null,
    places: placeList,
    maxPlaces,
    areas,
    flash,
  };
  return { data, setCookies };
};
