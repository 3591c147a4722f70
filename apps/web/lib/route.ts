/**
 * Helpers for the storefront's route handlers (app/s/[store]/cart, checkout, orders): the store
 * and URL form of the request, the shopper's cookies, and answers that set them.
 */
import { validStoreSlug } from './api';
import { cartTokenFrom, parseCookies } from './cookies';
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
