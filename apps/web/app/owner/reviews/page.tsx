import { can as roleCan, MAX_HIDE_REASON, MAX_REVIEW_REPLY, ownerReviewListSchema } from '@sokoni/contracts';
import { ProblemBox, Shell } from '../_components/shell';
import { when } from '@/lib/owner-format';
import { ownerPage, param, pathWith, type OwnerPageProps } from '@/lib/owner-page';

const STATUSES = [
  { value: 'all', label: 'All reviews' },
  { value: 'visible', label: 'Shown on the shop' },
  { value: 'hidden', label: 'Hidden' },
] as const;
const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const stars = (n: number) => '★'.repeat(n) + '☆'.repeat(5 - n);

/**
 * The shop's reviews (catalog.read: staff read them too): newest first, filtered by shown/hidden,
 * stars and product. Owners and admins (catalog.write) reply (one public reply, editable) and hide
 * an abusive review with a reason, which is kept in the audit log; nobody edits a shopper's words.
 * Plain forms (Post/Redirect/Get), no JavaScript.
 */
export default async function ReviewsPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const status = STATUSES.find((s) => s.value === param(search, 'status'))?.value ?? 'all';
  const ratingParam = param(search, 'rating') ?? '';
  const rating = /^[1-5]$/.test(ratingParam) ? ratingParam : '';
  const productParam = param(search, 'product') ?? '';
  const product = SLUG_RE.test(productParam) && productParam.length <= 120 ? productParam : '';
  const cursor = param(search, 'cursor');
  const query = {
    status: status === 'all' ? undefined : status,
    rating: rating || undefined,
    product: product || undefined,
  };
  const here = pathWith('/owner/reviews', query);
  const { api, session, flash } = await ownerPage(here, search);
  const answer = await api.get(pathWith('/v1/owner/reviews', { ...query, cursor, limit: '20' }), ownerReviewListSchema);
  const mayModerate = roleCan(session.role, 'catalog.write');
  return (
    <Shell
      session={session}
      tab="products"
      title="Reviews"
      flash={flash}
      back={{ href: '/owner/products', label: 'Products' }}
    >
      {answer.ok ? (
        <p className="o-muted" data-review-totals>
          {answer.data.summary.count === 0
            ? 'No reviews shown on your shop yet.'
            : `${answer.data.summary.average?.toFixed(1)} out of 5 from ${answer.data.summary.count} ${answer.data.summary.count === 1 ? 'review' : 'reviews'} on your shop`}
          {answer.data.summary.hidden > 0 ? ` · ${answer.data.summary.hidden} hidden` : ''}
        </p>
      ) : null}
      <form method="get" action="/owner/reviews" className="o-form o-form--inline">
        <label>
          Show
          <select name="status" defaultValue={status}>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Stars
          <select name="rating" defaultValue={rating}>
            <option value="">Any</option>
            {[5, 4, 3, 2, 1].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {product ? <input type="hidden" name="product" value={product} /> : null}
        <button type="submit" className="o-button o-button--plain">
          Filter
        </button>
      </form>
      {product ? (
        <p className="o-small">
          Reviews of <strong>{product}</strong> ·{' '}
          <a href={pathWith('/owner/reviews', { ...query, product: undefined })}>all products</a>
        </p>
      ) : null}
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="the reviews" />
      ) : answer.data.items.length === 0 ? (
        <p className="o-muted" data-no-reviews>
          No reviews here yet. Shoppers can rate what they bought once you mark their order delivered.
        </p>
      ) : (
        <>
          <ul className="o-list" data-reviews>
            {answer.data.items.map((r) => {
              const base = `/owner/reviews/${r.id}`;
              return (
                <li key={r.id} className="o-card" data-review={r.id} data-hidden={r.hidden ? 'yes' : 'no'}>
                  <p className="o-order__top">
                    <strong aria-label={`${r.rating} out of 5 stars`} data-review-rating={r.rating}>
                      {stars(r.rating)}
                    </strong>
                    <span className="o-muted o-small">{when(r.createdAt)}</span>
                  </p>
                  <p className="o-small">
                    <a href={pathWith('/owner/reviews', { ...query, product: r.product.slug })}>{r.product.title}</a>
                    {r.variant ? ` (${r.variant})` : ''} · {r.authorName} · {r.phone} ·{' '}
                    <a href={`/owner/orders/${r.orderNumber}`}>order #{r.orderNumber}</a>
                  </p>
                  {r.body ? (
                    <p data-review-body style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
                      {r.body}
                    </p>
                  ) : (
                    <p className="o-muted o-small">Stars only, no words.</p>
                  )}
                  {r.hidden ? (
                    <p className="o-small" data-hidden-reason>
                      <strong>Hidden from the shop</strong> {when(r.hidden.at)}: {r.hidden.reason}
                    </p>
                  ) : null}
                  {r.reply ? (
                    <p className="o-small" data-reply style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
                      <strong>Your reply</strong>
                      {r.reply.updatedAt ? ` (edited ${when(r.reply.updatedAt)})` : ''}: {r.reply.body}
                    </p>
                  ) : null}
                  {mayModerate ? (
                    <>
                      <form method="post" action={`${base}/reply`} className="o-form" data-reply-form>
                        <input type="hidden" name="back" value={here} />
                        <label>
                          {r.reply ? 'Edit your reply' : 'Reply (shown under the review)'}
                          <textarea
                            name="body"
                            required
                            maxLength={MAX_REVIEW_REPLY}
                            rows={2}
                            defaultValue={r.reply?.body ?? ''}
                            placeholder="Asante! / Sorry about that, WhatsApp us and we will fix it."
                          />
                        </label>
                        <button type="submit" className="o-button o-button--plain" data-action="reply">
                          {r.reply ? 'Save reply' : 'Reply'}
                        </button>
                      </form>
                      {r.hidden ? (
                        <form method="post" action={`${base}/unhide`} className="o-form">
                          <input type="hidden" name="back" value={here} />
                          <button type="submit" className="o-button o-button--plain" data-action="unhide">
                            Show on the shop again
                          </button>
                        </form>
                      ) : (
                        <form method="post" action={`${base}/hide`} className="o-form" data-hide-form>
                          <input type="hidden" name="back" value={here} />
                          <label>
                            Hide (abusive, spam, not about the product): why?
                            <input
                              name="reason"
                              required
                              minLength={3}
                              maxLength={MAX_HIDE_REASON}
                              placeholder="e.g. insults the rider"
                            />
                          </label>
                          <button type="submit" className="o-button o-button--plain" data-action="hide">
                            Hide review
                          </button>
                        </form>
                      )}
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {answer.data.nextCursor ? (
            <p>
              <a
                className="o-button o-button--plain"
                href={pathWith('/owner/reviews', { ...query, cursor: answer.data.nextCursor })}
              >
                Older reviews
              </a>
            </p>
          ) : null}
        </>
      )}
    </Shell>
  );
}
