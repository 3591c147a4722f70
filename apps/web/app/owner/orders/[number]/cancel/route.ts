import { cancelOrderResultSchema } from '@sokoni/contracts';
import { formatKes } from '@/lib/format';
import { orderPost } from '@/lib/owner-route';

/**
 * POST /owner/orders/<n>/cancel (reason): refund-and-cancel in one action through
 * POST /v1/owner/orders/:n/cancel (money back by M-Pesa, stock back, coupon use back, the shopper
 * told). Staff may cancel unpaid orders only: the API answers 403 otherwise.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const start = await orderPost(request, params);
  if (start instanceof Response) return start;
  const { number, page, post } = start;
  const reason = (post.form.get('reason') ?? '').trim().slice(0, 300);
  const answer = await post.api.post(
    `/v1/owner/orders/${number}/cancel`,
    reason ? { reason } : {},
    cancelOrderResultSchema,
  );
  if (!answer.ok) return post.failed(page, answer.problem);
  const { refund } = answer.data;
  if (refund.status === 'sent')
    return post.done(page, 'ok', `Order cancelled. Refund of ${formatKes(refund.amountKes)} sent to M-Pesa.`);
  if (refund.status === 'owed') return post.done(page, 'error', refund.message ?? 'Order cancelled; refund not sent.');
  return post.done(page, 'ok', 'Order cancelled.');
}
