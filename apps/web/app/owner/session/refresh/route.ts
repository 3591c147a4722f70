import { loginPath, refresh } from '@/lib/owner-api';
import { clearSessionCookies, readSession, safeNext, sessionCookies } from '@/lib/owner-session';
import { forwardedFrom } from '@/lib/request';
import { seeOther } from '@/lib/route';

/**
 * GET /owner/session/refresh?next=<page>: where a page goes when its access token is stale
 * (Server Components cannot set cookies). Trades the refresh token for a new session, sets the
 * cookies and goes back; a refused refresh ends the session (login page). Only ever redirects to
 * an /owner page.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const next = safeNext(new URL(request.url).searchParams.get('next'));
  const session = readSession(request.headers.get('cookie'));
  if (!session) return seeOther(loginPath(next));
  const answer = await refresh(session.store, session.refreshToken, forwardedFrom(request.headers));
  if (answer.ok) return seeOther(next, sessionCookies(session.store, answer.data));
  if (answer.problem.status === 401 || answer.problem.status === 400)
    return seeOther(loginPath(next, 'expired'), clearSessionCookies());
  // The API is unreachable: nothing is known about the session; say so without ending it.
  return new Response('Could not reach Sokoni. Check your connection and reload this page.', {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '5' },
  });
}
