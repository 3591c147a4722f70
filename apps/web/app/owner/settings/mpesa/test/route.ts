import { mpesaCheckSchema } from '@sokoni/contracts';
import { ownerPost } from '@/lib/owner-route';

/** POST /owner/settings/mpesa/test: "Test connection" -> POST /v1/owner/settings/mpesa/test. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings';

export async function POST(request: Request): Promise<Response> {
  const post = await ownerPost(request, PAGE, { readForm: false });
  if (post instanceof Response) return post;
  const answer = await post.api.post('/v1/owner/settings/mpesa/test', {}, mpesaCheckSchema);
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  return post.done(PAGE, answer.data.ok ? 'ok' : 'error', answer.data.message);
}
