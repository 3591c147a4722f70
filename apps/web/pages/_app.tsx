import type { AppProps } from 'next/app';
import Head from 'next/head';
import { LocaleProvider } from '@/lib/i18n';
import { PageLanguageContext, pageLanguageOfPageProps, localeOfPageProps } from '@/lib/i18n/page-language';
import { PromotionsContext, promotionsOfPageProps } from '@/lib/promotions';

/** The page's language (lib/store-page.ts puts it in the props) reaches every component here. */
export default function StorefrontApp({ Component, pageProps }: AppProps) {
  return (
    <>
      <Head>
        <meta key="viewport" name="viewport" content="width=device-width, initial-scale=1" />
        <meta key="theme-color" name="theme-color" content="#0b6b3a" />
        <meta key="format-detection" name="format-detection" content="telephone=no" />
      </Head>
      <LocaleProvider locale={localeOfPageProps(pageProps)}>
        <PageLanguageContext.Provider value={pageLanguageOfPageProps(pageProps)}>
          <PromotionsContext.Provider value={promotionsOfPageProps(pageProps)}>
            <Component {...pageProps} />
          </PromotionsContext.Provider>
        </PageLanguageContext.Provider>
      </LocaleProvider>
    </>
  );
}
