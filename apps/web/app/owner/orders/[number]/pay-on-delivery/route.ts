import { randomUUID } from 'node:crypto';
import { orderResponseSchema, paymentResponseSchema } from '@sokoni/contracts';
import { intField, orderPost } from '@/lib/owner-route';

/**
 * POST /owner/orders/<n>/pay-on-delivery (do = mpesa | cash | refused): the door actions,
 * POST /v1/owner/orders/:n/pay-on-delivery/<do>. "Collect with M-Pesa" carries an Idempotency-Key
 * per tap; the API answers a second tap while the prompt is open with that same prompt.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const start = await orderPost(request, params);
  if (start instanceof Response) return start;
  const { number, page, post, form } = start;
  const path = `/v1/owner/orders/${number}/pay-on-delivery`;
  switch (form.get('do')) {
    case 'mpesa': {
      const answer = await post.api.request('POST', `${path}/mpesa`, {
        body: {},
        schema: paymentResponseSchema,
        headers: { 'idempotency-key': `door-${number}-${randomUUID()}` },
      });
      return answer.ok
        ? post.done(
            page,
            'ok',
            "M-Pesa prompt sent to the shopper's phone: the order shows paid once they enter their PIN.",
          )
        : post.failed(page, answer.problem);
    }
    case 'cash': {
      const amountKes = intField(form, 'amountKes');
      if (amountKes === null) return post.done(page, 'error', 'Cash received: the amount is missing.');
      const answer = await post.api.post(`${path}/cash`, { amountKes }, orderResponseSchema);
      return answer.ok ? post.done(page, 'ok', 'Cash received: on record.') : post.failed(page, answer.problem);
    }
    case 'refused': {
      const note = (form.get('note') ?? '').trim().slice(0, 300);
      const answer = await post.api.post(`${path}/refused`, note ? { note } : {}, orderResponseSchema);
      return answer.ok
        ? post.done(page, 'ok', 'Marked refused: the order is cancelled and its stock is back.')
        : post.failed(page, answer.problem);
    }
    default:
      return post.done(page, 'error', 'Pick what happened at the door.');
  }
}
