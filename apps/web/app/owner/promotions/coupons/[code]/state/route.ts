import { ownerCouponResponseSchema } from '@sokoni/contracts';
import { ownerPost, textField } from '@/lib/owner-route';
import { PROMOTIONS_PAGE } from '@/lib/owner-promotions';
import { notFound } from '@/lib/route';

/** POST /owner/promotions/coupons/<code>/state (action = pause | resume | end). */
export const dynamic = 'force-dynamic';

const DONE = { pause: 'paused', resume: 'running again', end: 'ended' } as const;

export async function POST(request: Request, { params }: { params: Promise<{ code: string }> }): Promise<Response> {
  const { code } = await params;
  if (!/^[A-Za-z0-9_-]{3,32}$/.test(code)) return notFound();
  const post = await ownerPost(request, PROMOTIONS_PAGE);
  if (post instanceof Response) return post;
  const action = textField(post.form, 'action');
  if (action !== 'pause' && action !== 'resume' && action !== 'end')
    return post.done(PROMOTIONS_PAGE, 'error', 'Choose pause, resume or end.');
  const answer = await post.api.post(`/v1/owner/promotions/coupons/${code}/${action}`, {}, ownerCouponResponseSchema);
  return answer.ok
    ? post.done(PROMOTIONS_PAGE, 'ok', `Coupon ${answer.data.coupon.code} ${DONE[action]}.`)
    : post.failed(PROMOTIONS_PAGE, answer.problem);
}
