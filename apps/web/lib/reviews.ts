/**
 * Product reviews on the storefront (API: apps/api/src/modules/reviews, docs/reviews.md).
 *
 * - The product page shows the average, the count and the newest reviews, drawn on the server
 *   (no client JavaScript) from GET /v1/stores/:store/products/:product/reviews, kept in Next's
 *   data cache under the product's tag (`product:<slug>:<product>`), which a new review, a reply
 *   or a hidden review revalidates (here and from the API's seo job).
 * - A shopper reviews a delivered order at <store>/reviews/<order id> (the link in the delivery
 *   message, and "Rate & review" on My orders), signed in with phone + SMS code like the account
 *   page; each line is a plain form posted to <store>/reviews (app/s/[store]/reviews/route.ts),
 *   which comes back to the page (303) with what went wrong next to the field.
 */
import { unstable_cache } from 'next/cache';
import {
  MAX_REVIEW_BODY,
  productReviewsSchema,
  reviewCreatedSchema,
  shopperReviewsSchema,
  type ProductReviews,
} from '@sokoni/contracts';
import { ApiError, validSlug, type Forwarded } from './api';
import { serializeAt, storeCookiePath } from './cookies';
import { apiUrl } from './config';
import { call } from './shopper-api';
import { REQUEST_ID_HEADER } from './store-context';

/** Reviews drawn on the product page (newest first). */
export const PRODUCT_PAGE_REVIEWS = 5;
const REVALIDATE_SECONDS = 30;
const TIMEOUT_MS = 10_000;
export { MAX_REVIEW_BODY };

/** "★★★★☆" for 4 (rounded to whole stars), for screens; the words are said next to it. */
export const starsText = (rating: number) => {
  const full = Math.max(0, Math.min(5, Math.round(rating)));
  return '★'.repeat(full) + '☆'.repeat(5 - full);
};

/** A product's rating summary and newest reviews, or null when it has none or they cannot be read. */
export async function getProductReviews(
  slug: string,
  productSlug: string,
  forwarded: Forwarded,
): Promise<ProductReviews | null> {
  if (!validSlug(productSlug)) return null;
  const path = `/v1/stores/${slug}/products/${productSlug}/reviews?limit=${PRODUCT_PAGE_REVIEWS}`;
  return unstable_cache(
    async () => {
      let res: Response;
      try {
        res = await fetch(`${apiUrl()}${path}`, {
          headers: {
            accept: 'application/json',
            ...(forwarded.requestId ? { [REQUEST_ID_HEADER]: forwarded.requestId } : {}),
            ...(forwarded.forwardedFor ? { 'x-forwarded-for': forwarded.forwardedFor } : {}),
          },
          cache: 'no-store',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        throw new ApiError(`API unreachable: GET ${path} (${(err as Error).message})`, null, path);
      }
      if (res.status === 404) return null;
      if (!res.ok) throw new ApiError(`API error ${res.status} on GET ${path}`, res.status, path);
      const parsed = productReviewsSchema.safeParse(await res.json());
      if (!parsed.success) throw new ApiError(`GET ${path} does not match the contract`, res.status, path);
      return parsed.data;
    },
    ['sokoni-api-v2', apiUrl(), path],
    { revalidate: REVALIDATE_SECONDS, tags: [`store:${slug}`, `product:${slug}:${productSlug}`] },
  )();
}

/** The session phone's delivered lines of one order (GET /shopper/reviews?order=). */
export const getOrderReviewLines = (slug: string, session: string, orderId: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/reviews?order=${encodeURIComponent(orderId)}`, fw, shopperReviewsSchema, {
    session,
  });

/** The session phone's delivered lines of every order (My orders: which still wait for a review). */
export const getMyReviewLines = (slug: string, session: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/reviews`, fw, shopperReviewsSchema, { session });

export const submitReview = (
  slug: string,
  session: string,
  orderId: string,
  review: { line: number; rating: number; body: string },
  fw: Forwarded,
) =>
  call(`/v1/stores/${slug}/shopper/orders/${orderId}/reviews`, fw, reviewCreatedSchema, {
    method: 'POST',
    session,
    body: review,
  });

// ---------------------------------------------------------------------------------------------
// The review page's flash (PRG): which line, which field, the message, what was typed.

export interface ReviewFlash {
  order: string;
  line: number;
  field: 'rating' | 'body' | 'notice' | 'line';
  message: string;
  rating: number | null;
  body: string;
}

const reviewFlashCookie = (slug: string) => `sokoni_review_${slug}`;
const FLASH_MAX_AGE = 120;

export function reviewFlashSetCookie(slug: string, base: string, flash: ReviewFlash): string {
  const json = JSON.stringify({
    ...flash,
    message: flash.message.slice(0, 300),
    body: flash.body.slice(0, MAX_REVIEW_BODY + 10),
  });
  return serializeAt(
    reviewFlashCookie(slug),
    Buffer.from(json).toString('base64url'),
    FLASH_MAX_AGE,
    storeCookiePath(base),
  );
}

export function reviewFlashClearCookie(slug: string, base: string): string {
  return serializeAt(reviewFlashCookie(slug), '', 0, storeCookiePath(base));
}

/** The flash for this order, if any (text only; escaped by React). */
export function readReviewFlash(cookies: Map<string, string>, slug: string, orderId: string): ReviewFlash | null {
  const raw = cookies.get(reviewFlashCookie(slug));
  if (!raw) return null;
  try {
    const p = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<ReviewFlash>;
    if (p.order !== orderId || typeof p.message !== 'string' || typeof p.line !== 'number') return null;
    if (!['rating', 'body', 'notice', 'line'].includes(p.field as string)) return null;
    return {
      order: p.order,
      line: p.line,
      field: p.field!,
      message: p.message,
      rating: typeof p.rating === 'number' ? p.rating : null,
      body: typeof p.body === 'string' ? p.body : '',
    };
  } catch {
    return null;
  }
}
