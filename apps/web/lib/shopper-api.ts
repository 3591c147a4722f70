/**
 * The shopper's own data at the API: cart, checkout preview, placing an order, reading it back.
 * Unlike lib/api.ts nothing here is cached (every answer belongs to one shopper's cart token or
 * order id), and answers other than 2xx come back as data so the page can say what went wrong
 * next to the right field. The cart token travels as x-cart-token, read from the HttpOnly cookie
 * by the route handler or page (lib/cookies.ts); the browser never sees it.
 */
import {
  cancelOrderResultSchema,
  orderReturnResponseSchema,
  orderTrackingResponseSchema,
  pickupAgentListSchema,
  shopperTrackingListSchema,
  type RequestReturn,
  cartResponseSchema,
  cartShareSchema,
  checkoutPreviewSchema,
  deliveryAreaListSchema,
  deliveryQuoteSchema,
  errorBodySchema,
  orderPaymentsSchema,
  orderResponseSchema,
  paymentResponseSchema,
  reorderSchema,
  savedPlacesSchema,
  shopperCodeSentSchema,
  shopperOrdersSchema,
  shopperSessionsRevokedSchema,
  shopperSignInSchema,
  type CheckoutPreview,
  type DeliveryAreaList,
  type DeliveryQuote,
  type OrderPayments,
  type PlaceOrder,
  type Reorder,
  type ReorderSkip,
  type SavedPlace,
  type SavedPlaces,
  type ShopperCodeSent,
  type ShopperOrders,
  type ShopperSignIn,
} from '@sokoni/contracts';
import { ApiError, type Forwarded } from './api';
import { apiUrl } from './config';
import { REQUEST_ID_HEADER } from './store-context';

const TIMEOUT_MS = 10_000;
/** Placing an order writes stock and coupons in one transaction: give it longer on a busy day. */
const PLACE_TIMEOUT_MS = 20_000;

export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export type Answer<T> = { ok: true; status: number; data: T } | { ok: false; problem: ApiProblem };

interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  token?: string;
  /** A shopper session token (lib/shopper-session.ts), sent as `Authorization: Bearer`. */
  session?: string;
  /** The same token as proof of the phone for a cart merge (x-shopper-session). */
  sessionProof?: string;
  idempotencyKey?: string;
  body?: unknown;
  accept?: string;
  timeoutMs?: number;
  /** 5xx answers in the API's error shape come back as a problem too (e.g. 502/503 payment_provider_unavailable, whose message is for the shopper). */
  serverProblems?: boolean;
}

async function send(path: string, forwarded: Forwarded, options: CallOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  try {
    return await fetch(`${apiUrl()}${path}`, {
      method,
      headers: {
        accept: options.accept ?? 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { 'x-cart-token': options.token } : {}),
        ...(options.session ? { authorization: `Bearer ${options.session}` } : {}),
        ...(options.sessionProof ? { 'x-shopper-session': options.sessionProof } : {}),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        ...(forwarded.requestId ? { [REQUEST_ID_HEADER]: forwarded.requestId } : {}),
        ...(forwarded.forwardedFor ? { 'x-forwarded-for': forwarded.forwardedFor } : {}),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      cache: 'no-store',
      signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS),
    });
  } catch (err) {
    throw new ApiError(`API unreachable: ${method} ${path} (${(err as Error).message})`, null, path);
  }
}

/** 2xx -> validated data; 4xx -> the API's error; 5xx and broken answers throw. */
export async function call<T>(
  path: string,
  forwarded: Forwarded,
  schema: Schema<T>,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const res = await send(path, forwarded, options);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(
      `API answered ${res.status} to ${options.method ?? 'GET'} ${path} with something that is not JSON`,
      res.status,
      path,
    );
  }
  const problemShaped = res.status >= 500 && options.serverProblems === true && errorBodySchema.safeParse(body).success;
  if ((res.status >= 400 && res.status < 500) || problemShaped) {
    const parsed = errorBodySchema.safeParse(body);
    const error = parsed.success
      ? parsed.data.error
      : { code: 'error', message: `Request failed (${res.status})`, details: {} };
    const details =
      error.details && typeof error.details === 'object' && !Array.isArray(error.details)
        ? (error.details as Record<string, unknown>)
        : {};
    return { ok: false, problem: { status: res.status, code: error.code, message: error.message, details } };
  }
  if (res.status < 200 || res.status > 299) {
    throw new ApiError(
      `API error ${res.status} on ${options.method ?? 'GET'} ${path}: ${text.slice(0, 200)}`,
      res.status,
      path,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ApiError(
      `API answer to ${options.method ?? 'GET'} ${path} does not match the contract: ${parsed.error.message}`,
      res.status,
      path,
    );
  return { ok: true, status: res.status, data: parsed.data };
}

// Every answer is parsed with its contract schema (@sokoni/contracts), the one the API's types come from.
const cartResponse = cartResponseSchema;
const orderResponse = orderResponseSchema;

export const getCart = (slug: string, token: string | undefined, fw: Forwarded) =>
  call(`/v1/stores/${slug}/cart`, fw, cartResponse, { token });

export const addCartLine = (slug: string, token: string | undefined, sku: string, quantity: number, fw: Forwarded) =>
  call(`/v1/stores/${slug}/cart/lines`, fw, cartResponse, { method: 'POST', token, body: { sku, quantity } });

/** The signed-in shopper's phone on this cart; with the session as proof the API folds in their carts from other devices. */
export const identifyCart = (slug: string, token: string | undefined, phone: string, session: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/cart/identify`, fw, cartResponse, {
    method: 'POST',
    token,
    sessionProof: session,
    body: { phone },
  });

export const setCartQuantity = (
  slug: string,
  token: string | undefined,
  sku: string,
  quantity: number,
  fw: Forwarded,
) =>
  call(`/v1/stores/${slug}/cart/lines/${encodeURIComponent(sku)}`, fw, cartResponse, {
    method: 'PUT',
    token,
    body: { quantity },
  });

// ---------------------------------------------------------------------------------------------
// Sharing a cart through WhatsApp: a signed link (s1.…) that merges the cart's lines into the
// cart of whoever opens it. The API marks that cart as coming from WhatsApp, and an order placed
// from it is attributed to the whatsapp channel there.

export type { CartShare } from '@sokoni/contracts';

/** POST /cart/share: 200 a share token; 409 when the cart is empty. */
export const shareCart = (slug: string, token: string | undefined, fw: Forwarded) =>
  call(`/v1/stores/${slug}/cart/share`, fw, cartShareSchema, { method: 'POST', token });

/** POST /cart/restore: the caller's cart (a new one without a token) with the shared lines merged in; 410 for an expired or forged link. */
export const restoreCart = (slug: string, token: string | undefined, shareToken: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/cart/restore`, fw, cartResponse, { method: 'POST', token, body: { shareToken } });

export const placeOrder = (
  slug: string,
  token: string | undefined,
  idempotencyKey: string,
  input: PlaceOrder,
  fw: Forwarded,
) =>
  call(`/v1/stores/${slug}/orders`, fw, orderResponse, {
    method: 'POST',
    token,
    idempotencyKey,
    body: input,
    timeoutMs: PLACE_TIMEOUT_MS,
  });

export const getOrder = (slug: string, orderId: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/orders/${orderId}`, fw, orderResponse);

// ---------------------------------------------------------------------------------------------
// M-Pesa payments of an order (contracts/src/payments.ts). The order id (a random UUID) is the key.

/** Sending the STK push waits for Daraja's answer (OAuth + push): allow for a slow one. */
const PAY_TIMEOUT_MS = 25_000;

const paymentResponse = paymentResponseSchema;

/** POST /orders/:id/payments: 201 a new PIN prompt, 200 the same key again or the attempt already pending. */
export const startPayment = (
  slug: string,
  orderId: string,
  idempotencyKey: string,
  phone: string | undefined,
  fw: Forwarded,
) =>
  call(`/v1/stores/${slug}/orders/${orderId}/payments`, fw, paymentResponse, {
    method: 'POST',
    idempotencyKey,
    body: phone ? { phone } : {},
    timeoutMs: PAY_TIMEOUT_MS,
    serverProblems: true,
  });

/** Every attempt (newest first), the order's status and where to pay by hand. */
export const getOrderPayments = (slug: string, orderId: string, fw: Forwarded) =>
  call<OrderPayments>(`/v1/stores/${slug}/orders/${orderId}/payments`, fw, orderPaymentsSchema);

/** One attempt; while pending the API itself asks M-Pesa when the callback is late. */
export const getPayment = (slug: string, orderId: string, paymentId: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/orders/${orderId}/payments/${paymentId}`, fw, paymentResponse, { serverProblems: true });

/** The code from the M-Pesa SMS of a payment made by hand to the till or paybill. */
export const confirmPaymentCode = (slug: string, orderId: string, code: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/orders/${orderId}/payments/confirm-code`, fw, paymentResponse, {
    method: 'POST',
    body: { code },
    serverProblems: true,
  });

/** The printable invoice (HTML) as the API renders it; null when there is no such order. */
export async function getInvoiceHtml(slug: string, orderId: string, fw: Forwarded): Promise<string | null> {
  const path = `/v1/stores/${slug}/orders/${orderId}/invoice`;
  const res = await send(path, fw, { accept: 'text/html' });
  if (res.status === 404 || res.status === 400) return null;
  if (!res.ok) throw new ApiError(`API error ${res.status} on GET ${path}`, res.status, path);
  return res.text();
}

/** The area picker (GET /delivery/areas): every area without q, up to 8 matches with it. */
export const getDeliveryAreas = (
  slug: string,
  q: string | undefined,
  subtotalKes: number | undefined,
  fw: Forwarded,
) => {
  const qs = new URLSearchParams();
  if (q !== undefined) qs.set('q', q);
  if (subtotalKes !== undefined) qs.set('subtotal', String(subtotalKes));
  const s = qs.toString();
  return call<DeliveryAreaList>(`/v1/stores/${slug}/delivery/areas${s ? `?${s}` : ''}`, fw, deliveryAreaListSchema);
};

export const getDeliveryQuote = (slug: string, area: string, subtotalKes: number | undefined, fw: Forwarded) =>
  call<DeliveryQuote>(
    `/v1/stores/${slug}/delivery/quote?area=${encodeURIComponent(area)}${subtotalKes !== undefined ? `&subtotal=${subtotalKes}` : ''}`,
    fw,
    deliveryQuoteSchema,
  );

// ---------------------------------------------------------------------------------------------
// Checkout preview (the answer's contract: checkoutPreviewSchema).

export type { CheckoutPreview, PreviewDiscount } from '@sokoni/contracts';

export interface PreviewQuery {
  area?: string;
  method: 'delivery' | 'pickup';
  coupon?: string;
  /** Normalised (2547...), only when valid: it decides per-phone coupon limits. */
  phone?: string;
}

export function getCheckoutPreview(
  slug: string,
  token: string | undefined,
  q: PreviewQuery,
  fw: Forwarded,
): Promise<Answer<CheckoutPreview>> {
  const qs = new URLSearchParams({ method: q.method });
  if (q.area) qs.set('area', q.area);
  if (q.coupon) qs.set('coupon', q.coupon);
  if (q.phone) qs.set('phone', q.phone);
  return call(`/v1/stores/${slug}/checkout/preview?${qs}`, fw, checkoutPreviewSchema, { token });
}

// ---------------------------------------------------------------------------------------------
// Shopper identity (apps/api/src/modules/shoppers): phone + SMS code -> a session token for one
// store (kept in an HttpOnly cookie, lib/cookies.ts); with it "My orders", Buy again and saved
// places. No email anywhere. 5xx answers in the API's error shape come back as problems too
// (503 when the SMS could not be sent), so the page can say so next to the field.

const SIGN_IN_TIMEOUT_MS = 15_000;

/** The answers' types, as the API declares them (@sokoni/contracts). */
export type CodeSent = ShopperCodeSent;
export type ShopperSession = ShopperSignIn;
export type MyOrders = ShopperOrders;
export type { Reorder, ReorderSkip, SavedPlace, SavedPlaces };

/** POST /shopper/otp: 202 the code is on its way (the same answer whether or not the phone ever ordered). */
export const requestSignInCode = (slug: string, phone: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/otp`, fw, shopperCodeSentSchema, {
    method: 'POST',
    body: { phone },
    serverProblems: true,
    timeoutMs: SIGN_IN_TIMEOUT_MS,
  });

/** POST /shopper/session: the code from the SMS -> a 30-day session at this store. */
export const createShopperSession = (slug: string, phone: string, code: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/session`, fw, shopperSignInSchema, {
    method: 'POST',
    body: { phone, code },
    serverProblems: true,
  });

/** GET /shopper/orders: the session phone's orders at this store, newest first (401 without a valid session). */
export const getMyOrders = (slug: string, session: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/orders`, fw, shopperOrdersSchema, { session });

/** POST /shopper/orders/:id/reorder: the order's items into the cart of `token` (or a new cart). */
export const reorderInto = (slug: string, session: string, orderId: string, token: string | undefined, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/orders/${orderId}/reorder`, fw, reorderSchema, { method: 'POST', session, token });

/**
 * POST /shopper/sessions/revoke-all: "Sign out on all phones". Every session of the session's
 * phone at this store ends, this one included (later calls: 401 details.reason session_revoked).
 */
export const revokeAllSessions = (slug: string, session: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/sessions/revoke-all`, fw, shopperSessionsRevokedSchema, { method: 'POST', session });

export const getSavedPlaces = (slug: string, session: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/addresses`, fw, savedPlacesSchema, { session });

/** PUT /shopper/addresses: replaces the whole list (at most 5, in this order). */
export const putSavedPlaces = (
  slug: string,
  session: string,
  places: { areaSlug: string; landmark: string; label: string }[],
  fw: Forwarded,
) =>
  call(`/v1/stores/${slug}/shopper/addresses`, fw, savedPlacesSchema, {
    method: 'PUT',
    session,
    body: { addresses: places },
  });

// After the sale (issue 13): tracking, cancel, returns. Contracts in @sokoni/contracts aftercare.ts.

/** GET /orders/:id/tracking: the order's timeline, delivery, and whether it can be cancelled or returned (the id is the key). */
export const getOrderTracking = (slug: string, orderId: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/orders/${orderId}/tracking`, fw, orderTrackingResponseSchema);

/** GET /shopper/tracking: the timelines of "My orders" (401 without a valid session). */
export const getMyTracking = (slug: string, session: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/tracking`, fw, shopperTrackingListSchema, { session });

/** POST /shopper/orders/:id/cancel: before dispatch; a paid order is refunded by the API. */
export const cancelMyOrder = (slug: string, session: string, orderId: string, reason: string, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/orders/${orderId}/cancel`, fw, cancelOrderResultSchema, {
    method: 'POST',
    session,
    body: reason ? { reason } : {},
    timeoutMs: 20_000,
  });

/** POST /shopper/orders/:id/returns: lines, reason, optional photo (base64). */
export const requestMyReturn = (slug: string, session: string, orderId: string, body: RequestReturn, fw: Forwarded) =>
  call(`/v1/stores/${slug}/shopper/orders/${orderId}/returns`, fw, orderReturnResponseSchema, {
    method: 'POST',
    session,
    body,
  });

/** GET /delivery/agents: the partner's pickup points (name, landmark, opening hours). */
export const getPickupAgents = (slug: string, area: string | undefined, fw: Forwarded) =>
  call(
    `/v1/stores/${slug}/delivery/agents${area ? `?area=${encodeURIComponent(area)}` : ''}`,
    fw,
    pickupAgentListSchema,
  );
