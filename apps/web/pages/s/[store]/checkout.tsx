import Head from 'next/head';
import { normaliseKenyanPhone } from '@sokoni/contracts';
import { oneTapLabel, oneTapWords, phoneError, pickupLabel } from '@/lib/checkout';
import { useLocale, useMessages, useFormat } from '@/lib/i18n';
import { checkoutMessages } from '@/lib/i18n/messages/checkout';
import { storeHomeHref } from '@/lib/store-context';
import { personalStorePage, type StorePageProps } from '@/lib/store-page';
import { loadCheckoutPage, type CheckoutPageData } from '@/lib/storefront/checkout-page';
import { checkoutIsland, type CheckoutIslandConfig } from '@/islands/checkout';
import { islandScript } from '@/islands/inline';
import { paymentIsland } from '@/islands/payment';
import { paymentIslandText } from '@/lib/payment';
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
  const t = useMessages(checkoutMessages);
  const tp = useMessages(polishMessages);
  const locale = useLocale();
  const { formatKes } = useFormat();
  const selectedArea = data.areas.find((a) => a.slug === form.area);
  const island: CheckoutIslandConfig = {
    previewUrl: `${base}/checkout/preview`,
    areasUrl: `${base}/checkout/areas`,
    subtotal: data.subtotalKes,
    oneTap: store.mpesa ? oneTapWords(locale) : null,
    // One-tap pay turns this page into the live payment block (islands/payment.ts, in-page).
    pay: store.mpesa ? { text: paymentIslandText(locale), link: tp('seeOrder') } : null,
    text: {
      phone: phoneError(locale),
      phoneEmpty: t('phoneEmpty'),
      name: t('nameEmpty'),
      area: t('areaChoose'),
      offline: t('offline'),
      placing: store.mpesa ? t('placingPay') : t('placing'),
      noMatch: t('noMatch'),
    },
  };
  const describedBy = (...ids: string[]) => ids.join(' ');

  return (
    <StoreLayout store={store} base={base} events={[{ type: 'checkout_start' }]} area={selectedArea?.slug}>
      <Head>
        <title key="title">{t('title', { store: store.name })}</title>
        <meta key="robots" name="robots" content="noindex" />
        <style dangerouslySetInnerHTML={{ __html: checkoutCss }} />
      </Head>
      <main className="wrap checkout">
        <h1>{t('heading')}</h1>
        <Notices messages={data.notices} />
        {errors.form ? <Notices messages={[errors.form]} tone="error" /> : null}
        {data.items.length === 0 ? (
          <div className="cart__empty">
            <p>{t('emptyCart')}</p>
            <p>
              <a className="button" href={storeHomeHref(base)}>
                {t('continueShopping')}
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
                {t('updateTotal')}
              </button>
            ) : null}

            <section className="co__section" aria-labelledby="co-you">
              <h2 id="co-you">{t('yourDetails')}</h2>
              <div className="field">
                <label htmlFor="co-phone">{t('phoneLabel')}</label>
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
                  {t('phoneHint')}
                </p>
                <FieldError id="co-phone-error" name="phone" message={errors.phone} />
              </div>
              <div className="field">
                <label htmlFor="co-name">{t('nameLabel')}</label>
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
              <h2 id="co-delivery">{t('delivery')}</h2>
              <SavedPlaceChoices places={data.savedPlaces} area={form.area} landmark={form.landmark} />
              <div className="field">
                <div className="js-only combo">
                  <label htmlFor="co-area-q">{t('areaLabel')}</label>
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
                    placeholder={t('areaPlaceholder')}
                    defaultValue={selectedArea?.name ?? ''}
                    data-area-input=""
                  />
                  <ul
                    id="co-area-list"
                    className="combo__list"
                    role="listbox"
                    aria-label={t('matchingAreas')}
                    hidden
                    data-area-list=""
                  />
                </div>
                <div className="no-js-only">
                  <label htmlFor="co-area">{t('areaLabel')}</label>
                  <select id="co-area" name="area" required defaultValue={form.area} aria-describedby="co-area-error">
                    <option value="">{t('chooseArea')}</option>
                    {data.areas.map((a) => (
                      <option key={a.slug} value={a.slug}>
                        {a.label}
                      </option>
                    ))}
                  </select>
                </div>
                <p className="field__hint" id="co-area-hint">
                  {t('areaHint')}
                </p>
                <FieldError id="co-area-error" name="area" message={errors.area} />
              </div>

              <fieldset className="field methods" aria-describedby="co-method-error">
                <legend>{t('howWant')}</legend>
                <label className="method">
                  <input type="radio" name="method" value="delivery" defaultChecked={form.method === 'delivery'} />
                  <span>{t('toYourDoor')}</span>
                </label>
                {data.pickup ? (
                  <label className="method">
                    <input type="radio" name="method" value="pickup" defaultChecked={form.method === 'pickup'} />
                    <span>{pickupLabel(data.pickup, locale)}</span>
                  </label>
                ) : null}
                <FieldError id="co-method-error" name="method" message={errors.method} />
              </fieldset>

              <div className="field">
                <label htmlFor="co-landmark">
                  {t('landmark')} <span className="muted">{t('optional')}</span>
                </label>
                <input
                  id="co-landmark"
                  name="landmark"
                  type="text"
                  maxLength={200}
                  defaultValue={form.landmark}
                  placeholder={t('landmarkPlaceholder')}
                  aria-describedby="co-landmark-error"
                />
                <FieldError id="co-landmark-error" name="landmark" message={errors.landmark} />
              </div>
              <div className="field">
                <label htmlFor="co-notes">
                  {t('notes')} <span className="muted">{t('optional')}</span>
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
              <h2 id="co-coupon-title">{t('coupon')}</h2>
              <div className="field">
                <label htmlFor="co-coupon" className="visually-hidden">
                  {t('couponCode')}
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
                    placeholder={t('couponCode')}
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
                    {t('apply')}
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
              <h2 id="co-summary">{t('yourOrder')}</h2>
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
                <a href={`${base}/cart`}>{t('changeItems')}</a>
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
                {t('updateTotal')}
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
              {store.mpesa ? oneTapLabel(data.place, locale) : data.place}
            </button>
            <p className="co__after" data-place-after="">
              {store.mpesa ? t('oneTapAfter') : t('payNextPage')}
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
              {t('finishWhatsapp')}
            </button>
            <p className="share-form__hint muted">{t('finishWhatsappHint', { store: store.name })}</p>
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
