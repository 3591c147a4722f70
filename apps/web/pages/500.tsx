import Head from 'next/head';
import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

/** No framework JS on storefront pages: see pages/_document.tsx (`runtime` only satisfies the config type). */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

/** A storefront page failed (API unreachable or answering unexpectedly). Static, no store data. */
export default function ServerError() {
  // No page props here (static): English, the platform's default (DEFAULT_LOCALE).
  const t = useMessages(commonMessages);
  return (
    <main className="wrap notice">
      <Head>
        <title key="title">{t('errorTitle')}</title>
        <meta key="robots" name="robots" content="noindex" />
      </Head>
      <h1>{t('errorTitle')}</h1>
      <p>{t('errorText')}</p>
      <p>
        <a className="button" href="">
          {t('tryAgain')}
        </a>
      </p>
    </main>
  );
}
