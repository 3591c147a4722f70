import type { GetServerSideProps } from 'next';
import { loadStorePage, type StorePageProps } from '@/lib/store-page';
import { StoreNotFound } from '@/components/StoreNotFound';

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

/**
 * Any other path inside a store: a 404 in the store's own frame (or "no such store").
 * Route handlers in app/s/[store]/ (events, sitemap.xml, robots.txt) take precedence.
 */
export const getServerSideProps: GetServerSideProps<StorePageProps<never>> = (ctx) =>
  loadStorePage<never>(ctx, () => Promise.resolve(null));

export default function StoreCatchAll(props: StorePageProps<never>) {
  return (
    <StoreNotFound
      store={props.found ? props.view.store : props.store}
      base={props.found ? props.view.base : props.base}
    />
  );
}
