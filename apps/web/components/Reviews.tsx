import { formatNairobiDate, type ProductReviews } from '@sokoni/contracts';
import { countLabel, ratingLabel, starsText } from '@/lib/reviews';

/**
 * The product page's reviews: average, count, how many of each star, and the newest reviews with
 * the shop's reply. Server-rendered text only (no client JavaScript); hidden reviews never reach
 * it (the API leaves them out of the list and the average).
 */
export function Reviews({ reviews }: { reviews: ProductReviews | null }) {
  const summary = reviews?.summary;
  return (
    <section className="reviews" id="reviews" aria-labelledby="reviews-title" data-reviews="">
      <h2 id="reviews-title">Reviews</h2>
      {!reviews || !summary || summary.count === 0 || summary.average === null ? (
        <p className="muted" data-no-reviews="">
          No reviews yet. Bought it? Rate it from My orders once it is delivered.
        </p>
      ) : (
        <>
          <div className="reviews__summary">
            <div>
              <span className="reviews__average" data-rating-average={summary.average}>
                {summary.average.toFixed(1)}
              </span>{' '}
              <span className="stars" aria-hidden="true">
                {starsText(summary.average)}
              </span>
              <p className="muted" style={{ margin: '4px 0 0' }}>
                <span className="visually-hidden">{ratingLabel(summary.average)}, </span>
                <span data-rating-count={summary.count}>{countLabel(summary.count)}</span>
              </p>
            </div>
            <ul className="reviews__bars" aria-label="Reviews by stars">
              {[5, 4, 3, 2, 1].map((s) => {
                const n = summary.stars[String(s)] ?? 0;
                return (
                  <li key={s}>
                    <span>{s} star</span>
                    <span className="reviews__bar" aria-hidden="true">
                      <span style={{ width: `${Math.round((n / summary.count) * 100)}%` }} />
                    </span>
                    <span>{n}</span>
                  </li>
                );
              })}
            </ul>
          </div>
          <ul className="reviews__list">
            {reviews.items.map((r) => (
              <li key={r.id} className="review" data-review={r.id}>
                <div className="review__head">
                  <span className="stars" aria-label={`${r.rating} out of 5 stars`} data-review-rating={r.rating}>
                    {starsText(r.rating)}
                  </span>
                  <span className="review__author">{r.authorName}</span>
                  <span className="review__verified">Verified purchase</span>
                  <span className="muted">{formatNairobiDate(r.createdAt)}</span>
                  {r.variant ? <span className="muted">{r.variant}</span> : null}
                </div>
                {r.body ? (
                  <p className="review__body" data-review-body="">
                    {r.body}
                  </p>
                ) : null}
                {r.reply ? (
                  <div className="review__reply" data-review-reply="">
                    <strong>Reply from the shop</strong>
                    {r.reply.body}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Under the product title: "★★★★☆ 4.3 · 12 reviews", a link to the reviews. Nothing without reviews. */
export function RatingLine({ reviews }: { reviews: ProductReviews | null }) {
  const summary = reviews?.summary;
  if (!summary || summary.count === 0 || summary.average === null) return null;
  return (
    <p className="rating-line" data-rating-line="">
      <span className="stars" aria-hidden="true">
        {starsText(summary.average)}
      </span>
      <a href="#reviews">
        <span className="visually-hidden">Rated </span>
        {summary.average.toFixed(1)} · {countLabel(summary.count)}
      </a>
    </p>
  );
}
