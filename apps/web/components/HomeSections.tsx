import type { HomeSectionView } from '@sokoni/contracts';
import { useMessages, useFormat } from '@/lib/i18n';
import { browseMessages } from '@/lib/i18n/messages/browse';
import type { Translate } from '@/lib/i18n';
import { ProductGrid } from './ProductGrid';
import { ProductImage } from './ProductImage';

/** "today" for a same-day area, else how long it takes. */
export function etaLabel(etaHoursMax: number, t: Translate<keyof typeof browseMessages.en>): string {
  if (etaHoursMax <= 8) return t('etaToday');
  if (etaHoursMax <= 24) return t('etaDay');
  return t('etaDays', { days: Math.ceil(etaHoursMax / 24) });
}

/**
 * The home page sections the owner picked, in the owner's order (store identity): featured
 * collection, best sellers, new arrivals (product grids), a category grid and "shop by area".
 * `lcp`: the first grid holds the page's largest image (no hero picture above it).
 */
export function HomeSections({ sections, base, lcp }: { sections: HomeSectionView[]; base: string; lcp: boolean }) {
  const t = useMessages(browseMessages);
  const { formatKes } = useFormat();
  const firstGrid = sections.findIndex((s) => s.products.length > 0 || s.categories.length > 0);
  return (
    <>
      {sections.map((s, i) => (
        <section
          key={`${s.type}-${s.collection ?? i}`}
          className={`home-section home-section--${s.type}`}
          aria-labelledby={`home-s-${i}`}
          data-home-section={s.type}
        >
          <h2 id={`home-s-${i}`} className="section-title">
            {s.titleIsDefault ? t(`section_${s.type}`) : s.title}
          </h2>
          {s.products.length > 0 ? (
            <ProductGrid products={s.products} base={base} lcp={lcp && i === firstGrid} />
          ) : null}
          {s.categories.length > 0 ? (
            <ul className="tiles">
              {s.categories.map((c, j) => (
                <li key={c.slug} className="tile">
                  <a href={`${base}/c/${c.slug}`}>
                    <ProductImage
                      image={c.image}
                      alt={c.name}
                      sizes="(min-width: 900px) 200px, 33vw"
                      eager={lcp && i === firstGrid && j < 3}
                    />
                    <span className="tile__name">{c.name}</span>
                    <span className="tile__count">{t('items', { count: c.productCount })}</span>
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {s.areas.length > 0 ? (
            <ul className="areas">
              {s.areas.map((a) => (
                <li key={a.slug}>
                  <a className="areas__link" href={`${base}/areas/${a.slug}`}>
                    <span>
                      {t('weDeliverTo')} <strong>{a.name}</strong> {etaLabel(a.etaHoursMax, t)}
                    </span>
                    <span className="areas__fee">{a.feeKes === 0 ? t('freeDelivery') : formatKes(a.feeKes)}</span>
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </>
  );
}
