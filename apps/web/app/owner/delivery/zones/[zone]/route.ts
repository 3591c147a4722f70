import { ownerDeliveryZoneSavedSchema } from '@sokoni/contracts';
import { intField, ownerSlugRoute, textField } from '@/lib/owner-route';

/** POST /owner/delivery/zones/<zone> (name, feeKes, etaHoursMin, etaHoursMax): PUT /v1/owner/delivery/zones/:zone, areas kept. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/delivery';

export const POST = ownerSlugRoute('zone', PAGE, async (zone, post) => {
  const form = post.form;
  const name = textField(form, 'name');
  const feeKes = intField(form, 'feeKes');
  const etaHoursMin = intField(form, 'etaHoursMin');
  const etaHoursMax = intField(form, 'etaHoursMax');
  if (!name) return post.done(PAGE, 'error', 'Give the zone a name.');
  if (feeKes === null) return post.done(PAGE, 'error', 'Enter the fee in shillings, like 250.');
  if (etaHoursMin === null || etaHoursMax === null)
    return post.done(PAGE, 'error', 'Enter the delivery time in hours, like 2 to 4.');
  const answer = await post.api.put(
    `/v1/owner/delivery/zones/${zone}`,
    { name: name.slice(0, 80), feeKes, etaHoursMin, etaHoursMax },
    ownerDeliveryZoneSavedSchema,
  );
  return answer.ok ? post.done(PAGE, 'ok', `${name} saved.`) : post.failed(PAGE, answer.problem);
});
