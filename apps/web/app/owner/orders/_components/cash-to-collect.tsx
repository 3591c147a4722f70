import { cashToCollectSchema } from '@sokoni/contracts';
import { ProblemBox } from '../../_components/shell';
import type { OwnerApi } from '@/lib/owner-api';
import { formatKes, localPhone } from '@/lib/owner-format';

/**
 * Pay on delivery: cash still out with riders (dispatched, not collected yet), per rider, so the
 * owner knows what each rider should bring back. Nothing shows when nothing is out.
 */
export async function CashToCollect({ api }: { api: OwnerApi }) {
  const answer = await api.get('/v1/owner/pay-on-delivery/cash-to-collect', cashToCollectSchema);
  if (!answer.ok) return <ProblemBox problem={answer.problem} what="cash to collect" />;
  const { riders, totalKes } = answer.data;
  if (riders.length === 0) return null;
  return (
    <section className="o-card" aria-labelledby="cash-h" data-cash-to-collect>
      <h2 id="cash-h">Cash to collect: {formatKes(totalKes)}</h2>
      <ul className="o-list">
        {riders.map((r) => (
          <li key={r.riderPhone} data-rider={r.riderName}>
            <strong>{r.riderName}</strong> <span className="o-muted">{localPhone(r.riderPhone)}</span>:{' '}
            <span data-rider-amount>{formatKes(r.amountKes)}</span> for{' '}
            {r.orderNumbers.map((n, i) => (
              <span key={n}>
                {i ? ', ' : ''}
                <a href={`/owner/orders/${n}`}>#{n}</a>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
