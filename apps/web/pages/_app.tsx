import type { AppProps } from 'next/app';
import Head from 'next/head';
import { PromotionsContext, promotionsOfPageProps } from '@/lib/promotions';

export default function StorefrontApp({ Component, pageProps }: AppProps) {
  return (
    <>
      <Head>
        <meta key="viewport" name="viewport" content="width=device-width, initial-scale=1" />
        <meta key="theme-color" name="theme-color" content="#0b6b3a" />
        <meta key="format-detection" name="format-detection" content="telephone=no" />
      </Head>
      <PromotionsContext.Provider value={promotionsOfPageProps(pageProps)}>
        <Component {...pageProps} />
      </PromotionsContext.Provider>
    </>
  );
}
