// Security headers of the web app (issue 15), against the real production Next build, the real
// API and Debian's Chromium: every HTML page answers with a Content-Security-Policy whose script
// nonce is fresh per response and carried by every inline <script>; Chromium reports no CSP
// violation while the islands (variant chips, add to cart, the checkout area picker, the order
// page, the wizard's address preview) and the owner dashboard run, and they still work;
// owner and wizard pages cannot be framed; HSTS only when the web is served over https.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { Browser, Page, Response } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { fillCheckout, ownerLogIn, PHONE, tapPlaceOrder } from '../helpers/browser.ts';
import { waitFor } from '../helpers/payment-stack.ts';
import { startWeb } from '../helpers/processes.ts';
import { useStack } from '../helpers/stack.ts';

const STORE = 'nairobi-gadgets';
const OWNER_STORE = 'saa-bora';
const CHIPS_PRODUCT = 'samsung-galaxy-a15';

const stack = useStack();

const storeUrl = (path: string) => `${stack.web.url}/s/${STORE}${path}`;

/** The directives of a CSP header value, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, key) => {
    record[key] = value;
  });
  return record;
}

interface CheckedDocument {
  url: string;
  nonce: string;
  scripts: number;
}

/**
 * One HTML response: a CSP with a script nonce and the directives the issue asks for, and every
 * <script> element (inline islands, JSON-LD, Next's own on App Router pages) carrying that nonce.
 */
function checkDocument(url: string, headers: Record<string, string>, html: string): CheckedDocument {
  const csp = headers['content-security-policy'];
  assert.ok(csp, `${url}: a Content-Security-Policy header`);
  const d = directives(csp);
  const script = d.get('script-src') ?? [];
  const nonceSource = script.find((s) => s.startsWith("'nonce-"));
  assert.ok(nonceSource, `${url}: script-src has a nonce: ${csp}`);
  const nonce = nonceSource.slice("'nonce-".length, -1);
  assert.ok(script.includes("'strict-dynamic'"), `${url}: 'strict-dynamic'`);
  assert.ok(
    !script.includes("'unsafe-inline'") && !script.includes("'unsafe-eval'"),
    `${url}: no unsafe script sources: ${csp}`,
  );
  assert.deepEqual(d.get('object-src'), ["'none'"], url);
  assert.deepEqual(d.get('base-uri'), ["'none'"], url);
  assert.deepEqual(d.get('form-action'), ["'self'", 'https://wa.me'], url); // the WhatsApp hand-off forms redirect there
  assert.deepEqual(d.get('connect-src'), ["'self'"], url);
  assert.deepEqual(d.get('img-src'), ["'self'", 'data:', 'blob:'], url);
  const neverFramed = /^\/(owner|start)(\/|$)/.test(new URL(url).pathname);
  assert.deepEqual(d.get('frame-ancestors'), [neverFramed ? "'none'" : "'self'"], `${url}: frame-ancestors`);
  assert.equal(headers['x-frame-options'], neverFramed ? 'DENY' : 'SAMEORIGIN', `${url}: X-Frame-Options`);
  assert.equal(headers['x-content-type-options'], 'nosniff', url);
  assert.equal(headers['referrer-policy'], 'strict-origin-when-cross-origin', url);
  assert.equal(headers['strict-transport-security'], undefined, `${url}: no HSTS on plain http`);

  const tags = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  for (const tag of tags) {
    assert.ok(
      tag.includes(` nonce="${nonce}"`),
      `${url}: every <script> carries this response's nonce: ${tag.slice(0, 200)}`,
    );
  }
  return { url, nonce, scripts: tags.length };
}

/**
 * A phone whose every document response is checked (checkDocument) and whose every CSP
 * violation is recorded: the `securitypolicyviolation` DOM event (reported through a binding,
 * which the page's CSP does not govern) and Chromium's "Content Security Policy" console errors.
 */
async function watchedPhone(options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await stack.browser.newContext({ ...PHONE, ...options });
  const violations: string[] = [];
  const documents: Promise<CheckedDocument | null>[] = [];
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
    violations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.documentURI}`,
      );
    });
  });
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  const watch = (page: Page) =>
    page.on('response', (response: Response) => {
      if (response.request().resourceType() !== 'document' || (response.status() >= 300 && response.status() < 400))
        return;
      // Read the body at once: Chromium may drop it after the next navigation.
      documents.push(
        (async () => {
          const html = await response.text();
          return checkDocument(response.url(), await response.allHeaders(), html);
        })(),
      );
    });
  context.on('page', watch);
  return {
    context,
    violations,
    page: await context.newPage(),
    /** Every document checked so far (throws the first failed check). */
    checked: async () => (await Promise.all(documents)).filter((d): d is CheckedDocument => d !== null),
  };
}

describe('Content-Security-Policy with a per-request nonce', () => {
  test('every page type answers with a fresh nonce carried by every inline script; plain fetches too', async () => {
    const home = await (await fetch(storeUrl(''))).text();
    const category = /href="(\/s\/nairobi-gadgets\/c\/[a-z0-9-]+)"/.exec(home)?.[1];
    assert.ok(category, 'the store home links a category');
    const paths = [
      `/s/${STORE}`,
      category,
      `/s/${STORE}/products/${CHIPS_PRODUCT}`,
      `/s/${STORE}/search?q=charger`,
      `/s/${STORE}/cart`,
      `/s/${STORE}/checkout`,
      `/s/${STORE}/account`,
      '/owner/login',
      '/start',
      '/',
    ];
    const nonces = new Set<string>();
    for (const path of paths) {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${stack.web.url}${path}`);
        assert.equal(res.status, 200, path);
        const checked = checkDocument(`${stack.web.url}${path}`, headerRecord(res.headers), await res.text());
        assert.ok(!nonces.has(checked.nonce), `${path}: a fresh nonce per response`);
        nonces.add(checked.nonce);
      }
    }
    // A nonce a client sends is never the one used.
    const spoofed = await fetch(storeUrl(''), { headers: { 'x-nonce': 'AAAAAAAAAAAAAAAAAAAAAA==' } });
    assert.doesNotMatch(spoofed.headers.get('content-security-policy')!, /AAAAAAAAAAAAAAAAAAAAAA==/);
    assert.doesNotMatch(await spoofed.text(), /AAAAAAAAAAAAAAAAAAAAAA==/);
  });

  test('a shopper with JavaScript: chips, add to cart, cart, checkout area picker, order page, account; no CSP violation and the islands work', async () => {
    const phone = await watchedPhone();
    const { page } = phone;

    await page.goto(storeUrl(''));
    await page.locator('nav[aria-label="Categories"] a').first().click();
    await page.waitForURL(/\/c\/[a-z0-9-]+$/);
    await page.goto(storeUrl('/search?q=charger'));

    // Product: the chips island runs (it hides the table and drives the SKU), Add to cart fetches.
    await page.goto(storeUrl(`/products/${CHIPS_PRODUCT}`));
    assert.ok(await page.locator('table').isHidden(), 'the chips island ran: chips replace the variant table');
    await page.locator('label.chip--radio', { hasText: /^256GB$/ }).click();
    assert.equal(await page.locator('[data-sku]').innerText(), 'SAM-A15-256-BLK', 'a chip changes the SKU');
    await page.locator('[data-add]').click();
    await page.locator('[data-cart-status]', { hasText: 'Added — 1 in cart' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('header [data-cart-count]').innerText(), '1', 'the header count island ran');

    // Cart -> checkout: the area type-ahead is the checkout island, fed by a same-origin fetch.
    await page.locator('[data-cart-status] a').click();
    await page.waitForURL(`**/s/${STORE}/cart`);
    await page.locator('a', { hasText: 'Checkout' }).click();
    await page.waitForURL(`**/s/${STORE}/checkout`);
    await fillCheckout(page, { phone: '0712 345 999', name: 'Akinyi Otieno', typed: 'kilim' });

    // Order page (its payment island).
    await tapPlaceOrder(page, STORE);
    await page.locator('[data-order-number]').waitFor();

    await page.goto(storeUrl('/account'));
    await page.locator('body').waitFor();

    const checked = await phone.checked();
    const kinds = {
      home: /\/s\/nairobi-gadgets$/,
      category: /\/c\//,
      search: /\/search\?/,
      product: /\/products\//,
      cart: /\/cart$/,
      checkout: /\/checkout$/,
      order: /\/orders\/[0-9a-f-]{36}$/,
      account: /\/account$/,
    };
    for (const [kind, re] of Object.entries(kinds))
      assert.ok(
        checked.some((d) => re.test(d.url)),
        `${kind} page checked (${checked.map((d) => d.url).join(', ')})`,
      );
    assert.ok(
      checked.filter((d) => /\/products\//.test(d.url)).every((d) => d.scripts >= 2),
      'the product page has its islands inline',
    );
    assert.equal(new Set(checked.map((d) => d.nonce)).size, checked.length, 'a fresh nonce per page load');
    assert.deepEqual(phone.violations, [], 'no CSP violation in Chromium');
    await phone.context.close();
  });

  test("owner login, dashboard pages and the wizard: Next's own scripts and the islands run under the CSP; never framed", async () => {
    const phone = await watchedPhone();
    const { page } = phone;
    await ownerLogIn(
      page,
      stack.web.url,
      { store: OWNER_STORE, login: `owner@${OWNER_STORE}.sokoni.test`, password: DEMO_PASSWORD },
      true,
    );
    await page.locator('main').waitFor();
    for (const path of ['/owner/orders', '/owner/products', '/owner/settings']) {
      await page.goto(`${stack.web.url}${path}`);
      await page.locator('main').waitFor();
    }
    // Next's runtime ran (its scripts were allowed by the nonce): it sets window.next on boot.
    const hydrated = await page.evaluate(() => typeof (window as unknown as { next?: unknown }).next === 'object');
    assert.ok(hydrated, 'Next.js runtime loaded on the dashboard');

    // The wizard's address preview island: typing the name updates the link shown.
    await page.goto(`${stack.web.url}/start`);
    await page.locator('[name="storeName"]').fill('Duka la Mama Security');
    await page
      .locator('[data-slug-preview]', { hasText: 'duka-la-mama-security.localhost' })
      .waitFor({ timeout: 10_000 });

    const checked = await phone.checked();
    for (const re of [/\/owner\/login$/, /\/owner$/, /\/owner\/orders$/, /\/start$/])
      assert.ok(
        checked.some((d) => re.test(d.url)),
        `${re} checked`,
      );
    assert.ok(
      checked.filter((d) => /\/owner/.test(d.url)).every((d) => d.scripts > 0),
      'App Router pages have (nonced) scripts',
    );
    assert.deepEqual(phone.violations, [], 'no CSP violation in Chromium');

    // Framing: a page of another origin (a plain server on another loopback port) puts the owner
    // login and the wizard in iframes; Chromium refuses both (frame-ancestors 'none').
    const framerServer = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        `<!doctype html><iframe src="${stack.web.url}/owner/login"></iframe><iframe src="${stack.web.url}/start"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => framerServer.listen(0, '127.0.0.1', resolve));
    const framer = await stack.browser.newContext(PHONE);
    try {
      const framing = await framer.newPage();
      const refusals: string[] = [];
      framing.on('console', (m) => {
        if (/frame-ancestors 'none'/.test(m.text())) refusals.push(m.text());
      });
      await framing.goto(`http://127.0.0.1:${(framerServer.address() as AddressInfo).port}/`);
      await waitFor('both frames refused', () => (refusals.length >= 2 ? refusals : null));
      assert.ok(
        refusals.every((text) => /violates/.test(text) && text.includes(`'${stack.web.url}/'`)),
        refusals.join('\n'),
      );
      for (const frame of framing.frames().slice(1)) {
        assert.equal(
          await frame.locator('input[name="password"], input[name="storeName"]').count(),
          0,
          `nothing of ${frame.url()} renders in the foreign frame`,
        );
      }
    } finally {
      await framer.close();
      await new Promise((resolve) => framerServer.close(resolve));
    }
    await phone.context.close();
  });
});

describe('Strict-Transport-Security', () => {
  test('absent on plain http; present when the web runs with PUBLIC_ORIGIN_SCHEME=https or behind a TLS proxy', async () => {
    const plain = await fetch(storeUrl(''));
    assert.equal(plain.headers.get('strict-transport-security'), null, 'never on plain http');
    const behindTls = await fetch(storeUrl(''), { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(
      behindTls.headers.get('strict-transport-security'),
      'max-age=31536000; includeSubDomains',
      'the TLS proxy says https',
    );

    const secureWeb = await startWeb(stack.api.url, { PUBLIC_ORIGIN_SCHEME: 'https' });
    try {
      for (const path of [`/s/${STORE}`, '/owner/login', '/start']) {
        const res = await fetch(`${secureWeb.url}${path}`);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains', path);
        assert.ok(res.headers.get('content-security-policy'), `${path}: CSP too`);
      }
    } finally {
      await secureWeb.stop();
    }
  });
});
