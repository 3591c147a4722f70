import { ownerCouponResponseSchema } from '@sokoni/contracts';
import { ownerFormRoute } from '@/lib/owner-route';
import { couponBody, PROMOTIONS_PAGE } from '@/lib/owner-promotions';

/** POST /owner/promotions/coupons: a new coupon (POST /v1/owner/promotions/coupons). */
export const dynamic = 'force-dynamic';

export const POST = ownerFormRoute(PROMOTIONS_PAGE, async (post) => {
  const parsed = couponBody(post.form, 'create');
  if (!parsed.ok) return post.done(PROMOTIONS_PAGE, 'error', parsed.text);
  const answer = await post.api.post('/v1/owner/promotions/coupons', parsed.body, ownerCouponResponseSchema);
  return answer.ok
    ? post.done(PROMOTIONS_PAGE, 'ok', `Coupon ${answer.data.coupon.code} created.`)
    : post.failed(PROMOTIONS_PAGE, answer.problem);
});
