import type { ProductCard } from '@sokoni/contracts';
import { ProductImage } from './ProductImage';
import { PromotedPrice } from './PromotionStrip';
import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

/** Cards of the first row(s) load eagerly; the rest lazily. */
const EAGER_IMAGES = 4;

export function ProductGrid({
  products,
  base,
  lcp = false,
  headingLevel = 3,
}: {
  products: ProductCard[];
  base: string;
  /** The grid holds the page's largest above-the-fold image: preload the first one. */
  lcp?: boolean;
  headingLevel?: 2 | 3;
}) {
  const t = useMessages(commonMessages);
  const Title = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="grid">
      {products.map((p, i) => (
        <li key={p.slug} className="card">
          <a className="card__link" href={`${base}/products/${p.slug}`}>
            <ProductImage image={p.image} alt={p.title} eager={lcp && i < EAGER_IMAGES} preload={lcp && i === 0} />
            <div className="card__body">
              <Title className="card__title">{p.title}</Title>
              {p.brand ? <p className="card__brand">{p.brand}</p> : null}
              <PromotedPrice product={p} />
              {!p.inStock ? <p className="stock stock--out">{t('outOfStock')}</p> : null}
            </div>
          </a>
        </li>
      ))}
    </ul>
  );
}
