import { staffUpdatedSchema } from '@sokoni/contracts';
import { notFound } from '@/lib/route';
import { ownerPost } from '@/lib/owner-route';

/** POST /owner/staff/<userId> (role, status): PATCH /v1/owner/staff/:userId. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/staff';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLES = new Set(['owner', 'admin', 'staff']);
const STATUSES = new Set(['active', 'disabled']);

export async function POST(request: Request, { params }: { params: Promise<{ user: string }> }): Promise<Response> {
  const userId = (await params).user;
  if (!UUID_RE.test(userId)) return notFound();
  const post = await ownerPost(request, PAGE);
  if (post instanceof Response) return post;
  const role = post.form.get('role') ?? '';
  const status = post.form.get('status') ?? '';
  if (!ROLES.has(role) || !STATUSES.has(status))
    return post.done(PAGE, 'error', 'Pick a role and whether the account is active.');
  const answer = await post.api.patch(`/v1/owner/staff/${userId}`, { role, status }, staffUpdatedSchema);
  return answer.ok ? post.done(PAGE, 'ok', `${answer.data.user.name} saved.`) : post.failed(PAGE, answer.problem);
}
