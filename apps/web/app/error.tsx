'use client';

/** Shown when the API is unreachable or answers unexpectedly (HTTP 500). */
export default function ErrorPage() {
  return (
    <main className="wrap notice">
      <title>Something went wrong</title>
      <h1>Something went wrong</h1>
      <p>We could not load this page. Check your connection and try again.</p>
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </p>
    </main>
  );
}
