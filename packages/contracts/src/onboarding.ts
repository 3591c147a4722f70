import type { z } from 'zod';
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

export interface OnboardingStep {
  key: OnboardingStepKey;
  done: boolean;
  required: boolean;
  /** M-Pesa only: the owner chose "pay by hand / WhatsApp for now". */
  skipped?: boolean;
}

/** GET /v1/owner/onboarding and every step's answer. */
export interface OnboardingView {
  store: {
    slug: string;
    name: string;
    vertical: Vertical;
    status: 'draft' | 'active' | 'suspended';
    tagline: string;
    location: string;
    whatsappNumber: string | null;
    returnPolicy: string;
    mpesa: { kind: 'till' | 'paybill'; shortcode: string } | null;
  };
  steps: OnboardingStep[];
  next: OnboardingStepKey | null;
  canPublish: boolean;
  missing: { step: OnboardingStepKey; message: string }[];
  published: boolean;
  publishedAt: string | null;
  showAdvanced: boolean;
  counts: { products: number; sellableProducts: number; deliveryZones: number };
  /** What the forms pre-fill with; nothing here is saved until the owner saves it. */
  defaults: {
    vertical: Vertical;
    tagline: string;
    returnPolicy: string;
    categories: { slug: string; name: string }[];
    delivery: {
      rules: { freeDeliveryFromKes: number | null; pickupFeeKes: number | null };
      zones: { slug: string; name: string; feeKes: number; etaHoursMin: number; etaHoursMax: number }[];
    };
  };
}

/** GET /v1/onboarding/slug?name= | ?slug= */
export interface SlugCheck {
  slug: string;
  available: boolean;
  reason: 'taken' | 'reserved' | null;
  suggestions: string[];
}
