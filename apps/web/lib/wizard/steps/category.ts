import { categoryChangedSchema } from '@sokoni/contracts';
import { isVertical, safeWizardNext } from '@/lib/wizard-session';
import { signedInStep, text } from './step';

/** POST /start/save/category: change what the store sells (any screen) -> PUT /v1/owner/onboarding/category. */
export const saveCategory = signedInStep(async (post) => {
  const vertical = text(post.form, 'vertical');
  const back = safeWizardNext(text(post.form, 'back'));
  if (!isVertical(vertical)) return post.done(back, 'error', 'Choose what you sell.');
  const answer = await post.api.put('/v1/owner/onboarding/category', { vertical }, categoryChangedSchema);
  if (!answer.ok) return post.failed(back, answer.problem);
  return post.done(back, 'ok', 'Category changed: the suggestions follow it.');
});
