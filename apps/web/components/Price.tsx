import { formatKes } from '@/lib/format';

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
  const showCompare = compareAtKes !== null && compareAtKes > priceKes;
  return (
    <p className={large ? 'price price--large' : 'price'} data-price={island ? '' : undefined}>
      {from ? <span className="price__from">From </span> : null}
      <strong className="price__now">{formatKes(priceKes)}</strong>
      {showCompare ? (
        <>
          {' '}
          <s className="price__was" aria-label={`Was ${formatKes(compareAtKes)}`}>
            {formatKes(compareAtKes)}
          </s>
        </>
      ) : null}
    </p>
  );
}
