import { z } from 'zod';
import { ownerFormRoute } from '@/lib/owner-route';

/** POST /owner/settings/etims/send: every open invoice and credit note sent to KRA now. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/etims';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const answer = await post.api.post('/v1/owner/etims/send-pending', {}, z.object({ queued: z.boolean() }));
  return answer.ok ? post.done(PAGE, 'ok', 'Sending to KRA.') : post.failed(PAGE, answer.problem);
});
