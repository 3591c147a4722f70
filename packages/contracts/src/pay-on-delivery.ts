import { z } from 'zod';
import { areaSlugSchema } from './delivery';
import { kesSchema } from './storefront';
import { multiLineText } from './text';

/** GET/PUT /v1/owner/settings/pay-on-delivery: the store's pay-on-delivery rules. */
export const podSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Orders above this total (whole KES) must be paid with M-Pesa first. */
  maxOrderKes: kesSchema,
  /** Areas where it is offered; empty = every area the store delivers to. */
  areaSlugs: z.array(z.string()),
  /** Shoppers with no earlier paid order at this store may use it. */
  firstTimeAllowed: z.boolean(),
});
export type PodSettings = z.infer<typeof podSettingsSchema>;

export const podSettingsUpdateSchema = z
  .object({
    enabled: z.boolean(),
    maxOrderKes: z.number().int('maxOrderKes: whole shillings').min(0).max(10_000_000),
    areaSlugs: z.array(areaSlugSchema).max(500),
    firstTimeAllowed: z.boolean(),
  })
  .strict();
export type PodSettingsUpdate = z.infer<typeof podSettingsUpdateSchema>;

export const podSettingsResponseSchema = z.object({
  settings: podSettingsSchema,
  /** The store's delivery areas (what may be picked). */
  deliveryAreas: z.array(z.object({ slug: z.string(), name: z.string() })),
});

/** POST /v1/owner/orders/:number/pay-on-delivery/refused */
export const podRefusedSchema = z.object({ note: multiLineText.trim().max(300).optional() }).strict();
/** POST /v1/owner/orders/:number/pay-on-delivery/cash */
export const podCashSchema = z.object({ amountKes: z.number().int().min(0).max(10_000_000) }).strict();
/** POST /v1/owner/orders/:number/pay-on-delivery/mpesa */
export const podCollectMpesaSchema = z.object({ phone: z.string().max(32).optional() }).strict();

/** GET /v1/owner/orders/pay-on-delivery/cash-to-collect: unpaid pay-on-delivery orders out with a rider. */
export const cashToCollectSchema = z.object({
  riders: z.array(
    z.object({
      riderName: z.string(),
      riderPhone: z.string(),
      orders: z.number().int(),
      amountKes: kesSchema,
      orderNumbers: z.array(z.number().int()),
    }),
  ),
  totalKes: kesSchema,
});
export type CashToCollect = z.infer<typeof cashToCollectSchema>;
