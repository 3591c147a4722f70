import { normaliseKenyanPhone, PHONE_FORMAT_HINT, staffInvitedSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/** POST /owner/staff/invites (name, role, phone, email): POST /v1/owner/staff/invites; the invite link comes back once. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/staff';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const name = textField(form, 'name');
  const role = form.get('role') === 'admin' ? 'admin' : 'staff';
  const typedPhone = textField(form, 'phone');
  const email = textField(form, 'email').toLowerCase();
  const phone = typedPhone ? normaliseKenyanPhone(typedPhone) : undefined;
  if (!name) return post.done(PAGE, 'error', 'Enter their name.');
  if (phone === null) return post.done(PAGE, 'error', `Phone: enter ${PHONE_FORMAT_HINT}.`);
  if (!phone && !email) return post.done(PAGE, 'error', 'Give their phone or email.');
  const answer = await post.api.post(
    '/v1/owner/staff/invites',
    { name, role, ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
    staffInvitedSchema,
  );
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  return post.done(
    PAGE,
    'ok',
    `${name} is invited${answer.data.smsSent ? ' (SMS sent)' : ''}. Invite link, shown once: ${answer.data.inviteUrl}`,
  );
});
