import type { GetServerSideProps } from 'next';
import Head from 'next/head';
import { localPhone, normaliseKenyanPhone, type PickupOption } from '@sokoni/contracts';
import { ApiError } from '@/lib/api';
import {
  areaOptionLabel,
  couponState,
  deliveryNote,
  emptyForm,
  etaText,
  newIdempotencyKey,
  orderProblemErrors,
  PHONE_ERROR,
  pickupLabel,
  placeLabel,
  readCheckoutForm,
  summaryRows,
  validArea,
  validateCheckout,
  type CheckoutForm,
  type CouponState,
  type FieldErrors,
  type SummaryRow,
} from '@/lib/checkout';
import { cartTokenFrom, emptyCountCookie, flashClearCookie, parseCookies, readFlash, shopperSessionFrom } from '@/lib/cookies';
import { formatKes } from '@/lib/format';
import { readFormBody, sameOrigin } from '@/lib/http';
import { getCheckoutPreview, getDeliveryAreas, getSavedPlaces, placeOrder, type CheckoutPreview, type SavedPlace } from '@/lib/shopper-api';
import { savedPlaceText, sessionPhone } from '@/lib/shopper-session';
import { storeHomeHref } from '@/lib/store-context';
import { loadStorePage, optional, SeeOther, type StorePageProps } from '@/lib/store-page';
import { checkoutIsland, type CheckoutIslandConfig } from '@/islands/checkout';
import { islandScript } from '@/islands/inline';
import { InlineScript } from '@/components/InlineScript';
import { savedPlacesIsland } from '@/islands/saved-places';
import { Notices, uniqueMessages } from '@/components/Notices';
import { FieldError } from '@/components/FieldError';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { Summary } from '@/components/Summary';
import { whatsappHref } from '@/components/TrustMarkers';
import checkoutCss from '@/styles/checkout.css' with { type: 'text' };

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

interface Item {
  sku: string;
  title: string;
  options: string;
  quantity: number;
  lineTotalKes: number;
}

type Data = {
  form: CheckoutForm;
  errors: FieldErrors;
  notices: string[];
  items: Item[];
  subtotalKes: number;
  rows: SummaryRow[];
  note: string | null;
  coupon: CouponState | null;
  place: string;
  areas: { slug: string; name: string; label: string }[];
  pickup: PickupOption | null;
  eta: string;
  /** A signed-in shopper's saved places (account page), offered as one-tap area + landmark. */
  savedPlaces: SavedPlace[];
};

function log(msg: string, fields: Record<string, unknown>): void {
  console.warn(JSON.stringify({ level: 'warn', msg, ...fields }));
}

/**
 * One-page checkout. GET draws the form with a fresh Idempotency-Key (hidden input: every
 * submission of this render, double taps included, carries the same key, so the API answers
 * them all with one order). POST is the same form coming back (getServerSideProps answers it):
 *  - intent=preview ("Apply" / "Update total" without JavaScript): the page again, with the
 *    totals for the chosen area, method and coupon;
 *  - intent=place: checked here first (phone with normaliseKenyanPhone, name, area), then
 *    POST /v1/stores/:store/orders with the key and the cart token from the HttpOnly cookie ->
 *    303 to the order page, or the page again with the API's reason next to its field.
 * The totals are always the API's (GET /checkout/preview); the island re-fetches them live.
 */
export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(
    ctx,
    async ({ slug, base, forwarded }) => {
      const cookies = parseCookies(ctx.req.headers.cookie);
      const token = cartTokenFrom(cookies, slug);
      const flash = readFlash(cookies, slug);
      const setCookies = flash.length > 0 ? [flashClearCookie(slug)] : [];
      const writeCookies = () => {
        if (setCookies.length > 0) ctx.res.setHeader('Set-Cookie', setCookies);
      };

      let form = emptyForm(newIdempotencyKey());
      let errors: FieldErrors = {};
      const notices = [...flash];
      let intent: 'place' | 'preview' | null = null;
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
      let savedPlace: string | null = null;
      if (ctx.req.method === 'POST') {
        const fields = sameOrigin(ctx.req.headers) ? await readFormBody(ctx.req) : null;
        if (fields) ({ form, intent } = readCheckoutForm(fields));
        else errors.form = 'We could not read that form. Please fill it in again.';
        savedPlace = fields?.get('saved_place') ?? null;
      }
      if (savedPlace !== null) {
        // A saved place tapped without JavaScript: it fills area and landmark, nothing is placed.
        intent = 'preview';
        const chosen = savedPlaces?.[Number(savedPlace)];
        if (chosen && /^\d$/.test(savedPlace)) form = { ...form, area: chosen.areaSlug, landmark: chosen.landmark };
      } else if (ctx.req.method !== 'POST' && session && savedPlaces !== null) {
        const phone = sessionPhone(session);
        if (phone) form = { ...form, phone: localPhone(phone) };
      }

      if (intent === 'place') {
        errors = validateCheckout(form);
        if (Object.keys(errors).length === 0) {
          try {
            const answer = await placeOrder(
              slug,
              token,
              form.key,
              {
                phone: normaliseKenyanPhone(form.phone)!,
                name: form.name.trim(),
                areaSlug: form.area,
                deliveryMethod: form.method,
                landmark: form.landmark.trim() || undefined,
                notes: form.notes.trim() || undefined,
                channel: 'web',
                couponCode: form.coupon || undefined,
              },
              forwarded,
            );
            if (answer.ok) {
              setCookies.push(emptyCountCookie(slug));
              writeCookies();
              return new SeeOther(`${base}/orders/${answer.data.order.id}`);
            }
            const { problem } = answer;
            errors = orderProblemErrors(problem);
            if (problem.details.reason === 'cart_changed' && Array.isArray(problem.details.notices)) {
              for (const n of problem.details.notices as { message?: unknown }[]) if (typeof n.message === 'string') notices.push(n.message);
            }
            // The key went with different details: this render gets a new one.
            if (problem.details.reason === 'idempotency_key_reused') form = { ...form, key: newIdempotencyKey() };
          } catch (err) {
            // Unknown outcome: keep the key, so trying again cannot make a second order.
            log('checkout: placing the order failed', { store: slug, requestId: forwarded.requestId, err: (err as Error).message });
            errors = { form: 'We could not reach the shop to place your order, and nothing has been charged. Please try again.' };
          }
        }
      }

      const phone = normaliseKenyanPhone(form.phone) ?? undefined;
      const previewOf = (area: string | undefined) =>
        getCheckoutPreview(slug, token, { method: form.method, area, coupon: form.coupon || undefined, phone: form.coupon ? phone : undefined }, forwarded);
      let answer = await previewOf(validArea(form.area) ? form.area : undefined);
      if (!answer.ok && answer.problem.status === 404 && form.area) {
        errors.area ??= answer.problem.message;
        form = { ...form, area: '' };
        answer = await previewOf(undefined);
      }
      if (!answer.ok) throw new ApiError(`checkout preview of ${slug}: ${answer.problem.status} ${answer.problem.message}`, answer.problem.status, `/v1/stores/${slug}/checkout/preview`);
      let preview: CheckoutPreview = answer.data;
      notices.push(...preview.cart.notices.map((n) => n.message));

      // Every area for the no-JavaScript <select>, with fees for this subtotal (free delivery).
      const empty = preview.cart.lines.length === 0;
      const areas = empty ? null : await getDeliveryAreas(slug, undefined, preview.subtotalKes, forwarded);
      if (areas && !areas.ok) throw new ApiError(`delivery areas of ${slug}: ${areas.problem.status}`, areas.problem.status, `/v1/stores/${slug}/delivery/areas`);
      const pickup = areas?.ok ? areas.data.pickup : null;
      if (form.method === 'pickup' && !pickup && !empty) {
        form = { ...form, method: 'delivery' };
        const again = await previewOf(validArea(form.area) ? form.area : undefined);
        if (again.ok) preview = again.data;
      }
      writeCookies();
      return {
        form,
        errors,
        notices: uniqueMessages(notices),
        items: preview.cart.lines.map((l) => ({ sku: l.sku, title: l.title, options: Object.values(l.options).join(' / '), quantity: l.quantity, lineTotalKes: l.lineTotalKes })),
        subtotalKes: preview.subtotalKes,
        rows: summaryRows(preview, form.method),
        note: deliveryNote(preview, form.method),
        coupon: couponState(preview),
        place: placeLabel(preview.totalKes),
        areas: areas?.ok ? areas.data.areas.map((a) => ({ slug: a.slug, name: a.name, label: areaOptionLabel(a, pickup) })) : [],
        pickup,
        eta: etaText(preview, form.method),
        savedPlaces: savedPlaces ?? [],
      };
    },
    { personal: true },
  );

export default function CheckoutPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} />;
  const { view, data } = props;
  const { store, base } = view;
  const { form, errors } = data;
  const selectedArea = data.areas.find((a) => a.slug === form.area);
  const island: CheckoutIslandConfig = {
    previewUrl: `${base}/checkout/preview`,
    areasUrl: `${base}/checkout/areas`,
    subtotal: data.subtotalKes,
    text: {
      phone: PHONE_ERROR,
      phoneEmpty: 'Enter the M-Pesa phone number to pay with',
      name: 'Enter your name, so the rider knows who to ask for',
      area: 'Choose your area from the list',
      offline: 'We could not update the total. Check your connection.',
      placing: 'Placing your order…',
      noMatch: 'No area by that name. Try another spelling or a nearby area.',
    },
  };
  const wa = store.whatsappNumber ? whatsappHref(store.whatsappNumber, `Hi ${store.name}, I need help with my order`) : null;
  const describedBy = (...ids: string[]) => ids.join(' ');

  return (
    <StoreLayout store={store} base={base} events={[{ type: 'checkout_start' }]} area={selectedArea?.slug}>
      <Head>
        <title key="title">{`Checkout — ${store.name}`}</title>
        <meta key="robots" name="robots" content="noindex" />
        <style dangerouslySetInnerHTML={{ __html: checkoutCss }} />
      </Head>
      <main className="wrap checkout">
        <h1>Checkout</h1>
        <Notices messages={data.notices} />
        {errors.form ? <Notices messages={[errors.form]} tone="error" /> : null}
        {data.items.length === 0 ? (
          <div className="cart__empty">
            <p>Your cart is empty, so there is nothing to check out.</p>
            <p>
              <a className="button" href={storeHomeHref(base)}>
                Continue shopping
              </a>
            </p>
          </div>
        ) : (
          <form className="co" method="post" action={`${base}/checkout`} data-checkout="" noValidate>
            <input type="hidden" name="key" value={form.key} />
            {data.savedPlaces.length > 0 ? (
              // Enter in a field without JavaScript still means "Update total" (the form's first
              // submit button), not the first saved place below.
              <button type="submit" name="intent" value="preview" formNoValidate className="visually-hidden" tabIndex={-1} aria-hidden="true">
                Update total
              </button>
            ) : null}

            <section className="co__section" aria-labelledby="co-you">
              <h2 id="co-you">Your details</h2>
              <div className="field">
                <label htmlFor="co-phone">M-Pesa phone number</label>
                <input
                  id="co-phone"
                  name="phone"
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  required
                  defaultValue={form.phone}
                  placeholder="0712 345 678"
                  aria-invalid={errors.phone ? true : undefined}
                  aria-describedby={describedBy('co-phone-hint', 'co-phone-error')}
                />
                <p className="field__hint" id="co-phone-hint">
                  07…, 01… or +254. The M-Pesa payment request goes to this number.
                </p>
                <FieldError id="co-phone-error" name="phone" message={errors.phone} />
              </div>
              <div className="field">
                <label htmlFor="co-name">Your name</label>
                <input id="co-name" name="name" type="text" autoComplete="name" required maxLength={120} defaultValue={form.name} aria-invalid={errors.name ? true : undefined} aria-describedby="co-name-error" />
                <FieldError id="co-name-error" name="name" message={errors.name} />
              </div>
            </section>

            <section className="co__section" aria-labelledby="co-delivery">
              <h2 id="co-delivery">Delivery</h2>
              {data.savedPlaces.length > 0 ? (
                <div className="field saved-places" role="group" aria-labelledby="co-saved-title" data-saved-places="">
                  <p className="saved-places__title" id="co-saved-title">
                    Your saved places
                  </p>
                  <div className="saved-places__list">
                    {data.savedPlaces.map((p, i) => (
                      <button
                        key={`${p.areaSlug}|${p.landmark}|${p.label}`}
                        type="submit"
                        name="saved_place"
                        value={i}
                        formNoValidate
                        className="saved-place"
                        aria-pressed={form.area === p.areaSlug && form.landmark === p.landmark}
                        data-saved-place=""
                        data-area={p.areaSlug}
                        data-area-name={p.areaName}
                        data-landmark={p.landmark}
                      >
                        {savedPlaceText(p)}
                      </button>
                    ))}
                  </div>
                </div>
              ) : null}
              <div className="field">
                <div className="js-only combo">
                  <label htmlFor="co-area-q">Your area</label>
                  <input
                    id="co-area-q"
                    type="text"
                    role="combobox"
                    autoComplete="off"
                    aria-autocomplete="list"
                    aria-expanded="false"
                    aria-controls="co-area-list"
                    aria-describedby={describedBy('co-area-hint', 'co-area-error')}
                    aria-invalid={errors.area ? true : undefined}
                    placeholder="Start typing: Westlands, Kilimani, Rongai…"
                    defaultValue={selectedArea?.name ?? ''}
                    data-area-input=""
                  />
                  <ul id="co-area-list" className="combo__list" role="listbox" aria-label="Matching areas" hidden data-area-list="" />
                </div>
                <div className="no-js-only">
                  <label htmlFor="co-area">Your area</label>
                  <select id="co-area" name="area" required defaultValue={form.area} aria-describedby="co-area-error">
                    <option value="">Choose your area</option>
                    {data.areas.map((a) => (
                      <option key={a.slug} value={a.slug}>
                        {a.label}
                      </option>
                    ))}
                  </select>
                </div>
                <p className="field__hint" id="co-area-hint">
                  The delivery fee and when it arrives are shown for each area.
                </p>
                <FieldError id="co-area-error" name="area" message={errors.area} />
              </div>

              <fieldset className="field methods" aria-describedby="co-method-error">
                <legend>How do you want it?</legend>
                <label className="method">
                  <input type="radio" name="method" value="delivery" defaultChecked={form.method === 'delivery'} />
                  <span>Delivery to your door</span>
                </label>
                {data.pickup ? (
                  <label className="method">
                    <input type="radio" name="method" value="pickup" defaultChecked={form.method === 'pickup'} />
                    <span>{pickupLabel(data.pickup)}</span>
                  </label>
                ) : null}
                <FieldError id="co-method-error" name="method" message={errors.method} />
              </fieldset>

              <div className="field">
                <label htmlFor="co-landmark">
                  Landmark <span className="muted">(optional)</span>
                </label>
                <input id="co-landmark" name="landmark" type="text" maxLength={200} defaultValue={form.landmark} placeholder="Building, gate colour, nearest stage" aria-describedby="co-landmark-error" />
                <FieldError id="co-landmark-error" name="landmark" message={errors.landmark} />
              </div>
              <div className="field">
                <label htmlFor="co-notes">
                  Notes for the shop <span className="muted">(optional)</span>
                </label>
                <textarea id="co-notes" name="notes" rows={2} maxLength={500} defaultValue={form.notes} aria-describedby="co-notes-error" />
                <FieldError id="co-notes-error" name="notes" message={errors.notes} />
              </div>
            </section>

            <section className="co__section" aria-labelledby="co-coupon-title">
              <h2 id="co-coupon-title">Coupon</h2>
              <div className="field">
                <label htmlFor="co-coupon" className="visually-hidden">
                  Coupon code
                </label>
                <div className="coupon">
                  <input id="co-coupon" name="coupon" type="text" autoCapitalize="characters" autoComplete="off" maxLength={32} defaultValue={form.coupon} placeholder="Coupon code" aria-describedby="co-coupon-msg co-coupon-error" />
                  <button type="submit" name="intent" value="preview" formNoValidate className="button button--ghost" data-apply="">
                    Apply
                  </button>
                </div>
                <p id="co-coupon-msg" className={`coupon-msg${data.coupon ? (data.coupon.applied ? ' coupon-msg--ok' : ' coupon-msg--bad') : ''}`} data-coupon-msg="" aria-live="polite">
                  {data.coupon?.text ?? ''}
                </p>
                <FieldError id="co-coupon-error" name="coupon" message={errors.coupon} />
              </div>
            </section>

            <section className="co__section" aria-labelledby="co-summary">
              <h2 id="co-summary">Your order</h2>
              <ul className="co__items">
                {data.items.map((item) => (
                  <li key={item.sku}>
                    <span>
                      {item.quantity} × {item.title}
                      {item.options ? <span className="muted"> · {item.options}</span> : null}
                    </span>
                    <span>{formatKes(item.lineTotalKes)}</span>
                  </li>
                ))}
              </ul>
              <p className="co__edit">
                <a href={`${base}/cart`}>Change items</a>
              </p>
              <Summary rows={data.rows} island />
              <p className="co__note" data-delivery-note="">
                {data.note ?? ''}
              </p>
              <p className="co__status" data-preview-status="" role="status" />
              <button type="submit" name="intent" value="preview" formNoValidate className="button button--ghost no-js-only">
                Update total
              </button>
            </section>

            <ul className="co__trust" aria-label="Buying from this shop">
              {store.mpesa ? (
                <li>
                  <strong>Lipa na M-Pesa</strong> {store.mpesa.kind === 'till' ? 'Till' : 'Paybill'} <strong>{store.mpesa.shortcode}</strong> · {store.name}
                </li>
              ) : null}
              <li>
                <span className="badge">
                  <svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" focusable="false">
                    <path fill="currentColor" d="M6 0a4 4 0 0 0-4 4v2H1a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V7a1 1 0 0 0-1-1h-1V4a4 4 0 0 0-4-4Zm-2.5 4a2.5 2.5 0 0 1 5 0v2h-5V4Z" />
                  </svg>
                  Secure M-Pesa payment
                </span>{' '}
                you approve on your own phone with your PIN; the shop never sees it.
              </li>
              <li>
                <strong>Delivery</strong> <span data-eta="">{data.eta}</span>
              </li>
              <li>
                <strong>Returns</strong> {store.returnPolicy}
              </li>
              {wa ? (
                <li>
                  <strong>Questions?</strong>{' '}
                  <a href={wa} rel="nofollow noopener">
                    WhatsApp {store.name}
                  </a>
                </li>
              ) : null}
            </ul>

            <button type="submit" name="intent" value="place" className="button button--buy co__place" data-place="">
              {data.place}
            </button>
            <p className="co__after">You pay with M-Pesa on the next page. We keep your items for 15 minutes.</p>
          </form>
        )}
        {data.items.length > 0 && store.whatsappNumber ? (
          <form className="share-form share-form--checkout" method="post" action={`${base}/cart/share`} data-share-cart="">
            <input type="hidden" name="from" value="checkout" />
            <button type="submit" className="button button--whatsapp">
              Finish on WhatsApp instead
            </button>
            <p className="share-form__hint muted">Opens a chat with {store.name} with your items and a link to this cart.</p>
          </form>
        ) : null}
      </main>
      {data.items.length > 0 ? <InlineScript code={islandScript(checkoutIsland, island, normaliseKenyanPhone)} /> : null}
      {data.items.length > 0 && data.savedPlaces.length > 0 ? <InlineScript code={islandScript(savedPlacesIsland, null)} /> : null}
    </StoreLayout>
  );
}

