import { headers } from 'next/headers';
import { param } from '@/lib/owner-page';
import { readFlash } from '@/lib/owner-session';
import { inviteStore, validInviteToken } from '@/lib/wizard-invite';

/**
 * /owner/invite/<token>: the link in a staff invite (SMS or shared by the owner). The person
 * chooses a password; POST ./accept -> POST /v1/owner/auth/invites/accept -> logged in (the
 * dashboard's session cookies) -> /owner. The token is never stored by the web app.
 */
export default async function InvitePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const search = await searchParams;
  const flash = readFlash((await headers()).get('cookie'), param(search, 'f'));
  const valid = validInviteToken(token);

  return (
    <main className="o-main o-login">
      <title>Join the team · Sokoni</title>
      <meta name="referrer" content="same-origin" />
      <h1>Join the team</h1>
      {valid ? (
        <p className="o-muted">
          You are invited to help run <strong data-invite-store>{inviteStore(token)}</strong> on Sokoni. Choose a
          password to start.
        </p>
      ) : null}
      {flash ? (
        <p className={`o-flash o-flash--${flash.kind}`} role="alert" data-flash={flash.kind}>
          {flash.text}
        </p>
      ) : null}
      {valid ? (
        <form method="post" action={`/owner/invite/${token}/accept`} className="o-form o-card" data-form="invite">
          <label>
            New password (at least 10 characters)
            <input
              name="password"
              type="password"
              required
              minLength={10}
              maxLength={200}
              autoComplete="new-password"
            />
          </label>
          <label>
            Type it again
            <input name="confirm" type="password" required minLength={10} maxLength={200} autoComplete="new-password" />
          </label>
          <button type="submit" className="o-button">
            Set password and log in
          </button>
        </form>
      ) : (
        <p className="o-flash o-flash--error" role="alert" data-invite-invalid>
          This invite link is not complete. Open the whole link from the message, or ask the store owner for a new one.
        </p>
      )}
      <p className="o-small o-muted">
        Already have a password? <a href="/owner/login">Log in</a>
      </p>
    </main>
  );
}
