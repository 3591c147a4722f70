import { apiKeyCreatedAnswerSchema, PERMISSIONS, type Permission } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';
import { newKeyJar } from '../new-key';

/** POST /owner/settings/api-keys/create (name, scopes[], expires): POST /v1/owner/settings/api-keys. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/api-keys';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const name = textField(post.form, 'name');
  if (!name) return post.done(PAGE, 'error', 'Name: give the key a name, e.g. "Accounting sync".');
  const scopes = post.form
    .getAll('scopes')
    .filter((s): s is Permission => (PERMISSIONS as readonly string[]).includes(s));
  if (!scopes.length) return post.done(PAGE, 'error', 'Permissions: pick at least one.');
  const expires = textField(post.form, 'expires');
  let expiresAt: string | undefined;
  if (expires) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expires)) return post.done(PAGE, 'error', 'Expires: a date, e.g. 2027-01-31.');
    // The end of that day in Nairobi (UTC+3), the way an owner reads "expires on".
    expiresAt = `${expires}T23:59:59+03:00`;
  }
  const answer = await post.api.post(
    '/v1/owner/settings/api-keys',
    { name, scopes, expiresAt },
    apiKeyCreatedAnswerSchema,
  );
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  const shown = newKeyJar.set('ok', answer.data.secret);
  return post.done(
    `${PAGE}?k=${shown.id}`,
    'ok',
    `Key "${answer.data.key.name}" created. Copy it now: it is shown only once.`,
    [shown.cookie],
  );
});
