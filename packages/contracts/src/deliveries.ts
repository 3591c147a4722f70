import { z } from 'zod';
import { areaSlugSchema } from './delivery';
import { orderSchema } from './orders';
import { normaliseKenyanPhone, PHONE_FORMAT_HINT } from './phone';
import { displayName, multiLineText } from './text';

/** How a dispatched order travels: the store's own rider, or a parcel to a partner agent point. */
export const deliveryMethods = ['manual_rider', 'partner_pickup'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];

/**
 * A delivery's status. at_agent is partner_pickup only (waiting at the agent point for the
 * shopper); delivered means handed to the shopper (collected, for an agent point).
 */
export const deliveryStatuses = [
  'assigned',
  'picked_up',
  'in_transit',
  'at_agent',
  'delivered',
  'failed',
  'cancelled',
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** A partner's agent point identifier (opaque to us). */
export const agentIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'an agent id as listed by GET /delivery/agents');

/** 07xx / 01xx / +254 / 254: normalised to the 2547/2541 MSISDN form, or refused. */
const kenyanMobileSchema = z
  .string()
  .max(32)
  .transform((value) => normaliseKenyanPhone(value) ?? '')
  .refine((value) => value !== '', `Enter ${PHONE_FORMAT_HINT}`);

// ---------------------------------------------------------------------------------------------
// Owner side: POST /v1/owner/orders/:number/dispatch, /delivered, /delivery/status; GET /delivery

export const dispatchOrderSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('manual_rider'),
    riderName: displayName.trim().min(1, "the rider's name").max(80),
    riderPhone: kenyanMobileSchema,
    note: multiLineText.trim().max(300).optional(),
  }),
  z.object({
    method: z.literal('partner_pickup'),
    agentId: agentIdSchema,
    note: multiLineText.trim().max(300).optional(),
  }),
]);
export type DispatchOrder = z.infer<typeof dispatchOrderSchema>;

/** What staff may record by hand (partner parcels move by webhook/poll; staff may still confirm or cancel). */
export const deliveryStatusUpdateSchema = z.object({
  status: z.enum(['picked_up', 'in_transit', 'delivered', 'failed', 'cancelled']),
  note: multiLineText.trim().max(300).optional(),
});
export type DeliveryStatusUpdate = z.infer<typeof deliveryStatusUpdateSchema>;

export const deliveryEventSchema = z.object({
  status: z.enum(deliveryStatuses),
  source: z.enum(['staff', 'partner_webhook', 'partner_poll', 'system']),
  note: z.string().nullable(),
  occurredAt: z.string(),
  recordedAt: z.string(),
});

export const deliverySchema = z.object({
  id: z.string().uuid(),
  orderNumber: z.number().int(),
  method: z.enum(deliveryMethods),
  status: z.enum(deliveryStatuses),
  rider: z.object({ name: z.string(), phone: z.string() }).nullable(),
  partner: z
    .object({
      name: z.string(),
      parcelId: z.string(),
      agent: z.object({ id: z.string(), name: z.string().nullable(), landmark: z.string().nullable() }),
    })
    .nullable(),
  note: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  events: z.array(deliveryEventSchema),
});
export type Delivery = z.infer<typeof deliverySchema>;

/** GET /v1/owner/orders/:number/delivery: the live (or latest) delivery and earlier attempts. */
export const orderDeliveriesSchema = z.object({
  delivery: deliverySchema.nullable(),
  previous: z.array(deliverySchema),
});
export type OrderDeliveries = z.infer<typeof orderDeliveriesSchema>;

/** POST /v1/owner/orders/:number/dispatch, /delivered, /delivery/status: the order and its delivery after the change. */
export const orderDeliveryChangedSchema = z.object({ order: orderSchema, delivery: deliverySchema });
export type OrderDeliveryChanged = z.infer<typeof orderDeliveryChangedSchema>;

// ---------------------------------------------------------------------------------------------
// Shopper side: GET /v1/stores/:store/delivery/agents?area=<slug>

export const pickupAgentsQuerySchema = z.object({ area: areaSlugSchema.optional() });

export const pickupAgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The partner's area slug; the demo partner uses the same slugs as GET /v1/areas. */
  areaSlug: z.string(),
  areaName: z.string(),
  landmark: z.string(),
  /** Human text, e.g. "Mon-Sat 08:00-20:00, Sun 10:00-16:00". */
  openingHours: z.string(),
});
export type PickupAgent = z.infer<typeof pickupAgentSchema>;

export const pickupAgentListSchema = z.object({
  area: z.string().nullable(),
  agents: z.array(pickupAgentSchema),
});
export type PickupAgentList = z.infer<typeof pickupAgentListSchema>;
