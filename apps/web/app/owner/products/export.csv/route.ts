import { errorBodySchema } from '@sokoni/contracts';
import { loginPath, refreshPath } from '@/lib/owner-api';
import { accessTokenAge, flashCookie, readSession } from '@/lib/owner-session';
import { apiUrl } from '@/lib/config';
import { forwardedFrom } from '@/lib/request';
import { seeOther } from '@/lib/route';
import { REQUEST_ID_HEADER } from '@/lib/store-context';

/**
 * GET /owner/products/export.csv: the store's catalog as the import's CSV (GET
 * /v1/owner/catalog/export.csv), as a download. The owner's template for a bulk edit.
 * A stale token goes through the refresh route and comes back, like a page.
 */
export const dynamic = 'force-dynamic';

const HERE = '/owner/products/export.csv';
const BACK = '/owner/products/import';

export async function GET(request: Request): Promise<Response> {
  const session = readSession(request.headers.get('cookie'));
  if (!session) return seeOther(loginPath(BACK));
  if (!session.accessToken) return seeOther(refreshPath(HERE));
  const forwarded = forwardedFrom(request.headers);
  let res: Response;
  try {
    res = await fetch(`${apiUrl()}/v1/owner/catalog/export.csv`, {
      headers: {
        authorization: `Bearer ${session.accessToken}`,
        accept: 'text/csv',
        ...(forwarded.requestId ? { [REQUEST_ID_HEADER]: forwarded.requestId } : {}),
        ...(forwarded.forwardedFor ? { 'x-forwarded-for': forwarded.forwardedFor } : {}),
      },
      cache: 'no-store',
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    const flash = flashCookie('error', 'Could not reach Sokoni. Check your connection and try again.');
    return seeOther(`${BACK}?f=${flash.id}`, [flash.cookie]);
  }
  if (res.status === 401) {
    const age = accessTokenAge(session.accessToken);
    return seeOther(age !== null && age < 30 ? loginPath(BACK, 'expired') : refreshPath(HERE));
  }
  if (!res.ok) {
    // The API's own words (a 403 for a role without catalog.read, say).
    let text = `Sokoni answered with an error (${res.status}). Try again in a minute.`;
    try {
      const parsed = errorBodySchema.safeParse(JSON.parse(await res.text()));
      if (parsed.success) text = parsed.data.error.message;
    } catch {
      /* not JSON */
    }
    const flash = flashCookie('error', `Could not download your products: ${text}`);
    return seeOther(`${BACK}?f=${flash.id}`, [flash.cookie]);
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(res.body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${session.store}-products-${day}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
}
