import { mpesaSettingsSavedSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/**
 * POST /owner/settings/mpesa: PUT /v1/owner/settings/mpesa. The secrets pass through and are
 * never echoed back: a refusal returns to the page with the message only, the fields empty.
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const text = (name: string) => textField(form, name);
  const optional = (name: string) => text(name) || undefined;
  const kind = text('kind') === 'paybill' ? 'paybill' : 'till';
  const body = {
    kind,
    shortcode: text('shortcode'),
    tillNumber: kind === 'till' ? optional('tillNumber') : undefined,
    consumerKey: text('consumerKey'),
    consumerSecret: text('consumerSecret'),
    passkey: text('passkey'),
    initiatorName: optional('initiatorName'),
    securityCredential: optional('securityCredential'),
    refundMethod: text('refundMethod') === 'b2c' ? 'b2c' : 'reversal',
    callbackIpCheck: ['off', 'log', 'enforce'].includes(text('callbackIpCheck')) ? text('callbackIpCheck') : 'log',
  };
  const answer = await post.api.put('/v1/owner/settings/mpesa', body, mpesaSettingsSavedSchema);
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  const c2b = answer.data.c2bRegistration;
  return post.done(PAGE, c2b.ok ? 'ok' : 'error', `M-Pesa saved.${c2b.message ? ` ${c2b.message}` : ''}`);
});
