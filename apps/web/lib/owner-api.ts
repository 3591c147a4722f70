/**
 * The owner dashboard's door to the API: Bearer calls under the session kept in cookies
 * (lib/owner-session.ts). Nothing is cached: every answer is one store's private data.
 *
 * Expired access tokens are refreshed transparently, once per request however many calls are in
 * flight (the API spends a refresh token on use, so two refreshes would end the session):
 *  - in a route handler (form posts) the refresh happens here and its Set-Cookie headers are
 *    collected in `setCookies` for the redirect that answers the post;
 *  - a Server Component cannot set cookies, so a page is sent through GET /owner/session/refresh,
 *    which refreshes, sets the cookies and comes back to the page.
 * A refused refresh ends the session: back to the login page.
 *
 * Non-2xx answers come back as data with the API's own message (lockouts, 403 "Your role (staff)
 * may not do this", stock and status conflicts), for the page to show as it is.
 *
 * 2xx answers are parsed with the call's contract schema (@sokoni/contracts, the shapes the API
 * declares). An answer that does not match is logged and comes back as a problem
 * (502 unexpected_answer) like any refusal, so the page shows its problem box or the form post
 * its flash, never a 500 page.
 */
import { redirect } from 'next/navigation';
import { errorBodySchema } from '@sokoni/contracts';
import type { Forwarded } from './api';
import { apiUrl } from './config';
import {
  accessTokenAge,
  clearSessionCookies,
  sessionCookies,
  type ApiSession,
  type OwnerSession,
} from './owner-session';
import { REQUEST_ID_HEADER } from './store-context';
import { webLog } from './log';

const TIMEOUT_MS = 15_000;
const UPLOAD_TIMEOUT_MS = 60_000;
export const UNREACHABLE = 'Could not reach Sokoni. Check your connection and try again.';

export interface OwnerProblem {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export type OwnerAnswer<T> = { ok: true; status: number; data: T } | { ok: false; problem: OwnerProblem };

/** The part of a zod schema we use (as in lib/api.ts). */
export interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

export const UNEXPECTED_ANSWER = 'Sokoni answered in a way this page does not understand. Try again in a minute.';

export interface RequestOptions {
  body?: unknown;
  /** A raw body (photo upload, CSV) with its content type, instead of JSON. */
  raw?: { body: string | Blob; contentType: string };
  /** Overrides the JSON call timeout (uploads always get UPLOAD_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The answer's contract; without one the body is passed on unchecked (the wizard's calls). */
  schema?: Schema<unknown>;
}

function headersFor(forwarded: Forwarded, extra: Record<string, string>): Record<string, string> {
  return {
    accept: 'application/json',
    ...(forwarded.requestId ? { [REQUEST_ID_HEADER]: forwarded.requestId } : {}),
    ...(forwarded.forwardedFor ? { 'x-forwarded-for': forwarded.forwardedFor } : {}),
    ...extra,
  };
}

async function toAnswer<T>(
  res: Response,
  method: string,
  path: string,
  schema: Schema<unknown> | undefined,
): Promise<OwnerAnswer<T>> {
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (res.ok && schema) {
    const parsed = schema.safeParse(body);
    if (parsed.success) return { ok: true, status: res.status, data: parsed.data as T };
    webLog('warn', 'owner API answer does not match its contract', {
      method,
      path: path.split('?')[0],
      status: res.status,
      err: parsed.error.message.slice(0, 500),
    });
    return { ok: false, problem: { status: 502, code: 'unexpected_answer', message: UNEXPECTED_ANSWER, details: {} } };
  }
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const details = parsed.data.error.details;
    return {
      ok: false,
      problem: {
        status: res.status,
        code: parsed.data.error.code,
        message: parsed.data.error.message,
        details: details && typeof details === 'object' ? (details as Record<string, unknown>) : {},
      },
    };
  }
  return {
    ok: false,
    problem: {
      status: res.status,
      code: 'unexpected',
      message: `Sokoni answered with an error (${res.status}). Try again in a minute.`,
      details: {},
    },
  };
}

/** One call to the API with the owner's Bearer token (or none); also the wizard's transport (lib/wizard-api.ts). */
export async function send<T>(
  method: string,
  path: string,
  forwarded: Forwarded,
  token: string | undefined,
  options: RequestOptions = {},
): Promise<OwnerAnswer<T>> {
  const extra: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let body: BodyInit | undefined;
  if (options.raw) {
    extra['content-type'] = options.raw.contentType;
    body = options.raw.body;
  } else if (options.body !== undefined) {
    extra['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  try {
    const res = await fetch(`${apiUrl()}${path}`, {
      method,
      headers: headersFor(forwarded, extra),
      body,
      cache: 'no-store',
      signal: AbortSignal.timeout(options.raw ? UPLOAD_TIMEOUT_MS : (options.timeoutMs ?? TIMEOUT_MS)),
    });
    return await toAnswer<T>(res, method, path, options.schema);
  } catch {
    return { ok: false, problem: { status: 0, code: 'unreachable', message: UNREACHABLE, details: {} } };
  }
}

/** POST /v1/owner/auth/login: email or phone (2547XXXXXXXX) and password. */
export function login(
  store: string,
  who: { email: string } | { phone: string },
  password: string,
  forwarded: Forwarded,
): Promise<OwnerAnswer<ApiSession>> {
  return send<ApiSession>('POST', '/v1/owner/auth/login', forwarded, undefined, { body: { store, ...who, password } });
}

export function refresh(store: string, refreshToken: string, forwarded: Forwarded): Promise<OwnerAnswer<ApiSession>> {
  return send<ApiSession>('POST', '/v1/owner/auth/refresh', forwarded, undefined, { body: { store, refreshToken } });
}

export function logout(store: string, refreshToken: string, forwarded: Forwarded): Promise<OwnerAnswer<unknown>> {
  return send('POST', '/v1/owner/auth/logout', forwarded, undefined, { body: { store, refreshToken } });
}

export const refreshPath = (here: string) => `/owner/session/refresh?next=${encodeURIComponent(here)}`;
export const loginPath = (here: string, reason?: 'expired') =>
  `/owner/login?next=${encodeURIComponent(here)}${reason ? `&${reason}=1` : ''}`;

/**
 * Calls for one request. `mode: 'page'` (Server Components) redirects through the refresh route
 * when the token is stale; `mode: 'route'` refreshes in place and leaves cookies in setCookies.
 */
export class OwnerApi {
  readonly setCookies: string[] = [];
  /** True once a refresh was refused: the route handler sends the owner to the login page. */
  sessionEnded = false;
  private token: string | undefined;
  private refreshing: Promise<boolean> | null = null;

  constructor(
    readonly session: OwnerSession,
    private readonly forwarded: Forwarded,
    private readonly mode: 'page' | 'route',
    /** The page's own path, to come back to after a refresh or login. */
    private readonly here = '/owner',
  ) {
    this.token = session.accessToken;
  }

  // Each call names the contract its answer is parsed with (the last argument).

  /** A public API path (no token): the storefront's own reads, e.g. partner agent points. */
  anonymous<T>(path: string, schema?: Schema<T>): Promise<OwnerAnswer<T>> {
    return send<T>('GET', path, this.forwarded, undefined, { schema });
  }

  get<T>(path: string, schema?: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request<T>('GET', path, { schema });
  }

  post<T>(path: string, body?: unknown, schema?: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request<T>('POST', path, { body: body ?? {}, schema });
  }

  put<T>(path: string, body: unknown, schema?: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request<T>('PUT', path, { body, schema });
  }

  patch<T>(path: string, body: unknown, schema?: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request<T>('PATCH', path, { body, schema });
  }

  upload<T>(path: string, file: Blob, contentType: string, schema?: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request<T>('POST', path, { raw: { body: file, contentType }, schema });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<OwnerAnswer<T>> {
    if (!this.token) {
      if (this.mode === 'page') redirect(refreshPath(this.here));
      if (!(await this.refreshOnce())) return this.ended<T>();
    }
    let answer = await send<T>(method, path, this.forwarded, this.token, options);
    if (answer.ok || answer.problem.status !== 401) return answer;
    if (this.mode === 'page') {
      // A token minted seconds ago and still refused will not get better by refreshing again.
      const age = this.token ? accessTokenAge(this.token) : null;
      redirect(age !== null && age < 30 ? loginPath(this.here, 'expired') : refreshPath(this.here));
    }
    if (!(await this.refreshOnce())) return this.ended<T>();
    answer = await send<T>(method, path, this.forwarded, this.token, options);
    return answer;
  }

  private refreshOnce(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const answer = await refresh(this.session.store, this.session.refreshToken, this.forwarded);
      if (!answer.ok) {
        // Unreachable is not a verdict on the session: keep the cookies, fail this request.
        if (answer.problem.status === 401 || answer.problem.status === 400) {
          this.sessionEnded = true;
          this.setCookies.push(...clearSessionCookies());
        }
        return false;
      }
      this.token = answer.data.accessToken;
      this.setCookies.push(...sessionCookies(this.session.store, answer.data));
      return true;
    })();
    return this.refreshing;
  }

  private ended<T>(): OwnerAnswer<T> {
    return {
      ok: false,
      problem: this.sessionEnded
        ? {
            status: 401,
            code: 'unauthorized',
            message: 'Session expired: log in again',
            details: { reason: 'session_ended' },
          }
        : { status: 0, code: 'unreachable', message: UNREACHABLE, details: {} },
    };
  }
}
