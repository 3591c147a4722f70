/**
 * The language-neutral half of lib/i18n (no React): locales, messages sets and `translator`.
 * Route handlers, loaders and lib/* modules that App Router server code reaches import this file
 * (React's client APIs such as createContext must not be in that graph); components use
 * `lib/i18n` (index.ts), which re-exports all of it with the hooks.
 */
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
