import { areaOptionLabel } from '@/lib/checkout';
import { json, logShopperFailure, notFound, shopperRequest } from '@/lib/route';
import { getDeliveryAreas } from '@/lib/shopper-api';
import { translator } from '@/lib/i18n/core';
import { checkoutMessages } from '@/lib/i18n/messages/checkout';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * GET <store>/checkout/areas?q=westie&subtotal=4097: the checkout's area type-ahead, from the
 * API's picker (GET /v1/stores/:store/delivery/areas), each match with this store's fee and ETA
 * already worded ("Westlands · KES 200 · Today"). Not shopper-specific: browsers may keep an
 * answer for a minute.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperRequest(request, params);
  if (!shopper) return notFound();
  const locale = await shopperLocale(shopper);
  const search = new URL(request.url).searchParams;
  const q = (search.get('q') ?? '').slice(0, 60);
  const subtotalRaw = search.get('subtotal') ?? '';
  const subtotal = /^\d{1,9}$/.test(subtotalRaw) ? Number(subtotalRaw) : undefined;
  if (!q.trim()) return json({ areas: [] });
  try {
    const answer = await getDeliveryAreas(shopper.slug, q, subtotal, shopper.forwarded);
    if (!answer.ok) return json({ error: refusalText(answer.problem, locale) }, answer.problem.status);
    const { areas, pickup } = answer.data;
    const res = json({
      areas: areas.map((a) => ({
        slug: a.slug,
        name: a.name,
        label: areaOptionLabel(a, pickup, locale),
        deliverable: a.deliverable,
      })),
    });
    res.headers.set('cache-control', 'private, max-age=60');
    return res;
  } catch (err) {
    logShopperFailure('area search failed', shopper, err);
    return json({ error: translator(checkoutMessages, locale)('areaSearchFailed') }, 502);
  }
}
