import { orderResponseSchema } from '@sokoni/contracts';
import { orderPost } from '@/lib/owner-route';

/** POST /owner/orders/<n>/status (to = packed | cancelled, note): POST /v1/owner/orders/:n/status. */
export const dynamic = 'force-dynamic';

const MOVES: Record<string, string> = { packed: 'Marked packed.', cancelled: 'Order cancelled.' };

export async function POST(request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const start = await orderPost(request, params);
  if (start instanceof Response) return start;
  const { number, page, post } = start;
  const to = post.form.get('to') ?? '';
  if (!(to in MOVES)) return post.done(page, 'error', 'Pick what to do with the order.');
  const note = (post.form.get('note') ?? '').trim().slice(0, 300);
  const answer = await post.api.post(
    `/v1/owner/orders/${number}/status`,
    { to, ...(note ? { note } : {}) },
    orderResponseSchema,
  );
  return answer.ok ? post.done(page, 'ok', MOVES[to]!) : post.failed(page, answer.problem);
}
