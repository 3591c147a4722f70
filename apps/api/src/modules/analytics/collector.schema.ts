import { storefrontEventSchema } from '@sokoni/contracts';
import { z } from 'zod';

/**
 * What the collector accepts: the storefront contract (@sokoni/contracts events.ts) plus the
 * two payment steps the checkout page sees (the STK prompt was sent, the order is paid) and
 * the shopper's delivery area (saved place or the area picked at checkout) for per-area funnels.
 * Unknown fields are dropped; anything malformed refuses the whole batch (400).
 */
export const collectorEventTypes = ['page_view', 'product_view', 'search', 'add_to_cart', 'checkout_start', 'payment_started', 'paid', 'whatsapp_handoff'] as const;

export const collectorEventSchema = storefrontEventSchema.extend({
  type: z.enum(collectorEventTypes),
  areaSlug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an area slug').max(60).optional(),
});

export const collectorBatchSchema = z.object({ events: z.array(collectorEventSchema).min(1).max(25) });
export type CollectorBatch = z.infer<typeof collectorBatchSchema>;
