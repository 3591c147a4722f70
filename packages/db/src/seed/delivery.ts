import { defaultDeliveryPlan, deliveryZoneRow } from '../delivery/defaults';
import type { TenantTransaction } from '../tenant-transaction';
import { nairobiAreas } from './data/nairobi-areas';
import { auditSeedAction, storeHasRow } from './queries';

/**
 * The default Nairobi delivery zones and rules (../delivery/defaults.ts) for a demo store.
 * Written once: the store's delivery_settings row marks delivery as set up, after which the
 * zones are the owner's (edited in the dashboard) and a second seed run leaves them alone.
 */
export async function seedDelivery(trx: TenantTransaction, tenantId: string): Promise<void> {
  if (await storeHasRow(trx, tenantId, 'delivery_settings')) return;
  const plan = defaultDeliveryPlan(nairobiAreas);
  await trx
    .insertInto('delivery_settings')
    .values({
      tenant_id: tenantId,
      free_delivery_from_kes: plan.rules.freeDeliveryFromKes,
      pickup_fee_kes: plan.rules.pickupFeeKes,
    })
    .execute();
  for (const zone of plan.zones) {
    const { id } = await trx
      .insertInto('delivery_zones')
      .values(deliveryZoneRow(tenantId, zone))
      .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('delivery_zone_areas')
      .values(zone.areas.map((area) => ({ tenant_id: tenantId, area_slug: area, zone_id: id })))
      .onConflict((oc) => oc.columns(['tenant_id', 'area_slug']).doNothing())
      .execute();
  }
  await auditSeedAction(trx, tenantId, {
    action: 'delivery.defaults_applied',
    entityType: 'delivery',
    entityId: 'zones',
    after: {
      rules: plan.rules,
      zones: plan.zones.map((z) => ({ slug: z.slug, feeKes: z.feeKes, areas: z.areas.length })),
    },
  });
}
