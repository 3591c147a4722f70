import { MAX_REVIEW_REPLY, ownerReviewResponseSchema } from '@sokoni/contracts';
import { refreshProductPage, reviewPost } from '../../review-post';

/**
 * POST /owner/reviews/<id>/reply (body): PUT /v1/owner/reviews/:id/reply, the shop's one public
 * reply under the review, written or edited (the audit log keeps the earlier words).
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return reviewPost(request, params, async (post, id, back) => {
    const body = (post.form.get('body') ?? '').replace(/\r\n?/g, '\n').trim();
    if (!body) return post.done(back, 'error', 'Type a reply first.');
    if (body.length > MAX_REVIEW_REPLY)
      return post.done(back, 'error', `A reply can be at most ${MAX_REVIEW_REPLY} characters.`);
    const answer = await post.api.put(`/v1/owner/reviews/${id}/reply`, { body }, ownerReviewResponseSchema);
    if (answer.ok) refreshProductPage(post, answer.data.review.product.slug);
    return answer.ok
      ? post.done(back, 'ok', 'Reply saved: it shows under the review.')
      : post.failed(back, answer.problem);
  });
}
