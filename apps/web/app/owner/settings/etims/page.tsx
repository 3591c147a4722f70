import {
  ETIMS_TAX_TYPE_LABELS,
  ETIMS_TAX_TYPES,
  etimsDocumentsResponseSchema,
  etimsSettingsResponseSchema,
  type EtimsDocument,
} from '@sokoni/contracts';
import { z } from 'zod';
import { Shell, ProblemBox } from '../../_components/shell';
import { formatKes, when } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';

const unfiscalisedSchema = z.object({
  day: z.string(),
  etimsEnabled: z.boolean(),
  orders: z.array(
    z.object({
      orderNumber: z.number(),
      totalKes: z.number(),
      orderStatus: z.string(),
      etimsStatus: z.string(),
      reason: z.string().nullable(),
    }),
  ),
});

const STATUS_WORDS: Record<EtimsDocument['status'], string> = {
  pending: 'Waiting to send',
  sending: 'Sending',
  accepted: 'Accepted by KRA',
  accepted_unsigned: 'Recorded by KRA (no signature)',
  rejected: 'Rejected by KRA',
};

/**
 * KRA eTIMS: the store's PIN, branch and device (switching on initialises the device with KRA),
 * the invoices and credit notes sent with KRA's answer (a rejection's reason in words, resend),
 * and today's paid orders that have no accepted invoice yet.
 */
export default async function EtimsSettingsPage({ searchParams }: OwnerPageProps) {
  const { api, session, flash } = await ownerPage('/owner/settings/etims', await searchParams);
  const [settings, documents, open] = await Promise.all([
    api.get('/v1/owner/settings/etims', etimsSettingsResponseSchema),
    api.get('/v1/owner/etims/documents', etimsDocumentsResponseSchema),
    api.get('/v1/owner/etims/unfiscalised', unfiscalisedSchema),
  ]);
  const edit = can.editSettings(session.role);

  return (
    <Shell session={session} tab="settings" title="KRA eTIMS" flash={flash}>
      <p className="o-small">
        <a href="/owner/settings">← Settings</a>
      </p>
      {!settings.ok ? (
        <ProblemBox problem={settings.problem} what="eTIMS settings" />
      ) : (
        <section aria-labelledby="etims-h" className="o-card" data-etims-settings>
          <h2 id="etims-h">Electronic tax invoices</h2>
          <p data-etims-state>
            {settings.data.settings.enabled
              ? `On: every paid order gets a KRA eTIMS invoice and every refund a credit note.${
                  settings.data.settings.initialised?.sdcId
                    ? ` Device ${settings.data.settings.initialised.sdcId}.`
                    : ''
                }`
              : 'Off: orders are not sent to KRA.'}
          </p>
          {settings.data.settings.initError ? (
            <p className="o-error" role="alert" data-etims-init-error>
              {settings.data.settings.initError}
            </p>
          ) : null}
          {edit ? (
            <form method="post" action="/owner/settings/etims/save" className="o-form">
              <label>
                KRA PIN
                <input
                  name="kraPin"
                  required
                  pattern="[A-Za-z][0-9]{9}[A-Za-z]"
                  title="A letter, 9 digits and a letter, e.g. P051234567X"
                  autoCapitalize="characters"
                  defaultValue={settings.data.settings.kraPin ?? ''}
                  readOnly={settings.data.settings.initialised !== null}
                />
              </label>
              <label>
                Branch id (00 = head office)
                <input
                  name="branchId"
                  required
                  inputMode="numeric"
                  pattern="[0-9]{2}"
                  defaultValue={settings.data.settings.branchId}
                  readOnly={settings.data.settings.initialised !== null}
                />
              </label>
              <label>
                Device serial number (from KRA)
                <input
                  name="deviceSerial"
                  required
                  maxLength={100}
                  defaultValue={settings.data.settings.deviceSerial ?? ''}
                  readOnly={settings.data.settings.initialised !== null}
                />
              </label>
              <label>
                Tax type of your products
                <select name="defaultTaxType" defaultValue={settings.data.settings.defaultTaxType}>
                  {ETIMS_TAX_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {ETIMS_TAX_TYPE_LABELS[t]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="o-check">
                <input type="checkbox" name="enabled" defaultChecked={settings.data.settings.enabled} /> Send invoices
                to KRA eTIMS
              </label>
              <button type="submit" className="o-button" data-save-etims>
                Save eTIMS
              </button>
            </form>
          ) : (
            <p className="o-muted">Only the owner or an admin can change eTIMS.</p>
          )}
        </section>
      )}

      {open.ok && open.data.etimsEnabled ? (
        <section aria-labelledby="open-h" className="o-card" data-etims-open>
          <h2 id="open-h">Paid today without a KRA invoice</h2>
          {open.data.orders.length === 0 ? (
            <p className="o-muted">None: every paid order of today has an accepted invoice.</p>
          ) : (
            <ul className="o-list">
              {open.data.orders.map((o) => (
                <li key={o.orderNumber}>
                  <a href={`/owner/orders/${o.orderNumber}`}>#{o.orderNumber}</a> · {formatKes(o.totalKes)} ·{' '}
                  {o.etimsStatus === 'missing'
                    ? 'not sent yet'
                    : (STATUS_WORDS[o.etimsStatus as EtimsDocument['status']] ?? o.etimsStatus)}
                  {o.reason ? <div className="o-small o-muted">{o.reason}</div> : null}
                </li>
              ))}
            </ul>
          )}
          {edit ? (
            <form method="post" action="/owner/settings/etims/send">
              <button type="submit" className="o-button o-secondary">
                Send pending now
              </button>
            </form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="docs-h" className="o-card" data-etims-documents>
        <h2 id="docs-h">Invoices and credit notes</h2>
        {!documents.ok ? (
          <ProblemBox problem={documents.problem} what="eTIMS invoices" />
        ) : documents.data.documents.length === 0 ? (
          <p className="o-muted">Nothing sent to KRA yet.</p>
        ) : (
          <ul className="o-list">
            {documents.data.documents.map((d) => (
              <li key={d.id} data-etims-document={d.status}>
                <strong>
                  {d.kind === 'sale' ? 'Invoice' : 'Credit note'} · order{' '}
                  <a href={`/owner/orders/${d.orderNumber}`}>#{d.orderNumber}</a>
                </strong>{' '}
                · {formatKes(d.totalKes)} · {STATUS_WORDS[d.status]}
                {d.receiptNumber ? <div className="o-small">CU invoice {d.receiptNumber}</div> : null}
                {d.status === 'rejected' && d.rejectionReason ? (
                  <div className="o-error o-small" data-etims-reason>
                    KRA said: {d.rejectionReason}
                  </div>
                ) : null}
                {d.status === 'pending' && d.lastError ? (
                  <div className="o-small o-muted">Will try again: {d.lastError}</div>
                ) : null}
                <div className="o-small o-muted">{when(d.createdAt)}</div>
                {edit && d.status === 'rejected' ? (
                  <form method="post" action="/owner/settings/etims/retry">
                    <input type="hidden" name="id" value={d.id} />
                    <button type="submit" className="o-button o-secondary">
                      Send again
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Shell>
  );
}
