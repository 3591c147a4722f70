/** Nairobi calendar days (Africa/Nairobi is UTC+3 all year, no daylight saving). */
const OFFSET_MS = 3 * 3600_000;
const DAY_MS = 86400_000;

export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function nairobiDay(at: Date = new Date()): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
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

export type Period = 'day' | 'week' | 'month';
export const PERIOD_DAYS: Record<Period, number> = { day: 1, week: 7, month: 30 };

/**
 * The window a period looks at: the last complete Nairobi days (today is still running, its
 * numbers would always look low), ending yesterday.
 */
export function periodWindow(period: Period, today = nairobiDay()): { from: string; to: string; days: number } {
  const to = addDays(today, -1);
  const days = PERIOD_DAYS[period];
  return { from: addDays(to, -(days - 1)), to, days };
}
