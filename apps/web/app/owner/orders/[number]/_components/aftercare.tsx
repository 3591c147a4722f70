import { ProblemBox } from '../../../_components/shell';
import { formatKes, when } from '@/lib/owner-format';
import type { OwnerOrderView } from '@/lib/owner/order-page';

/**
 * After the sale: money still owed back on a cancelled order, and the shopper's return (lines,
 * reason, photo) with the owner's decision (accept = partial refund + credit note; refuse with a
 * reason), "received back" (stock returns) and a retry when the refund did not go.
 */
export function OrderAftercare({ base, view, mayRefund }: { base: string; view: OwnerOrderView; mayRefund: boolean }) {
  const { aftercare } = view;
  if (!aftercare.ok) return <ProblemBox problem={aftercare.problem} what="the return" />;
  const { tracking, refundOwedKes } = aftercare.data;
  const ret = tracking.returns.request;
  return (
    <section aria-labelledby="after-h" data-aftercare>
      <h2 id="after-h">Returns and refunds</h2>
      {refundOwedKes > 0 && view.inFlight.length === 0 ? (
        <p className="o-card o-warn" data-refund-owed={refundOwedKes}>
          Cancelled, but {formatKes(refundOwedKes)} of the shopper&apos;s money has not gone back yet. Use Refund above
          {mayRefund ? '' : ' (an owner or admin can)'}.
        </p>
      ) : null}
      {!ret ? (
        <p className="o-muted">
          {tracking.returns.allowed
            ? `The shopper can ask for a return until ${tracking.returns.openUntil ? when(tracking.returns.openUntil) : '-'} (window ${tracking.returns.windowDays} days).`
            : 'No return asked for.'}
        </p>
      ) : (
        <div className="o-card" data-return={ret.status}>
          <p>
            <strong>Return {ret.status}</strong> · asked {when(ret.createdAt)} · worth {formatKes(ret.amountKes)} (VAT{' '}
            {formatKes(ret.vatKes)}){ret.creditNote ? ` · credit note ${ret.creditNote}` : ''}
          </p>
          <ul className="o-rows">
            {ret.lines.map((l) => (
              <li key={l.line} className="o-row">
                <span>
                  {l.quantity} × {l.title} <span className="o-muted o-small">{l.sku}</span>
                </span>
              </li>
            ))}
          </ul>
          <p>
            Why: <q>{ret.reason}</q>
            {ret.hasPhoto ? (
              <>
                {' · '}
                <a href={`${base}/return-photo`} target="_blank" rel="noopener">
                  See the photo
                </a>
              </>
            ) : null}
          </p>
          {ret.decisionNote ? <p className="o-muted">Your answer: {ret.decisionNote}</p> : null}
          {ret.refund ? (
            <p data-return-refund={ret.refund.status}>
              Refund {formatKes(ret.refund.amountKes)}: {ret.refund.status}
            </p>
          ) : null}
          {ret.status === 'requested' && mayRefund ? (
            <div className="o-form--split">
              <form method="post" action={`${base}/return`} className="o-form">
                <input type="hidden" name="action" value="accept" />
                <button type="submit" className="o-button" data-action="return-accept">
                  Accept and refund {formatKes(ret.amountKes)}
                </button>
              </form>
              <form method="post" action={`${base}/return`} className="o-form">
                <input type="hidden" name="action" value="refuse" />
                <label>
                  Why not (the shopper is told)
                  <input name="note" required minLength={3} maxLength={300} />
                </label>
                <button type="submit" className="o-button o-button--plain" data-action="return-refuse">
                  Refuse
                </button>
              </form>
            </div>
          ) : null}
          {ret.status === 'accepted' ? (
            <form method="post" action={`${base}/return`} className="o-form">
              <input type="hidden" name="action" value="received" />
              <button type="submit" className="o-button" data-action="return-received">
                Goods received back: put them back in stock
              </button>
            </form>
          ) : null}
          {(ret.status === 'accepted' || ret.status === 'received') &&
          mayRefund &&
          (!ret.refund || ret.refund.status === 'failed') ? (
            <form method="post" action={`${base}/return`} className="o-form">
              <input type="hidden" name="action" value="refund" />
              <button type="submit" className="o-button o-button--danger" data-action="return-refund">
                Send the refund of {formatKes(ret.amountKes)} again
              </button>
            </form>
          ) : null}
        </div>
      )}
    </section>
  );
}
