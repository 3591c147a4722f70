/**
 * The owner dashboard's door to the API: Bearer calls under the session kept in cookies
 * (lib/owner-session.ts). Nothing is cached: every answer is one store's private data.
 *
 * Expired access tokens are refreshed transparently, once per request (lib/session-client.ts):
 * a route handler refreshes in place, a page goes through GET /owner/session/refresh. A refused
 * refresh ends the session: back to the login page.
 *
 * Non-2xx answers come back as data with the API's own message (lockouts, 403 "Your role (staff)
 * may not do this", stock and status conflicts), for the page to show as it is.
 *
 * Every call names the contract its answer is parsed with (@sokoni/contracts; lib/api-call.ts):
 * an answer that does not match is logged and comes back as a problem (502 unexpected_answer)
 * like any refusal, so the page shows its problem box or the form post its flash, never a 500
 * page.
 */
import { noContentSchema } from '@sokoni/contracts';
import type { Forwarded } from './api';
import { callApi, type OwnerAnswer, type Schema } from './api-call';
import { clearSessionCookies, sessionCookies, type ApiSession, type OwnerSession } from './owner-session';
import { refreshApiSession, SessionClient, type SessionClientConfig } from './session-client';

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
export { loginApiSession as login } from './session-client';

export function refresh(store: string, refreshToken: string, forwarded: Forwarded): Promise<OwnerAnswer<ApiSession>> {
  return refreshApiSession(store, refreshToken, forwarded);
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

/** The dashboard's session: cookies on /owner, refreshed through /owner/session/refresh. */
const OWNER_SESSION: SessionClientConfig = {
  refreshPath,
  expiredLoginPath: (here) => loginPath(here, 'expired'),
  sessionCookies,
  clearSessionCookies,
  endedMessage: 'Session expired: log in again',
};

/**
 * Calls for one request. `mode: 'page'` (Server Components) redirects through the refresh route
 * when the token is stale; `mode: 'route'` refreshes in place and leaves cookies in setCookies.
 */
export class OwnerApi extends SessionClient {
  constructor(
    session: OwnerSession,
    forwarded: Forwarded,
    mode: 'page' | 'route',
    /** The page's own path, to come back to after a refresh or login. */
    here = '/owner',
  ) {
    super(OWNER_SESSION, session, forwarded, mode, here);
  }

  /** A public API path (no token): the storefront's own reads, e.g. partner agent points. */
  anonymous<T>(path: string, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return callApi('GET', path, this.forwarded, undefined, { schema });
  }

  patch<T>(path: string, body: unknown, schema: Schema<T>): Promise<OwnerAnswer<T>> {
    return this.request('PATCH', path, { body, schema });
  }
}
