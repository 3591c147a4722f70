import { normaliseKenyanPhone, orderDeliveryChangedSchema, PHONE_FORMAT_HINT } from '@sokoni/contracts';
import { orderPost } from '@/lib/owner-route';

/**
 * POST /owner/orders/<n>/dispatch: with the store's rider (riderName, riderPhone) or to a partner
 * agent point (agentId) -> POST /v1/owner/orders/:n/dispatch (records the delivery and the status).
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const start = await orderPost(request, params);
  if (start instanceof Response) return start;
  const { number, page, post, form } = start;
  const note = (form.get('note') ?? '').trim().slice(0, 300) || undefined;
  let body: Record<string, unknown>;
  if (form.get('method') === 'partner_pickup') {
    const agentId = (form.get('agentId') ?? '').trim();
    if (!agentId) return post.done(page, 'error', 'Pick a pickup point.');
    body = { method: 'partner_pickup', agentId, note };
  } else {
    const riderName = (form.get('riderName') ?? '').trim();
    const riderPhone = normaliseKenyanPhone(form.get('riderPhone') ?? '');
    if (!riderName) return post.done(page, 'error', "Enter the rider's name.");
    if (!riderPhone) return post.done(page, 'error', `Rider's phone: enter ${PHONE_FORMAT_HINT}.`);
    body = { method: 'manual_rider', riderName: riderName.slice(0, 80), riderPhone, note };
  }
  const answer = await post.api.post(`/v1/owner/orders/${number}/dispatch`, body, orderDeliveryChangedSchema);
  if (!answer.ok) return post.failed(page, answer.problem);
  return post.done(
    page,
    'ok',
    answer.data.delivery.rider ? `Dispatched with ${answer.data.delivery.rider.name}.` : 'Sent to the pickup point.',
  );
}
