import { normaliseKenyanPhone } from '@sokoni/contracts';
import { previewView, validArea } from '@/lib/checkout';
import { json, logShopperFailure, notFound, shopperRequest } from '@/lib/route';
import { getCheckoutPreview } from '@/lib/shopper-api';
import { translator } from '@/lib/i18n/core';
import { checkoutMessages } from '@/lib/i18n/messages/checkout';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * GET <store>/checkout/preview?area=&method=&coupon=&phone=: live totals for the checkout
 * island, from the API's preview (GET /v1/stores/:store/checkout/preview with the cart token
 * from the cookie). Answers the rows as the page draws them (lib/checkout.ts previewView), so
 * the browser formats nothing and computes nothing.
 */
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperRequest(request, params);
  if (!shopper) return notFound();
  const locale = await shopperLocale(shopper);
  const q = new URL(request.url).searchParams;
  const method = q.get('method') === 'pickup' ? 'pickup' : 'delivery';
  const area = q.get('area') ?? '';
  const coupon = (q.get('coupon') ?? '').trim().slice(0, 32);
  const phone = normaliseKenyanPhone(q.get('phone') ?? '');
  try {
    const answer = await getCheckoutPreview(
      shopper.slug,
      shopper.token,
      { method, area: validArea(area) ? area : undefined, coupon: coupon || undefined, phone: phone ?? undefined },
      shopper.forwarded,
    );
    if (!answer.ok) return json({ error: refusalText(answer.problem, locale) }, answer.problem.status);
    return json(previewView(answer.data, method, locale));
  } catch (err) {
    logShopperFailure('checkout preview failed', shopper, err);
    return json({ error: translator(checkoutMessages, locale)('offline') }, 502);
  }
}
