import Head from 'next/head';
import type { AccountFlash } from '@/lib/cookies';
import { useMessages, useFormat } from '@/lib/i18n';
import { accountMessages } from '@/lib/i18n/messages/account';
import { MAX_LANDMARK, MAX_PLACE_LABEL, MAX_SAVED_PLACES, savedPlaceText } from '@/lib/shopper-session';
import { storeHomeHref } from '@/lib/store-context';
import { personalStorePage, type StorePageProps } from '@/lib/store-page';
import { loadAccountPage, type AccountPageData } from '@/lib/storefront/account-page';
import { Notices } from '@/components/Notices';
import { FieldError } from '@/components/FieldError';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { OrderTracking } from '@/components/OrderTracking';
import { MyOrderReturn } from '@/components/MyOrderReturn';
import accountCss from '@/styles/account.css' with { type: 'text' };
import checkoutCss from '@/styles/checkout.css' with { type: 'text' };

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

type Data = AccountPageData;

/**
 * The shopper's own page at a store, by phone number (no password, no email): sign in with a
 * code sent by SMS, then "My orders" (status, items, total, timeline; Buy again) and saved
 * places (offered at checkout). Drawn on the server from the HttpOnly cookies (session token,
 * pending phone, flash: lib/storefront/account-page.ts), every action a plain form post to
 * app/s/[store]/account/** that comes back here (303). The flow is described in lib/shopper-session.ts.
 */
export const getServerSideProps = personalStorePage(loadAccountPage);

export default function AccountPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} />;
  const { view, data } = props;
  const { store, base } = view;
  const { flash } = data;
  const t = useMessages(accountMessages);
  const notice = flash?.field === 'notice' ? [flash.message] : [];
  const errorFor = (field: AccountFlash['field']) => (flash?.field === field ? flash.message : undefined);

  return (
    <StoreLayout store={store} base={base}>
      <Head>
        <title key="title">{t('title', { store: store.name })}</title>
        <meta key="robots" name="robots" content="noindex" />
        <meta key="referrer" name="referrer" content="same-origin" />
        <style dangerouslySetInnerHTML={{ __html: checkoutCss + accountCss }} />
      </Head>
      <main className="wrap account" data-account={data.step}>
        {data.step === 'phone' ? (
          <>
            <h1>{t('seeOrders')}</h1>
            <Notices messages={notice} />
            <p>{t('phoneIntro')}</p>
            <form className="acct-form" method="post" action={`${base}/account/otp`} data-phone-form="" noValidate>
              <div className="field">
                <label htmlFor="acct-phone">{t('phoneLabel')}</label>
                <input
                  id="acct-phone"
                  name="phone"
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  required
                  maxLength={32}
                  defaultValue={flash?.field === 'phone' ? (flash.values.phone ?? '') : ''}
                  placeholder="0712 345 678"
                  aria-invalid={errorFor('phone') ? true : undefined}
                  aria-describedby="acct-phone-hint acct-phone-error"
                />
                <p className="field__hint" id="acct-phone-hint">
                  {t('phoneHint')}
                </p>
                <FieldError id="acct-phone-error" name="phone" message={errorFor('phone')} />
              </div>
              <button type="submit" className="button button--buy">
                {t('sendCode')}
              </button>
            </form>
          </>
        ) : null}

        {data.step === 'code' ? (
          <>
            <h1>{t('enterCode')}</h1>
            <Notices messages={notice} />
            <p>
              {t('sentTo')}{' '}
              <strong className="nowrap" data-code-phone="">
                {data.phone}
              </strong>
              {t('validFor')}
            </p>
            <form className="acct-form" method="post" action={`${base}/account/session`} data-code-form="" noValidate>
              <div className="field">
                <label htmlFor="acct-code">{t('codeLabel')}</label>
                <input
                  id="acct-code"
                  name="code"
                  type="text"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]*"
                  maxLength={7}
                  required
                  className="acct-code"
                  aria-invalid={errorFor('code') ? true : undefined}
                  aria-describedby="acct-code-error"
                />
                <FieldError id="acct-code-error" name="code" message={errorFor('code')} />
              </div>
              <button type="submit" className="button button--buy">
                {t('signIn')}
              </button>
            </form>
            <form className="acct-again" method="post" action={`${base}/account/otp`}>
              <button type="submit" name="intent" value="resend" className="link-button link-button--plain">
                {t('newCode')}
              </button>
              <button type="submit" name="intent" value="change" className="link-button link-button--plain">
                {t('otherNumber')}
              </button>
            </form>
          </>
        ) : null}

        {data.step === 'signed-in' ? <SignedIn base={base} data={data} /> : null}

        <p className="cart__more">
          <a href={storeHomeHref(base)}>{t('continueShopping')}</a>
        </p>
      </main>
    </StoreLayout>
  );
}

function SignedIn({ base, data }: { base: string; data: Extract<Data, { step: 'signed-in' }> }) {
  const { flash } = data;
  const t = useMessages(accountMessages);
  const { formatKes } = useFormat();
  const notice = flash?.field === 'notice' ? [flash.message] : [];
  const placeError = flash?.field === 'place' ? flash.message : '';
  const typed = flash?.field === 'place' ? flash.values : {};
  const places = data.places ?? [];
  return (
    <>
      <h1>{t('myOrders')}</h1>
      <Notices messages={notice} />
      <div className="acct-who">
        <p>
          {t('signedInAs')}{' '}
          <strong className="nowrap" data-signed-in="">
            {data.phone}
          </strong>
        </p>
        <div className="acct-sign-out">
          <form method="post" action={`${base}/account/sign-out`}>
            <button type="submit" className="link-button link-button--plain" data-sign-out="">
              {t('signOut')}
            </button>
          </form>
          <form method="post" action={`${base}/account/sign-out-everywhere`}>
            <button
              type="submit"
              className="link-button link-button--plain"
              data-sign-out-everywhere=""
              aria-describedby="acct-sign-out-hint"
            >
              {t('signOutAll')}
            </button>
          </form>
        </div>
        <p className="muted acct-sign-out__hint" id="acct-sign-out-hint">
          {t('signOutHint')}
        </p>
      </div>

      <section className="acct-orders" aria-label={t('yourOrders')}>
        {flash?.field === 'orders' ? <Notices messages={[flash.message]} tone="error" /> : null}
        {data.orders === null ? (
          <Notices messages={[t('ordersUnavailable')]} tone="error" />
        ) : data.orders.length === 0 ? (
          <p className="muted" data-no-orders="">
            {t('noOrders')}
          </p>
        ) : (
          <ul className="acct-list">
            {data.orders.map((o) => (
              <li key={o.id} className="acct-order" data-order={o.number} data-order-id={o.id}>
                <div className="acct-order__head">
                  <a className="acct-order__number" href={`${base}/orders/${o.id}`}>
                    {t('orderN', { number: o.number })}
                  </a>
                  <span className="muted">{o.date}</span>
                </div>
                <p className="acct-order__status">
                  <span className={`order-status order-status--${o.status}`} data-status={o.status}>
                    {o.statusLabel}
                  </span>
                  <strong className="acct-order__total" data-total={o.totalKes}>
                    {formatKes(o.totalKes)}
                  </strong>
                </p>
                <p className="acct-order__items" data-items="">
                  {o.items}
                </p>
                {o.tracking ? (
                  <>
                    <OrderTracking tracking={o.tracking} compact />
                    <MyOrderReturn base={base} order={o} tracking={o.tracking} />
                  </>
                ) : o.timeline.length > 0 ? (
                  <ol className="acct-timeline" aria-label={t('historyOf', { number: o.number })}>
                    {o.timeline.map((s, i) => (
                      <li key={i}>
                        {s.label} <span className="muted">· {s.at}</span>
                      </li>
                    ))}
                  </ol>
                ) : null}
                <div className="acct-order__actions">
                  <form method="post" action={`${base}/account/reorder`}>
                    <input type="hidden" name="order" value={o.id} />
                    <button type="submit" className="button button--ghost button--small" data-buy-again="">
                      {t('buyAgain')}
                    </button>
                  </form>
                  <a href={`${base}/orders/${o.id}`}>{t('seeOrder')}</a>
                  {o.review ? (
                    <a href={`${base}/reviews/${o.id}`} data-rate-order={o.review}>
                      {o.review === 'todo' ? t('rateReview') : t('yourReviews')}
                    </a>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="co__section acct-places" id="places" aria-labelledby="places-title">
        <h2 id="places-title">{t('savedPlaces')}</h2>
        <p className="muted">{t('placesIntro')}</p>
        {flash?.field === 'placeNotice' ? <Notices messages={[flash.message]} /> : null}
        {data.places === null ? <Notices messages={[t('placesUnavailable')]} tone="error" /> : null}
        {places.length > 0 ? (
          <ul className="acct-list">
            {places.map((p) => (
              <li key={`${p.areaSlug}|${p.landmark}|${p.label}`} className="acct-place" data-place={p.areaSlug}>
                <span>{savedPlaceText(p)}</span>
                <form method="post" action={`${base}/account/places`}>
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="place" value={`${p.areaSlug}|${p.landmark}|${p.label}`} />
                  <button type="submit" className="link-button" aria-label={t('removeX', { place: savedPlaceText(p) })}>
                    {t('remove')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : data.places ? (
          <p data-no-places="">{t('noPlaces')}</p>
        ) : null}

        {data.places !== null && places.length < data.maxPlaces ? (
          <form className="acct-form" method="post" action={`${base}/account/places`} data-place-form="" noValidate>
            <input type="hidden" name="intent" value="add" />
            <h3>{t('addPlace')}</h3>
            <OptionalTextField
              name="label"
              label={t('placeName')}
              maxLength={MAX_PLACE_LABEL}
              placeholder={t('placeNameHint')}
              value={typed.label}
            />
            <div className="field">
              <label htmlFor="place-area">{t('area')}</label>
              <select
                id="place-area"
                name="area"
                required
                defaultValue={typed.area ?? ''}
                aria-invalid={placeError ? true : undefined}
                aria-describedby="place-error"
              >
                <option value="">{t('chooseArea')}</option>
                {data.areas.map((a) => (
                  <option key={a.slug} value={a.slug}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
            <OptionalTextField
              name="landmark"
              label={t('landmark')}
              maxLength={MAX_LANDMARK}
              placeholder={t('landmarkHint')}
              value={typed.landmark}
            />
            <FieldError id="place-error" name="place" message={placeError} />
            <button type="submit" className="button button--ghost" data-add-place="">
              {t('savePlace')}
            </button>
          </form>
        ) : data.places !== null ? (
          <p className="muted">{t('placesMax', { max: MAX_SAVED_PLACES })}</p>
        ) : null}
      </section>
    </>
  );
}

/** An optional text field of the "Add a place" form (id `place-<name>`). */
function OptionalTextField(props: {
  name: string;
  label: string;
  maxLength: number;
  placeholder: string;
  value: string | undefined;
}) {
  const t = useMessages(accountMessages);
  const id = `place-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label} <span className="muted">{t('optional')}</span>
      </label>
      <input
        id={id}
        name={props.name}
        type="text"
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        defaultValue={props.value ?? ''}
      />
    </div>
  );
}
