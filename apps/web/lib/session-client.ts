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
import {
  callApi,
  UNREACHABLE,
  type OwnerAnswer,
  type OwnerProblem,
  type RequestOptions,
  type Schema,
} from './api-call';
import type { LoginWho } from './login-who';
import { accessTokenAge, type ApiSession, type Flash, type OwnerSession } from './owner-session';
import { seeOther, seeOtherWithFlash } from './route';

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

/** A call's options with the session's own timeout, when it has one (the call's own wins). */
export function withTimeout<T>(timeoutMs: number | undefined, options: RequestOptions<T>): RequestOptions<T> {
  return timeoutMs === undefined ? options : { timeoutMs, ...options };
}

/** POST /v1/owner/auth/login: email or phone (2547XXXXXXXX) and password. */
export function loginApiSession(
  store: string,
  who: LoginWho,
  password: string,
  forwarded: Forwarded,
  timeoutMs?: number,
): Promise<OwnerAnswer<ApiSession>> {
  const options = { body: { store, ...who, password }, schema: ownerSessionSchema };
  return callApi('POST', '/v1/owner/auth/login', forwarded, undefined, withTimeout(timeoutMs, options));
}

/** POST /v1/owner/auth/refresh: a new access token for the refresh token (which it spends). */
export function refreshApiSession(
  store: string,
  refreshToken: string,
  forwarded: Forwarded,
  timeoutMs?: number,
): Promise<OwnerAnswer<ApiSession>> {
  const options = { body: { store, refreshToken }, schema: ownerSessionSchema };
  return callApi('POST', '/v1/owner/auth/refresh', forwarded, undefined, withTimeout(timeoutMs, options));
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
    const send = () => callApi(method, path, this.forwarded, this.token, withTimeout(timeoutMs, options));
    let answer = await send();
    if (answer.ok || answer.problem.status !== 401) return answer;
    if (this.mode === 'page') {
      // A token minted seconds ago and still refused will not get better by refreshing again.
      const age = this.token ? accessTokenAge(this.token) : null;
      redirect(age !== null && age < 30 ? expiredLoginPath(this.here) : refreshPath(this.here));
    }
    if (!(await this.refreshOnce())) return this.ended<T>();
    answer = await send();
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

/**
 * The answers of a form post under a session (Post/Redirect/Get), for the dashboard's and the
 * wizard's route handlers: 303 with a one-time flash and any refreshed session cookies, or to
 * `endedPath` (a login page) once a refresh was refused.
 */
export function sessionPostAnswers(
  api: SessionClient,
  endedPath: string,
  flashCookie: (kind: Flash['kind'], text: string) => { id: string; cookie: string },
  problemText: (problem: OwnerProblem) => string,
) {
  const ended = () => seeOther(endedPath, api.setCookies);
  const done = (path: string, kind: Flash['kind'], text: string, extraCookies: string[] = []) =>
    api.sessionEnded ? ended() : seeOtherWithFlash(path, flashCookie(kind, text), [...api.setCookies, ...extraCookies]);
  return {
    done,
    /** done() with the API's message for a refused call. */
    failed: (path: string, problem: OwnerProblem) => done(path, 'error', problemText(problem)),
    /** 303 to `path` with any refreshed session cookies, no message. */
    go: (path: string) => (api.sessionEnded ? ended() : seeOther(path, api.setCookies)),
  };
}
