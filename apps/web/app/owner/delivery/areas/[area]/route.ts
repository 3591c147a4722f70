import { ownerDeliverySettingsSchema, ownerDeliveryZoneSavedSchema } from '@sokoni/contracts';
import { formatKes } from '@/lib/owner-format';
import { intField, ownerSlugRoute } from '@/lib/owner-route';

/**
 * POST /owner/delivery/areas/<area> (feeKes): what shoppers in one area pay, whatever its zone
 * charges (the area-fee insight card lands here). The API keeps a zone's areas as a whole, so
 * this reads the area's zone and PUTs it back with that one area's fee changed; the fee typed is
 * the fee charged (no surcharge on top), and the zone's own fee means "follow the zone".
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/delivery';

export const POST = ownerSlugRoute('area', PAGE, async (area, post) => {
  const back = `${PAGE}?area=${area}`;
  const feeKes = intField(post.form, 'feeKes');
  if (feeKes === null) return post.done(back, 'error', 'Enter the fee in shillings, like 250.');

  const settings = await post.api.get('/v1/owner/delivery/zones', ownerDeliverySettingsSchema);
  if (!settings.ok) return post.failed(back, settings.problem);
  const zone = settings.data.zones.find((z) => z.areas.some((a) => a.slug === area));
  if (!zone) return post.done(PAGE, 'error', 'That area is not in any of your delivery zones: add it to a zone first.');
  const areas = zone.areas.map((a) => {
    const keep = {
      slug: a.slug,
      feeKes: a.feeKes,
      surchargeKes: a.surchargeKes,
      etaHoursMin: a.etaHoursMin,
      etaHoursMax: a.etaHoursMax,
    };
    return a.slug === area ? { ...keep, feeKes: feeKes === zone.feeKes ? null : feeKes, surchargeKes: 0 } : keep;
  });
  const answer = await post.api.put(
    `/v1/owner/delivery/zones/${zone.slug}`,
    {
      name: zone.name,
      feeKes: zone.feeKes,
      etaHoursMin: zone.etaHoursMin,
      etaHoursMax: zone.etaHoursMax,
      position: zone.position,
      areas,
    },
    ownerDeliveryZoneSavedSchema,
  );
  const name = zone.areas.find((a) => a.slug === area)!.name;
  return answer.ok
    ? post.done(back, 'ok', `Delivery to ${name} is now ${formatKes(feeKes)}.`)
    : post.failed(back, answer.problem);
});
