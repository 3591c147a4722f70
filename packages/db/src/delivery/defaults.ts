/**
 * The delivery set-up a new Nairobi store can accept in one click: zones by straight-line
 * distance from the CBD, using each area's coordinates. Used by the demo seed and by
 * POST /v1/owner/delivery/defaults. Pure: no database here, the callers write the plan.
 *
 * | zone       | distance from CBD | fee (KES) | ETA (hours) | shopper sees |
 * |------------|-------------------|-----------|-------------|--------------|
 * | central    | under 5 km        | 200       | 2-6         | Today        |
 * | inner      | 5 to 10 km        | 300       | 3-8         | Today        |
 * | outer      | 10 to 20 km       | 450       | 12-24       | Tomorrow     |
 * | outskirts  | 20 km and beyond  | 600       | 24-48       | 1-2 days     |
 *
 * Pickup at a partner agent point: KES 150 flat. Free delivery from a KES 10,000 subtotal.
 * Numbers are what boda/rider delivery in Nairobi typically costs in 2026 (CBD runs ~150-250,
 * across town ~300-450, satellite towns 500+); every store can change them.
 */

/** Nairobi CBD (Kenyatta Avenue / City Hall Way), the origin of the distance bands. */
export const NAIROBI_CBD = { lat: -1.2864, lng: 36.8233 } as const;

export interface DefaultZoneBand {
  slug: string;
  name: string;
  /** Areas strictly closer than this (km) fall in the band; the last band has Infinity. */
  maxKm: number;
  feeKes: number;
  etaHoursMin: number;
  etaHoursMax: number;
}

export const DEFAULT_ZONE_BANDS: readonly DefaultZoneBand[] = [
  {
    slug: 'central',
    name: 'Central (CBD, Westlands, Upper Hill, Eastleigh)',
    maxKm: 5,
    feeKes: 200,
    etaHoursMin: 2,
    etaHoursMax: 6,
  },
  {
    slug: 'inner',
    name: 'Inner suburbs (Lavington, Kibera, Buruburu, Donholm)',
    maxKm: 10,
    feeKes: 300,
    etaHoursMin: 3,
    etaHoursMax: 8,
  },
  {
    slug: 'outer',
    name: 'Outer suburbs (Karen, Kasarani, Rongai, Syokimau)',
    maxKm: 20,
    feeKes: 450,
    etaHoursMin: 12,
    etaHoursMax: 24,
  },
  {
    slug: 'outskirts',
    name: 'Outskirts (Ngong, Ruiru, Kitengela)',
    maxKm: Infinity,
    feeKes: 600,
    etaHoursMin: 24,
    etaHoursMax: 48,
  },
];

export const DEFAULT_DELIVERY_RULES = { freeDeliveryFromKes: 10_000, pickupFeeKes: 150 } as const;

export interface DeliveryPlanZone {
  slug: string;
  name: string;
  feeKes: number;
  etaHoursMin: number;
  etaHoursMax: number;
  position: number;
  /** Area slugs, sorted. */
  areas: string[];
}

/**
 * A plan's zone as the store's `delivery_zones` row: the demo seed and the owner's "use the
 * defaults" (apps/api owner-delivery.service.ts) both write it.
 */
export function deliveryZoneRow(tenantId: string, zone: DeliveryPlanZone) {
  return {
    tenant_id: tenantId,
    slug: zone.slug,
    name: zone.name,
    fee_kes: zone.feeKes,
    eta_hours_min: zone.etaHoursMin,
    eta_hours_max: zone.etaHoursMax,
    position: zone.position,
  };
}

export interface DeliveryPlan {
  rules: { freeDeliveryFromKes: number | null; pickupFeeKes: number | null };
  zones: DeliveryPlanZone[];
}

/** Great-circle distance in km (haversine). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/**
 * Every given area in exactly one default zone (bands with no area are left out). Coordinates
 * may be numbers or numeric strings (pg returns numeric(8,5) as text).
 */
export function defaultDeliveryPlan(
  areas: readonly { slug: string; lat: number | string; lng: number | string }[],
): DeliveryPlan {
  const byBand = new Map<string, string[]>(DEFAULT_ZONE_BANDS.map((b) => [b.slug, []]));
  for (const area of areas) {
    const km = distanceKm(NAIROBI_CBD, { lat: Number(area.lat), lng: Number(area.lng) });
    const band = DEFAULT_ZONE_BANDS.find((b) => km < b.maxKm) ?? DEFAULT_ZONE_BANDS[DEFAULT_ZONE_BANDS.length - 1]!;
    byBand.get(band.slug)!.push(area.slug);
  }
  return {
    rules: { ...DEFAULT_DELIVERY_RULES },
    zones: DEFAULT_ZONE_BANDS.map((b, position) => ({
      slug: b.slug,
      name: b.name,
      feeKes: b.feeKes,
      etaHoursMin: b.etaHoursMin,
      etaHoursMax: b.etaHoursMax,
      position,
      areas: [...byBand.get(b.slug)!].sort(),
    })).filter((z) => z.areas.length > 0),
  };
}
