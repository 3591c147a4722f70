import { apiKeyIdSchema, apiKeyRevokedAnswerSchema } from '@sokoni/contracts';
import { ownerPost } from '@/lib/owner-route';
import { notFound } from '@/lib/route';

/** POST /owner/settings/api-keys/:key/revoke: DELETE /v1/owner/settings/api-keys/:key. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/api-keys';

export async function POST(request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  const { key } = await params;
  if (!apiKeyIdSchema.safeParse(key).success) return notFound();
  const post = await ownerPost(request, PAGE);
  if (post instanceof Response) return post;
  const answer = await post.api.request('DELETE', `/v1/owner/settings/api-keys/${key}`, {
    schema: apiKeyRevokedAnswerSchema,
  });
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  return post.done(PAGE, 'ok', `Key "${answer.data.key.name}" revoked: it stopped working at once.`);
}
