import { messagingSettingsResponseSchema } from '@sokoni/contracts';
import { intField, ownerPost } from '@/lib/owner-route';

/** POST /owner/settings/messaging: PUT /v1/owner/settings/messaging (checkboxes: absent = off). */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings';

export async function POST(request: Request): Promise<Response> {
  const post = await ownerPost(request, PAGE);
  if (post instanceof Response) return post;
  const form = post.form;
  const minutes = intField(form, 'abandonedCartAfterMinutes');
  if (minutes === null || minutes < 1) return post.done(PAGE, 'error', 'Remind after: enter minutes, like 60.');
  const answer = await post.api.put(
    '/v1/owner/settings/messaging',
    {
      whatsappPhoneNumberId: (form.get('whatsappPhoneNumberId') ?? '').trim() || null,
      language: form.get('language') === 'sw' ? 'sw' : 'en',
      orderUpdates: form.has('orderUpdates'),
      ownerEmailAlerts: form.has('ownerEmailAlerts'),
      abandonedCartNudge: form.has('abandonedCartNudge'),
      abandonedCartAfterMinutes: minutes,
    },
    messagingSettingsResponseSchema,
  );
  return answer.ok ? post.done(PAGE, 'ok', 'Messaging saved.') : post.failed(PAGE, answer.problem);
}
