import Head from 'next/head';
import type { StoreSummary } from '@sokoni/contracts';
import { storeHomeHref } from '@/lib/store-context';
import { StoreLayout } from './StoreLayout';

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
  what?: string;
}) {
  if (!store) {
    return (
      <main className="wrap notice">
        <Head>
          <title key="title">Store not found</title>
          <meta key="robots" name="robots" content="noindex" />
        </Head>
        <h1>This store does not exist</h1>
        <p>There is no Sokoni store at this address. Check the spelling of the link you were sent.</p>
        {base !== '' ? (
          <p>
            <a href="/">See Sokoni stores</a>
          </p>
        ) : null}
      </main>
    );
  }
  return (
    <StoreLayout store={store} base={base} events={null}>
      <Head>
        <title key="title">{`Not found — ${store.name}`}</title>
        <meta key="robots" name="robots" content="noindex" />
      </Head>
      <main className="wrap notice">
        <h1>We could not find that {what}</h1>
        <p>It may have been removed or the link is wrong.</p>
        <p>
          <a href={storeHomeHref(base)}>See all products in {store.name}</a>
        </p>
      </main>
    </StoreLayout>
  );
}
