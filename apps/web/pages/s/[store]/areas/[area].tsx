import type { GetServerSideProps } from 'next';
import type { Area, ProductCard } from '@sokoni/contracts';
import { getAreas, getFirstProducts, validSlug } from '@/lib/api';
import { areaServedJsonLd, breadcrumbJsonLd, itemListJsonLd, shareImageUrl } from '@/lib/seo';
import { storeHomeHref } from '@/lib/store-context';
import { loadStorePage, type StorePageProps } from '@/lib/store-page';
import { Breadcrumbs } from '@/components/Breadcrumbs';
import { ProductGrid } from '@/components/ProductGrid';
import { Seo } from '@/components/Seo';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

/** Products shown on an area page ("popular items": the API's first products). */
const POPULAR_COUNT = 8;
/** Links to other areas of the same sub-county (internal links for the area pages). */
const NEARBY_COUNT = 8;

type Data = { area: Area; nearby: Pick<Area, 'slug' | 'name'>[]; products: ProductCard[] };

export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(ctx, async ({ slug, forwarded }) => {
    const areaSlug = typeof ctx.params?.area === 'string' ? ctx.params.area : '';
    if (!validSlug(areaSlug)) return null;
    const [areas, products] = await Promise.all([getAreas(forwarded), getFirstProducts(slug, POPULAR_COUNT, forwarded)]);
    const area = areas.find((a) => a.slug === areaSlug);
    if (!area) return null;
    const nearby = areas
      .filter((a) => a.subCounty === area.subCounty && a.slug !== area.slug)
      .slice(0, NEARBY_COUNT)
      .map((a) => ({ slug: a.slug, name: a.name }));
    return { area, nearby, products };
  });

/** Area SEO page: "Delivery to Kilimani — <store>" (DESIGN §7). Fee and ETA come with checkout. */
export default function AreaPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} what="delivery area" />;
  const { view, data } = props;
  const { store, base, origin } = view;
  const { area, nearby, products } = data;
  const path = `/areas/${area.slug}`;
  const title = `Delivery to ${area.name} — ${store.name}`;
  return (
    <StoreLayout store={store} base={base}>
      <Seo
        title={title}
        description={`${store.name} delivers to ${area.name} (${area.ward} ward, ${area.subCounty}), Nairobi. Order online, pay with M-Pesa; the delivery fee and time for ${area.name} are shown at checkout.`}
        canonical={`${origin}${path}`}
        image={shareImageUrl(origin, products.find((p) => p.image)?.image ?? null)}
        siteName={store.name}
        jsonLd={[
          areaServedJsonLd(origin, store, area),
          breadcrumbJsonLd(origin, [{ name: store.name, path: '/' }, { name: `Delivery to ${area.name}` }], path),
          itemListJsonLd(origin, products),
        ]}
      />
      <main className="wrap area">
        <Breadcrumbs items={[{ name: store.name, href: storeHomeHref(base) }, { name: `Delivery to ${area.name}` }]} />
        <h1>{title}</h1>
        <dl className="area__facts">
          <div>
            <dt>Area</dt>
            <dd>{area.name}</dd>
          </div>
          <div>
            <dt>Ward</dt>
            <dd>{area.ward}</dd>
          </div>
          <div>
            <dt>Sub-county</dt>
            <dd>{area.subCounty}</dd>
          </div>
        </dl>
        <p>
          Order from {store.name} ({store.location}) and pay with M-Pesa. The delivery fee and delivery time for {area.name} are shown
          at checkout, before you pay.
        </p>
        {products.length > 0 ? (
          <section aria-labelledby="popular-title">
            <h2 id="popular-title" className="section-title">
              Popular at {store.name}
            </h2>
            <ProductGrid products={products} base={base} lcp />
            <p className="more">
              <a href={storeHomeHref(base)}>See all products</a>
            </p>
          </section>
        ) : null}
        {nearby.length > 0 ? (
          <section aria-labelledby="nearby-title">
            <h2 id="nearby-title" className="section-title">
              Also delivering in {area.subCounty}
            </h2>
            <ul className="chips-row chips-row--wrap">
              {nearby.map((a) => (
                <li key={a.slug}>
                  <a className="chip" href={`${base}/areas/${a.slug}`}>
                    {a.name}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </main>
    </StoreLayout>
  );
}
