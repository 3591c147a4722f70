import { ownerPromotionResponseSchema } from '@sokoni/contracts';
import { ownerPost, textField } from '@/lib/owner-route';
import { PROMOTIONS_PAGE } from '@/lib/owner-promotions';
import { notFound } from '@/lib/route';

/** POST /owner/promotions/automatic/<id>/state (action = pause | resume | end). */
export const dynamic = 'force-dynamic';

const DONE = { pause: 'paused', resume: 'running again', end: 'ended' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  if (!UUID.test(id)) return notFound();
  const post = await ownerPost(request, PROMOTIONS_PAGE);
  if (post instanceof Response) return post;
  const action = textField(post.form, 'action');
  if (action !== 'pause' && action !== 'resume' && action !== 'end')
    return post.done(PROMOTIONS_PAGE, 'error', 'Choose pause, resume or end.');
  const answer = await post.api.post(
    `/v1/owner/promotions/automatic/${id}/${action}`,
    {},
    ownerPromotionResponseSchema,
  );
  return answer.ok
    ? post.done(PROMOTIONS_PAGE, 'ok', `${answer.data.promotion.name}: ${DONE[action]}.`)
    : post.failed(PROMOTIONS_PAGE, answer.problem);
}
