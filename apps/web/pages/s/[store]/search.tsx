import type { GetServerSideProps } from 'next';
import type { SearchResult } from '@sokoni/contracts';
import { ApiError, getCategories, searchProducts } from '@/lib/api';
import { hasFilters, listingHref, parseListingQuery, type ListingQuery } from '@/lib/listing';
import { storeHomeHref } from '@/lib/store-context';
import { loadStorePage, optional, searchParamsOf, type StorePageProps } from '@/lib/store-page';
import type { CategoryLink } from '@/components/CategoryNav';
import { Listing } from '@/components/Listing';
import { Seo } from '@/components/Seo';
import { StoreLayout } from '@/components/StoreLayout';
import { StoreNotFound } from '@/components/StoreNotFound';
import { useMessages } from '@/lib/i18n';
import { browseMessages } from '@/lib/i18n/messages/browse';

/** No framework JS on storefront pages: see pages/_document.tsx. */
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

type Data = {
  query: ListingQuery;
  /** null: nothing asked yet (empty search box). */
  result: SearchResult | null;
  categories: CategoryLink[];
};

export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(ctx, async ({ slug, forwarded }) => {
    let query = parseListingQuery(searchParamsOf(ctx));
    const asked = query.q !== '' || query.category !== undefined;
    const [categories, first] = await Promise.all([
      optional('categories', () => getCategories(slug, forwarded), []),
      asked ? searchProducts(slug, query, forwarded) : Promise.resolve(null),
    ]);
    let found = first;
    if (found && !found.found && found.status === 400 && query.cursor) {
      query = { ...query, cursor: undefined, page: 1 };
      found = await searchProducts(slug, query, forwarded);
    }
    if (found && !found.found) {
      if (found.status === 404) return null;
      throw new ApiError(`search "${query.q}": ${found.code}`, found.status, 'search');
    }
    return {
      query,
      result: found ? found.data : null,
      categories: categories.filter((c) => c.productCount > 0).map((c) => ({ slug: c.slug, name: c.name })),
    };
  });

/** "Showing results for …" plus how the API understood the words (synonyms, typo matching). */
function Interpretation({ query, result }: { query: ListingQuery; result: SearchResult }) {
  const { interpretation } = result;
  const understood = interpretation.q.trim() || query.q;
  const t = useMessages(browseMessages);
  const extra = interpretation.expandedTerms.filter((t) => t.toLowerCase() !== understood.toLowerCase());
  return (
    <div className="interpretation">
      <p>
        {t('showingFor')} <strong>“{understood}”</strong>
        {understood.toLowerCase() !== query.q.toLowerCase() ? (
          <span className="muted"> {t('youTyped', { q: query.q })}</span>
        ) : null}
      </p>
      {extra.length > 0 ? (
        <p className="muted">
          {t('alsoMatching')}{' '}
          {extra.map((term, i) => (
            <span key={term}>
              {i > 0 ? ', ' : ''}
              <em>{term}</em>
            </span>
          ))}
        </p>
      ) : null}
      {interpretation.fuzzy ? <p className="muted">{t('closeSpellings')}</p> : null}
    </div>
  );
}

function CategorySuggestions({ base, categories }: { base: string; categories: CategoryLink[] }) {
  const t = useMessages(browseMessages);
  if (categories.length === 0) return null;
  return (
    <>
      <p>{t('tryCategories')}</p>
      <ul className="chips-row chips-row--wrap">
        {categories.map((c) => (
          <li key={c.slug}>
            <a className="chip" href={`${base}/c/${c.slug}`}>
              {c.name}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

export default function SearchPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} />;
  const { view, data } = props;
  const { store, base, origin } = view;
  const { query, result, categories } = data;
  const t = useMessages(browseMessages);
  const pathname = `${base}/search`;
  const title = query.q
    ? t('searchTitle', { q: query.q, store: store.name })
    : t('searchTitleEmpty', { store: store.name });
  const events = result && query.q ? [{ type: 'search', query: query.q, resultCount: result.total }] : [];
  return (
    <StoreLayout store={store} base={base} query={query.q} events={events}>
      <Seo
        title={title}
        description={t('searchDescription', { store: store.name, tagline: store.tagline })}
        canonical={`${origin}${listingHref('/search', query, {}, {})}`}
        siteName={store.name}
        noindex
      />
      <main className="wrap listing">
        <h1>{query.q ? t('searchHeading', { q: query.q }) : t('searchHeadingEmpty')}</h1>
        {!result ? (
          <>
            <p>{t('typeToSearch')}</p>
            <CategorySuggestions base={base} categories={categories} />
          </>
        ) : (
          <>
            {query.q ? <Interpretation query={query} result={result} /> : null}
            <Listing
              pathname={pathname}
              base={base}
              query={query}
              result={result}
              categoryInPath={false}
              emptyMessage={
                <>
                  <p>{hasFilters(query) || query.category ? t('noneMatch') : t('foundNothing', { q: query.q })}</p>
                  <CategorySuggestions base={base} categories={categories} />
                  <p>
                    <a href={storeHomeHref(base)}>{t('seeAllProductsIn', { store: store.name })}</a>
                  </p>
                </>
              }
            />
          </>
        )}
      </main>
    </StoreLayout>
  );
}
