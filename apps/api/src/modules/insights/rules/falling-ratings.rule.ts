import { insightRule, kes, type InsightRule } from './types';

/**
 * (h) Shoppers like a product less than they did: its average rating over the last 30 days is
 * well below its average before. Often a new batch, a supplier change or a delivery problem; the
 * reviews say which. Hidden reviews are not counted (insights.repository.ts ratingTrends).
 */
/** The recent window (days ending with the period's last day) and the "before" it is compared with. */
export const RATING_RECENT_DAYS = 30;
export const RATING_PREVIOUS_DAYS = 90;
/** At least this many reviews on each side: one grumpy shopper is not a trend. */
export const RATING_MIN_REVIEWS = 3;
/** A drop of at least this many stars (e.g. 4.6 -> 3.6). */
export const RATING_MIN_DROP = 0.8;
export const RATING_MAX_CARDS = 2;
/** Ranking: a product shoppers rate worse loses about this share of its sales per star lost. */
const SALES_SHARE_PER_STAR = 0.1;

const stars = (n: number) => n.toFixed(1);

export const fallingRatingsRule: InsightRule = insightRule('falling_ratings', (ctx, card) => {
  return (ctx.ratings ?? [])
    .filter(
      (p) =>
        p.recentCount >= RATING_MIN_REVIEWS &&
        p.previousCount >= RATING_MIN_REVIEWS &&
        p.previousAverage - p.recentAverage >= RATING_MIN_DROP,
    )
    .map((p) => ({ p, drop: p.previousAverage - p.recentAverage }))
    .sort((a, b) => b.drop - a.drop || a.p.slug.localeCompare(b.p.slug))
    .slice(0, RATING_MAX_CARDS)
    .map(({ p, drop }) => {
      const atStake = p.revenue30dKes * SALES_SHARE_PER_STAR * drop;
      const low = p.recentLow > 0 ? ` ${p.recentLow} of the ${p.recentCount} recent reviews give 1 or 2 stars.` : '';
      return card(p.slug, {
        score: Math.max(atStake, 1) * (ctx.window.days / 30),
        headline: `${p.title}: rated ${stars(p.recentAverage)} lately, down from ${stars(p.previousAverage)}`,
        body: `Shoppers rated ${p.title} ${stars(p.recentAverage)} out of 5 in the last ${RATING_RECENT_DAYS} days (${p.recentCount} reviews), against ${stars(p.previousAverage)} before (${p.previousCount} reviews).${low} Read what they say: a new batch, a supplier change or late deliveries often show up here first.${p.revenue30dKes > 0 ? ` It sold ${kes(p.revenue30dKes)} in the last 30 days.` : ''}`,
        bodySw: `${p.title}: wateja wameipa nyota ${stars(p.recentAverage)} siku ${RATING_RECENT_DAYS} zilizopita, badala ya ${stars(p.previousAverage)} awali. Soma maoni yao.`,
        numbers: {
          product: p.slug,
          recentAverage: Math.round(p.recentAverage * 10) / 10,
          recentReviews: p.recentCount,
          previousAverage: Math.round(p.previousAverage * 10) / 10,
          previousReviews: p.previousCount,
          drop: Math.round(drop * 10) / 10,
          revenue30dKes: p.revenue30dKes,
        },
        action: { label: 'Read the reviews', href: `/owner/reviews?product=${encodeURIComponent(p.slug)}` },
      });
    });
});
