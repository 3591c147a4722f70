import {
  messagingSettingsResponseSchema,
  mpesaSettingsResponseSchema,
  type MpesaSettingsView,
  onboardingViewSchema,
} from '@sokoni/contracts';
import { Shell, ProblemBox } from '../_components/shell';
import { when } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';
import { PayOnDeliverySettings } from './_components/pay-on-delivery';

/**
 * Store settings: the store's details (contact, tagline, return policy), M-Pesa (owner only; the keys are write-only: never shown, typed again to
 * change), "Test connection", WhatsApp/SMS messaging, and the way to /owner/staff (owners).
 */
export default async function SettingsPage({ searchParams }: OwnerPageProps) {
  const { api, session, flash } = await ownerPage('/owner/settings', await searchParams);
  const [mpesa, messaging, details] = await Promise.all([
    can.mpesa(session.role) ? api.get('/v1/owner/settings/mpesa', mpesaSettingsResponseSchema) : Promise.resolve(null),
    api.get('/v1/owner/settings/messaging', messagingSettingsResponseSchema),
    can.editSettings(session.role) ? api.get('/v1/owner/onboarding', onboardingViewSchema) : Promise.resolve(null),
  ]);
  const editMessaging = can.editSettings(session.role);

  return (
    <Shell session={session} tab="settings" title="Settings" flash={flash}>
      {details === null ? null : !details.ok ? (
        <ProblemBox problem={details.problem} what="store details" />
      ) : (
        <section aria-labelledby="store-h" className="o-card" data-store-details>
          <h2 id="store-h">Store details</h2>
          <form method="post" action="/owner/settings/store" className="o-form">
            <label>
              WhatsApp number (shoppers message you here)
              <input
                name="whatsappNumber"
                inputMode="tel"
                required
                defaultValue={details.data.store.whatsappNumber ? `0${details.data.store.whatsappNumber.slice(3)}` : ''}
              />
            </label>
            <label>
              Where you are
              <input
                name="location"
                required
                minLength={2}
                maxLength={160}
                defaultValue={details.data.store.location ?? ''}
              />
            </label>
            <label>
              Tagline
              <input name="tagline" maxLength={160} defaultValue={details.data.store.tagline ?? ''} />
            </label>
            <label>
              Return policy
              <textarea
                name="returnPolicy"
                required
                minLength={20}
                maxLength={2000}
                rows={4}
                defaultValue={details.data.store.returnPolicy ?? ''}
              />
            </label>
            <button type="submit" className="o-button" data-save-store>
              Save store details
            </button>
          </form>
        </section>
      )}

      <section aria-labelledby="alerts-link-h" className="o-card">
        <h2 id="alerts-link-h">Alerts on your phone</h2>
        <p>
          <a href="/owner/settings/alerts" data-alerts-link>
            Paid orders, payment problems, low stock: WhatsApp, SMS, push, quiet hours
          </a>
        </p>
      </section>

      <section aria-labelledby="returns-link-h" className="o-card">
        <h2 id="returns-link-h">Returns</h2>
        <p>
          <a href="/owner/settings/returns" data-returns-link>
            Return window and policy
          </a>
        </p>
      </section>

      <section aria-labelledby="etims-link-h" className="o-card">
        <h2 id="etims-link-h">KRA eTIMS</h2>
        <p>
          <a href="/owner/settings/etims">Electronic tax invoices (eTIMS)</a>
        </p>
      </section>

      <section aria-labelledby="brand-h" className="o-card" data-slot="branding">
        <h2 id="brand-h">Branding and business details</h2>
        <p className="o-muted o-small">Logo, colour, hero banner, home page sections, KRA PIN and opening hours.</p>
        <p>
          <a href="/owner/settings/branding" className="o-button o-button--plain" data-branding-link>
            Open branding
          </a>
        </p>
      </section>

      <section aria-labelledby="mpesa-h" className="o-card">
        <h2 id="mpesa-h">M-Pesa</h2>
        {mpesa === null ? (
          <p className="o-muted">Only the store owner can see and change the M-Pesa settings.</p>
        ) : !mpesa.ok ? (
          <ProblemBox problem={mpesa.problem} what="M-Pesa settings" />
        ) : (
          <MpesaForm view={mpesa.data.settings} />
        )}
      </section>

      <section aria-labelledby="msg-h" className="o-card">
        <h2 id="msg-h">Messages to shoppers</h2>
        {!messaging.ok ? (
          <ProblemBox problem={messaging.problem} what="messaging settings" />
        ) : (
          <form method="post" action="/owner/settings/messaging" className="o-form">
            <fieldset disabled={!editMessaging} className="o-fieldset">
              <label>
                WhatsApp phone number id
                <input
                  name="whatsappPhoneNumberId"
                  inputMode="numeric"
                  pattern="[0-9]{6,20}"
                  defaultValue={messaging.data.settings.whatsappPhoneNumberId ?? ''}
                  placeholder="from WhatsApp Manager; empty = SMS only"
                />
              </label>
              <label>
                Language
                <select name="language" defaultValue={messaging.data.settings.language}>
                  <option value="en">English</option>
                  <option value="sw">Kiswahili</option>
                </select>
              </label>
              <label className="o-check">
                <input type="checkbox" name="orderUpdates" defaultChecked={messaging.data.settings.orderUpdates} /> Send
                order updates (paid, on the way, delivered)
              </label>
              <label className="o-check">
                <input
                  type="checkbox"
                  name="ownerEmailAlerts"
                  defaultChecked={messaging.data.settings.ownerEmailAlerts}
                />{' '}
                Email me about new orders
              </label>
              <label className="o-check">
                <input
                  type="checkbox"
                  name="abandonedCartNudge"
                  defaultChecked={messaging.data.settings.abandonedCartNudge}
                />{' '}
                Remind shoppers who left items in their cart
              </label>
              <label>
                Remind after (minutes)
                <input
                  name="abandonedCartAfterMinutes"
                  inputMode="numeric"
                  pattern="[0-9]*"
                  defaultValue={String(messaging.data.settings.abandonedCartAfterMinutes)}
                />
              </label>
              {editMessaging ? (
                <button type="submit" className="o-button">
                  Save messaging
                </button>
              ) : (
                <p className="o-muted o-small">Only an owner or admin can change these.</p>
              )}
            </fieldset>
          </form>
        )}
      </section>

      <PayOnDeliverySettings api={api} editable={editMessaging} />

      {can.editSettings(session.role) ? (
        <section aria-labelledby="domain-h" className="o-card">
          <h2 id="domain-h">Your domain</h2>
          <p className="o-muted o-small">Use your own web address, like shop.example.co.ke, with HTTPS.</p>
          <p>
            <a href="/owner/settings/domains" className="o-button o-button--plain" data-domains-link>
              Domains
            </a>
          </p>
        </section>
      ) : null}

      {can.editSettings(session.role) ? (
        <section aria-labelledby="webhooks-h" className="o-card">
          <h2 id="webhooks-h">Webhooks</h2>
          <p className="o-muted o-small">Send paid orders, cancellations, refunds and low stock to your own systems.</p>
          <p>
            <a href="/owner/settings/webhooks" className="o-button o-button--plain" data-webhooks-link>
              Webhooks
            </a>
          </p>
        </section>
      ) : null}

      {can.editSettings(session.role) ? (
        <section aria-labelledby="api-keys-h" className="o-card">
          <h2 id="api-keys-h">API keys</h2>
          <p className="o-muted o-small">Let your own systems (accounting, stock sync) use the Sokoni API.</p>
          <p>
            <a href="/owner/settings/api-keys" className="o-button o-button--plain" data-api-keys-link>
              API keys
            </a>
          </p>
        </section>
      ) : null}

      {session.role !== 'staff' ? (
        <section aria-labelledby="audit-h" className="o-card">
          <h2 id="audit-h">Audit log</h2>
          <p className="o-muted o-small">
            Who changed prices, refunded, or changed roles and settings, with before and after.
          </p>
          <p>
            <a href="/owner/audit" className="o-button o-button--plain" data-audit-link>
              Open the audit log
            </a>
          </p>
        </section>
      ) : null}

      {session.role !== 'staff' ? (
        <section aria-labelledby="exports-h" className="o-card">
          <h2 id="exports-h">Exports</h2>
          <p className="o-muted o-small">
            CSV files for your accountant: orders, M-Pesa payments, refunds, payouts, stock, reconciliation.
          </p>
          <p>
            <a href="/owner/exports" className="o-button o-button--plain" data-exports-link>
              Open exports
            </a>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="staff-h" className="o-card" data-slot="staff">
        <h2 id="staff-h">Staff</h2>
        {can.staff(session.role) ? (
          <p>
            <a href="/owner/staff" className="o-button o-button--plain" data-staff-link>
              Manage staff
            </a>
          </p>
        ) : (
          <p className="o-muted">Only the store owner can invite people and change roles.</p>
        )}
      </section>
    </Shell>
  );
}

function MpesaForm({ view }: { view: MpesaSettingsView }) {
  return (
    <>
      {view.configured ? (
        <p data-mpesa-configured>
          {view.kind === 'till' ? `Till ${view.tillNumber}` : `Paybill ${view.shortcode}`} · key {view.consumerKeyHint}{' '}
          · refunds {view.refundsEnabled ? `on (${view.refundMethod})` : 'off'}
          {view.updatedAt ? <span className="o-muted o-small o-block">Saved {when(view.updatedAt)}</span> : null}
        </p>
      ) : (
        <p>Not set up yet: shoppers cannot pay until it is.</p>
      )}
      {view.configured ? (
        <form method="post" action="/owner/settings/mpesa/test">
          <button type="submit" className="o-button o-button--plain" data-mpesa-test>
            Test connection
          </button>
        </form>
      ) : null}
      <details open={!view.configured}>
        <summary>{view.configured ? 'Change M-Pesa details' : 'Set up M-Pesa'}</summary>
        <form method="post" action="/owner/settings/mpesa" className="o-form" autoComplete="off">
          <p className="o-small o-muted">
            Keys are never shown again once saved. To change anything, enter all of them again from the Daraja portal.
          </p>
          <label>
            Type
            <select name="kind" defaultValue={view.kind ?? 'till'}>
              <option value="till">Buy Goods till</option>
              <option value="paybill">Paybill</option>
            </select>
          </label>
          <label>
            Business shortcode (paybill, or the till&apos;s store number)
            <input
              name="shortcode"
              inputMode="numeric"
              pattern="[0-9]{5,7}"
              required
              defaultValue={view.shortcode ?? ''}
            />
          </label>
          <label>
            Till number (tills only)
            <input name="tillNumber" inputMode="numeric" pattern="[0-9]{5,7}" defaultValue={view.tillNumber ?? ''} />
          </label>
          <label>
            Consumer key
            <input
              name="consumerKey"
              required
              minLength={8}
              autoComplete="off"
              placeholder={view.consumerKeyHint ? `saved (ends ${view.consumerKeyHint})` : ''}
            />
          </label>
          <label>
            Consumer secret
            <input name="consumerSecret" type="password" required minLength={8} autoComplete="new-password" />
          </label>
          <label>
            Passkey
            <input name="passkey" type="password" required minLength={8} autoComplete="new-password" />
          </label>
          <label>
            Initiator name (for refunds)
            <input name="initiatorName" autoComplete="off" />
          </label>
          <label>
            Security credential (for refunds)
            <input name="securityCredential" type="password" autoComplete="new-password" />
          </label>
          <label>
            Refunds by
            <select name="refundMethod" defaultValue={view.refundMethod ?? 'reversal'}>
              <option value="reversal">Reversal of the payment</option>
              <option value="b2c">Sending money back (B2C)</option>
            </select>
          </label>
          <label>
            Check where payment notices come from
            <select name="callbackIpCheck" defaultValue={view.callbackIpCheck ?? 'log'}>
              <option value="log">Log only</option>
              <option value="enforce">Refuse unknown senders</option>
              <option value="off">Off</option>
            </select>
          </label>
          <button type="submit" className="o-button">
            Save M-Pesa
          </button>
        </form>
      </details>
    </>
  );
}
