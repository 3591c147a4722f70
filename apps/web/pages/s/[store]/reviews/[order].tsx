import Head from 'next/head';
import type { GetServerSideProps } from 'next';
import type { ReviewableLine } from '@sokoni/contracts';
import { parseCookies, shopperSessionClearCookie, shopperSessionFrom } from '@/lib/cookies';
import { UUID_RE } from '@/lib/payment';
import {
  getOrderReviewLines,
  MAX_REVIEW_BODY,
  readReviewFlash,
  reviewFlashClearCookie,
  starsText,
  type ReviewFlash,
} from '@/lib/reviews';
import { sessionEndedMessage } from '@/lib/shopper-session';
import { storeHomeHref } from '@/lib/store-context';
import { loadStorePage, optional, type StorePageProps } from '@/lib/store-page';
import { translator, useMessages } from '@/lib/i18n';
import { accountMessages } from '@/lib/i18n/messages/account';
import { reviewMessages } from '@/lib/i18n/messages/reviews';
import { commonMessages } from '@/lib/i18n/messages/common';
import { FieldError } from '@/components/FieldError';
import { Notices } from '@/components/Notices';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import accountCss from '@/styles/account.css' with { type: 'text' };
import checkoutCss from '@/styles/checkout.css' with { type: 'text' };
import reviewsCss from '@/styles/reviews.css' with { type: 'text' };

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

type Data =
  /** No session (or it ended): sign in on the account page first. */
  | { step: 'sign-in'; order: string; message: string }
  /** Not a delivered order of this phone (or the API could not say). */
  | { step: 'nothing'; order: string; message: string }
  | { step: 'lines'; order: string; orderNumber: number; lines: ReviewableLine[]; flash: ReviewFlash | null };

/**
 * <store>/reviews/<order id>: rate and review what a delivered order brought, one form per line
 * (stars as radio buttons, optional words), posted to <store>/reviews (app/s/[store]/reviews).
 * The link comes in the delivery message and from "Rate & review" on My orders. Signed in with
 * phone + SMS code (the account page); another phone's order looks like no order at all.
 */
export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(
    ctx,
    async ({ slug, base, forwarded }, _store, locale) => {
      const t = translator(reviewMessages, locale);
      const order = typeof ctx.params?.order === 'string' ? ctx.params.order : '';
      if (!UUID_RE.test(order)) return null;
      const cookies = parseCookies(ctx.req.headers.cookie);
      const setCookies: string[] = [];
      const flash = readReviewFlash(cookies, slug, order);
      if (flash) setCookies.push(reviewFlashClearCookie(slug, base));
      const session = shopperSessionFrom(cookies, slug);
      const done = (data: Data) => {
        if (setCookies.length) for (const c of setCookies) ctx.res.appendHeader('Set-Cookie', c);
        return data;
      };
      if (!session) return done({ step: 'sign-in', order, message: t('signIn') });
      const answer = await optional('review lines', () => getOrderReviewLines(slug, session, order, forwarded), null);
      if (!answer) return done({ step: 'nothing', order, message: t('unreachable') });
      if (!answer.ok) {
        if (answer.problem.status === 401) {
          setCookies.push(shopperSessionClearCookie(slug, base));
          return done({ step: 'sign-in', order, message: sessionEndedMessage(answer.problem, locale) });
        }
        return done({ step: 'nothing', order, message: t('notYours') });
      }
      const lines = answer.data.lines;
      if (lines.length === 0) return done({ step: 'nothing', order, message: t('notDelivered') });
      return done({ step: 'lines', order, orderNumber: lines[0]!.orderNumber, lines, flash });
    },
    { personal: true },
  );

export default function ReviewPage(props: StorePageProps<Data>) {
  const t = useMessages(reviewMessages);
  const account = useMessages(accountMessages);
  const common = useMessages(commonMessages);
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} what="order" />;
  const { view, data } = props;
  const { store, base } = view;
  return (
    <StoreLayout store={store} base={base}>
      <Head>
        <title key="title">{`${t('title')} — ${store.name}`}</title>
        <meta key="robots" name="robots" content="noindex" />
        <meta key="referrer" name="referrer" content="same-origin" />
        <style dangerouslySetInnerHTML={{ __html: checkoutCss + accountCss + reviewsCss }} />
      </Head>
      <main className="wrap account" data-review-page={data.step}>
        <h1>{data.step === 'lines' ? t('rateOrder', { number: data.orderNumber }) : t('title')}</h1>
        {data.step === 'sign-in' ? (
          <>
            <Notices messages={[data.message]} />
            <p>
              <a className="button button--buy" href={`${base}/account`} data-review-sign-in="">
                {t('signInButton')}
              </a>
            </p>
            <p className="muted">{t('afterSignIn', { button: account('rateReview') })}</p>
          </>
        ) : null}
        {data.step === 'nothing' ? (
          <>
            <Notices messages={[data.message]} tone="error" />
            <p>
              <a href={`${base}/account`}>{common('myOrders')}</a>
            </p>
          </>
        ) : null}
        {data.step === 'lines' ? <Lines base={base} data={data} /> : null}
        <p className="cart__more">
          <a href={storeHomeHref(base)}>{t('continueShopping')}</a>
        </p>
      </main>
    </StoreLayout>
  );
}

function Lines({ base, data }: { base: string; data: Extract<Data, { step: 'lines' }> }) {
  const t = useMessages(reviewMessages);
  const { flash } = data;
  const notice = flash?.field === 'notice' ? [flash.message] : [];
  return (
    <>
      <Notices messages={notice} />
      <p className="muted">{t('intro')}</p>
      <ul className="acct-list">
        {data.lines.map((l) => {
          const mine = flash && flash.line === l.line && flash.field !== 'notice' ? flash : null;
          const id = `rv-${l.line}`;
          return (
            <li key={l.line} className="rv-line" data-review-line={l.line}>
              <h2>{l.productTitle ?? l.title}</h2>
              {l.review ? (
                <div data-reviewed="">
                  <p>
                    <span className="stars" aria-label={t('youGave', { rating: l.review.rating })}>
                      {starsText(l.review.rating)}
                    </span>{' '}
                    <span className="muted">{t('youRated')}</span>
                  </p>
                  {l.review.body ? <p className="review__body">{l.review.body}</p> : null}
                  {l.review.hidden ? <p className="muted">{t('hidden')}</p> : null}
                  {l.review.reply ? (
                    <div className="review__reply">
                      <strong>{t('reply')}</strong>
                      {l.review.reply.body}
                    </div>
                  ) : null}
                  {l.productSlug && !l.review.hidden ? (
                    <p>
                      <a href={`${base}/products/${l.productSlug}#reviews`}>{t('seeOnProduct')}</a>
                    </p>
                  ) : null}
                </div>
              ) : (
                <form method="post" action={`${base}/reviews`} data-review-form={l.line} noValidate>
                  <input type="hidden" name="order" value={data.order} />
                  <input type="hidden" name="line" value={l.line} />
                  <fieldset
                    className="rv-stars"
                    aria-describedby={`${id}-rating-error`}
                    aria-invalid={mine?.field === 'rating' ? true : undefined}
                  >
                    <legend>{t('yourRating')}</legend>
                    <div className="rv-stars__options">
                      {[1, 2, 3, 4, 5].map((s) => (
                        <label key={s}>
                          <input
                            type="radio"
                            name="rating"
                            value={s}
                            required
                            defaultChecked={mine?.rating === s}
                            data-star={s}
                          />
                          <span aria-hidden="true">{s}★</span>
                          <span className="visually-hidden">{s === 1 ? t('oneStar') : t('nStars', { n: s })}</span>
                        </label>
                      ))}
                    </div>
                    <FieldError
                      id={`${id}-rating-error`}
                      name="rating"
                      message={mine?.field === 'rating' || mine?.field === 'line' ? mine.message : undefined}
                    />
                  </fieldset>
                  <div className="field">
                    <label htmlFor={`${id}-body`}>
                      {t('whatDidYouThink')} <span className="muted">{t('optional')}</span>
                    </label>
                    <textarea
                      id={`${id}-body`}
                      name="body"
                      maxLength={MAX_REVIEW_BODY}
                      defaultValue={mine?.body ?? ''}
                      placeholder={t('bodyPlaceholder')}
                      aria-invalid={mine?.field === 'body' ? true : undefined}
                      aria-describedby={`${id}-body-error`}
                    />
                    <FieldError
                      id={`${id}-body-error`}
                      name="body"
                      message={mine?.field === 'body' ? mine.message : undefined}
                    />
                  </div>
                  <button type="submit" className="button button--buy" data-review-submit="">
                    {t('send')}
                  </button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
