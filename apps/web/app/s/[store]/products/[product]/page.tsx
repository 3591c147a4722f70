import type { Metadata } from 'next';
import type { ProductDetail, StoreSummary } from '@sokoni/contracts';
import { getProduct, getStore } from '@/lib/api';
import { getStoreBase } from '@/lib/base-path';
import { excerpt, formatKes } from '@/lib/format';
import { storeHomeHref } from '@/lib/store-context';
import { StoreHeader } from '@/components/StoreHeader';
import { StoreFooter } from '@/components/StoreFooter';
import { Price } from '@/components/Price';
import { ProductImage } from '@/components/ProductImage';
import { TrustMarkers } from '@/components/TrustMarkers';

type Props = { params: Promise<{ store: string; product: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { store: slug, product: productSlug } = await params;
  const [store, product] = await Promise.all([getStore(slug), getProduct(slug, productSlug)]);
  return {
    title: `${product.title} — ${formatKes(product.priceKes)} | ${store.name}`,
    description: excerpt(product.description || `${product.title} from ${store.name}, ${store.location}.`),
  };
}

/** schema.org Product for search engines; `<` escaped so text can never close the script. */
function productJsonLd(product: ProductDetail, store: StoreSummary): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: product.description,
    sku: product.variants[0]?.sku,
    brand: product.brand ? { '@type': 'Brand', name: product.brand } : undefined,
    offers: {
      '@type': 'Offer',
      priceCurrency: 'KES',
      price: product.priceKes,
      availability: product.inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
      seller: { '@type': 'Organization', name: store.name },
    },
  };
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

export default async function ProductPage({ params }: Props) {
  const { store: slug, product: productSlug } = await params;
  const [store, product, base] = await Promise.all([
    getStore(slug),
    getProduct(slug, productSlug),
    getStoreBase(slug),
  ]);

  const images = product.images.length > 0 ? product.images : product.image ? [product.image] : [];
  const [mainImage = null, ...moreImages] = images;
  const prices = new Set(product.variants.map((v) => v.priceKes));
  const priceVaries = prices.size > 1;

  return (
    <>
      <StoreHeader store={store} base={base} showTagline={false} />
      <main className="wrap product">
        <p className="back">
          <a href={storeHomeHref(base)}>← All products in {store.name}</a>
        </p>
        <div className="product__layout">
          <div className="product__media">
            <ProductImage image={mainImage} alt={product.title} eager priority className="pimg pimg--main" />
            {moreImages.length > 0 ? (
              <ul className="thumbs">
                {moreImages.map((img, i) => (
                  <li key={`${img.url}-${i}`}>
                    <ProductImage image={img} alt={`${product.title}, photo ${i + 2}`} className="pimg pimg--thumb" />
                  </li>
                ))}
              </ul>
            ) : null}
          </div>

          <div className="product__info">
            {product.category ? <p className="product__category">{product.category.name}</p> : null}
            <h1 className="product__title">{product.title}</h1>
            {product.brand ? <p className="product__brand">{product.brand}</p> : null}
            <Price priceKes={product.priceKes} compareAtKes={product.compareAtKes} from={priceVaries} large />
            <p className="vat-note">Price includes 16% VAT</p>
            <p className={product.inStock ? 'stock stock--in' : 'stock stock--out'}>
              {product.inStock ? 'In stock' : 'Out of stock'}
            </p>

            {product.description ? (
              <section className="description" aria-labelledby="desc-title">
                <h2 id="desc-title">Description</h2>
                <p>{product.description}</p>
              </section>
            ) : null}

            {product.variants.length > 0 ? (
              <section className="variants" aria-labelledby="variants-title">
                <h2 id="variants-title">Options</h2>
                <div className="table-scroll">
                  <table>
                    <thead>
                      <tr>
                        {product.optionNames.map((name) => (
                          <th key={name} scope="col">
                            {name}
                          </th>
                        ))}
                        <th scope="col">Price</th>
                        <th scope="col">Stock</th>
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
                          <td>{v.inStock ? 'In stock' : 'Out of stock'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            ) : null}

            <section className="trust-box" aria-labelledby="trust-title">
              <h2 id="trust-title">Buy with confidence</h2>
              <TrustMarkers store={store} />
            </section>
          </div>
        </div>

        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: productJsonLd(product, store) }} />
      </main>
      <StoreFooter store={store} />
    </>
  );
}
