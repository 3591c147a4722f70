import { z } from 'zod';
import { kesSchema } from './storefront';
import { displayName, multiLineText, singleLineText } from './text';

export const orderStatuses = ['pending_payment', 'paid', 'packed', 'dispatched', 'delivered', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** POST /v1/stores/:store/orders, with headers Idempotency-Key and x-cart-token. */
export const placeOrderSchema = z.object({
  phone: singleLineText.min(1).max(32),
  name: displayName.trim().min(1, 'your name, so the rider knows who to ask for').max(120),
  areaSlug: z.string().min(1).max(60).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  deliveryMethod: z.enum(['delivery', 'pickup']).default('delivery'),
  landmark: singleLineText.trim().max(200).optional(),
  notes: multiLineText.trim().max(500).optional(),
  channel: z.enum(['web', 'whatsapp', 'link']).default('web'),
  couponCode: singleLineText.trim().max(32).optional(),
});
export type PlaceOrder = z.infer<typeof placeOrderSchema>;

export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'Idempotency-Key: 8-128 letters, digits, _ . : -');

export const orderSchema = z.object({
  id: z.string().uuid(),
  number: z.number().int(),
  status: z.enum(orderStatuses),
  channel: z.enum(['web', 'whatsapp', 'link']),
  phone: z.string(),
  customerName: z.string(),
  areaSlug: z.string(),
  deliveryMethod: z.enum(['delivery', 'pickup']),
  landmark: z.string().nullable(),
  items: z.array(z.object({
    sku: z.string(), title: z.string(), options: z.record(z.string(), z.string()),
    unitPriceKes: kesSchema, quantity: z.number().int(), lineTotalKes: kesSchema,
  })),
  subtotalKes: kesSchema,
  deliveryFeeKes: kesSchema,
  discountKes: kesSchema,
  discounts: z.array(z.object({ kind: z.enum(['promotion', 'coupon']), label: z.string(), amountKes: kesSchema, code: z.string().optional() })),
  couponCode: z.string().nullable(),
  totalKes: kesSchema,
  vatKes: kesSchema,
  reservedUntil: z.string().nullable(),
  createdAt: z.string(),
  timeline: z.array(z.object({ type: z.string(), toStatus: z.string().nullable(), at: z.string() })),
});
export type Order = z.infer<typeof orderSchema>;

/** GET /v1/stores/:store/checkout/preview?area=&method=&coupon=&phone= (with x-cart-token). */
export const checkoutPreviewQuerySchema = z.object({
  area: z.string().min(1).max(60).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).optional(),
  method: z.enum(['delivery', 'pickup']).default('delivery'),
  coupon: singleLineText.trim().max(32).optional(),
  phone: singleLineText.max(32).optional(),
});
