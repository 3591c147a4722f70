/** Insight periods over Nairobi calendar days (the day arithmetic is in @sokoni/contracts). */
import { addDays, nairobiDay } from '@sokoni/contracts';

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
