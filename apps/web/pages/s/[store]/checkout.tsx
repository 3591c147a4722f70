import Head from 'next/head';
import { normaliseKenyanPhone } from '@sokoni/contracts';
import { ONE_TAP_FROM, ONE_TAP_TO, oneTapLabel, PHONE_ERROR, pickupLabel } from '@/lib/checkout';
import { formatKes } from '@/lib/format';
import { storeHomeHref } from '@/lib/store-context';
import { personalStorePage, type StorePageProps } from '@/lib/store-page';
import { loadCheckoutPage, type CheckoutPageData } from '@/lib/storefront/checkout-page';
import { checkoutIsland, type CheckoutIslandConfig } from '@/islands/checkout';
import { islandScript } from '@/islands/inline';
import { paymentIsland } from '@/islands/payment';
import { PAYMENT_ISLAND_TEXT } from '@/lib/payment';
import { useMessages } from '@/lib/i18n';
import { polishMessages } from '@/lib/i18n/messages/polish';
import { InlineScript } from '@/components/InlineScript';
import { savedPlacesIsland } from '@/islands/saved-places';
import { Notices } from '@/components/Notices';
import { FieldError } from '@/components/FieldError';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { Summary } from '@/components/Summary';
import { CheckoutTrust } from '@/components/CheckoutTrust';
import { SavedPlaceChoices } from '@/components/SavedPlaceChoices';
import { PayOnDeliveryChoice } from '@/components/PayOnDeliveryChoice';
import checkoutCss from '@/styles/checkout.css' with { type: 'text' };

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

type Data = CheckoutPageData;

/**
 * One-page checkout. The form posts to app/s/[store]/checkout/place (intent=place places the
 * order, intent=preview and a saved place only redraw this page with the totals for them); it
 * comes back here with 303, with what was typed and the reasons kept. A fresh page carries a new
 * Idempotency-Key (hidden input: every submission of this render, double taps included, carries
 * the same key, so the API answers them all with one order). Data: lib/storefront/checkout-page.ts.
 */
export const getServerSideProps = personalStorePage(loadCheckoutPage);

export default function CheckoutPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} />;
  const { view, data } = props;
  const { store, base } = view;
  const { form, errors } = data;
  const t = useMessages(polishMessages);
  const selectedArea = data.areas.find((a) => a.slug === form.area);
  const island: CheckoutIslandConfig = {
    previewUrl: `${base}/checkout/preview`,
    areasUrl: `${base}/checkout/areas`,
    subtotal: data.subtotalKes,
    oneTap: store.mpesa ? [ONE_TAP_FROM, ONE_TAP_TO] : null,
    // One-tap pay turns this page into the live payment block (islands/payment.ts, in-page).
    pay: store.mpesa ? { text: PAYMENT_ISLAND_TEXT, link: t('seeOrder') } : null,
    text: {
      phone: PHONE_ERROR,
      phoneEmpty: 'Enter the M-Pesa phone number to pay with',
      name: 'Enter your name, so the rider knows who to ask for',
      area: 'Choose your area from the list',
      offline: 'We could not update the total. Check your connection.',
      placing: store.mpesa ? 'Placing your order and sending the M-Pesa prompt…' : 'Placing your order…',
      noMatch: 'No area by that name. Try another spelling or a nearby area.',
    },
  };
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
          <form className="co" method="post" action={`${base}/checkout/place`} data-checkout="" noValidate>
            <input type="hidden" name="key" value={form.key} />
            {data.savedPlaces.length > 0 ? (
              // Enter in a field without JavaScript still means "Update total" (the form's first
              // submit button), not the first saved place below.
              <button
                type="submit"
                name="intent"
                value="preview"
                formNoValidate
                className="visually-hidden"
                tabIndex={-1}
                aria-hidden="true"
              >
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
                <input
                  id="co-name"
                  name="name"
                  type="text"
                  autoComplete="name"
                  required
                  maxLength={120}
                  defaultValue={form.name}
                  aria-invalid={errors.name ? true : undefined}
                  aria-describedby="co-name-error"
                />
                <FieldError id="co-name-error" name="name" message={errors.name} />
              </div>
            </section>

            <section className="co__section" aria-labelledby="co-delivery">
              <h2 id="co-delivery">Delivery</h2>
              <SavedPlaceChoices places={data.savedPlaces} area={form.area} landmark={form.landmark} />
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
                  <ul
                    id="co-area-list"
                    className="combo__list"
                    role="listbox"
                    aria-label="Matching areas"
                    hidden
                    data-area-list=""
                  />
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
                <input
                  id="co-landmark"
                  name="landmark"
                  type="text"
                  maxLength={200}
                  defaultValue={form.landmark}
                  placeholder="Building, gate colour, nearest stage"
                  aria-describedby="co-landmark-error"
                />
                <FieldError id="co-landmark-error" name="landmark" message={errors.landmark} />
              </div>
              <div className="field">
                <label htmlFor="co-notes">
                  Notes for the shop <span className="muted">(optional)</span>
                </label>
                <textarea
                  id="co-notes"
                  name="notes"
                  rows={2}
                  maxLength={500}
                  defaultValue={form.notes}
                  aria-describedby="co-notes-error"
                />
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
                  <input
                    id="co-coupon"
                    name="coupon"
                    type="text"
                    autoCapitalize="characters"
                    autoComplete="off"
                    maxLength={32}
                    defaultValue={form.coupon}
                    placeholder="Coupon code"
                    aria-describedby="co-coupon-msg co-coupon-error"
                  />
                  <button
                    type="submit"
                    name="intent"
                    value="preview"
                    formNoValidate
                    className="button button--ghost"
                    data-apply=""
                  >
                    Apply
                  </button>
                </div>
                <p
                  id="co-coupon-msg"
                  className={`coupon-msg${data.coupon ? (data.coupon.applied ? ' coupon-msg--ok' : ' coupon-msg--bad') : ''}`}
                  data-coupon-msg=""
                  aria-live="polite"
                >
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
              <button
                type="submit"
                name="intent"
                value="preview"
                formNoValidate
                className="button button--ghost no-js-only"
              >
                Update total
              </button>
            </section>

            <CheckoutTrust store={store} eta={data.eta} />

            {/* One-tap pay: placing the order also sends the M-Pesa PIN prompt (route handler). */}
            {/* Pay on delivery (the store offers it): a radio instead of the hidden field. */}
            {data.payOnDelivery ? (
              <PayOnDeliveryChoice offer={data.payOnDelivery} mpesa={Boolean(store.mpesa)} />
            ) : store.mpesa ? (
              <input type="hidden" name="pay" value="mpesa" />
            ) : null}
            <button type="submit" name="intent" value="place" className="button button--buy co__place" data-place="">
              {store.mpesa ? oneTapLabel(data.place) : data.place}
            </button>
            <p className="co__after" data-place-after="">
              {store.mpesa
                ? 'One tap: we place your order and send the M-Pesa prompt to the number above. Enter your PIN on your phone. We keep your items for 15 minutes.'
                : 'You pay with M-Pesa on the next page. We keep your items for 15 minutes.'}
            </p>
          </form>
        )}
        {data.items.length > 0 && store.whatsappNumber ? (
          <form
            className="share-form share-form--checkout"
            method="post"
            action={`${base}/cart/share`}
            data-share-cart=""
          >
            <input type="hidden" name="from" value="checkout" />
            <button type="submit" className="button button--whatsapp">
              Finish on WhatsApp instead
            </button>
            <p className="share-form__hint muted">
              Opens a chat with {store.name} with your items and a link to this cart.
            </p>
          </form>
        ) : null}
      </main>
      {data.items.length > 0 ? (
        <InlineScript
          code={
            store.mpesa
              ? islandScript(checkoutIsland, island, normaliseKenyanPhone, paymentIsland)
              : islandScript(checkoutIsland, island, normaliseKenyanPhone)
          }
        />
      ) : null}
      {data.items.length > 0 && data.savedPlaces.length > 0 ? (
        <InlineScript code={islandScript(savedPlacesIsland, null)} />
      ) : null}
    </StoreLayout>
  );
}
