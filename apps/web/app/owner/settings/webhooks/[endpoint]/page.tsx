import { webhookDeliveryListSchema } from '@sokoni/contracts';
import { ProblemBox, SettingsShell } from '../../../_components/shell';
import { when } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';
import { notFound } from 'next/navigation';
import { WEBHOOK_EVENT_WORDS } from '../webhook-words';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS_WORDS = { pending: 'Waiting', delivered: 'Delivered', failed: 'Failed' } as const;

/** One endpoint's last 50 deliveries: outcome, attempts, the receiver's answer, and resend. */
export default async function WebhookDeliveriesPage({
  params,
  searchParams,
}: OwnerPageProps & { params: Promise<{ endpoint: string }> }) {
  const { endpoint } = await params;
  if (!UUID_RE.test(endpoint)) notFound();
  const here = `/owner/settings/webhooks/${endpoint}`;
  const { api, session, flash } = await ownerPage(here, await searchParams);
  if (!can.editSettings(session.role)) {
    return (
      <SettingsShell session={session} title="Webhook deliveries" flash={flash}>
        <p className="o-muted">Only an owner or admin can see webhook deliveries.</p>
      </SettingsShell>
    );
  }
  const answer = await api.get(`/v1/owner/settings/webhooks/${endpoint}/deliveries`, webhookDeliveryListSchema);
  return (
    <SettingsShell session={session} title="Webhook deliveries" flash={flash}>
      <p>
        <a href="/owner/settings/webhooks">All endpoints</a>
      </p>
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="deliveries" />
      ) : answer.data.deliveries.length === 0 ? (
        <p className="o-muted" data-no-deliveries>
          Nothing sent yet. Press &quot;Send test&quot; on the endpoint to try it.
        </p>
      ) : (
        <ul className="o-list" data-deliveries>
          {answer.data.deliveries.map((d) => (
            <li key={d.id} className="o-card" data-delivery={d.id} data-status={d.status}>
              <p className="o-order__top">
                <strong>{WEBHOOK_EVENT_WORDS[d.eventType] ?? d.eventType}</strong>
                <span
                  className={`o-badge o-badge--${d.status === 'delivered' ? 'active' : d.status === 'failed' ? 'cancelled' : 'paid'}`}
                >
                  {STATUS_WORDS[d.status]}
                </span>
              </p>
              <p className="o-small o-muted">
                {when(d.createdAt)} · {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                {d.lastStatusCode !== null ? ` · answered ${d.lastStatusCode}` : ''}
                {d.lastDurationMs !== null ? ` in ${d.lastDurationMs} ms` : ''}
              </p>
              {d.lastError ? (
                <p className="o-small" data-last-error>
                  {d.lastError}
                </p>
              ) : null}
              {d.status === 'pending' && d.nextAttemptAt ? (
                <p className="o-small o-muted">Next try {when(d.nextAttemptAt)}</p>
              ) : null}
              {d.status !== 'pending' ? (
                <form method="post" action={`${here}/resend`}>
                  <input type="hidden" name="delivery" value={d.id} />
                  <button type="submit" className="o-button o-button--plain" data-resend>
                    Send again
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </SettingsShell>
  );
}
