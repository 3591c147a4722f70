/**
 * The shared part of every storefront page's getServerSideProps: which store and URL form,
 * the store itself (or a 404), the page's own data (or a 404), and the response headers.
 */
import type { GetServerSideProps, GetServerSidePropsContext, GetServerSidePropsResult } from 'next';
import type { StoreSummary, StorefrontPromotions } from '@sokoni/contracts';
import { findStore, getStorePromotions } from './api';
import { parseCookies } from './cookies';
import { storeRequest, type StoreRequest } from './request';
import { webLog } from './log';
import type { PageLanguage } from './i18n/page-language';
import { resolveLocale, withoutLang, type LocaleChoice } from './i18n/locale';
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n/core';

export interface StoreView {
  store: StoreSummary;
  /** Link prefix: '' (host form) or `/s/<slug>`. */
  base: string;
  /** Canonical (host form) origin, no trailing slash. */
  origin: string;
  /** Automatic promotions running now (sale badges, promotion strip: lib/promotions.ts). */
  promotions?: StorefrontPromotions | null;
}

/** `language`: the page's locale and URL (lib/i18n/page-language.ts, read by _app and _document). */
export type StorePageProps<T> =
  | { found: true; view: StoreView; data: T; language: PageLanguage }
  /** store null: no such store; otherwise the store exists but the page's subject does not. */
  | { found: false; store: StoreSummary | null; base: string; language: PageLanguage };

/**
 * Browsing pages are the same for every shopper (the cart is behind its own cookie and pages:
 * cart, checkout, order), so they may be cached by a CDN for a few seconds and served stale
 * while it refetches. Not `no-store` (Next's default for getServerSideProps): that would also
 * keep pages out of the browser's back/forward cache, and "back to the category" is the most
 * common tap on a phone.
 */
const CACHE_CONTROL = 'public, max-age=0, s-maxage=10, stale-while-revalidate=60';
/** Response header read (and removed) by apps/web/page-cache.mjs. */
const PAGE_STORE_HEADER = 'x-sokoni-page-store';
/** Cart, checkout and order pages belong to one shopper: never stored by anyone. */
const PERSONAL_CACHE_CONTROL = 'private, no-store';
/**
 * A browsing page in the language the shopper's cookie chose, not the store's default: only this
 * shopper's browser may keep it (lib/i18n/locale.ts, docs/i18n.md). max-age=0 rather than no-store,
 * for the same back/forward cache reason as above.
 */
const COOKIE_LANGUAGE_CACHE_CONTROL = 'private, max-age=0';

/** Cache-Control, Vary and Set-Cookie for the page's language. */
function languageHeaders(ctx: GetServerSidePropsContext, choice: LocaleChoice, personal: boolean): void {
  if (!personal && choice.personal) ctx.res.setHeader('Cache-Control', COOKIE_LANGUAGE_CACHE_CONTROL);
  if (choice.variesByCookie) ctx.res.appendHeader('Vary', 'Cookie');
  if (choice.setCookie) ctx.res.appendHeader('Set-Cookie', choice.setCookie);
}

/** The page's path under the store's base, without `lang` (switch link, alternates). */
function pagePath(ctx: GetServerSidePropsContext, base: string, slug: string): string {
  const url = withoutLang(ctx.resolvedUrl ?? ctx.req.url ?? '/');
  // In host form (subdomain or custom domain) the proxy rewrote the URL to /s/<slug>/...: the
  // page's own path is what follows the store's prefix either way.
  const prefix = base || `/s/${slug}`;
  const under =
    url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`) ? url.slice(prefix.length) : url;
  return under.startsWith('/') ? under : `/${under}`;
}

/** The URL's own query string (Next's ctx.query also holds route params). */
export function searchParamsOf(ctx: GetServerSidePropsContext): URLSearchParams {
  const url = ctx.resolvedUrl ?? ctx.req.url ?? '';
  const i = url.indexOf('?');
  return new URLSearchParams(i >= 0 ? url.slice(i + 1) : '');
}

/** A loader's answer "go there instead" (303 See Other: the end of a form post). */
export class SeeOther {
  constructor(readonly destination: string) {}
}

/** Page data, null for "not found" (the page answers 404 inside the store's frame), or a redirect. */
type Loader<T> = (request: StoreRequest, store: StoreSummary, locale: Locale) => Promise<T | null | SeeOther>;

export async function loadStorePage<T>(
  ctx: GetServerSidePropsContext,
  load: Loader<T>,
  options: { personal?: boolean } = {},
): Promise<GetServerSidePropsResult<StorePageProps<T>>> {
  const slug = typeof ctx.params?.store === 'string' ? ctx.params.store : '';
  const request = storeRequest(ctx.req.headers, slug);
  ctx.res.setHeader('Cache-Control', options.personal ? PERSONAL_CACHE_CONTROL : CACHE_CONTROL);
  const store = await findStore(slug, request.forwarded);
  const choice = resolveLocale({
    slug,
    storeDefault: store?.language,
    query: searchParamsOf(ctx).get('lang'),
    cookies: parseCookies(ctx.req.headers.cookie),
  });
  const language: PageLanguage = {
    locale: store ? choice.locale : DEFAULT_LOCALE,
    storeDefault: isLocale(store?.language) ? store.language : DEFAULT_LOCALE,
    path: pagePath(ctx, request.base, slug),
    base: request.base,
    origin: request.origin,
    alternates: !options.personal,
  };
  if (!store) {
    ctx.res.statusCode = 404;
    return { props: { found: false, store: null, base: request.base, language } };
  }
  languageHeaders(ctx, choice, Boolean(options.personal));
  const [data, promotions] = await Promise.all([
    load(request, store, choice.locale),
    optional('promotions', () => getStorePromotions(slug, request.forwarded), null),
  ]);
  if (data instanceof SeeOther) return { redirect: { destination: data.destination, statusCode: 303 } };
  if (data === null) {
    ctx.res.statusCode = 404;
    return { props: { found: false, store, base: request.base, language: { ...language, alternates: false } } };
  }
  // The web server's page cache (page-cache.mjs) stores only pages that say whose they are: a
  // shopper's own page never does, and a purge of this store drops this page.
  if (!options.personal) ctx.res.setHeader(PAGE_STORE_HEADER, slug);
  // Props must be plain JSON: drop `undefined` fields (optional contract fields, filters).
  const props = JSON.parse(
    JSON.stringify({
      found: true,
      view: { store, base: request.base, origin: request.origin, promotions },
      data,
      language,
    }),
  ) as StorePageProps<T>;
  return { props };
}

/** A shopper's own page's data, and the Set-Cookie headers that spend the one-time cookies it read. */
export interface PersonalPage<T> {
  data: T;
  setCookies: string[];
}

/** What a shopper's own page (account, checkout) loads from the store's request and its cookies. */
export type PersonalLoader<T> = (
  request: StoreRequest,
  cookies: Map<string, string>,
  locale: Locale,
) => Promise<PersonalPage<T>>;

/**
 * getServerSideProps of a shopper's own page: never cached (personal), drawn from the cookies, and
 * the loader's Set-Cookie headers sent with the page.
 */
export function personalStorePage<T>(load: PersonalLoader<T>): GetServerSideProps<StorePageProps<T>> {
  return (ctx) =>
    loadStorePage(
      ctx,
      async (request, _store, locale) => {
        const { data, setCookies } = await load(request, parseCookies(ctx.req.headers.cookie), locale);
        // Appended: the page's language cookie (a `?lang=` visit) may already be on the response.
        for (const cookie of setCookies) ctx.res.appendHeader('Set-Cookie', cookie);
        return data;
      },
      { personal: true },
    );
}

/** A secondary part of a page (category chips, related items) must not take the page down. */
export async function optional<T>(what: string, load: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await load();
  } catch (err) {
    webLog('warn', `storefront: ${what} unavailable, page rendered without it`, {
      err: (err as Error).message,
    });
    return fallback;
  }
}
