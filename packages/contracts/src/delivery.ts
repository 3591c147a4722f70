import { z } from 'zod';
import { kesSchema } from './storefront';
import { displayName, singleLineText } from './text';

/** A Nairobi area's slug (nairobi_areas.slug), e.g. "westlands", "ongata-rongai". */
export const areaSlugSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'an area slug: lowercase letters, digits and inner hyphens');
/** A store's delivery zone slug, e.g. "central". */
export const zoneSlugSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a zone slug: lowercase letters, digits and inner hyphens');

/** Largest fee/surcharge an owner may set for one delivery (KES). */
export const MAX_DELIVERY_FEE_KES = 50_000;
/** Largest subtotal a quote accepts (KES); anything above is a typo or an attack. */
export const MAX_QUOTE_SUBTOTAL_KES = 100_000_000;
/** ETAs are in hours, up to 30 days. */
export const MAX_ETA_HOURS = 720;

const feeSchema = kesSchema.max(MAX_DELIVERY_FEE_KES);
const etaHoursSchema = z.number().int().min(0).max(MAX_ETA_HOURS);

/**
 * "Today" (up to 12 h), "Tomorrow" (up to 24 h), else "1-2 days" style. Relative to when the
 * order is placed; store cut-off times are not modelled yet.
 */
export function etaLabel(etaHoursMin: number, etaHoursMax: number): string {
  if (etaHoursMax <= 12) return 'Today';
  if (etaHoursMax <= 24) return 'Tomorrow';
  const from = Math.max(1, Math.floor(etaHoursMin / 24));
  const to = Math.max(from, Math.ceil(etaHoursMax / 24));
  return from === to ? `${to} days` : `${from}-${to} days`;
}

/** Query-string integer KES: digits only (no sign, decimals, exponent), bounded. */
const subtotalQuerySchema = z
  .string()
  .regex(/^\d{1,9}$/, 'subtotal must be whole shillings (digits only)')
  .transform(Number)
  .pipe(z.number().int().min(0).max(MAX_QUOTE_SUBTOTAL_KES));

// ---------------------------------------------------------------------------------------------
// Shopper side: GET /v1/stores/:store/delivery/quote and /delivery/areas

export const deliveryQuoteQuerySchema = z.object({
  area: areaSlugSchema,
  /** Cart subtotal in KES (decides free delivery); omitted = 0. */
  subtotal: subtotalQuerySchema.optional(),
});
export type DeliveryQuoteQuery = z.infer<typeof deliveryQuoteQuerySchema>;

export const deliveryAreasQuerySchema = z.object({
  /** What the shopper typed; omitted = every area (for a no-JS <select>). */
  q: singleLineText.max(60, 'q must be at most 60 characters').optional(),
  subtotal: subtotalQuerySchema.optional(),
});
export type DeliveryAreasQuery = z.infer<typeof deliveryAreasQuerySchema>;

export const pickupOptionSchema = z.object({
  /** What the shopper pays to collect at an agent point (0 when the order ships free anyway). */
  feeKes: kesSchema,
  note: z.string(),
});
export type PickupOption = z.infer<typeof pickupOptionSchema>;

const areaRefSchema = z.object({ slug: areaSlugSchema, name: z.string(), subCounty: z.string() });
const zoneRefSchema = z.object({ slug: zoneSlugSchema, name: z.string() });

/** The store delivers here. */
const deliverableOfferSchema = z.object({
  deliverable: z.literal(true),
  zone: zoneRefSchema,
  /** What the shopper pays for delivery: 0 when freeDelivery. */
  feeKes: kesSchema,
  /** The fee before the free-delivery rule (show it struck through when freeDelivery). */
  standardFeeKes: kesSchema,
  freeDelivery: z.boolean(),
  etaHoursMin: z.number().int(),
  etaHoursMax: z.number().int(),
  etaLabel: z.string(),
});
/** The store does not deliver to this area (pickup may still be offered). */
const undeliverableOfferSchema = z.object({
  deliverable: z.literal(false),
  zone: z.null(),
  feeKes: z.null(),
  standardFeeKes: z.null(),
  freeDelivery: z.literal(false),
  etaHoursMin: z.null(),
  etaHoursMax: z.null(),
  etaLabel: z.null(),
  message: z.string(),
});

export const deliveryQuoteSchema = z.discriminatedUnion('deliverable', [
  deliverableOfferSchema.extend({
    area: areaRefSchema,
    freeDeliveryFromKes: kesSchema.nullable(),
    pickup: pickupOptionSchema.nullable(),
  }),
  undeliverableOfferSchema.extend({
    area: areaRefSchema,
    freeDeliveryFromKes: kesSchema.nullable(),
    pickup: pickupOptionSchema.nullable(),
  }),
]);
export type DeliveryQuote = z.infer<typeof deliveryQuoteSchema>;

/** One row of the area picker: the area and this store's offer there, inline. */
export const deliveryAreaOptionSchema = z.discriminatedUnion('deliverable', [
  deliverableOfferSchema.extend(areaRefSchema.shape).extend({ matchedAlias: z.string().nullable() }),
  undeliverableOfferSchema.extend(areaRefSchema.shape).extend({ matchedAlias: z.string().nullable() }),
]);
export type DeliveryAreaOption = z.infer<typeof deliveryAreaOptionSchema>;

export const deliveryAreaListSchema = z.object({
  query: z.string().nullable(),
  areas: z.array(deliveryAreaOptionSchema),
  freeDeliveryFromKes: kesSchema.nullable(),
  pickup: pickupOptionSchema.nullable(),
});
export type DeliveryAreaList = z.infer<typeof deliveryAreaListSchema>;

// ---------------------------------------------------------------------------------------------
// Owner side: /v1/owner/delivery/*

const zoneAreaInputSchema = z
  .union([
    areaSlugSchema.transform((slug) => ({ slug })),
    z
      .object({
        slug: areaSlugSchema,
        /** Replaces the zone fee for this area. */
        feeKes: feeSchema.nullable().optional(),
        /** Added on top (a far estate in a cheap zone). */
        surchargeKes: feeSchema.optional(),
        etaHoursMin: etaHoursSchema.nullable().optional(),
        etaHoursMax: etaHoursSchema.min(1).nullable().optional(),
      })
      .strict(),
  ])
  .transform((a) => ({
    slug: a.slug,
    feeKes: 'feeKes' in a ? (a.feeKes ?? null) : null,
    surchargeKes: 'surchargeKes' in a ? (a.surchargeKes ?? 0) : 0,
    etaHoursMin: 'etaHoursMin' in a ? (a.etaHoursMin ?? null) : null,
    etaHoursMax: 'etaHoursMax' in a ? (a.etaHoursMax ?? null) : null,
  }));

/** PUT /v1/owner/delivery/zones/:zone — creates or replaces the zone; `areas` omitted = keep them. */
export const ownerDeliveryZoneInputSchema = z
  .object({
    name: displayName.trim().min(1).max(80),
    feeKes: feeSchema,
    etaHoursMin: etaHoursSchema,
    etaHoursMax: etaHoursSchema.min(1),
    position: z.number().int().min(0).max(1000).optional(),
    /** The zone's areas, exactly: listed areas move here from other zones, unlisted ones leave. */
    areas: z.array(zoneAreaInputSchema).max(500).optional(),
  })
  .strict()
  .superRefine((z0, ctx) => {
    if (z0.etaHoursMax < z0.etaHoursMin)
      ctx.addIssue({ code: 'custom', path: ['etaHoursMax'], message: 'etaHoursMax must be at least etaHoursMin' });
    const seen = new Set<string>();
    z0.areas?.forEach((a, i) => {
      if (seen.has(a.slug))
        ctx.addIssue({ code: 'custom', path: ['areas', i], message: `area ${a.slug} listed twice` });
      seen.add(a.slug);
      if ((a.etaHoursMin === null) !== (a.etaHoursMax === null))
        ctx.addIssue({
          code: 'custom',
          path: ['areas', i],
          message: 'give both etaHoursMin and etaHoursMax, or neither',
        });
      if (a.etaHoursMin !== null && a.etaHoursMax !== null && a.etaHoursMax < a.etaHoursMin)
        ctx.addIssue({
          code: 'custom',
          path: ['areas', i, 'etaHoursMax'],
          message: 'etaHoursMax must be at least etaHoursMin',
        });
    });
  });
export type OwnerDeliveryZoneInput = z.infer<typeof ownerDeliveryZoneInputSchema>;

/** PUT /v1/owner/delivery/rules — both fields required; null switches the rule off. */
export const ownerDeliveryRulesSchema = z
  .object({
    freeDeliveryFromKes: kesSchema.min(1).max(MAX_QUOTE_SUBTOTAL_KES).nullable(),
    pickupFeeKes: feeSchema.nullable(),
  })
  .strict();
export type OwnerDeliveryRules = z.infer<typeof ownerDeliveryRulesSchema>;

export const ownerDeliveryZoneAreaSchema = z.object({
  slug: areaSlugSchema,
  name: z.string(),
  subCounty: z.string(),
  feeKes: kesSchema.nullable(),
  surchargeKes: kesSchema,
  etaHoursMin: z.number().int().nullable(),
  etaHoursMax: z.number().int().nullable(),
  /** What a shopper is charged here before the free-delivery rule. */
  effectiveFeeKes: kesSchema,
});

export const ownerDeliveryZoneSchema = z.object({
  slug: zoneSlugSchema,
  name: z.string(),
  feeKes: kesSchema,
  etaHoursMin: z.number().int(),
  etaHoursMax: z.number().int(),
  etaLabel: z.string(),
  position: z.number().int(),
  areas: z.array(ownerDeliveryZoneAreaSchema),
});
export type OwnerDeliveryZone = z.infer<typeof ownerDeliveryZoneSchema>;

/** GET /v1/owner/delivery/zones (also returned by POST /defaults). */
export const ownerDeliverySettingsSchema = z.object({
  rules: z.object({ freeDeliveryFromKes: kesSchema.nullable(), pickupFeeKes: kesSchema.nullable() }),
  zones: z.array(ownerDeliveryZoneSchema),
  /** Areas in no zone: the store does not deliver there. */
  unassignedAreas: z.array(areaRefSchema),
});
export type OwnerDeliverySettings = z.infer<typeof ownerDeliverySettingsSchema>;

/** PUT /v1/owner/delivery/zones/:zone: the zone as saved. */
export const ownerDeliveryZoneSavedSchema = z.object({ zone: ownerDeliveryZoneSchema });

/** PUT /v1/owner/delivery/rules: the rules as saved. */
export const ownerDeliveryRulesSavedSchema = z.object({
  rules: z.object({ freeDeliveryFromKes: kesSchema.nullable(), pickupFeeKes: kesSchema.nullable() }),
});
