import { ProblemBox } from '../../../_components/shell';
import { formatKes, when } from '@/lib/owner-format';
import type { OwnerOrderView } from '@/lib/owner/order-page';

/** The order's M-Pesa payments (every attempt, with flags to check) and its refunds. */
export function OrderPayments({ view }: { view: OwnerOrderView }) {
  const { money, payments, refunds, inFlight } = view;
  return (
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
                {p.receiptNumber ? (
                  <>
                    Receipt <strong data-receipt>{p.receiptNumber}</strong> ·{' '}
                  </>
                ) : null}
                {p.method === 'stk' ? 'PIN prompt' : 'Paid by hand'} · {p.phoneMasked}
              </span>
              <span className="o-block o-muted o-small">
                {when(p.createdAt)} · {p.outcome.replace(/_/g, ' ')}
                {p.refundedKes ? ` · ${formatKes(p.refundedKes)} refunded` : ''}
                {!p.countsForOrder ? ' · extra payment (not counted)' : ''}
              </span>
              {p.flags?.length ? (
                <span className="o-block o-flags">Check: {p.flags.join(', ').replace(/_/g, ' ')}</span>
              ) : null}
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
                  <span className={`o-badge o-badge--refund-${r.status}`}>
                    {r.status === 'pending' || r.status === 'requested' ? 'on its way' : r.status}
                  </span>
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
  );
}
