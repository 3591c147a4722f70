import { Injectable } from '@nestjs/common';
import {
  etaLabel,
  type OwnerDeliveryRules,
  type OwnerDeliverySettings,
  type OwnerDeliveryZone,
  type OwnerDeliveryZoneInput,
} from '@sokoni/contracts';
import { defaultDeliveryPlan, deliveryZoneRow, type DeliveryPlanZone, type TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { DeliveryRepository, type ZoneAreaRow } from './delivery.repository';
import { DeliveryService } from './delivery.service';
import type { RequestContext } from '../../platform/request-context';

/** What an audit row records of a zone: its fields, its areas, and only the areas' overrides. */
interface ZoneSnapshot extends Pick<
  DeliveryPlanZone,
  'name' | 'feeKes' | 'etaHoursMin' | 'etaHoursMax' | 'position' | 'areas'
> {
  overrides: Record<
    string,
    { feeKes: number | null; surchargeKes: number; etaHoursMin: number | null; etaHoursMax: number | null }
  >;
}

/**
 * The owner's delivery set-up. Every change locks the store's settings row first (one delivery
 * write per store at a time), writes an audit row in the same transaction, and invalidates the
 * shopper-facing fee cache after it commits.
 */
@Injectable()
export class OwnerDeliveryService {
  constructor(
    private readonly repository: DeliveryRepository,
    private readonly delivery: DeliveryService,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
  ) {}

  async settings(ctx: RequestContext): Promise<OwnerDeliverySettings> {
    return this.tenantDb.run(ctx, (trx) => this.readSettings(trx, ctx));
  }

  /** Creates or replaces a zone; with `areas`, the zone's areas become exactly those. */
  async putZone(
    ctx: RequestContext,
    slug: string,
    input: OwnerDeliveryZoneInput,
  ): Promise<{ zone: OwnerDeliveryZone; created: boolean }> {
    if (input.areas) await this.requireKnownAreas(input.areas.map((a) => a.slug));
    const result = await this.tenantDb.run(ctx, async (trx) => {
      await this.repository.lockSettings(trx, ctx.tenantId);
      const existing = await this.repository.zoneBySlug(trx, slug);
      const before = existing ? snapshot(existing, await this.repository.zoneAreas(trx, [existing.id])) : null;
      const movedFrom = input.areas
        ? await this.repository.currentZonesOf(
            trx,
            input.areas.map((a) => a.slug),
          )
        : new Map<string, string>();
      const zoneId = await this.repository.upsertZone(trx, {
        tenant_id: ctx.tenantId,
        slug,
        name: input.name,
        fee_kes: input.feeKes,
        eta_hours_min: input.etaHoursMin,
        eta_hours_max: input.etaHoursMax,
        position: input.position ?? existing?.position ?? (await this.repository.nextPosition(trx)),
      });
      if (input.areas) await this.repository.setZoneAreas(trx, ctx.tenantId, zoneId, input.areas);
      const zone = (await this.repository.zoneBySlug(trx, slug))!;
      const areas = await this.repository.zoneAreas(trx, [zoneId]);
      const after = snapshot(zone, areas);
      const moved = Object.fromEntries([...movedFrom].filter(([, from]) => from !== slug));
      await this.audit.record(trx, ctx, {
        action: !before
          ? 'delivery.zone_created'
          : feeChanged(before, after)
            ? 'delivery.fee_changed'
            : 'delivery.zone_updated',
        entity: { type: 'delivery_zone', id: slug },
        before: before ?? undefined,
        after: Object.keys(moved).length ? { ...after, movedFrom: moved } : after,
      });
      return { zone: toOwnerZone(zone, areas), created: !before };
    });
    await this.delivery.invalidate(ctx);
    return result;
  }

  /** Removes a zone; its areas are no longer delivered to until put in another zone. */
  async deleteZone(ctx: RequestContext, slug: string): Promise<{ deleted: string; unassignedAreas: string[] }> {
    const result = await this.tenantDb.run(ctx, async (trx) => {
      await this.repository.lockSettings(trx, ctx.tenantId);
      const zone = await this.repository.zoneBySlug(trx, slug);
      if (!zone) throw ApiError.notFound('not_found', `No delivery zone "${slug}" in your store`, { zone: slug });
      const before = snapshot(zone, await this.repository.zoneAreas(trx, [zone.id]));
      await this.repository.deleteZone(trx, zone.id);
      await this.audit.record(trx, ctx, {
        action: 'delivery.zone_deleted',
        entity: { type: 'delivery_zone', id: slug },
        before,
      });
      return { deleted: slug, unassignedAreas: before.areas };
    });
    await this.delivery.invalidate(ctx);
    return result;
  }

  async putRules(ctx: RequestContext, rules: OwnerDeliveryRules): Promise<{ rules: OwnerDeliveryRules }> {
    const result = await this.tenantDb.run(ctx, async (trx) => {
      const current = await this.repository.lockSettings(trx, ctx.tenantId);
      const before = { freeDeliveryFromKes: current.free_delivery_from_kes, pickupFeeKes: current.pickup_fee_kes };
      await this.repository.updateRules(trx, ctx.tenantId, rules.freeDeliveryFromKes, rules.pickupFeeKes);
      await this.audit.record(trx, ctx, {
        action: 'delivery.rules_changed',
        entity: { type: 'delivery_rules', id: 'store' },
        before,
        after: rules,
      });
      return { rules };
    });
    await this.delivery.invalidate(ctx);
    return result;
  }

  /**
   * The default Nairobi zones and rules (packages/db/src/delivery/defaults.ts). Refused with 409
   * when the store already has zones, unless replace.
   */
  async applyDefaults(ctx: RequestContext, replace: boolean): Promise<OwnerDeliverySettings> {
    const plan = defaultDeliveryPlan(await this.repository.areaPoints());
    const result = await this.tenantDb.run(ctx, async (trx) => {
      const current = await this.repository.lockSettings(trx, ctx.tenantId);
      const zones = await this.repository.zones(trx);
      if (zones.length > 0 && !replace) {
        throw new ApiError(
          409,
          'conflict',
          `Your store already has ${zones.length} delivery zone${zones.length === 1 ? '' : 's'}. Send ?replace=true to replace them with the defaults.`,
          { zones: zones.length, reason: 'zones_exist' },
        );
      }
      const areasByZone = groupBy(await this.repository.zoneAreas(trx), (a) => a.zone_id);
      const before = {
        rules: { freeDeliveryFromKes: current.free_delivery_from_kes, pickupFeeKes: current.pickup_fee_kes },
        zones: Object.fromEntries(zones.map((z) => [z.slug, snapshot(z, areasByZone.get(z.id) ?? [])])),
      };
      await this.repository.deleteAllZones(trx, ctx.tenantId);
      for (const zone of plan.zones) {
        const zoneId = await this.repository.upsertZone(trx, deliveryZoneRow(ctx.tenantId, zone));
        await this.repository.setZoneAreas(
          trx,
          ctx.tenantId,
          zoneId,
          zone.areas.map((slug) => ({ slug, feeKes: null, surchargeKes: 0, etaHoursMin: null, etaHoursMax: null })),
        );
      }
      await this.repository.updateRules(trx, ctx.tenantId, plan.rules.freeDeliveryFromKes, plan.rules.pickupFeeKes);
      await this.audit.record(trx, ctx, {
        action: 'delivery.defaults_applied',
        entity: { type: 'delivery', id: 'zones' },
        before:
          zones.length || current.free_delivery_from_kes !== null || current.pickup_fee_kes !== null
            ? before
            : undefined,
        after: {
          rules: plan.rules,
          zones: Object.fromEntries(
            plan.zones.map((z) => [
              z.slug,
              { feeKes: z.feeKes, etaHoursMin: z.etaHoursMin, etaHoursMax: z.etaHoursMax, areas: z.areas },
            ]),
          ),
        },
      });
      return this.readSettings(trx, ctx);
    });
    await this.delivery.invalidate(ctx);
    return result;
  }

  private async readSettings(trx: TenantTransaction, ctx: RequestContext): Promise<OwnerDeliverySettings> {
    const [rules, zones, areas, unassigned] = [
      await this.repository.rules(trx),
      await this.repository.zones(trx),
      await this.repository.zoneAreas(trx),
      await this.repository.unassignedAreas(trx, ctx.tenantId),
    ];
    const areasByZone = groupBy(areas, (a) => a.zone_id);
    return {
      rules: {
        freeDeliveryFromKes: rules?.free_delivery_from_kes ?? null,
        pickupFeeKes: rules?.pickup_fee_kes ?? null,
      },
      zones: zones.map((z) => toOwnerZone(z, areasByZone.get(z.id) ?? [])),
      unassignedAreas: unassigned.map((a) => ({ slug: a.slug, name: a.name, subCounty: a.sub_county })),
    };
  }

  private async requireKnownAreas(slugs: string[]): Promise<void> {
    const known = await this.repository.knownAreas(slugs);
    const unknown = slugs.filter((s) => !known.has(s));
    if (unknown.length) {
      throw new ApiError(
        400,
        'validation_failed',
        `Unknown area${unknown.length === 1 ? '' : 's'}: ${unknown.slice(0, 10).join(', ')}`,
        { where: 'body', field: 'areas', unknown },
      );
    }
  }
}

type ZoneRow = NonNullable<Awaited<ReturnType<DeliveryRepository['zoneBySlug']>>>;

function toOwnerZone(zone: ZoneRow, areas: ZoneAreaRow[]): OwnerDeliveryZone {
  return {
    slug: zone.slug,
    name: zone.name,
    feeKes: zone.fee_kes,
    etaHoursMin: zone.eta_hours_min,
    etaHoursMax: zone.eta_hours_max,
    etaLabel: etaLabel(zone.eta_hours_min, zone.eta_hours_max),
    position: zone.position,
    areas: areas.map((a) => ({
      slug: a.area_slug,
      name: a.name,
      subCounty: a.sub_county,
      feeKes: a.fee_kes,
      surchargeKes: a.surcharge_kes,
      etaHoursMin: a.eta_hours_min,
      etaHoursMax: a.eta_hours_max,
      effectiveFeeKes: (a.fee_kes ?? zone.fee_kes) + a.surcharge_kes,
    })),
  };
}

function snapshot(zone: ZoneRow, areas: ZoneAreaRow[]): ZoneSnapshot {
  const overridden = areas.filter((a) => a.fee_kes !== null || a.surcharge_kes !== 0 || a.eta_hours_min !== null);
  return {
    name: zone.name,
    feeKes: zone.fee_kes,
    etaHoursMin: zone.eta_hours_min,
    etaHoursMax: zone.eta_hours_max,
    position: zone.position,
    areas: areas.map((a) => a.area_slug).sort(),
    overrides: Object.fromEntries(
      overridden.map((a) => [
        a.area_slug,
        {
          feeKes: a.fee_kes,
          surchargeKes: a.surcharge_kes,
          etaHoursMin: a.eta_hours_min,
          etaHoursMax: a.eta_hours_max,
        },
      ]),
    ),
  };
}

/** A fee an existing area pays changed: the zone fee, or an area's own fee or surcharge. */
function feeChanged(before: ZoneSnapshot, after: ZoneSnapshot): boolean {
  if (before.feeKes !== after.feeKes) return true;
  const fee = (s: ZoneSnapshot, area: string) =>
    JSON.stringify([s.overrides[area]?.feeKes ?? null, s.overrides[area]?.surchargeKes ?? 0]);
  return before.areas.some((area) => after.areas.includes(area) && fee(before, area) !== fee(after, area));
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
