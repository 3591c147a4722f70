import { findStore } from '@/lib/api';
import { getRequestStore } from '@/lib/base-path';
import { storeHomeHref } from '@/lib/store-context';
import { StoreHeader } from '@/components/StoreHeader';

/**
 * 404 inside /s/[store]: either the store does not exist, or (store exists) the product or
 * page does not. not-found files get no params, so the slug comes from the proxy's header.
 */
export default async function StoreNotFound() {
  const { slug, base } = await getRequestStore();
  let store = null;
  if (slug) {
    try {
      store = await findStore(slug);
    } catch {
      store = null; // API trouble: fall back to the generic message, keep the 404
    }
  }

  if (!store) {
    return (
      <main className="wrap notice">
        <title>Store not found</title>
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
    <>
      <StoreHeader store={store} base={base} showTagline={false} />
      <main className="wrap notice">
        <title>{`Not found — ${store.name}`}</title>
        <h1>We could not find that product</h1>
        <p>It may have been removed or the link is wrong.</p>
        <p>
          <a href={storeHomeHref(base)}>See all products in {store.name}</a>
        </p>
      </main>
    </>
  );
}
