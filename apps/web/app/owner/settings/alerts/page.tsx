import { ALERT_CHANNEL_LABELS, ALERT_KIND_LABELS, alertSettingsSchema, localPhone } from '@sokoni/contracts';
import { z } from 'zod';
import { ProblemBox, SettingsShell } from '../../_components/shell';
import { when } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { PushToggle } from './push-toggle';

const answerSchema = z.object({ settings: alertSettingsSchema });
/** Column heads short enough for four channels side by side at 360 px. */
const CHANNEL_SHORT = { whatsapp: 'WhatsApp', sms: 'SMS', email: 'Email', push: 'Push' } as const;

/**
 * One's own alerts (every role; docs/owner-alerts.md): kind x channel toggles for the kinds the
 * role handles, the phone alerts go to, quiet hours (Nairobi time), and web push on this phone.
 * A plain form; only the push button needs JavaScript (the browser's subscription).
 */
export default async function AlertsPage({ searchParams }: OwnerPageProps) {
  const { api, session, flash } = await ownerPage('/owner/settings/alerts', await searchParams);
  const answer = await api.get('/v1/owner/alerts', answerSchema);
  if (!answer.ok)
    return (
      <SettingsShell session={session} title="Alerts" flash={flash}>
        <ProblemBox problem={answer.problem} what="alert settings" />
      </SettingsShell>
    );
  const s = answer.data.settings;
  const on = new Set(s.preferences.filter((p) => p.enabled).map((p) => `${p.kind}:${p.channel}`));
  return (
    <SettingsShell session={session} title="Alerts" flash={flash}>
      <form method="post" action="/owner/settings/alerts/save" className="o-form" data-alert-settings>
        <section aria-labelledby="alerts-what-h" className="o-card" style={{ minWidth: 0 }}>
          <h2 id="alerts-what-h">What reaches you, and how</h2>
          <p className="o-muted o-small">
            Only what your role handles is listed. The email about a new paid order is the store-wide one in Settings,
            Messaging.
          </p>
          <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
            <table data-alert-matrix style={{ width: '100%', borderCollapse: 'collapse', fontSize: '.875rem' }}>
              <thead>
                <tr>
                  <th scope="col">Alert</th>
                  {s.channels.map((c) => (
                    <th scope="col" key={c} style={{ padding: '4px 2px', fontWeight: 600 }}>
                      {CHANNEL_SHORT[c]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {s.kinds.map((kind) => (
                  <tr key={kind}>
                    <th scope="row" style={{ textAlign: 'left', padding: '6px 4px 6px 0', fontWeight: 400 }}>
                      {ALERT_KIND_LABELS[kind]}
                      <input type="hidden" name="kind" value={kind} />
                    </th>
                    {s.channels.map((channel) => (
                      <td key={channel} style={{ textAlign: 'center', padding: '6px 2px' }}>
                        <input
                          type="checkbox"
                          name={`pref:${kind}:${channel}`}
                          aria-label={`${ALERT_KIND_LABELS[kind]} by ${ALERT_CHANNEL_LABELS[channel]}`}
                          defaultChecked={on.has(`${kind}:${channel}`)}
                          disabled={kind === 'order_paid' && channel === 'email'}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section aria-labelledby="alerts-phone-h" className="o-card">
          <h2 id="alerts-phone-h">Phone for WhatsApp and SMS</h2>
          <label>
            Phone for alerts
            <input
              name="phone"
              inputMode="tel"
              placeholder={s.accountPhone ? localPhone(s.accountPhone) : '0712 345 678'}
              defaultValue={s.phone ? localPhone(s.phone) : ''}
              data-alert-phone
            />
          </label>
          <p className="o-muted o-small">
            {s.accountPhone
              ? `Empty = your account's phone, ${localPhone(s.accountPhone)}.`
              : 'Your account has no phone: add one here to get WhatsApp or SMS alerts.'}
          </p>
        </section>

        <section aria-labelledby="alerts-quiet-h" className="o-card">
          <h2 id="alerts-quiet-h">Quiet hours (Nairobi time)</h2>
          <p className="o-muted o-small">
            Alerts that come in quiet hours wait until they end. A paid order already packed, or stock already
            restocked, by then is not sent at all.
          </p>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 10 }}>
            <label>
              From
              <input
                name="quietStart"
                inputMode="numeric"
                placeholder="22:00"
                defaultValue={s.quietHours?.start ?? ''}
                data-quiet-start
              />
            </label>
            <label>
              Until
              <input
                name="quietEnd"
                inputMode="numeric"
                placeholder="07:00"
                defaultValue={s.quietHours?.end ?? ''}
                data-quiet-end
              />
            </label>
          </div>
          {s.kinds.includes('payment_problem') ? (
            <label className="o-check">
              <input type="checkbox" name="urgentInQuietHours" defaultChecked={s.urgentInQuietHours} />
              Payment problems reach me even in quiet hours
            </label>
          ) : null}
        </section>

        {s.canEditStore ? (
          <section aria-labelledby="alerts-stock-h" className="o-card">
            <h2 id="alerts-stock-h">Low stock (whole store)</h2>
            <label>
              Alert when a variant is down to
              <input name="lowStockThreshold" inputMode="numeric" defaultValue={String(s.lowStockThreshold)} />
            </label>
          </section>
        ) : null}

        <button type="submit" className="o-button" data-save-alerts>
          Save alerts
        </button>
      </form>

      <section aria-labelledby="alerts-push-h" className="o-card" data-push>
        <h2 id="alerts-push-h">Alerts on this phone</h2>
        {s.push.publicKey ? (
          <PushToggle publicKey={s.push.publicKey} subscriptions={s.push.subscriptions} />
        ) : (
          <p className="o-muted">Push alerts are not set up on this server.</p>
        )}
      </section>

      {s.recent.length ? (
        <section aria-labelledby="alerts-recent-h" className="o-card" data-alert-recent>
          <h2 id="alerts-recent-h">Your latest alerts</h2>
          <ul className="o-list">
            {s.recent.map((r, i) => (
              <li key={i}>
                {ALERT_KIND_LABELS[r.kind]} by {ALERT_CHANNEL_LABELS[r.channel]}: {r.status}
                {r.held ? ' (held for quiet hours)' : ''} · {when(r.at)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </SettingsShell>
  );
}
