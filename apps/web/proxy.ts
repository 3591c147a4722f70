import { NextResponse, type NextRequest } from 'next/server';
import { apiUrl, platformDomain, publicScheme } from './lib/config';
import {
  hostName,
  invalidateDomainCache,
  isCustomHostCandidate,
  lookupHost,
  lookupStore,
  STORE_ORIGIN_HEADER,
} from './lib/domain-routing';
import { contentSecurityPolicy, isNeverFramed, newNonce, NONCE_HEADER, STRICT_TRANSPORT_SECURITY } from './lib/csp';
import { REQUEST_ID_HEADER, STORE_HEADER, STORE_MODE_HEADER, type StoreMode } from './lib/store-context';

/** Subdomains of the platform domain that are not stores. */
const RESERVED_LABELS = new Set(['www']);
const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;
const SAFE_MEDIA_PATH_RE = /^\/media(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+$/;

/** `<label>.<platform-domain>[:port]` -> label (may be an invalid slug; the page 404s then). */
function storeFromHost(hostHeader: string | null): string | null {
  if (!hostHeader) return null;
  const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  const suffix = `.${platformDomain()}`;
  if (!host.endsWith(suffix)) return null;
  const label = host.slice(0, -suffix.length);
  if (!label || RESERVED_LABELS.has(label)) return null;
  return label;
}

/**
 * Storefront tenancy by host (DESIGN §3): `<slug>.<PLATFORM_DOMAIN>/<path>` is rewritten to
 * `/s/<slug>/<path>`; `/s/<slug>/...` works on any host. Pages learn which form was used from
 * the x-sokoni-store / x-sokoni-store-mode request headers, which are always (re)set here.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;

  // The API tells us a custom domain changed (modules/domains): forget cached host answers now.
  if (pathname === '/api/domains/invalidate' && request.method === 'POST') {
    const ok = invalidateDomainCache(request.headers.get('x-revalidate-secret'));
    return NextResponse.json(ok ? { invalidated: true } : { error: { code: 'unauthorized', message: 'Bad secret' } }, {
      status: ok ? 200 : 401,
    });
  }

  // Images: straight to the API. next.config.ts has the same rewrite, but Next freezes
  // config rewrites at build time; doing it here honours the API_URL given to `next start`.
  if (pathname.startsWith('/media/')) {
    // Only plain file paths: no dot-segments or encoded separators that could climb out of /media.
    if (!SAFE_MEDIA_PATH_RE.test(pathname) || pathname.includes('..')) {
      return new NextResponse('Not found', { status: 404 });
    }
    return NextResponse.rewrite(new URL(`${pathname}${search}`, `${apiUrl()}/`));
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.delete(STORE_HEADER);
  requestHeaders.delete(STORE_MODE_HEADER);
  requestHeaders.delete(STORE_ORIGIN_HEADER);

  // A fresh nonce per request (lib/csp.ts). Pages read it from NONCE_HEADER; Next reads it from
  // the request's Content-Security-Policy header for its own scripts. Both are always
  // overwritten here, so a client cannot choose the nonce.
  const nonce = newNonce();
  const neverFramed = isNeverFramed(pathname);
  const csp = contentSecurityPolicy(nonce, { neverFramed, development: process.env.NODE_ENV === 'development' });
  requestHeaders.set(NONCE_HEADER, nonce);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.delete('content-security-policy-report-only');

  // Correlation id: keep a sane incoming one, otherwise mint one; echoed on the response.
  let requestId = request.headers.get(REQUEST_ID_HEADER);
  if (!requestId || !REQUEST_ID_RE.test(requestId)) requestId = crypto.randomUUID();
  requestHeaders.set(REQUEST_ID_HEADER, requestId);

  const setStore = (slug: string, mode: StoreMode) => {
    requestHeaders.set(STORE_HEADER, slug);
    requestHeaders.set(STORE_MODE_HEADER, mode);
  };

  const inPathForm = pathname === '/s' || pathname.startsWith('/s/');
  // The owner dashboard is one app for every store (the store comes from the login), also when
  // opened on a store's own host: never rewritten into that store's pages.
  const ownerArea = pathname === '/owner' || pathname.startsWith('/owner/');
  const hostStore = storeFromHost(request.headers.get('host'));
  const host = hostName(request.headers.get('host'));
  const finish = (response: NextResponse) => finishResponse(response, request, requestId, csp, neverFramed);
  const portSuffix = host?.port ? `:${host.port}` : '';
  const redirectTo = (canonicalHost: string, path: string) =>
    finish(NextResponse.redirect(`${publicScheme()}://${canonicalHost}${portSuffix}${path}${search}`, 301));

  // A merchant's own domain (docs/operate/custom-domains.md): served only when verified, as the
  // host form of its store; never another store's pages; non-primary hosts 301 to the primary.
  if (host && isCustomHostCandidate(host.name)) {
    const found = await lookupHost(host.name, requestId);
    if (found.kind !== 'found') {
      const status = found.kind === 'missing' ? 404 : 503;
      return finish(
        new NextResponse(status === 404 ? 'No store at this address\n' : 'Temporarily unavailable\n', {
          status,
          headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        }),
      );
    }
    const { store, primaryHost } = found.answer;
    if (primaryHost && primaryHost !== host.name) return redirectTo(primaryHost, pathname);
    if (!ownerArea) {
      const pathStore = /^\/s\/([^/]+)(\/.*)?$/.exec(pathname);
      if (inPathForm) {
        // Another store's path form under this domain is not found; the store's own, its host form.
        if (!pathStore || decodeURIComponent(pathStore[1]!) !== store)
          return finish(
            new NextResponse('Not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
          );
        return redirectTo(host.name, pathStore[2] ?? '/');
      }
      const label = encodeURIComponent(store);
      setStore(label, 'host');
      requestHeaders.set(STORE_ORIGIN_HEADER, `${host.name}${portSuffix}`);
      const url = request.nextUrl.clone();
      url.pathname = `/s/${label}${pathname === '/' ? '' : pathname}`;
      return finish(NextResponse.rewrite(url, { request: { headers: requestHeaders } }));
    }
    return finish(NextResponse.next({ request: { headers: requestHeaders } }));
  }

  // A store with a verified primary domain: its platform subdomain 301s there; its path form
  // stays (links shared before), with the custom domain as canonical.
  const storeForCanonical = hostStore ?? (inPathForm ? (/^\/s\/([^/]+)/.exec(pathname)?.[1] ?? null) : null);
  if (storeForCanonical && !ownerArea && /^[a-z0-9-]{1,63}$/.test(storeForCanonical)) {
    const found = await lookupStore(storeForCanonical, requestId);
    const primaryHost = found.kind === 'found' ? found.answer.primaryHost : null;
    if (primaryHost && hostStore !== null && !inPathForm) return redirectTo(primaryHost, pathname);
    if (primaryHost) requestHeaders.set(STORE_ORIGIN_HEADER, primaryHost);
  }

  let response: NextResponse;
  if (hostStore !== null && !inPathForm && !ownerArea) {
    const label = encodeURIComponent(hostStore);
    setStore(label, 'host');
    // nextUrl's origin is the server's own (http://localhost:<port>), which Next treats as an
    // internal rewrite. Any other origin is proxied as an external URL: a second hop through
    // this proxy in path form, losing the headers set here. So `next start` must not be given
    // a -H other than localhost (nor a bind address that changes that origin).
    const url = request.nextUrl.clone();
    url.pathname = `/s/${label}${pathname === '/' ? '' : pathname}`;
    response = NextResponse.rewrite(url, { request: { headers: requestHeaders } });
  } else {
    const m = /^\/s\/([^/]+)/.exec(pathname);
    if (m?.[1]) setStore(m[1], 'path');
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  return finish(response);
}

/** Headers every answer of the proxy carries (rewrite, pass-through, redirect, 404). */
function finishResponse(
  response: NextResponse,
  request: NextRequest,
  requestId: string,
  csp: string,
  neverFramed: boolean,
): NextResponse {
  response.headers.set(REQUEST_ID_HEADER, requestId);
  response.headers.set('content-security-policy', csp);
  response.headers.set('x-frame-options', neverFramed ? 'DENY' : 'SAMEORIGIN');
  // TLS ends in front of us: HSTS when the public origin is https (configured, or said by the
  // terminating proxy), never on plain http.
  if (
    publicScheme() === 'https' ||
    request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https'
  ) {
    response.headers.set('strict-transport-security', STRICT_TRANSPORT_SECURITY);
  }
  return response;
}

export const config = {
  // Everything but Next's own assets. /robots.txt and /sitemap.xml go through too: in host form
  // they are the store's own (app/s/[store]/robots.txt, sitemap.xml); on the platform host they
  // pass through untouched.
  matcher: ['/((?!_next/|favicon\\.ico$).*)'],
};
