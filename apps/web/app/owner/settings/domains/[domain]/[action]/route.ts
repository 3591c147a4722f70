import { ownerDomainRemovedSchema, ownerDomainResponseSchema } from '@sokoni/contracts';
import { ownerPost } from '@/lib/owner-route';
import { notFound } from '@/lib/route';

/**
 * POST /owner/settings/domains/<id>/check | primary | remove: the domain's buttons
 * (POST .../:id/check, POST .../:id/primary, DELETE .../:id).
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/domains';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATE_WORDS = {
  waiting_for_dns: 'waiting for DNS',
  failed: 'failed',
  verified: 'verified',
  certificate_ready: 'certificate ready',
} as const;

export async function POST(
  request: Request,
  { params }: { params: Promise<{ domain: string; action: string }> },
): Promise<Response> {
  const { domain: id, action } = await params;
  if (!UUID_RE.test(id) || !['check', 'primary', 'remove'].includes(action)) return notFound();
  const post = await ownerPost(request, PAGE);
  if (post instanceof Response) return post;
  const path = `/v1/owner/settings/domains/${id}`;
  if (action === 'remove') {
    const answer = await post.api.request('DELETE', path, { schema: ownerDomainRemovedSchema });
    if (!answer.ok) return post.failed(PAGE, answer.problem);
    return post.done(PAGE, 'ok', `${answer.data.removed.host} removed: the store no longer answers there.`);
  }
  const answer = await post.api.post(`${path}/${action}`, {}, ownerDomainResponseSchema);
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  const d = answer.data.domain;
  if (action === 'primary') return post.done(PAGE, 'ok', `${d.host} is now the primary domain.`);
  return post.done(PAGE, d.state === 'failed' ? 'error' : 'ok', `${d.host}: ${STATE_WORDS[d.state]}.`);
}
