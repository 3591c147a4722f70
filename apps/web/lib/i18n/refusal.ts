/**
 * An API refusal in the shopper's language. The API words its errors in English but gives each a
 * stable `code` and, for the rules a shopper meets, a `details.reason` (apps/api: ApiError); the
 * storefront maps those to messages/refusals.ts. English pages keep the API's own words (the
 * most precise: "Only 3 left in stock"); a Swahili page gets the mapped words, and only a refusal
 * the map does not know falls back to the API's English.
 */
import { translator, type Locale } from './core';
import { refusalMessages } from './messages/refusals';

export type RefusalKey = keyof typeof refusalMessages.en;

export interface Refusal {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const isKey = (k: string): k is RefusalKey => Object.hasOwn(refusalMessages.en, k);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Which message (and its params) a refusal maps to, or null for one the storefront does not know. */
export function refusalKey(problem: Refusal): { key: RefusalKey; params?: Record<string, number> } | null {
  const reason = typeof problem.details.reason === 'string' ? problem.details.reason : '';
  const status = typeof problem.details.status === 'string' ? problem.details.status : '';
  if (problem.status === 429 || problem.code === 'rate_limited') {
    const wait = num(problem.details.retryAfterSeconds);
    return wait && wait > 60
      ? { key: 'rate_limited_minutes', params: { minutes: Math.ceil(wait / 60) } }
      : { key: 'rate_limited' };
  }
  if (reason === 'insufficient_stock' && problem.details.sku !== undefined) {
    const available = num(problem.details.available);
    if (available === 0) return { key: 'out_of_stock' };
    if (available !== null) return { key: 'only_left', params: { available } };
  }
  if (reason === 'order_not_payable' && (status === 'cancelled' || status === 'paid'))
    return { key: status === 'cancelled' ? 'order_not_payable_cancelled' : 'order_not_payable_paid' };
  if (!reason && problem.code === 'conflict' && num(problem.details.max) !== null && problem.details.sku !== undefined)
    return { key: 'line_max', params: { max: num(problem.details.max)! } };
  if (reason === 'cart_full' && num(problem.details.max) !== null)
    return { key: 'cart_full', params: { max: num(problem.details.max)! } };
  if (reason && isKey(reason)) return { key: reason };
  if (isKey(problem.code)) return { key: problem.code };
  return null;
}

/** The words to show for a refusal on a page in `locale`. */
export function refusalText(problem: Refusal, locale: Locale): string {
  const mapped = refusalKey(problem);
  if (locale === 'en' && problem.message) return problem.message;
  if (!mapped) return problem.message;
  return translator(refusalMessages, locale)(mapped.key, mapped.params);
}
