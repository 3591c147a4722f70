import { z } from 'zod';
import { kesSchema } from './storefront';
import { multiLineText } from './text';

/**
 * After the sale (issue 13): the order's tracking timeline, cancelling, returns and the store's
 * return policy. The API's side is apps/api/src/modules/orders/aftercare/, the lifecycle
 * docs/orders-lifecycle.md.
 */

export const returnStatuses = ['requested', 'accepted', 'refused', 'received'] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

/** One step of the shopper's timeline: done ones carry their time. */
export const trackingStepSchema = z.object({
  key: z.enum([
    'placed',
    'paid',
    'packed',
    'dispatched',
    'out_for_delivery',
    'ready_for_pickup',
    'delivered',
    'cancelled',
    'refunded',
  ]),
  label: z.string(),
  at: z.string().nullable(),
  done: z.boolean(),
  detail: z.string().nullable(),
  /**
   * Why the order ended, on the cancelled step: `refused_at_door` (a pay-on-delivery order the
   * shopper did not take); null or absent otherwise. Optional, so a page of the release before
   * reads the answer too.
   */
  reason: z.string().nullable().optional(),
});
export type TrackingStep = z.infer<typeof trackingStepSchema>;

export const orderReturnSchema = z.object({
  id: z.string().uuid(),
  status: z.enum(returnStatuses),
  reason: z.string(),
  hasPhoto: z.boolean(),
  lines: z.array(z.object({ line: z.number().int(), sku: z.string(), title: z.string(), quantity: z.number().int() })),
  /** What the lines are worth after their share of the discount: the refund and the credit note. */
  amountKes: kesSchema,
  vatKes: kesSchema,
  creditNote: z.string().nullable(),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  refund: z.object({ id: z.string(), status: z.string(), amountKes: kesSchema }).nullable(),
  createdAt: z.string(),
});
export type OrderReturn = z.infer<typeof orderReturnSchema>;

/** GET /v1/stores/:store/orders/:id/tracking (the link is the key), and each order of GET .../shopper/tracking. */
export const orderTrackingSchema = z.object({
  orderId: z.string().uuid(),
  number: z.number().int(),
  status: z.string(),
  steps: z.array(trackingStepSchema),
  delivery: z
    .object({
      method: z.enum(['manual_rider', 'partner_pickup']),
      status: z.string(),
      riderName: z.string().nullable(),
      riderPhone: z.string().nullable(),
      partner: z.string().nullable(),
      agent: z.object({ id: z.string(), name: z.string().nullable(), landmark: z.string().nullable() }).nullable(),
      /** The partner's (or rider's) scans, oldest first. */
      events: z.array(z.object({ status: z.string(), label: z.string(), at: z.string(), source: z.string() })),
    })
    .nullable(),
  /** Whether the shopper may cancel now, and if not, why (in words). */
  cancel: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
  returns: z.object({
    allowed: z.boolean(),
    reason: z.string().nullable(),
    windowDays: z.number().int(),
    openUntil: z.string().nullable(),
    request: orderReturnSchema.nullable(),
  }),
  /** Money sent back to the shopper so far and on its way. */
  refundedKes: kesSchema,
  refundPendingKes: kesSchema,
});
export type OrderTracking = z.infer<typeof orderTrackingSchema>;
export const orderTrackingResponseSchema = z.object({ tracking: orderTrackingSchema });
export const shopperTrackingListSchema = z.object({ orders: z.array(orderTrackingSchema) });

export const cancelReasonText = multiLineText.trim().max(300);

/** POST /v1/stores/:store/shopper/orders/:id/cancel and POST /v1/owner/orders/:n/cancel. */
export const cancelOrderSchema = z.object({ reason: cancelReasonText.optional() }).strict();

/** What a cancel answers: the order's new status and the refund sent (or why it is still owed). */
export const cancelOrderResultSchema = z.object({
  orderId: z.string().uuid(),
  number: z.number().int(),
  status: z.string(),
  refund: z
    .object({ status: z.enum(['none', 'sent', 'owed']), amountKes: kesSchema, message: z.string().nullable() })
    .strict(),
});
export type CancelOrderResult = z.infer<typeof cancelOrderResultSchema>;

export const RETURN_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** The API's JSON bodies are at most 1 MiB, and the photo travels in one as base64. */
export const MAX_RETURN_PHOTO_BYTES = 700 * 1024;

/** POST /v1/stores/:store/shopper/orders/:id/returns */
export const requestReturnSchema = z
  .object({
    lines: z
      .array(z.object({ sku: z.string().min(1).max(64), quantity: z.number().int().min(1).max(20) }).strict())
      .min(1, 'choose at least one item to return')
      .max(50),
    reason: multiLineText.trim().min(3, 'say why in a few words').max(500),
    photo: z
      .object({
        contentType: z.enum(RETURN_PHOTO_TYPES),
        base64: z
          .string()
          .max(Math.ceil((MAX_RETURN_PHOTO_BYTES * 4) / 3) + 4, 'the photo may be at most 700 KB')
          .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RequestReturn = z.infer<typeof requestReturnSchema>;
export const orderReturnResponseSchema = z.object({ return: orderReturnSchema });

/** POST /v1/owner/orders/:n/returns/decision */
export const returnDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept'), note: multiLineText.trim().max(300).optional() }).strict(),
  z
    .object({ decision: z.literal('refuse'), note: multiLineText.trim().min(3, 'tell the shopper why').max(300) })
    .strict(),
]);

/** GET/PUT /v1/owner/settings/returns */
export const returnSettingsSchema = z
  .object({ enabled: z.boolean(), windowDays: z.number().int().min(0).max(90) })
  .strict();
export type ReturnSettings = z.infer<typeof returnSettingsSchema>;
export const returnSettingsResponseSchema = z.object({ settings: returnSettingsSchema });

/** GET /v1/owner/orders/:n/aftercare: the owner's view (timeline, the return, what is owed). */
export const ownerAftercareSchema = z.object({ tracking: orderTrackingSchema, refundOwedKes: kesSchema });
