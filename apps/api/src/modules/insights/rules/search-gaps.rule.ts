import { avgOrderKes, insightRule, periodWords, periodWordsSw, type InsightRule } from './types';

/** (c) What shoppers search for and do not find: demand the store could stock. */
/** Distinct shoppers (sessions), not searches: one person retyping is not demand. */
export const SEARCH_MIN_SHOPPERS = 5;
/** At most this many terms as cards (the most searched first). */
export const SEARCH_MAX_CARDS = 2;
/** A guess of how many of those shoppers would buy if it were there, for ranking only. */
const ASSUMED_CONVERSION = 0.1;

export const searchGapsRule: InsightRule = insightRule('search_gaps', (ctx, card) => {
  return ctx.searches
    .filter((s) => s.zeroResultSessions >= SEARCH_MIN_SHOPPERS)
    .sort((a, b) => b.zeroResultSessions - a.zeroResultSessions || a.term.localeCompare(b.term))
    .slice(0, SEARCH_MAX_CARDS)
    .map((s) =>
      card(s.term, {
        score: s.zeroResultSessions * ASSUMED_CONVERSION * avgOrderKes(ctx),
        headline: `${s.zeroResultSessions} shoppers searched "${s.term}" and found nothing`,
        body:
          `"${s.term}" was searched ${s.zeroResultSearches} times ${periodWords(ctx)} by ${s.zeroResultSessions} shoppers, and your shop showed no results. ` +
          `If you can stock it, add it; if you sell it under another name, add "${s.term}" to its title or description.`,
        bodySw: `Wanunuzi ${s.zeroResultSessions} walitafuta "${s.term}" ${periodWordsSw(ctx)} na hawakupata kitu. Ongeza bidhaa hii ikiwa unaweza kuipata.`,
        numbers: { term: s.term, shoppers: s.zeroResultSessions, searches: s.zeroResultSearches },
        action: { label: 'Add this product', href: `/owner/products/new?title=${encodeURIComponent(s.term)}` },
      }),
    );
});
