import type { GetServerSideProps } from 'next';
import Head from 'next/head';
import { MAX_LINE_QUANTITY, type Cart } from '@sokoni/contracts';
import { ApiError } from '@/lib/api';
import { cartCookies, cartTokenFrom, flashClearCookie, parseCookies, readFlash } from '@/lib/cookies';
import { useMessages, useFormat } from '@/lib/i18n';
import { cartMessages } from '@/lib/i18n/messages/cart';
import { cartNoticeText } from '@/lib/i18n/cart-notice';
import { getCart } from '@/lib/shopper-api';
import { storeHomeHref } from '@/lib/store-context';
import { RESTORED_PARAM, shareText } from '@/lib/share';
import { loadStorePage, searchParamsOf, type StorePageProps } from '@/lib/store-page';
import { islandScript } from '@/islands/inline';
import { InlineScript } from '@/components/InlineScript';
import { cartIsland } from '@/islands/cart';
import { Notices, uniqueMessages } from '@/components/Notices';
import { ProductImage } from '@/components/ProductImage';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { TrustMarkers } from '@/components/TrustMarkers';
import checkoutCss from '@/styles/checkout.css' with { type: 'text' };

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

type Data = { cart: Omit<Cart, 'token' | 'phone' | 'notices'>; notices: string[] };

/**
 * The shopper's cart, drawn on the server from the API (GET /v1/stores/:store/cart with the
 * token from the HttpOnly cookie), re-priced on every read. Quantity and Remove are small forms
 * posting to <store>/cart/lines/<sku>, which redirects back here (works without JavaScript; the
 * cart island sends them with fetch and swaps in the new page). Price and stock changes the API
 * noticed, here or on the redirecting post (flash cookie), are listed at the top. "Share cart on
 * WhatsApp" posts to <store>/cart/share (a wa.me link with the cart's signed link in the message);
 * ?restored=1 is the landing of such a link opened on another phone.
 */
export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(
    ctx,
    async ({ slug, forwarded }, _store, locale) => {
      const cookies = parseCookies(ctx.req.headers.cookie);
      const token = cartTokenFrom(cookies, slug);
      const flash = readFlash(cookies, slug);
      const answer = await getCart(slug, token, forwarded);
      if (!answer.ok)
        throw new ApiError(
          `GET cart of ${slug}: ${answer.problem.status} ${answer.problem.code}`,
          answer.problem.status,
          `/v1/stores/${slug}/cart`,
        );
      const { token: _token, phone: _phone, notices, ...cart } = answer.data.cart;
      const setCookies = flash.length > 0 ? [flashClearCookie(slug)] : [];
      // Keep the cookies in step with the cart (sliding 14 days; the header count).
      if (token || cart.lines.length > 0) setCookies.push(...cartCookies(slug, answer.data.cart));
      if (setCookies.length > 0) for (const c of setCookies) ctx.res.appendHeader('Set-Cookie', c);
      // Back from a shared cart link (app/s/[store]/cart/shared/[token]): say where the lines came from.
      const restored =
        searchParamsOf(ctx).get(RESTORED_PARAM) === '1' && cart.lines.length > 0 ? [shareText(locale).restored] : [];
      return {
        cart,
        notices: uniqueMessages([...restored, ...flash, ...notices.map((n) => cartNoticeText(n, locale))]),
      };
    },
    { personal: true },
  );

function quantityChoices(quantity: number, available: number): number[] {
  const max = Math.max(quantity, Math.min(MAX_LINE_QUANTITY, available));
  return Array.from({ length: max }, (_, i) => i + 1);
}

export default function CartPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} />;
  const { view, data } = props;
  const { store, base } = view;
  const { cart, notices } = data;
  const t = useMessages(cartMessages);
  const { formatKes, formatNumber } = useFormat();
  return (
    <StoreLayout store={store} base={base}>
      <Head>
        <title key="title">{t('title', { store: store.name })}</title>
        <meta key="robots" name="robots" content="noindex" />
        <style dangerouslySetInnerHTML={{ __html: checkoutCss }} />
      </Head>
      <main className="wrap cart">
        <h1 tabIndex={-1}>{t('heading')}</h1>
        <Notices messages={notices} />
        {cart.lines.length === 0 ? (
          <div className="cart__empty">
            <p>{t('empty')}</p>
            <p>
              <a className="button" href={storeHomeHref(base)}>
                {t('continueShopping')}
              </a>
            </p>
          </div>
        ) : (
          <>
            <ul className="cart-lines">
              {cart.lines.map((line) => {
                const options = Object.values(line.options).join(' / ');
                return (
                  <li key={line.sku} className="cart-line" data-line={line.sku}>
                    <a
                      className="cart-line__img"
                      href={`${base}/products/${line.productSlug}`}
                      tabIndex={-1}
                      aria-hidden="true"
                    >
                      <ProductImage image={line.image} alt={line.title} sizes="64px" className="pimg pimg--thumb" />
                    </a>
                    <div className="cart-line__info">
                      <a className="cart-line__title" href={`${base}/products/${line.productSlug}`}>
                        {line.title}
                      </a>
                      {options ? <p className="cart-line__opts">{options}</p> : null}
                      <p className="cart-line__prices">
                        <span className="cart-line__unit">{t('each', { price: formatKes(line.unitPriceKes) })}</span>
                        <strong className="cart-line__total" data-line-total={line.lineTotalKes}>
                          {formatKes(line.lineTotalKes)}
                        </strong>
                      </p>
                      <form
                        className="qty-form"
                        method="post"
                        action={`${base}/cart/lines/${encodeURIComponent(line.sku)}`}
                        data-cart-form={line.sku}
                      >
                        <label className="qty-form__label">
                          <span>{t('qty')}</span>
                          <select
                            name="quantity"
                            defaultValue={line.quantity}
                            aria-label={t('quantityOf', { title: line.title })}
                          >
                            {quantityChoices(line.quantity, line.available).map((n) => (
                              <option key={n} value={n}>
                                {n}
                              </option>
                            ))}
                          </select>
                        </label>
                        <button type="submit" name="intent" value="update" className="button button--small no-js-only">
                          {t('update')}
                        </button>
                        <button type="submit" name="intent" value="remove" className="link-button">
                          {t('remove')}
                        </button>
                      </form>
                    </div>
                  </li>
                );
              })}
            </ul>
            <dl className="sum">
              <div className="sum__row sum__row--total" data-row="subtotal" data-kes={cart.subtotalKes}>
                <dt>
                  {t(cart.itemCount === 1 ? 'subtotalOne' : 'subtotalMany', { count: formatNumber(cart.itemCount) })}
                </dt>
                <dd>{formatKes(cart.subtotalKes)}</dd>
              </div>
              <div className="sum__row sum__row--vat" data-row="vat" data-kes={cart.vatKes}>
                <dt>{t('includesVat')}</dt>
                <dd>{formatKes(cart.vatKes)}</dd>
              </div>
            </dl>
            <p className="vat-note">{t('vatNote')}</p>
            <a className="button button--buy" href={`${base}/checkout`}>
              {t('checkout')}
            </a>
            {store.whatsappNumber ? (
              <form className="share-form" method="post" action={`${base}/cart/share`} data-share-cart="">
                <input type="hidden" name="from" value="cart" />
                <button type="submit" className="button button--whatsapp">
                  {t('shareWhatsapp')}
                </button>
                <p className="share-form__hint muted">{t('shareHint', { store: store.name })}</p>
              </form>
            ) : null}
            <p className="cart__more">
              <a href={storeHomeHref(base)}>{t('continueShopping')}</a>
            </p>
          </>
        )}
        <section className="trust-box" aria-label={t('buyWithConfidence')}>
          <TrustMarkers store={store} secureBadge />
        </section>
      </main>
      <InlineScript code={islandScript(cartIsland, null)} />
    </StoreLayout>
  );
}
