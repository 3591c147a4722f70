import { headers } from 'next/headers';
import { param } from '@/lib/wizard-flow';
import { readWizardFlash } from '@/lib/wizard-session';
import { Frame, type WizardPageProps } from '../_components/frame';

/**
 * Coming back to an unfinished store (another day, another phone): log in, then carry on at
 * the first unfinished screen (progress is kept by the API).
 */
export default async function WizardLoginPage({ searchParams }: WizardPageProps) {
  const search = await searchParams;
  const h = await headers();
  const flash = readWizardFlash(h.get('cookie'), param(search, 'f'));
  return (
    <Frame screen="store" title="Carry on with your store" lead="Log in: you continue where you stopped." flash={flash}>
      {param(search, 'expired') && !flash ? (
        <p className="o-flash o-flash--error" role="alert">
          Your session ended. Log in again to carry on.
        </p>
      ) : null}
      <form method="post" action="/start/save/login" className="o-form o-card" data-form="login">
        <label>
          Store address
          <input
            name="store"
            required
            defaultValue={(param(search, 'store') ?? '').slice(0, 63)}
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            placeholder="kibanda-gadgets"
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
          />
        </label>
        <label>
          Phone or email
          <input
            name="login"
            required
            defaultValue={(param(search, 'login') ?? '').slice(0, 200)}
            autoComplete="username"
            placeholder="0712 345 678"
          />
        </label>
        <label>
          Password
          <input name="password" type="password" required autoComplete="current-password" />
        </label>
        <button type="submit" className="o-button w-primary">
          Log in and carry on
        </button>
      </form>
      <p className="o-small w-center">
        <a href="/start?new=1">Create a new store instead</a>
      </p>
    </Frame>
  );
}
