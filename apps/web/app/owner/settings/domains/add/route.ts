import { ownerDomainResponseSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/** POST /owner/settings/domains/add (host): POST /v1/owner/settings/domains. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/domains';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const host = textField(post.form, 'host');
  if (!host) return post.done(PAGE, 'error', 'Domain: type the domain, e.g. shop.example.co.ke.');
  const answer = await post.api.post('/v1/owner/settings/domains', { host }, ownerDomainResponseSchema);
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  return post.done(
    PAGE,
    'ok',
    `${answer.data.domain.host} added. Create the DNS records shown, then press "Check now" (we also check every few minutes).`,
  );
});
