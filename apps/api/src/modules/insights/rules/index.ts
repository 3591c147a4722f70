import { areaFeeRule } from './area-fee.rule';
import { lowStockRule } from './low-stock.rule';
import { mpesaHealthRule } from './mpesa-health.rule';
import { productViewsRule } from './product-views.rule';
import { searchGapsRule } from './search-gaps.rule';
import { slowMoversRule } from './slow-movers.rule';
import type { InsightCard, InsightRule, RuleContext } from './types';
import { whatsappChannelRule } from './whatsapp-channel.rule';
import { fallingRatingsRule } from './falling-ratings.rule';
import { backInStockRule } from './back-in-stock.rule';

export * from './types';
export * from './area-fee.rule';
export * from './product-views.rule';
export * from './search-gaps.rule';
export * from './low-stock.rule';
export * from './mpesa-health.rule';
export * from './whatsapp-channel.rule';
export * from './slow-movers.rule';
export * from './falling-ratings.rule';
export * from './back-in-stock.rule';
export const RULES: readonly InsightRule[] = [
  areaFeeRule,
  productViewsRule,
  searchGapsRule,
  lowStockRule,
  mpesaHealthRule,
  whatsappChannelRule,
  slowMoversRule,
  fallingRatingsRule,
  backInStockRule,
];
/** An owner reads a handful of cards; more is noise. */
export const MAX_CARDS = 5;

/** Every rule over the context, best (most KES at stake) first, at most MAX_CARDS, one rule's cards never crowding out all others. */
export function runRules(ctx: RuleContext, rules: readonly InsightRule[] = RULES): InsightCard[] {
  const all = rules.flatMap((r) => r.evaluate(ctx)).sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  // First the best card of each rule, then the rest by score.
  const firsts = new Map<string, InsightCard>();
  for (const card of all) if (!firsts.has(card.rule)) firsts.set(card.rule, card);
  const picked = [...firsts.values()]
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
    .slice(0, MAX_CARDS);
  for (const card of all) {
    if (picked.length >= MAX_CARDS) break;
    if (!picked.includes(card)) picked.push(card);
  }
  return picked.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
}
