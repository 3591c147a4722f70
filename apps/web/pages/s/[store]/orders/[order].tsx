import type { GetServerSideProps } from 'next';
import Head from 'next/head';
import { formatNairobiTime, localPhone, normaliseKenyanPhone, PAID_ORDER_STATUSES as PAID_LIKE, type Order, type OrderStatus, type StoreSummary } from '@sokoni/contracts';
import { ApiError } from '@/lib/api';
import { ORDER_STATUS_LABELS, orderRows, type SummaryRow } from '@/lib/checkout';
import { parseCookies, payFlashClearCookie, readPayFlash, type PayFlash } from '@/lib/cookies';
import { formatKes } from '@/lib/format';
import {
  newPayKey,
  PAYMENT_ISLAND_TEXT,
  payeeText,
  payLabel,
  paymentView,
  retryLabel,
  UUID_RE,
  whatsappOrderText,
  type ManualPay,
  type PaymentView,
} from '@/lib/payment';
import { getDeliveryQuote, getOrder, getOrderPayments } from '@/lib/shopper-api';
import { storeHomeHref } from '@/lib/store-context';
import { loadStorePage, optional, type StorePageProps } from '@/lib/store-page';
import { islandScript } from '@/islands/inline';
import { InlineScript } from '@/components/InlineScript';
import { paymentIsland, type PaymentIslandConfig } from '@/islands/payment';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { Summary } from '@/components/Summary';
import { TrustMarkers, whatsappHref } from '@/components/TrustMarkers';
import checkoutCss from '@/styles/checkout.css' with { type: 'text' };

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

type Data = {
  order: Pick<Order, 'id' | 'number' | 'status' | 'customerName' | 'deliveryMethod' | 'landmark' | 'totalKes' | 'reservedUntil' | 'items' | 'areaSlug'>;
  rows: SummaryRow[];
  /** Analytics of this view: the payment steps, each sent once per tab session. */
  events: { type: 'payment_started' | 'paid'; once: string }[];
  areaName: string;
  eta: string | null;
  heldUntil: string | null;
  pay: Pay;
};

/**
 * The M-Pesa part of the page:
 *  - `new`: no attempt yet: the Pay form (phone prefilled, editable);
 *  - `pending`: the PIN prompt is on the shopper's phone: "check your phone", live status;
 *  - `failed`: the last attempt's message, the Pay form again ("Try again", another number),
 *    Finish on WhatsApp;
 *  - `paid`: the receipt (or "receipt to follow");
 *  - `none`: nothing to pay (cancelled, refunded) or no M-Pesa set up.
 */
type PayState = 'new' | 'pending' | 'failed' | 'paid' | 'none';

interface Pay {
  state: PayState;
  /** The attempt the state is about (newest; for `paid` the one that paid). */
  attempt: PaymentView | null;
  manual: ManualPay | null;
  amountKes: number;
  /** Idempotency-Key of this render's Pay form. */
  key: string;
  /** Prefill of the phone field: what the shopper last typed, else the order's number. */
  phone: string;
  flash: Omit<PayFlash, 'order'> | null;
  /** wa.me link with the order summary, when the store has WhatsApp. */
  whatsapp: string | null;
  /** The payments API answered (if not, the page still offers Pay and the store's till). */
  known: boolean;
}

/**
 * The funnel's last two steps as this page sees them: an attempt waiting for the PIN (one
 * payment_started per attempt, however often the page refreshes) and, only right after a Pay
 * tap (?payment=), the order paid: reopening an old paid order from "My orders" is not a sale.
 */
function paymentEvents(pay: Pay, afterPayTap: boolean): Data['events'] {
  if (pay.state === 'pending' && pay.attempt) return [{ type: 'payment_started', once: `pay:${pay.attempt.id}` }];
  if (pay.state === 'paid' && pay.attempt && afterPayTap) {
    return [{ type: 'payment_started', once: `pay:${pay.attempt.id}` }, { type: 'paid', once: `paid:${pay.attempt.id}` }];
  }
  return [];
}

const isOrderStatus = (s: string): s is OrderStatus => Object.hasOwn(ORDER_STATUS_LABELS, s);

/**
 * The order, read back by its id (a random UUID: the link is the key, as for the invoice) from
 * GET /v1/stores/:store/orders/:id. Where the shopper lands after "Place order".
 */
export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(
    ctx,
    async ({ slug, forwarded }, store) => {
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

      // Payments: every attempt, newest first. Read after the order, so its orderStatus is the
      // fresher one (a callback may have landed in between).
      const payments = await optional(
        'payments of an order',
        async () => {
          const a = await getOrderPayments(slug, id, forwarded);
          return a.ok ? a.data : null;
        },
        null,
      );
      const attempts = (payments?.payments ?? []).map(paymentView);
      const paidAttempt = attempts.find((p) => p.status === 'paid') ?? null;
      let status: OrderStatus = payments && isOrderStatus(payments.orderStatus) ? payments.orderStatus : order.status;
      if (status === 'pending_payment' && paidAttempt) status = 'paid'; // the order row follows the payment in a moment
      const latest = attempts[0] ?? null;
      const manual: ManualPay | null = payments
        ? payments.manual
        : store.mpesa
          ? { kind: store.mpesa.kind, shortcode: store.mpesa.shortcode, account: store.mpesa.kind === 'paybill' ? String(order.number) : null, amountKes: order.totalKes }
          : null;
      let state: PayState = 'none';
      if (paidAttempt && (status === 'pending_payment' || PAID_LIKE.has(status))) state = 'paid';
      else if (status === 'pending_payment' && manual) state = latest?.status === 'pending' ? 'pending' : latest ? 'failed' : 'new';

      const cookies = parseCookies(ctx.req.headers.cookie);
      const flash = readPayFlash(cookies, slug, id);
      if (flash) ctx.res.setHeader('Set-Cookie', payFlashClearCookie(slug));
      const typed = flash && flash.field !== 'code' ? flash.value : '';
      const wa = store.whatsappNumber ? whatsappHref(store.whatsappNumber, whatsappOrderText(store, order, areaName)) : null;
      const pay: Pay = {
        state,
        attempt: state === 'paid' ? paidAttempt : state === 'pending' || state === 'failed' ? latest : null,
        manual,
        amountKes: manual?.amountKes ?? order.totalKes,
        key: newPayKey(),
        phone: typed || (normaliseKenyanPhone(order.phone) ? localPhone(normaliseKenyanPhone(order.phone)!) : order.phone),
        flash: flash ? { field: flash.field, message: flash.message, value: flash.value } : null,
        whatsapp: wa,
        known: payments !== null,
      };
      return {
        pay,
        order: {
          id: order.id,
          number: order.number,
          status,
          customerName: order.customerName,
          deliveryMethod: order.deliveryMethod,
          landmark: order.landmark,
          totalKes: order.totalKes,
          reservedUntil: order.reservedUntil,
          items: order.items,
          areaSlug: order.areaSlug,
        },
        events: paymentEvents(pay, typeof ctx.query.payment === 'string'),
        rows: orderRows(order, areaName, eta),
        areaName,
        eta,
        heldUntil: status === 'pending_payment' && order.reservedUntil ? formatNairobiTime(order.reservedUntil) : null,
      };
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
    pollUrl: pay.attempt && (pay.state === 'pending' || (pay.state === 'paid' && !pay.attempt.receipt)) ? `${base}/orders/${order.id}/payments/${pay.attempt.id}` : null,
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

        <PayBox store={store} base={base} order={order} pay={data.pay} heldUntil={data.heldUntil} />
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
      {hasIsland ? <InlineScript code={islandScript(paymentIsland, island, normaliseKenyanPhone)} /> : null}
    </StoreLayout>
  );
}

type OrderData = Data['order'];

function PayBox({ store, base, order, pay, heldUntil }: { store: StoreSummary; base: string; order: OrderData; pay: Pay; heldUntil: string | null }) {
  const amount = formatKes(pay.amountKes);
  const { attempt, manual, flash } = pay;

  if (pay.state === 'paid' && attempt) {
    return (
      <section className="pay-box pay-box--paid" aria-labelledby="pay-title" data-payment-status="paid" data-payment-id={attempt.id}>
        <h2 id="pay-title">Paid · {formatKes(attempt.amountKes)}</h2>
        <p>
          {store.name} has received your M-Pesa payment. Thank you! They will get your order ready.
        </p>
        {attempt.receipt ? (
          <p>
            M-Pesa receipt <strong className="pay-receipt" data-receipt={attempt.receipt}>{attempt.receipt}</strong>
          </p>
        ) : (
          <p data-receipt="">
            M-Pesa receipt to follow: it will show here in a moment, and M-Pesa also sends it to you by SMS.
            <span className="visually-hidden" data-payment-live="" role="status" />
          </p>
        )}
        {flash && flash.field === 'pay' ? <p className="muted">{flash.message}</p> : null}
      </section>
    );
  }
  if (pay.state === 'none') {
    if (order.status !== 'pending_payment') return flash ? <p className="notices" role="status">{flash.message}</p> : null;
    return (
      <section className="pay-box" aria-labelledby="pay-title">
        <h2 id="pay-title">Pay with M-Pesa</h2>
        <p data-pay-instructions="">
          Payment by M-Pesa is the next step: {store.name} will send you their M-Pesa details on the phone number you gave. Quote order number <strong>{order.number}</strong>.
        </p>
        {pay.whatsapp ? (
          <p>
            <a className="button button--whatsapp" href={pay.whatsapp} rel="nofollow noopener" data-whatsapp="">
              Finish on WhatsApp
            </a>
          </p>
        ) : null}
      </section>
    );
  }

  const failed = pay.state === 'failed' && attempt !== null;
  const phoneError = flash?.field === 'phone' ? flash.message : '';
  const formError = flash?.field === 'pay' ? flash.message : '';
  const codeError = flash?.field === 'code' ? flash.message : '';
  const canPay = pay.state === 'new' || (failed && attempt.retryable);
  const payee = manual ? payeeText(manual) : null;

  return (
    <section className="pay-box" aria-labelledby="pay-title" data-pay-state={pay.state}>
      <h2 id="pay-title">{failed ? 'Payment not completed' : 'Pay with M-Pesa'}</h2>

      {pay.state === 'pending' && attempt ? (
        <div className="pay-wait" data-payment-status="pending" data-payment-id={attempt.id}>
          <p className="pay-wait__step">
            <strong>
              Check your phone (<span className="nowrap">{attempt.phoneMasked}</span>) and enter your M-Pesa PIN
            </strong>{' '}
            to pay <strong>{formatKes(attempt.amountKes)}</strong>
            {payee ? (
              <>
                {' '}to {store.name}, {payee}
              </>
            ) : null}
            .
          </p>
          <p className="pay-live" role="status" aria-live="polite" data-payment-live="">
            Waiting for your PIN…
          </p>
          <p className="muted pay-note">No prompt on your phone? Make sure it is on and unlocked. If it does not come within a minute, this page will let you try again.</p>
        </div>
      ) : null}

      {failed ? (
        <div className="pay-result pay-result--failed" role="alert" data-payment-status="failed" data-outcome={attempt.outcome} data-payment-id={attempt.id}>
          <p data-payment-message="">{attempt.message}</p>
        </div>
      ) : null}
      {formError ? (
        <p className="notices notices--error" role="alert" data-pay-error="">
          {formError}
        </p>
      ) : null}

      {canPay ? (
        <form className="pay-form" method="post" action={`${base}/orders/${order.id}/pay`} data-pay-form="" noValidate>
          <input type="hidden" name="key" value={pay.key} />
          <div className="field">
            <label htmlFor="pay-phone">{failed ? 'M-Pesa number (change it to pay from another phone)' : 'M-Pesa number to pay from'}</label>
            <input
              id="pay-phone"
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              defaultValue={pay.phone}
              placeholder="0712 345 678"
              aria-invalid={phoneError ? true : undefined}
              aria-describedby="pay-phone-hint pay-phone-error"
            />
            <p className="field__hint" id="pay-phone-hint">
              We send the M-Pesa PIN prompt to this number. You approve it on that phone; the shop never sees your PIN.
            </p>
            <p className="field__error" id="pay-phone-error" data-error="phone" role="alert">
              {phoneError}
            </p>
          </div>
          <button type="submit" className="button button--buy pay-form__button" data-pay="" data-retry={failed ? '' : undefined}>
            {failed ? retryLabel(pay.amountKes) : payLabel(pay.amountKes)}
          </button>
        </form>
      ) : null}

      {pay.whatsapp ? (
        <p className={pay.state === 'pending' || pay.state === 'new' ? 'pay-quiet' : 'pay-wa'}>
          <a className={pay.state === 'failed' ? 'button button--whatsapp' : undefined} href={pay.whatsapp} rel="nofollow noopener" data-whatsapp="">
            {pay.state === 'failed' ? 'Finish on WhatsApp' : 'Trouble paying? Finish your order on WhatsApp'}
          </a>
        </p>
      ) : null}

      {manual ? (
        <div className="pay-manual">
          <p data-pay-instructions="">
            {/* A Buy Goods till has no account field; a paybill's account is how the shop matches the payment. */}
            {manual.kind === 'till' ? (
              <>
                Or pay by hand: Lipa na M-Pesa, Buy Goods, pay <strong>{formatKes(manual.amountKes)}</strong> to Till <strong>{manual.shortcode}</strong> and keep the M-Pesa message; your order number is{' '}
                <strong>{order.number}</strong>.
              </>
            ) : (
              <>
                Or pay by hand: Lipa na M-Pesa, Paybill <strong>{manual.shortcode}</strong>, account <strong>{manual.account ?? order.number}</strong>, amount{' '}
                <strong>{formatKes(manual.amountKes)}</strong>.
              </>
            )}
          </p>
          <details className="pay-code" open={codeError ? true : undefined}>
            <summary>Already paid? Enter the M-Pesa code</summary>
            <form method="post" action={`${base}/orders/${order.id}/confirm-code`} data-code-form="" noValidate>
              <div className="field">
                <label htmlFor="pay-code">Code from the M-Pesa SMS</label>
                <div className="coupon">
                  <input
                    id="pay-code"
                    name="code"
                    type="text"
                    autoCapitalize="characters"
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={20}
                    defaultValue={flash?.field === 'code' ? flash.value : ''}
                    placeholder="e.g. QKT7RT61SV"
                    aria-invalid={codeError ? true : undefined}
                    aria-describedby="pay-code-error"
                  />
                  <button type="submit" className="button button--ghost" data-confirm-code="">
                    Check
                  </button>
                </div>
                <p className="field__error" id="pay-code-error" data-error="code" role="alert">
                  {codeError}
                </p>
              </div>
            </form>
          </details>
        </div>
      ) : null}
      {heldUntil ? <p className="muted">We are holding your items until {heldUntil} (15 minutes after you ordered).</p> : null}
    </section>
  );
}
