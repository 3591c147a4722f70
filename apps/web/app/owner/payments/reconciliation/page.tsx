import {
  addDays,
  nairobiDay,
  reconciliationDaySchema,
  reconciliationDaysSchema,
  reconciliationReportSchema,
  type ReconciliationReport,
} from '@sokoni/contracts';
import { ProblemBox, Shell } from '../../_components/shell';
import { formatKes, plural, when } from '@/lib/owner-format';
import { ownerPage, param, pathWith, type OwnerPageProps } from '@/lib/owner-page';
import { exceptionFor } from '@/lib/owner/reconciliation';

const PAGE = '/owner/payments/reconciliation';

/**
 * The daily M-Pesa reconciliation (owner and admin: audit.read): pick a day (yesterday by
 * default; the recent days listed with how they came out), the day's totals (what paid orders
 * say shoppers owed against what M-Pesa received), and every exception with what to do and a
 * link to do it. A day without a report yet can be checked now (a plain form post).
 */
export default async function ReconciliationPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const yesterday = addDays(nairobiDay(), -1);
  const asked = param(search, 'day');
  const day = asked && reconciliationDaySchema.safeParse(asked).success ? asked : yesterday;
  const { api, session, flash } = await ownerPage(pathWith(PAGE, { day: asked ? day : undefined }), search);
  const [days, report] = await Promise.all([
    api.get('/v1/owner/payments/reconciliation?limit=14', reconciliationDaysSchema),
    api.get(`/v1/owner/payments/reconciliation/${day}`, reconciliationReportSchema),
  ]);
  const missing = !report.ok && report.problem.status === 404;

  return (
    <Shell
      session={session}
      tab="orders"
      title="M-Pesa reconciliation"
      flash={flash}
      back={{ href: '/owner/orders', label: 'Orders' }}
    >
      <form method="get" action={PAGE} className="o-filters o-filters--two" aria-label="Pick a day">
        <label>
          Day
          <input type="date" name="day" defaultValue={day} max={nairobiDay()} required />
        </label>
        <div className="o-filters__go">
          <button type="submit" className="o-button">
            Show
          </button>
        </div>
      </form>
      {asked && asked !== day ? (
        <p className="o-flash o-flash--error" role="alert">
          &ldquo;{asked.slice(0, 20)}&rdquo; is not a day; showing {day}.
        </p>
      ) : null}

      {report.ok ? (
        <Report data={report.data} />
      ) : missing ? (
        <section className="o-card" data-report="none">
          <p>No report for {day} yet. Reports are made every night for the day before.</p>
          <RunForm day={day} label="Check this day now" />
        </section>
      ) : (
        <ProblemBox problem={report.problem} what="the report" />
      )}

      <section aria-labelledby="days-h">
        <h2 id="days-h">Recent days</h2>
        {!days.ok ? (
          <ProblemBox problem={days.problem} what="the recent days" />
        ) : days.data.days.length === 0 ? (
          <p className="o-muted">No reports yet.</p>
        ) : (
          <ul className="o-rows" data-days>
            {days.data.days.map((d) => (
              <li key={d.day}>
                <a
                  href={`${PAGE}?day=${d.day}`}
                  className="o-row"
                  data-day={d.day}
                  aria-current={d.day === day ? 'page' : undefined}
                >
                  <span>
                    <strong>{d.day}</strong>{' '}
                    <span className="o-muted o-small">received {formatKes(d.receivedKes)}</span>
                  </span>
                  <span className={`o-badge ${d.mismatches ? 'o-badge--sale' : 'o-badge--paid'}`} data-state>
                    {d.mismatches ? `${plural(d.mismatches, 'thing', 'things')} to check` : 'All matched'}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Shell>
  );
}

function RunForm({ day, label }: { day: string; label: string }) {
  return (
    <form method="post" action={`${PAGE}/run`} className="o-form">
      <input type="hidden" name="day" value={day} />
      <button type="submit" className="o-button o-button--plain" data-action="run">
        {label}
      </button>
    </form>
  );
}

function Report({ data }: { data: ReconciliationReport }) {
  const { report, etims } = data;
  const t = report.totals;
  const expected = t.expectedKes;
  const gap = expected === undefined ? null : t.receivedKes - expected;
  return (
    <>
      <section aria-labelledby="totals-h" className="o-card" data-report={report.day}>
        <h2 id="totals-h">Totals for {report.day}</h2>
        <dl className="o-totals">
          <dt>Paid orders should bring</dt>
          <dd data-expected>{expected === undefined ? 'not counted in this report' : formatKes(expected)}</dd>
          <dt>M-Pesa received</dt>
          <dd data-received>{formatKes(t.receivedKes)}</dd>
          {gap !== null ? (
            <>
              <dt>Difference</dt>
              <dd data-gap={gap}>{gap === 0 ? 'none' : `${gap > 0 ? '+' : '-'}${formatKes(Math.abs(gap))}`}</dd>
            </>
          ) : null}
          <dt>Refunded</dt>
          <dd>{formatKes(t.refundedKes)}</dd>
          <dt>Orders</dt>
          <dd>
            {t.paidOrders} paid of {t.orders}
          </dd>
          <dt>Payment attempts</dt>
          <dd>
            {t.paidAttempts} paid, {t.failedAttempts} failed, {t.openAttempts} open
          </dd>
        </dl>
        <p className="o-muted o-small">
          {t.statementChecked ? 'Checked against the M-Pesa statement' : 'Checked by asking M-Pesa about each payment'}
          {t.recoveredFromMpesa ? `; ${plural(t.recoveredFromMpesa, 'payment', 'payments')} found and applied` : ''}.
          Made {when(report.generatedAt)}.
        </p>
        <RunForm day={report.day} label="Check again" />
      </section>

      <section aria-labelledby="todo-h">
        <h2 id="todo-h">To act on</h2>
        {report.mismatches.length === 0 ? (
          <p className="o-card" data-exceptions="0">
            Everything matched: every paid order has its M-Pesa payment.
          </p>
        ) : (
          <ul className="o-list" data-exceptions={report.mismatches.length}>
            {report.mismatches.map((m, i) => {
              const e = exceptionFor(m);
              return (
                <li key={`${m.kind}-${m.paymentId ?? m.receipt ?? i}`} className="o-card" data-exception={m.kind}>
                  <p>
                    <strong>{e.title}</strong>
                    {m.orderNumber ? <span className="o-muted"> · order #{m.orderNumber}</span> : null}
                  </p>
                  <p>{e.todo}</p>
                  <p className="o-muted o-small">{m.detail}</p>
                  {e.link ? (
                    <p>
                      <a href={e.link.href} data-exception-link>
                        {e.link.label}
                      </a>
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        {etims.etimsEnabled ? (
          <div className="o-card" data-etims={etims.orders.length}>
            <p>
              <strong>KRA eTIMS:</strong>{' '}
              {etims.orders.length === 0
                ? 'every paid order of the day has an accepted invoice.'
                : `${plural(etims.orders.length, 'paid order', 'paid orders')} without an accepted invoice.`}
            </p>
            {etims.orders.length ? (
              <ul className="o-rows">
                {etims.orders.map((o) => (
                  <li key={o.orderNumber}>
                    <a href={`/owner/orders/${o.orderNumber}`} className="o-row" data-etims-order={o.orderNumber}>
                      <span>
                        #{o.orderNumber} · {formatKes(o.totalKes)}
                      </span>
                      <span className="o-muted o-small">
                        {o.etimsStatus}
                        {o.reason ? `: ${o.reason}` : ''}
                      </span>
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </section>
    </>
  );
}
