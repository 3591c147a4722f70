import type { ProductCard } from '@sokoni/contracts';
import { Price } from './Price';
import { ProductImage } from './ProductImage';

/** Images of the first row(s) load eagerly; the rest lazily. */
const EAGER_IMAGES = 4;

export function ProductGrid({ products, base }: { products: ProductCard[]; base: string }) {
  if (products.length === 0) {
    return <p className="empty">This store has no products yet. Check back soon.</p>;
  }
  return (
    <ul className="grid">
      {products.map((p, i) => (
        <li key={p.slug} className="card">
          <a className="card__link" href={`${base}/products/${p.slug}`}>
            <ProductImage image={p.image} alt={p.title} eager={i < EAGER_IMAGES} priority={i === 0} />
            <div className="card__body">
              <h3 className="card__title">{p.title}</h3>
              {p.brand ? <p className="card__brand">{p.brand}</p> : null}
              <Price priceKes={p.priceKes} compareAtKes={p.compareAtKes} />
              {!p.inStock ? <p className="stock stock--out">Out of stock</p> : null}
            </div>
          </a>
        </li>
      ))}
    </ul>
  );
}
