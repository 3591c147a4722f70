import { z } from 'zod';
import { storeBrandSchema } from './store-brand';

/** Store slugs double as subdomains: keep them DNS-label safe. */
export const storeSlugSchema = z
  .string()
  .min(2)
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens only');

export const productSlugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens only');

/** Integer Kenya shillings. Money is never a float. */
export const kesSchema = z.number().int().nonnegative();

export const storeVerticalSchema = z.enum(['electronics', 'fashion', 'watches', 'home']);

export const storeSummarySchema = z.object({
  slug: storeSlugSchema,
  name: z.string(),
  vertical: storeVerticalSchema,
  tagline: z.string(),
  location: z.string(),
  whatsappNumber: z.string().nullable(),
  returnPolicy: z.string(),
  mpesa: z.object({ kind: z.enum(['till', 'paybill']), shortcode: z.string() }).nullable(),
  /** The store's look and business details (storefront reads only; store-brand.ts). */
  brand: storeBrandSchema.optional(),
  /** The storefront's language for shoppers who have not chosen one (docs/i18n.md). */
  language: z.enum(['en', 'sw']).default('en'),
});
export type StoreSummary = z.infer<typeof storeSummarySchema>;

/** PUT /v1/owner/settings/language: the storefront's default language (owners and admins). */
export const storeLanguageInputSchema = z.object({ language: z.enum(['en', 'sw']) });
export type StoreLanguageInput = z.infer<typeof storeLanguageInputSchema>;
export const storeLanguageResponseSchema = z.object({ language: z.enum(['en', 'sw']) });

export const mediaImageSchema = z.object({
  /** Path on the web origin (the web app proxies /media to the API). */
  url: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  alt: z.string(),
});
export type MediaImage = z.infer<typeof mediaImageSchema>;

export const productCardSchema = z.object({
  slug: productSlugSchema,
  title: z.string(),
  brand: z.string().nullable(),
  category: z.object({ slug: z.string(), name: z.string() }).nullable(),
  /** Lowest active variant price. */
  priceKes: kesSchema,
  compareAtKes: kesSchema.nullable(),
  inStock: z.boolean(),
  image: mediaImageSchema.nullable(),
});
export type ProductCard = z.infer<typeof productCardSchema>;

export const productListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(48),
  /** Opaque; pass back nextCursor unchanged. */
  cursor: z.string().max(200).optional(),
});
export type ProductListQuery = z.infer<typeof productListQuerySchema>;

export const productListSchema = z.object({
  items: z.array(productCardSchema),
  nextCursor: z.string().nullable(),
});
export type ProductList = z.infer<typeof productListSchema>;

export const variantSchema = z.object({
  sku: z.string(),
  options: z.record(z.string(), z.string()),
  priceKes: kesSchema,
  compareAtKes: kesSchema.nullable(),
  inStock: z.boolean(),
  /** The photo the owner set for this variant (e.g. its colour): 1-based position in `images`. */
  photo: z.number().int().min(1).nullable().optional(),
});
export type Variant = z.infer<typeof variantSchema>;

export const productDetailSchema = productCardSchema.extend({
  description: z.string(),
  optionNames: z.array(z.string()),
  variants: z.array(variantSchema),
  images: z.array(mediaImageSchema),
});
export type ProductDetail = z.infer<typeof productDetailSchema>;

export const storeResponseSchema = z.object({ store: storeSummarySchema });
export const productResponseSchema = z.object({ product: productDetailSchema });
