import { ownerPromotionResponseSchema } from '@sokoni/contracts';
import { ownerFormRoute } from '@/lib/owner-route';
import { promotionBody, PROMOTIONS_PAGE } from '@/lib/owner-promotions';

/** POST /owner/promotions/automatic: a new automatic promotion (POST /v1/owner/promotions/automatic). */
export const dynamic = 'force-dynamic';

export const POST = ownerFormRoute(PROMOTIONS_PAGE, async (post) => {
  const parsed = promotionBody(post.form);
  if (!parsed.ok) return post.done(PROMOTIONS_PAGE, 'error', parsed.text);
  const answer = await post.api.post('/v1/owner/promotions/automatic', parsed.body, ownerPromotionResponseSchema);
  return answer.ok
    ? post.done(PROMOTIONS_PAGE, 'ok', `${answer.data.promotion.name}: started.`)
    : post.failed(PROMOTIONS_PAGE, answer.problem);
});
