import type { GetServerSideProps } from 'next';
import Head from 'next/head';
import { normaliseKenyanPhone } from '@sokoni/contracts';
import { paymentIslandText } from '@/lib/payment';
import { useLocale, useMessages, useFormat } from '@/lib/i18n';
import { orderMessages } from '@/lib/i18n/messages/order';
import { storeHomeHref } from '@/lib/store-context';
import { loadStorePage, type StorePageProps } from '@/lib/store-page';
import { loadOrderPage, type OrderPageData } from '@/lib/storefront/order-page';
import { islandScript } from '@/islands/inline';
import { InlineScript } from '@/components/InlineScript';
import { paymentIsland, type PaymentIslandConfig } from '@/islands/payment';
import { OrderPayBox } from '@/components/OrderPayBox';
import { OrderAftercareBox } from '@/components/OrderAftercareBox';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { Summary } from '@/components/Summary';
import { TrustMarkers } from '@/components/TrustMarkers';
import { PayOnDeliveryNote } from '@/components/PayOnDeliveryChoice';
import checkoutCss from '@/styles/checkout.css' with { type: 'text' };

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

type Data = OrderPageData;

/**
 * The order, read back by its id, where the shopper lands after "Place order"; with the M-Pesa
 * part (Pay form, "check your phone", receipt) described in lib/storefront/order-page.ts.
 */
export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(
    ctx,
    async (request, store, locale) => {
      const id = typeof ctx.params?.order === 'string' ? ctx.params.order : '';
      const loaded = await loadOrderPage(request, store, {
        id,
        cookieHeader: ctx.req.headers.cookie,
        afterPayTap: typeof ctx.query.payment === 'string',
        manualAsked: ctx.query.manual === '1',
        cancelOutcome: typeof ctx.query.cancel === 'string' ? ctx.query.cancel : undefined,
        locale,
      });
      if (!loaded) return null;
      if (loaded.setCookies.length > 0) for (const c of loaded.setCookies) ctx.res.appendHeader('Set-Cookie', c);
      return loaded.data;
    },
    { personal: true },
  );

export default function OrderPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} what="order" />;
  const { view, data } = props;
  const { store, base } = view;
  const { order } = data;
  const { pay } = data;
  const t = useMessages(orderMessages);
  const locale = useLocale();
  const { formatKes } = useFormat();
  const island: PaymentIslandConfig = {
    pollUrl:
      pay.attempt && (pay.state === 'pending' || (pay.state === 'paid' && !pay.attempt.receipt))
        ? `${base}/orders/${order.id}/payments/${pay.attempt.id}`
        : null,
    waitFor: pay.state === 'paid' ? 'receipt' : 'final',
    text: paymentIslandText(locale),
  };
  const hasIsland = island.pollUrl !== null || pay.state === 'new' || pay.state === 'failed';
  // A pay-on-delivery order the shopper did not take: nothing was paid, so no refund words.
  const refusedAtDoor =
    order.status === 'cancelled' && !!data.aftercare?.tracking.steps.some((s) => s.reason === 'refused_at_door');
  const firstName = order.customerName.split(/\s+/)[0] ?? order.customerName;
  return (
    <StoreLayout store={store} base={base} events={data.events} area={order.areaSlug}>
      <Head>
        <title key="title">{t('title', { number: order.number, store: store.name })}</title>
        <meta key="robots" name="robots" content="noindex" />
        {/* The link is the key to the order: never sent to another site (wa.me, the shop's links).
            same-origin, not no-referrer: under no-referrer the browser sends `Origin: null` with
            this page's own form posts (Pay, M-Pesa code), which the route handlers refuse. */}
        <meta key="referrer" name="referrer" content="same-origin" />
        <style dangerouslySetInnerHTML={{ __html: checkoutCss }} />
        {/* Without JavaScript the page follows a pending payment by reloading itself. */}
        {pay.state === 'pending' ? (
          <noscript key="pay-refresh">
            <meta httpEquiv="refresh" content="4" />
          </noscript>
        ) : null}
      </Head>
      <main className="wrap order">
        <p className="order__thanks">{t('thanks', { name: firstName })}</p>
        <h1>
          {t('order')} <span data-order-number="">#{order.number}</span>
        </h1>
        <p className={`order-status order-status--${order.status}`} data-status={order.status}>
          {t(`status_${order.status}`)}
        </p>

        {data.aftercare?.notice ? (
          <p
            className={`notices ${data.aftercare.notice.tone === 'error' ? 'notices--error' : ''}`}
            role="status"
            data-aftercare-notice=""
          >
            {data.aftercare.notice.text}
          </p>
        ) : null}
        {order.paymentMethod === 'on_delivery' && order.status !== 'cancelled' ? (
          // Pay on delivery: the rider collects at the door (M-Pesa prompt or cash), no Pay box.
          <PayOnDeliveryNote totalKes={order.totalKes} collected={order.collected ?? null} />
        ) : (
          <OrderPayBox store={store} base={base} order={order} pay={data.pay} heldUntil={data.heldUntil} />
        )}
        {refusedAtDoor && !data.aftercare?.notice ? (
          <p className="notices notices--error" data-refused-at-door="">
            {t('refusedAtDoor')}
          </p>
        ) : order.status === 'cancelled' && !data.aftercare?.notice ? (
          <p className="notices notices--error">
            {t('cancelled')}{' '}
            {data.aftercare && data.aftercare.tracking.refundedKes + data.aftercare.tracking.refundPendingKes > 0
              ? t(data.aftercare.tracking.refundPendingKes > 0 ? 'refundOnWay' : 'refundSent', {
                  amount: formatKes(data.aftercare.tracking.refundedKes + data.aftercare.tracking.refundPendingKes),
                })
              : t('willRefund', { store: store.name })}
          </p>
        ) : null}
        {data.aftercare ? <OrderAftercareBox base={base} orderId={order.id} aftercare={data.aftercare} /> : null}

        <section className="co__section" aria-labelledby="items-title">
          <h2 id="items-title">{t('items')}</h2>
          <ul className="co__items">
            {order.items.map((item) => {
              const options = Object.values(item.options).join(' / ');
              return (
                <li key={item.sku}>
                  <span>
                    {item.quantity} × {item.title}
                    {options ? <span className="muted"> · {options}</span> : null}
                  </span>
                  <span>{formatKes(item.lineTotalKes)}</span>
                </li>
              );
            })}
          </ul>
          <Summary rows={data.rows} />
        </section>

        <section className="co__section" aria-labelledby="delivery-title">
          <h2 id="delivery-title">{order.deliveryMethod === 'pickup' ? t('pickup') : t('delivery')}</h2>
          <p>
            {order.deliveryMethod === 'pickup'
              ? t('collectNear', { area: data.areaName })
              : data.eta
                ? t('toEta', { area: data.areaName, eta: data.eta.toLowerCase() })
                : t('to', { area: data.areaName })}
            {order.landmark ? ` ${t('landmark', { landmark: order.landmark })}` : ''}
          </p>
        </section>

        <p className="order__links">
          <a href={`${base}/orders/${order.id}/invoice`} rel="nofollow">
            {t('invoice')}
          </a>
          {' · '}
          <a href={storeHomeHref(base)}>{t('continueShopping')}</a>
        </p>
        <p className="muted">{t('keepLink')}</p>

        <section className="trust-box" aria-label={t('aboutShop')}>
          <TrustMarkers store={store} secureBadge />
        </section>
      </main>
      {hasIsland ? <InlineScript code={islandScript(paymentIsland, island, normaliseKenyanPhone)} /> : null}
    </StoreLayout>
  );
}
