import type { ReactNode } from 'react';
import { SCREENS, screenNumber, signedInPage, type Screen, type SignedInPage } from '@/lib/wizard-flow';
import type { WizardProblem } from '@/lib/wizard-api';
import type { WizardFlash } from '@/lib/wizard-session';
import { FlashMessage } from '../../owner/_components/flash';

/**
 * Every wizard screen: the brand bar, "Step x of 8" with a progress bar, the title, the
 * one-time message of the last form post, then the screen's own content.
 */
export function Frame({
  screen,
  title,
  lead,
  flash,
  children,
}: {
  screen: Screen;
  title: string;
  lead?: React.ReactNode;
  flash?: WizardFlash | null;
  children: React.ReactNode;
}) {
  const n = screenNumber(screen);
  const total = SCREENS.length;
  return (
    <>
      <header className="o-top w-top">
        <div className="o-top__who">
          <strong>Sokoni</strong>
          <span>Create your store</span>
        </div>
        {n >= 3 ? (
          <a href="/owner" className="w-top__login">
            Dashboard
          </a>
        ) : (
          <a href="/start/login" className="w-top__login">
            Log in
          </a>
        )}
      </header>
      <main className="o-main w-main" data-screen={screen}>
        <div className="w-progress" data-step={n}>
          <p className="w-progress__label">
            Step {n} of {total}: <span>{SCREENS[n - 1]!.label}</span>
          </p>
          <div
            className="w-progress__bar"
            role="progressbar"
            aria-valuemin={1}
            aria-valuemax={total}
            aria-valuenow={n}
            aria-label={`Step ${n} of ${total}`}
          >
            <span style={{ width: `${Math.round((n / total) * 100)}%` }} />
          </div>
        </div>
        <title>{`${title} · Create your store · Sokoni`}</title>
        <h1>{title}</h1>
        {lead ? <p className="o-muted w-lead">{lead}</p> : null}
        <FlashMessage flash={flash} />
        {children}
      </main>
    </>
  );
}

/** The API refused to show progress (e.g. a staff login, or the API is down). */
export function ProblemScreen({ screen, problem }: { screen: Screen; problem: WizardProblem }) {
  return (
    <Frame screen={screen} title="Something is in the way">
      <p className="o-flash o-flash--error" role="alert" data-problem={problem.code}>
        {problem.status === 403 ? 'Only the store owner (or an admin) can set up the store.' : problem.message}
      </p>
      <p>
        <a href="/start" className="o-button o-button--plain">
          Back to the start
        </a>
      </p>
    </Frame>
  );
}

/** "Back" to the previous screen (a plain link; nothing is lost: every step is saved). */
export function Back({ to }: { to: Screen }) {
  const path = SCREENS.find((s) => s.key === to)!.path;
  return (
    <p className="w-back">
      <a href={path}>← Back</a>
    </p>
  );
}

/** The query of a wizard screen, as Next.js hands it to a page. */
export type WizardSearch = Record<string, string | string[] | undefined>;

/** The props of a wizard screen's page. */
export interface WizardPageProps {
  searchParams: Promise<WizardSearch>;
}

/**
 * A wizard screen past sign-up (3 to 8) as a page: signedInPage for `screen` (no session ->
 * screen 1, a screen too far -> the first unfinished one), the problem screen when the API
 * refuses, else what `render` draws for the owner's progress.
 */
export function signedInScreen(
  screen: Screen,
  render: (page: SignedInPage, search: WizardSearch) => ReactNode | Promise<ReactNode>,
) {
  return async function SignedInScreen({ searchParams }: WizardPageProps) {
    const search = await searchParams;
    const page = await signedInPage(screen, search);
    if ('problem' in page) return <ProblemScreen screen={screen} problem={page.problem} />;
    return render(page, search);
  };
}
