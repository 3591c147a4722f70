import { z } from 'zod';
import { cartSchema } from './cart';
import { deliveryQuoteSchema } from './delivery';
import { kesSchema } from './storefront';
import { displayName, multiLineText, singleLineText } from './text';

export const orderStatuses = [
  'pending_payment',
  'paid',
  'packed',
  'dispatched',
  'delivered',
  'cancelled',
  'refunded',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Paid for and neither cancelled nor refunded: the order's money is the store's takings. */
export const PAID_ORDER_STATUSES: ReadonlySet<string> = new Set<OrderStatus>([
  'paid',
  'packed',
  'dispatched',
  'delivered',
]);
/** The shopper's money arrived (a refund may have followed): reconciliation expects an M-Pesa payment for each. */
export const PAYMENT_RECEIVED_ORDER_STATUSES: ReadonlySet<string> = new Set<OrderStatus>([
  ...(PAID_ORDER_STATUSES as ReadonlySet<OrderStatus>),
  'refunded',
]);
/** A refund can be asked for: the order is paid and not refunded yet. */
export const REFUNDABLE_ORDER_STATUSES: ReadonlySet<string> = PAID_ORDER_STATUSES;
/** A rider can be sent: paid, not yet on its way. */
export const DISPATCHABLE_ORDER_STATUSES: ReadonlySet<string> = new Set<OrderStatus>(['paid', 'packed']);
/** Paid and still to deliver: the dashboard's to-do lists. */
export const OPEN_ORDER_STATUSES = ['paid', 'packed', 'dispatched'] as const satisfies readonly OrderStatus[];
/** Can still be cancelled (before dispatch); a paid one only by who may refund (orders.refund). */
export const CANCELLABLE_ORDER_STATUSES: ReadonlySet<string> = new Set<OrderStatus>([
  'pending_payment',
  'paid',
  'packed',
]);

/** POST /v1/stores/:store/orders, with headers Idempotency-Key and x-cart-token. */
export const placeOrderSchema = z.object({
  phone: singleLineText.min(1).max(32),
  name: displayName.trim().min(1, 'your name, so the rider knows who to ask for').max(120),
  areaSlug: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  deliveryMethod: z.enum(['delivery', 'pickup']).default('delivery'),
  landmark: singleLineText.trim().max(200).optional(),
  notes: multiLineText.trim().max(500).optional(),
  channel: z.enum(['web', 'whatsapp', 'link']).default('web'),
  couponCode: singleLineText.trim().max(32).optional(),
  /** Pay on delivery when the store allows it for this order (none = M-Pesa, as before). */
  paymentMethod: z.enum(['mpesa', 'on_delivery']).optional(),
});
export type PlaceOrder = z.infer<typeof placeOrderSchema>;

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'Idempotency-Key: 8-128 letters, digits, _ . : -');

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
  items: z.array(
    z.object({
      sku: z.string(),
      title: z.string(),
      options: z.record(z.string(), z.string()),
      unitPriceKes: kesSchema,
      quantity: z.number().int(),
      lineTotalKes: kesSchema,
    }),
  ),
  subtotalKes: kesSchema,
  deliveryFeeKes: kesSchema,
  discountKes: kesSchema,
  discounts: z.array(
    z.object({
      kind: z.enum(['promotion', 'coupon']),
      label: z.string(),
      amountKes: kesSchema,
      code: z.string().optional(),
    }),
  ),
  couponCode: z.string().nullable(),
  totalKes: kesSchema,
  vatKes: kesSchema,
  reservedUntil: z.string().nullable(),
  createdAt: z.string(),
  timeline: z.array(z.object({ type: z.string(), toStatus: z.string().nullable(), at: z.string() })),
  /** Pay on delivery: how the order is paid, and whether the money was taken at the door. */
  paymentMethod: z.enum(['mpesa', 'on_delivery']).optional(),
  collected: z
    .object({ via: z.enum(['mpesa', 'cash']), at: z.string() })
    .nullable()
    .optional(),
});
export type Order = z.infer<typeof orderSchema>;

/** GET /v1/stores/:store/checkout/preview?area=&method=&coupon=&phone= (with x-cart-token). */
export const checkoutPreviewQuerySchema = z.object({
  area: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .optional(),
  method: z.enum(['delivery', 'pickup']).default('delivery'),
  coupon: singleLineText.trim().max(32).optional(),
  phone: singleLineText.max(32).optional(),
});

/** POST /v1/stores/:store/orders, GET .../orders/:id and the owner's order reads and status changes answer { order }. */
export const orderResponseSchema = z.object({ order: orderSchema });

/** GET /v1/owner/orders: newest first; nextCursor is the last order number of the page. */
export const ownerOrderListSchema = z.object({ items: z.array(orderSchema), nextCursor: z.number().int().nullable() });
export type OwnerOrderList = z.infer<typeof ownerOrderListSchema>;

/** GET /v1/stores/:store/checkout/preview: the totals the checkout page shows; nothing is written. */
export const checkoutPreviewSchema = z.object({
  cart: cartSchema,
  delivery: deliveryQuoteSchema.nullable(),
  subtotalKes: kesSchema,
  deliveryFeeKes: kesSchema,
  discounts: orderSchema.shape.discounts,
  discountKes: kesSchema,
  coupon: z.object({ code: z.string(), applied: z.boolean(), message: z.string().nullable() }).nullable(),
  totalKes: kesSchema,
  vatKes: kesSchema,
  /** Whether "Pay on delivery" is offered for this cart, area and phone (reason in words if not). */
  payOnDelivery: z
    .object({
      offered: z.boolean(),
      reason: z.string().nullable(),
      /** The rule's stable name (pod_area, pod_over_limit, ...): the storefront words it in the page's language. */
      code: z.string().nullable().default(null),
    })
    .optional(),
});
export type CheckoutPreview = z.infer<typeof checkoutPreviewSchema>;
export type PreviewDiscount = CheckoutPreview['discounts'][number];
