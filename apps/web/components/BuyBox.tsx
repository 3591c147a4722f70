import type { ProductDetail, StoreSummary } from '@sokoni/contracts';
import { countCookie } from '@/lib/cookies';
import { useMessages, useFormat } from '@/lib/i18n';
import { productMessages } from '@/lib/i18n/messages/product';
import { islandScript } from '@/islands/inline';
import { InlineScript } from './InlineScript';
import { productIsland, type ProductIslandConfig } from '@/islands/product';
import { Price } from './Price';
import { SaleBadges } from './PromotionStrip';
import { saleFor, usePromotions } from '@/lib/promotions';
import { whatsappHref } from './TrustMarkers';
import { VariantTable } from './VariantTable';
import { BackInStockForm } from './BackInStockForm';
import type { BackInStockOutcome } from '@/lib/i18n/messages/back-in-stock';

/** Option values in the order the variants list them (the merchant's order). */
function optionValues(product: ProductDetail, name: string): string[] {
  return [...new Set(product.variants.map((v) => v.options[name]).filter((v): v is string => v !== undefined))];
}

/**
 * Price, stock, variant choice and Add to cart. Server markup works on its own: without
 * JavaScript the shopper sees the "From" price, the full variant table and a small form that
 * posts the chosen SKU to <store>/cart/lines (the route handler adds it to the server cart and
 * redirects to the cart page). With JavaScript, islands/product.ts makes the chips drive price,
 * stock and SKU, and Add to cart adds the line without leaving the page.
 */
export function BuyBox({
  product,
  store,
  base,
  canonical,
  notify = null,
}: {
  product: ProductDetail;
  store: StoreSummary;
  base: string;
  canonical: string;
  /** The "Tell me when it's back" form's last outcome and SKU (from its redirect's query). */
  notify?: { outcome: BackInStockOutcome; sku: string | null } | null;
}) {
  const t = useMessages(productMessages);
  const { formatKes } = useFormat();
  const promotions = usePromotions();
  // Prices after the running promotions (the checkout's own rule, lib/promotions.ts).
  const sale = saleFor(product.slug, product.priceKes, product.compareAtKes, promotions);
  const variants = product.variants.map((v) => {
    const s = saleFor(product.slug, v.priceKes, v.compareAtKes, promotions);
    return { ...v, priceKes: s.priceKes, compareAtKes: s.wasKes };
  });
  const { optionNames } = product;
  const priceVaries = new Set(variants.map((v) => v.priceKes)).size > 1;
  const initial = variants.find((v) => v.inStock) ?? variants[0];
  const hasChoice = optionNames.length > 0 && variants.length > 1;
  const inStock = variants.filter((v) => v.inStock);
  const island: ProductIslandConfig = {
    store: store.slug,
    addUrl: `${base}/cart/lines`,
    cartUrl: `${base}/cart`,
    countCookie: countCookie(store.slug),
    productSlug: product.slug,
    optionNames,
    text: {
      inStock: t('inStock'),
      outOfStock: t('outOfStock'),
      notAvailable: t('notAvailable'),
      chooseAnother: t('chooseAnother'),
      addToCart: t('addToCart'),
      adding: t('adding'),
      addFailed: t('addFailed'),
      added: t('added'),
      inCart: t('inCart'),
    },
    variants: variants.map((v) => ({
      sku: v.sku,
      options: v.options,
      priceText: formatKes(v.priceKes),
      wasText: v.compareAtKes !== null && v.compareAtKes > v.priceKes ? formatKes(v.compareAtKes) : null,
      inStock: v.inStock,
      ...(v.photo ? { photo: v.photo } : {}),
    })),
  };
  const wa = store.whatsappNumber
    ? whatsappHref(store.whatsappNumber, t('whatsappText', { store: store.name, title: product.title, url: canonical }))
    : null;

  return (
    <section className="buy" data-buy="" aria-label={t('priceAndOptions')}>
      <SaleBadges badges={sale.badges} />
      <Price priceKes={sale.priceKes} compareAtKes={sale.wasKes} from={priceVaries} large island />
      <p className="vat-note">{t('vatNote')}</p>
      <p className={product.inStock ? 'stock stock--in' : 'stock stock--out'} data-stock="">
        {product.inStock ? t('inStock') : t('outOfStock')}
      </p>

      {hasChoice && initial ? (
        <div className="variant-chips js-only">
          {optionNames.map((name, i) => (
            <fieldset key={name} className="chips-group">
              <legend className="chips-group__legend">{name}</legend>
              <div className="chips-row chips-row--wrap">
                {optionValues(product, name).map((value) => (
                  <label key={value} className="chip chip--radio">
                    <input
                      className="visually-hidden"
                      type="radio"
                      name={`opt-${i}`}
                      value={value}
                      defaultChecked={initial.options[name] === value}
                    />
                    <span>{value}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
        </div>
      ) : null}
      {initial ? (
        <p className={hasChoice ? 'sku js-only' : 'sku'}>
          SKU <span data-sku="">{initial.sku}</span>
        </p>
      ) : null}

      {variants.length > 1 ? (
        <section className="variants no-js-only" aria-labelledby="variants-title">
          <h2 id="variants-title">{t('options')}</h2>
          <VariantTable product={product} />
        </section>
      ) : null}

      <div className="js-only">
        <button type="button" className="button button--buy" data-add="" disabled={!initial?.inStock}>
          {initial?.inStock ? t('addToCart') : t('outOfStock')}
        </button>
        <p className="cart-status" data-cart-status="" role="status" aria-live="polite" />
      </div>
      <div className="no-js-only nojs-order">
        {inStock.length > 0 ? (
          <form method="post" action={`${base}/cart/lines`} className="nojs-add">
            {inStock.length > 1 ? (
              <label className="nojs-add__choice">
                <span>{t('option')}</span>
                <select name="sku" defaultValue={initial?.inStock ? initial.sku : inStock[0]!.sku}>
                  {inStock.map((v) => (
                    <option key={v.sku} value={v.sku}>
                      {`${
                        optionNames
                          .map((n) => v.options[n])
                          .filter(Boolean)
                          .join(' / ') || v.sku
                      } — ${formatKes(v.priceKes)}`}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <input type="hidden" name="sku" value={inStock[0]!.sku} />
            )}
            <button type="submit" className="button button--buy">
              {t('addToCart')}
            </button>
          </form>
        ) : null}
        {wa ? (
          <p>
            {t('orderOnWhatsapp')}{' '}
            <a href={wa} rel="nofollow noopener">
              {t('sendMessage', { store: store.name })}
            </a>
            .
          </p>
        ) : null}
      </div>
      {wa ? (
        <p className="js-only wa-order">
          <a href={wa} rel="nofollow noopener">
            {t('orWhatsapp')}
          </a>
        </p>
      ) : null}
      <BackInStockForm
        product={product}
        base={base}
        outcome={notify?.outcome ?? null}
        chosenSku={notify?.sku ?? null}
      />
      <p className="delivery-hint">
        <strong>{t('deliveryHint')}</strong> <span className="muted">{t('feeAtCheckout')}</span>
      </p>
      <InlineScript code={islandScript(productIsland, island)} />
    </section>
  );
}
