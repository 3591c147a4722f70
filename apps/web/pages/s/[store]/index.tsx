import type { GetServerSideProps } from 'next';
import type { ProductCard, StoreHome as StoreHomeData } from '@sokoni/contracts';
import { getCategories, getStoreHome, getStoreProducts } from '@/lib/api';
import { storeJsonLd, shareImageUrl } from '@/lib/seo';
import { loadStorePage, optional, type StorePageProps } from '@/lib/store-page';
import type { CategoryLink } from '@/components/CategoryNav';
import { HomeHero } from '@/components/HomeHero';
import { HomeSections } from '@/components/HomeSections';
import { ProductGrid } from '@/components/ProductGrid';
import { Seo } from '@/components/Seo';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { useMessages } from '@/lib/i18n';
import { browseMessages } from '@/lib/i18n/messages/browse';

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

/**
 * `home`: the hero and the owner's sections (store identity); null when unavailable, and then the
 * page falls back to every product, as before. `products` is filled only in that case (and when
 * the owner's sections show nothing), so a branded home page stays small.
 */
type Data = { products: ProductCard[]; categories: CategoryLink[]; home: StoreHomeData | null };

/** Categories from the products themselves, when the categories endpoint is unavailable. */
function categoriesOf(products: ProductCard[]): CategoryLink[] {
  const byslug = new Map<string, CategoryLink>();
  for (const p of products)
    if (p.category && !byslug.has(p.category.slug))
      byslug.set(p.category.slug, { slug: p.category.slug, name: p.category.name });
  return [...byslug.values()];
}

export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(ctx, async ({ slug, forwarded }) => {
    const [home, categories] = await Promise.all([
      optional('home sections', () => getStoreHome(slug, forwarded), null),
      optional('categories', () => getCategories(slug, forwarded), null),
    ]);
    const needProducts = !home || home.sections.length === 0 || categories === null;
    const products = needProducts ? await getStoreProducts(slug, forwarded) : [];
    return {
      home,
      products,
      categories: categories
        ? categories
            .filter((c) => c.productCount > 0)
            .map(({ slug: s, name, parentSlug }) => ({ slug: s, name, ...(parentSlug ? { parentSlug } : {}) }))
        : categoriesOf(products),
    };
  });

export default function StoreHome(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} />;
  const { view, data } = props;
  const { store, base, origin } = view;
  const t = useMessages(browseMessages);
  const website = {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: store.name,
    url: `${origin}/`,
    potentialAction: {
      '@type': 'SearchAction',
      target: `${origin}/search?q={search_term_string}`,
      'query-input': 'required name=search_term_string',
    },
  };
  return (
    <StoreLayout store={store} base={base} categories={data.categories} showTagline>
      <Seo
        title={`${store.name} — ${store.tagline}`}
        description={t('homeDescription', { tagline: store.tagline, store: store.name, location: store.location })}
        canonical={`${origin}/`}
        image={shareImageUrl(
          origin,
          data.home?.hero?.image ??
            data.home?.sections.flatMap((s) => s.products).find((p) => p.image)?.image ??
            data.products.find((p) => p.image)?.image ??
            null,
        )}
        siteName={store.name}
        jsonLd={[storeJsonLd(origin, store), website]}
      />
      {data.home?.hero ? <HomeHero hero={data.home.hero} base={base} /> : null}
      <main className="wrap">
        {data.home && data.home.sections.length > 0 ? (
          <>
            {data.home.hero ? null : <h1 className="visually-hidden">{store.name}</h1>}
            <HomeSections sections={data.home.sections} base={base} lcp={!data.home.hero?.image} />
          </>
        ) : (
          <>
            {data.home?.hero ? (
              <h2 className="section-title">
                {t('allProducts')} <span className="muted">({data.products.length})</span>
              </h2>
            ) : (
              <h1 className="section-title">
                {t('allProducts')} <span className="muted">({data.products.length})</span>
              </h1>
            )}
            {data.products.length > 0 ? (
              <ProductGrid products={data.products} base={base} lcp={!data.home?.hero?.image} />
            ) : (
              <p className="empty">{t('noProductsYet')}</p>
            )}
          </>
        )}
      </main>
    </StoreLayout>
  );
}
