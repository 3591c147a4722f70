import type { ProductReviews } from '@sokoni/contracts';
import { starsText } from '@/lib/reviews';
import { useMessages, useFormat } from '@/lib/i18n';
import { productMessages } from '@/lib/i18n/messages/product';

/**
 * The product page's reviews: average, count, how many of each star, and the newest reviews with
 * the shop's reply. Server-rendered text only (no client JavaScript); hidden reviews never reach
 * it (the API leaves them out of the list and the average).
 */
export function Reviews({ reviews }: { reviews: ProductReviews | null }) {
  const t = useMessages(productMessages);
  const { formatDate } = useFormat();
  const summary = reviews?.summary;
  return (
    <section className="reviews" id="reviews" aria-labelledby="reviews-title" data-reviews="">
      <h2 id="reviews-title">{t('reviews')}</h2>
      {!reviews || !summary || summary.count === 0 || summary.average === null ? (
        <p className="muted" data-no-reviews="">
          {t('noReviews')}
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
                <span className="visually-hidden">{t('outOf5', { rating: summary.average.toFixed(1) })}, </span>
                <span data-rating-count={summary.count}>
                  {t(summary.count === 1 ? 'reviewsOne' : 'reviewsMany', { count: summary.count })}
                </span>
              </p>
            </div>
            <ul className="reviews__bars" aria-label={t('reviewsByStars')}>
              {[5, 4, 3, 2, 1].map((s) => {
                const n = summary.stars[String(s)] ?? 0;
                return (
                  <li key={s}>
                    <span>{t('starN', { n: s })}</span>
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
                  <span className="stars" aria-label={t('outOf5', { rating: r.rating })} data-review-rating={r.rating}>
                    {starsText(r.rating)}
                  </span>
                  <span className="review__author">{r.authorName}</span>
                  <span className="review__verified">{t('verified')}</span>
                  <span className="muted">{formatDate(r.createdAt)}</span>
                  {r.variant ? <span className="muted">{r.variant}</span> : null}
                </div>
                {r.body ? (
                  <p className="review__body" data-review-body="">
                    {r.body}
                  </p>
                ) : null}
                {r.reply ? (
                  <div className="review__reply" data-review-reply="">
                    <strong>{t('shopReply')}</strong>
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
  const t = useMessages(productMessages);
  const summary = reviews?.summary;
  if (!summary || summary.count === 0 || summary.average === null) return null;
  return (
    <p className="rating-line" data-rating-line="">
      <span className="stars" aria-hidden="true">
        {starsText(summary.average)}
      </span>
      <a href="#reviews">
        <span className="visually-hidden">{t('rated')}</span>
        {summary.average.toFixed(1)} · {t(summary.count === 1 ? 'reviewsOne' : 'reviewsMany', { count: summary.count })}
      </a>
    </p>
  );
}
