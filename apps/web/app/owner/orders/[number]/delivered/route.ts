import { orderDeliveryChangedSchema } from '@sokoni/contracts';
import { orderPost } from '@/lib/owner-route';

/** POST /owner/orders/<n>/delivered: POST /v1/owner/orders/:n/delivered (the shopper has it). */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const start = await orderPost(request, params);
  if (start instanceof Response) return start;
  const { number, page, post } = start;
  const note = (post.form.get('note') ?? '').trim().slice(0, 300);
  const answer = await post.api.post(
    `/v1/owner/orders/${number}/delivered`,
    note ? { note } : {},
    orderDeliveryChangedSchema,
  );
  return answer.ok ? post.done(page, 'ok', 'Marked delivered.') : post.failed(page, answer.problem);
}
