import { brandingResponseSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/** POST /owner/settings/branding/business: PUT /v1/owner/settings/business (empty KRA PIN = not registered). */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/branding';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const answer = await post.api.put(
    '/v1/owner/settings/business',
    {
      legalName: textField(form, 'legalName'),
      kraPin: textField(form, 'kraPin') || null,
      physicalAddress: textField(form, 'physicalAddress'),
      openingHours: textField(form, 'openingHours'),
    },
    brandingResponseSchema,
  );
  return answer.ok ? post.done(PAGE, 'ok', 'Business details saved.') : post.failed(PAGE, answer.problem);
});
