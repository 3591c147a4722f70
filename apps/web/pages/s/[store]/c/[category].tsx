import type { GetServerSideProps } from 'next';
import type { SearchResult } from '@sokoni/contracts';
import { ApiError, getCategories, searchProducts, validSlug } from '@/lib/api';
import { hasFilters, parseListingQuery, type ListingQuery } from '@/lib/listing';
import { breadcrumbJsonLd, itemListJsonLd, shareImageUrl } from '@/lib/seo';
import { storeHomeHref } from '@/lib/store-context';
import { loadStorePage, optional, searchParamsOf, type StorePageProps } from '@/lib/store-page';
import { Breadcrumbs } from '@/components/Breadcrumbs';
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
  category: { slug: string; name: string };
  categories: CategoryLink[];
  query: ListingQuery;
  result: SearchResult;
  /** The shopper's cursor was stale (e.g. the catalogue changed): we show the first page. */
  restarted: boolean;
};

export const getServerSideProps: GetServerSideProps<StorePageProps<Data>> = (ctx) =>
  loadStorePage(ctx, async ({ slug, forwarded }) => {
    const categorySlug = typeof ctx.params?.category === 'string' ? ctx.params.category : '';
    if (!validSlug(categorySlug)) return null;
    let query = parseListingQuery(searchParamsOf(ctx), categorySlug);
    const [categories, first] = await Promise.all([
      optional('categories', () => getCategories(slug, forwarded), null),
      searchProducts(slug, query, forwarded),
    ]);
    let found = first;
    let restarted = false;
    if (!found.found && found.status === 400 && query.cursor) {
      query = { ...query, cursor: undefined, page: 1 };
      found = await searchProducts(slug, query, forwarded);
      restarted = true;
    }
    if (!found.found) {
      if (found.status === 404) return null;
      throw new ApiError(`search for category ${categorySlug}: ${found.code}`, found.status, 'search');
    }
    const result = found.data;
    // The category's name: from the store's category list, else from the results themselves.
    const known = categories?.find((c) => c.slug === categorySlug);
    const name =
      known?.name ??
      result.facets.categories.find((c) => c.value === categorySlug)?.label ??
      result.items.find((p) => p.category?.slug === categorySlug)?.category?.name;
    if (!name || (categories && !known)) return null;
    return {
      category: { slug: categorySlug, name },
      categories: (categories ?? [])
        .filter((c) => c.productCount > 0)
        .map((c) => ({ slug: c.slug, name: c.name, ...(c.parentSlug ? { parentSlug: c.parentSlug } : {}) })),
      query,
      result,
      restarted,
    };
  });

export default function CategoryPage(props: StorePageProps<Data>) {
  if (!props.found) return <StoreNotFound store={props.store} base={props.base} what="category" />;
  const { view, data } = props;
  const { store, base, origin } = view;
  const { category, query, result } = data;
  const t = useMessages(browseMessages);
  const path = `/c/${category.slug}`;
  const filtered = hasFilters(query) || query.sort !== 'relevance' || query.page > 1;
  return (
    <StoreLayout store={store} base={base} categories={data.categories} activeCategory={category.slug}>
      <Seo
        title={`${category.name} — ${store.name}`}
        description={t('categoryDescription', {
          category: category.name,
          store: store.name,
          location: store.location,
          count: result.total,
        })}
        canonical={`${origin}${path}`}
        image={shareImageUrl(origin, result.items.find((p) => p.image)?.image ?? null)}
        siteName={store.name}
        noindex={filtered}
        jsonLd={[
          breadcrumbJsonLd(origin, [{ name: store.name, path: '/' }, { name: category.name }], path),
          ...(filtered ? [] : [itemListJsonLd(origin, result.items)]),
        ]}
      />
      <main className="wrap listing">
        <Breadcrumbs items={[{ name: store.name, href: storeHomeHref(base) }, { name: category.name }]} />
        <h1>{category.name}</h1>
        {data.restarted ? <p className="notice-line">{t('listRestarted')}</p> : null}
        <Listing
          pathname={`${base}${path}`}
          base={base}
          query={query}
          result={result}
          categoryInPath
          emptyMessage={
            hasFilters(query) ? (
              <p>{t('noneMatchIn', { category: category.name })}</p>
            ) : (
              <p>
                {t('noneYetIn', { category: category.name })} <a href={storeHomeHref(base)}>{t('seeAllProducts')}</a>
              </p>
            )
          }
        />
      </main>
    </StoreLayout>
  );
}
