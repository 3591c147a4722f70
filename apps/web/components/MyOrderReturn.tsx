import { formatKes, type OrderTracking } from '@sokoni/contracts';

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
  const ret = tracking.returns.request;
  if (ret) {
    const words =
      ret.status === 'requested'
        ? 'asked for; the shop will answer soon'
        : ret.status === 'refused'
          ? `refused: ${ret.decisionNote ?? ''}`
          : ret.status === 'accepted'
            ? `accepted: ${formatKes(ret.amountKes)} back to your M-Pesa (credit note ${ret.creditNote})`
            : `received by the shop: ${formatKes(ret.amountKes)} refunded (credit note ${ret.creditNote})`;
    return (
      <p className="acct-return muted" data-return={ret.status}>
        Return {words}.
      </p>
    );
  }
  if (!tracking.returns.allowed) return null;
  return (
    <details className="aftercare acct-return" data-return-form={order.number}>
      <summary>Return something</summary>
      <form method="post" action={`${base}/account/returns`} encType="multipart/form-data">
        <input type="hidden" name="order" value={order.id} />
        {order.lines.map((l) => (
          <div className="ret-line" key={l.sku}>
            <label htmlFor={`ret-${order.number}-${l.sku}`}>{l.title}</label>
            <select id={`ret-${order.number}-${l.sku}`} name={`qty:${l.sku}`} defaultValue="0">
              {Array.from({ length: l.quantity + 1 }, (_, n) => (
                <option key={n} value={n}>
                  {n === 0 ? 'Keep' : `Return ${n}`}
                </option>
              ))}
            </select>
          </div>
        ))}
        <label htmlFor={`ret-reason-${order.number}`}>Why? (the shop reads this)</label>
        <textarea id={`ret-reason-${order.number}`} name="reason" required minLength={3} maxLength={500} />
        <label htmlFor={`ret-photo-${order.number}`}>A photo (optional, up to 700 KB)</label>
        <input id={`ret-photo-${order.number}`} type="file" name="photo" accept="image/jpeg,image/png,image/webp" />
        <button type="submit" className="button button--ghost button--small" data-ask-return="">
          Ask for a return
        </button>
        <p className="muted">
          Within {tracking.returns.windowDays} days of delivery. Accepted returns are refunded to your M-Pesa.
        </p>
      </form>
    </details>
  );
}
