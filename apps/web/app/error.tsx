'use client';

import { NoticePage } from './_components/notice-page';

/** Shown when the API is unreachable or answers unexpectedly (HTTP 500). */
export default function ErrorPage() {
  return (
    <NoticePage title="Something went wrong" text="We could not load this page. Check your connection and try again.">
      <button type="button" className="button" onClick={() => window.location.reload()}>
        Try again
      </button>
    </NoticePage>
  );
}
