import { podSettingsResponseSchema } from '@sokoni/contracts';
import { intField, ownerFormRoute } from '@/lib/owner-route';

/** POST /owner/settings/pay-on-delivery: PUT /v1/owner/pay-on-delivery/settings (checkboxes: absent = off). */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const maxOrderKes = intField(form, 'maxOrderKes');
  if (maxOrderKes === null) return post.done(PAGE, 'error', 'Largest order: enter whole shillings, like 5000.');
  const answer = await post.api.put(
    '/v1/owner/pay-on-delivery/settings',
    {
      enabled: form.has('enabled'),
      maxOrderKes,
      areaSlugs: form.getAll('area'),
      firstTimeAllowed: form.has('firstTimeAllowed'),
    },
    podSettingsResponseSchema,
  );
  return answer.ok ? post.done(PAGE, 'ok', 'Pay on delivery saved.') : post.failed(PAGE, answer.problem);
});
