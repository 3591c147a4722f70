import { MAX_HIDE_REASON, MIN_HIDE_REASON, ownerReviewResponseSchema } from '@sokoni/contracts';
import { refreshProductPage, reviewPost } from '../../review-post';

/**
 * POST /owner/reviews/<id>/hide (reason): POST /v1/owner/reviews/:id/hide. The review leaves the
 * product page and its average; the reason is kept (on the review and in the audit log).
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return reviewPost(request, params, async (post, id, back) => {
    const reason = (post.form.get('reason') ?? '').replace(/\s+/g, ' ').trim();
    if (reason.length < MIN_HIDE_REASON) return post.done(back, 'error', 'Say why you hide it: the reason is kept.');
    if (reason.length > MAX_HIDE_REASON)
      return post.done(back, 'error', `The reason can be at most ${MAX_HIDE_REASON} characters.`);
    const answer = await post.api.post(`/v1/owner/reviews/${id}/hide`, { reason }, ownerReviewResponseSchema);
    if (answer.ok) refreshProductPage(post, answer.data.review.product.slug);
    return answer.ok
      ? post.done(back, 'ok', 'Review hidden from your shop. The reason is kept in the audit log.')
      : post.failed(back, answer.problem);
  });
}
