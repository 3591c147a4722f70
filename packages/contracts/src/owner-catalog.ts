import { z } from 'zod';
import { kesSchema, productSlugSchema } from './storefront';
import { displayName, multiLineText } from './text';

/** Biggest single price we accept (M-Pesa's STK limit is 250,000; stores may list dearer items). */
const MAX_PRICE_KES = 10_000_000;
const priceSchema = kesSchema.min(1, 'price must be at least 1 KES').max(MAX_PRICE_KES);
const skuSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore');

export const ownerVariantInputSchema = z.object({
  sku: skuSchema,
  options: z.record(displayName.min(1).max(40), displayName.min(1).max(60)).default({}),
  priceKes: priceSchema,
  compareAtKes: priceSchema.nullable().optional(),
  /** Opening stock, written as a restock movement. */
  stock: z.number().int().min(0).max(1_000_000).default(0),
}).refine((v) => v.compareAtKes == null || v.compareAtKes > v.priceKes, { message: 'compareAtKes must be above priceKes', path: ['compareAtKes'] });

export const ownerProductCreateSchema = z.object({
  slug: productSlugSchema.optional(),
  title: displayName.trim().min(1).max(200),
  brand: displayName.trim().max(80).nullable().optional(),
  description: multiLineText.trim().max(5000).default(''),
  categorySlug: productSlugSchema.nullable().optional(),
  status: z.enum(['draft', 'active']).default('active'),
  optionNames: z.array(displayName.trim().min(1).max(40)).max(3).default([]),
  variants: z.array(ownerVariantInputSchema).min(1).max(100),
}).superRefine((p, ctx) => {
  const skus = new Set<string>();
  const combos = new Set<string>();
  p.variants.forEach((v, i) => {
    if (skus.has(v.sku)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'sku'], message: `duplicate sku ${v.sku}` });
    skus.add(v.sku);
    const keys = Object.keys(v.options).sort().join('|');
    if (keys !== [...p.optionNames].sort().join('|')) ctx.addIssue({ code: 'custom', path: ['variants', i, 'options'], message: 'options must name exactly the optionNames' });
    const combo = p.optionNames.map((n) => v.options[n]).join('|');
    if (combos.has(combo)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'options'], message: 'duplicate option combination' });
    combos.add(combo);
  });
  if (p.optionNames.length === 0 && p.variants.length !== 1) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'a product without options has exactly one variant' });
});
export type OwnerProductCreate = z.infer<typeof ownerProductCreateSchema>;

/**
 * POST /v1/owner/catalog/products/:product/variants: one more variant of an existing product (a
 * new colour or size from the supplier). The fields of a product's variant; option names and
 * values are trimmed, and must name exactly the product's option names (the API checks that,
 * and that the combination is new).
 */
export const ownerVariantAddSchema = ownerVariantInputSchema.safeExtend({
  options: z.record(displayName.trim().min(1).max(40), displayName.trim().min(1, 'give a value').max(60)).default({}),
});
export type OwnerVariantAdd = z.infer<typeof ownerVariantAddSchema>;

export const ownerProductUpdateSchema = z.object({
  title: displayName.trim().min(1).max(200).optional(),
  brand: displayName.trim().max(80).nullable().optional(),
  description: multiLineText.trim().max(5000).optional(),
  categorySlug: productSlugSchema.nullable().optional(),
  status: z.enum(['draft', 'active', 'archived']).optional(),
}).refine((u) => Object.keys(u).length > 0, { message: 'nothing to update' });
export type OwnerProductUpdate = z.infer<typeof ownerProductUpdateSchema>;

export const ownerPriceChangeSchema = z.object({
  priceKes: priceSchema,
  compareAtKes: priceSchema.nullable().optional(),
}).refine((v) => v.compareAtKes == null || v.compareAtKes > v.priceKes, { message: 'compareAtKes must be above priceKes', path: ['compareAtKes'] });

export const ownerInventoryMovementSchema = z.object({
  kind: z.enum(['restock', 'adjustment', 'return']),
  /** restock/return: positive; adjustment: either sign (stock count corrections). Sales come from orders. */
  quantity: z.number().int().min(-100_000).max(100_000).refine((q) => q !== 0, 'quantity must not be 0'),
  reason: multiLineText.trim().max(200).optional(),
}).refine((m) => m.kind === 'adjustment' || m.quantity > 0, { message: 'restock and return quantities are positive', path: ['quantity'] });

export const ownerPriceRuleSchema = z.object({
  salePriceKes: priceSchema,
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
  reason: multiLineText.trim().max(200).optional(),
}).refine((r) => r.endsAt > r.startsAt, { message: 'endsAt must be after startsAt', path: ['endsAt'] });

export const ownerProductSchema = z.object({
  slug: z.string(),
  title: z.string(),
  brand: z.string().nullable(),
  description: z.string(),
  categorySlug: z.string().nullable(),
  status: z.enum(['draft', 'active', 'archived']),
  optionNames: z.array(z.string()),
  updatedAt: z.string(),
  variants: z.array(z.object({
    sku: z.string(),
    options: z.record(z.string(), z.string()),
    priceKes: z.number().int(),
    compareAtKes: z.number().int().nullable(),
    currentPriceKes: z.number().int(),
    onHand: z.number().int(),
    status: z.enum(['active', 'archived']),
  })),
});
export type OwnerProduct = z.infer<typeof ownerProductSchema>;

/** POST /v1/owner/catalog/import: what the CSV did. */
export interface CatalogImportReport {
  productsCreated: number;
  productsUpdated: number;
  variantsCreated: number;
  variantsUpdated: number;
  rowsImported: number;
  /** Every refused row, by its line in the file (header = line 1). */
  errors: { line: number; sku?: string; errors: string[] }[];
}
