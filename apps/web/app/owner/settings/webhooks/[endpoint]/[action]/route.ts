import { webhookPingSchema, webhookRemovedSchema, webhookResentSchema, webhookUpdatedSchema } from '@sokoni/contracts';
import { ownerPost } from '@/lib/owner-route';
import { notFound } from '@/lib/route';

/**
 * POST /owner/settings/webhooks/<id>/test | enable | disable | remove | resend: the endpoint's
 * buttons and the log's "Send again" (delivery in the form).
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/webhooks';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTIONS = ['test', 'enable', 'disable', 'remove', 'resend'];

export async function POST(
  request: Request,
  { params }: { params: Promise<{ endpoint: string; action: string }> },
): Promise<Response> {
  const { endpoint: id, action } = await params;
  if (!UUID_RE.test(id) || !ACTIONS.includes(action)) return notFound();
  const post = await ownerPost(request, PAGE);
  if (post instanceof Response) return post;
  const path = `/v1/owner/settings/webhooks/${id}`;
  if (action === 'remove') {
    const answer = await post.api.request('DELETE', path, { schema: webhookRemovedSchema });
    if (!answer.ok) return post.failed(PAGE, answer.problem);
    return post.done(PAGE, 'ok', 'Endpoint removed: no more events go there.');
  }
  if (action === 'test') {
    const answer = await post.api.post(`${path}/test`, {}, webhookPingSchema);
    if (!answer.ok) return post.failed(PAGE, answer.problem);
    return post.done(`${PAGE}/${id}`, 'ok', 'Test event queued: it appears below within seconds.');
  }
  if (action === 'resend') {
    const delivery = String(post.form.get('delivery') ?? '');
    if (!UUID_RE.test(delivery)) return post.done(`${PAGE}/${id}`, 'error', 'Pick a delivery to send again.');
    const answer = await post.api.post(
      `/v1/owner/settings/webhooks/deliveries/${delivery}/resend`,
      {},
      webhookResentSchema,
    );
    if (!answer.ok) return post.failed(`${PAGE}/${id}`, answer.problem);
    return post.done(`${PAGE}/${id}`, 'ok', 'Sending again now.');
  }
  const answer = await post.api.patch(path, { enabled: action === 'enable' }, webhookUpdatedSchema);
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  return post.done(
    PAGE,
    'ok',
    action === 'enable' ? 'Endpoint turned on.' : 'Endpoint turned off: events are not sent there.',
  );
}
