/**
 * Storefront languages. Every storefront string lives in a messages file under ./messages, one
 * per area of the storefront (messages/<area>.ts), written with `defineMessages` so English and
 * Swahili always have the same keys: the compiler refuses a key present in one language only,
 * and tests/web/i18n.test.ts checks every registered file again at run time (no empty strings,
 * the same {placeholders} in both).
 *
 * Pages get the shopper's locale from lib/i18n/locale.ts (store default, `?lang=` link, cookie)
 * and pass it down through <LocaleProvider>; components read their strings with
 * `useMessages(messages)`. Islands (inline client scripts) get the strings they need as data.
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { DEFAULT_LOCALE, translator, type Locale, type MessageSet, type Translate } from './core';
import { formatters, type Formatters } from './format';

export * from './core';

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

export function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return createElement(LocaleContext.Provider, { value: locale }, children);
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** Inside a component: the strings of one messages file in the page's language. */
export function useMessages<K extends string>(set: MessageSet<K>): Translate<K> {
  return translator(set, useLocale());
}

/** Inside a component: numbers, KES amounts and dates in the page's language (lib/i18n/format.ts). */
export function useFormat(): Formatters {
  return formatters(useLocale());
}
