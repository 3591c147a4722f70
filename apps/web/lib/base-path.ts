import { headers } from 'next/headers';
import { STORE_HEADER, STORE_MODE_HEADER, storeBasePath } from './store-context';

/** Link prefix for a store page in this request: '' (host form) or `/s/<slug>` (path form). */
export async function getStoreBase(store: string): Promise<string> {
  const h = await headers();
  return storeBasePath(store, h.get(STORE_HEADER), h.get(STORE_MODE_HEADER));
}

/** The store slug the proxy saw for this request (host or path form), if any. */
export async function getRequestStore(): Promise<{ slug: string | null; base: string }> {
  const h = await headers();
  const slug = h.get(STORE_HEADER);
  if (!slug) return { slug: null, base: '' };
  return { slug, base: storeBasePath(slug, slug, h.get(STORE_MODE_HEADER)) };
}
