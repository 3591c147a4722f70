import { z } from 'zod';

/** Storefront analytics events (navigator.sendBeacon -> POST /v1/stores/:store/events). */
export const storefrontEventTypes = ['page_view', 'product_view', 'search', 'add_to_cart', 'checkout_start', 'whatsapp_handoff'] as const;

export const storefrontEventSchema = z.object({
  type: z.enum(storefrontEventTypes),
  /** Client clock, ms since epoch; the server also stamps its own time. */
  at: z.number().int().positive(),
  /** Random id kept in sessionStorage; no personal data. */
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  path: z.string().max(300),
  productSlug: z.string().max(120).optional(),
  sku: z.string().max(64).optional(),
  query: z.string().max(100).optional(),
  resultCount: z.number().int().nonnegative().optional(),
  quantity: z.number().int().positive().max(99).optional(),
  referrer: z.string().max(300).optional(),
  channel: z.enum(['web', 'whatsapp', 'link']).default('web'),
});
export type StorefrontEvent = z.infer<typeof storefrontEventSchema>;

/** A beacon carries a small batch. */
export const eventBatchSchema = z.object({ events: z.array(storefrontEventSchema).min(1).max(25) });
export type EventBatch = z.infer<typeof eventBatchSchema>;
