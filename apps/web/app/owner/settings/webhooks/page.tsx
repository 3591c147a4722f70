import { webhookEndpointListSchema, type WebhookEndpoint } from '@sokoni/contracts';
import { ProblemBox, SettingsShell } from '../../_components/shell';
import { when } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';
import { WEBHOOK_EVENT_WORDS } from './webhook-words';

/**
 * Outbound webhooks (owners and admins): the merchant's own systems (accounting, ERP, a
 * warehouse app) get order.paid, order.cancelled, refund.completed and product.stock_low, signed.
 * Add an endpoint (the signing secret is shown once, in the confirmation), send a test, turn off
 * or on, remove, and open its delivery log with resend. Plain forms, no JavaScript.
 */
export default async function WebhooksPage({ searchParams }: OwnerPageProps) {
  const { api, session, flash } = await ownerPage('/owner/settings/webhooks', await searchParams);
  if (!can.editSettings(session.role)) {
    return (
      <SettingsShell session={session} title="Webhooks" flash={flash}>
        <p className="o-muted">Only an owner or admin can send the store&apos;s events to other systems.</p>
      </SettingsShell>
    );
  }
  const answer = await api.get('/v1/owner/settings/webhooks', webhookEndpointListSchema);
  return (
    <SettingsShell session={session} title="Webhooks" flash={flash}>
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="webhooks" />
      ) : (
        <>
          <p className="o-muted o-small">
            Sokoni sends each event to your address as a signed POST (header Sokoni-Signature), retries for about 5
            hours when your system does not answer 2xx, and turns the address off after 15 failures in a row (you get an
            email).
          </p>
          <ul className="o-list" data-webhooks>
            {answer.data.endpoints.map((e) => (
              <EndpointCard key={e.id} endpoint={e} />
            ))}
          </ul>
          <section aria-labelledby="add-h" className="o-card">
            <h2 id="add-h">Add an endpoint</h2>
            <form method="post" action="/owner/settings/webhooks/add" className="o-form">
              <label>
                Address (https://)
                <input
                  name="url"
                  type="url"
                  required
                  maxLength={500}
                  autoCapitalize="none"
                  autoCorrect="off"
                  spellCheck={false}
                  inputMode="url"
                  placeholder="https://erp.example.co.ke/sokoni"
                />
              </label>
              <label>
                What it is (optional)
                <input name="description" maxLength={120} placeholder="Accounting" />
              </label>
              <fieldset>
                <legend>Events</legend>
                {answer.data.eventTypes.map((type) => (
                  <label key={type} className="o-check">
                    <input type="checkbox" name="events" value={type} defaultChecked={type === 'order.paid'} />{' '}
                    {WEBHOOK_EVENT_WORDS[type] ?? type} <code className="o-small">{type}</code>
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="o-button" data-add-webhook>
                Add endpoint
              </button>
            </form>
          </section>
        </>
      )}
    </SettingsShell>
  );
}

function EndpointCard({ endpoint: e }: { endpoint: WebhookEndpoint }) {
  const on = e.status === 'active';
  return (
    <li className="o-card" data-webhook={e.url} data-status={e.status}>
      <p className="o-order__top">
        <strong className="o-break">{e.url}</strong>
        <span className={`o-badge o-badge--${on ? 'active' : 'cancelled'}`} data-status-badge>
          {on ? 'On' : 'Off'}
        </span>
      </p>
      {e.description ? <p className="o-small">{e.description}</p> : null}
      <p className="o-small o-muted">{e.events.join(', ')}</p>
      <p className="o-small" data-recent>
        Last 7 days: {e.recent.delivered} delivered, {e.recent.failed} failed, {e.recent.pending} waiting
        {e.consecutiveFailures > 0 ? ` · ${e.consecutiveFailures} failures in a row` : ''}
      </p>
      {!on && e.disabledReason ? (
        <p className="o-small" data-disabled-reason>
          {e.disabledReason}
          {e.disabledAt ? ` (${when(e.disabledAt)})` : ''}
        </p>
      ) : null}
      <div className="o-form o-form--inline">
        <a className="o-button o-button--plain" href={`/owner/settings/webhooks/${e.id}`} data-deliveries-link>
          Deliveries
        </a>
        {on ? (
          <form method="post" action={`/owner/settings/webhooks/${e.id}/test`}>
            <button type="submit" className="o-button o-button--plain" data-test>
              Send test
            </button>
          </form>
        ) : null}
        <form method="post" action={`/owner/settings/webhooks/${e.id}/${on ? 'disable' : 'enable'}`}>
          <button type="submit" className="o-button o-button--plain" data-toggle>
            {on ? 'Turn off' : 'Turn on'}
          </button>
        </form>
        <form method="post" action={`/owner/settings/webhooks/${e.id}/remove`}>
          <button type="submit" className="o-button o-button--plain" data-remove>
            Remove
          </button>
        </form>
      </div>
    </li>
  );
}
