import { z } from 'zod';
import { kesSchema } from './storefront';

export const MAX_LINE_QUANTITY = 20;
export const MAX_CART_LINES = 50;

const skuSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/);

export const cartAddSchema = z.object({
  sku: skuSchema,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY).default(1),
});
export const cartSetQuantitySchema = z.object({ quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY) });
export const cartIdentifySchema = z.object({ phone: z.string().min(1).max(32) });
export const cartRestoreSchema = z.object({ shareToken: z.string().min(10).max(300) });

export const cartLineSchema = z.object({
  sku: z.string(),
  productSlug: z.string(),
  title: z.string(),
  options: z.record(z.string(), z.string()),
  image: z.object({ url: z.string(), width: z.number(), height: z.number(), alt: z.string() }).nullable(),
  quantity: z.number().int().positive(),
  /** Current price, re-read from the catalog on every read. */
  unitPriceKes: kesSchema,
  lineTotalKes: kesSchema,
  available: z.number().int().nonnegative(),
});

export const cartNoticeSchema = z.object({
  sku: z.string(),
  kind: z.enum(['removed_unavailable', 'quantity_reduced', 'price_changed']),
  /** In English; the storefront words it in the shopper's language from kind and the fields below. */
  message: z.string(),
  /** The item's name as the store writes it. */
  title: z.string().optional(),
  /** quantity_reduced: how many are left (the new quantity). */
  available: z.number().int().nonnegative().optional(),
  /** price_changed: the price now and the one the shopper saw. */
  priceKes: z.number().int().nonnegative().optional(),
  previousKes: z.number().int().nonnegative().optional(),
});

export const cartSchema = z.object({
  /** Send back as x-cart-token; a new one is issued when the old one was missing or tampered. */
  token: z.string(),
  lines: z.array(cartLineSchema),
  itemCount: z.number().int().nonnegative(),
  subtotalKes: kesSchema,
  /** VAT contained in the subtotal (prices include 16 % VAT). */
  vatKes: kesSchema,
  phone: z.string().nullable(),
  notices: z.array(cartNoticeSchema),
});
export type Cart = z.infer<typeof cartSchema>;

/** Every cart endpoint answers { cart }. */
export const cartResponseSchema = z.object({ cart: cartSchema });
export type CartResponse = z.infer<typeof cartResponseSchema>;

/** POST /v1/stores/:store/cart/share: a signed link token (s1.…) that merges this cart's lines into whoever opens it. */
export const cartShareSchema = z.object({ shareToken: z.string().min(1), expiresInSeconds: z.number() });
export type CartShare = z.infer<typeof cartShareSchema>;
