import type { GetServerSideProps } from 'next';
import Head from 'next/head';
import { normaliseKenyanPhone } from '@sokoni/contracts';
import { ORDER_STATUS_LABELS } from '@/lib/checkout';
import { formatKes } from '@/lib/format';
import { PAYMENT_ISLAND_TEXT } from '@/lib/payment';
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
    async (request, store) => {
      const id = typeof ctx.params?.order === 'string' ? ctx.params.order : '';
      const loaded = await loadOrderPage(request, store, {
        id,
        cookieHeader: ctx.req.headers.cookie,
        afterPayTap: typeof ctx.query.payment === 'string',
        manualAsked: ctx.query.manual === '1',
        cancelOutcome: typeof ctx.query.cancel === 'string' ? ctx.query.cancel : undefined,
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
  const island: PaymentIslandConfig = {
    pollUrl:
      pay.attempt && (pay.state === 'pending' || (pay.state === 'paid' && !pay.attempt.receipt))
        ? `${base}/orders/${order.id}/payments/${pay.attempt.id}`
        : null,
    waitFor: pay.state === 'paid' ? 'receipt' : 'final',
    text: PAYMENT_ISLAND_TEXT,
  };
  const hasIsland = island.pollUrl !== null || pay.state === 'new' || pay.state === 'failed';
  const firstName = order.customerName.split(/\s+/)[0] ?? order.customerName;
  return (
    <StoreLayout store={store} base={base} events={data.events} area={order.areaSlug}>
      <Head>
        <title key="title">{`Order #${order.number} — ${store.name}`}</title>
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
        <p className="order__thanks">Thank you, {firstName}. Your order is in.</p>
        <h1>
          Order <span data-order-number="">#{order.number}</span>
        </h1>
        <p className={`order-status order-status--${order.status}`} data-status={order.status}>
          {ORDER_STATUS_LABELS[order.status]}
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
        <OrderPayBox store={store} base={base} order={order} pay={data.pay} heldUntil={data.heldUntil} />
        {order.status === 'cancelled' && !data.aftercare?.notice ? (
          <p className="notices notices--error">
            This order was cancelled.
            {data.aftercare && data.aftercare.tracking.refundedKes + data.aftercare.tracking.refundPendingKes > 0
              ? ` ${formatKes(data.aftercare.tracking.refundedKes + data.aftercare.tracking.refundPendingKes)} ${data.aftercare.tracking.refundPendingKes > 0 ? 'is on its way back' : 'was sent back'} to your M-Pesa.`
              : ` If you paid, ${store.name} will refund you.`}
          </p>
        ) : null}
        {data.aftercare ? <OrderAftercareBox base={base} orderId={order.id} aftercare={data.aftercare} /> : null}

        <section className="co__section" aria-labelledby="items-title">
          <h2 id="items-title">Items</h2>
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
          <h2 id="delivery-title">{order.deliveryMethod === 'pickup' ? 'Pickup' : 'Delivery'}</h2>
          <p>
            {order.deliveryMethod === 'pickup'
              ? `Collect at an agent point near ${data.areaName}: the shop will tell you which one.`
              : `To ${data.areaName}${data.eta ? `, ${/^(Today|Tomorrow)$/.test(data.eta) ? data.eta.toLowerCase() : `in ${data.eta}`}` : ''}.`}
            {order.landmark ? ` Landmark: ${order.landmark}.` : ''}
          </p>
        </section>

        <p className="order__links">
          <a href={`${base}/orders/${order.id}/invoice`} rel="nofollow">
            Printable invoice (with VAT)
          </a>
          {' · '}
          <a href={storeHomeHref(base)}>Continue shopping</a>
        </p>
        <p className="muted">Keep this page's link: it is how you see your order again.</p>

        <section className="trust-box" aria-label="About this shop">
          <TrustMarkers store={store} secureBadge />
        </section>
      </main>
      {hasIsland ? <InlineScript code={islandScript(paymentIsland, island, normaliseKenyanPhone)} /> : null}
    </StoreLayout>
  );
}
