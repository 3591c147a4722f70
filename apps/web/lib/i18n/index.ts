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

export const LOCALES = ['en', 'sw'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** One area's strings in both languages. `{name}` in a string is filled from params. */
export interface MessageSet<K extends string> {
  readonly area: string;
  readonly en: Readonly<Record<K, string>>;
  readonly sw: Readonly<Record<K, string>>;
}

const registry = new Map<string, MessageSet<string>>();

/** Every message set defined so far (the i18n test imports every messages file first). */
export function registeredMessageSets(): MessageSet<string>[] {
  return [...registry.values()];
}

export function defineMessages<const K extends string>(
  area: string,
  en: Record<K, string>,
  sw: NoInfer<Record<K, string>>,
): MessageSet<K> {
  const set: MessageSet<K> = { area, en, sw };
  registry.set(area, set);
  return set;
}

export type Params = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** `t(key, params)` for one locale; outside React (route handlers, loaders, islands' data). */
export function translator<K extends string>(set: MessageSet<K>, locale: Locale): Translate<K> {
  const strings = set[locale] ?? set.en;
  return (key, params) => fill(strings[key] ?? set.en[key] ?? key, params);
}

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
