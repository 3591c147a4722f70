import type { StoreSummary } from '@sokoni/contracts';
import { analyticsIsland, type AnalyticsConfig } from '@/islands/analytics';
import { cartCountIsland } from '@/islands/cart-count';
import { islandScript } from '@/islands/inline';
import { InlineScript } from './InlineScript';
import { countCookie } from '@/lib/cookies';
import { storeHomeHref } from '@/lib/store-context';
import Image from 'next/image';
import { brandStyle } from '@/lib/storefront/brand';
import { AnnouncementBar } from './AnnouncementBar';
import { BusinessDetails } from './BusinessDetails';
import { CategoryNav, type CategoryLink } from './CategoryNav';
import { SearchForm } from './SearchForm';
import { PromotionStrip } from './PromotionStrip';
import { TrustMarkers } from './TrustMarkers';
import { LanguageAlternates, LanguageSwitch } from './LanguageSwitch';
import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

/**
 * Frame of every storefront page: store header with "My orders" (the phone sign-in of
 * pages/s/[store]/account.tsx) and the cart link, and a search box, optional
 * category chips, the page, the footer, and the analytics island (last, so it never delays the
 * content). The cart link's count is filled in by a tiny island from a cookie (the HTML is the
 * same for every shopper). The store's look (store identity): the brand colour as CSS custom
 * properties on the wrapper (no client JS), the logo, the announcement bar, and the business
 * details in the footer.
 */
export function StoreLayout({
  store,
  base,
  categories,
  activeCategory,
  query = '',
  showTagline = false,
  events,
  area,
  children,
}: {
  store: StoreSummary;
  base: string;
  categories?: CategoryLink[];
  activeCategory?: string;
  query?: string;
  showTagline?: boolean;
  /** This view's analytics events (page_view is added first); null: no analytics (404s). */
  events?: AnalyticsConfig['events'] | null;
  /** The shopper's delivery area when this page knows it (analytics: the funnel by area). */
  area?: string;
  children: React.ReactNode;
}) {
  const analytics: AnalyticsConfig | null =
    events === null
      ? null
      : { url: `${base}/events`, events: [{ type: 'page_view' }, ...(events ?? [])], ...(area ? { area } : {}) };
  const logo = store.brand?.logo ?? null;
  const t = useMessages(commonMessages);
  return (
    <div className="store-frame" style={brandStyle(store)} data-brand-color={store.brand?.color}>
      <LanguageAlternates />
      <AnnouncementBar store={store} base={base} />
      <header className="store-header">
        <div className="wrap">
          <div className="store-header__top">
            <a className="store-header__name" href={storeHomeHref(base)}>
              {logo ? (
                <Image
                  className="store-header__logo"
                  src={logo.url}
                  width={36}
                  height={36}
                  alt=""
                  loading="eager"
                  data-store-logo=""
                />
              ) : null}
              {store.name}
            </a>
            <nav className="store-header__links" aria-label={t('yourShopping')}>
              <a className="store-header__account" href={`${base}/account`} data-my-orders="">
                {t('myOrders')}
              </a>
              <a className="store-header__cart" href={`${base}/cart`}>
                {t('cart')} <span className="cart-count" data-cart-count="" />
              </a>
              <LanguageSwitch className="store-header__lang" />
            </nav>
          </div>
          <InlineScript code={islandScript(cartCountIsland, { cookie: countCookie(store.slug) })} />
          {showTagline && store.tagline ? <p className="store-header__tagline">{store.tagline}</p> : null}
          <SearchForm base={base} query={query} storeName={store.name} />
        </div>
      </header>
      <PromotionStrip />
      {categories && categories.length > 0 ? (
        <CategoryNav base={base} categories={categories} active={activeCategory} />
      ) : null}
      {children}
      <footer className="store-footer">
        <div className="wrap">
          <h2 className="store-footer__title">{store.name}</h2>
          <TrustMarkers store={store} />
          <BusinessDetails store={store} />
          <p className="store-footer__account">
            <a href={`${base}/account`}>{t('myOrders')}</a> · {t('footerAccount')}
          </p>
          <p className="store-footer__lang">
            <LanguageSwitch />
          </p>
          <p className="store-footer__platform">{t('poweredBy')}</p>
        </div>
      </footer>
      {analytics ? <InlineScript code={islandScript(analyticsIsland, analytics)} /> : null}
    </div>
  );
}
