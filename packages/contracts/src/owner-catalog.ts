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

// ---------------------------------------------------------------------------------------------
// Catalog management (issue 12): categories, option matrices, photos, bulk edits.

const categoryName = displayName.trim().min(1, 'give the category a name').max(60);

/** One category as the owner manages it (nested one level: parentSlug is a top-level category). */
export const ownerCategorySchema = z.object({
  slug: z.string(),
  name: z.string(),
  parentSlug: z.string().nullable(),
  position: z.number().int(),
  /** Products directly in this category (any status). */
  productCount: z.number().int(),
});
export type OwnerCategory = z.infer<typeof ownerCategorySchema>;

/** GET /v1/owner/catalog/categories/tree: top-level categories in order, each followed by its children. */
export const ownerCategoryTreeSchema = z.object({ categories: z.array(ownerCategorySchema) });
export type OwnerCategoryTree = z.infer<typeof ownerCategoryTreeSchema>;

/** POST /v1/owner/catalog/categories: a new category (slug made from the name unless given). */
export const ownerCategoryCreateSchema = z.object({
  name: categoryName,
  slug: productSlugSchema.optional(),
  parentSlug: productSlugSchema.nullable().optional(),
});
export type OwnerCategoryCreate = z.infer<typeof ownerCategoryCreateSchema>;

/** PATCH /v1/owner/catalog/categories/:category: rename, new slug, or move under/out of a parent. */
export const ownerCategoryUpdateSchema = z
  .object({
    name: categoryName.optional(),
    slug: productSlugSchema.optional(),
    parentSlug: productSlugSchema.nullable().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to update' });
export type OwnerCategoryUpdate = z.infer<typeof ownerCategoryUpdateSchema>;

/** POST /v1/owner/catalog/categories/:category/move: one place up or down among its siblings. */
export const ownerMoveSchema = z.object({ direction: z.enum(['up', 'down']) });

/**
 * POST /v1/owner/catalog/products/:product/images/:image/move: one place up or down (the buttons),
 * or straight to a place (0 = the main photo; dragging a photo in the owner's list).
 */
export const ownerPhotoMoveSchema = z
  .object({
    direction: z.enum(['up', 'down']).optional(),
    position: z.number().int('a whole number').min(0, 'the first place is 0').max(999).optional(),
  })
  .refine((m) => (m.direction === undefined) !== (m.position === undefined), {
    message: 'give either direction (up or down) or position',
    path: ['position'],
  });
export type OwnerPhotoMove = z.infer<typeof ownerPhotoMoveSchema>;

/** POST/PATCH category answers. */
export const ownerCategoryResponseSchema = z.object({ category: ownerCategorySchema });

/** DELETE /v1/owner/catalog/categories/:category: where its products went. */
export const ownerCategoryDeletedSchema = z.object({
  deleted: z.string(),
  productsMoved: z.number().int(),
  /** The category they now belong to (the parent, or "other"); null when there were none. */
  movedTo: z.string().nullable(),
});

/** One option of a matrix: its name and its values, each once (compared without case). */
export const ownerOptionInputSchema = z
  .object({
    name: displayName.trim().min(1, 'give the option a name').max(L.optionNameMax),
    values: z
      .array(displayName.trim().min(1, 'give a value').max(L.optionValueMax))
      .min(1, 'give at least one value')
      .max(L.variantsMax),
  })
  .superRefine((o, ctx) => {
    const seen = new Set<string>();
    o.values.forEach((v, i) => {
      const key = v.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['values', i], message: `duplicate value "${v}"` });
      seen.add(key);
    });
  });

function checkOptionNames(options: { name: string }[], ctx: z.RefinementCtx, path: string) {
  const seen = new Set<string>();
  options.forEach((o, i) => {
    const key = o.name.toLowerCase();
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', path: [path, i, 'name'], message: `duplicate option "${o.name}"` });
    seen.add(key);
  });
}

/** The number of variants a matrix makes (the product of its value counts). */
export function matrixSize(options: { values: unknown[] }[]): number {
  return options.length === 0 ? 0 : options.reduce((n, o) => n * o.values.length, 1);
}

/**
 * POST /v1/owner/catalog/products/matrix: a product with up to 3 options; every combination of
 * their values becomes a variant with a generated SKU, the product's price (inherited) and the
 * same opening stock. Per-variant prices, stock and photos are edited afterwards.
 */
export const ownerMatrixCreateSchema = z
  .object({
    slug: productSlugSchema.optional(),
    title: displayName.trim().min(1).max(L.titleMax),
    brand: displayName.trim().max(L.brandMax).nullable().optional(),
    description: multiLineText.trim().max(L.descriptionMax).default(''),
    categorySlug: productSlugSchema.nullable().optional(),
    status: z.enum(['draft', 'active']).default('active'),
    options: z
      .array(ownerOptionInputSchema)
      .min(1, 'give at least one option (like Size) with its values')
      .max(L.optionNamesMax, `at most ${L.optionNamesMax} options (like Size, Colour, Material)`),
    priceKes: priceSchema,
    compareAtKes: priceSchema.nullable().optional(),
    /** Opening stock of every variant (restock movements). */
    stock: z.number().int().min(0).max(L.stockMax).default(0),
    /** Start of the generated SKUs (default: from the title). */
    skuPrefix: z
      .string()
      .trim()
      .min(1)
      .max(24)
      .regex(SKU_CHARS_RE, 'letters, digits, dot, dash, underscore')
      .optional(),
  })
  .superRefine((p, ctx) => {
    checkOptionNames(p.options, ctx, 'options');
    const size = matrixSize(p.options);
    if (size > L.variantsMax)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `${size} combinations: a product has at most ${L.variantsMax} variants`,
      });
    if (p.compareAtKes != null && p.compareAtKes <= p.priceKes)
      ctx.addIssue({ code: 'custom', path: ['compareAtKes'], message: 'compareAtKes must be above priceKes' });
  });
export type OwnerMatrixCreate = z.infer<typeof ownerMatrixCreateSchema>;

/**
 * POST /v1/owner/catalog/products/:product/options: more values (and at most 3 options in all).
 * Values the product already has are ignored; every new combination becomes a variant at the
 * product's price (or priceKes), existing variants keep their SKU, price, stock and photo. A new
 * option gives existing variants its first value.
 */
export const ownerOptionsAddSchema = z
  .object({
    options: z.array(ownerOptionInputSchema).min(1).max(L.optionNamesMax),
    priceKes: priceSchema.optional(),
    stock: z.number().int().min(0).max(L.stockMax).default(0),
  })
  .superRefine((p, ctx) => checkOptionNames(p.options, ctx, 'options'));
export type OwnerOptionsAdd = z.infer<typeof ownerOptionsAddSchema>;

/** POST .../options answer: the product and the SKUs made. */
export const ownerOptionsAddedSchema = z.object({ product: ownerProductSchema, created: z.array(z.string()) });

/** POST /v1/owner/catalog/products/:product/images/:image/variants: this photo for the variants of one colour. */
export const ownerImageAssignSchema = z.union([
  z.object({
    option: displayName.trim().min(1).max(L.optionNameMax),
    value: displayName.trim().min(1).max(L.optionValueMax),
  }),
  z.object({ skus: z.array(skuSchema).min(1).max(L.variantsMax) }),
  z.object({ none: z.literal(true) }),
]);
export type OwnerImageAssign = z.infer<typeof ownerImageAssignSchema>;

/** An owner's photo of a product, with the variants it is the photo of. */
export const ownerImageSchema = z.object({
  id: z.string(),
  url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  alt: z.string(),
  position: z.number().int(),
  skus: z.array(z.string()),
});
/** GET /v1/owner/catalog/products/:product/images and photo writes. */
export const ownerImageListSchema = z.object({ images: z.array(ownerImageSchema) });

const bulkProducts = z
  .array(productSlugSchema)
  .min(1, 'select at least one product')
  .max(200)
  .refine((a) => new Set(a).size === a.length, 'a product is listed twice');

/** POST /v1/owner/catalog/bulk/price: every variant's regular price up or down by a percentage. */
export const ownerBulkPriceSchema = z.object({
  products: bulkProducts,
  percent: z
    .number()
    .int('a whole percentage')
    .min(-90)
    .max(500)
    .refine((p) => p !== 0, 'percent must not be 0'),
});
/** POST /v1/owner/catalog/bulk/stock: every active variant's stock set to this count. */
export const ownerBulkStockSchema = z.object({
  products: bulkProducts,
  onHand: z.number().int().min(0).max(L.stockMax),
  reason: multiLineText.trim().max(L.reasonMax).optional(),
});
/** POST /v1/owner/catalog/bulk/sale: a sale of percent off every active variant, from now for days. */
export const ownerBulkSaleSchema = z.object({
  products: bulkProducts,
  percent: z.number().int().min(1).max(90),
  days: z.number().int().min(1).max(60),
});
/** POST /v1/owner/catalog/bulk/archive. */
export const ownerBulkArchiveSchema = z.object({ products: bulkProducts });

/** Every bulk answer: products and variants changed. */
export const ownerBulkResultSchema = z.object({
  products: z.number().int(),
  variants: z.number().int(),
});

/** Photo move/remove answers. */
export const ownerDoneSchema = z.object({ done: z.literal(true) });
