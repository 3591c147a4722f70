import type { GetServerSideProps } from 'next';
import type { Area, DeliveryQuote, ProductCard } from '@sokoni/contracts';
import { getAreaDeliveryQuote, getAreas, getFirstProducts, validSlug } from '@/lib/api';
import { formatKes } from '@/lib/format';
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

type Data = { area: Area; nearby: Pick<Area, 'slug' | 'name'>[]; products: ProductCard[]; quote: DeliveryQuote | null };

export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(ctx, async ({ slug, forwarded }) => {
    const areaSlug = typeof ctx.params?.area === 'string' ? ctx.params.area : '';
    if (!validSlug(areaSlug)) return null;
    const [areas, products, quote] = await Promise.all([
      getAreas(forwarded),
      getFirstProducts(slug, POPULAR_COUNT, forwarded),
      getAreaDeliveryQuote(slug, areaSlug, forwarded),
    ]);
    const area = areas.find((a) => a.slug === areaSlug);
    if (!area) return null;
    const nearby = areas
      .filter((a) => a.subCounty === area.subCounty && a.slug !== area.slug)
      .slice(0, NEARBY_COUNT)
      .map((a) => ({ slug: a.slug, name: a.name }));
    return { area, nearby, products, quote };
  });

/** "KES 300 · Today (3-8 hours)" or the store's reason it does not deliver there. */
function deliveryLine(quote: DeliveryQuote | null): string | null {
  if (!quote) return null;
  if (!quote.deliverable) return quote.message;
  return `${formatKes(quote.standardFeeKes)} · ${quote.etaLabel} (${quote.etaHoursMin}-${quote.etaHoursMax} hours)`;
}

/** Area SEO page: "Delivery to Kilimani — <store>" with the fee and ETA there (DESIGN §7). */
export default function AreaPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} what="delivery area" />;
  const { view, data } = props;
  const { store, base, origin } = view;
  const { area, nearby, products, quote } = data;
  const delivery = deliveryLine(quote);
  const path = `/areas/${area.slug}`;
  const title = `Delivery to ${area.name} — ${store.name}`;
  return (
    <StoreLayout store={store} base={base} area={area.slug}>
      <Seo
        title={title}
        description={`${store.name} delivers to ${area.name} (${area.ward} ward, ${area.subCounty}), Nairobi${quote?.deliverable ? ` for ${formatKes(quote.standardFeeKes)}, ${quote.etaLabel.toLowerCase()}` : ''}. Order online, pay with M-Pesa.`}
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
          {delivery ? (
            <div>
              <dt>Delivery</dt>
              <dd data-area-delivery>{delivery}</dd>
            </div>
          ) : null}
          {quote?.freeDeliveryFromKes != null && quote.deliverable ? (
            <div>
              <dt>Free delivery</dt>
              <dd>On orders from {formatKes(quote.freeDeliveryFromKes)}</dd>
            </div>
          ) : null}
          {quote?.pickup ? (
            <div>
              <dt>Pickup</dt>
              <dd>At an agent point: {formatKes(quote.pickup.feeKes)}</dd>
            </div>
          ) : null}
        </dl>
        <p>
          Order from {store.name} ({store.location}) and pay with M-Pesa. The total, delivery included, is shown at
          checkout before you pay.
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
