import { payFlashClearCookie, payFlashSetCookie } from '@/lib/cookies';
import { readRequestForm } from '@/lib/http';
import { CODE_ERROR, normaliseMpesaCode } from '@/lib/payment';
import { logShopperFailure, notFound, orderPost, seeOther } from '@/lib/route';
import { confirmPaymentCode } from '@/lib/shopper-api';

/**
 * POST <store>/orders/<id>/confirm-code: "Already paid? Enter the M-Pesa code" (field code), for
 * a shopper who paid by hand to the till or paybill. Asks
 * POST /v1/stores/:store/orders/:id/payments/confirm-code and 303s back to the order page: with
 * `?payment=<id>` when the store received that payment (the page then shows it paid), otherwise
 * with the API's reason next to the code field (pay flash cookie), the typed code kept.
 */
export const dynamic = 'force-dynamic';

export async function POST(
  request: Request,
  { params }: { params: Promise<{ store: string; order: string }> },
): Promise<Response> {
  const post = await orderPost(request, params);
  if (post instanceof Response) return post;
  const { shopper, order, orderPath } = post;
  const { slug, forwarded } = shopper;

  const form = await readRequestForm(request);
  const typed = (form?.get('code') ?? '').slice(0, 32);
  const back = (message: string) =>
    seeOther(orderPath, [payFlashSetCookie(slug, { order, field: 'code', message, value: typed })]);
  const code = normaliseMpesaCode(typed);
  if (!code) return back(CODE_ERROR);
  try {
    const answer = await confirmPaymentCode(slug, order, code, forwarded);
    if (answer.ok) return seeOther(`${orderPath}?payment=${answer.data.payment.id}`, [payFlashClearCookie(slug)]);
    if (answer.problem.status === 404) return notFound();
    if (answer.problem.status === 429) return back('Too many tries in a minute. Wait a moment, then try again.');
    return back(answer.problem.message);
  } catch (err) {
    logShopperFailure('payment: confirming an M-Pesa code failed', shopper, err);
    return back('We could not check that code just now. Please try again in a minute.');
  }
}
