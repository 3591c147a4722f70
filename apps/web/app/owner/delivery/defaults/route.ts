import { ownerDeliverySettingsSchema } from '@sokoni/contracts';
import { ownerPost } from '@/lib/owner-route';

/** POST /owner/delivery/defaults[?replace=true]: POST /v1/owner/delivery/defaults (Sokoni's Nairobi zones). */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/delivery';

export async function POST(request: Request): Promise<Response> {
  const post = await ownerPost(request, PAGE);
  if (post instanceof Response) return post;
  const replace = new URL(request.url).searchParams.get('replace') === 'true';
  const answer = await post.api.post(
    `/v1/owner/delivery/defaults${replace ? '?replace=true' : ''}`,
    {},
    ownerDeliverySettingsSchema,
  );
  return answer.ok
    ? post.done(PAGE, 'ok', 'Nairobi default zones are in place. Check the fees suit you.')
    : post.failed(PAGE, answer.problem);
}
