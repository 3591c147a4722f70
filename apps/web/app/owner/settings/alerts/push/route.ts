import { pushSubscriptionAnswerSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/**
 * POST /owner/settings/alerts/push: this browser's push subscription (from the page's small
 * client component) -> POST /v1/owner/alerts/push-subscriptions; `off` removes it.
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/alerts';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const endpoint = textField(form, 'endpoint');
  if (form.get('action') === 'off') {
    const answer = await post.api.request('DELETE', '/v1/owner/alerts/push-subscriptions', {
      body: endpoint ? { endpoint } : {},
      schema: pushSubscriptionAnswerSchema,
    });
    return answer.ok ? post.done(PAGE, 'ok', 'Alerts on this phone are off.') : post.failed(PAGE, answer.problem);
  }
  const answer = await post.api.post(
    '/v1/owner/alerts/push-subscriptions',
    { endpoint, keys: { p256dh: textField(form, 'p256dh'), auth: textField(form, 'auth') } },
    pushSubscriptionAnswerSchema,
  );
  return answer.ok ? post.done(PAGE, 'ok', 'Alerts will come to this phone.') : post.failed(PAGE, answer.problem);
});
