import type { GetServerSideProps } from 'next';
import Head from 'next/head';
import type { Order } from '@sokoni/contracts';
import { ApiError } from '@/lib/api';
import { ORDER_STATUS_LABELS, orderRows, type SummaryRow } from '@/lib/checkout';
import { formatKes } from '@/lib/format';
import { getDeliveryQuote, getOrder } from '@/lib/shopper-api';
import { storeHomeHref } from '@/lib/store-context';
import { loadStorePage, optional, type StorePageProps } from '@/lib/store-page';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { Summary } from '@/components/Summary';
import { TrustMarkers } from '@/components/TrustMarkers';
import checkoutCss from '@/styles/checkout.css' with { type: 'text' };

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Data = {
  order: Pick<Order, 'id' | 'number' | 'status' | 'customerName' | 'deliveryMethod' | 'landmark' | 'totalKes' | 'reservedUntil' | 'items'>;
  rows: SummaryRow[];
  areaName: string;
  eta: string | null;
  heldUntil: string | null;
};

const nairobiTime = new Intl.DateTimeFormat('en-KE', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Africa/Nairobi' });

/**
 * The order, read back by its id (a random UUID: the link is the key, as for the invoice) from
 * GET /v1/stores/:store/orders/:id. Where the shopper lands after "Place order".
 */
export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(
    ctx,
    async ({ slug, forwarded }) => {
      const id = typeof ctx.params?.order === 'string' ? ctx.params.order : '';
      if (!UUID_RE.test(id)) return null;
      const answer = await getOrder(slug, id, forwarded);
      if (!answer.ok) {
        if (answer.problem.status === 404 || answer.problem.status === 400) return null;
        throw new ApiError(`GET order of ${slug}: ${answer.problem.status}`, answer.problem.status, `/v1/stores/${slug}/orders/:id`);
      }
      const { order } = answer.data;
      const quote = await optional(
        'delivery area of an order',
        async () => {
          const q = await getDeliveryQuote(slug, order.areaSlug, order.subtotalKes, forwarded);
          return q.ok ? q.data : null;
        },
        null,
      );
      const areaName = quote?.area.name ?? order.areaSlug;
      const eta = order.deliveryMethod === 'delivery' && quote?.deliverable ? quote.etaLabel : null;
      return {
        order: {
          id: order.id,
          number: order.number,
          status: order.status,
          customerName: order.customerName,
          deliveryMethod: order.deliveryMethod,
          landmark: order.landmark,
          totalKes: order.totalKes,
          reservedUntil: order.reservedUntil,
          items: order.items,
        },
        rows: orderRows(order, areaName, eta),
        areaName,
        eta,
        heldUntil: order.status === 'pending_payment' && order.reservedUntil ? nairobiTime.format(new Date(order.reservedUntil)) : null,
      };
    },
    { personal: true },
  );

export default function OrderPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} what="order" />;
  const { view, data } = props;
  const { store, base } = view;
  const { order } = data;
  const pending = order.status === 'pending_payment';
  const firstName = order.customerName.split(/\s+/)[0] ?? order.customerName;
  return (
    <StoreLayout store={store} base={base}>
      <Head>
        <title key="title">{`Order #${order.number} — ${store.name}`}</title>
        <meta key="robots" name="robots" content="noindex" />
        <meta key="referrer" name="referrer" content="no-referrer" />
        <style dangerouslySetInnerHTML={{ __html: checkoutCss }} />
      </Head>
      <main className="wrap order">
        <p className="order__thanks">Thank you, {firstName}. Your order is in.</p>
        <h1>
          Order <span data-order-number="">#{order.number}</span>
        </h1>
        <p className={`order-status order-status--${order.status}`} data-status={order.status}>
          {ORDER_STATUS_LABELS[order.status]}
        </p>

        {pending ? (
          <section className="pay-box" aria-labelledby="pay-title">
            <h2 id="pay-title">Pay with M-Pesa</h2>
            {store.mpesa ? (
              <p data-pay-instructions="">
                {/* A Buy Goods till has no account field; a paybill's account is how the shop matches the payment. */}
                {store.mpesa.kind === 'till' ? (
                  <>
                    Payment by M-Pesa is the next step: Lipa na M-Pesa, Buy Goods, pay <strong>{formatKes(order.totalKes)}</strong> to Till{' '}
                    <strong>{store.mpesa.shortcode}</strong> and keep the M-Pesa message; your order number is <strong>{order.number}</strong>.
                  </>
                ) : (
                  <>
                    Payment by M-Pesa is the next step: pay <strong>{formatKes(order.totalKes)}</strong> to Paybill <strong>{store.mpesa.shortcode}</strong> with
                    account <strong>{order.number}</strong> (your order number).
                  </>
                )}
              </p>
            ) : (
              <p data-pay-instructions="">
                Payment by M-Pesa is the next step: {store.name} will send you their M-Pesa details on the phone number you gave. Quote order number{' '}
                <strong>{order.number}</strong>.
              </p>
            )}
            {data.heldUntil ? <p className="muted">We are holding your items until {data.heldUntil} (15 minutes after you ordered).</p> : null}
          </section>
        ) : null}
        {order.status === 'cancelled' ? <p className="notices notices--error">This order was cancelled. If you paid, {store.name} will refund you.</p> : null}

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
            {order.deliveryMethod === 'pickup' ? `Collect at an agent point near ${data.areaName}: the shop will tell you which one.` : `To ${data.areaName}${data.eta ? `, ${/^(Today|Tomorrow)$/.test(data.eta) ? data.eta.toLowerCase() : `in ${data.eta}`}` : ''}.`}
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
    </StoreLayout>
  );
}
