import type { OrderAftercare } from '@/lib/storefront/order-aftercare';
import { useFormat, useMessages } from '@/lib/i18n';
import { aftercareMessages } from '@/lib/i18n/messages/aftercare';
import { commonMessages } from '@/lib/i18n/messages/common';
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
  const t = useMessages(aftercareMessages);
  const common = useMessages(commonMessages);
  const { formatDate } = useFormat();
  const { tracking, hours, signedIn } = aftercare;
  const ret = tracking.returns.request;
  return (
    <section className="co__section aftercare" aria-labelledby="tracking-title">
      <h2 id="tracking-title">{t('whereIsMyOrder')}</h2>
      <OrderTracking tracking={tracking} hours={hours} />
      {ret ? (
        <p className="notices" data-return={ret.status}>
          {t(`box_${ret.status}`, { note: ret.decisionNote ?? '', creditNote: ret.creditNote ?? '' })}
        </p>
      ) : tracking.returns.allowed ? (
        <p>
          {t('returnUntil', { date: tracking.returns.openUntil ? formatDate(tracking.returns.openUntil) : '' })}{' '}
          <a href={`${base}/account`}>{common('myOrders')}</a>.
        </p>
      ) : null}
      {tracking.cancel.allowed ? (
        signedIn ? (
          <form method="post" action={`${base}/orders/${orderId}/cancel`} data-cancel-form="">
            <label htmlFor="cancel-reason">{t('cancelLabel')}</label>
            <textarea id="cancel-reason" name="reason" maxLength={300} />
            <button type="submit" className="button button--ghost" data-cancel-order="">
              {t('cancelButton', { number: tracking.number })}
            </button>
            {tracking.status !== 'pending_payment' ? <p className="muted">{t('cancelRefund')}</p> : null}
          </form>
        ) : (
          <p className="muted" data-cancel-sign-in="">
            {t('cancelSignInBefore')} <a href={`${base}/account`}>{t('cancelSignInLink')}</a> {t('cancelSignInAfter')}
          </p>
        )
      ) : null}
    </section>
  );
}
