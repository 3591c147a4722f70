import { onboardingViewSchema } from '@sokoni/contracts';
import { forward, signedInStep, text } from './step';

/** POST /start/save/contact: screen 3 -> PUT /v1/owner/onboarding/contact. */
export const saveContact = signedInStep(async (post) => {
  const whatsappNumber = text(post.form, 'whatsappNumber', 32);
  const location = text(post.form, 'location', 160);
  const tagline = post.form?.has('tagline') ? text(post.form, 'tagline', 160) : undefined;
  const answer = await post.api.put(
    '/v1/owner/onboarding/contact',
    { whatsappNumber, location, ...(tagline !== undefined ? { tagline } : {}) },
    onboardingViewSchema,
  );
  if (!answer.ok) return post.failed('/start/contact', answer.problem);
  return forward(post, answer.data, '/start/contact', 'Contact details saved.');
});
