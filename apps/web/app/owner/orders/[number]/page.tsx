import { notFound } from 'next/navigation';
import { Shell, ProblemBox, StatusBadge } from '../../_components/shell';
import { channelLabel, eventLabel, formatKes, localPhone, statusLabel, when } from '@/lib/owner-format';
import { loadOwnerOrder } from '@/lib/owner/order-page';
import { ownerPage } from '@/lib/owner-page';
import { orderNumberParam } from '@/lib/owner-route';
import { can } from '@/lib/owner-session';
import { OrderPayments } from './_components/payments';
import { Reply } from './_components/reply';
import { OrderAftercare } from './_components/aftercare';
import { awaitsCollection, PayOnDeliveryActions } from './_components/pay-on-delivery';

/**
 * One order: what to do next (by status and role), items and totals, the customer, delivery,
 * payments and refunds, the timeline, and the shopper's messages. Every action is a plain form
 * post to a route handler next to this page, which calls the API and comes back here. Data and
 * the rules of what the role may do: lib/owner/order-page.ts.
 */
export default async function OrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ number: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const number = orderNumberParam((await params).number);
  if (number === null) notFound();
  const base = `/owner/orders/${number}`;
  const { api, session, flash } = await ownerPage(base, await searchParams);

  const view = await loadOwnerOrder(api, session, number);
  if ('notFound' in view) notFound();
  if ('problem' in view) {
    return (
      <Shell
        session={session}
        tab="orders"
        title={`Order #${number}`}
        back={{ href: '/owner/orders', label: 'Orders' }}
      >
        <ProblemBox problem={view.problem} what="this order" />
      </Shell>
    );
  }
  const { order, deliveries, messages, areaName, paid, refundable, inFlight, canCancel, showRefund, delivery } = view;
  const agentList = view.agents;
  const role = session.role;

  return (
    <Shell
      session={session}
      tab="orders"
      title={`Order #${order.number}`}
      flash={flash}
      back={{ href: '/owner/orders', label: 'Orders' }}
    >
      {inFlight.length ? <meta httpEquiv="refresh" content="5" /> : null}
      <p className="o-order-head">
        <StatusBadge status={order.status} />
        <span className="o-muted">
          {when(order.createdAt)} · {channelLabel(order.channel)}
        </span>
      </p>

      <section className="o-card o-actions" aria-labelledby="next-h" data-actions>
        <h2 id="next-h">Next step</h2>
        {order.paymentMethod === 'on_delivery' ? <PayOnDeliveryActions order={order} base={base} /> : null}
        {order.status === 'pending_payment' && order.paymentMethod !== 'on_delivery' ? (
          <p className="o-muted">Waiting for the shopper to pay with M-Pesa.</p>
        ) : null}
        {order.status === 'paid' ? (
          <form method="post" action={`${base}/status`}>
            <input type="hidden" name="to" value="packed" />
            <button type="submit" className="o-button" data-action="packed">
              Mark packed
            </button>
          </form>
        ) : null}
        {view.canDispatch ? (
          <details className="o-dispatch" open={order.status === 'packed'}>
            <summary>Send out with a rider{agentList.length ? ' or to a pickup point' : ''}</summary>
            <form method="post" action={`${base}/dispatch`} className="o-form">
              <input type="hidden" name="method" value="manual_rider" />
              <label>
                Rider&apos;s name
                <input name="riderName" required maxLength={80} autoComplete="off" />
              </label>
              <label>
                Rider&apos;s phone
                <input
                  name="riderPhone"
                  required
                  type="tel"
                  inputMode="tel"
                  placeholder="0712 345 678"
                  maxLength={32}
                />
              </label>
              <label>
                Note (optional)
                <input name="note" maxLength={300} />
              </label>
              <button type="submit" className="o-button" data-action="dispatch">
                Dispatch with rider
              </button>
            </form>
            {agentList.length ? (
              <form method="post" action={`${base}/dispatch`} className="o-form o-form--split">
                <input type="hidden" name="method" value="partner_pickup" />
                <label>
                  Partner pickup point
                  <select name="agentId" required>
                    {agentList.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name} — {a.landmark}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit" className="o-button o-button--plain" data-action="dispatch-partner">
                  Send to pickup point
                </button>
              </form>
            ) : null}
          </details>
        ) : null}
        {order.status === 'dispatched' && !awaitsCollection(order) ? (
          <form method="post" action={`${base}/delivered`}>
            <button type="submit" className="o-button" data-action="delivered">
              Mark delivered
            </button>
          </form>
        ) : null}
        {order.status === 'delivered' || order.status === 'cancelled' || order.status === 'refunded' ? (
          <p className="o-muted">Nothing left to do: this order is {statusLabel(order.status).toLowerCase()}.</p>
        ) : null}
        {showRefund ? (
          <details className="o-refund">
            <summary>Refund</summary>
            <form method="post" action={`${base}/refund`} className="o-form" data-refund-form>
              <label>
                Amount (KES)
                <input
                  name="amountKes"
                  inputMode="numeric"
                  pattern="[0-9]*"
                  defaultValue={String(refundable)}
                  required
                />
              </label>
              <label>
                Reason
                <input name="reason" required minLength={2} maxLength={100} placeholder="e.g. Customer returned it" />
              </label>
              <p className="o-muted o-small">
                The money goes back to {paid?.phoneMasked} by M-Pesa reversal. Up to {formatKes(refundable)}.
              </p>
              <button type="submit" className="o-button o-button--danger" data-action="refund">
                Refund
              </button>
            </form>
          </details>
        ) : null}
        {canCancel ? (
          <details className="o-cancel">
            <summary>Cancel order</summary>
            <form method="post" action={`${base}/cancel`} className="o-form">
              <label>
                Why (optional; the shopper is told)
                <input name="reason" maxLength={300} />
              </label>
              <button type="submit" className="o-button o-button--danger" data-action="cancel">
                {order.status === 'pending_payment'
                  ? `Cancel order #${order.number}`
                  : `Cancel and refund ${formatKes(refundable)}`}
              </button>
              {order.status !== 'pending_payment' ? (
                <p className="o-muted o-small">
                  One step: the money goes back to the shopper&apos;s M-Pesa, the stock back on the shelf, a coupon use
                  is given back and the shopper gets a message.
                </p>
              ) : null}
            </form>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="items-h">
        <h2 id="items-h">Items</h2>
        <ul className="o-rows">
          {order.items.map((i) => (
            <li key={i.sku} className="o-row">
              <span>
                {i.quantity} × {i.title}
                {Object.keys(i.options).length ? (
                  <span className="o-muted"> ({Object.values(i.options).join(', ')})</span>
                ) : null}
                <span className="o-muted o-small o-block">{i.sku}</span>
              </span>
              <span className="o-row__end">{formatKes(i.lineTotalKes)}</span>
            </li>
          ))}
        </ul>
        <dl className="o-totals">
          <dt>Subtotal</dt>
          <dd>{formatKes(order.subtotalKes)}</dd>
          <dt>Delivery</dt>
          <dd>{formatKes(order.deliveryFeeKes)}</dd>
          {order.discounts.map((d, n) => (
            <FragmentRow key={n} label={d.label} value={`− ${formatKes(d.amountKes)}`} />
          ))}
          <dt className="o-total">Total</dt>
          <dd className="o-total" data-total>
            {formatKes(order.totalKes)}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="cust-h" className="o-card">
        <h2 id="cust-h">Customer</h2>
        <p>
          <strong>{order.customerName}</strong>
          <br />
          <a href={`tel:+${order.phone}`}>{localPhone(order.phone)}</a> ·{' '}
          <a href={`https://wa.me/${order.phone}`}>WhatsApp</a>
        </p>
        <p>
          {order.deliveryMethod === 'pickup' ? 'Pickup at an agent point' : 'Delivery'} to <strong>{areaName}</strong>
          {order.landmark ? <span className="o-block o-muted">Landmark: {order.landmark}</span> : null}
        </p>
      </section>

      <section aria-labelledby="del-h">
        <h2 id="del-h">Delivery</h2>
        {!deliveries.ok ? (
          <ProblemBox problem={deliveries.problem} what="the delivery" />
        ) : !delivery ? (
          <p className="o-muted">Not sent out yet.</p>
        ) : (
          <div className="o-card" data-delivery={delivery.status}>
            <p>
              {delivery.rider ? (
                <>
                  Rider <strong>{delivery.rider.name}</strong> ·{' '}
                  <a href={`tel:+${delivery.rider.phone}`}>{localPhone(delivery.rider.phone)}</a>
                </>
              ) : delivery.partner ? (
                <>
                  {delivery.partner.name} parcel {delivery.partner.parcelId} to{' '}
                  <strong>{delivery.partner.agent.name ?? delivery.partner.agent.id}</strong>
                </>
              ) : null}
            </p>
            <p>
              Status: <strong>{delivery.status.replace(/_/g, ' ')}</strong>
              {delivery.deliveredAt ? <span className="o-muted"> · {when(delivery.deliveredAt)}</span> : null}
            </p>
          </div>
        )}
      </section>

      <OrderPayments view={view} />

      <OrderAftercare base={base} view={view} mayRefund={can.refund(role)} />

      <section aria-labelledby="tl-h">
        <h2 id="tl-h">Timeline</h2>
        <ol className="o-timeline" data-timeline>
          {order.timeline.map((e, n) => (
            <li key={n} data-event={e.type}>
              <strong>{eventLabel(e.type)}</strong>
              <span className="o-muted"> {when(e.at)}</span>
            </li>
          ))}
          {delivery?.events
            .filter((e) => e.status !== 'assigned' && e.status !== 'delivered')
            .map((e, n) => (
              <li key={`d${n}`} data-event={`delivery-${e.status}`}>
                <strong>Delivery: {e.status.replace(/_/g, ' ')}</strong>
                <span className="o-muted"> {when(e.occurredAt)}</span>
                {e.note ? <span className="o-block o-small">{e.note}</span> : null}
              </li>
            ))}
        </ol>
      </section>

      <section aria-labelledby="msg-h" id="conversation" className="o-conversation">
        <h2 id="msg-h">Messages with {order.customerName.split(' ')[0]}</h2>
        {!messages.ok ? (
          <ProblemBox problem={messages.problem} what="messages" />
        ) : messages.data.messages.length === 0 ? (
          <p className="o-muted">No messages yet.</p>
        ) : (
          <ol className="o-chat" data-messages>
            {messages.data.messages.map((m) => (
              <li key={m.id} className={`o-msg o-msg--${m.direction}`} data-direction={m.direction}>
                <span className="o-msg__body">
                  {m.body ?? (m.template ? `Template: ${m.template.replace(/_/g, ' ')}` : m.kind)}
                </span>
                <span className="o-msg__meta">
                  {m.direction === 'in' ? 'From shopper' : m.kind === 'owner_reply' ? 'Your reply' : 'Sent'} ·{' '}
                  {channelLabel(m.channel)} · {when(m.at)}
                  {m.direction === 'out' ? ` · ${m.status === 'failed' ? 'not delivered' : m.status}` : ''}
                </span>
              </li>
            ))}
          </ol>
        )}
        {messages.ok ? (
          <Reply base={base} order={order} conversation={messages.data} mayEditSettings={can.editSettings(role)} />
        ) : null}
      </section>
    </Shell>
  );
}

function FragmentRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
