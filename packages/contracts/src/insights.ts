import { z } from 'zod';

/**
 * The owner home's analytics (apps/api/src/modules/insights/CONTRACT.md): insight cards, the
 * charts' metrics and the last 30 minutes' live counters.
 */
export const INSIGHT_PERIODS = ['day', 'week', 'month'] as const;
export type InsightPeriod = (typeof INSIGHT_PERIODS)[number];
const periodSchema = z.enum(INSIGHT_PERIODS);

export const insightCardSchema = z.object({
  id: z.string(),
  rule: z.string(),
  headline: z.string(),
  body: z.string(),
  bodySw: z.string().nullable(),
  /** The figures behind the card, by name (KES, counts, percentages, slugs). */
  numbers: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  action: z.object({ label: z.string(), href: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InsightCard = z.infer<typeof insightCardSchema>;

/** GET /v1/owner/insights?period= (and POST /generate). */
export const insightListSchema = z.object({
  period: periodSchema,
  window: z.object({ from: z.string(), to: z.string(), days: z.number().int() }),
  generatedAt: z.string().nullable(),
  cards: z.array(insightCardSchema),
});
export type InsightList = z.infer<typeof insightListSchema>;

const count = z.number().int();
const pct = z.number().nullable();

/** GET /v1/owner/insights/metrics?period=. */
export const insightMetricsSchema = z.object({
  period: periodSchema,
  window: z.object({ from: z.string(), to: z.string() }),
  chartFrom: z.string(),
  totals: z.object({
    revenueKes: count,
    refundedKes: count,
    orders: count,
    paidOrders: count,
    unitsSold: count,
    sessions: count,
    /** null while nothing was paid. */
    averageOrderKes: count.nullable(),
  }),
  revenue: z.array(z.object({ day: z.string(), revenueKes: count, orders: count, paidOrders: count, sessions: count })),
  funnel: z.object({
    sessions: count,
    views: count,
    carts: count,
    checkouts: count,
    paid: count,
    checkoutToPaidPct: pct,
    sessionToPaidPct: pct,
  }),
  topProducts: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      unitsSold: count,
      revenueKes: count,
      views: count,
      addToCarts: count,
    }),
  ),
  areas: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      revenueKes: count,
      paidOrders: count,
      checkouts: count,
      sessions: count,
    }),
  ),
  channels: z.array(
    z.object({ channel: z.string(), sessions: count, orders: count, paidOrders: count, revenueKes: count }),
  ),
  mpesa: z.object({
    attempts: count,
    paid: count,
    cancelled: count,
    timeout: count,
    failed: count,
    successRatePct: pct,
  }),
});
export type InsightMetrics = z.infer<typeof insightMetricsSchema>;

/** GET /v1/owner/insights/live: the last 30 minutes, from the store's event stream. */
export const liveCountersSchema = z.object({
  windowMinutes: count,
  from: z.string(),
  to: z.string(),
  activeSessions: count,
  views: count,
  productViews: count,
  searches: count,
  carts: count,
  checkouts: count,
  paymentsStarted: count,
  paid: count,
  whatsappHandoffs: count,
  events: count,
  /** Events per minute, oldest first (30 entries). */
  perMinute: z.array(count),
  complete: z.boolean(),
});
export type LiveCounters = z.infer<typeof liveCountersSchema>;

/** POST /v1/owner/insights/:id/dismiss. */
export const insightDismissedSchema = z.object({
  id: z.string(),
  dismissed: z.literal(true),
  alreadyDismissed: z.boolean(),
});
