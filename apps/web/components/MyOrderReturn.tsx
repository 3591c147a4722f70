import type { OrderTracking } from '@sokoni/contracts';
import { useFormat, useMessages } from '@/lib/i18n';
import { aftercareMessages } from '@/lib/i18n/messages/aftercare';

/**
 * "My orders": a return's state, or, inside the store's window after delivery, the return form
 * (how many of each line, why, a photo if you like). A plain multipart form post to
 * <store>/account/returns; no JavaScript.
 */
export function MyOrderReturn({
  base,
  order,
  tracking,
}: {
  base: string;
  order: { id: string; number: number; lines: { sku: string; title: string; quantity: number }[] };
  tracking: OrderTracking;
}) {
  const t = useMessages(aftercareMessages);
  const { formatKes } = useFormat();
  const ret = tracking.returns.request;
  if (ret) {
    return (
      <p className="acct-return muted" data-return={ret.status}>
        {t(`acct_${ret.status}`, {
          note: ret.decisionNote ?? '',
          amount: formatKes(ret.amountKes),
          creditNote: ret.creditNote ?? '',
        })}
      </p>
    );
  }
  if (!tracking.returns.allowed) return null;
  return (
    <details className="aftercare acct-return" data-return-form={order.number}>
      <summary>{t('returnSomething')}</summary>
      <form method="post" action={`${base}/account/returns`} encType="multipart/form-data">
        <input type="hidden" name="order" value={order.id} />
        {order.lines.map((l) => (
          <div className="ret-line" key={l.sku}>
            <label htmlFor={`ret-${order.number}-${l.sku}`}>{l.title}</label>
            <select id={`ret-${order.number}-${l.sku}`} name={`qty:${l.sku}`} defaultValue="0">
              {Array.from({ length: l.quantity + 1 }, (_, n) => (
                <option key={n} value={n}>
                  {n === 0 ? t('keep') : t('returnN', { n })}
                </option>
              ))}
            </select>
          </div>
        ))}
        <label htmlFor={`ret-reason-${order.number}`}>{t('why')}</label>
        <textarea id={`ret-reason-${order.number}`} name="reason" required minLength={3} maxLength={500} />
        <label htmlFor={`ret-photo-${order.number}`}>{t('photo')}</label>
        <input id={`ret-photo-${order.number}`} type="file" name="photo" accept="image/jpeg,image/png,image/webp" />
        <button type="submit" className="button button--ghost button--small" data-ask-return="">
          {t('askReturn')}
        </button>
        <p className="muted">{t('returnWindow', { days: tracking.returns.windowDays })}</p>
      </form>
    </details>
  );
}
