/**
 * Which language a storefront response is in: the one rule, used by every page (lib/store-page.ts)
 * and route handler (flash and error messages).
 *
 *   1. `?lang=sw|en` in the URL (the switch link in the header and footer, hreflang alternates);
 *   2. else the shopper's cookie for this store (`sokoni_lang_<slug>`, set by visiting a `?lang=` URL);
 *   3. else the store's default language (owner setting, /owner/settings/branding).
 *
 * Caching (docs/i18n.md): a `?lang=` URL always renders the same language, so it stays publicly
 * cacheable (its Set-Cookie is the same for every visitor, so a shared cache replaying it is
 * harmless). A URL without `?lang=` depends on the cookie: it is sent with `Vary: Cookie`, and
 * when the cookie picks a language other than the store's default the page is `private` (only
 * that shopper's browser may keep it), so a shared cache never serves it to someone else and
 * never serves the store-default copy to this shopper.
 */
import { publicScheme } from '../config';
import { DEFAULT_LOCALE, isLocale, type Locale } from './core';

export const LANG_PARAM = 'lang';
/** A year: the choice of language is not personal data and rarely changes. */
const LANG_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** Per store: one platform host serves every store in path form, so the name carries the slug. */
export const langCookie = (slug: string) => `sokoni_lang_${slug}`;

export type LocaleSource = 'query' | 'cookie' | 'store';

export interface LocaleChoice {
  locale: Locale;
  source: LocaleSource;
  /** Set-Cookie remembering a `?lang=` choice (null when the URL chose nothing). */
  setCookie: string | null;
  /**
   * The response depends on this shopper's cookie and differs from what a shopper without it
   * sees: it must not be stored by shared caches.
   */
  personal: boolean;
  /** The URL carries no `?lang=`: the answer varies with the Cookie header. */
  variesByCookie: boolean;
}

export function langSetCookie(slug: string, locale: Locale): string {
  const parts = [`${langCookie(slug)}=${locale}`, 'Path=/', `Max-Age=${LANG_COOKIE_MAX_AGE}`, 'SameSite=Lax'];
  if (publicScheme() === 'https') parts.push('Secure');
  return parts.join('; ');
}

export function resolveLocale(input: {
  slug: string;
  storeDefault: string | null | undefined;
  query: string | null | undefined;
  cookies: Map<string, string>;
}): LocaleChoice {
  const storeDefault: Locale = isLocale(input.storeDefault) ? input.storeDefault : DEFAULT_LOCALE;
  if (isLocale(input.query))
    return {
      locale: input.query,
      source: 'query',
      setCookie: langSetCookie(input.slug, input.query),
      personal: false,
      variesByCookie: false,
    };
  const cookie = input.cookies.get(langCookie(input.slug));
  if (isLocale(cookie))
    return {
      locale: cookie,
      source: 'cookie',
      setCookie: null,
      personal: cookie !== storeDefault,
      variesByCookie: true,
    };
  return { locale: storeDefault, source: 'store', setCookie: null, personal: false, variesByCookie: true };
}

/** `path` (with or without a query) with `?lang=<locale>` set: switch links and hreflang alternates. */
export function withLang(path: string, locale: Locale): string {
  const hash = path.indexOf('#');
  const bare = hash >= 0 ? path.slice(0, hash) : path;
  const q = bare.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? bare.slice(q + 1) : '');
  params.set(LANG_PARAM, locale);
  return `${q >= 0 ? bare.slice(0, q) : bare}?${params.toString()}`;
}

/** `path` without its `lang` parameter (the x-default and canonical URL). */
export function withoutLang(path: string): string {
  const q = path.indexOf('?');
  if (q < 0) return path;
  const params = new URLSearchParams(path.slice(q + 1));
  params.delete(LANG_PARAM);
  const rest = params.toString();
  return rest ? `${path.slice(0, q)}?${rest}` : path.slice(0, q);
}

/** BCP 47 tag for Intl (Kenyan formats: KES, day-month order): sw-KE / en-KE. */
export function intlLocale(locale: Locale): string {
  return locale === 'sw' ? 'sw-KE' : 'en-KE';
}
