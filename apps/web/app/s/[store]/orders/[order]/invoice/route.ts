import { logWarn, notFound, shopperRequest } from '@/lib/route';
import { getInvoiceHtml } from '@/lib/shopper-api';

/**
 * GET <store>/orders/<id>/invoice: the printable tax invoice, as the API renders it
 * (GET /v1/stores/:store/orders/:id/invoice), served from the store's own origin. The order id
 * (a random UUID) is the key, as on the order page.
 */
export const dynamic = 'force-dynamic';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(
  request: Request,
  { params }: { params: Promise<{ store: string; order: string }> },
): Promise<Response> {
  const shopper = await shopperRequest(request, params);
  const { order } = await params;
  if (!shopper || !UUID_RE.test(order)) return notFound();
  try {
    const html = await getInvoiceHtml(shopper.slug, order, shopper.forwarded);
    if (html === null) return notFound();
    return new Response(html, {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'private, no-store',
        'x-robots-tag': 'noindex',
        'referrer-policy': 'no-referrer',
      },
    });
  } catch (err) {
    logWarn('invoice unavailable', {
      store: shopper.slug,
      requestId: shopper.forwarded.requestId,
      err: (err as Error).message,
    });
    return new Response('The invoice is not available right now. Try again in a minute.', {
      status: 502,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}
