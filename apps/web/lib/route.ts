/**
 * Helpers for the storefront's route handlers (app/s/[store]/cart, checkout, orders): the store
 * and URL form of the request, the shopper's cookies, and answers that set them.
 */
import type { Cart } from '@sokoni/contracts';
import { validStoreSlug } from './api';
import type { Locale } from './i18n/core';
import { cartNoticeText } from './i18n/cart-notice';
import { cartCookies, cartTokenFrom, flashSetCookie, parseCookies } from './cookies';
import { sameOrigin } from './http';
import { UUID_RE } from './payment';
import { storeRequest, type StoreRequest } from './request';
import { webLog } from './log';

export interface ShopperRequest extends StoreRequest {
  cookies: Map<string, string>;
  token: string | undefined;
}

/** The store of a route handler's request, or null for a malformed slug. */
export async function shopperRequest(
  request: Request,
  params: Promise<{ store: string }>,
): Promise<ShopperRequest | null> {
  const { store } = await params;
  if (!validStoreSlug(store)) return null;
  const cookies = parseCookies(request.headers.get('cookie'));
  return { ...storeRequest(request.headers, store), cookies, token: cartTokenFrom(cookies, store) };
}

/**
 * The start of every storefront form post: 404 for a malformed store, 403 for a cross-site post,
 * else the shopper's request.
 */
export async function shopperPost(
  request: Request,
  params: Promise<{ store: string }>,
): Promise<ShopperRequest | Response> {
  const shopper = await shopperRequest(request, params);
  if (!shopper) return notFound();
  if (!sameOrigin(request.headers)) return forbidden();
  return shopper;
}

/** The second argument of a route handler under `<store>/orders/<id>/`. */
export interface OrderRouteContext {
  params: Promise<{ store: string; order: string }>;
}

export interface OrderRequest {
  shopper: ShopperRequest;
  /** The order's id (a random UUID: the key to the order page). */
  order: string;
  /** The order page (`<base>/orders/<id>`). */
  orderPath: string;
}

/** The store and order of an order route (`<store>/orders/<id>/...`), or null: 404. */
export async function orderRequest(
  request: Request,
  params: Promise<{ store: string; order: string }>,
): Promise<OrderRequest | null> {
  const shopper = await shopperRequest(request, params);
  const { order } = await params;
  if (!shopper || !UUID_RE.test(order)) return null;
  return { shopper, order, orderPath: `${shopper.base}/orders/${order}` };
}

/** A form post about one order: 404 for an unknown store or order, 403 for a cross-site post. */
export async function orderPost(
  request: Request,
  params: Promise<{ store: string; order: string }>,
): Promise<OrderRequest | Response> {
  const found = await orderRequest(request, params);
  if (!found) return notFound();
  if (!sameOrigin(request.headers)) return forbidden();
  return found;
}

/**
 * GET on a form's address (a reload, a copied URL): 303 to the page the form is on
 * (`page` under the store's base, e.g. '/account').
 */
export function formPageRedirect(page: string) {
  return async (request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> => {
    const shopper = await shopperRequest(request, params);
    return shopper ? seeOther(`${shopper.base}${page}`) : notFound();
  };
}

/**
 * The cookies for a cart the API answered with: its token and count, and the price or stock
 * changes it tells about (once, on the read that notices them), kept for the cart page.
 */
export function cartAnswerCookies(
  slug: string,
  cart: { token: string; itemCount: number; notices: Cart['notices'] },
  locale: Locale,
): string[] {
  const cookies = cartCookies(slug, cart);
  if (cart.notices.length > 0)
    cookies.push(
      flashSetCookie(
        slug,
        cart.notices.map((n) => cartNoticeText(n, locale)),
      ),
    );
  return cookies;
}

/**
 * 303 See Other (Post/Redirect/Get), setting cookies on the way: to a path on this origin, or to
 * wa.me from the cart share handler. extraHeaders may replace the default `no-store`.
 */
export function seeOther(
  location: string,
  setCookies: string[] = [],
  extraHeaders: Record<string, string> = {},
): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store', ...extraHeaders });
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(null, { status: 303, headers });
}

/**
 * 303 to a page with a one-time flash (owner dashboard and store wizard form posts): the flash's id
 * goes in the page's URL (?f=), its cookie after any others the answer sets.
 */
export function seeOtherWithFlash(path: string, flash: { id: string; cookie: string }, setCookies: string[] = []) {
  const sep = path.includes('?') ? '&' : '?';
  return seeOther(`${path}${sep}f=${flash.id}`, [...setCookies, flash.cookie]);
}

export function json(body: unknown, status = 200, setCookies: string[] = []): Response {
  const headers = new Headers({
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'private, no-store',
  });
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(JSON.stringify(body), { status, headers });
}

export const notFound = () =>
  new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
export const forbidden = () =>
  new Response('Cross-site request refused', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export function logWarn(msg: string, fields: Record<string, unknown>): void {
  webLog('warn', msg, fields);
}

/** A call to the API that threw (unreachable, timeout), logged with the store and request id. */
export function logShopperFailure(msg: string, shopper: StoreRequest, err: unknown): void {
  logWarn(msg, { store: shopper.slug, requestId: shopper.forwarded.requestId, err: (err as Error).message });
}
