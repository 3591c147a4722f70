import { headers } from 'next/headers';
import { apiKeyListAnswerSchema, type ApiKeyView, type Permission } from '@sokoni/contracts';
import { ProblemBox, SettingsShell } from '../../_components/shell';
import { when } from '@/lib/owner-format';
import { ownerPage, param, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';
import { newKeyJar } from './new-key';

/** What each scope lets a key do, in the owner's words. */
const SCOPE_WORDS: Record<Permission, string> = {
  'account.self': 'Who am I (the key’s own account)',
  'catalog.read': 'Read products and stock',
  'catalog.write': 'Change products',
  'prices.write': 'Change prices and promotions',
  'inventory.write': 'Move stock',
  'orders.read': 'Read orders',
  'orders.fulfil': 'Pack and dispatch orders',
  'orders.refund': 'Refund and cancel paid orders',
  'settings.write': 'Change store settings',
  'settings.mpesa': 'Change M-Pesa settings',
  'staff.manage': 'Manage staff',
  'audit.read': 'Read the activity log',
};
const STATE_WORDS: Record<ApiKeyView['state'], string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };
const STATE_BADGE: Record<ApiKeyView['state'], string> = { active: 'active', expired: 'paid', revoked: 'cancelled' };

/**
 * API keys for the store's own systems (owners and admins): create one with the permissions it
 * needs (never more than yours) and an optional expiry, copy it once, see when each was last
 * used, revoke. Plain forms, no JavaScript. docs/api.md.
 */
export default async function ApiKeysPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const { api, session, flash } = await ownerPage('/owner/settings/api-keys', search);
  if (!can.editSettings(session.role)) {
    return (
      <SettingsShell session={session} title="API keys" flash={flash}>
        <p className="o-muted">Only an owner or admin can create API keys.</p>
      </SettingsShell>
    );
  }
  const created = newKeyJar.read((await headers()).get('cookie'), param(search, 'k'));
  const answer = await api.get('/v1/owner/settings/api-keys', apiKeyListAnswerSchema);
  return (
    <SettingsShell session={session} title="API keys" flash={flash}>
      {created ? (
        <section className="o-card" aria-labelledby="new-key-h" data-new-key>
          <h2 id="new-key-h">Your new key</h2>
          <p>Copy it now and keep it somewhere safe: Sokoni keeps only a fingerprint and cannot show it again.</p>
          <pre className="o-code" data-secret>
            {created.text}
          </pre>
          <p className="o-muted o-small">
            Send it as <code>Authorization: Bearer &lt;key&gt;</code>. The API reference is at <code>/docs</code> on the
            API.
          </p>
        </section>
      ) : null}
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="API keys" />
      ) : (
        <>
          {answer.data.keys.length ? (
            <ul className="o-list" data-keys>
              {answer.data.keys.map((k) => (
                <KeyCard key={k.id} apiKey={k} />
              ))}
            </ul>
          ) : (
            <p className="o-muted" data-no-keys>
              No API keys yet.
            </p>
          )}
          <section aria-labelledby="create-h" className="o-card">
            <h2 id="create-h">Create a key</h2>
            <form method="post" action="/owner/settings/api-keys/create" className="o-form" data-create-key>
              <label>
                Name (what uses it)
                <input name="name" required maxLength={80} placeholder="Accounting sync" />
              </label>
              <fieldset>
                <legend>What it may do</legend>
                {answer.data.assignableScopes.map((scope) => (
                  <label key={scope} className="o-check">
                    <input type="checkbox" name="scopes" value={scope} defaultChecked={scope.endsWith('.read')} />{' '}
                    {SCOPE_WORDS[scope]}
                  </label>
                ))}
              </fieldset>
              <label>
                Expires on (optional)
                <input name="expires" type="date" />
              </label>
              <button type="submit" className="o-button" data-create>
                Create key
              </button>
            </form>
          </section>
        </>
      )}
    </SettingsShell>
  );
}

function KeyCard({ apiKey: k }: { apiKey: ApiKeyView }) {
  return (
    <li className="o-card" data-key={k.id} data-state={k.state}>
      <p className="o-order__top">
        <strong>{k.name}</strong>
        <span className={`o-badge o-badge--${STATE_BADGE[k.state]}`}>{STATE_WORDS[k.state]}</span>
      </p>
      <p className="o-small">
        <code>{k.prefix}…</code>
      </p>
      <p className="o-small" data-scopes>
        {k.scopes.map((s) => SCOPE_WORDS[s]).join(' · ')}
      </p>
      <p className="o-muted o-small">
        Created {when(k.createdAt)}
        {k.createdBy.name ? ` by ${k.createdBy.name}` : ''} ·{' '}
        {k.lastUsedAt ? `last used ${when(k.lastUsedAt)}` : 'never used'}
        {k.expiresAt ? ` · ${k.state === 'expired' ? 'expired' : 'expires'} ${when(k.expiresAt)}` : ''}
        {k.revokedAt ? ` · revoked ${when(k.revokedAt)}` : ''}
      </p>
      {k.state === 'active' ? (
        <form method="post" action={`/owner/settings/api-keys/${k.id}/revoke`}>
          <button type="submit" className="o-button o-button--plain" data-revoke>
            Revoke
          </button>
        </form>
      ) : null}
    </li>
  );
}
