import { errorBodySchema, validationIssues } from '@sokoni/contracts';
import { loginPath, refreshPath } from '@/lib/owner-api';
import { accessTokenAge, flashCookie, readSession } from '@/lib/owner-session';
import { apiUrl } from '@/lib/config';
import { forwardedFrom } from '@/lib/request';
import { seeOther } from '@/lib/route';
import { REQUEST_ID_HEADER } from '@/lib/store-context';

/** One owner CSV download: where it comes from, where the owner goes back to, what it is called. */
export interface OwnerCsvDownload {
  /** The API path answering text/csv. */
  apiPath: string;
  /** This route's own path (the refresh route comes back here). */
  here: string;
  /** The page a problem is shown on (flash) and login returns to. */
  back: string;
  /** "your products", "the codes": the flash says "Could not download <what>: ...". */
  what: string;
  timeoutMs: number;
  /** The file name, from the signed-in store's slug. */
  filename: (store: string) => string;
}

/**
 * Streams an owner CSV from the API as a download (never held in memory). A stale token goes
 * through the refresh route and comes back, like a page; a refusal comes back to `back` with the
 * API's own words (a 403 for a role without the permission, say).
 */
export async function ownerCsvDownload(request: Request, d: OwnerCsvDownload): Promise<Response> {
  const session = readSession(request.headers.get('cookie'));
  if (!session) return seeOther(loginPath(d.back));
  if (!session.accessToken) return seeOther(refreshPath(d.here));
  const forwarded = forwardedFrom(request.headers);
  let res: Response;
  try {
    res = await fetch(`${apiUrl()}${d.apiPath}`, {
      headers: {
        authorization: `Bearer ${session.accessToken}`,
        accept: 'text/csv',
        ...(forwarded.requestId ? { [REQUEST_ID_HEADER]: forwarded.requestId } : {}),
        ...(forwarded.forwardedFor ? { 'x-forwarded-for': forwarded.forwardedFor } : {}),
      },
      cache: 'no-store',
      signal: AbortSignal.timeout(d.timeoutMs),
    });
  } catch {
    const flash = flashCookie('error', 'Could not reach Sokoni. Check your connection and try again.');
    return seeOther(`${d.back}?f=${flash.id}`, [flash.cookie]);
  }
  if (res.status === 401) {
    const age = accessTokenAge(session.accessToken);
    return seeOther(age !== null && age < 30 ? loginPath(d.back, 'expired') : refreshPath(d.here));
  }
  if (!res.ok) {
    let text = `Sokoni answered with an error (${res.status}). Try again in a minute.`;
    try {
      const parsed = errorBodySchema.safeParse(JSON.parse(await res.text()));
      if (parsed.success) {
        // A refused field is named (an export's "to: must be on or after from"), not "Invalid request query".
        const [issue] =
          parsed.data.error.code === 'validation_failed' ? validationIssues(parsed.data.error.details) : [];
        text = issue ? (issue.path ? `${issue.path}: ${issue.message}` : issue.message) : parsed.data.error.message;
      }
    } catch {
      /* not JSON */
    }
    const flash = flashCookie('error', `Could not download ${d.what}: ${text}`);
    return seeOther(`${d.back}?f=${flash.id}`, [flash.cookie]);
  }
  return new Response(res.body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${d.filename(session.store)}"`,
      'cache-control': 'private, no-store',
    },
  });
}
