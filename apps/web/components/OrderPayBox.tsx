import type { StoreSummary } from '@sokoni/contracts';
import { paymentMessage, payeeText, payLabel, retryLabel } from '@/lib/payment';
import { useLocale, useMessages, useFormat } from '@/lib/i18n';
import { orderMessages } from '@/lib/i18n/messages/order';
import type { OrderPageData, Pay } from '@/lib/storefront/order-page';

type OrderData = OrderPageData['order'];

/**
 * The M-Pesa part of the shopper's order page (pages/s/[store]/orders/[order].tsx), by pay state
 * (lib/storefront/order-page.ts): the receipt, "check your phone", the last attempt's message,
 * the Pay form (posts to <store>/orders/<id>/pay), paying by hand and the M-Pesa code form.
 */
export function OrderPayBox({
  store,
  base,
  order,
  pay,
  heldUntil,
}: {
  store: StoreSummary;
  base: string;
  order: OrderData;
  pay: Pay;
  heldUntil: string | null;
}) {
  const t = useMessages(orderMessages);
  const locale = useLocale();
  const { formatKes } = useFormat();
  const { attempt, manual, flash } = pay;

  if (pay.state === 'paid' && attempt) {
    return (
      <section
        className="pay-box pay-box--paid"
        aria-labelledby="pay-title"
        data-payment-status="paid"
        data-payment-id={attempt.id}
      >
        <h2 id="pay-title">{t('paidTitle', { amount: formatKes(attempt.amountKes) })}</h2>
        <p>{t('paidText', { store: store.name })}</p>
        {attempt.receipt ? (
          <p>
            {t('receipt')}{' '}
            <strong className="pay-receipt" data-receipt={attempt.receipt}>
              {attempt.receipt}
            </strong>
          </p>
        ) : (
          <p data-receipt="">
            {t('receiptFollows')}
            <span className="visually-hidden" data-payment-live="" role="status" />
          </p>
        )}
        {flash && flash.field === 'pay' ? <p className="muted">{flash.message}</p> : null}
      </section>
    );
  }
  if (pay.state === 'none') {
    if (order.status !== 'pending_payment')
      return flash ? (
        <p className="notices" role="status">
          {flash.message}
        </p>
      ) : null;
    return (
      <section className="pay-box" aria-labelledby="pay-title">
        <h2 id="pay-title">{t('payTitle')}</h2>
        <p data-pay-instructions="">
          {t('payNextStep', { store: store.name })} <strong>{order.number}</strong>.
        </p>
        {pay.whatsapp ? (
          <p>
            <a className="button button--whatsapp" href={pay.whatsapp} rel="nofollow noopener" data-whatsapp="">
              {t('finishWhatsapp')}
            </a>
          </p>
        ) : null}
      </section>
    );
  }

  const failed = pay.state === 'failed' && attempt !== null;
  const phoneError = flash?.field === 'phone' ? flash.message : '';
  const formError = flash?.field === 'pay' ? flash.message : '';
  const codeError = flash?.field === 'code' ? flash.message : '';
  const canPay = pay.state === 'new' || (failed && attempt.retryable);
  const payee = manual ? payeeText(manual, locale) : null;

  return (
    <section className="pay-box" aria-labelledby="pay-title" data-pay-state={pay.state}>
      <h2 id="pay-title">{failed ? t('notCompleted') : t('payTitle')}</h2>

      {pay.state === 'pending' && attempt ? (
        <div className="pay-wait" data-payment-status="pending" data-payment-id={attempt.id}>
          <p className="pay-wait__step">
            <strong>{t('checkPhone', { phone: attempt.phoneMasked })}</strong> {t('toPay')}{' '}
            <strong>{formatKes(attempt.amountKes)}</strong>
            {payee ? <> {t('toPayee', { store: store.name, payee })}</> : null}.
          </p>
          <p className="pay-live" role="status" aria-live="polite" data-payment-live="">
            {t('waitingPin')}
          </p>
          <p className="muted pay-note">{t('noPrompt')}</p>
        </div>
      ) : null}

      {failed ? (
        <div
          className="pay-result pay-result--failed"
          role="alert"
          data-payment-status="failed"
          data-outcome={attempt.outcome}
          data-payment-id={attempt.id}
        >
          <p data-payment-message="">{paymentMessage(attempt, locale)}</p>
        </div>
      ) : null}
      {formError ? (
        <p className="notices notices--error" role="alert" data-pay-error="">
          {formError}
        </p>
      ) : null}

      {canPay ? (
        <form className="pay-form" method="post" action={`${base}/orders/${order.id}/pay`} data-pay-form="" noValidate>
          <input type="hidden" name="key" value={pay.key} />
          <div className="field">
            <label htmlFor="pay-phone">{failed ? t('numberChange') : t('numberFrom')}</label>
            <input
              id="pay-phone"
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              defaultValue={pay.phone}
              placeholder="0712 345 678"
              aria-invalid={phoneError ? true : undefined}
              aria-describedby="pay-phone-hint pay-phone-error"
            />
            <p className="field__hint" id="pay-phone-hint">
              {t('numberHint')}
            </p>
            <p className="field__error" id="pay-phone-error" data-error="phone" role="alert">
              {phoneError}
            </p>
          </div>
          <button
            type="submit"
            className="button button--buy pay-form__button"
            data-pay=""
            data-retry={failed ? '' : undefined}
          >
            {failed ? retryLabel(pay.amountKes, locale) : payLabel(pay.amountKes, locale)}
          </button>
        </form>
      ) : null}

      {pay.whatsapp ? (
        <p className={pay.state === 'pending' || pay.state === 'new' ? 'pay-quiet' : 'pay-wa'}>
          <a
            className={pay.state === 'failed' ? 'button button--whatsapp' : undefined}
            href={pay.whatsapp}
            rel="nofollow noopener"
            data-whatsapp=""
          >
            {pay.state === 'failed' ? t('finishWhatsapp') : t('troublePaying')}
          </a>
        </p>
      ) : null}

      {manual && !pay.showManual ? (
        <p className="pay-quiet">
          <a href={pay.manualHref} data-pay-by-hand="">
            {t('payByInstead', { kind: manual.kind === 'till' ? 'Till' : 'Paybill' })}
          </a>
        </p>
      ) : null}

      {manual && pay.showManual ? (
        <div className="pay-manual" id="pay-manual" data-pay-manual="">
          <p data-pay-instructions="">
            {/* A Buy Goods till has no account field; a paybill's account is how the shop matches the payment. */}
            {manual.kind === 'till'
              ? t('tillManual', { amount: formatKes(manual.amountKes), till: manual.shortcode, number: order.number })
              : t('paybillManual', {
                  paybill: manual.shortcode,
                  account: manual.account ?? order.number,
                  amount: formatKes(manual.amountKes),
                })}
          </p>
          <p className="muted" data-pay-twice="">
            {t('payOnce')}
          </p>
          <details className="pay-code" open={codeError ? true : undefined}>
            <summary>{t('alreadyPaid')}</summary>
            <form method="post" action={`${base}/orders/${order.id}/confirm-code`} data-code-form="" noValidate>
              <div className="field">
                <label htmlFor="pay-code">{t('codeLabel')}</label>
                <div className="coupon">
                  <input
                    id="pay-code"
                    name="code"
                    type="text"
                    autoCapitalize="characters"
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={20}
                    defaultValue={flash?.field === 'code' ? flash.value : ''}
                    placeholder={t('codePlaceholder')}
                    aria-invalid={codeError ? true : undefined}
                    aria-describedby="pay-code-error"
                  />
                  <button type="submit" className="button button--ghost" data-confirm-code="">
                    {t('check')}
                  </button>
                </div>
                <p className="field__error" id="pay-code-error" data-error="code" role="alert">
                  {codeError}
                </p>
              </div>
            </form>
          </details>
        </div>
      ) : null}
      {heldUntil ? <p className="muted">{t('holding', { time: heldUntil })}</p> : null}
    </section>
  );
}
