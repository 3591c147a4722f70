import { insightDismissedSchema } from '@sokoni/contracts';
import { ownerPost } from '@/lib/owner-route';
import { periodParam } from '@/lib/owner-insights';

/** POST /owner/insights/:id/dismiss: POST /v1/owner/insights/:id/dismiss, back to the home. */
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const post = await ownerPost(request, '/owner');
  if (post instanceof Response) return post;
  const period = periodParam(post.form.get('period'));
  const page = `/owner?period=${period}`;
  if (!UUID.test(id)) return post.done(page, 'error', 'That card was not found.');
  const answer = await post.api.post(
    `/v1/owner/insights/${encodeURIComponent(id)}/dismiss`,
    {},
    insightDismissedSchema,
  );
  return answer.ok
    ? post.done(page, 'ok', 'Card dismissed. It will not come back for this period.')
    : post.failed(page, answer.problem);
}
