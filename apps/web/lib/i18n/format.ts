/**
 * Numbers, KES amounts and dates in the page's language, with Intl (Node 20 has full ICU):
 * sw-KE / en-KE. Amounts keep the "KES 16,999" shape in both languages (what M-Pesa messages,
 * invoices and the API write; Intl's own currency style would say "Ksh"), with the locale's
 * digit grouping. Dates are in Nairobi time.
 */
import type { Locale } from './core';
import { intlLocale } from './locale';

const TIME_ZONE = 'Africa/Nairobi';

export interface Formatters {
  formatNumber: (n: number) => string;
  formatKes: (amountKes: number) => string;
  /** "12 Mar, 14:05" / "12 Mac, 14:05" (Nairobi). */
  formatDateTime: (iso: string | Date) => string;
  /** "12 Mar 2025" / "12 Mac 2025" (Nairobi). */
  formatDate: (iso: string | Date) => string;
}

const cache = new Map<Locale, Formatters>();

export function formatters(locale: Locale): Formatters {
  const hit = cache.get(locale);
  if (hit) return hit;
  const tag = intlLocale(locale);
  const number = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  // The same fields as packages/contracts/src/dates.ts (the owner side and the API), in this language.
  const dateTime = new Intl.DateTimeFormat(tag, {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const date = new Intl.DateTimeFormat(tag, { timeZone: TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric' });
  const made: Formatters = {
    formatNumber: (n) => number.format(n),
    formatKes: (amount) => `KES ${number.format(amount)}`,
    formatDateTime: (iso) => dateTime.format(typeof iso === 'string' ? new Date(iso) : iso),
    formatDate: (iso) => date.format(typeof iso === 'string' ? new Date(iso) : iso),
  };
  cache.set(locale, made);
  return made;
}
