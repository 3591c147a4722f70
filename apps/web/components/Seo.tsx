import Head from 'next/head';
import { scriptSafeJson } from '@/islands/inline';
import { useCspNonce } from './InlineScript';
import { languageUrl, usePageLanguage } from '@/lib/i18n/page-language';

/**
 * <head> tags of a storefront page: title, description, canonical (host form, lib/request.ts),
 * Open Graph + Twitter tags for WhatsApp/social link previews, and JSON-LD.
 * Each tag has a `key` so a page's tags replace the defaults from pages/_app.tsx.
 */
export function Seo({
  title,
  description,
  canonical: pageCanonical,
  image,
  type = 'website',
  siteName,
  noindex = false,
  jsonLd = [],
}: {
  title: string;
  description: string;
  /** Absolute canonical URL. */
  canonical: string;
  /** Absolute image URL for link previews. */
  image?: string;
  type?: 'website' | 'product';
  siteName: string;
  /** Filtered/paged/search pages: keep them out of the index, follow their links. */
  noindex?: boolean;
  jsonLd?: Record<string, unknown>[];
}) {
  // JSON-LD is data, not run by the browser, but it carries the nonce like every inline script
  // so "an inline script without this response's nonce" always means an injection.
  const nonce = useCspNonce();
  // Each language version is its own canonical URL (the store's language: the clean URL; the
  // other: `?lang=`), matching the hreflang alternates (components/LanguageSwitch.tsx).
  const page = usePageLanguage();
  const canonical = page ? languageUrl(page, page.locale, pageCanonical) : pageCanonical;
  return (
    <Head>
      <title key="title">{title}</title>
      <meta key="description" name="description" content={description} />
      <link key="canonical" rel="canonical" href={canonical} />
      {noindex ? <meta key="robots" name="robots" content="noindex, follow" /> : null}
      <meta key="og:type" property="og:type" content={type} />
      <meta key="og:site_name" property="og:site_name" content={siteName} />
      <meta key="og:title" property="og:title" content={title} />
      <meta key="og:description" property="og:description" content={description} />
      <meta key="og:url" property="og:url" content={canonical} />
      <meta key="og:locale" property="og:locale" content={page?.locale === 'sw' ? 'sw_KE' : 'en_KE'} />
      {image ? <meta key="og:image" property="og:image" content={image} /> : null}
      {image ? <meta key="og:image:alt" property="og:image:alt" content={title} /> : null}
      <meta key="twitter:card" name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta key="twitter:title" name="twitter:title" content={title} />
      <meta key="twitter:description" name="twitter:description" content={description} />
      {image ? <meta key="twitter:image" name="twitter:image" content={image} /> : null}
      {jsonLd.map((data, i) => (
        <script
          key={`ld-${i}`}
          type="application/ld+json"
          nonce={nonce}
          dangerouslySetInnerHTML={{ __html: scriptSafeJson(data) }}
        />
      ))}
    </Head>
  );
}
