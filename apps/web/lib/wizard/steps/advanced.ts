import { onboardingViewSchema } from '@sokoni/contracts';
import { safeWizardNext } from '@/lib/wizard-session';
import { signedInStep, text } from './step';

/** POST /start/save/advanced: show or hide "Advanced" on every screen -> PUT /v1/owner/onboarding/advanced. */
export const saveAdvanced = signedInStep(async (post) => {
  const show = text(post.form, 'show') === 'true';
  const back = safeWizardNext(text(post.form, 'back'));
  const answer = await post.api.put('/v1/owner/onboarding/advanced', { show }, onboardingViewSchema);
  if (!answer.ok) return post.failed(back, answer.problem);
  return post.done(
    back,
    'ok',
    show ? 'Advanced settings are shown on every step.' : 'Advanced settings are hidden again.',
  );
});
