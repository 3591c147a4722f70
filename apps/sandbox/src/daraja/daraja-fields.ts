/**
 * Field rules every Daraja API applies the same way (reference 1.2, 1.6, 1.7). Each validator in
 * this folder reports the first failing field by its Daraja name, which the route turns into
 * HTTP 400 `400.002.02` "Bad Request - Invalid <Field>".
 */

/** Largest amount M-Pesa moves in one transaction (whole shillings). */
export const MAX_TRANSACTION_AMOUNT = 250_000;
export const SHORTCODE = /^\d{5,7}$/;
export const MSISDN = /^254(7|1)\d{8}$/;
/** Words Daraja is commonly reported to refuse in a callback or result URL (reference 1.2). */
const REFUSED_URL_WORDS = ['mpesa', 'safaricom'];

/** Either the parsed request or the Daraja field name to report as invalid. */
export type Validated<T> = { ok: true; value: T } | { ok: false; field: string };

/** Digits given as a JSON string or a JSON number (SDKs send both); anything else is null. */
export function digitsOf(value: unknown): string | null {
  if (typeof value === 'string') return /^\d+$/.test(value) ? value : null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return null;
}

/** A 5-7 digit shortcode (paybill, till or HO number), as a string or a number; else null. */
export function shortCodeOf(value: unknown): string | null {
  const digits = digitsOf(value);
  return digits !== null && SHORTCODE.test(digits) ? digits : null;
}

/** A 2547XXXXXXXX / 2541XXXXXXXX MSISDN, as a string or a number; else null. */
export function msisdnOf(value: unknown): string | null {
  const digits = digitsOf(value);
  return digits !== null && MSISDN.test(digits) ? digits : null;
}

/** Whole shillings 1..max, as a JSON number or a string of digits; decimals are refused. */
export function amountOf(value: unknown, max = MAX_TRANSACTION_AMOUNT): number | null {
  let amount: number;
  if (typeof value === 'number') amount = value;
  else if (typeof value === 'string' && /^\d+$/.test(value)) amount = Number(value);
  else return null;
  if (!Number.isInteger(amount) || amount < 1 || amount > max) return null;
  return amount;
}

/**
 * A URL Daraja would POST to. Daraja wants public HTTPS; the sandbox also takes http so a loopback
 * receiver works, and like Daraja it refuses URLs containing "mpesa" or "safaricom".
 */
export function isCallbackUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const lower = value.toLowerCase();
  return !REFUSED_URL_WORDS.some((word) => lower.includes(word));
}

export function boundedString(value: unknown, max: number, min = 1): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

/** An optional free-text field: absent, null or a string up to `max` characters. */
export function optionalString(value: unknown, max: number): value is string | undefined | null {
  return value === undefined || value === null || (typeof value === 'string' && value.length <= max);
}

export function asRecord(body: unknown): Record<string, unknown> | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}
