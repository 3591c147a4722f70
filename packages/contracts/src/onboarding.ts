import { z } from 'zod';
import { ownerSessionSchema } from './owner-auth';
import { storeVerticalSchema } from './storefront';

/**
 * The store creation wizard's API shapes (apps/api/src/modules/onboarding/CONTRACT.md, section A),
 * shared by the API that answers them and the wizard (apps/web/app/start) that reads them.
 */
export const VERTICALS = storeVerticalSchema.options;
export type Vertical = z.infer<typeof storeVerticalSchema>;

export const ONBOARDING_STEP_KEYS = [
  'store',
  'category',
  'contact',
  'mpesa',
  'delivery',
  'products',
  'policy',
  'publish',
] as const;
export type OnboardingStepKey = (typeof ONBOARDING_STEP_KEYS)[number];
const stepKeySchema = z.enum(ONBOARDING_STEP_KEYS);

export const onboardingStepSchema = z.object({
  key: stepKeySchema,
  done: z.boolean(),
  required: z.boolean(),
  /** M-Pesa only: the owner chose "pay by hand / WhatsApp for now". */
  skipped: z.boolean().optional(),
});
export type OnboardingStep = z.infer<typeof onboardingStepSchema>;

/** GET /v1/owner/onboarding and every step's answer. */
export const onboardingViewSchema = z.object({
  store: z.object({
    slug: z.string(),
    name: z.string(),
    vertical: storeVerticalSchema,
    status: z.enum(['draft', 'active', 'suspended']),
    tagline: z.string(),
    location: z.string(),
    whatsappNumber: z.string().nullable(),
    returnPolicy: z.string(),
    mpesa: z.object({ kind: z.enum(['till', 'paybill']), shortcode: z.string() }).nullable(),
    /** The storefront's default language (docs/i18n.md). */
    language: z.enum(['en', 'sw']),
  }),
  steps: z.array(onboardingStepSchema),
  next: stepKeySchema.nullable(),
  canPublish: z.boolean(),
  missing: z.array(z.object({ step: stepKeySchema, message: z.string() })),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  showAdvanced: z.boolean(),
  counts: z.object({
    products: z.number().int(),
    sellableProducts: z.number().int(),
    deliveryZones: z.number().int(),
  }),
  /** What the forms pre-fill with; nothing here is saved until the owner saves it. */
  defaults: z.object({
    vertical: storeVerticalSchema,
    tagline: z.string(),
    returnPolicy: z.string(),
    categories: z.array(z.object({ slug: z.string(), name: z.string() })),
    delivery: z.object({
      rules: z.object({ freeDeliveryFromKes: z.number().int().nullable(), pickupFeeKes: z.number().int().nullable() }),
      zones: z.array(
        z.object({
          slug: z.string(),
          name: z.string(),
          feeKes: z.number().int(),
          etaHoursMin: z.number().int(),
          etaHoursMax: z.number().int(),
        }),
      ),
    }),
  }),
});
export type OnboardingView = z.infer<typeof onboardingViewSchema>;

/** GET /v1/onboarding/slug?name= | ?slug= */
export const slugCheckSchema = z.object({
  slug: z.string(),
  available: z.boolean(),
  reason: z.enum(['taken', 'reserved']).nullable(),
  suggestions: z.array(z.string()),
});
export type SlugCheck = z.infer<typeof slugCheckSchema>;

/** POST /v1/onboarding/stores: the owner's session, the new (draft) store and the wizard's progress. */
export const signUpAnswerSchema = ownerSessionSchema.extend({
  store: z.object({ slug: z.string(), name: z.string(), vertical: storeVerticalSchema, status: z.literal('draft') }),
  onboarding: onboardingViewSchema,
});
export type SignUpAnswer = z.infer<typeof signUpAnswerSchema>;

/** PUT /v1/owner/onboarding/category: what changing the category changed, and the progress. */
export const categoryChangedSchema = z.object({
  applied: z.object({
    categoriesAdded: z.array(z.string()),
    categoriesRemoved: z.array(z.string()),
    tagline: z.boolean(),
    returnPolicy: z.boolean(),
  }),
  onboarding: onboardingViewSchema,
});

/** POST /v1/owner/onboarding/starter-products. */
export const starterProductsAddedSchema = z.object({
  vertical: storeVerticalSchema,
  added: z.array(z.object({ slug: z.string(), title: z.string(), variants: z.number().int(), image: z.boolean() })),
  skipped: z.array(z.object({ slug: z.string(), reason: z.string() })),
  onboarding: onboardingViewSchema,
});

/** POST /v1/owner/onboarding/publish. */
export const storePublishedSchema = z.object({
  store: z.object({ slug: z.string(), status: z.literal('active') }),
  alreadyPublished: z.boolean(),
  onboarding: onboardingViewSchema,
});
