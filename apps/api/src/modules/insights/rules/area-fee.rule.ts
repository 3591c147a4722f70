import {
  avgOrderKes,
  insightRule,
  kes,
  pct,
  periodWords,
  periodWordsSw,
  type InsightCard,
  type InsightRule,
} from './types';

/**
 * (a) An area where checkouts rarely end paid, and whose delivery fee is among the store's
 * highest: the fee is the likely reason shoppers walk away at the total.
 */
/** Fewer checkouts than this in the area and one bad day would look like a trend (20 ~ 3 a day over a week). */
export const AREA_MIN_CHECKOUTS = 20;
/** The store-wide rate needs a base too, or "store-wide" is itself noise. */
export const STORE_MIN_CHECKOUTS = 50;
/** "Much below": the area pays at most 60 % of the store-wide rate (18 % vs 41 % is 44 %). */
export const AREA_MAX_RELATIVE_CONVERSION = 0.6;
/** ... and at least 15 points below it, so 4 % vs 6 % on a tiny base never fires. */
export const AREA_MIN_POINTS_BELOW = 15;
/** "Among the highest": at or above the 75th percentile of the store's area fees, and above its median. */
export const FEE_PERCENTILE = 0.75;
/** The suggested cut: small enough to try without losing money on riders. */
export const FEE_CUT_KES = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index]!;
}

export const areaFeeRule: InsightRule = insightRule('area_fee', (ctx, card) => {
  if (!(ctx.store.checkouts >= STORE_MIN_CHECKOUTS) || ctx.areaFees.length === 0) return [];
  const storeRate = ctx.store.paidOrders / ctx.store.checkouts;
  const high = percentile(ctx.areaFees, FEE_PERCENTILE);
  const median = percentile(ctx.areaFees, 0.5);
  const cards: InsightCard[] = [];
  for (const area of ctx.areas) {
    if (area.feeKes === null || !(area.checkouts >= AREA_MIN_CHECKOUTS)) continue;
    const rate = Math.min(1, area.paidOrders / area.checkouts);
    if (rate > storeRate * AREA_MAX_RELATIVE_CONVERSION) continue;
    if ((storeRate - rate) * 100 < AREA_MIN_POINTS_BELOW) continue;
    if (area.feeKes < high || area.feeKes <= median) continue;
    const suggested = Math.max(0, area.feeKes - FEE_CUT_KES);
    const missing = Math.round(area.checkouts * (storeRate - rate));
    const areaPct = pct(area.paidOrders, area.checkouts);
    const storePct = pct(ctx.store.paidOrders, ctx.store.checkouts);
    cards.push(
      card(area.slug, {
        score: missing * avgOrderKes(ctx),
        headline: `${area.name}: ${area.checkouts} checkouts started, ${areaPct} % paid vs ${storePct} % store-wide`,
        body:
          `Shoppers in ${area.name} start checkout but few pay (${area.paidOrders} of ${area.checkouts} ${periodWords(ctx)}). ` +
          `Your delivery fee there (${kes(area.feeKes)}) is among your highest. Try ${kes(suggested)}: at your usual rate that is about ${missing} more paid orders.`,
        bodySw:
          `Wanunuzi wa ${area.name} wanaanza kulipa lakini wachache wanamaliza (${area.paidOrders} kati ya ${area.checkouts} ${periodWordsSw(ctx)}). ` +
          `Ada yako ya kusafirisha huko (${kes(area.feeKes)}) ni kati ya za juu zaidi. Jaribu ${kes(suggested)}.`,
        numbers: {
          area: area.slug,
          checkouts: area.checkouts,
          paidOrders: area.paidOrders,
          areaConversionPct: areaPct,
          storeConversionPct: storePct,
          feeKes: area.feeKes,
          suggestedFeeKes: suggested,
          highFeeThresholdKes: high,
          missedOrders: missing,
        },
        action: {
          label: `Set ${area.name} fee to ${kes(suggested)}`,
          href: `/owner/delivery?area=${encodeURIComponent(area.slug)}&suggestedFeeKes=${suggested}`,
        },
      }),
    );
  }
  return cards;
});
