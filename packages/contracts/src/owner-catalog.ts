import { z } from 'zod';
import { kesSchema, productSlugSchema } from './storefront';
import { displayName, multiLineText } from './text';

/** How big a product may be, for the API's checks and the dashboard's forms alike. */
export const PRODUCT_LIMITS = {
  titleMax: 200,
  brandMax: 80,
  descriptionMax: 5000,
  /** Option names per product (Colour, Size, ...). */
  optionNamesMax: 3,
  optionNameMax: 40,
  optionValueMax: 60,
  variantsMax: 100,
  skuMax: 64,
  /** Biggest single price we accept (M-Pesa's STK limit is 250,000; stores may list dearer items). */
  priceMaxKes: 10_000_000,
  stockMax: 1_000_000,
  reasonMax: 200,
} as const;

/** What a SKU may contain (the length is PRODUCT_LIMITS.skuMax). */
export const SKU_CHARS_RE = /^[A-Za-z0-9._-]+$/;
/** A whole SKU: its characters and length, for form fields checked before the API sees them. */
export const SKU_RE = /^[A-Za-z0-9._-]{1,64}$/;

const L = PRODUCT_LIMITS;
const priceSchema = kesSchema.min(1, 'price must be at least 1 KES').max(L.priceMaxKes);
const skuSchema = z.string().trim().min(1).max(L.skuMax).regex(SKU_CHARS_RE, 'letters, digits, dot, dash, underscore');

export const ownerVariantInputSchema = z
  .object({
    sku: skuSchema,
    options: z.record(displayName.min(1).max(L.optionNameMax), displayName.min(1).max(L.optionValueMax)).default({}),
    priceKes: priceSchema,
    compareAtKes: priceSchema.nullable().optional(),
    /** Opening stock, written as a restock movement. */
    stock: z.number().int().min(0).max(L.stockMax).default(0),
  })
  .refine((v) => v.compareAtKes == null || v.compareAtKes > v.priceKes, {
    message: 'compareAtKes must be above priceKes',
    path: ['compareAtKes'],
  });

export const ownerProductCreateSchema = z
  .object({
    slug: productSlugSchema.optional(),
    title: displayName.trim().min(1).max(L.titleMax),
    brand: displayName.trim().max(L.brandMax).nullable().optional(),
    description: multiLineText.trim().max(L.descriptionMax).default(''),
    categorySlug: productSlugSchema.nullable().optional(),
    status: z.enum(['draft', 'active']).default('active'),
    optionNames: z.array(displayName.trim().min(1).max(L.optionNameMax)).max(L.optionNamesMax).default([]),
    variants: z.array(ownerVariantInputSchema).min(1).max(L.variantsMax),
  })
  .superRefine((p, ctx) => {
    const skus = new Set<string>();
    const combos = new Set<string>();
    p.variants.forEach((v, i) => {
      if (skus.has(v.sku))
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'sku'], message: `duplicate sku ${v.sku}` });
      skus.add(v.sku);
      const keys = Object.keys(v.options).sort().join('|');
      if (keys !== [...p.optionNames].sort().join('|'))
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'options'],
          message: 'options must name exactly the optionNames',
        });
      const combo = p.optionNames.map((n) => v.options[n]).join('|');
      if (combos.has(combo))
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'options'], message: 'duplicate option combination' });
      combos.add(combo);
    });
    if (p.optionNames.length === 0 && p.variants.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['variants'],
        message: 'a product without options has exactly one variant',
      });
  });
export type OwnerProductCreate = z.infer<typeof ownerProductCreateSchema>;

/**
 * POST /v1/owner/catalog/products/:product/variants: one more variant of an existing product (a
 * new colour or size from the supplier). The fields of a product's variant; option names and
 * values are trimmed, and must name exactly the product's option names (the API checks that,
 * and that the combination is new).
 */
export const ownerVariantAddSchema = ownerVariantInputSchema.safeExtend({
  options: z
    .record(
      displayName.trim().min(1).max(L.optionNameMax),
      displayName.trim().min(1, 'give a value').max(L.optionValueMax),
    )
    .default({}),
});
export type OwnerVariantAdd = z.infer<typeof ownerVariantAddSchema>;

export const ownerProductUpdateSchema = z
  .object({
    title: displayName.trim().min(1).max(L.titleMax).optional(),
    brand: displayName.trim().max(L.brandMax).nullable().optional(),
    description: multiLineText.trim().max(L.descriptionMax).optional(),
    categorySlug: productSlugSchema.nullable().optional(),
    status: z.enum(['draft', 'active', 'archived']).optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to update' });
export type OwnerProductUpdate = z.infer<typeof ownerProductUpdateSchema>;

export const ownerPriceChangeSchema = z
  .object({
    priceKes: priceSchema,
    compareAtKes: priceSchema.nullable().optional(),
  })
  .refine((v) => v.compareAtKes == null || v.compareAtKes > v.priceKes, {
    message: 'compareAtKes must be above priceKes',
    path: ['compareAtKes'],
  });

export const ownerInventoryMovementSchema = z
  .object({
    kind: z.enum(['restock', 'adjustment', 'return']),
    /** restock/return: positive; adjustment: either sign (stock count corrections). Sales come from orders. */
    quantity: z
      .number()
      .int()
      .min(-100_000)
      .max(100_000)
      .refine((q) => q !== 0, 'quantity must not be 0'),
    reason: multiLineText.trim().max(L.reasonMax).optional(),
  })
  .refine((m) => m.kind === 'adjustment' || m.quantity > 0, {
    message: 'restock and return quantities are positive',
    path: ['quantity'],
  });

export const ownerPriceRuleSchema = z
  .object({
    salePriceKes: priceSchema,
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    reason: multiLineText.trim().max(L.reasonMax).optional(),
  })
  .refine((r) => r.endsAt > r.startsAt, { message: 'endsAt must be after startsAt', path: ['endsAt'] });

export const ownerProductSchema = z.object({
  slug: z.string(),
  title: z.string(),
  brand: z.string().nullable(),
  description: z.string(),
  categorySlug: z.string().nullable(),
  status: z.enum(['draft', 'active', 'archived']),
  optionNames: z.array(z.string()),
  updatedAt: z.string(),
  variants: z.array(
    z.object({
      sku: z.string(),
      options: z.record(z.string(), z.string()),
      priceKes: z.number().int(),
      compareAtKes: z.number().int().nullable(),
      currentPriceKes: z.number().int(),
      onHand: z.number().int(),
      status: z.enum(['active', 'archived']),
    }),
  ),
});
export type OwnerProduct = z.infer<typeof ownerProductSchema>;

/** GET /v1/owner/catalog/products/:product and every product write: { product }. */
export const ownerProductResponseSchema = z.object({ product: ownerProductSchema });

/** GET /v1/owner/catalog/products: a page of products (cursor = the last slug). */
export const ownerProductListSchema = z.object({
  items: z.array(ownerProductSchema),
  nextCursor: z.string().nullable(),
});
export type OwnerProductList = z.infer<typeof ownerProductListSchema>;

/** GET /v1/owner/catalog/categories: every category, empty ones included. */
export const ownerCategoryListSchema = z.object({
  categories: z.array(z.object({ slug: z.string(), name: z.string() })),
});

/** POST /v1/owner/catalog/variants/:sku/inventory: the variant's stock after the movement. */
export const ownerStockMovedSchema = z.object({ variant: z.object({ sku: z.string(), onHand: z.number().int() }) });

/** PATCH /v1/owner/catalog/variants/:sku/price: the variant's prices after the change. */
export const ownerPriceChangedSchema = z.object({
  variant: z.object({
    sku: z.string(),
    productSlug: z.string(),
    priceKes: z.number().int(),
    compareAtKes: z.number().int().nullable(),
  }),
});

/** POST /v1/owner/catalog/import: what the CSV did. */
export const catalogImportReportSchema = z.object({
  productsCreated: z.number().int(),
  productsUpdated: z.number().int(),
  variantsCreated: z.number().int(),
  variantsUpdated: z.number().int(),
  rowsImported: z.number().int(),
  /** Every refused row, by its line in the file (header = line 1). */
  errors: z.array(z.object({ line: z.number().int(), sku: z.string().optional(), errors: z.array(z.string()) })),
});
export type CatalogImportReport = z.infer<typeof catalogImportReportSchema>;

/** POST /v1/owner/catalog/variants/:sku/sales: the sale as scheduled. */
export const ownerSaleScheduledSchema = z.object({
  sale: z.object({
    id: z.string(),
    sku: z.string(),
    salePriceKes: z.number().int(),
    startsAt: z.string(),
    endsAt: z.string(),
  }),
});

/** POST /v1/owner/catalog/products/:product/images: the stored picture and its renditions. */
export const ownerProductImageAddedSchema = z.object({
  image: z.object({ url: z.string(), width: z.number().int(), height: z.number().int(), alt: z.string() }),
  renditions: z.array(z.object({ format: z.string(), width: z.number().int(), bytes: z.number().int() })),
});
