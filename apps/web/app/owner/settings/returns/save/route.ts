import { onboardingViewSchema, returnSettingsResponseSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/**
 * POST /owner/settings/returns/save: the return window and on/off (PUT /v1/owner/settings/returns)
 * and the policy text (PUT /v1/owner/onboarding/policy, as the store details save it). The window
 * is checked here first so a typo is refused in words before anything is saved.
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/returns';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const rawDays = textField(form, 'windowDays');
  const windowDays = /^\d{1,3}$/.test(rawDays) ? Number(rawDays) : NaN;
  if (!Number.isInteger(windowDays) || windowDays < 0 || windowDays > 90)
    return post.done(PAGE, 'error', 'Return window: a whole number of days from 0 to 90, like 7.');
  const returnPolicy = textField(form, 'returnPolicy');
  if (returnPolicy.length < 20 || returnPolicy.length > 2000)
    return post.done(
      PAGE,
      'error',
      'Return policy: write at least 20 characters (at most 2000) so shoppers know the rules.',
    );
  const policy = await post.api.put('/v1/owner/onboarding/policy', { returnPolicy }, onboardingViewSchema);
  if (!policy.ok) return post.failed(PAGE, policy.problem);
  const saved = await post.api.put(
    '/v1/owner/settings/returns',
    { enabled: form.has('enabled'), windowDays },
    returnSettingsResponseSchema,
  );
  if (!saved.ok) return post.failed(PAGE, saved.problem);
  const s = saved.data.settings;
  return post.done(PAGE, 'ok', s.enabled ? `Returns on: ${s.windowDays} days after delivery.` : 'Returns are off.');
});
