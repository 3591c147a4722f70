import { z } from 'zod';
import { multiLineText } from './text';

/**
 * Product reviews (apps/api/src/modules/reviews, docs/reviews.md). A shopper whose order was
 * delivered rates each line 1-5 once, with optional words; the owner replies (one reply, which
 * they may edit) and hides abusive reviews with a reason (audit row), never edits the words.
 * Hidden reviews are never shown and never counted in the average.
 */
export const REVIEW_MIN_RATING = 1;
export const REVIEW_MAX_RATING = 5;
export const MAX_REVIEW_BODY = 2000;
export const MAX_REVIEW_REPLY = 1000;
export const MIN_HIDE_REASON = 3;
export const MAX_HIDE_REASON = 300;

/** POST /v1/stores/:store/shopper/orders/:orderId/reviews (Bearer shopper session). */
export const reviewInputSchema = z
  .object({
    line: z.number().int().min(1).max(1000),
    rating: z
      .number({ message: `a whole number of stars from ${REVIEW_MIN_RATING} to ${REVIEW_MAX_RATING}` })
      .int(`a whole number of stars from ${REVIEW_MIN_RATING} to ${REVIEW_MAX_RATING}`)
      .min(REVIEW_MIN_RATING, `at least ${REVIEW_MIN_RATING} star`)
      .max(REVIEW_MAX_RATING, `at most ${REVIEW_MAX_RATING} stars`),
    body: multiLineText.trim().max(MAX_REVIEW_BODY, `at most ${MAX_REVIEW_BODY} characters`).default(''),
  })
  .strict();
export type ReviewInput = z.infer<typeof reviewInputSchema>;

/** The shop's public reply to a review. */
export const reviewReplySchema = z.object({ body: z.string(), at: z.string() });

/** A review as the storefront shows it (no phone, no order). */
export const publicReviewSchema = z.object({
  id: z.string(),
  rating: z.number().int(),
  body: z.string(),
  /** "Njeri W.": first name and initial of the name on the order. */
  authorName: z.string(),
  createdAt: z.string(),
  /** "Size: M" etc. of the line bought, or null. */
  variant: z.string().nullable(),
  verifiedPurchase: z.literal(true),
  reply: reviewReplySchema.nullable(),
});
export type PublicReview = z.infer<typeof publicReviewSchema>;

export const ratingSummarySchema = z.object({
  /** Mean of visible ratings, one decimal; null without reviews. */
  average: z.number().nullable(),
  count: z.number().int(),
  /** Visible reviews per star, "1".."5". */
  stars: z.record(z.string(), z.number().int()),
});
export type RatingSummary = z.infer<typeof ratingSummarySchema>;

/** GET /v1/stores/:store/products/:product/reviews: the summary and the newest visible reviews. */
export const productReviewsSchema = z.object({
  summary: ratingSummarySchema,
  items: z.array(publicReviewSchema),
  nextCursor: z.string().nullable(),
});
export type ProductReviews = z.infer<typeof productReviewsSchema>;

/** One line of a shopper's delivered order, with its review when written. */
export const reviewableLineSchema = z.object({
  orderId: z.string(),
  orderNumber: z.number().int(),
  line: z.number().int(),
  title: z.string(),
  productSlug: z.string().nullable(),
  productTitle: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  review: z
    .object({
      id: z.string(),
      rating: z.number().int(),
      body: z.string(),
      createdAt: z.string(),
      hidden: z.boolean(),
      reply: reviewReplySchema.nullable(),
    })
    .nullable(),
});
export type ReviewableLine = z.infer<typeof reviewableLineSchema>;

/** GET /v1/stores/:store/shopper/reviews[?order=<id>]: the session phone's delivered lines. */
export const shopperReviewsSchema = z.object({ lines: z.array(reviewableLineSchema) });
export type ShopperReviews = z.infer<typeof shopperReviewsSchema>;

/** POST .../shopper/orders/:orderId/reviews: 201. */
export const reviewCreatedSchema = z.object({ review: reviewableLineSchema });
export type ReviewCreated = z.infer<typeof reviewCreatedSchema>;

/** A review as the owner sees it. */
export const ownerReviewSchema = z.object({
  id: z.string(),
  rating: z.number().int(),
  body: z.string(),
  authorName: z.string(),
  /** Masked: 0712 *** 678. */
  phone: z.string(),
  orderNumber: z.number().int(),
  product: z.object({ slug: z.string(), title: z.string() }),
  variant: z.string().nullable(),
  createdAt: z.string(),
  hidden: z.object({ at: z.string(), reason: z.string() }).nullable(),
  reply: z.object({ body: z.string(), at: z.string(), updatedAt: z.string().nullable() }).nullable(),
});
export type OwnerReview = z.infer<typeof ownerReviewSchema>;

export const ownerReviewListSchema = z.object({
  items: z.array(ownerReviewSchema),
  nextCursor: z.string().nullable(),
  summary: z.object({ count: z.number().int(), average: z.number().nullable(), hidden: z.number().int() }),
});
export type OwnerReviewList = z.infer<typeof ownerReviewListSchema>;

export const ownerReviewResponseSchema = z.object({ review: ownerReviewSchema });
export type OwnerReviewResponse = z.infer<typeof ownerReviewResponseSchema>;

export const reviewReplyInputSchema = z
  .object({
    body: multiLineText
      .trim()
      .min(1, 'write the reply')
      .max(MAX_REVIEW_REPLY, `at most ${MAX_REVIEW_REPLY} characters`),
  })
  .strict();
export const reviewHideInputSchema = z
  .object({
    reason: multiLineText
      .trim()
      .min(MIN_HIDE_REASON, 'say why it is hidden (kept in the audit log)')
      .max(MAX_HIDE_REASON, `at most ${MAX_HIDE_REASON} characters`),
  })
  .strict();

/** "4.3" -> "4.3 out of 5". */
export function ratingWords(average: number): string {
  return `${average.toFixed(1)} out of 5`;
}
