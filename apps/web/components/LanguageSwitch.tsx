import Head from 'next/head';
import { LOCALES, useLocale, useMessages } from '@/lib/i18n';
import { withLang } from '@/lib/i18n/locale';
import { commonMessages } from '@/lib/i18n/messages/common';
import { languageUrl, usePageLanguage } from '@/lib/i18n/page-language';

/**
 * The link to the other language (header and footer). It always carries `?lang=`, which sets the
 * shopper's cookie for this store, so the choice holds on every page after it (lib/i18n/locale.ts).
 */
export function LanguageSwitch({ className }: { className?: string }) {
  const page = usePageLanguage();
  const t = useMessages(commonMessages);
  const locale = useLocale();
  if (!page) return null;
  const other = locale === 'sw' ? 'en' : 'sw';
  return (
    <a
      className={className}
      href={`${page.base}${withLang(page.path, other)}`}
      hrefLang={other}
      lang={other}
      data-lang-switch={other}
    >
      {t('switchLanguage')}
    </a>
  );
}

/** hreflang alternates of a browsing page: one URL per language, x-default = the store's language. */
export function LanguageAlternates() {
  const page = usePageLanguage();
  if (!page || !page.alternates) return null;
  return (
    <Head>
      {LOCALES.map((l) => (
        <link key={`alt-${l}`} rel="alternate" hrefLang={l} href={`${page.origin}${languageUrl(page, l, page.path)}`} />
      ))}
      <link
        key="alt-x-default"
        rel="alternate"
        hrefLang="x-default"
        href={`${page.origin}${languageUrl(page, page.storeDefault, page.path)}`}
      />
    </Head>
  );
}
