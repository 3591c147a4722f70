/**
 * Numbers, KES amounts and dates in the page's language, with Intl (Node 20 has full ICU):
 * sw-KE / en-KE. Amounts keep the "KES 16,999" shape in both languages (what M-Pesa messages,
 * invoices and the API write; Intl's own currency style would say "Ksh"), with the locale's
 * digit grouping. Dates are in Nairobi time: "7 Des 2026, 15:20" / "7 Dec 2026, 15:20".
 */
import { useLocale, type Locale } from './index';
import { intlLocale } from './locale';

const TIME_ZONE = 'Africa/Nairobi';

export interface Formatters {
  formatNumber(n: number): string;
  formatKes(amountKes: number): string;
  /** Date and time, e.g. "7 Dec 2026, 15:20". */
  formatDateTime(iso: string | Date): string;
  /** Day only, e.g. "Monday, 7 December". */
  formatDay(iso: string | Date): string;
}

const cache = new Map<Locale, Formatters>();

export function formatters(locale: Locale): Formatters {
  const hit = cache.get(locale);
  if (hit) return hit;
  const tag = intlLocale(locale);
  const number = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE });
  const day = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', timeZone: TIME_ZONE });
  const made: Formatters = {
    formatNumber: (n) => number.format(n),
    formatKes: (amount) => `KES ${number.format(amount)}`,
    formatDateTime: (iso) => dateTime.format(typeof iso === 'string' ? new Date(iso) : iso),
    formatDay: (iso) => day.format(typeof iso === 'string' ? new Date(iso) : iso),
  };
  cache.set(locale, made);
  return made;
}

/** Inside a component: the formatters of the page's language. */
export function useFormat(): Formatters {
  return formatters(useLocale());
}
