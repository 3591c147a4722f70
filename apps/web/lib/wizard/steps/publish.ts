import { storePublishedSchema } from '@sokoni/contracts';
import { clearDraftCookie } from '@/lib/wizard-session';
import { signedInStep } from './step';

/** POST /start/save/publish: screen 8 -> POST /v1/owner/onboarding/publish. */
export const publishStore = signedInStep(
  async (post) => {
    const answer = await post.api.post('/v1/owner/onboarding/publish', {}, storePublishedSchema);
    if (!answer.ok) return post.failed('/start/publish', answer.problem);
    return post.done(
      '/start/publish',
      'ok',
      answer.data.alreadyPublished ? 'Your store was already live.' : 'Your store is live! Share your link.',
      [clearDraftCookie()],
    );
  },
  { readForm: false },
);
