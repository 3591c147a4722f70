import { UUID_RE } from '@/lib/payment';
import { json, logShopperFailure, notFound, orderRequest } from '@/lib/route';
import { getPayment } from '@/lib/shopper-api';
import { paymentMessage } from '@/lib/payment';
import { translator } from '@/lib/i18n/core';
import { orderMessages } from '@/lib/i18n/messages/order';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * GET <store>/orders/<id>/payments/<payment>: one M-Pesa attempt for the order page island,
 * polled every 2 s while it is pending (GET /v1/stores/:store/orders/:id/payments/:payment; the
 * API asks M-Pesa itself when the callback is late). Only what the island needs:
 * `{ status, outcome, message, receipt }`. Never cached.
 */
export const dynamic = 'force-dynamic';

export async function GET(
  request: Request,
  { params }: { params: Promise<{ store: string; order: string; payment: string }> },
): Promise<Response> {
  const found = await orderRequest(request, params);
  const { payment } = await params;
  if (!found || !UUID_RE.test(payment)) return notFound();
  const { shopper, order } = found;
  try {
    const answer = await getPayment(shopper.slug, order, payment, shopper.forwarded);
    if (!answer.ok)
      return json({ error: refusalText(answer.problem, await shopperLocale(shopper)) }, answer.problem.status);
    const p = answer.data.payment;
    const message = paymentMessage(p, await shopperLocale(shopper));
    return json({ status: p.status, outcome: p.outcome, message, receipt: p.receiptNumber });
  } catch (err) {
    logShopperFailure('payment: status unavailable', shopper, err);
    return json({ error: translator(orderMessages, await shopperLocale(shopper))('checkFailed') }, 502);
  }
}
