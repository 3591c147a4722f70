import { shopperSessionFrom } from '@/lib/cookies';
import { readRequestForm } from '@/lib/http';
import { logShopperFailure, orderPost, seeOther, type OrderRouteContext } from '@/lib/route';
import { cancelMyOrder } from '@/lib/shopper-api';
import { accountFlash, accountText, backToAccount, sessionEnded } from '@/lib/shopper-session';
import type { CancelOutcome } from '@/lib/storefront/order-aftercare';
import { shopperLocale } from '@/lib/i18n/route-locale';

/**
 * POST <store>/orders/<id>/cancel (field reason): the order page's Cancel form, for the signed-in
 * shopper (phone-verified session cookie). The API cancels before dispatch and refunds a paid
 * order (POST /v1/stores/:store/shopper/orders/:id/cancel); 303 back to the order page with
 * ?cancel=<outcome>, which the page turns into words (lib/storefront/order-aftercare.ts).
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: OrderRouteContext): Promise<Response> {
  const post = await orderPost(request, params);
  if (post instanceof Response) return post;
  const { shopper, order, orderPath } = post;
  const locale = await shopperLocale(shopper);
  const ACCOUNT_TEXT = accountText(locale);
  const back = (outcome: CancelOutcome) => seeOther(`${orderPath}?cancel=${outcome}`);
  const session = shopperSessionFrom(shopper.cookies, shopper.slug);
  if (!session) return backToAccount(shopper, accountFlash('phone', ACCOUNT_TEXT.signInFirst));
  const form = await readRequestForm(request);
  const reason = (form?.get('reason') ?? '').trim().slice(0, 300);
  try {
    const answer = await cancelMyOrder(shopper.slug, session, order, reason, shopper.forwarded);
    if (answer.ok) return back(answer.data.refund.status === 'owed' ? 'owed' : 'done');
    const { problem } = answer;
    if (problem.status === 401) return sessionEnded(shopper, problem, locale);
    if (problem.status === 404) return back('not-yours');
    if (problem.status === 409) return back('refused');
    if (problem.status === 429) return back('busy');
    return back('failed');
  } catch (err) {
    logShopperFailure('order: cancel failed', shopper, err);
    return back('failed');
  }
}
