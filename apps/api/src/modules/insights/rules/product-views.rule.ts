import { insightRule, kes, periodWords, periodWordsSw, type InsightRule } from './types';

/**
 * (b) A product many shoppers look at but few buy: interest is there, so the price, photos or
 * description are what stop them.
 */
/** Enough views that "few sales" is not chance: 150 a week is ~20 a day. */
export const PRODUCT_MIN_VIEWS = 150;
/** "Sells little": it converts views to units at under a quarter of the store's own rate. */
export const PRODUCT_MAX_RELATIVE_CONVERSION = 0.25;
/** At most this many such cards at once (the worst first). */
export const PRODUCT_MAX_CARDS = 2;

export const productViewsRule: InsightRule = insightRule('product_views', (ctx, card) => {
  if (ctx.store.productViews === 0) return [];
  const storeRate = ctx.store.unitsSold / ctx.store.productViews;
  return ctx.products
    .filter((p) => p.views >= PRODUCT_MIN_VIEWS && p.unitsSold / p.views < storeRate * PRODUCT_MAX_RELATIVE_CONVERSION)
    .map((p) => {
      const expected = Math.round(p.views * storeRate);
      return card(p.slug, {
        score: Math.max(0, expected - p.unitsSold) * p.priceKes,
        headline: `${p.title} is viewed ${p.views} times ${periodWords(ctx)} but sold ${p.unitsSold}`,
        body:
          `Shoppers are interested in ${p.title} but do not buy: your other products sell about ${(storeRate * 100).toFixed(1)} per 100 views, this one ` +
          `${((p.unitsSold / p.views) * 100).toFixed(1)}. Check its price (${kes(p.priceKes)}) against other shops, and its photos and description.`,
        bodySw: `${p.title} imetazamwa mara ${p.views} ${periodWordsSw(ctx)} lakini imeuzwa ${p.unitsSold}. Angalia bei (${kes(p.priceKes)}), picha na maelezo yake.`,
        numbers: {
          product: p.slug,
          views: p.views,
          unitsSold: p.unitsSold,
          priceKes: p.priceKes,
          expectedUnits: expected,
          storeUnitsPer100Views: Math.round(storeRate * 1000) / 10,
        },
        action: { label: 'Review price and photos', href: `/owner/products/${encodeURIComponent(p.slug)}` },
      });
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, PRODUCT_MAX_CARDS);
});
