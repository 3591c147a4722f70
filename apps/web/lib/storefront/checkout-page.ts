/**
 * What the checkout page (pages/s/[store]/checkout.tsx) draws, loaded on the server: the form
 * (fresh, with a new Idempotency-Key, or as it came back from its post: checkout-flash.ts), the
 * reasons next to fields, the API's totals for the chosen area, method and coupon (GET
 * /checkout/preview; the island re-fetches them live), every delivery area for the no-JavaScript
 * <select>, and a signed-in shopper's saved places and phone.
 */
import { normaliseKenyanPhone, type PickupOption } from '@sokoni/contracts';
import { ApiError } from '@/lib/api';
import {
  areaOptionLabel,
  couponState,
  deliveryNote,
  emptyForm,
  etaText,
  newIdempotencyKey,
  placeLabel,
  summaryRows,
  validArea,
  type CheckoutForm,
  type CouponState,
  type FieldErrors,
  type SummaryRow,
} from '@/lib/checkout';
import { cartTokenFrom, flashClearCookie, readFlash, shopperSessionFrom } from '@/lib/cookies';
import { localPhone } from '@sokoni/contracts';
import {
  getCheckoutPreview,
  getDeliveryAreas,
  getSavedPlaces,
  type CheckoutPreview,
  type SavedPlace,
} from '@/lib/shopper-api';
import { sessionPhone } from '@/lib/shopper-session';
import { optional, type PersonalLoader } from '@/lib/store-page';
import { uniqueMessages } from '@/components/Notices';
import { checkoutFlashClearCookie, readCheckoutFlash } from './checkout-flash';

export interface CheckoutItem {
  sku: string;
  title: string;
  options: string;
  quantity: number;
  lineTotalKes: number;
}

export interface CheckoutPageData {
  form: CheckoutForm;
  errors: FieldErrors;
  notices: string[];
  items: CheckoutItem[];
  subtotalKes: number;
  rows: SummaryRow[];
  note: string | null;
  coupon: CouponState | null;
  place: string;
  areas: { slug: string; name: string; label: string }[];
  pickup: PickupOption | null;
  eta: string;
  /** Pay on delivery, when the store offers it (the preview's answer for this cart, area and phone). */
  payOnDelivery: { offered: boolean; reason: string | null; code: string | null } | null;
  /** A signed-in shopper's saved places (account page), offered as one-tap area + landmark. */
  savedPlaces: SavedPlace[];
}

/** The page's data, and the Set-Cookie headers that spend the one-time cookies it read. */
export const loadCheckoutPage: PersonalLoader<CheckoutPageData> = async (
  { slug, base, forwarded },
  cookies,
  locale,
) => {
  const token = cartTokenFrom(cookies, slug);
  const flash = readFlash(cookies, slug);
  const posted = readCheckoutFlash(cookies, slug);
  const setCookies = [
    ...(flash.length > 0 ? [flashClearCookie(slug)] : []),
    ...(posted ? [checkoutFlashClearCookie(slug, base)] : []),
  ];

  let form = posted?.form ?? emptyForm(newIdempotencyKey());
  const errors: FieldErrors = { ...posted?.errors };
  const notices = [...flash];
  // Signed in with the phone (account page): the saved places, and the phone prefilled.
  const session = shopperSessionFrom(cookies, slug);
  const savedPlaces = session
    ? await optional(
        'saved places at checkout',
        async () => {
          const answer = await getSavedPlaces(slug, session, forwarded);
          return answer.ok ? answer.data.addresses : null;
        },
        null,
      )
    : null;
  const savedPlace = posted?.savedPlace ?? null;
  if (savedPlace !== null) {
    // A saved place tapped without JavaScript: it fills area and landmark.
    const chosen = savedPlaces?.[Number(savedPlace)];
    if (chosen && /^\d$/.test(savedPlace)) form = { ...form, area: chosen.areaSlug, landmark: chosen.landmark };
  } else if (!posted && session && savedPlaces !== null) {
    const phone = sessionPhone(session);
    if (phone) form = { ...form, phone: localPhone(phone) };
  }

  const phone = normaliseKenyanPhone(form.phone) ?? undefined;
  const previewOf = (area: string | undefined) =>
    getCheckoutPreview(
      slug,
      token,
      { method: form.method, area, coupon: form.coupon || undefined, phone: form.coupon ? phone : undefined },
      forwarded,
    );
  let answer = await previewOf(validArea(form.area) ? form.area : undefined);
  if (!answer.ok && answer.problem.status === 404 && form.area) {
    errors.area ??= answer.problem.message;
    form = { ...form, area: '' };
    answer = await previewOf(undefined);
  }
  if (!answer.ok)
    throw new ApiError(
      `checkout preview of ${slug}: ${answer.problem.status} ${answer.problem.message}`,
      answer.problem.status,
      `/v1/stores/${slug}/checkout/preview`,
    );
  let preview: CheckoutPreview = answer.data;
  notices.push(...preview.cart.notices.map((n) => n.message));

  // Every area for the no-JavaScript <select>, with fees for this subtotal (free delivery).
  const empty = preview.cart.lines.length === 0;
  const areas = empty ? null : await getDeliveryAreas(slug, undefined, preview.subtotalKes, forwarded);
  if (areas && !areas.ok)
    throw new ApiError(
      `delivery areas of ${slug}: ${areas.problem.status}`,
      areas.problem.status,
      `/v1/stores/${slug}/delivery/areas`,
    );
  const pickup = areas?.ok ? areas.data.pickup : null;
  if (form.method === 'pickup' && !pickup && !empty) {
    form = { ...form, method: 'delivery' };
    const again = await previewOf(validArea(form.area) ? form.area : undefined);
    if (again.ok) preview = again.data;
  }
  const data: CheckoutPageData = {
    form,
    errors,
    notices: uniqueMessages(notices),
    items: preview.cart.lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      options: Object.values(l.options).join(' / '),
      quantity: l.quantity,
      lineTotalKes: l.lineTotalKes,
    })),
    subtotalKes: preview.subtotalKes,
    rows: summaryRows(preview, form.method, locale),
    note: deliveryNote(preview, form.method, locale),
    coupon: couponState(preview, locale),
    place: placeLabel(preview.totalKes, locale),
    areas: areas?.ok
      ? areas.data.areas.map((a) => ({ slug: a.slug, name: a.name, label: areaOptionLabel(a, pickup, locale) }))
      : [],
    pickup,
    eta: etaText(preview, form.method, locale),
    payOnDelivery: preview.payOnDelivery ?? null,
    savedPlaces: savedPlaces ?? [],
  };
  return { data, setCookies };
};
