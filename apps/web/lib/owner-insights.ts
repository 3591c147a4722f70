/**
 * The owner home's insight cards and charts: the answers of GET /v1/owner/insights and
 * /v1/owner/insights/metrics (apps/api/src/modules/insights/CONTRACT.md) and the words and
 * numbers the page shows for them.
 */
import { INSIGHT_PERIODS, type InsightCard, type InsightPeriod } from '@sokoni/contracts';
import type { OwnerRole } from './owner-session';
import { formatKes, formatNumber } from './owner-format';

export const PERIODS = INSIGHT_PERIODS;
export type Period = InsightPeriod;
export const PERIOD_LABELS: Record<Period, string> = { day: 'Yesterday', week: 'Last 7 days', month: 'Last 30 days' };

/** The period from the query: day, week or month; anything else is the default (week). */
export function periodParam(raw: string | null | undefined): Period {
  return PERIODS.includes(raw as Period) ? (raw as Period) : 'week';
}

/** The API's answers, inferred from the contracts they are parsed with. */
export type { InsightCard, InsightList, InsightMetrics as Metrics, LiveCounters as Live } from '@sokoni/contracts';

/** Dismissing changes what everyone in the shop sees: owner and admin only (`audit.read`). */
export const canDismissInsights = (role: OwnerRole) => role === 'owner' || role === 'admin';

/** A card's numbers worth showing, in words; other keys (slugs, thresholds) stay out. */
const NUMBER_LABELS: Record<string, string> = {
  checkouts: 'Checkouts',
  paidOrders: 'Paid orders',
  areaConversionPct: 'Paid here',
  storeConversionPct: 'Paid store-wide',
  feeKes: 'Delivery fee',
  suggestedFeeKes: 'Suggested fee',
  missedOrders: 'Orders missed',
  views: 'Views',
  unitsSold: 'Units sold',
  priceKes: 'Price',
  expectedUnits: 'Expected units',
  shoppers: 'Shoppers',
  searches: 'Searches',
  onHand: 'In stock',
  unitsSold14d: 'Sold in 14 days',
  unitsPerDay: 'Sold per day',
  daysOfCover: 'Days of stock left',
  attempts: 'M-Pesa prompts',
  paid: 'Paid',
  successRatePct: 'Success rate',
  baselineSuccessRatePct: 'Before',
  cancelled: 'Cancelled',
  timeout: 'Timed out',
  cancelledSharePct: 'Cancelled share',
  whatsappOrders: 'WhatsApp orders',
  sharePct: 'WhatsApp share',
  previousSharePct: 'Before',
  stockValueKes: 'Stock value',
  suggestedSalePriceKes: 'Suggested sale price',
  views30d: 'Views in 30 days',
  recentAverage: 'Rating, last 30 days',
  recentReviews: 'Recent reviews',
  previousAverage: 'Rating before',
  previousReviews: 'Earlier reviews',
  drop: 'Stars lost',
  revenue30dKes: 'Sales in 30 days',
};

export function formatMetric(key: string, value: number | string | null): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'string') return value;
  if (key.endsWith('Kes')) return formatKes(value);
  if (key.endsWith('Pct')) return `${formatPct(value)}`;
  return Number.isInteger(value) ? formatNumber(value) : value.toFixed(1);
}

export function keyNumbers(card: InsightCard, max = 6): { key: string; label: string; value: string }[] {
  return Object.entries(card.numbers)
    .filter(([key]) => key in NUMBER_LABELS)
    .slice(0, max)
    .map(([key, value]) => ({ key, label: NUMBER_LABELS[key]!, value: formatMetric(key, value) }));
}

/** 41.6 -> "41.6 %", 42 -> "42 %", null -> "n/a". */
export function formatPct(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return `${Number.isInteger(value) ? value : value.toFixed(1)} %`;
}

/** part / whole as a one-decimal percentage, or null when whole is 0. */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

const shortDay = new Intl.DateTimeFormat('en-KE', { timeZone: 'UTC', day: 'numeric', month: 'short' });
/** "2026-11-18" -> "18 Nov". */
export function dayLabel(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : shortDay.format(d);
}
