import { z } from 'zod';
import { mediaImageSchema, productCardSchema, productSlugSchema, storeVerticalSchema } from './storefront';
import { displayName, multiLineText, singleLineText } from './text';
import { businessDetailsSchema } from './store-brand';

/**
 * Store identity (issue 12): the store's look (brand colour, logo, hero banner, announcement bar,
 * home page sections) and its business details (legal name, KRA PIN, address, opening hours).
 * Owners edit them in /owner/settings/branding; shoppers see them on every storefront page
 * (header, announcement bar, footer), the home page (hero, sections) and the invoice.
 */

/** Header text, buttons and links are drawn in white on the brand colour (and the colour on white). */
export const BRAND_TEXT_COLOR = '#ffffff';
/** WCAG 2.x AA for normal-size text. */
export const MIN_BRAND_CONTRAST = 4.5;

const HEX_RE = /^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/;

/** '#ABC' / '#aabbcc' -> '#aabbcc'; null when not a hex colour. */
export function normalizeHexColor(value: string): string | null {
  const v = value.trim();
  if (!HEX_RE.test(v)) return null;
  const hex = v.slice(1).toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

/** WCAG relative luminance of '#rrggbb'. */
export function relativeLuminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG contrast ratio of two '#rrggbb' colours (1..21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The ratio rounded down to 2 decimals, as shown to the owner (never rounded up past the limit). */
export const formatRatio = (ratio: number) => `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;

/** Why a brand colour is unreadable with white text on it, or null when it is fine. */
export function brandColorProblem(hex: string): { message: string; ratio: number } | null {
  const ratio = contrastRatio(hex, BRAND_TEXT_COLOR);
  if (ratio >= MIN_BRAND_CONTRAST) return null;
  return {
    ratio: Math.floor(ratio * 100) / 100,
    message:
      `white text on ${hex} has a contrast of ${formatRatio(ratio)}; it needs at least ${MIN_BRAND_CONTRAST}:1 ` +
      `(WCAG AA) to be readable on a phone in the sun. Pick a darker shade.`,
  };
}

export const brandColorSchema = z.string().transform((v, ctx) => {
  const hex = normalizeHexColor(v);
  if (!hex) {
    ctx.addIssue({ code: 'custom', message: 'must be a colour like #0b6b3a' });
    return z.NEVER;
  }
  const problem = brandColorProblem(hex);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem.message, params: { contrastRatio: problem.ratio } });
    return z.NEVER;
  }
  return hex;
});

/**
 * A link the owner puts on the hero or announcement: a path in the store ("/c/phones",
 * "/products/tecno-spark-20", "/search?q=sofa") or an https address.
 */
export const storeLinkSchema = singleLineText
  .trim()
  .max(200)
  .refine(
    (v) =>
      (v.startsWith('/') && !v.startsWith('//') && !v.includes('\\')) || /^https:\/\/[a-z0-9.-]+(\/\S*)?$/i.test(v),
    'must be a path in your store (like /c/phones) or an https:// address',
  );

/** KRA PIN: A (a person) or P (a company), 9 digits, a letter, e.g. P051234567X. */
export const KRA_PIN_RE = /^[AP][0-9]{9}[A-Z]$/;
export const kraPinSchema = z
  .string()
  .transform((v) => v.replace(/\s+/g, '').toUpperCase())
  .refine((v) => KRA_PIN_RE.test(v), 'must be a KRA PIN: A or P, 9 digits and a letter, e.g. P051234567X');

export const HOME_SECTION_TYPES = [
  'featured_collection',
  'best_sellers',
  'new_arrivals',
  'category_grid',
  'shop_by_area',
] as const;
export type HomeSectionType = (typeof HOME_SECTION_TYPES)[number];

const sectionTitle = displayName.trim().min(1).max(60).optional();

export const homeSectionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('featured_collection'), collection: productSlugSchema, title: sectionTitle }),
  z.object({ type: z.literal('best_sellers'), title: sectionTitle }),
  z.object({ type: z.literal('new_arrivals'), title: sectionTitle }),
  z.object({ type: z.literal('category_grid'), title: sectionTitle }),
  z.object({ type: z.literal('shop_by_area'), title: sectionTitle }),
]);
export type HomeSection = z.infer<typeof homeSectionSchema>;

export const MAX_HOME_SECTIONS = 8;

export const homeSectionsSchema = z
  .array(homeSectionSchema)
  .max(MAX_HOME_SECTIONS)
  .superRefine((sections, ctx) => {
    const seen = new Set<string>();
    sections.forEach((s, i) => {
      const key = s.type === 'featured_collection' ? `${s.type}:${s.collection}` : s.type;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'type'], message: `${key} is already on the page` });
      seen.add(key);
    });
  });

/** PUT /v1/owner/settings/branding */
export const brandingInputSchema = z.object({
  brandColor: brandColorSchema,
  hero: z
    .object({
      headline: displayName.trim().min(2).max(90),
      text: singleLineText.trim().max(200).optional(),
      link: storeLinkSchema.optional(),
      linkLabel: displayName.trim().min(1).max(40).optional(),
    })
    .nullable(),
  announcement: z.object({ text: displayName.trim().min(2).max(140), link: storeLinkSchema.optional() }).nullable(),
  sections: homeSectionsSchema,
});
export type BrandingInput = z.infer<typeof brandingInputSchema>;

/** PUT /v1/owner/settings/business */
export const businessDetailsInputSchema = z.object({
  legalName: displayName.trim().min(2).max(160),
  kraPin: kraPinSchema.nullable(),
  physicalAddress: multiLineText.trim().min(5).max(300),
  openingHours: multiLineText.trim().min(3).max(300),
});
export type BusinessDetailsInput = z.infer<typeof businessDetailsInputSchema>;

export const heroSchema = z.object({
  headline: z.string(),
  text: z.string().nullable(),
  link: z.string().nullable(),
  linkLabel: z.string().nullable(),
  image: mediaImageSchema.nullable(),
  /**
   * Set when nothing is saved yet and this is the vertical's default hero (headline and text in
   * English): the storefront words that default in the page's language.
   */
  defaultOf: storeVerticalSchema.optional(),
});
export type Hero = z.infer<typeof heroSchema>;

/** The owner's view: what is saved (or the vertical's defaults when nothing is). */
export const brandingViewSchema = z.object({
  /** false: nothing saved yet, these are the vertical's defaults. */
  saved: z.boolean(),
  brandColor: z.string(),
  logo: mediaImageSchema.nullable(),
  hero: heroSchema.nullable(),
  announcement: z.object({ text: z.string(), link: z.string().nullable() }).nullable(),
  sections: z.array(homeSectionSchema),
  business: businessDetailsSchema,
  /** Collections the featured-collection section can show. */
  collections: z.array(z.object({ slug: z.string(), title: z.string() })),
  updatedAt: z.string().nullable(),
});
export type BrandingView = z.infer<typeof brandingViewSchema>;
export const brandingResponseSchema = z.object({ branding: brandingViewSchema });

/** A home page section with what it shows, in the owner's order (GET /v1/stores/:store/home). */
export const homeSectionViewSchema = z.object({
  type: z.enum(HOME_SECTION_TYPES),
  title: z.string(),
  /**
   * true: `title` is the API's English default for the type ("Best sellers"), which the
   * storefront words in the page's language; false: the owner's (or the collection's) own words.
   */
  titleIsDefault: z.boolean().default(false),
  /** featured_collection: the collection's slug (its "see all" link). */
  collection: z.string().nullable(),
  products: z.array(productCardSchema),
  categories: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      productCount: z.number().int(),
      image: mediaImageSchema.nullable(),
    }),
  ),
  areas: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      feeKes: z.number().int(),
      etaHoursMin: z.number().int(),
      etaHoursMax: z.number().int(),
    }),
  ),
});
export type HomeSectionView = z.infer<typeof homeSectionViewSchema>;

export const storeHomeSchema = z.object({
  hero: heroSchema.nullable(),
  sections: z.array(homeSectionViewSchema),
});
export type StoreHome = z.infer<typeof storeHomeSchema>;
