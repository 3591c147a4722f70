import { ownerCouponResponseSchema } from '@sokoni/contracts';
import { ownerPost } from '@/lib/owner-route';
import { couponBody, PROMOTIONS_PAGE } from '@/lib/owner-promotions';
import { notFound } from '@/lib/route';

/** POST /owner/promotions/coupons/<code>: edit (PATCH /v1/owner/promotions/coupons/<code>). */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ code: string }> }): Promise<Response> {
  const { code } = await params;
  if (!/^[A-Za-z0-9_-]{3,32}$/.test(code)) return notFound();
  const post = await ownerPost(request, PROMOTIONS_PAGE);
  if (post instanceof Response) return post;
  const parsed = couponBody(post.form, 'edit');
  if (!parsed.ok) return post.done(PROMOTIONS_PAGE, 'error', parsed.text);
  const answer = await post.api.patch(`/v1/owner/promotions/coupons/${code}`, parsed.body, ownerCouponResponseSchema);
  return answer.ok
    ? post.done(PROMOTIONS_PAGE, 'ok', `Coupon ${answer.data.coupon.code} saved.`)
    : post.failed(PROMOTIONS_PAGE, answer.problem);
}
