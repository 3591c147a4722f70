/**
 * How the proxy (proxy.ts) tells pages which store a request is for and whether the shopper
 * used the host form (`<slug>.<platform-domain>/...`) or the path form (`/s/<slug>/...`).
 * The proxy always overwrites or deletes these request headers, so a client cannot set them.
 * This module has no Next.js server imports so that proxy.ts can import it too.
 */
export const STORE_HEADER = 'x-sokoni-store';
export const STORE_MODE_HEADER = 'x-sokoni-store-mode';
export const REQUEST_ID_HEADER = 'x-request-id';

export type StoreMode = 'host' | 'path';

/** Path prefix for links inside a store: '' in host form, `/s/<slug>` in path form. */
export function storeBasePath(store: string, hostStore: string | null, mode: string | null): string {
  return mode === 'host' && hostStore === store ? '' : `/s/${store}`;
}

/** The store home URL for a base path ('' means the host root). */
export function storeHomeHref(base: string): string {
  return base === '' ? '/' : base;
}
