import { ownerDomainsResponseSchema, type OwnerDomain } from '@sokoni/contracts';
import { ProblemBox, SettingsShell } from '../../_components/shell';
import { when } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';

const STATE_WORDS: Record<OwnerDomain['state'], string> = {
  waiting_for_dns: 'Waiting for DNS',
  failed: 'Failed',
  verified: 'Verified',
  certificate_ready: 'Certificate ready',
};
const STATE_BADGE: Record<OwnerDomain['state'], string> = {
  waiting_for_dns: 'paid',
  failed: 'cancelled',
  verified: 'packed',
  certificate_ready: 'active',
};

/**
 * The store's own domains (owners and admins): add shop.example.co.ke or the apex, the DNS
 * records to create, the state in words (waiting for DNS, failed with why, verified, certificate
 * ready), check now, make primary, remove. Plain forms, no JavaScript.
 */
export default async function DomainsPage({ searchParams }: OwnerPageProps) {
  const { api, session, flash } = await ownerPage('/owner/settings/domains', await searchParams);
  if (!can.editSettings(session.role)) {
    return (
      <SettingsShell session={session} title="Your domain" flash={flash}>
        <p className="o-muted">Only an owner or admin can change the store&apos;s address.</p>
      </SettingsShell>
    );
  }
  const answer = await api.get('/v1/owner/settings/domains', ownerDomainsResponseSchema);
  return (
    <SettingsShell session={session} title="Your domain" flash={flash}>
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="domains" />
      ) : (
        <>
          <p className="o-muted o-small" data-platform-host>
            Your store is at <strong>{answer.data.platformHost}</strong>
            {answer.data.domains.some((d) => d.primary && (d.state === 'verified' || d.state === 'certificate_ready'))
              ? ', which now sends shoppers to your primary domain.'
              : '. Add a domain you own to use it instead.'}
          </p>
          <ul className="o-list" data-domains>
            {answer.data.domains.map((d) => (
              <DomainCard key={d.id} domain={d} />
            ))}
          </ul>
          <section aria-labelledby="add-h" className="o-card">
            <h2 id="add-h">Add a domain</h2>
            <form method="post" action="/owner/settings/domains/add" className="o-form">
              <label>
                Domain (e.g. shop.example.co.ke, or example.co.ke)
                <input
                  name="host"
                  required
                  maxLength={253}
                  autoCapitalize="none"
                  autoCorrect="off"
                  spellCheck={false}
                  inputMode="url"
                  placeholder="shop.example.co.ke"
                />
              </label>
              <button type="submit" className="o-button" data-add-domain>
                Add domain
              </button>
            </form>
            <p className="o-muted o-small">
              For a subdomain (shop., www.) you create a CNAME to {answer.data.target.cname}; for the domain itself, A
              records to {answer.data.target.ipv4.join(', ')}. Plus one TXT record that proves the domain is yours. If
              your DNS is on Cloudflare, set these records to &quot;DNS only&quot;.
            </p>
          </section>
        </>
      )}
    </SettingsShell>
  );
}

function DomainCard({ domain: d }: { domain: OwnerDomain }) {
  const live = d.state === 'verified' || d.state === 'certificate_ready';
  return (
    <li className="o-card" data-domain={d.host} data-state={d.state}>
      <p className="o-order__top">
        <strong>{d.host}</strong>
        <span className={`o-badge o-badge--${STATE_BADGE[d.state]}`} data-state-badge>
          {STATE_WORDS[d.state]}
        </span>
      </p>
      {d.primary ? (
        <p className="o-small" data-primary>
          Primary: shoppers and search engines are sent here.
        </p>
      ) : null}
      <p data-state-text>{d.stateText}</p>
      {d.lastCheckedAt ? <p className="o-muted o-small">Last checked {when(d.lastCheckedAt)}</p> : null}
      {!live || d.problem ? (
        <details open={!live}>
          <summary>DNS records to create at your domain&apos;s DNS host</summary>
          <ul className="o-list" data-records>
            {d.records.map((r) => (
              <li key={`${r.type}-${r.name}-${r.value}`} data-record={r.type}>
                <p className="o-small">
                  <strong>{r.type}</strong> · {r.purpose}
                </p>
                <p className="o-small o-muted">Name</p>
                <pre className="o-code">{r.name}</pre>
                <p className="o-small o-muted">Value</p>
                <pre className="o-code">{r.value}</pre>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="o-form o-form--inline">
        <form method="post" action={`/owner/settings/domains/${d.id}/check`}>
          <button type="submit" className="o-button o-button--plain" data-check>
            Check now
          </button>
        </form>
        {live && !d.primary ? (
          <form method="post" action={`/owner/settings/domains/${d.id}/primary`}>
            <button type="submit" className="o-button o-button--plain" data-make-primary>
              Make primary
            </button>
          </form>
        ) : null}
        <form method="post" action={`/owner/settings/domains/${d.id}/remove`}>
          <button type="submit" className="o-button o-button--plain" data-remove>
            Remove
          </button>
        </form>
      </div>
    </li>
  );
}
