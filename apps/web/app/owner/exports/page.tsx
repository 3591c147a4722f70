import { nairobiDay, ownerExportListSchema } from '@sokoni/contracts';
import { ProblemBox, SettingsShell } from '../_components/shell';
import { when } from '@/lib/owner-format';
import { downloadHref, EXPORT_FILTERS, EXPORT_KINDS, statusText } from '@/lib/owner-exports';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';

/**
 * Exports for the accountant (owners and admins): pick what, which days and an optional filter;
 * download it now (streamed) or run it in the background for a link that works 24 hours. While an
 * export is being written the page reloads itself every 2 seconds (no JavaScript), so its
 * progress bar moves on the cheapest phone.
 */
export default async function ExportsPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const { api, session, flash } = await ownerPage('/owner/exports', search);
  const today = nairobiDay(new Date());
  const answer = await api.get('/v1/owner/exports/jobs', ownerExportListSchema);
  const busy = answer.ok && answer.data.exports.some((e) => e.status === 'queued' || e.status === 'running');
  return (
    <SettingsShell session={session} title="Exports" flash={flash}>
      {busy ? <meta httpEquiv="refresh" content="2" /> : null}
      <section className="o-card" aria-labelledby="new-export-h">
        <h2 id="new-export-h">New export</h2>
        <form method="get" action="/owner/exports/download" className="o-form" data-export-form>
          <label>
            What
            <select name="kind" defaultValue="orders">
              {EXPORT_KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input type="date" name="from" required defaultValue={`${today.slice(0, 8)}01`} />
          </label>
          <label>
            To
            <input type="date" name="to" required defaultValue={today} />
          </label>
          <label>
            Only (optional)
            <select name="filter" defaultValue="">
              <option value="">Everything</option>
              {EXPORT_FILTERS.map((g) => (
                <optgroup key={g.group} label={g.group}>
                  {g.options.map((o) => (
                    <option key={o.value} value={`${g.kind}:${o.value}`}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <p className="o-muted o-small">
            Days are Nairobi days, both included, up to a year. Amounts are whole shillings. Files open in Excel and
            Google Sheets.
          </p>
          <p className="o-actions">
            <button type="submit" className="o-button" data-export-direct>
              Download now
            </button>
            <button
              type="submit"
              className="o-button o-button--plain"
              formAction="/owner/exports/jobs"
              formMethod="post"
              data-export-job
            >
              Run in background
            </button>
          </p>
          <p className="o-muted o-small">
            Big exports (more than 20,000 rows, like a year of orders) are best run in the background: you get a link
            that works for 24 hours, also for your accountant.
          </p>
        </form>
        <ul className="o-list o-small">
          {EXPORT_KINDS.map((k) => (
            <li key={k.value}>
              <strong>{k.label}:</strong> {k.hint}
            </li>
          ))}
        </ul>
      </section>

      <section className="o-card" aria-labelledby="recent-exports-h">
        <h2 id="recent-exports-h">Recent background exports</h2>
        {!answer.ok ? (
          <ProblemBox problem={answer.problem} what="your exports" />
        ) : answer.data.exports.length === 0 ? (
          <p className="o-muted">None yet.</p>
        ) : (
          <ul className="o-list" data-exports>
            {answer.data.exports.map((e) => {
              const href = downloadHref(e);
              const label = EXPORT_KINDS.find((k) => k.value === e.kind)?.label ?? e.kind;
              return (
                <li key={e.id} className="o-card" data-export={e.id} data-export-status={e.status}>
                  <p className="o-order__top">
                    <strong>{label}</strong>
                    <span className="o-muted o-small">
                      {String(e.params.from)} to {String(e.params.to)}
                    </span>
                  </p>
                  <progress
                    value={Math.round(e.progress * 100)}
                    max={100}
                    aria-label={`${label} progress`}
                    style={{ width: '100%' }}
                  />
                  <p className="o-small" data-export-text>
                    {statusText(e)}
                  </p>
                  {href && e.download ? (
                    <p>
                      <a href={href} className="o-button o-button--plain" data-export-link download>
                        Download CSV
                      </a>{' '}
                      <span className="o-muted o-small">link works until {when(e.download.expiresAt)}</span>
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </SettingsShell>
  );
}
