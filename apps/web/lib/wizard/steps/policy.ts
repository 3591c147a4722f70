import { onboardingViewSchema } from '@sokoni/contracts';
import { forward, signedInStep, text } from './step';

/** POST /start/save/policy: screen 7 -> PUT /v1/owner/onboarding/policy. */
export const savePolicy = signedInStep(async (post) => {
  const answer = await post.api.put(
    '/v1/owner/onboarding/policy',
    { returnPolicy: text(post.form, 'returnPolicy', 2000) },
    onboardingViewSchema,
  );
  if (!answer.ok) return post.failed('/start/policy', answer.problem);
  return forward(post, answer.data, '/start/policy', 'Return policy saved.');
});
