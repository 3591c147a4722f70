import { orderConversationSchema, orderDeliveriesSchema, orderResponseSchema, pickupAgentListSchema } from '@sokoni/contracts';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getAreas } from '@/lib/api';
import { forwardedFrom } from '@/lib/request';
import { Shell, ProblemBox, StatusBadge } from '../../_components/shell';
import {
  addDays,
  DISPATCHABLE_ORDER_STATUSES as DISPATCHABLE,
  formatNairobiDayMonth,
  formatNairobiTime,
  nairobiDay,
  OWNER_REPLY_MAX_CHARS,
  REFUNDABLE_ORDER_STATUSES as REFUNDABLE,
} from '@sokoni/contracts';
import type { Message, Order, OrderConversation, OrderDeliveries, OrderMoney, PickupAgent } from '@/lib/owner-data';
import { channelLabel, eventLabel, formatKes, localPhone, statusLabel, when } from '@/lib/owner-format';
import { ownerPage } from '@/lib/owner-page';
import { orderNumberParam } from '@/lib/owner-route';
import { can } from '@/lib/owner-session';

/** "14:32" today, "tomorrow 09:10", else "12 Mar 14:05" (Nairobi): when WhatsApp's window closes. */
function untilLabel(iso: string, now = new Date()): string {
  const time = formatNairobiTime(iso);
  if (nairobiDay(iso) === nairobiDay(now)) return time;
  if (nairobiDay(iso) === addDays(nairobiDay(now), 1)) return `tomorrow ${time}`;
  return `${formatNairobiDayMonth(iso)} ${time}`;
}

/**
 * One order: what to do next (by status and role), items and totals, the customer, delivery,
 * payments and refunds, the timeline, and the shopper's messages. Every action is a plain form
 * post to a route handler next to this page, which calls the API and comes back here.
 */
export default async function OrderPage({ params, searchParams }: { params: Promise<{ number: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const number = orderNumberParam((await params).number);
  if (number === null) notFound();
  const base = `/owner/orders/${number}`;
  const { api, session, flash } = await ownerPage(base, await searchParams);

  const orderAnswer = await api.get<{ order: Order }>(`/v1/owner/orders/${number}`, orderResponseSchema);
  if (!orderAnswer.ok && orderAnswer.problem.status === 404) notFound();
  if (!orderAnswer.ok) {
    return (
      <Shell session={session} tab="orders" title={`Order #${number}`} back={{ href: '/owner/orders', label: 'Orders' }}>
        <ProblemBox problem={orderAnswer.problem} what="this order" />
      </Shell>
    );
  }
  const order = orderAnswer.data.order;
  const [money, deliveries, messages, agents, areas] = await Promise.all([
    api.get<OrderMoney>(`/v1/owner/orders/${number}/payments`),
    api.get<OrderDeliveries>(`/v1/owner/orders/${number}/delivery`, orderDeliveriesSchema),
    api.get<OrderConversation>(`/v1/owner/orders/${number}/messages`, orderConversationSchema),
    DISPATCHABLE.has(order.status)
      ? api.anonymous<{ agents: PickupAgent[] }>(`/v1/stores/${session.store}/delivery/agents?area=${encodeURIComponent(order.areaSlug)}`, pickupAgentListSchema)
      : Promise.resolve(null),
    getAreas(forwardedFrom(await headers())).catch(() => []),
  ]);
  const areaName = areas.find((a) => a.slug === order.areaSlug)?.name ?? order.areaSlug;

  const role = session.role;
  const payments = money.ok ? money.data.payments : [];
  const refunds = money.ok ? money.data.refunds : [];
  const inFlight = refunds.filter((r) => r.status === 'requested' || r.status === 'pending');
  const paid = payments.find((p) => p.status === 'paid' && p.countsForOrder);
  const refundable = paid ? paid.amountKes - paid.refundedKes - inFlight.filter((r) => r.paymentId === paid.id).reduce((s, r) => s + r.amountKes, 0) : 0;
  const canCancel = order.status === 'pending_payment' || ((order.status === 'paid' || order.status === 'packed') && can.cancelPaid(role));
  const showRefund = can.refund(role) && REFUNDABLE.has(order.status) && paid !== undefined && refundable > 0 && inFlight.length === 0;
  const agentList = agents && agents.ok ? agents.data.agents : [];
  const delivery = deliveries.ok ? deliveries.data.delivery : null;

  return (
    <Shell session={session} tab="orders" title={`Order #${order.number}`} flash={flash} back={{ href: '/owner/orders', label: 'Orders' }}>
      {inFlight.length ? <meta httpEquiv="refresh" content="5" /> : null}
      <p className="o-order-head">
        <StatusBadge status={order.status} />
        <span className="o-muted">
          {when(order.createdAt)} · {channelLabel(order.channel)}
        </span>
      </p>

      <section className="o-card o-actions" aria-labelledby="next-h" data-actions>
        <h2 id="next-h">Next step</h2>
        {order.status === 'pending_payment' ? <p className="o-muted">Waiting for the shopper to pay with M-Pesa.</p> : null}
        {order.status === 'paid' ? (
          <form method="post" action={`${base}/status`}>
            <input type="hidden" name="to" value="packed" />
            <button type="submit" className="o-button" data-action="packed">Mark packed</button>
          </form>
        ) : null}
        {DISPATCHABLE.has(order.status) ? (
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
                <input name="riderPhone" required type="tel" inputMode="tel" placeholder="0712 345 678" maxLength={32} />
              </label>
              <label>
                Note (optional)
                <input name="note" maxLength={300} />
              </label>
              <button type="submit" className="o-button" data-action="dispatch">Dispatch with rider</button>
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
                <button type="submit" className="o-button o-button--plain" data-action="dispatch-partner">Send to pickup point</button>
              </form>
            ) : null}
          </details>
        ) : null}
        {order.status === 'dispatched' ? (
          <form method="post" action={`${base}/delivered`}>
            <button type="submit" className="o-button" data-action="delivered">Mark delivered</button>
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
                <input name="amountKes" inputMode="numeric" pattern="[0-9]*" defaultValue={String(refundable)} required />
              </label>
              <label>
                Reason
                <input name="reason" required minLength={2} maxLength={100} placeholder="e.g. Customer returned it" />
              </label>
              <p className="o-muted o-small">The money goes back to {paid?.phoneMasked} by M-Pesa reversal. Up to {formatKes(refundable)}.</p>
              <button type="submit" className="o-button o-button--danger" data-action="refund">Refund</button>
            </form>
          </details>
        ) : null}
        {canCancel ? (
          <details className="o-cancel">
            <summary>Cancel order</summary>
            <form method="post" action={`${base}/status`} className="o-form">
              <input type="hidden" name="to" value="cancelled" />
              <label>
                Why (optional)
                <input name="note" maxLength={300} />
              </label>
              <button type="submit" className="o-button o-button--danger" data-action="cancel">Cancel order #{order.number}</button>
              {order.status !== 'pending_payment' ? <p className="o-muted o-small">It is paid: refund the shopper too.</p> : null}
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
                {Object.keys(i.options).length ? <span className="o-muted"> ({Object.values(i.options).join(', ')})</span> : null}
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
          <dd className="o-total" data-total>{formatKes(order.totalKes)}</dd>
        </dl>
      </section>

      <section aria-labelledby="cust-h" className="o-card">
        <h2 id="cust-h">Customer</h2>
        <p>
          <strong>{order.customerName}</strong>
          <br />
          <a href={`tel:+${order.phone}`}>{localPhone(order.phone)}</a> · <a href={`https://wa.me/${order.phone}`}>WhatsApp</a>
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
                  Rider <strong>{delivery.rider.name}</strong> · <a href={`tel:+${delivery.rider.phone}`}>{localPhone(delivery.rider.phone)}</a>
                </>
              ) : delivery.partner ? (
                <>
                  {delivery.partner.name} parcel {delivery.partner.parcelId} to <strong>{delivery.partner.agent.name ?? delivery.partner.agent.id}</strong>
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

      <section aria-labelledby="pay-h">
        <h2 id="pay-h">Payments</h2>
        {!money.ok ? (
          <ProblemBox problem={money.problem} what="payments" />
        ) : payments.length === 0 ? (
          <p className="o-muted">No payment attempts yet.</p>
        ) : (
          <ul className="o-list" data-payments>
            {payments.map((p) => (
              <li key={p.id} className="o-card o-pay" data-payment={p.status}>
                <span className="o-order__top">
                  <strong>{formatKes(p.amountKes)}</strong>
                  <span className={`o-badge o-badge--pay-${p.status}`}>{p.status}</span>
                </span>
                <span className="o-block">
                  {p.receiptNumber ? <>Receipt <strong data-receipt>{p.receiptNumber}</strong> · </> : null}
                  {p.method === 'stk' ? 'PIN prompt' : 'Paid by hand'} · {p.phoneMasked}
                </span>
                <span className="o-block o-muted o-small">
                  {when(p.createdAt)} · {p.outcome.replace(/_/g, ' ')}
                  {p.refundedKes ? ` · ${formatKes(p.refundedKes)} refunded` : ''}
                  {!p.countsForOrder ? ' · extra payment (not counted)' : ''}
                </span>
                {p.flags?.length ? <span className="o-block o-flags">Check: {p.flags.join(', ').replace(/_/g, ' ')}</span> : null}
              </li>
            ))}
          </ul>
        )}
        {refunds.length ? (
          <>
            <h3>Refunds</h3>
            <ul className="o-list" data-refunds>
              {refunds.map((r) => (
                <li key={r.id} className="o-card" data-refund={r.status}>
                  <span className="o-order__top">
                    <strong>{formatKes(r.amountKes)}</strong>
                    <span className={`o-badge o-badge--refund-${r.status}`}>{r.status === 'pending' || r.status === 'requested' ? 'on its way' : r.status}</span>
                  </span>
                  <span className="o-block">{r.reason}</span>
                  <span className="o-block o-muted o-small">
                    {when(r.createdAt)}
                    {r.transactionId ? ` · M-Pesa ${r.transactionId}` : ''}
                    {r.status === 'failed' && r.resultDesc ? ` · ${r.resultDesc}` : ''}
                  </span>
                </li>
              ))}
            </ul>
            {inFlight.length ? <p className="o-muted o-small">This page refreshes itself until M-Pesa answers.</p> : null}
          </>
        ) : null}
      </section>

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
                <span className="o-msg__body">{m.body ?? (m.template ? `Template: ${m.template.replace(/_/g, ' ')}` : m.kind)}</span>
                <span className="o-msg__meta">
                  {m.direction === 'in' ? 'From shopper' : m.kind === 'owner_reply' ? 'Your reply' : 'Sent'} · {channelLabel(m.channel)} · {when(m.at)}
                  {m.direction === 'out' ? ` · ${m.status === 'failed' ? 'not delivered' : m.status}` : ''}
                </span>
              </li>
            ))}
          </ol>
        )}
        {messages.ok ? <Reply base={base} order={order} conversation={messages.data} mayEditSettings={can.editSettings(role)} /> : null}
      </section>
    </Shell>
  );
}

/**
 * Answer the shopper from here (a free-text WhatsApp from the store's number) while WhatsApp's
 * 24-hour window is open; otherwise say why not and how else to reach them. A plain form post.
 */
function Reply({ base, order, conversation, mayEditSettings }: { base: string; order: Order; conversation: OrderConversation; mayEditSettings: boolean }) {
  const { window: wa, reply } = conversation;
  const phone = localPhone(order.phone);
  const callOrSms = (Call: 'Call' | 'call') => (
    <>
      <a href={`tel:+${order.phone}`}>{Call}</a> or <a href={`sms:+${order.phone}`}>SMS</a> them at <span className="o-nowrap">{phone}</span>
    </>
  );
  if (reply.allowed && wa.closesAt) {
    return (
      <form method="post" action={`${base}/reply`} className="o-form o-reply" data-reply-form>
        <label>
          Reply on WhatsApp
          <textarea name="text" required maxLength={OWNER_REPLY_MAX_CHARS} rows={3} placeholder="Type your answer to the shopper" />
        </label>
        <p className="o-hint" data-window="open">You can reply until {untilLabel(wa.closesAt)} (24 hours after their last message).</p>
        <button type="submit" className="o-button" data-action="reply">Send</button>
      </form>
    );
  }
  if (reply.reason === 'opted_out') {
    return <p className="o-card o-small o-reply-closed" data-window="opted-out">This shopper replied STOP, so your store does not message them on WhatsApp. If you must reach them, {callOrSms('call')}.</p>;
  }
  if (reply.reason === 'whatsapp_not_configured') {
    return (
      <p className="o-card o-small o-reply-closed" data-window="not-configured">
        Your store has no WhatsApp number connected, so you cannot reply from here{mayEditSettings ? <> (<a href="/owner/settings">connect it in Settings</a>)</> : null}. {callOrSms('Call')}.
      </p>
    );
  }
  return (
    <p className="o-card o-small o-reply-closed" data-window="closed">
      The shopper has not written in the last 24 hours{wa.closesAt ? ` (their window closed at ${untilLabel(wa.closesAt)})` : ''}: WhatsApp only lets you send order updates. {callOrSms('Call')}.
    </p>
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
