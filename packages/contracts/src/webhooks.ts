import { z } from 'zod';

/** Events a merchant's system can subscribe to (docs/webhooks.md has each payload). */
export const WEBHOOK_EVENT_TYPES = ['order.paid', 'order.cancelled', 'refund.completed', 'product.stock_low'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** A store's endpoints at most: each event is sent to every subscribed one. */
export const MAX_WEBHOOK_ENDPOINTS = 10;

const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, 'the address to send events to')
  .max(500, 'at most 500 characters')
  .url('a full address, e.g. https://erp.example.co.ke/sokoni')
  .refine((u) => /^https?:\/\//i.test(u), 'starts with https://');

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { message: `one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
  .min(1, 'pick at least one event')
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)]);

export const createWebhookSchema = z.object({
  url: webhookUrlSchema,
  events: eventsSchema,
  description: z.string().trim().max(120).optional(),
});
export type CreateWebhook = z.infer<typeof createWebhookSchema>;

/** enabled: true turns a disabled endpoint back on (its failure count starts again). */
export const updateWebhookSchema = z
  .object({
    url: webhookUrlSchema.optional(),
    events: eventsSchema.optional(),
    description: z.string().trim().max(120).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateWebhook = z.infer<typeof updateWebhookSchema>;

export const webhookEndpointSchema = z.object({
  id: z.string().uuid(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  status: z.enum(['active', 'disabled']),
  consecutiveFailures: z.number().int(),
  disabledReason: z.string().nullable(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  /** Deliveries of the last 7 days by outcome. */
  recent: z.object({ delivered: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;
export const webhookEndpointListSchema = z.object({
  endpoints: z.array(webhookEndpointSchema),
  eventTypes: z.array(z.string()),
});
/** The answer to creating an endpoint: the signing secret, shown this once. */
export const createdWebhookSchema = z.object({ endpoint: webhookEndpointSchema, secret: z.string() });

export const webhookDeliverySchema = z.object({
  id: z.string().uuid(),
  eventId: z.string().uuid(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
export const webhookDeliveryListSchema = z.object({ deliveries: z.array(webhookDeliverySchema) });
/** PATCH .../webhooks/:id */
export const webhookUpdatedSchema = z.object({ endpoint: webhookEndpointSchema });
/** DELETE .../webhooks/:id */
export const webhookRemovedSchema = z.object({ removed: z.literal(true) });
/** POST .../webhooks/:id/test: the test event's delivery, sent within seconds. */
export const webhookPingSchema = z.object({ deliveryId: z.string().uuid() });
/** POST .../webhooks/deliveries/:delivery/resend */
export const webhookResentSchema = z.object({ delivery: webhookDeliverySchema });
