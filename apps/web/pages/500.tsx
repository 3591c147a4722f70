import Head from 'next/head';

/** No framework JS on storefront pages: see pages/_document.tsx (`runtime` only satisfies the config type). */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

/** A storefront page failed (API unreachable or answering unexpectedly). Static, no store data. */
export default function ServerError() {
  return (
    <main className="wrap notice">
      <Head>
        <title key="title">Something went wrong</title>
        <meta key="robots" name="robots" content="noindex" />
      </Head>
      <h1>Something went wrong</h1>
      <p>We could not load this page. Check your connection and try again in a moment.</p>
      <p>
        <a className="button" href="">
          Try again
        </a>
      </p>
    </main>
  );
}
