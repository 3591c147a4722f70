import { UUID_RE } from '@/lib/payment';
import { json, logWarn, notFound, shopperRequest } from '@/lib/route';
import { getPayment } from '@/lib/shopper-api';

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
  const shopper = await shopperRequest(request, params);
  const { order, payment } = await params;
  if (!shopper || !UUID_RE.test(order) || !UUID_RE.test(payment)) return notFound();
  try {
    const answer = await getPayment(shopper.slug, order, payment, shopper.forwarded);
    if (!answer.ok) return json({ error: answer.problem.message }, answer.problem.status);
    const p = answer.data.payment;
    return json({ status: p.status, outcome: p.outcome, message: p.message, receipt: p.receiptNumber });
  } catch (err) {
    logWarn('payment: status unavailable', {
      store: shopper.slug,
      requestId: shopper.forwarded.requestId,
      err: (err as Error).message,
    });
    return json({ error: 'Could not check the payment just now' }, 502);
  }
}
