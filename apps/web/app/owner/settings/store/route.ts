import { onboardingViewSchema } from '@sokoni/contracts';
import { ownerPost } from '@/lib/owner-route';

/**
 * POST /owner/settings/store: the store's details shoppers see (WhatsApp number, location,
 * tagline, return policy), through the same endpoints the wizard saves them with.
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings';

export async function POST(request: Request): Promise<Response> {
  const post = await ownerPost(request, PAGE);
  if (post instanceof Response) return post;
  const form = post.form;
  const tagline = (form.get('tagline') ?? '').trim();
  const contact = await post.api.put(
    '/v1/owner/onboarding/contact',
    {
      whatsappNumber: (form.get('whatsappNumber') ?? '').trim(),
      location: (form.get('location') ?? '').trim(),
      ...(tagline ? { tagline } : {}),
    },
    onboardingViewSchema,
  );
  if (!contact.ok) return post.failed(PAGE, contact.problem);
  const policy = await post.api.put(
    '/v1/owner/onboarding/policy',
    { returnPolicy: (form.get('returnPolicy') ?? '').trim() },
    onboardingViewSchema,
  );
  return policy.ok ? post.done(PAGE, 'ok', 'Store details saved.') : post.failed(PAGE, policy.problem);
}
