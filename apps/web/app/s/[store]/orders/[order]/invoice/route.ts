import { logShopperFailure, notFound, orderRequest, type OrderRouteContext } from '@/lib/route';
import { getInvoiceHtml } from '@/lib/shopper-api';
import { translator } from '@/lib/i18n/core';
import { orderMessages } from '@/lib/i18n/messages/order';
import { shopperLocale } from '@/lib/i18n/route-locale';

/**
 * GET <store>/orders/<id>/invoice: the printable tax invoice, as the API renders it
 * (GET /v1/stores/:store/orders/:id/invoice), served from the store's own origin. The order id
 * (a random UUID) is the key, as on the order page.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: OrderRouteContext): Promise<Response> {
  const found = await orderRequest(request, params);
  if (!found) return notFound();
  const { shopper, order } = found;
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
    logShopperFailure('invoice unavailable', shopper, err);
    return new Response(translator(orderMessages, await shopperLocale(shopper))('invoiceUnavailable'), {
      status: 502,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}
