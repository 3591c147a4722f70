import { onboardingViewSchema } from '@sokoni/contracts';
import { forward, signedInStep } from './step';

/** POST /start/save/mpesa-skip: screen 4's "Skip for now" -> POST /v1/owner/onboarding/mpesa/skip. */
export const skipMpesa = signedInStep(
  async (post) => {
    const answer = await post.api.post('/v1/owner/onboarding/mpesa/skip', {}, onboardingViewSchema);
    if (!answer.ok) return post.failed('/start/mpesa', answer.problem);
    return forward(
      post,
      answer.data,
      '/start/mpesa',
      'M-Pesa skipped for now: shoppers pay you by hand or on WhatsApp. Set it up any time in Settings.',
    );
  },
  { readForm: false },
);
