import { onboardingViewSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/**
 * POST /owner/settings/store: the store's details shoppers see (WhatsApp number, location,
 * tagline, return policy), through the same endpoints the wizard saves them with.
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const tagline = textField(form, 'tagline');
  const contact = await post.api.put(
    '/v1/owner/onboarding/contact',
    {
      whatsappNumber: textField(form, 'whatsappNumber'),
      location: textField(form, 'location'),
      ...(tagline ? { tagline } : {}),
    },
    onboardingViewSchema,
  );
  if (!contact.ok) return post.failed(PAGE, contact.problem);
  const policy = await post.api.put(
    '/v1/owner/onboarding/policy',
    { returnPolicy: textField(form, 'returnPolicy') },
    onboardingViewSchema,
  );
  return policy.ok ? post.done(PAGE, 'ok', 'Store details saved.') : post.failed(PAGE, policy.problem);
});
