import { createdWebhookSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/** POST /owner/settings/webhooks/add (url, description, events[]): POST /v1/owner/settings/webhooks. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/webhooks';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const url = textField(post.form, 'url');
  if (!url)
    return post.done(PAGE, 'error', 'Address: type where to send events, e.g. https://erp.example.co.ke/sokoni.');
  const events = post.form.getAll('events').map(String);
  if (events.length === 0) return post.done(PAGE, 'error', 'Events: pick at least one event to send.');
  const description = textField(post.form, 'description');
  const answer = await post.api.post(
    '/v1/owner/settings/webhooks',
    { url, events, ...(description ? { description } : {}) },
    createdWebhookSchema,
  );
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  // The secret is shown this once (the confirmation is a one-read flash message, never a URL).
  return post.done(
    PAGE,
    'ok',
    `Endpoint added. Its signing secret, shown only now, is ${answer.data.secret} — copy it into your system to check the Sokoni-Signature header.`,
  );
});
