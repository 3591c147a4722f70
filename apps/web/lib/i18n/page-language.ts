/**
 * What a storefront page knows about its language beyond the locale: the URL it answers (for the
 * switch link and the hreflang alternates), the store's canonical origin and link prefix, and
 * whether it is a browsing page (alternates) or a shopper's own page (no alternates: noindex).
 * lib/store-page.ts puts it in the page props; pages/_app.tsx provides it (with the locale) to
 * every component, and pages/_document.tsx reads the locale for `<html lang>`.
 */
import { createContext, useContext } from 'react';
import { DEFAULT_LOCALE, isLocale, type Locale } from './core';
import { withLang, withoutLang } from './locale';

export interface PageLanguage {
  locale: Locale;
  /**
   * The store's own language: its version of a page lives at the clean URL (x-default, canonical),
   * the other language's at `?lang=<locale>`.
   */
  storeDefault: Locale;
  /** This page's path under the store's base, query kept, `lang` dropped: '/', '/c/sofas?sort=price'. */
  path: string;
  /** Link prefix: '' (host form) or `/s/<slug>`. */
  base: string;
  /** Canonical (host form) origin, for absolute alternates. */
  origin: string;
  /** Browsing page: hreflang alternates in <head>. */
  alternates: boolean;
}

export const PageLanguageContext = createContext<PageLanguage | null>(null);

export function usePageLanguage(): PageLanguage | null {
  return useContext(PageLanguageContext);
}

/** The page's language block from its props (store pages put it at `language`). */
export function pageLanguageOfPageProps(pageProps: unknown): PageLanguage | null {
  const language = (pageProps as { language?: PageLanguage } | null)?.language;
  return language && isLocale(language.locale) ? language : null;
}

/** Where a page is in one language: the clean URL for the store's language, else `?lang=`. */
export function languageUrl(page: PageLanguage, locale: Locale, url: string): string {
  return locale === page.storeDefault ? withoutLang(url) : withLang(url, locale);
}

export function localeOfPageProps(pageProps: unknown): Locale {
  return pageLanguageOfPageProps(pageProps)?.locale ?? DEFAULT_LOCALE;
}
