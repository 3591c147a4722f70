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
 * Every call names the contract its answer is parsed with (@sokoni/contracts; lib/api-call.ts):
 * an answer that does not match is logged and comes back as a problem (502 unexpected_answer)
 * like any refusal, so the page shows its problem box or the form post its flash, never a 500
 * page.
 */
import { redirect } from 'next/navigation';
import { noContentSchema, ownerSessionSchema } from '@sokoni/contracts';
import type { Forwarded } from './api';
import { callApi, UNREACHABLE, type OwnerAnswer, type RequestOptions, type Schema } from './api-call';
import {
  accessTokenAge,
  clearSessionCookies,
  sessionCookies,
  type ApiSession,
  type OwnerSession,
} from './owner-session';

export {
  callApi as send,
  UNEXPECTED_ANSWER,
  UNREACHABLE,
  type OwnerAnswer,
  type OwnerProblem,
  type RequestOptions,
  type Schema,
} from './api-call';

/** POST /v1/owner/auth/login: email or phone (2547XXXXXXXX) and password. */
export function login(
  store: string,
  who: { email: string } | { phone: string },
  password: string,
  forwarded: Forwarded,
): Promise<OwnerAnswer<ApiSession>> {
  return callApi('POST', '/v1/owner/auth/login', forwarded, undefined, {
    body: { store, ...who, password },
    schema: ownerSessionSchema,
  });
}

export function refresh(store: string, refreshToken: string, forwarded: Forwarded): Promise<OwnerAnswer<ApiSession>> {
  return callApi('POST', '/v1/owner/auth/refresh', forwarded, undefined, {
    body: { store, refreshToken },
    schema: ownerSessionSchema,
  });
}

export function logout(store: string, refreshToken: string, forwarded: Forwarded): Promise<OwnerAnswer<undefined>> {
  return callApi('POST', '/v1/owner/auth/logout', forwarded, undefined, {
    body: { store, refreshToken },
    schema: noContentSchema,
  });
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
  anonymous<T>(path: string, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return callApi('GET', path, this.forwarded, undefined, { schema });
  }

  get<T>(path: string, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request('GET', path, { schema });
  }

  post<T>(path: string, body: unknown, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request('POST', path, { body: body ?? {}, schema });
  }

  put<T>(path: string, body: unknown, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request('PUT', path, { body, schema });
  }

  patch<T>(path: string, body: unknown, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request('PATCH', path, { body, schema });
  }

  upload<T>(path: string, file: Blob, contentType: string, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request('POST', path, { raw: { body: file, contentType }, schema });
  }

  async request<T>(method: string, path: string, options: RequestOptions<T>): Promise<OwnerAnswer<T>> {
    if (!this.token) {
      if (this.mode === 'page') redirect(refreshPath(this.here));
      if (!(await this.refreshOnce())) return this.ended<T>();
    }
    let answer = await callApi(method, path, this.forwarded, this.token, options);
    if (answer.ok || answer.problem.status !== 401) return answer;
    if (this.mode === 'page') {
      // A token minted seconds ago and still refused will not get better by refreshing again.
      const age = this.token ? accessTokenAge(this.token) : null;
      redirect(age !== null && age < 30 ? loginPath(this.here, 'expired') : refreshPath(this.here));
    }
    if (!(await this.refreshOnce())) return this.ended<T>();
    answer = await callApi(method, path, this.forwarded, this.token, options);
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
