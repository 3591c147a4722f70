import { useMessages, useFormat } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

export function Price({
  priceKes,
  compareAtKes,
  from = false,
  large = false,
  island = false,
}: {
  priceKes: number;
  compareAtKes: number | null;
  from?: boolean;
  large?: boolean;
  /** The product page's price, which the variant chips island updates. */
  island?: boolean;
}) {
  const t = useMessages(commonMessages);
  const { formatKes } = useFormat();
  const showCompare = compareAtKes !== null && compareAtKes > priceKes;
  return (
    <p className={large ? 'price price--large' : 'price'} data-price={island ? '' : undefined}>
      {from ? <span className="price__from">{t('from')} </span> : null}
      <strong className="price__now">{formatKes(priceKes)}</strong>
      {showCompare ? (
        <>
          {' '}
          <s className="price__was" aria-label={t('was', { price: formatKes(compareAtKes) })}>
            {formatKes(compareAtKes)}
          </s>
        </>
      ) : null}
    </p>
  );
}
