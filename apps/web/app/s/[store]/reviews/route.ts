import { revalidateTag } from 'next/cache';
import { validationIssues } from '@sokoni/contracts';
import { shopperSessionFrom } from '@/lib/cookies';
import { readRequestForm } from '@/lib/http';
import { UUID_RE } from '@/lib/payment';
import { MAX_REVIEW_BODY, reviewFlashSetCookie, submitReview, type ReviewFlash } from '@/lib/reviews';
import { formPageRedirect, logShopperFailure, seeOther, shopperPost } from '@/lib/route';
import { accountText, accountFlash, backToAccount, sessionEnded } from '@/lib/shopper-session';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { translator } from '@/lib/i18n/core';
import { reviewMessages } from '@/lib/i18n/messages/reviews';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * POST <store>/reviews (fields order, line, rating, body): the review of one line of a delivered
 * order, from <store>/reviews/<order> (pages/s/[store]/reviews/[order].tsx). The API checks the
 * session's phone, that the order is delivered and the line not yet reviewed; the answer is a
 * 303 back to the page with a thank-you or the refusal next to its field (what was typed kept).
 * The product page's cached reviews are refreshed at once.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperPost(request, params);
  if (shopper instanceof Response) return shopper;
  const locale = await shopperLocale(shopper);
  const ACCOUNT_TEXT = accountText(locale);
  const t = translator(reviewMessages, locale);
  const { slug, base, forwarded, cookies } = shopper;
  const form = await readRequestForm(request);
  const order = form?.get('order') ?? '';
  if (!UUID_RE.test(order)) return backToAccount(shopper, accountFlash('orders', ACCOUNT_TEXT.reorderMissing));
  const session = shopperSessionFrom(cookies, slug);
  if (!session) return seeOther(`${base}/reviews/${order}`);
  const line = Number(form?.get('line') ?? '');
  const ratingText = form?.get('rating') ?? '';
  const rating = /^[1-5]$/.test(ratingText) ? Number(ratingText) : null;
  // Line breaks from a textarea arrive as CRLF; the API counts characters as the shopper sees them.
  const body = (form?.get('body') ?? '').replace(/\r\n/g, '\n');
  const page = `${base}/reviews/${order}`;
  const back = (field: ReviewFlash['field'], message: string) =>
    seeOther(`${page}#rv-${Number.isInteger(line) ? line : ''}`, [
      reviewFlashSetCookie(slug, base, {
        order,
        line: Number.isInteger(line) ? line : 0,
        field,
        message,
        rating,
        body,
      }),
    ]);
  if (!Number.isInteger(line) || line < 1) return back('notice', t('notYours'));
  if (rating === null) return back('rating', t('chooseStars'));

  try {
    const answer = await submitReview(slug, session, order, { line, rating, body }, forwarded);
    if (!answer.ok) {
      const { problem } = answer;
      if (problem.status === 401) return sessionEnded(shopper, problem, locale);
      if (problem.status === 404) return back('notice', t('notYours'));
      if (problem.details.reason === 'already_reviewed') return back('notice', t('already'));
      if (problem.details.reason === 'order_not_delivered') return back('notice', t('notDelivered'));
      const issue = validationIssues(problem.details)[0];
      if (issue?.path === 'body')
        return back(
          'body',
          body.length > MAX_REVIEW_BODY
            ? t('tooLong', { max: MAX_REVIEW_BODY })
            : // The issue's own text is English: other languages say it in general words.
              locale === 'en'
              ? t('bodyIssue', { message: issue.message })
              : t('bodyInvalid'),
        );
      if (issue?.path === 'rating') return back('rating', t('chooseStars'));
      return back('notice', problem.status === 429 ? ACCOUNT_TEXT.tooMany : refusalText(problem, locale));
    }
    const product = answer.data.review.productSlug;
    if (product) revalidateTag(`product:${slug}:${product}`, { expire: 0 });
    return seeOther(page, [
      reviewFlashSetCookie(slug, base, {
        order,
        line,
        field: 'notice',
        message: t('thanks'),
        rating: null,
        body: '',
      }),
    ]);
  } catch (err) {
    logShopperFailure('reviews: submit failed', shopper, err);
    return back('notice', t('unreachable'));
  }
}

/** The form's address opened as a page: the account page (My orders). */
export const GET = formPageRedirect('/account');
