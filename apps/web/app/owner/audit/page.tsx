import { auditLogPageSchema } from '@sokoni/contracts';
import { ProblemBox, SettingsShell } from '../_components/shell';
import { when } from '@/lib/owner-format';
import { ownerPage, param, pathWith, type OwnerPageProps } from '@/lib/owner-page';

/** What the filter offers: the changes an owner asks "who did that?" about. */
const TOPICS = [
  { value: '', label: 'Everything' },
  { value: 'product.price_changed', label: 'Price changes' },
  { value: 'refund.requested', label: 'Refunds asked for' },
  { value: 'refund.completed', label: 'Refunds paid out' },
  { value: 'user.role_changed', label: 'Role changes' },
  { value: 'user.invited', label: 'Invitations' },
  { value: 'settings.mpesa_changed', label: 'M-Pesa settings' },
  { value: 'payment.paid', label: 'Payments received' },
] as const;

/** The store's audit log (owners and admins): who changed what, when, before and after. */
export default async function AuditPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const { api, session, flash } = await ownerPage('/owner/audit', search);
  const action = param(search, 'action') ?? '';
  const cursor = param(search, 'cursor');
  const answer = await api.get(
    pathWith('/v1/owner/audit', { action: action || undefined, cursor, limit: '30' }),
    auditLogPageSchema,
  );
  return (
    <SettingsShell session={session} title="Audit log" flash={flash}>
      <form method="get" action="/owner/audit" className="o-form o-form--inline">
        <label>
          Show
          <select name="action" defaultValue={action}>
            {TOPICS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="o-button o-button--plain">
          Filter
        </button>
      </form>
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="the audit log" />
      ) : answer.data.items.length === 0 ? (
        <p className="o-muted">Nothing recorded yet.</p>
      ) : (
        <>
          <ul className="o-list" data-audit>
            {answer.data.items.map((e) => (
              <li key={e.id} className="o-card" data-audit-action={e.action}>
                <p className="o-order__top">
                  <strong>{e.action.replace(/[._]/g, ' ')}</strong>
                  <span className="o-muted o-small">{when(e.at)}</span>
                </p>
                <p className="o-small">
                  By{' '}
                  {e.actor.type === 'user'
                    ? (e.actor.name ?? 'a staff member')
                    : e.actor.type === 'system'
                      ? `Sokoni (${e.actor.id ?? 'system'})`
                      : 'a shopper'}{' '}
                  · {e.entity.type}
                </p>
                {e.before !== null && e.before !== undefined ? (
                  <p className="o-small o-muted">
                    Before: <code>{brief(e.before)}</code>
                  </p>
                ) : null}
                {e.after !== null && e.after !== undefined ? (
                  <p className="o-small">
                    After: <code>{brief(e.after)}</code>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          {answer.data.nextCursor ? (
            <p>
              <a
                className="o-button o-button--plain"
                href={pathWith('/owner/audit', { action: action || undefined, cursor: answer.data.nextCursor })}
              >
                Older entries
              </a>
            </p>
          ) : null}
        </>
      )}
    </SettingsShell>
  );
}

/** A one-line view of a before/after value: enough to see what changed on a phone. */
function brief(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 240 ? `${text.slice(0, 240)}…` : text;
}
