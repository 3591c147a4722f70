import { z } from 'zod';

/**
 * What every storefront page draws of the store's look: on GET /v1/stores/:store as `store.brand`
 * (store-identity.ts has the rest). Only zod here, so storefront.ts can use it without a cycle.
 */
const brandImageSchema = z.object({
  url: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  alt: z.string(),
});

export const businessDetailsSchema = z.object({
  legalName: z.string().nullable(),
  kraPin: z.string().nullable(),
  physicalAddress: z.string().nullable(),
  openingHours: z.string().nullable(),
});
export type BusinessDetails = z.infer<typeof businessDetailsSchema>;

/** What every storefront page draws of the store's look (on GET /v1/stores/:store as `brand`). */
export const storeBrandSchema = z.object({
  color: z.string(),
  logo: brandImageSchema.nullable(),
  announcement: z.object({ text: z.string(), link: z.string().nullable() }).nullable(),
  business: businessDetailsSchema,
});
export type StoreBrand = z.infer<typeof storeBrandSchema>;
