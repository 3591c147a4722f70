/**
 * The language of a route handler's answer (flash messages, form errors, redirects' notices):
 * the same rule as pages (lib/i18n/locale.ts). A form post carries no `?lang=`, so the shopper's
 * cookie decides, else the store's default (findStore is cached, so this costs no API call on a
 * warm cache).
 */
import { findStore, type Forwarded } from '../api';
import { resolveLocale } from './locale';
import type { Locale } from './core';

export async function shopperLocale(shopper: {
  slug: string;
  cookies: Map<string, string>;
  forwarded: Forwarded;
  query?: string | null;
}): Promise<Locale> {
  const quick = resolveLocale({
    slug: shopper.slug,
    storeDefault: null,
    query: shopper.query,
    cookies: shopper.cookies,
  });
  if (quick.source !== 'store') return quick.locale;
  const store = await findStore(shopper.slug, shopper.forwarded).catch(() => null);
  return resolveLocale({ slug: shopper.slug, storeDefault: store?.language, query: null, cookies: shopper.cookies })
    .locale;
}
