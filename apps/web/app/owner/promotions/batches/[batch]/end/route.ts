import { ownerCouponBatchResponseSchema } from '@sokoni/contracts';
import { ownerPost } from '@/lib/owner-route';
import { PROMOTIONS_PAGE } from '@/lib/owner-promotions';
import { notFound } from '@/lib/route';

/** POST /owner/promotions/batches/<id>/end: ends every code of the batch. */
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function POST(request: Request, { params }: { params: Promise<{ batch: string }> }): Promise<Response> {
  const { batch } = await params;
  if (!UUID.test(batch)) return notFound();
  const post = await ownerPost(request, PROMOTIONS_PAGE);
  if (post instanceof Response) return post;
  const answer = await post.api.post(
    `/v1/owner/promotions/coupon-batches/${batch}/end`,
    {},
    ownerCouponBatchResponseSchema,
  );
  return answer.ok
    ? post.done(PROMOTIONS_PAGE, 'ok', `Codes ${answer.data.batch.prefix}-… ended.`)
    : post.failed(PROMOTIONS_PAGE, answer.problem);
}
