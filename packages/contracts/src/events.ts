import { z } from 'zod';
import { areaSlugSchema } from './delivery';
import { singleLineText } from './text';

/** Storefront analytics events (navigator.sendBeacon -> POST /v1/stores/:store/events). */
/** What a shopper's browser reports; payment_started and paid come from the order page. */
export const storefrontEventTypes = [
  'page_view',
  'product_view',
  'search',
  'add_to_cart',
  'checkout_start',
  'payment_started',
  'paid',
  'whatsapp_handoff',
] as const;

export const storefrontEventSchema = z.object({
  type: z.enum(storefrontEventTypes),
  /** Client clock, ms since epoch; the server also stamps its own time. */
  at: z.number().int().positive(),
  /** Random id kept in sessionStorage; no personal data. */
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  path: singleLineText.max(300),
  productSlug: z.string().max(120).optional(),
  sku: z.string().max(64).optional(),
  query: singleLineText.max(100).optional(),
  resultCount: z.number().int().nonnegative().optional(),
  quantity: z.number().int().positive().max(99).optional(),
  referrer: singleLineText.max(300).optional(),
  channel: z.enum(['web', 'whatsapp', 'link']).default('web'),
  /** The shopper's delivery area once known (area page, area picked at checkout, an order's area): per-area funnels. */
  areaSlug: areaSlugSchema.optional(),
});
export type StorefrontEvent = z.infer<typeof storefrontEventSchema>;

/** A beacon carries a small batch. */
export const eventBatchSchema = z.object({ events: z.array(storefrontEventSchema).min(1).max(25) });
export type EventBatch = z.infer<typeof eventBatchSchema>;
