import { z } from 'zod';
import { productCardSchema, productSlugSchema } from './storefront';
import { displayName, multiLineText, singleLineText } from './text';

const categorySlugSchema = productSlugSchema;

/**
 * GET /v1/stores/:store/search. Options filter as repeated `opt=<Name>:<value>` pairs
 * (e.g. opt=Colour:Black&opt=Storage:128GB): same name = OR, different names = AND.
 */
export const searchQuerySchema = z
  .object({
    q: singleLineText.trim().max(100, 'search text is at most 100 characters').default(''),
    category: categorySlugSchema.optional(),
    minPrice: z.coerce.number().int().nonnegative().optional(),
    maxPrice: z.coerce.number().int().nonnegative().optional(),
    inStock: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    opt: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.string().regex(/^[^:]{1,40}:.{1,60}$/, 'opt is <Name>:<value>')).max(20)),
    sort: z.enum(['relevance', 'price_asc', 'price_desc', 'newest']).default('relevance'),
    limit: z.coerce.number().int().min(1).max(48).default(24),
    cursor: z.string().max(300).optional(),
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    message: 'minPrice must not exceed maxPrice',
    path: ['minPrice'],
  });
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const facetCountSchema = z.object({
  value: z.string(),
  label: z.string(),
  count: z.number().int().nonnegative(),
});

export const searchResultSchema = z.object({
  items: z.array(productCardSchema),
  nextCursor: z.string().nullable(),
  /** Matching products across all pages. */
  total: z.number().int().nonnegative(),
  facets: z.object({
    categories: z.array(facetCountSchema),
    /** One entry per option name (Colour, Size ...), values with counts. */
    options: z.array(z.object({ name: z.string(), values: z.array(facetCountSchema) })),
    price: z.object({ min: z.number().int().nullable(), max: z.number().int().nullable() }),
    inStock: z.number().int().nonnegative(),
  }),
  /** How the text was understood: synonyms added ("simu" -> phone), typo-tolerant match used. */
  interpretation: z.object({
    q: z.string(),
    expandedTerms: z.array(z.string()),
    fuzzy: z.boolean(),
  }),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

/** GET /v1/stores/:store/categories */
export const categoryListSchema = z.object({
  categories: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      productCount: z.number().int().nonnegative(),
      /** A subcategory's parent (categories nest one level); absent for top-level ones. */
      parentSlug: z.string().optional(),
    }),
  ),
});
export type CategoryList = z.infer<typeof categoryListSchema>;

/** GET /v1/stores/:store/products/:product/related */
export const relatedProductsSchema = z.object({ items: z.array(productCardSchema) });

/** GET /v1/areas (Nairobi reference data) */
export const areaSchema = z.object({
  slug: z.string(),
  name: z.string(),
  ward: z.string(),
  subCounty: z.string(),
  lat: z.number(),
  lng: z.number(),
  aliases: z.array(z.string()),
});
export type Area = z.infer<typeof areaSchema>;
export const areaListSchema = z.object({ areas: z.array(areaSchema) });

/** GET /v1/stores/:store/collections and /collections/:collection */
export const collectionSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  productCount: z.number().int().nonnegative(),
});
export const collectionListSchema = z.object({ collections: z.array(collectionSummarySchema) });
export const collectionDetailSchema = z.object({
  collection: collectionSummarySchema,
  items: z.array(productCardSchema),
});

/** PUT /v1/owner/catalog/collections/:collection */
export const ownerCollectionSchema = z.object({
  title: displayName.trim().min(1).max(120),
  description: multiLineText.trim().max(500).default(''),
  position: z.number().int().min(0).max(1000).default(0),
  /** In display order; replaces the collection's products. */
  productSlugs: z.array(productSlugSchema).max(200),
});
