import { errorBodySchema } from '@sokoni/contracts';
import { loginPath, refreshPath } from '@/lib/owner-api';
import { accessTokenAge, flashCookie, readSession } from '@/lib/owner-session';
import { apiUrl } from '@/lib/config';
import { PROMOTIONS_PAGE } from '@/lib/owner-promotions';
import { forwardedFrom } from '@/lib/request';
import { notFound, seeOther } from '@/lib/route';
import { REQUEST_ID_HEADER } from '@/lib/store-context';

/**
 * GET /owner/promotions/batches/<id>/codes.csv: a batch's single-use codes (code, status, used)
 * as a download (GET /v1/owner/promotions/coupon-batches/<id>/codes.csv). A stale token goes
 * through the refresh route and comes back, like a page.
 */
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function GET(request: Request, { params }: { params: Promise<{ batch: string }> }): Promise<Response> {
  const { batch } = await params;
  if (!UUID.test(batch)) return notFound();
  const here = `/owner/promotions/batches/${batch}/codes.csv`;
  const session = readSession(request.headers.get('cookie'));
  if (!session) return seeOther(loginPath(PROMOTIONS_PAGE));
  if (!session.accessToken) return seeOther(refreshPath(here));
  const forwarded = forwardedFrom(request.headers);
  let res: Response;
  try {
    res = await fetch(`${apiUrl()}/v1/owner/promotions/coupon-batches/${batch}/codes.csv`, {
      headers: {
        authorization: `Bearer ${session.accessToken}`,
        accept: 'text/csv',
        ...(forwarded.requestId ? { [REQUEST_ID_HEADER]: forwarded.requestId } : {}),
        ...(forwarded.forwardedFor ? { 'x-forwarded-for': forwarded.forwardedFor } : {}),
      },
      cache: 'no-store',
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    const flash = flashCookie('error', 'Could not reach Sokoni. Check your connection and try again.');
    return seeOther(`${PROMOTIONS_PAGE}?f=${flash.id}`, [flash.cookie]);
  }
  if (res.status === 401) {
    const age = accessTokenAge(session.accessToken);
    return seeOther(age !== null && age < 30 ? loginPath(PROMOTIONS_PAGE, 'expired') : refreshPath(here));
  }
  if (!res.ok) {
    let text = `Sokoni answered with an error (${res.status}). Try again in a minute.`;
    try {
      const parsed = errorBodySchema.safeParse(JSON.parse(await res.text()));
      if (parsed.success) text = parsed.data.error.message;
    } catch {
      /* not JSON */
    }
    const flash = flashCookie('error', `Could not download the codes: ${text}`);
    return seeOther(`${PROMOTIONS_PAGE}?f=${flash.id}`, [flash.cookie]);
  }
  return new Response(res.body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${session.store}-coupon-codes-${batch.slice(0, 8)}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
}
