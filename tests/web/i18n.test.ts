// The storefront's languages (docs/i18n.md), without a browser or a Next build:
//  1. every messages file under apps/web/lib/i18n/messages is imported and checked: the same keys
//     in English and Swahili, no empty string, the same {placeholders} in both;
//  2. the locale rule (lib/i18n/locale.ts): `?lang=` beats the cookie, the cookie beats the store's
//     default, and what each answer means for shared caches;
//  3. amounts and dates go through Intl in the page's language;
//  4. the sitemap lists both language URLs with xhtml:link alternates;
//  5. a scan of the storefront's TSX pages, components and route handlers for shopper-facing
//     English written inline instead of through a messages file (JSX text with letters, and
//     sentence-like string literals), with an allow-list of brand and technical tokens only.
// Run alone: node --import tsx --test tests/web/i18n.test.ts
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { registeredMessageSets, translator } from '../../apps/web/lib/i18n/index.ts';
import { langCookie, resolveLocale, withLang, withoutLang } from '../../apps/web/lib/i18n/locale.ts';
import { formatters } from '../../apps/web/lib/i18n/format.ts';
import { sitemapWithLanguages } from '../../apps/web/lib/i18n/sitemap.ts';

const WEB = join(import.meta.dirname, '../../apps/web');
const MESSAGES_DIR = join(WEB, 'lib/i18n/messages');

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, test) : test(name) ? [path] : [];
  });
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages files: both languages, same keys, same placeholders', () => {
  test('every messages file registers a set, and every set is complete in English and Swahili', async () => {
    const files = filesUnder(MESSAGES_DIR, (n) => n.endsWith('.ts'));
    assert.ok(files.length >= 7, `messages files found: ${files.length}`);
    for (const file of files) await import(pathToFileURL(file).href);
    const sets = registeredMessageSets();
    assert.ok(sets.length >= files.length, 'each file defines at least one area');
    const problems: string[] = [];
    for (const set of sets) {
      const en = Object.keys(set.en);
      const sw = Object.keys(set.sw);
      for (const k of en) if (!(k in set.sw)) problems.push(`${set.area}.${k}: English only`);
      for (const k of sw) if (!(k in set.en)) problems.push(`${set.area}.${k}: Swahili only`);
      for (const k of en.filter((key) => key in set.sw)) {
        const a = set.en[k]!;
        const b = set.sw[k]!;
        if (!a.trim()) problems.push(`${set.area}.${k}: empty in English`);
        if (!b.trim()) problems.push(`${set.area}.${k}: empty in Swahili`);
        if (placeholders(a).join() !== placeholders(b).join())
          problems.push(
            `${set.area}.${k}: placeholders differ ({${placeholders(a).join()}} vs {${placeholders(b).join()}})`,
          );
      }
    }
    assert.deepEqual(problems, []);
  });

  test('the check itself fails on a key in one language only, an empty string and a missing placeholder', () => {
    const check = (en: Record<string, string>, sw: Record<string, string>) => {
      const out: string[] = [];
      for (const k of Object.keys(en)) if (!(k in sw)) out.push(`${k}: English only`);
      for (const k of Object.keys(sw)) if (!(k in en)) out.push(`${k}: Swahili only`);
      for (const k of Object.keys(en).filter((key) => key in sw)) {
        if (!sw[k]!.trim()) out.push(`${k}: empty`);
        if (placeholders(en[k]!).join() !== placeholders(sw[k]!).join()) out.push(`${k}: placeholders`);
      }
      return out;
    };
    assert.deepEqual(check({ a: 'Cart', b: 'x' }, { a: 'Kikapu' }), ['b: English only']);
    assert.deepEqual(check({ a: 'Cart' }, { a: ' ' }), ['a: empty']);
    assert.deepEqual(check({ a: 'Pay {amount}' }, { a: 'Lipa' }), ['a: placeholders']);
  });

  test('a translator fills placeholders and falls back to English for a missing key', async () => {
    const { commonMessages } = await import('../../apps/web/lib/i18n/messages/common.ts');
    assert.equal(translator(commonMessages, 'sw')('cart'), 'Kikapu');
    assert.equal(
      translator(commonMessages, 'sw')('searchLabel', { store: 'Nyumba Living' }),
      'Tafuta kwenye Nyumba Living',
    );
    assert.equal(translator(commonMessages, 'en')('myOrders'), 'My orders');
  });
});

describe('the locale rule: ?lang= beats the cookie, the cookie beats the store default', () => {
  const cookies = (value?: string) => new Map(value ? [[langCookie('nyumba-living'), value]] : []);
  test('store default, cookie, query', () => {
    const base = { slug: 'nyumba-living', storeDefault: 'sw' };
    const plain = resolveLocale({ ...base, query: null, cookies: cookies() });
    assert.deepEqual([plain.locale, plain.source, plain.personal, plain.variesByCookie], ['sw', 'store', false, true]);
    const cookie = resolveLocale({ ...base, query: null, cookies: cookies('en') });
    assert.deepEqual([cookie.locale, cookie.source, cookie.personal], ['en', 'cookie', true]);
    const same = resolveLocale({ ...base, query: null, cookies: cookies('sw') });
    assert.equal(same.personal, false, 'a cookie naming the default renders the shared page');
    const query = resolveLocale({ ...base, query: 'en', cookies: cookies('sw') });
    assert.deepEqual([query.locale, query.source, query.personal, query.variesByCookie], ['en', 'query', false, false]);
    assert.match(query.setCookie!, /^sokoni_lang_nyumba-living=en; Path=\/; Max-Age=\d+; SameSite=Lax/);
    const junk = resolveLocale({ ...base, query: 'fr', cookies: cookies('xx') });
    assert.equal(junk.locale, 'sw', 'unknown values are ignored');
    assert.equal(resolveLocale({ slug: 'x', storeDefault: undefined, query: null, cookies: new Map() }).locale, 'en');
  });
  test('language URLs', () => {
    assert.equal(withLang('/c/sofas?sort=newest', 'sw'), '/c/sofas?sort=newest&lang=sw');
    assert.equal(withLang('/?lang=en', 'sw'), '/?lang=sw');
    assert.equal(withoutLang('/c/sofas?lang=sw&sort=newest'), '/c/sofas?sort=newest');
    assert.equal(withoutLang('/?lang=sw'), '/');
  });
});

describe('amounts and dates in the page language (Intl, sw-KE / en-KE)', () => {
  test('KES keeps its shape; months are Swahili', () => {
    assert.equal(formatters('sw').formatKes(16999), 'KES 16,999');
    assert.equal(formatters('en').formatKes(1234567), 'KES 1,234,567');
    const at = '2026-08-14T09:05:00Z';
    assert.equal(formatters('en').formatDate(at), '14 Aug 2026');
    assert.equal(formatters('sw').formatDate(at), '14 Ago 2026');
    assert.match(formatters('sw').formatDateTime(at), /^14 Ago,? 12:05$/);
  });
});

describe('sitemap: both languages with alternates', () => {
  test('each page twice, clean URL for the store language, ?lang= for the other', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
      '  <url><loc>https://nyumba-living.sokoni.test/c/sofas</loc><priority>0.8</priority></url>\n</urlset>\n';
    const out = sitemapWithLanguages(xml, 'sw');
    assert.match(out, /xmlns:xhtml="http:\/\/www\.w3\.org\/1999\/xhtml"/);
    assert.match(out, /<loc>https:\/\/nyumba-living\.sokoni\.test\/c\/sofas<\/loc>/);
    assert.match(out, /<loc>https:\/\/nyumba-living\.sokoni\.test\/c\/sofas\?lang=en<\/loc>/);
    assert.equal(out.match(/hreflang="x-default" href="https:\/\/nyumba-living\.sokoni\.test\/c\/sofas"/g)?.length, 2);
    assert.equal(out.match(/<url>/g)?.length, 2);
  });
});

// ---------------------------------------------------------------------------------------------
// No shopper-facing English outside the messages files.

/** Words that are the same in both languages: brands, payment and technical tokens. */
const ALLOWED_TEXT = new Set(
  [
    'M-Pesa',
    'Lipa na M-Pesa',
    'WhatsApp',
    'KRA PIN',
    'SKU',
    'KES',
    'Sokoni',
    'Till',
    'Paybill',
    'Aa',
    '✕',
    '×',
    '·',
  ].map((s) => s.toLowerCase()),
);

/**
 * Files whose shopper-facing words are still English only (moved in a later change; this list may
 * only shrink): the returns and review forms and the order's aftercare box.
 */
const NOT_YET_TRANSLATED = new Set([
  'components/MyOrderReturn.tsx',
  'components/OrderAftercareBox.tsx',
  'pages/s/[store]/reviews/[order].tsx',
  'app/s/[store]/reviews/route.ts',
  'app/s/[store]/account/returns/route.ts',
  'app/s/[store]/orders/[order]/cancel/route.ts',
  'lib/storefront/order-aftercare.ts',
  'lib/reviews.ts',
  'lib/promotions.ts',
]);

/** Answers for crawlers, not shoppers (plain-text 503 of the sitemap). */
const NOT_FOR_SHOPPERS = new Set(['app/s/[store]/sitemap.xml/route.ts', 'app/s/[store]/robots.txt/route.ts']);

const STOREFRONT_FILES = [
  ...filesUnder(join(WEB, 'pages'), (n) => /\.tsx?$/.test(n)),
  ...filesUnder(join(WEB, 'components'), (n) => n.endsWith('.tsx')),
  ...filesUnder(join(WEB, 'app/s'), (n) => n === 'route.ts'),
  ...filesUnder(join(WEB, 'lib/storefront'), (n) => n.endsWith('.ts')),
  ...[
    'lib/share.ts',
    'lib/checkout.ts',
    'lib/payment.ts',
    'lib/shopper-session.ts',
    'lib/reviews.ts',
    'lib/promotions.ts',
  ].map((f) => join(WEB, f)),
].map((f) => relative(WEB, f));

/** Calls whose text is for developers (logs, errors), not shoppers. */
const DEVELOPER_CALLS = /^(logShopperFailure|logWarn|webLog|optional|ApiError|Error|console\.\w+)$/;
/** JSX attributes a shopper reads or hears. */
const SPOKEN_ATTRIBUTES = new Set(['aria-label', 'placeholder', 'title', 'alt', 'label']);
const SENTENCE = /^[A-Z][a-z']+(?: [^ ]+){2,}/;

/** Shopper-facing English in one file, found with the TypeScript parser (JSX text, spoken attributes, sentences). */
function hardCodedTexts(file: string): string[] {
  const text = readFileSync(join(WEB, file), 'utf8');
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const allowed = (t: string) => ALLOWED_TEXT.has(t.trim().toLowerCase()) || !/[A-Za-z]{2,}/.test(t);
  const inDeveloperCall = (node: ts.Node): boolean => {
    for (let p = node.parent; p; p = p.parent) {
      if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && DEVELOPER_CALLS.test(p.expression.getText(source)))
        return true;
      if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) return true;
    }
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const t = node.getText(source).trim();
      if (t && !allowed(t)) found.push(t);
    } else if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText(source))) {
      const init = node.initializer;
      const value =
        init && ts.isStringLiteral(init)
          ? init.text
          : init &&
              ts.isJsxExpression(init) &&
              init.expression &&
              (ts.isStringLiteral(init.expression) ||
                ts.isNoSubstitutionTemplateLiteral(init.expression) ||
                ts.isTemplateExpression(init.expression))
            ? init.expression.getText(source)
            : null;
      if (value && !allowed(value.replace(/\$\{[^}]*\}/g, ''))) found.push(value);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const raw = ts.isTemplateExpression(node)
        ? node
            .getText(source)
            .slice(1, -1)
            .replace(/\$\{[^}]*\}/g, 'X')
        : node.text;
      if (SENTENCE.test(raw) && !allowed(raw) && !inDeveloperCall(node)) found.push(raw);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('storefront files say nothing to shoppers outside the messages files', () => {
  test('no hard-coded English in pages, components and route handlers', () => {
    const offenders = STOREFRONT_FILES.filter((f) => !NOT_YET_TRANSLATED.has(f) && !NOT_FOR_SHOPPERS.has(f))
      .map((f) => ({ file: f, texts: hardCodedTexts(f) }))
      .filter((x) => x.texts.length > 0);
    assert.deepEqual(offenders, []);
  });

  test('the scan finds inline English (it is not vacuous)', () => {
    const texts = hardCodedTexts('components/MyOrderReturn.tsx');
    assert.ok(texts.length > 0, 'an untranslated file is flagged');
  });
});
