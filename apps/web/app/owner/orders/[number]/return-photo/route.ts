import { apiUrl } from '@/lib/config';
import { orderNumberParam } from '@/lib/owner-route';
import { readSession } from '@/lib/owner-session';

/**
 * GET /owner/orders/<n>/return-photo: the shopper's photo of a return, passed through from
 * GET /v1/owner/orders/:n/returns/photo with the signed-in owner's token (the API checks it).
 * An expired token answers 401: reloading the order page refreshes it.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const number = orderNumberParam((await params).number);
  const session = readSession(request.headers.get('cookie'));
  if (number === null || !session?.accessToken)
    return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const res = await fetch(`${apiUrl()}/v1/owner/orders/${number}/returns/photo`, {
    headers: { authorization: `Bearer ${session.accessToken}` },
    cache: 'no-store',
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  const type = res?.headers.get('content-type') ?? '';
  if (!res || !res.ok || !/^image\/(jpeg|png|webp)$/.test(type))
    return new Response('No photo', {
      status: res?.status === 401 ? 401 : 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  return new Response(await res.arrayBuffer(), {
    headers: {
      'content-type': type,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
    },
  });
}
