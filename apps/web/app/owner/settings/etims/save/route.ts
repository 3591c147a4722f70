import { etimsSettingsResponseSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/** POST /owner/settings/etims/save: PUT /v1/owner/settings/etims (switching on initialises the device). */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/etims';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const kraPin = textField(form, 'kraPin').toUpperCase();
  if (!/^[A-Z]\d{9}[A-Z]$/.test(kraPin))
    return post.done(PAGE, 'error', 'KRA PIN: a letter, 9 digits and a letter, like P051234567X.');
  const answer = await post.api.put(
    '/v1/owner/settings/etims',
    {
      kraPin,
      branchId: textField(form, 'branchId') || '00',
      deviceSerial: textField(form, 'deviceSerial'),
      defaultTaxType: textField(form, 'defaultTaxType') || 'B',
      enabled: form.has('enabled'),
    },
    etimsSettingsResponseSchema,
  );
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  return post.done(PAGE, 'ok', answer.data.settings.enabled ? 'eTIMS is on.' : 'eTIMS saved (off).');
});
