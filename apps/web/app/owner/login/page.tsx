import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { platformDomain } from '@/lib/config';
import { param, type OwnerPageProps } from '@/lib/owner-page';
import { readFlash, readSession, safeNext } from '@/lib/owner-session';

/**
 * Log in: store + email or phone + password. Posts to /owner/session (a route handler that calls
 * the API and sets the HttpOnly cookies); the API's own message comes back here (wrong password,
 * too many tries, unknown store). On a store's own host the store is filled in.
 */
export default async function LoginPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const h = await headers();
  const next = safeNext(param(search, 'next'));
  if (readSession(h.get('cookie'))?.accessToken && !param(search, 'expired')) redirect(next);
  const flash = readFlash(h.get('cookie'), param(search, 'f'));
  const host = (h.get('host') ?? '').toLowerCase().replace(/:\d+$/, '');
  const suffix = `.${platformDomain()}`;
  const hostStore = host.endsWith(suffix) ? host.slice(0, -suffix.length) : '';
  const store = (param(search, 'store') ?? hostStore).slice(0, 60);
  const login = (param(search, 'login') ?? '').slice(0, 200);

  return (
    <main className="o-main o-login">
      <title>Log in · Sokoni</title>
      <h1>Run your shop</h1>
      <p className="o-muted">Log in to manage orders, products and delivery.</p>
      {param(search, 'expired') && !flash ? (
        <p className="o-flash o-flash--error" role="alert">
          Your session ended. Log in again.
        </p>
      ) : null}
      {param(search, 'out') && !flash ? (
        <p className="o-flash o-flash--ok" role="status">
          You are logged out.
        </p>
      ) : null}
      {flash ? (
        <p className={`o-flash o-flash--${flash.kind}`} role="alert" data-flash={flash.kind}>
          {flash.text}
        </p>
      ) : null}
      <form method="post" action="/owner/session" className="o-form o-card">
        <input type="hidden" name="next" value={next} />
        <label>
          Store
          <input
            name="store"
            required
            defaultValue={store}
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            placeholder="your-store"
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
          />
        </label>
        <label>
          Email or phone
          <input
            name="login"
            required
            defaultValue={login}
            autoComplete="username"
            autoCapitalize="none"
            inputMode="email"
            placeholder="you@example.com or 0712 345 678"
          />
        </label>
        <label>
          Password
          <input name="password" type="password" required autoComplete="current-password" />
        </label>
        <button type="submit" className="o-button">
          Log in
        </button>
      </form>
    </main>
  );
}
