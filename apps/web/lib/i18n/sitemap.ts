/**
 * The store's sitemap with both languages (issue 12): the API writes one <url> per page in the
 * canonical host form; each becomes two, the store's language at the clean URL and the other at
 * `?lang=<locale>`, and both list every version as `xhtml:link` alternates (x-default = the clean
 * URL), as Google asks for multilingual sitemaps.
 */
import { LOCALES, type Locale } from './core';
import { withLang, withoutLang } from './locale';

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function sitemapWithLanguages(xml: string, storeDefault: Locale): string {
  const urlOf = (loc: string, locale: Locale) => (locale === storeDefault ? withoutLang(loc) : withLang(loc, locale));
  const withNs = xml.replace(/<urlset\b([^>]*)>/, (whole, attrs: string) =>
    attrs.includes('xmlns:xhtml') ? whole : `<urlset${attrs} xmlns:xhtml="${XHTML_NS}">`,
  );
  return withNs.replace(/<url>\s*<loc>([^<]*)<\/loc>([\s\S]*?)<\/url>/g, (_whole, rawLoc: string, rest: string) => {
    const loc = unescapeXml(rawLoc);
    const links = [
      ...LOCALES.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${escapeXml(urlOf(loc, l))}"/>`),
      `<xhtml:link rel="alternate" hreflang="x-default" href="${escapeXml(urlOf(loc, storeDefault))}"/>`,
    ].join('');
    return LOCALES.map((l) => `<url><loc>${escapeXml(urlOf(loc, l))}</loc>${rest}${links}</url>`).join('\n  ');
  });
}
