import { insightRule, kes, type InsightRule } from './types';

/**
 * (i) Shoppers are waiting for a sold-out variant ("Tell me when it's back"): each is a sale the
 * store makes as soon as it restocks, and restocking tells them at once (one message each).
 */
/** At least this many shoppers waiting: one request is curiosity, several are demand. */
export const BACK_IN_STOCK_MIN_WAITING = 3;
export const BACK_IN_STOCK_MAX_CARDS = 2;
/** Ranking: the share of waiting shoppers who buy when told (a cautious guess; ranks the card, no promise). */
const BUY_WHEN_TOLD = 0.3;

export const backInStockRule: InsightRule = insightRule('back_in_stock', (ctx, card) => {
  return (ctx.backInStock ?? [])
    .filter((v) => v.waiting >= BACK_IN_STOCK_MIN_WAITING)
    .sort((a, b) => b.waiting * b.priceKes - a.waiting * a.priceKes || a.sku.localeCompare(b.sku))
    .slice(0, BACK_IN_STOCK_MAX_CARDS)
    .map((v) => {
      const name = v.variant ? `${v.title} (${v.variant})` : v.title;
      return card(v.sku, {
        score: v.waiting * v.priceKes * BUY_WHEN_TOLD,
        headline: `${v.waiting} shoppers wait for ${name}: restock`,
        body: `${v.waiting} shoppers asked to be told when ${name} is back. It is sold out; at ${kes(v.priceKes)} each that is up to ${kes(v.waiting * v.priceKes)} of sales waiting. Restock it and each of them gets one message with a link to it.`,
        bodySw: `Wateja ${v.waiting} wanasubiri ${name} irudi. Ongeza stoki na kila mmoja atapata ujumbe mmoja.`,
        numbers: { product: v.slug, sku: v.sku, waiting: v.waiting, priceKes: v.priceKes },
        action: { label: 'Restock', href: `/owner/products/${encodeURIComponent(v.slug)}#stock` },
      });
    });
});
