import { z } from 'zod';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/** POST /owner/settings/etims/retry: a rejected invoice or credit note sent to KRA again. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/etims';
const answerSchema = z.object({ document: z.object({ status: z.string() }) });

export const POST = ownerFormRoute(PAGE, async (post) => {
  const id = textField(post.form, 'id');
  if (!/^[0-9a-f-]{36}$/i.test(id)) return post.done(PAGE, 'error', 'No such invoice.');
  const answer = await post.api.post(`/v1/owner/etims/documents/${id}/retry`, {}, answerSchema);
  return answer.ok ? post.done(PAGE, 'ok', 'Sent to KRA again.') : post.failed(PAGE, answer.problem);
});
