/**
 * Storefront documents (every page under pages/).
 *
 * Why the storefront is on the Pages Router while the rest of the app is App Router:
 * the speed budget (Lighthouse mobile >= 95, TBT <= 150 ms, TTI <= 2 s on a 4x-throttled CPU
 * over slow 4G) cannot be met reliably by any App Router page: even an empty one ships ~135 KB
 * (gzip) of React + router runtime that must download, parse and hydrate, for TBT of 120-390 ms
 * before our own code (bench/baseline-next). The App Router has no way to render a page without
 * that runtime; the Pages Router does: `export const config = { unstable_runtimeJS: false }`
 * makes Next server-render the page with React and send HTML only, no framework JS at all.
 * Every storefront page sets it (with `runtime: 'nodejs'`, the default, only because Next's
 * page-config type no longer lists the flag and TypeScript wants one known property). Browsing needs no JavaScript (links and GET forms), and the
 * few interactive bits are tiny inline islands (islands/inline.ts), ~1-3 KB in all.
 * Data access, caching (unstable_cache + tags), next/image and revalidation work the same
 * as in the App Router; route handlers (events, sitemap, robots, revalidate) stay in app/.
 *
 * The CSS is inlined (one small file, ~3 KB gzipped): a separate stylesheet would be a
 * render-blocking round trip on every first visit over a slow network.
 */
import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from 'next/document';
import { NonceContext } from '../components/InlineScript';
import { nonceFrom, NONCE_HEADER } from '../lib/csp';
import { localeOfPageProps } from '../lib/i18n/page-language';
import storefrontCss from '../styles/storefront.css' with { type: 'text' };

/** Runs before first paint: lets CSS switch between the no-JS and the JS version of a control. */
const JS_CLASS = "document.documentElement.classList.add('js')";

/**
 * The proxy (proxy.ts) mints a nonce per request and sends the matching Content-Security-Policy;
 * the nonce reaches us as a request header. Every inline script must carry it: this document's
 * own, and the islands in the page tree, which get it from NonceContext (components/InlineScript).
 */
export default class StorefrontDocument extends Document<{ nonce?: string }> {
  static async getInitialProps(ctx: DocumentContext): Promise<DocumentInitialProps & { nonce?: string }> {
    const nonce = nonceFrom(ctx.req?.headers[NONCE_HEADER]);
    const originalRenderPage = ctx.renderPage;
    ctx.renderPage = () =>
      originalRenderPage({
        enhanceApp: (App) =>
          function AppWithNonce(props) {
            return (
              <NonceContext.Provider value={nonce}>
                <App {...props} />
              </NonceContext.Provider>
            );
          },
      });
    const initialProps = await Document.getInitialProps(ctx);
    return { ...initialProps, nonce };
  }

  render() {
    const { nonce } = this.props;
    // The page's language from its props (server side only: no framework JS ships to the client).
    const lang = localeOfPageProps(this.props.__NEXT_DATA__?.props?.pageProps);
    return (
      <Html lang={lang}>
        <Head nonce={nonce}>
          <script nonce={nonce} dangerouslySetInnerHTML={{ __html: JS_CLASS }} />
          <style dangerouslySetInnerHTML={{ __html: storefrontCss }} />
          {/* No favicon request on every first visit. */}
          <link rel="icon" href="data:," />
        </Head>
        <body>
          <Main />
          <NextScript nonce={nonce} />
        </body>
      </Html>
    );
  }
}
