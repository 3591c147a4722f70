/**
 * Security headers of HTML responses (issue 15), set by proxy.ts on every request it sees.
 * No Next.js server imports: proxy.ts, pages/_document.tsx and App Router pages all import it.
 *
 * Scripts run only with this response's nonce: `script-src 'nonce-<n>' 'strict-dynamic'`, no
 * 'unsafe-inline' and no host allow-list. Our inline islands carry the nonce (pages read it
 * from NONCE_HEADER); Next's own scripts on App Router pages get it because Next reads the
 * nonce from the request's Content-Security-Policy header, which the proxy sets too; scripts
 * those load are trusted through 'strict-dynamic'.
 */

/** Request header carrying this request's nonce to pages (always overwritten by the proxy). */
export const NONCE_HEADER = 'x-nonce';

/** A nonce as we mint it: 16 random bytes, base64 (also what Next accepts in the CSP header). */
const NONCE_RE = /^[A-Za-z0-9+/]{22}==$/;

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The nonce from a request header value, or undefined when absent or not one of ours. */
export function nonceFrom(value: string | string[] | null | undefined): string | undefined {
  const nonce = Array.isArray(value) ? value[0] : value;
  return nonce && NONCE_RE.test(nonce) ? nonce : undefined;
}

/**
 * Areas nobody may frame: the owner dashboard (/owner) and the store wizard (/start) act on a
 * logged-in owner's store, so a framing page could trick clicks (clickjacking). Storefront
 * pages may be framed by the same origin only.
 */
export function isNeverFramed(pathname: string): boolean {
  return /^\/(owner|start)(\/|$)/.test(pathname);
}

export function contentSecurityPolicy(nonce: string, options: { neverFramed: boolean; development?: boolean }): string {
  return [
    "default-src 'self'",
    // 'unsafe-eval' only under `next dev` (React's dev tooling evaluates code); never in production.
    `script-src 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    // Styles: 'unsafe-inline' is accepted on purpose. Pages use inline style attributes (e.g.
    // widths and colours computed on the server) and the storefront inlines its CSS in a <style>
    // element (no render-blocking stylesheet round trip). A nonce would not cover style
    // attributes, and with a nonce present browsers ignore 'unsafe-inline'. Injected CSS cannot
    // run script, so this leaves script-src, the part that stops XSS, strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The owner dashboard's service worker (/owner/sw.js): 'strict-dynamic' alone would block it.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    // Forms post to our own route handlers only; two of them ("Share cart on WhatsApp", "Finish on
    // WhatsApp instead") answer with a 303 to wa.me, and Chromium applies form-action to where a
    // form submission is redirected as well, so that one host is allowed too.
    "form-action 'self' https://wa.me",
    `frame-ancestors ${options.neverFramed ? "'none'" : "'self'"}`,
  ].join('; ');
}

/** HSTS only over https: on plain http (local development) it would be ignored at best and pin
 *  a developer's browser to https for localhost at worst. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';
