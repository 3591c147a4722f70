import type { ProductDetail } from '@sokoni/contracts';
import { useLocale, useMessages } from '@/lib/i18n';
import {
  BACK_IN_STOCK_OUTCOMES,
  backInStockMessages,
  type BackInStockOutcome,
} from '@/lib/i18n/messages/back-in-stock';

/**
 * "Tell me when it's back" for the product's sold-out options: a plain form (works without
 * JavaScript) posting to <store>/back-in-stock, which answers with a redirect back here and
 * `?notify=<outcome>`. The consent sentence is posted with the form (hidden field, the same words
 * as the visible label) so the request stores the words the shopper agreed to.
 */
export function BackInStockForm({
  product,
  base,
  outcome,
  chosenSku,
}: {
  product: ProductDetail;
  base: string;
  outcome: BackInStockOutcome | null;
  chosenSku: string | null;
}) {
  const t = useMessages(backInStockMessages);
  const locale = useLocale();
  const soldOut = product.variants.filter((v) => !v.inStock);
  if (soldOut.length === 0) return null;
  const label = (v: ProductDetail['variants'][number]) =>
    product.optionNames
      .map((n) => v.options[n])
      .filter(Boolean)
      .join(' / ') || v.sku;
  const done = outcome === 'ok';
  const message = outcome ? t(BACK_IN_STOCK_OUTCOMES[outcome]) : null;
  return (
    <section className="bis" id="notify" aria-labelledby="bis-title" data-back-in-stock="">
      <h2 id="bis-title" className="bis__title">
        {t('title')}
      </h2>
      {message ? (
        <p className={done ? 'bis__done' : 'bis__error'} role={done ? 'status' : 'alert'} data-bis-outcome={outcome}>
          {message}
        </p>
      ) : null}
      {done ? null : (
        <form method="post" action={`${base}/back-in-stock`} className="bis__form">
          <p className="bis__intro">{t('intro')}</p>
          <input type="hidden" name="product" value={product.slug} />
          <input type="hidden" name="lang" value={locale} />
          <input type="hidden" name="consentText" value={t('consent')} />
          {soldOut.length > 1 ? (
            <label className="bis__field">
              <span>{t('option')}</span>
              <select name="sku" defaultValue={chosenSku ?? soldOut[0]!.sku}>
                {soldOut.map((v) => (
                  <option key={v.sku} value={v.sku}>
                    {label(v)}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <input type="hidden" name="sku" value={soldOut[0]!.sku} />
          )}
          <label className="bis__field">
            <span>{t('phone')}</span>
            <input
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              required
              maxLength={32}
              placeholder={t('phoneHint')}
              aria-invalid={outcome === 'phone' ? true : undefined}
            />
          </label>
          <fieldset className="bis__channels">
            <legend>{t('channel')}</legend>
            <label>
              <input type="radio" name="channel" value="whatsapp" defaultChecked /> {t('whatsapp')}
            </label>
            <label>
              <input type="radio" name="channel" value="sms" /> {t('sms')}
            </label>
          </fieldset>
          <label className="bis__consent">
            <input type="checkbox" name="consent" value="yes" required /> <span>{t('consent')}</span>
          </label>
          <button type="submit" className="button bis__submit">
            {t('submit')}
          </button>
        </form>
      )}
    </section>
  );
}
