import type { GetServerSideProps } from 'next';
import type { Area, DeliveryQuote, ProductCard } from '@sokoni/contracts';
import { getAreaDeliveryQuote, getAreas, getFirstProducts, validSlug } from '@/lib/api';
import { areaServedJsonLd, breadcrumbJsonLd, itemListJsonLd, shareImageUrl } from '@/lib/seo';
import { storeHomeHref } from '@/lib/store-context';
import { loadStorePage, type StorePageProps } from '@/lib/store-page';
import { Breadcrumbs } from '@/components/Breadcrumbs';
import { ProductGrid } from '@/components/ProductGrid';
import { Seo } from '@/components/Seo';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { useMessages, type Translate, useFormat } from '@/lib/i18n';
import { browseMessages } from '@/lib/i18n/messages/browse';
import { etaLabel } from '@/components/HomeSections';

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
function deliveryLine(
  quote: DeliveryQuote | null,
  t: Translate<keyof typeof browseMessages.en>,
  formatKes: (n: number) => string,
): string | null {
  if (!quote) return null;
  if (!quote.deliverable) return quote.message;
  return t('etaLine', {
    fee: formatKes(quote.standardFeeKes),
    eta: etaLabel(quote.etaHoursMax, t),
    min: quote.etaHoursMin,
    max: quote.etaHoursMax,
  });
}

/** Area SEO page: "Delivery to Kilimani — <store>" with the fee and ETA there (DESIGN §7). */
export default function AreaPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} what="area" />;
  const { view, data } = props;
  const { store, base, origin } = view;
  const { area, nearby, products, quote } = data;
  const t = useMessages(browseMessages);
  const { formatKes } = useFormat();
  const delivery = deliveryLine(quote, t, formatKes);
  const path = `/areas/${area.slug}`;
  const title = t('areaTitle', { area: area.name, store: store.name });
  return (
    <StoreLayout store={store} base={base} area={area.slug}>
      <Seo
        title={title}
        description={t('areaDescription', {
          store: store.name,
          area: area.name,
          ward: area.ward,
          subCounty: area.subCounty,
          fee: quote?.deliverable
            ? t('areaFee', { fee: formatKes(quote.standardFeeKes), eta: etaLabel(quote.etaHoursMax, t) })
            : '',
        })}
        canonical={`${origin}${path}`}
        image={shareImageUrl(origin, products.find((p) => p.image)?.image ?? null)}
        siteName={store.name}
        jsonLd={[
          areaServedJsonLd(origin, store, area),
          breadcrumbJsonLd(
            origin,
            [{ name: store.name, path: '/' }, { name: t('areaCrumb', { area: area.name }) }],
            path,
          ),
          itemListJsonLd(origin, products),
        ]}
      />
      <main className="wrap area">
        <Breadcrumbs
          items={[{ name: store.name, href: storeHomeHref(base) }, { name: t('areaCrumb', { area: area.name }) }]}
        />
        <h1>{title}</h1>
        <dl className="area__facts">
          <div>
            <dt>{t('area')}</dt>
            <dd>{area.name}</dd>
          </div>
          <div>
            <dt>{t('ward')}</dt>
            <dd>{area.ward}</dd>
          </div>
          <div>
            <dt>{t('subCounty')}</dt>
            <dd>{area.subCounty}</dd>
          </div>
          {delivery ? (
            <div>
              <dt>{t('delivery')}</dt>
              <dd data-area-delivery>{delivery}</dd>
            </div>
          ) : null}
          {quote?.freeDeliveryFromKes != null && quote.deliverable ? (
            <div>
              <dt>{t('freeDelivery')}</dt>
              <dd>{t('freeFrom', { amount: formatKes(quote.freeDeliveryFromKes) })}</dd>
            </div>
          ) : null}
          {quote?.pickup ? (
            <div>
              <dt>{t('pickup')}</dt>
              <dd>{t('pickupAt', { fee: formatKes(quote.pickup.feeKes) })}</dd>
            </div>
          ) : null}
        </dl>
        <p>{t('areaOrder', { store: store.name, location: store.location })}</p>
        {products.length > 0 ? (
          <section aria-labelledby="popular-title">
            <h2 id="popular-title" className="section-title">
              {t('popularAt', { store: store.name })}
            </h2>
            <ProductGrid products={products} base={base} lcp />
            <p className="more">
              <a href={storeHomeHref(base)}>{t('seeAllProducts')}</a>
            </p>
          </section>
        ) : null}
        {nearby.length > 0 ? (
          <section aria-labelledby="nearby-title">
            <h2 id="nearby-title" className="section-title">
              {t('alsoDelivering', { subCounty: area.subCounty })}
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
