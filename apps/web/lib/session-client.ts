/**
 * Bearer calls to the API under a session kept in cookies: the one client of the owner dashboard
 * (lib/owner-api.ts, cookies on /owner) and of the store wizard (lib/wizard-api.ts, its own cookies
 * on /start). They differ only in their cookies, their refresh and login pages, the timeout and
 * the words shown when the session ends, so those are the client's parameters.
 *
 * Expired access tokens are refreshed transparently, once per request however many calls are in
 * flight (the API spends a refresh token on use, so two refreshes would end the session):
 *  - `mode: 'route'` (a route handler answering a form post) refreshes here and collects the
 *    Set-Cookie headers in `setCookies` for the redirect that answers the post;
 *  - `mode: 'page'` (a Server Component, which cannot set cookies) redirects through the refresh
 *    route, which refreshes, sets the cookies and comes back to the page.
 * A refresh refused with 400/401 ends the session (its cookies are cleared); an unreachable API is
 * not a verdict on the session: the cookies stay and only this request fails.
 */
import { redirect } from 'next/navigation';
import { ownerSessionSchema } from '@sokoni/contracts';
import type { Forwarded } from './api';
import { callApi, UNREACHABLE, type OwnerAnswer, type RequestOptions, type Schema } from './api-call';
import { accessTokenAge, type ApiSession, type OwnerSession } from './owner-session';

/** What tells one session's client from another's. */
export interface SessionClientConfig {
  /** The page that refreshes the session and comes back to `here` (GET, sets the cookies). */
  refreshPath: (here: string) => string;
  /** The login page for a session the API refuses although its token is fresh. */
  expiredLoginPath: (here: string) => string;
  /** Set-Cookie headers for a refreshed session, and those that clear it. */
  sessionCookies: (store: string, session: ApiSession) => string[];
  clearSessionCookies: () => string[];
  /** The problem's message once a refresh was refused. */
  endedMessage: string;
  /** A call timeout other than the transport's default. */
  timeoutMs?: number;
}

/** One call through the transport, with the session's own timeout when it has one. */
export function sendWith<T>(
  timeoutMs: number | undefined,
  method: string,
  path: string,
  forwarded: Forwarded,
  token: string | undefined,
  options: RequestOptions<T>,
): Promise<OwnerAnswer<T>> {
  return callApi(method, path, forwarded, token, timeoutMs === undefined ? options : { timeoutMs, ...options });
}

/** POST /v1/owner/auth/refresh: a new access token for the refresh token (which it spends). */
export function refreshApiSession(
  store: string,
  refreshToken: string,
  forwarded: Forwarded,
  timeoutMs?: number,
): Promise<OwnerAnswer<ApiSession>> {
  return sendWith(timeoutMs, 'POST', '/v1/owner/auth/refresh', forwarded, undefined, {
    body: { store, refreshToken },
    schema: ownerSessionSchema,
  });
}

/** Calls for one request under one session. */
export class SessionClient {
  readonly setCookies: string[] = [];
  /** True once a refresh was refused: the route handler sends the owner to the login page. */
  sessionEnded = false;
  private token: string | undefined;
  private refreshing: Promise<boolean> | null = null;

  constructor(
    private readonly config: SessionClientConfig,
    readonly session: OwnerSession,
    protected readonly forwarded: Forwarded,
    private readonly mode: 'page' | 'route',
    /** The page's own path, to come back to after a refresh or login. */
    private readonly here: string,
  ) {
    this.token = session.accessToken;
  }

  // Each call names the contract its answer is parsed with (the last argument).

  get<T>(path: string, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request('GET', path, { schema });
  }

  post<T>(path: string, body: unknown, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request('POST', path, { body: body ?? {}, schema });
  }

  put<T>(path: string, body: unknown, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request('PUT', path, { body, schema });
  }

  upload<T>(path: string, file: string | Blob, contentType: string, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request('POST', path, { raw: { body: file, contentType }, schema });
  }

  async request<T>(method: string, path: string, options: RequestOptions<T>): Promise<OwnerAnswer<T>> {
    const { refreshPath, expiredLoginPath, timeoutMs } = this.config;
    if (!this.token) {
      if (this.mode === 'page') redirect(refreshPath(this.here));
      if (!(await this.refreshOnce())) return this.ended<T>();
    }
    let answer = await sendWith(timeoutMs, method, path, this.forwarded, this.token, options);
    if (answer.ok || answer.problem.status !== 401) return answer;
    if (this.mode === 'page') {
      // A token minted seconds ago and still refused will not get better by refreshing again.
      const age = this.token ? accessTokenAge(this.token) : null;
      redirect(age !== null && age < 30 ? expiredLoginPath(this.here) : refreshPath(this.here));
    }
    if (!(await this.refreshOnce())) return this.ended<T>();
    answer = await sendWith(timeoutMs, method, path, this.forwarded, this.token, options);
    return answer;
  }

  private refreshOnce(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const { store, refreshToken } = this.session;
      const answer = await refreshApiSession(store, refreshToken, this.forwarded, this.config.timeoutMs);
      if (!answer.ok) {
        // Unreachable is not a verdict on the session: keep the cookies, fail this request.
        if (answer.problem.status === 401 || answer.problem.status === 400) {
          this.sessionEnded = true;
          this.setCookies.push(...this.config.clearSessionCookies());
        }
        return false;
      }
      this.token = answer.data.accessToken;
      this.setCookies.push(...this.config.sessionCookies(store, answer.data));
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
            message: this.config.endedMessage,
            details: { reason: 'session_ended' },
          }
        : { status: 0, code: 'unreachable', message: UNREACHABLE, details: {} },
    };
  }
}
