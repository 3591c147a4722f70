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
import { refusalMessages } from '../../apps/web/lib/i18n/messages/refusals.ts';
import { refusalKey, refusalText } from '../../apps/web/lib/i18n/refusal.ts';

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

const API = join(import.meta.dirname, '../../apps/api/src/modules');
/** The API services whose refusals a shopper meets on the storefront (checkout, cart, pay, cancel, return, review). */
const SHOPPER_REFUSING_SERVICES = [
  'orders/checkout.service.ts',
  'orders/order-placement.service.ts',
  'orders/pay-on-delivery/pod-rules.service.ts',
  'orders/aftercare/order-returns.service.ts',
  'orders/aftercare/order-cancellation.service.ts',
  'cart/cart.service.ts',
  'reviews/reviews.service.ts',
  'promotions/promotions.service.ts',
  'payments/payment-attempts.service.ts',
  'payments/payment-code-confirmation.service.ts',
];
/** Reasons those files give only to the owner (refunding a return). */
const OWNER_ONLY_REASONS = new Set(['no_accepted_return', 'refund_exists']);

describe('API refusals in the page language (lib/i18n/refusal.ts)', () => {
  test('every refusal the storefront maps has words in both languages, and the Swahili is not a copy', () => {
    const problems: string[] = [];
    for (const key of Object.keys(refusalMessages.en) as (keyof typeof refusalMessages.en)[]) {
      const en = refusalMessages.en[key];
      const sw = refusalMessages.sw[key];
      if (!en?.trim()) problems.push(`${key}: no English`);
      if (!sw?.trim()) problems.push(`${key}: no Swahili`);
      else if (sw === en) problems.push(`${key}: Swahili is the English`);
    }
    assert.deepEqual(problems, []);
  });

  test('every reason a shopper-facing API service refuses with is mapped', () => {
    const unmapped: string[] = [];
    for (const file of SHOPPER_REFUSING_SERVICES) {
      const text = readFileSync(join(API, file), 'utf8');
      const reasons = [...text.matchAll(/reason: '([a-z_]+)'/g)].map((m) => m[1]!);
      assert.ok(reasons.length > 0 || file.endsWith('cancellation.service.ts'), `${file}: reasons found`);
      for (const reason of reasons) {
        if (OWNER_ONLY_REASONS.has(reason)) continue;
        const key = refusalKey({ status: 409, code: 'conflict', message: 'x', details: { reason } });
        if (key?.key !== reason) unmapped.push(`${file}: ${reason}`);
      }
    }
    assert.deepEqual(unmapped, []);
  });

  test('Swahili words for a known refusal, the API words in English, the API words for an unknown one', () => {
    const stock = {
      status: 409,
      code: 'conflict',
      message: 'Only 3 left in stock',
      details: { sku: 'SOFA-1', available: 3, reason: 'insufficient_stock' },
    };
    assert.equal(refusalText(stock, 'sw'), 'Zimebaki 3 tu.');
    assert.equal(refusalText(stock, 'en'), 'Only 3 left in stock');
    const gone = { ...stock, details: { ...stock.details, available: 0 } };
    assert.equal(refusalText(gone, 'sw'), 'Pole, bidhaa hii imeisha.');
    const coupon = {
      status: 409,
      code: 'conflict',
      message: 'There is no coupon X1',
      details: { reason: 'coupon_invalid' },
    };
    assert.equal(refusalText(coupon, 'sw'), refusalMessages.sw.coupon_invalid);
    const wait = {
      status: 429,
      code: 'rate_limited',
      message: 'Try again in 4 minutes',
      details: { retryAfterSeconds: 200 },
    };
    assert.equal(refusalText(wait, 'sw'), 'Umejaribu mara nyingi sana. Jaribu tena baada ya dakika 4.');
    const paid = {
      status: 409,
      code: 'conflict',
      message: 'Order #12 is already paid.',
      details: { reason: 'order_not_payable', status: 'paid' },
    };
    assert.equal(refusalText(paid, 'sw'), refusalMessages.sw.order_not_payable_paid);
    const full = {
      status: 409,
      code: 'conflict',
      message: 'A cart holds at most 30 different items',
      details: { reason: 'cart_full', max: 30 },
    };
    assert.equal(refusalText(full, 'sw'), 'Kikapu kinabeba bidhaa tofauti 30 tu.');
    const unknown = { status: 418, code: 'teapot', message: 'I am a teapot', details: { reason: 'brewing' } };
    assert.equal(refusalKey(unknown), null);
    assert.equal(refusalText(unknown, 'sw'), 'I am a teapot', 'an unknown refusal keeps the API words');
    const wordless = { ...coupon, message: '' };
    assert.equal(refusalText(wordless, 'en'), refusalMessages.en.coupon_invalid);
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

/** Formatting with a fixed language: amounts and dates go through lib/i18n/format.ts instead. */
const FIXED_LOCALE_CALL = /^(toLocaleString|toLocaleDateString|toLocaleTimeString)$/;

/** A string literal shown as JSX content: `{cond ? 'Keep' : ...}`, `{name || 'Guest'}`. */
function inJsxChildExpression(node: ts.Node): boolean {
  let p = node.parent;
  while (
    p &&
    (ts.isConditionalExpression(p) ||
      ts.isParenthesizedExpression(p) ||
      (ts.isBinaryExpression(p) &&
        [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.PlusToken].includes(
          p.operatorToken.kind,
        )))
  ) {
    // The condition of `a ? b : c` is not shown.
    if (ts.isConditionalExpression(p) && p.condition === node) return false;
    node = p;
    p = p.parent;
  }
  return Boolean(p && ts.isJsxExpression(p) && !ts.isJsxAttribute(p.parent));
}

/**
 * Shopper-facing English in one file, found with the TypeScript parser: JSX text, spoken
 * attributes, sentence-like literals, any word literal shown as JSX content, and fixed-language
 * number or date formatting.
 */
function hardCodedTexts(file: string, text = readFileSync(join(WEB, file), 'utf8')): string[] {
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
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      FIXED_LOCALE_CALL.test(node.expression.name.text)
    ) {
      found.push(node.getText(source));
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const raw = ts.isTemplateExpression(node)
        ? node
            .getText(source)
            .slice(1, -1)
            .replace(/\$\{[^}]*\}/g, 'X')
        : node.text;
      const shown = SENTENCE.test(raw) || (inJsxChildExpression(node) && /[A-Za-z]{2,}/.test(raw));
      if (shown && !allowed(raw) && !inDeveloperCall(node)) found.push(raw);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('storefront files say nothing to shoppers outside the messages files', () => {
  test('no hard-coded English in pages, components and route handlers', () => {
    const offenders = STOREFRONT_FILES.filter((f) => !NOT_FOR_SHOPPERS.has(f))
      .map((f) => ({ file: f, texts: hardCodedTexts(f) }))
      .filter((x) => x.texts.length > 0);
    assert.deepEqual(offenders, []);
  });

  test('the scan finds inline English (it is not vacuous)', () => {
    const sample = [
      'export function Sample({ n, at }: { n: number; at: Date }) {',
      "  const words = { text: 'We could not reach the shop.' };",
      '  return (',
      '    <div aria-label="Close the box">',
      '      Return something',
      "      <option>{n === 0 ? 'Keep' : `Return ${n}`}</option>",
      "      <span className={n ? 'wide' : 'narrow'}>{at.toLocaleDateString('en-KE')}</span>",
      '      {words.text}',
      '    </div>',
      '  );',
      '}',
    ].join('\n');
    // An attribute's text is also a sentence literal: counted once here.
    assert.deepEqual(
      [...new Set(hardCodedTexts('components/Sample.tsx', sample))],
      [
        'We could not reach the shop.',
        'Close the box',
        'Return something',
        'Keep',
        'Return X',
        "at.toLocaleDateString('en-KE')",
      ],
    );
    assert.deepEqual(
      hardCodedTexts(
        'components/Ok.tsx',
        "export const Ok = ({ t }: { t: (k: string) => string }) => <p className={'a b'}>{t('keep')} M-Pesa</p>;",
      ),
      [],
      'class names, message keys, brands and symbols are not English to translate',
    );
  });
});
