import type { SearchResult } from '@sokoni/contracts';
import { useMessages, type Translate, useFormat } from '@/lib/i18n';
import { browseMessages } from '@/lib/i18n/messages/browse';
import {
  hasFilters,
  hiddenFields,
  listingHref,
  priceBuckets,
  toggleOpt,
  type ListingChange,
  type ListingQuery,
  type Sort,
} from '@/lib/listing';
import { ProductGrid } from './ProductGrid';

type BrowseKey = keyof typeof browseMessages.en;

const SORT_LABELS: Record<Sort, BrowseKey> = {
  relevance: 'sortRelevance', // 'sortFeatured' when there is no search text (see below)
  newest: 'sortNewest',
  price_asc: 'sortPriceAsc',
  price_desc: 'sortPriceDesc',
};

function priceLabel(
  min: number | undefined,
  max: number | undefined,
  t: Translate<BrowseKey>,
  formatKes: (n: number) => string,
): string {
  if (min !== undefined && max !== undefined) return t('priceRange', { min: formatKes(min), max: formatKes(max) });
  return min !== undefined ? t('priceFrom', { min: formatKes(min) }) : t('priceUpTo', { max: formatKes(max ?? 0) });
}

/**
 * Products of a category or a search with fast filters. Every control is a link or a GET form,
 * so filtering works without JavaScript and each filtered view has its own URL (shareable on
 * WhatsApp). The filter panel is a native <details>: it opens without script, and stays closed
 * by default so the first products are above the fold on a phone.
 */
export function Listing({
  pathname,
  base,
  query,
  result,
  categoryInPath,
  emptyMessage,
}: {
  /** The listing's own path (`<base>/c/<slug>` or `<base>/search`). */
  pathname: string;
  base: string;
  query: ListingQuery;
  result: SearchResult;
  categoryInPath: boolean;
  emptyMessage: React.ReactNode;
}) {
  const t = useMessages(browseMessages);
  const { formatKes, formatNumber } = useFormat();
  const href = (change: ListingChange) => listingHref(pathname, query, change, { categoryInPath });
  const { facets } = result;
  const buckets = priceBuckets(facets.price.min, facets.price.max);
  const priceActive = query.minPrice !== undefined || query.maxPrice !== undefined;
  const activeCount = (priceActive ? 1 : 0) + (query.inStock ? 1 : 0) + query.opt.length;
  const categoryName = (slug: string) => facets.categories.find((c) => c.value === slug)?.label ?? slug;
  const sorts: Sort[] = ['relevance', 'newest', 'price_asc', 'price_desc'];
  const lastPage = Math.max(1, Math.ceil(result.total / query.limit));

  if (result.total === 0 && activeCount === 0 && (categoryInPath || !query.category)) {
    // Nothing to sort or narrow: just say so (and what to try instead).
    return (
      <div className="empty" data-result-count={0}>
        {emptyMessage}
      </div>
    );
  }

  return (
    <>
      <div className="toolbar">
        <p className="toolbar__count" data-result-count={result.total}>
          {t(result.total === 1 ? 'productsOne' : 'productsMany', { count: formatNumber(result.total) })}
          {query.page > 1 ? (
            <span className="muted"> · {t('pageOf', { page: query.page, last: lastPage })}</span>
          ) : null}
        </p>
        <nav aria-label={t('sort')} className="sort">
          <span className="sort__label">{t('sortLabel')}</span>
          <ul className="chips-row chips-row--wrap">
            {sorts.map((s) => (
              <li key={s}>
                <a
                  className={s === query.sort ? 'chip chip--on' : 'chip'}
                  href={href({ sort: s })}
                  aria-current={s === query.sort ? 'true' : undefined}
                  rel="nofollow"
                >
                  {t(s === 'relevance' && query.q === '' ? 'sortFeatured' : SORT_LABELS[s])}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>

      <div className="quick-filters">
        <a
          className={query.inStock ? 'chip chip--on' : 'chip'}
          href={href({ inStock: !query.inStock })}
          aria-current={query.inStock ? 'true' : undefined}
          rel="nofollow"
        >
          {t('inStockOnly')}
          {!query.inStock ? <span className="chip__count"> ({formatNumber(facets.inStock)})</span> : null}
        </a>
        <details className="filters">
          <summary className="chip">
            {t('filters')}
            {activeCount > 0 ? ` (${activeCount})` : ''}
          </summary>
          <div className="filters__panel">
            {buckets.length > 0 || priceActive ? (
              <section className="filter-group" aria-labelledby="f-price">
                <h2 id="f-price" className="filter-group__title">
                  {t('priceKes')}
                </h2>
                <ul className="chips-row chips-row--wrap">
                  {buckets.map((b) => {
                    const on = query.minPrice === b.min && query.maxPrice === b.max;
                    return (
                      <li key={b.label}>
                        <a
                          className={on ? 'chip chip--on' : 'chip'}
                          href={href(
                            on ? { minPrice: undefined, maxPrice: undefined } : { minPrice: b.min, maxPrice: b.max },
                          )}
                          rel="nofollow"
                        >
                          {b.label}
                        </a>
                      </li>
                    );
                  })}
                </ul>
                <form className="price-form" action={pathname} method="get">
                  {hiddenFields(query, ['minPrice', 'maxPrice'], categoryInPath).map(([name, value], i) => (
                    <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
                  ))}
                  <label>
                    {t('min')}
                    <input
                      type="number"
                      name="minPrice"
                      inputMode="numeric"
                      min={0}
                      step={1}
                      defaultValue={query.minPrice}
                      placeholder={facets.price.min !== null ? String(facets.price.min) : '0'}
                    />
                  </label>
                  <label>
                    {t('max')}
                    <input
                      type="number"
                      name="maxPrice"
                      inputMode="numeric"
                      min={0}
                      step={1}
                      defaultValue={query.maxPrice}
                      placeholder={facets.price.max !== null ? String(facets.price.max) : ''}
                    />
                  </label>
                  <button type="submit" className="button button--small">
                    {t('apply')}
                  </button>
                </form>
              </section>
            ) : null}

            {facets.options.map((group) => (
              <section key={group.name} className="filter-group" aria-label={group.name}>
                <h2 className="filter-group__title">{group.name}</h2>
                <ul className="chips-row chips-row--wrap">
                  {group.values
                    .filter((v) => v.count > 0 || query.opt.includes(`${group.name}:${v.value}`))
                    .map((v) => {
                      const token = `${group.name}:${v.value}`;
                      const on = query.opt.includes(token);
                      return (
                        <li key={v.value}>
                          <a
                            className={on ? 'chip chip--on' : 'chip'}
                            href={href({ opt: toggleOpt(query.opt, token) })}
                            aria-current={on ? 'true' : undefined}
                            rel="nofollow"
                          >
                            {v.label} <span className="chip__count">({formatNumber(v.count)})</span>
                          </a>
                        </li>
                      );
                    })}
                </ul>
              </section>
            ))}

            {!categoryInPath && facets.categories.length > 0 ? (
              <section className="filter-group" aria-labelledby="f-cat">
                <h2 id="f-cat" className="filter-group__title">
                  {t('categoryFilter')}
                </h2>
                <ul className="chips-row chips-row--wrap">
                  {facets.categories.map((c) => {
                    const on = query.category === c.value;
                    return (
                      <li key={c.value}>
                        <a
                          className={on ? 'chip chip--on' : 'chip'}
                          href={href({ category: on ? undefined : c.value })}
                          aria-current={on ? 'true' : undefined}
                          rel="nofollow"
                        >
                          {c.label} <span className="chip__count">({formatNumber(c.count)})</span>
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ) : null}
          </div>
        </details>
      </div>

      {activeCount > 0 || (!categoryInPath && query.category) ? (
        <ul className="active-filters chips-row chips-row--wrap" aria-label={t('activeFilters')}>
          {!categoryInPath && query.category ? (
            <li>
              <a className="chip chip--on" href={href({ category: undefined })} rel="nofollow">
                {categoryName(query.category)} <span aria-label={t('remove')}>✕</span>
              </a>
            </li>
          ) : null}
          {priceActive ? (
            <li>
              <a className="chip chip--on" href={href({ minPrice: undefined, maxPrice: undefined })} rel="nofollow">
                {priceLabel(query.minPrice, query.maxPrice, t, formatKes)} <span aria-label={t('remove')}>✕</span>
              </a>
            </li>
          ) : null}
          {query.inStock ? (
            <li>
              <a className="chip chip--on" href={href({ inStock: false })} rel="nofollow">
                {t('inStock')} <span aria-label={t('remove')}>✕</span>
              </a>
            </li>
          ) : null}
          {query.opt.map((token) => (
            <li key={token}>
              <a className="chip chip--on" href={href({ opt: toggleOpt(query.opt, token) })} rel="nofollow">
                {token.replace(':', ': ')} <span aria-label={t('remove')}>✕</span>
              </a>
            </li>
          ))}
          {hasFilters(query) ? (
            <li>
              <a
                className="clear-link"
                href={href({ minPrice: undefined, maxPrice: undefined, inStock: false, opt: [] })}
                rel="nofollow"
              >
                {t('clearFilters')}
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}

      {result.items.length > 0 ? (
        <ProductGrid products={result.items} base={base} lcp headingLevel={2} />
      ) : (
        <div className="empty">{emptyMessage}</div>
      )}

      {result.nextCursor ? (
        <p className="more">
          <a
            className="button button--wide"
            rel="next"
            href={listingHref(pathname, query, {}, { categoryInPath, cursor: result.nextCursor, page: query.page + 1 })}
          >
            {t('loadMore')}
          </a>
        </p>
      ) : null}
      {query.page > 1 ? (
        <p className="more">
          <a href={href({})}>{t('firstPage')}</a>
        </p>
      ) : null}
    </>
  );
}
