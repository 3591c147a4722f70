import { ownerReviewResponseSchema } from '@sokoni/contracts';
import { refreshProductPage, reviewPost } from '../../review-post';

/** POST /owner/reviews/<id>/unhide: POST /v1/owner/reviews/:id/unhide, shown on the shop again. */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return reviewPost(request, params, async (post, id, back) => {
    const answer = await post.api.post(`/v1/owner/reviews/${id}/unhide`, {}, ownerReviewResponseSchema);
    if (answer.ok) refreshProductPage(post, answer.data.review.product.slug);
    return answer.ok ? post.done(back, 'ok', 'Review shown on your shop again.') : post.failed(back, answer.problem);
  });
}
