import { z } from 'zod';
import { cartSchema } from './cart';
import { orderSchema } from './orders';

/**
 * Shopper sessions (apps/api/src/modules/shoppers): "Sign out on all phones".
 * POST /v1/stores/:store/shopper/sessions/revoke-all (Bearer session) ends every session of that
 * phone at that store, the caller's included; afterwards those tokens get
 * 401 { error: { code: 'unauthorized', details: { reason: SHOPPER_SESSION_REVOKED } } }.
 */
export const SHOPPER_SESSION_REVOKED = 'session_revoked';
export const SHOPPER_SESSION_REVOKED_MESSAGE = 'You were signed out on all phones: sign in again';

export const shopperSessionsRevokedSchema = z.object({ revoked: z.literal(true) });
export type ShopperSessionsRevoked = z.infer<typeof shopperSessionsRevokedSchema>;

/** POST /v1/stores/:store/shopper/otp: 202, the code is on its way (the same answer whether or not the phone ever ordered). */
export const shopperCodeSentSchema = z.object({
  sent: z.literal(true),
  phone: z.string(),
  expiresInSeconds: z.number(),
});
export type ShopperCodeSent = z.infer<typeof shopperCodeSentSchema>;

/** POST /v1/stores/:store/shopper/session: the code from the SMS -> a 30-day session at this store. */
export const shopperSignInSchema = z.object({
  sessionToken: z.string().min(1),
  phone: z.string(),
  expiresAt: z.string(),
});
export type ShopperSignIn = z.infer<typeof shopperSignInSchema>;

/** GET /v1/stores/:store/shopper/orders: the session phone's orders at this store, newest first. */
export const shopperOrdersSchema = z.object({ phone: z.string(), orders: z.array(orderSchema) });
export type ShopperOrders = z.infer<typeof shopperOrdersSchema>;

export const reorderSkipSchema = z.object({
  sku: z.string(),
  title: z.string(),
  reason: z.enum(['unavailable', 'out_of_stock', 'cart_full']),
  message: z.string(),
});
export type ReorderSkip = z.infer<typeof reorderSkipSchema>;

/** POST /v1/stores/:store/shopper/orders/:id/reorder: the order's items put into a cart. */
export const reorderSchema = z.object({
  cart: cartSchema,
  added: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  skipped: z.array(reorderSkipSchema),
  /** The order the items came from. */
  fromOrder: z.object({ id: z.string(), number: z.number().int() }).nullable(),
});
export type Reorder = z.infer<typeof reorderSchema>;

/** How many places a shopper may save per store, and how long their words may be. */
export const MAX_SAVED_PLACES = 5;
export const MAX_PLACE_LANDMARK = 200;
export const MAX_PLACE_LABEL = 40;

export const savedPlaceSchema = z.object({
  areaSlug: z.string(),
  areaName: z.string(),
  landmark: z.string(),
  label: z.string(),
});
export type SavedPlace = z.infer<typeof savedPlaceSchema>;

/** GET and PUT /v1/stores/:store/shopper/addresses. */
export const savedPlacesSchema = z.object({ addresses: z.array(savedPlaceSchema), max: z.number().int() });
export type SavedPlaces = z.infer<typeof savedPlacesSchema>;
