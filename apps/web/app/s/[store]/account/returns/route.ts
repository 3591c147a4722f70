import { MAX_RETURN_PHOTO_BYTES, RETURN_PHOTO_TYPES, type RequestReturn } from '@sokoni/contracts';
import { UUID_RE } from '@/lib/payment';
import { formPageRedirect, logShopperFailure } from '@/lib/route';
import { requestMyReturn } from '@/lib/shopper-api';
import { accountText, accountFlash, backToAccount, sessionEnded, signedInAccountPost } from '@/lib/shopper-session';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { translator } from '@/lib/i18n/core';
import { aftercareMessages } from '@/lib/i18n/messages/aftercare';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * POST <store>/account/returns (multipart: order, qty:<sku> per line, reason, photo): "Ask for a
 * return" on My orders. Sent to POST /v1/stores/:store/shopper/orders/:id/returns with the
 * session; 303 back to My orders with what happened (the API's refusal in the shopper's language).
 */
export const dynamic = 'force-dynamic';

/** The photo travels as base64 in the API's JSON body; the form itself is a little bigger. */
const MAX_BODY = MAX_RETURN_PHOTO_BYTES + 64 * 1024;

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const post = await signedInAccountPost(request, params);
  if (post instanceof Response) return post;
  const { shopper, session } = post;
  const locale = await shopperLocale(shopper);
  const ACCOUNT_TEXT = accountText(locale);
  const t = translator(aftercareMessages, locale);
  const fail = (message: string) => backToAccount(shopper, accountFlash('orders', message));
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY) return fail(t('formTooBig'));
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return fail(t('unreadable'));
  }
  const field = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  const order = field('order');
  if (!UUID_RE.test(order)) return fail(ACCOUNT_TEXT.reorderMissing);
  const lines: RequestReturn['lines'] = [];
  for (const [key, value] of form) {
    if (!key.startsWith('qty:') || typeof value !== 'string') continue;
    const quantity = Number(value);
    if (Number.isInteger(quantity) && quantity > 0) lines.push({ sku: key.slice(4), quantity });
  }
  if (lines.length === 0) return fail(t('chooseLines'));
  const reason = field('reason').trim();
  if (reason.length < 3) return fail(t('sayWhy'));
  const body: RequestReturn = { lines, reason: reason.slice(0, 500) };
  const photo = form.get('photo');
  if (photo && typeof photo !== 'string' && photo.size > 0) {
    if (!(RETURN_PHOTO_TYPES as readonly string[]).includes(photo.type)) return fail(t('photoType'));
    if (photo.size > MAX_RETURN_PHOTO_BYTES) return fail(t('photoTooBig'));
    body.photo = {
      contentType: photo.type as (typeof RETURN_PHOTO_TYPES)[number],
      base64: Buffer.from(await photo.arrayBuffer()).toString('base64'),
    };
  }
  try {
    const answer = await requestMyReturn(shopper.slug, session, order, body, shopper.forwarded);
    if (answer.ok) return backToAccount(shopper, accountFlash('notice', t('returnSent')));
    const { problem } = answer;
    if (problem.status === 401) return sessionEnded(shopper, problem, locale);
    if (problem.status === 404) return fail(ACCOUNT_TEXT.reorderMissing);
    if (problem.status === 429) return fail(ACCOUNT_TEXT.tooMany);
    return fail(refusalText(problem, locale));
  } catch (err) {
    logShopperFailure('account: return request failed', shopper, err);
    return fail(ACCOUNT_TEXT.unreachable);
  }
}

/** The form's address opened as a page: the account page. */
export const GET = formPageRedirect('/account');
