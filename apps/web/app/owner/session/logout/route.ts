import { logout } from '@/lib/owner-api';
import { clearSessionCookies, readSession } from '@/lib/owner-session';
import { sameOrigin } from '@/lib/http';
import { forwardedFrom } from '@/lib/request';
import { forbidden, seeOther } from '@/lib/route';

/** POST /owner/session/logout: spends the refresh token at the API and clears the cookies. */
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request.headers)) return forbidden();
  const session = readSession(request.headers.get('cookie'));
  // The cookies go whatever the API says: an unreachable API must not keep anyone logged in here.
  if (session) await logout(session.store, session.refreshToken, forwardedFrom(request.headers));
  return seeOther(
    `/owner/login?out=1${session ? `&store=${encodeURIComponent(session.store)}` : ''}`,
    clearSessionCookies(),
  );
}
