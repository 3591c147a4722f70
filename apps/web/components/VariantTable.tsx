import type { ProductDetail } from '@sokoni/contracts';
import { useMessages, useFormat } from '@/lib/i18n';
import { productMessages } from '@/lib/i18n/messages/product';

/** Every variant with its price and stock: what a shopper without JavaScript chooses from. */
export function VariantTable({ product }: { product: ProductDetail }) {
  const t = useMessages(productMessages);
  const { formatKes } = useFormat();
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            {product.optionNames.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
            <th scope="col">{t('price')}</th>
            <th scope="col">{t('stock')}</th>
            <th scope="col">SKU</th>
          </tr>
        </thead>
        <tbody>
          {product.variants.map((v) => (
            <tr key={v.sku} className={v.inStock ? undefined : 'is-out'}>
              {product.optionNames.map((name) => (
                <td key={name}>{v.options[name] ?? '—'}</td>
              ))}
              <td>
                {formatKes(v.priceKes)}
                {v.compareAtKes !== null && v.compareAtKes > v.priceKes ? (
                  <>
                    {' '}
                    <s className="price__was">{formatKes(v.compareAtKes)}</s>
                  </>
                ) : null}
              </td>
              <td>{v.inStock ? t('inStock') : t('outOfStock')}</td>
              <td className="muted">{v.sku}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
