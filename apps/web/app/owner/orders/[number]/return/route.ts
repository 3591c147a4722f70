import { orderReturnResponseSchema, orderReturnSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { orderPost } from '@/lib/owner-route';

/**
 * POST /owner/orders/<n>/return (action = accept | refuse | received | refund, note): the return's
 * decision (POST /v1/owner/orders/:n/returns/decision), goods received back (.../received) and a
 * retried refund (.../refund).
 */
export const dynamic = 'force-dynamic';

const decided = z.object({ return: orderReturnSchema, refundError: z.string().nullable() });

export async function POST(request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const start = await orderPost(request, params);
  if (start instanceof Response) return start;
  const { number, page, post } = start;
  const action = post.form.get('action') ?? '';
  const note = (post.form.get('note') ?? '').trim().slice(0, 300);
  const path = `/v1/owner/orders/${number}/returns`;
  if (action === 'accept' || action === 'refuse') {
    if (action === 'refuse' && note.length < 3) return post.done(page, 'error', 'Tell the shopper why you refuse.');
    const answer = await post.api.post(`${path}/decision`, { decision: action, ...(note ? { note } : {}) }, decided);
    if (!answer.ok) return post.failed(page, answer.problem);
    if (answer.data.refundError)
      return post.done(page, 'error', `Return accepted, but the refund did not go: ${answer.data.refundError}`);
    return post.done(page, 'ok', action === 'accept' ? 'Return accepted; refund sent to M-Pesa.' : 'Return refused.');
  }
  if (action === 'received') {
    const answer = await post.api.post(`${path}/received`, {}, orderReturnResponseSchema);
    return answer.ok ? post.done(page, 'ok', 'Back in stock.') : post.failed(page, answer.problem);
  }
  if (action === 'refund') {
    const answer = await post.api.post(`${path}/refund`, {}, decided);
    if (!answer.ok) return post.failed(page, answer.problem);
    return answer.data.refundError
      ? post.done(page, 'error', `The refund did not go: ${answer.data.refundError}`)
      : post.done(page, 'ok', 'Refund sent to M-Pesa.');
  }
  return post.done(page, 'error', 'Pick what to do with the return.');
}
