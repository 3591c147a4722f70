import { messagingSettingsResponseSchema } from '@sokoni/contracts';
import { intField, ownerFormRoute, textField } from '@/lib/owner-route';

/** POST /owner/settings/messaging: PUT /v1/owner/settings/messaging (checkboxes: absent = off). */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const minutes = intField(form, 'abandonedCartAfterMinutes');
  if (minutes === null || minutes < 1) return post.done(PAGE, 'error', 'Remind after: enter minutes, like 60.');
  const answer = await post.api.put(
    '/v1/owner/settings/messaging',
    {
      whatsappPhoneNumberId: textField(form, 'whatsappPhoneNumberId') || null,
      language: form.get('language') === 'sw' ? 'sw' : 'en',
      orderUpdates: form.has('orderUpdates'),
      ownerEmailAlerts: form.has('ownerEmailAlerts'),
      abandonedCartNudge: form.has('abandonedCartNudge'),
      abandonedCartAfterMinutes: minutes,
    },
    messagingSettingsResponseSchema,
  );
  return answer.ok ? post.done(PAGE, 'ok', 'Messaging saved.') : post.failed(PAGE, answer.problem);
});
