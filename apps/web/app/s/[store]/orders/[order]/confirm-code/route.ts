import { codeError, normaliseMpesaCode } from '@/lib/payment';
import { translator } from '@/lib/i18n/core';
import { orderMessages } from '@/lib/i18n/messages/order';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { logShopperFailure, notFound, type OrderRouteContext } from '@/lib/route';
import { confirmPaymentCode } from '@/lib/shopper-api';
import { orderPayPost } from '@/lib/storefront/order-pay-post';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * POST <store>/orders/<id>/confirm-code: "Already paid? Enter the M-Pesa code" (field code), for
 * a shopper who paid by hand to the till or paybill. Asks
 * POST /v1/stores/:store/orders/:id/payments/confirm-code and 303s back to the order page: with
 * `?payment=<id>` when the store received that payment (the page then shows it paid), otherwise
 * with the API's reason next to the code field (pay flash cookie), the typed code kept.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: OrderRouteContext): Promise<Response> {
  const post = await orderPayPost(request, params, 'code');
  if (post instanceof Response) return post;
  const { shopper, order, typed, toPayment } = post;
  const { slug, forwarded } = shopper;
  const locale = await shopperLocale(shopper);
  const t = translator(orderMessages, locale);
  const back = (message: string) => post.back('code', message);
  const code = normaliseMpesaCode(typed);
  if (!code) return back(codeError(locale));
  try {
    const answer = await confirmPaymentCode(slug, order, code, forwarded);
    if (answer.ok) return toPayment(answer.data.payment.id);
    if (answer.problem.status === 404) return notFound();
    if (answer.problem.status === 429) return back(t('tooMany'));
    return back(refusalText(answer.problem, locale));
  } catch (err) {
    logShopperFailure('payment: confirming an M-Pesa code failed', shopper, err);
    return back(t('codeUnreachable'));
  }
}
