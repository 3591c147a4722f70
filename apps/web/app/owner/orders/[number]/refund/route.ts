import { refundResponseSchema } from '@sokoni/contracts';
import { formatKes } from '@/lib/format';
import { intField, orderPost } from '@/lib/owner-route';

/**
 * POST /owner/orders/<n>/refund (amountKes, reason): POST /v1/owner/orders/:n/refunds. Owners
 * and admins only; the API decides (a staff member forcing this post gets its 403 message).
 * M-Pesa answers later: the order page follows the refund until it completes or fails.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const start = await orderPost(request, params);
  if (start instanceof Response) return start;
  const { number, page, post, form } = start;
  const reason = (form.get('reason') ?? '').trim();
  if (reason.length < 2) return post.done(page, 'error', 'Give a reason for the refund.');
  const typed = (form.get('amountKes') ?? '').trim();
  const amountKes = typed ? intField(form, 'amountKes') : null;
  if (typed && (amountKes === null || amountKes < 1))
    return post.done(page, 'error', 'Enter the amount in shillings, like 1500.');
  const answer = await post.api.post(
    `/v1/owner/orders/${number}/refunds`,
    { reason: reason.slice(0, 100), ...(amountKes ? { amountKes } : {}) },
    refundResponseSchema,
  );
  if (!answer.ok) return post.failed(page, answer.problem);
  return post.done(page, 'ok', `Refund of ${formatKes(answer.data.refund.amountKes)} sent to M-Pesa.`);
}
