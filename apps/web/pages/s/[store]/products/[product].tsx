import type { GetServerSideProps } from 'next';
import type { ProductCard, ProductDetail, ProductReviews } from '@sokoni/contracts';
import { getProduct, getRelated } from '@/lib/api';
import { excerpt } from '@/lib/format';
import { breadcrumbJsonLd, productJsonLd, shareImageUrl, withReviewsJsonLd, type Crumb } from '@/lib/seo';
import { getProductReviews } from '@/lib/reviews';
import { storeHomeHref } from '@/lib/store-context';
import { loadStorePage, optional, type StorePageProps } from '@/lib/store-page';
import { Breadcrumbs } from '@/components/Breadcrumbs';
import { BuyBox } from '@/components/BuyBox';
import { Gallery } from '@/components/Gallery';
import { ProductGrid } from '@/components/ProductGrid';
import { Seo } from '@/components/Seo';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { useMessages, useFormat } from '@/lib/i18n';
import { productMessages } from '@/lib/i18n/messages/product';
import { TrustMarkers } from '@/components/TrustMarkers';
import { RatingLine, Reviews } from '@/components/Reviews';
import reviewsCss from '@/styles/reviews.css' with { type: 'text' };
import backInStockCss from '@/styles/back-in-stock.css' with { type: 'text' };
import { BACK_IN_STOCK_OUTCOMES, type BackInStockOutcome } from '@/lib/i18n/messages/back-in-stock';
import Head from 'next/head';

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

/** Related items shown (one or two rows on a phone). */
const RELATED_MAX = 8;

type Data = {
  product: ProductDetail;
  related: ProductCard[];
  reviews: ProductReviews | null;
  /** The back-in-stock form's outcome after its redirect (`?notify=...&sku=...`). */
  notify: { outcome: BackInStockOutcome; sku: string | null } | null;
};

function notifyFrom(query: Record<string, string | string[] | undefined>): Data['notify'] {
  const outcome = query.notify;
  if (typeof outcome !== 'string' || !Object.hasOwn(BACK_IN_STOCK_OUTCOMES, outcome)) return null;
  return { outcome: outcome as BackInStockOutcome, sku: typeof query.sku === 'string' ? query.sku.slice(0, 64) : null };
}

export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(ctx, async ({ slug, forwarded }) => {
    const productSlug = typeof ctx.params?.product === 'string' ? ctx.params.product : '';
    const [product, related, reviews] = await Promise.all([
      getProduct(slug, productSlug, forwarded),
      optional('related items', () => getRelated(slug, productSlug, forwarded), []),
      optional('reviews', () => getProductReviews(slug, productSlug, forwarded), null),
    ]);
    if (!product) return null;
    return {
      product,
      related: related.filter((p) => p.slug !== product.slug).slice(0, RELATED_MAX),
      reviews,
      notify: notifyFrom(ctx.query),
    };
  });

export default function ProductPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} what="product" />;
  const { view, data } = props;
  const { store, base, origin } = view;
  const { product, related, reviews, notify } = data;
  const t = useMessages(productMessages);
  const { formatKes } = useFormat();
  const path = `/products/${product.slug}`;
  const canonical = `${origin}${path}`;
  const images = product.images.length > 0 ? product.images : product.image ? [product.image] : [];
  const priceVaries = new Set(product.variants.map((v) => v.priceKes)).size > 1;
  const crumbs: Crumb[] = [
    { name: store.name, path: '/' },
    ...(product.category ? [{ name: product.category.name, path: `/c/${product.category.slug}` }] : []),
    { name: product.title },
  ];
  return (
    <StoreLayout store={store} base={base} events={[{ type: 'product_view', productSlug: product.slug }]}>
      <Seo
        title={t('seoTitle', {
          title: product.title,
          from: priceVaries ? t('seoFrom') : '',
          price: formatKes(product.priceKes),
          store: store.name,
        })}
        description={excerpt(
          product.description ||
            t('seoDescription', { title: product.title, store: store.name, location: store.location }),
        )}
        canonical={canonical}
        image={shareImageUrl(origin, images[0] ?? null)}
        type="product"
        siteName={store.name}
        jsonLd={[
          withReviewsJsonLd(productJsonLd(origin, path, product, store, view.promotions?.items), reviews),
          breadcrumbJsonLd(origin, crumbs, path),
        ]}
      />
      <Head>
        <style key="reviews-css" dangerouslySetInnerHTML={{ __html: reviewsCss }} />
        <style key="back-in-stock-css" dangerouslySetInnerHTML={{ __html: backInStockCss }} />
      </Head>
      <main className="wrap product">
        <Breadcrumbs
          items={[
            { name: store.name, href: storeHomeHref(base) },
            ...(product.category ? [{ name: product.category.name, href: `${base}/c/${product.category.slug}` }] : []),
            { name: product.title },
          ]}
        />
        <div className="product__layout">
          <div className="product__media">
            <Gallery images={images} title={product.title} />
          </div>
          <div className="product__info">
            <h1 className="product__title">{product.title}</h1>
            {product.brand ? <p className="product__brand">{product.brand}</p> : null}
            <RatingLine reviews={reviews} />
            <BuyBox product={product} store={store} base={base} canonical={canonical} notify={notify} />
            {product.description ? (
              <section className="description" aria-labelledby="desc-title">
                <h2 id="desc-title">{t('description')}</h2>
                <p>{product.description}</p>
              </section>
            ) : null}
            <section className="trust-box" aria-labelledby="trust-title">
              <h2 id="trust-title">{t('buyWithConfidence')}</h2>
              <TrustMarkers store={store} secureBadge />
            </section>
            <Reviews reviews={reviews} />
          </div>
        </div>
        {related.length > 0 ? (
          <section className="related" aria-labelledby="related-title">
            <h2 id="related-title" className="section-title">
              {t('youMayAlsoLike')}
            </h2>
            <ProductGrid products={related} base={base} />
          </section>
        ) : null}
      </main>
    </StoreLayout>
  );
}
