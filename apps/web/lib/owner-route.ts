/**
 * Helpers for the owner dashboard's route handlers (the forms' targets): the same-origin check,
 * the session, and the Post/Redirect/Get answer with a one-time flash for the page it lands on.
 */
import { SKU_RE, validationIssues } from '@sokoni/contracts';
import { forwardedFrom } from './request';
import { readRequestForm, sameOrigin } from './http';
import { loginPath, OwnerApi, type OwnerProblem } from './owner-api';
import { flashCookie, readSession, type OwnerSession } from './owner-session';
import { forbidden, notFound, seeOther } from './route';
import { sessionPostAnswers } from './session-client';

export interface OwnerPost {
  api: OwnerApi;
  session: OwnerSession;
  /**
   * The urlencoded (or multipart, text fields only) form; empty when unreadable (too big, not a
   * form) or not read (`readForm: false`: the handler reads the body itself), so a missing field
   * and an unreadable form are refused alike, by the handler's own field checks.
   */
  form: URLSearchParams;
  /** 303 to `path` with a flash (and any refreshed session cookies); to login if the session ended. */
  done(path: string, kind: 'ok' | 'error', text: string, extraCookies?: string[]): Response;
  /** done() with the API's message for a refused call. */
  failed(path: string, problem: OwnerProblem): Response;
}

/** Starts a form post: refuses cross-site posts; no session -> the login page. */
export async function ownerPost(
  request: Request,
  here: string,
  options: { readForm?: boolean } = {},
): Promise<OwnerPost | Response> {
  if (!sameOrigin(request.headers)) return forbidden();
  const session = readSession(request.headers.get('cookie'));
  if (!session) return seeOther(loginPath(here));
  const api = new OwnerApi(session, forwardedFrom(request.headers), 'route', here);
  const form = (options.readForm === false ? null : await readRequestForm(request)) ?? new URLSearchParams();
  return { api, session, form, ...sessionPostAnswers(api, loginPath(here, 'expired'), flashCookie, problemText) };
}

/**
 * A dashboard form post's route handler (`export const POST = ownerFormRoute(PAGE, ...)`):
 * ownerPost for `page` (same site, signed in, the form read), then `handle` with the post.
 */
export function ownerFormRoute(page: string, handle: (post: OwnerPost) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const post = await ownerPost(request, page);
    return post instanceof Response ? post : handle(post);
  };
}

const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * ownerPost about one thing named by a slug in the route (a product, a delivery zone or area):
 * 404 unless it is a well-formed slug of at most `maxLength` characters.
 */
export async function slugPost(
  request: Request,
  slug: string,
  maxLength: number,
  page: string,
): Promise<OwnerPost | Response> {
  if (!SLUG_RE.test(slug) || slug.length > maxLength) return notFound();
  return ownerPost(request, page);
}

/**
 * The route handler of a form post about one slug-named thing on `page` (a delivery zone or
 * area; route parameter `key`): slugPost (404 unless a slug of at most 60 characters), then
 * `handle` with the slug and the post.
 */
export function ownerSlugRoute<K extends string>(
  key: K,
  page: string,
  handle: (slug: string, post: OwnerPost) => Promise<Response>,
) {
  return async (request: Request, { params }: { params: Promise<Record<K, string>> }): Promise<Response> => {
    const slug = (await params)[key];
    const post = await slugPost(request, slug, 60, page);
    return post instanceof Response ? post : handle(slug, post);
  };
}

/** The API's message, with the field it names when that helps ("validation_failed"). */
export function problemText(problem: OwnerProblem): string {
  if (problem.code === 'validation_failed') {
    const [first] = validationIssues(problem.details);
    if (first) return first.path ? `${first.path}: ${first.message}` : first.message;
  }
  return problem.message;
}

/** A text field, trimmed ('' when missing). */
export const textField = (form: URLSearchParams, name: string): string => (form.get(name) ?? '').trim();

/** A positive integer from a form field (KES, quantities), or null. */
export function intField(form: URLSearchParams, name: string, { allowNegative = false } = {}): number | null {
  const raw = (form.get(name) ?? '').replace(/[\s,]/g, '').replace(/^KES/i, '');
  if (!/^-?\d{1,9}$/.test(raw)) return null;
  const n = Number(raw);
  if (!allowNegative && n < 0) return null;
  return n;
}

/** An order number from the route, or null. */
export function orderNumberParam(raw: string): number | null {
  return /^\d{1,10}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 2_000_000_000 ? Number(raw) : null;
}

/** A variant's SKU as the API takes it. */
export { SKU_RE };

/**
 * The start of every form post about one product (/owner/products/<slug>/price, /stock, /sale,
 * ...): a well-formed slug (404 otherwise), then ownerPost (same site, signed in), and the form.
 */
export async function productPost(
  request: Request,
  params: Promise<{ product: string }>,
): Promise<{ slug: string; page: string; post: OwnerPost; form: URLSearchParams } | Response> {
  const slug = (await params).product;
  const page = `/owner/products/${slug}`;
  const post = await slugPost(request, slug, 120, page);
  if (post instanceof Response) return post;
  return { slug, page, post, form: post.form };
}

/** The start of every form post about one order (/owner/orders/<n>/dispatch, /refund, ...): a real order number (404 otherwise), then ownerPost, and the form. */
export async function orderPost(
  request: Request,
  params: Promise<{ number: string }>,
): Promise<{ number: number; page: string; post: OwnerPost; form: URLSearchParams } | Response> {
  const number = orderNumberParam((await params).number);
  if (number === null) return notFound();
  const page = `/owner/orders/${number}`;
  const post = await ownerPost(request, page);
  if (post instanceof Response) return post;
  return { number, page, post, form: post.form };
}
