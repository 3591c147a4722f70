import { ownerCouponBatchCreatedSchema } from '@sokoni/contracts';
import { ownerFormRoute } from '@/lib/owner-route';
import { couponBody, PROMOTIONS_PAGE } from '@/lib/owner-promotions';

/** POST /owner/promotions/batches: N single-use codes (POST /v1/owner/promotions/coupon-batches). */
export const dynamic = 'force-dynamic';

export const POST = ownerFormRoute(PROMOTIONS_PAGE, async (post) => {
  const parsed = couponBody(post.form, 'batch');
  if (!parsed.ok) return post.done(PROMOTIONS_PAGE, 'error', parsed.text);
  const answer = await post.api.post('/v1/owner/promotions/coupon-batches', parsed.body, ownerCouponBatchCreatedSchema);
  return answer.ok
    ? post.done(
        PROMOTIONS_PAGE,
        'ok',
        `${answer.data.codes.length} codes generated (${answer.data.codes[0]} …). Download them as CSV below.`,
      )
    : post.failed(PROMOTIONS_PAGE, answer.problem);
});
