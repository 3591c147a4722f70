import { ALERT_CHANNELS, ALERT_KINDS, alertSettingsSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { intField, ownerFormRoute, textField } from '@/lib/owner-route';

/** POST /owner/settings/alerts/save: PUT /v1/owner/alerts (checkboxes: absent = off). */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/alerts';
const answerSchema = z.object({ settings: alertSettingsSchema });

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const start = textField(form, 'quietStart');
  const end = textField(form, 'quietEnd');
  if (Boolean(start) !== Boolean(end))
    return post.done(PAGE, 'error', 'Quiet hours: give both a start and an end (HH:MM), or leave both empty.');
  // Only the kinds the page offered this person (their role's): the others are not theirs to set.
  const offered = new Set(form.getAll('kind'));
  const preferences = ALERT_KINDS.filter((k) => offered.has(k)).flatMap((kind) =>
    ALERT_CHANNELS.map((channel) => ({ kind, channel, enabled: form.has(`pref:${kind}:${channel}`) })),
  );
  const threshold = form.has('lowStockThreshold') ? intField(form, 'lowStockThreshold') : undefined;
  if (threshold === null) return post.done(PAGE, 'error', 'Low-stock threshold: enter a whole number, like 3.');
  const answer = await post.api.put(
    '/v1/owner/alerts',
    {
      phone: textField(form, 'phone'),
      quietHours: start ? { start, end } : null,
      urgentInQuietHours: form.has('urgentInQuietHours'),
      preferences,
      ...(threshold === undefined ? {} : { lowStockThreshold: threshold }),
    },
    answerSchema,
  );
  return answer.ok ? post.done(PAGE, 'ok', 'Alert settings saved.') : post.failed(PAGE, answer.problem);
});
