import { sameOrigin, readRequestForm } from '@/lib/http';
import { flashCookie, sessionCookies } from '@/lib/owner-session';
import { forwardedFrom } from '@/lib/request';
import { forbidden, logWarn, seeOther } from '@/lib/route';
import { acceptInvite } from '@/lib/wizard-api';
import { inviteStore, validInviteToken } from '@/lib/wizard-invite';

/**
 * POST /owner/invite/<token>/accept: the invite's password form -> POST
 * /v1/owner/auth/invites/accept -> the dashboard's session cookies (as after /owner/login) ->
 * /owner. A refusal (used, cancelled or expired invite; weak password) comes back to the invite
 * page with the API's words.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  if (!sameOrigin(request.headers)) return forbidden();
  const { token } = await params;
  if (!validInviteToken(token)) return seeOther('/owner/login');
  const page = `/owner/invite/${token}`;
  const back = (message: string) => {
    const flash = flashCookie('error', message);
    return seeOther(`${page}?f=${flash.id}`, [flash.cookie]);
  };
  const form = await readRequestForm(request);
  const password = form?.get('password') ?? '';
  const confirm = form?.get('confirm');
  if (password.length < 10) return back('Choose a password of at least 10 characters.');
  if (confirm !== null && confirm !== undefined && confirm !== password)
    return back('The two passwords are not the same. Type them again.');
  const answer = await acceptInvite(token, password, forwardedFrom(request.headers));
  if (!answer.ok) {
    if (answer.problem.status >= 500 || answer.problem.status === 0)
      logWarn('invite accept: API problem', { status: answer.problem.status });
    return back(answer.problem.message);
  }
  return seeOther('/owner', sessionCookies(inviteStore(token), answer.data));
}
