import Head from 'next/head';
import type { StoreSummary } from '@sokoni/contracts';
import { storeHomeHref } from '@/lib/store-context';
import { StoreLayout } from './StoreLayout';
import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

export type NotFoundWhat = 'page' | 'product' | 'category' | 'area' | 'order';

/**
 * 404 inside a store: either the store does not exist, or (store exists) the product, category,
 * area or page does not. The response status is set by lib/store-page.ts.
 */
export function StoreNotFound({
  store,
  base,
  what = 'page',
}: {
  store: StoreSummary | null;
  base: string;
  what?: NotFoundWhat;
}) {
  const t = useMessages(commonMessages);
  if (!store) {
    return (
      <main className="wrap notice">
        <Head>
          <title key="title">{t('storeNotFoundTitle')}</title>
          <meta key="robots" name="robots" content="noindex" />
        </Head>
        <h1>{t('storeNotFound')}</h1>
        <p>{t('storeNotFoundText')}</p>
        {base !== '' ? (
          <p>
            <a href="/">{t('seeStores')}</a>
          </p>
        ) : null}
      </main>
    );
  }
  return (
    <StoreLayout store={store} base={base} events={null}>
      <Head>
        <title key="title">{t('notFoundTitle', { store: store.name })}</title>
        <meta key="robots" name="robots" content="noindex" />
      </Head>
      <main className="wrap notice">
        <h1>{t(`notFound_${what}`)}</h1>
        <p>{t('notFoundText')}</p>
        <p>
          <a href={storeHomeHref(base)}>{t('seeAllProducts', { store: store.name })}</a>
        </p>
      </main>
    </StoreLayout>
  );
}
