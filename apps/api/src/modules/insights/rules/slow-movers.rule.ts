import { insightRule, kes, type InsightRule } from './types';

/**
 * (g) Stock that does not move: money on the shelf. A month without a sale is the owner's own
 * yardstick ("it has been sitting there for a month"); a sale price for a week usually clears
 * it or shows that nobody wants it at any price.
 */
/** No unit sold over this many days, ending with the window's last day. */
export const SLOW_NO_SALE_DAYS = 30;
/** Listed (or first seen by the storefront) at least this long before: a new product has not had its chance. */
export const SLOW_MIN_LISTED_DAYS = 30;
/** A couple of leftovers are not worth a card. */
export const SLOW_MIN_ON_HAND = 3;
/** Stock value (units on hand x price) below this is small change for the shop. */
export const SLOW_MIN_STOCK_VALUE_KES = 5_000;
/** The sale suggested: this much off, rounded down to a price ending in 0 or 50. */
export const SLOW_SUGGESTED_DISCOUNT = 0.1;
export const SLOW_MAX_CARDS = 2;
/** Ranking: money tied up costs the shop about this share of its value a month (stock it cannot buy instead). */
const MONTHLY_CARRYING_SHARE = 0.05;

export function suggestedSalePrice(priceKes: number): number {
  const off = Math.floor((priceKes * (1 - SLOW_SUGGESTED_DISCOUNT)) / 50) * 50;
  return off > 0 && off < priceKes ? off : Math.max(1, Math.floor(priceKes * (1 - SLOW_SUGGESTED_DISCOUNT)));
}

export const slowMoversRule: InsightRule = insightRule('slow_movers', (ctx, card) => {
  return ctx.slowMovers
    .filter(
      (p) =>
        p.unitsSold30d === 0 &&
        p.listedDays >= SLOW_MIN_LISTED_DAYS &&
        p.onHand >= SLOW_MIN_ON_HAND &&
        p.stockValueKes >= SLOW_MIN_STOCK_VALUE_KES,
    )
    .sort((a, b) => b.stockValueKes - a.stockValueKes || a.slug.localeCompare(b.slug))
    .slice(0, SLOW_MAX_CARDS)
    .map((p) => {
      const sale = suggestedSalePrice(p.priceKes);
      const seen =
        p.views30d > 0
          ? `Shoppers looked at it ${p.views30d} ${p.views30d === 1 ? 'time' : 'times'} but nobody bought.`
          : 'Nobody even opened its page: show it on your home page or in your WhatsApp status.';
      return card(p.slug, {
        score: p.stockValueKes * MONTHLY_CARRYING_SHARE * (ctx.window.days / 30),
        headline: `${p.title}: ${p.onHand} on the shelf, none sold in ${SLOW_NO_SALE_DAYS} days`,
        body: `You have ${kes(p.stockValueKes)} of ${p.title} in stock (${p.onHand} units) and none sold in the last ${SLOW_NO_SALE_DAYS} days. ${seen} Try a week at ${kes(sale)} (was ${kes(p.priceKes)}) to turn it back into cash.`,
        bodySw: `${p.title}: vipande ${p.onHand} (${kes(p.stockValueKes)}) havijauzwa kwa siku ${SLOW_NO_SALE_DAYS}. Jaribu bei ya ${kes(sale)} kwa wiki moja.`,
        numbers: {
          product: p.slug,
          onHand: p.onHand,
          stockValueKes: p.stockValueKes,
          priceKes: p.priceKes,
          suggestedSalePriceKes: sale,
          views30d: p.views30d,
          daysWithoutSale: SLOW_NO_SALE_DAYS,
        },
        action: {
          label: `Put on sale at ${kes(sale)}`,
          href: `/owner/products/${encodeURIComponent(p.slug)}?salePriceKes=${sale}#sale`,
        },
      });
    });
});
