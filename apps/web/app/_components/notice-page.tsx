import type { ReactNode } from 'react';

/**
 * The whole page for "something is not there or went wrong" (app/not-found.tsx, app/error.tsx):
 * the title, one sentence, and what to do next. No hooks, so a client error page can use it.
 */
export function NoticePage({ title, text, children }: { title: string; text: string; children: ReactNode }) {
  return (
    <main className="wrap notice">
      <title>{title}</title>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>{children}</p>
    </main>
  );
}
