import { staffListSchema } from '@sokoni/contracts';
import { ProblemBox, SettingsShell } from '../_components/shell';
import { localPhone, when } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';

const ROLE_WORDS = {
  owner: 'Owner: everything',
  admin: 'Admin: all but M-Pesa and staff',
  staff: 'Staff: orders and stock',
} as const;

/** Who works at the store (owners only): invite someone, change a role, disable an account. */
export default async function StaffPage({ searchParams }: OwnerPageProps) {
  const { api, session, flash } = await ownerPage('/owner/staff', await searchParams);
  if (!can.staff(session.role)) {
    return (
      <SettingsShell session={session} title="Staff" flash={flash}>
        <p className="o-muted">Only the store owner can see and change who works here.</p>
      </SettingsShell>
    );
  }
  const answer = await api.get('/v1/owner/staff', staffListSchema);

  return (
    <SettingsShell session={session} title="Staff" flash={flash}>
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="staff" />
      ) : (
        <ul className="o-list" data-staff>
          {answer.data.items.map((m) => (
            <li key={m.id} className="o-card" data-member={m.status}>
              <p className="o-order__top">
                <strong>{m.name}</strong>
                <span
                  className={`o-badge o-badge--${m.status === 'active' ? 'active' : m.status === 'disabled' ? 'archived' : 'paid'}`}
                >
                  {m.status}
                </span>
              </p>
              <p className="o-muted o-small">
                {[m.email, m.phone ? localPhone(m.phone) : null].filter(Boolean).join(' · ')}
                {m.status === 'invited' && m.inviteExpiresAt ? ` · invite open until ${when(m.inviteExpiresAt)}` : ''}
              </p>
              <form method="post" action={`/owner/staff/${m.id}`} className="o-form o-form--inline">
                <label>
                  Role
                  <select name="role" defaultValue={m.role}>
                    {(['owner', 'admin', 'staff'] as const).map((r) => (
                      <option key={r} value={r}>
                        {ROLE_WORDS[r]}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Account
                  <select name="status" defaultValue={m.status === 'disabled' ? 'disabled' : 'active'}>
                    <option value="active">Active</option>
                    <option value="disabled">Disabled</option>
                  </select>
                </label>
                <button type="submit" className="o-button o-button--plain">
                  Save
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="inv-h" className="o-card">
        <h2 id="inv-h">Invite someone</h2>
        <form method="post" action="/owner/staff/invites" className="o-form">
          <label>
            Name
            <input name="name" required maxLength={120} />
          </label>
          <label>
            Role
            <select name="role" defaultValue="staff">
              <option value="staff">{ROLE_WORDS.staff}</option>
              <option value="admin">{ROLE_WORDS.admin}</option>
            </select>
          </label>
          <label>
            Phone (gets the invite by SMS)
            <input name="phone" type="tel" inputMode="tel" placeholder="0712 345 678" />
          </label>
          <label>
            Email (optional)
            <input name="email" type="email" inputMode="email" />
          </label>
          <button type="submit" className="o-button">
            Send invite
          </button>
        </form>
      </section>
    </SettingsShell>
  );
}
