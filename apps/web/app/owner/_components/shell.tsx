import type { OwnerProblem } from '@/lib/owner-api';
import type { Flash, OwnerSession } from '@/lib/owner-session';
import { statusLabel } from '@/lib/owner-format';
import { FlashMessage } from './flash';

export type Tab = 'home' | 'orders' | 'products' | 'delivery' | 'settings' | 'promotions';

const TABS: { id: Tab; href: string; label: string; icon: string }[] = [
  { id: 'home', href: '/owner', label: 'Home', icon: '⌂' },
  { id: 'orders', href: '/owner/orders', label: 'Orders', icon: '☰' },
  { id: 'products', href: '/owner/products', label: 'Products', icon: '▦' },
  { id: 'delivery', href: '/owner/delivery', label: 'Delivery', icon: '➜' },
  { id: 'promotions', href: '/owner/promotions', label: 'Promotions', icon: '%' },
  { id: 'settings', href: '/owner/settings', label: 'Settings', icon: '⚙' },
];

/**
 * Every dashboard page: a slim top bar (store, who, log out), the page, and a bottom tab bar
 * within thumb reach on a 360 px phone. Plain links and one form: no JavaScript needed.
 */
/** A page under Settings (staff, audit log): the Settings tab, with a way back to Settings. */
export function SettingsShell(props: {
  session: OwnerSession;
  title: string;
  flash?: Flash | null;
  children: React.ReactNode;
}) {
  return <Shell {...props} tab="settings" back={{ href: '/owner/settings', label: 'Settings' }} />;
}

export function Shell({
  session,
  tab,
  title,
  flash,
  children,
  back,
}: {
  session: OwnerSession;
  tab: Tab;
  title: string;
  flash?: Flash | null;
  back?: { href: string; label: string };
  children: React.ReactNode;
}) {
  return (
    <>
      <title>{`${title} · ${session.store} · Sokoni`}</title>
      <header className="o-top">
        <div className="o-top__who">
          <strong>{session.store}</strong>
          <span>
            {session.name || 'Signed in'} · {session.role}
          </span>
        </div>
        <form method="post" action="/owner/session/logout">
          <button type="submit" className="o-link-button">
            Log out
          </button>
        </form>
      </header>
      <main className="o-main">
        {back ? (
          <p className="o-back">
            <a href={back.href}>← {back.label}</a>
          </p>
        ) : null}
        <h1>{title}</h1>
        <FlashMessage flash={flash} />
        {children}
      </main>
      <nav className="o-tabs" aria-label="Dashboard">
        {TABS.map((t) => (
          <a key={t.id} href={t.href} aria-current={t.id === tab ? 'page' : undefined}>
            <span aria-hidden="true">{t.icon}</span>
            {t.label}
          </a>
        ))}
      </nav>
    </>
  );
}

/** The API's refusal or an unreachable API, in its own words. */
export function ProblemBox({ problem, what }: { problem: OwnerProblem; what: string }) {
  return (
    <div className="o-flash o-flash--error" role="alert" data-problem={problem.code}>
      <strong>Could not load {what}.</strong> {problem.message}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`o-badge o-badge--${status}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}
