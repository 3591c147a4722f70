/**
 * Nairobi calendar days and times. Africa/Nairobi is UTC+3 all year (no daylight saving), so a
 * Nairobi day is plain arithmetic on UTC; the formatters say "Nairobi" explicitly so a server in
 * another zone prints the same.
 */
export const NAIROBI_TIME_ZONE = 'Africa/Nairobi';
const OFFSET_MS = 3 * 3600_000;
const DAY_MS = 86400_000;

/** A calendar day, YYYY-MM-DD. */
export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The Nairobi calendar day (YYYY-MM-DD) an instant falls on. */
export function nairobiDay(at: Date | string = new Date()): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Every day from..to inclusive. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The UTC instant a Nairobi day starts. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

/** Is this instant on the same Nairobi day as `now`? */
export function isNairobiToday(at: Date | string, now: Date = new Date()): boolean {
  return nairobiDay(at) === nairobiDay(now);
}

const timeFormat = new Intl.DateTimeFormat('en-KE', {
  timeZone: NAIROBI_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dayMonthFormat = new Intl.DateTimeFormat('en-KE', {
  timeZone: NAIROBI_TIME_ZONE,
  day: 'numeric',
  month: 'short',
});
const dateFormat = new Intl.DateTimeFormat('en-KE', {
  timeZone: NAIROBI_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-KE', {
  timeZone: NAIROBI_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "14:05" (Nairobi). */
export const formatNairobiTime = (at: Date | string): string => timeFormat.format(new Date(at));
/** "12 Mar" (Nairobi). */
export const formatNairobiDayMonth = (at: Date | string): string => dayMonthFormat.format(new Date(at));
/** "12 Mar 2025" (Nairobi). */
export const formatNairobiDate = (at: Date | string): string => dateFormat.format(new Date(at));
/** "12 Mar, 14:05" (Nairobi). */
export const formatNairobiDateTime = (at: Date | string): string => dateTimeFormat.format(new Date(at));
