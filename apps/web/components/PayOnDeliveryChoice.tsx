import { useFormat, useLocale, useMessages } from '@/lib/i18n';
import { payOnDeliveryMessages } from '@/lib/i18n/messages/pay-on-delivery';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * The checkout's payment choice when the store offers pay on delivery (a plain radio in the
 * form, so it works without JavaScript). `offer.offered` false: the choice is shown disabled with
 * the store's reason in words; the API checks the rules again when the order is placed.
 */
export function PayOnDeliveryChoice({
  offer,
  mpesa,
}: {
  offer: { offered: boolean; reason: string | null; code: string | null };
  /** The store takes M-Pesa prompts (one tap); else M-Pesa is paid on the order page. */
  mpesa: boolean;
}) {
  const t = useMessages(payOnDeliveryMessages);
  const locale = useLocale();
  // The API words the rule in English; its code says which rule, in the page's language.
  const reason = offer.code
    ? refusalText(
        { status: 409, code: 'conflict', message: offer.reason ?? '', details: { reason: offer.code } },
        locale,
      )
    : (offer.reason ?? '');
  return (
    <fieldset className="field methods" data-pay-choice="" aria-describedby="co-pay-hint">
      <legend>{t('legend')}</legend>
      <label className="method">
        <input type="radio" name="pay" value={mpesa ? 'mpesa' : 'later'} defaultChecked />
        <span>{mpesa ? t('mpesaNow') : t('mpesaLater')}</span>
      </label>
      <label className="method">
        <input type="radio" name="pay" value="on_delivery" disabled={!offer.offered} data-pay-on-delivery="" />
        <span>{t('onDelivery')}</span>
      </label>
      <p className="field__hint" id="co-pay-hint">
        {offer.offered ? t('onDeliveryHint') : t('notOffered', { reason })}
      </p>
    </fieldset>
  );
}

/** The shopper's order page for a pay-on-delivery order: what to have ready, or that it was paid at the door. */
export function PayOnDeliveryNote({
  totalKes,
  collected,
}: {
  totalKes: number;
  collected: { via: 'mpesa' | 'cash'; at: string } | null;
}) {
  const t = useMessages(payOnDeliveryMessages);
  const { formatNumber } = useFormat();
  return (
    <p className="notices" role="status" data-pay-on-delivery-note="">
      {collected
        ? t('orderCollected', { via: collected.via === 'cash' ? t('viaCash') : t('viaMpesa') })
        : t('orderOnDelivery', { total: formatNumber(totalKes) })}
    </p>
  );
}
