import { formatKes } from '@/lib/format';

export function Price({
  priceKes,
  compareAtKes,
  from = false,
  large = false,
}: {
  priceKes: number;
  compareAtKes: number | null;
  from?: boolean;
  large?: boolean;
}) {
  const showCompare = compareAtKes !== null && compareAtKes > priceKes;
  return (
    <p className={large ? 'price price--large' : 'price'}>
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
