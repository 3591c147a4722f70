import { insightRule, kes, type InsightRule } from './types';

/** (d) A product that sells is about to run out: restock before shoppers meet "out of stock". */
/** "Sells": at least 3 units over the last 14 days, so one lucky sale is not a run on stock. */
export const STOCK_MIN_UNITS_14D = 3;
/** Days of cover (units on hand / units sold per day) under this: Nairobi suppliers restock in 1-3 days. */
export const STOCK_MAX_DAYS_OF_COVER = 3;
export const STOCK_MAX_CARDS = 2;

export const lowStockRule: InsightRule = insightRule('low_stock', (ctx, card) => {
  return ctx.products
    .filter((p) => p.units14d >= STOCK_MIN_UNITS_14D)
    .map((p) => ({ p, perDay: p.units14d / 14, cover: p.onHand / (p.units14d / 14) }))
    .filter(({ cover }) => cover < STOCK_MAX_DAYS_OF_COVER)
    .sort((a, b) => a.cover - b.cover || b.perDay - a.perDay)
    .slice(0, STOCK_MAX_CARDS)
    .map(({ p, perDay, cover }) =>
      card(p.slug, {
        score: perDay * ctx.window.days * p.priceKes,
        headline:
          p.onHand === 0
            ? `${p.title} is out of stock and sells ${perDay.toFixed(1)} a day`
            : `Only ${p.onHand} left of ${p.title}: about ${Math.max(0, Math.floor(cover))} days of stock`,
        body: `${p.title} sold ${p.units14d} in the last 14 days (${perDay.toFixed(1)} a day). With ${p.onHand} on hand you run out in about ${cover.toFixed(1)} days. Restock now to keep selling ${kes(perDay * p.priceKes)} a day.`,
        bodySw: `${p.title} imebaki ${p.onHand}; inauzwa ${perDay.toFixed(1)} kwa siku. Ongeza stoki sasa.`,
        numbers: {
          product: p.slug,
          onHand: p.onHand,
          unitsSold14d: p.units14d,
          unitsPerDay: Math.round(perDay * 10) / 10,
          daysOfCover: Math.round(cover * 10) / 10,
        },
        action: { label: 'Restock', href: `/owner/products/${encodeURIComponent(p.slug)}#stock` },
      }),
    );
});
