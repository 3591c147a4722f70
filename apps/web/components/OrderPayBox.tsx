import type { StoreSummary } from '@sokoni/contracts';
import { formatKes } from '@/lib/format';
import { payeeText, payLabel, retryLabel } from '@/lib/payment';
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
  const { attempt, manual, flash } = pay;

  if (pay.state === 'paid' && attempt) {
    return (
      <section
        className="pay-box pay-box--paid"
        aria-labelledby="pay-title"
        data-payment-status="paid"
        data-payment-id={attempt.id}
      >
        <h2 id="pay-title">Paid · {formatKes(attempt.amountKes)}</h2>
        <p>{store.name} has received your M-Pesa payment. Thank you! They will get your order ready.</p>
        {attempt.receipt ? (
          <p>
            M-Pesa receipt{' '}
            <strong className="pay-receipt" data-receipt={attempt.receipt}>
              {attempt.receipt}
            </strong>
          </p>
        ) : (
          <p data-receipt="">
            M-Pesa receipt to follow: it will show here in a moment, and M-Pesa also sends it to you by SMS.
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
        <h2 id="pay-title">Pay with M-Pesa</h2>
        <p data-pay-instructions="">
          Payment by M-Pesa is the next step: {store.name} will send you their M-Pesa details on the phone number you
          gave. Quote order number <strong>{order.number}</strong>.
        </p>
        {pay.whatsapp ? (
          <p>
            <a className="button button--whatsapp" href={pay.whatsapp} rel="nofollow noopener" data-whatsapp="">
              Finish on WhatsApp
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
  const payee = manual ? payeeText(manual) : null;

  return (
    <section className="pay-box" aria-labelledby="pay-title" data-pay-state={pay.state}>
      <h2 id="pay-title">{failed ? 'Payment not completed' : 'Pay with M-Pesa'}</h2>

      {pay.state === 'pending' && attempt ? (
        <div className="pay-wait" data-payment-status="pending" data-payment-id={attempt.id}>
          <p className="pay-wait__step">
            <strong>
              Check your phone (<span className="nowrap">{attempt.phoneMasked}</span>) and enter your M-Pesa PIN
            </strong>{' '}
            to pay <strong>{formatKes(attempt.amountKes)}</strong>
            {payee ? (
              <>
                {' '}
                to {store.name}, {payee}
              </>
            ) : null}
            .
          </p>
          <p className="pay-live" role="status" aria-live="polite" data-payment-live="">
            Waiting for your PIN…
          </p>
          <p className="muted pay-note">
            No prompt on your phone? Make sure it is on and unlocked. If it does not come within a minute, this page
            will let you try again.
          </p>
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
          <p data-payment-message="">{attempt.message}</p>
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
            <label htmlFor="pay-phone">
              {failed ? 'M-Pesa number (change it to pay from another phone)' : 'M-Pesa number to pay from'}
            </label>
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
              We send the M-Pesa PIN prompt to this number. You approve it on that phone; the shop never sees your PIN.
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
            {failed ? retryLabel(pay.amountKes) : payLabel(pay.amountKes)}
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
            {pay.state === 'failed' ? 'Finish on WhatsApp' : 'Trouble paying? Finish your order on WhatsApp'}
          </a>
        </p>
      ) : null}

      {manual && !pay.showManual ? (
        <p className="pay-quiet">
          <a href={pay.manualHref} data-pay-by-hand="">
            Pay by {manual.kind === 'till' ? 'Till' : 'Paybill'} instead
          </a>
        </p>
      ) : null}

      {manual && pay.showManual ? (
        <div className="pay-manual" id="pay-manual" data-pay-manual="">
          <p data-pay-instructions="">
            {/* A Buy Goods till has no account field; a paybill's account is how the shop matches the payment. */}
            {manual.kind === 'till' ? (
              <>
                Or pay by hand: Lipa na M-Pesa, Buy Goods, pay <strong>{formatKes(manual.amountKes)}</strong> to Till{' '}
                <strong>{manual.shortcode}</strong> and keep the M-Pesa message; your order number is{' '}
                <strong>{order.number}</strong>.
              </>
            ) : (
              <>
                Or pay by hand: Lipa na M-Pesa, Paybill <strong>{manual.shortcode}</strong>, account{' '}
                <strong>{manual.account ?? order.number}</strong>, amount <strong>{formatKes(manual.amountKes)}</strong>
                .
              </>
            )}
          </p>
          <p className="muted" data-pay-twice="">
            Pay one way only. If you pay by hand and also approve the M-Pesa prompt, the second payment will be refunded
            to you, not lost.
          </p>
          <details className="pay-code" open={codeError ? true : undefined}>
            <summary>Already paid? Enter the M-Pesa code</summary>
            <form method="post" action={`${base}/orders/${order.id}/confirm-code`} data-code-form="" noValidate>
              <div className="field">
                <label htmlFor="pay-code">Code from the M-Pesa SMS</label>
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
                    placeholder="e.g. QKT7RT61SV"
                    aria-invalid={codeError ? true : undefined}
                    aria-describedby="pay-code-error"
                  />
                  <button type="submit" className="button button--ghost" data-confirm-code="">
                    Check
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
      {heldUntil ? (
        <p className="muted">We are holding your items until {heldUntil} (15 minutes after you ordered).</p>
      ) : null}
    </section>
  );
}
