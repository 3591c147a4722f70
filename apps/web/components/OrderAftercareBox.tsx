import type { OrderAftercare } from '@/lib/storefront/order-aftercare';
import { OrderTracking } from './OrderTracking';

/**
 * The order page's "Where is my order" timeline, the Cancel form (before dispatch, for the
 * phone-verified shopper: a plain form post, no JavaScript) and the return's state.
 */
export function OrderAftercareBox({
  base,
  orderId,
  aftercare,
}: {
  base: string;
  orderId: string;
  aftercare: OrderAftercare;
}) {
  const { tracking, hours, signedIn } = aftercare;
  const ret = tracking.returns.request;
  return (
    <section className="co__section aftercare" aria-labelledby="tracking-title">
      <h2 id="tracking-title">Where is my order</h2>
      <OrderTracking tracking={tracking} hours={hours} />
      {ret ? (
        <p className="notices" data-return={ret.status}>
          Return:{' '}
          {ret.status === 'requested'
            ? 'asked for; the shop will answer soon.'
            : ret.status === 'refused'
              ? `refused by the shop: ${ret.decisionNote ?? ''}`
              : ret.status === 'accepted'
                ? `accepted (credit note ${ret.creditNote}); your refund is on its way.`
                : `received back at the shop (credit note ${ret.creditNote}).`}
        </p>
      ) : tracking.returns.allowed ? (
        <p>
          Something wrong? You can ask for a return until{' '}
          {tracking.returns.openUntil ? new Date(tracking.returns.openUntil).toLocaleDateString('en-KE') : ''} from{' '}
          <a href={`${base}/account`}>My orders</a>.
        </p>
      ) : null}
      {tracking.cancel.allowed ? (
        signedIn ? (
          <form method="post" action={`${base}/orders/${orderId}/cancel`} data-cancel-form="">
            <label htmlFor="cancel-reason">Cancel this order? Tell the shop why (optional)</label>
            <textarea id="cancel-reason" name="reason" maxLength={300} />
            <button type="submit" className="button button--ghost" data-cancel-order="">
              Cancel order #{tracking.number}
            </button>
            {tracking.status !== 'pending_payment' ? (
              <p className="muted">What you paid goes back to your M-Pesa.</p>
            ) : null}
          </form>
        ) : (
          <p className="muted" data-cancel-sign-in="">
            To cancel before it leaves the shop, <a href={`${base}/account`}>sign in with your phone number</a> first.
          </p>
        )
      ) : null}
    </section>
  );
}
