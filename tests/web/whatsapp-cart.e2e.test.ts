// Cart sharing over WhatsApp, as shoppers on cheap phones (360x740), in real Chromium against the
// production Next build, the real API and worker on a seeded Postgres and Redis, and the sandbox:
// "Share cart on WhatsApp" (cart page) and "Finish on WhatsApp instead" (checkout) 303 to
// wa.me/<store number> with the items, the subtotal and a signed /cart/shared/<token> link; that
// link opened on another phone fills that phone's cart (notice), and the order placed from it is
// attributed to the whatsapp channel; a tampered link is a friendly notice, never an error; and
// all of it without JavaScript. There is no internet here: wa.me is answered by the test (route).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { Cart, CartResponse, ProductDetail, ProductList } from '@sokoni/contracts';
import { withClient } from '../helpers/database.ts';
import { fillCheckout, PHONE, tapPlaceOrder } from '../helpers/browser.ts';
import { useStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
/** A store whose WhatsApp number is removed before anything reads it: no share buttons there. */
const NO_WA_STORE = 'saa-bora';
const CABLE = 'oraimo-usb-c-cable';
const CHARGER = 'oraimo-18w-fast-charger';
const WA_PAGE = '<!doctype html><title>WhatsApp</title><p id="wa">WhatsApp (stand-in)</p>';
const SHARE_TOKEN = /^s1\.[A-Za-z0-9_-]{22}\.\d{10}\.[A-Za-z0-9_-]{43}$/;

let storeNumber: string;

const stack = useStack({
  sandbox: true,
  // After the sandbox learnt every store's WhatsApp number, before the web could cache one.
  beforeWeb: async (fresh) => {
    storeNumber = await withClient(fresh.ownerUrl, async (c) => {
      await c.query('UPDATE tenants SET whatsapp_number = NULL WHERE slug = $1', [NO_WA_STORE]);
      return (
        await c.query<{ whatsapp_number: string }>('SELECT whatsapp_number FROM tenants WHERE slug = $1', [STORE])
      ).rows[0]!.whatsapp_number;
    });
  },
});

const storeUrl = (path: string, store = STORE) => `${stack.web.url}/s/${store}${path}`;

/** Every wa.me navigation of a context, answered with a tiny stand-in page. */
async function interceptWhatsApp(context: BrowserContext): Promise<string[]> {
  const seen: string[] = [];
  await context.route('https://wa.me/**', async (route) => {
    seen.push(route.request().url());
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: WA_PAGE });
  });
  return seen;
}

/** The wa.me URL split into the number and the prefilled text, and the cart link in that text. */
function parseWhatsApp(url: string): { number: string; text: string; link: string; shareToken: string } {
  const u = new URL(url);
  assert.equal(u.origin, 'https://wa.me');
  const text = u.searchParams.get('text') ?? '';
  const m = /(\S+\/cart\/shared\/(\S+))/.exec(text);
  assert.ok(m, `a /cart/shared/ link in the message: ${text}`);
  return { number: u.pathname.slice(1), text, link: m[1]!, shareToken: decodeURIComponent(m[2]!) };
}

async function addWithJs(page: Page, slug: string): Promise<void> {
  await page.goto(storeUrl(`/products/${slug}`));
  await page.locator('[data-add]').click();
  await page.locator('[data-cart-status]').filter({ hasText: 'in cart' }).waitFor({ timeout: 10_000 });
}

async function cartLines(page: Page): Promise<{ title: string; quantity: string }[]> {
  return page.locator('.cart-line').evaluateAll((els) =>
    els.map((e) => ({
      title: (e.querySelector('.cart-line__title') as HTMLElement).innerText.trim(),
      quantity: (e.querySelector('select[name="quantity"]') as HTMLSelectElement).value,
    })),
  );
}

/** What the API holds for a cart token (the browser never sees the token; the test reads the cookie jar). */
async function apiCart(context: BrowserContext, store = STORE): Promise<Cart> {
  const cookie = (await context.cookies(stack.web.url)).find((c) => c.name === `sokoni_cart_${store}`);
  assert.ok(cookie, 'cart cookie');
  const res = await fetch(`${stack.api.url}/v1/stores/${store}/cart`, { headers: { 'x-cart-token': cookie.value } });
  assert.equal(res.status, 200);
  return ((await res.json()) as CartResponse).cart;
}

const orderRow = (id: string) =>
  withClient(
    stack.db.ownerUrl,
    async (c) =>
      (
        await c.query<{ channel: string; phone: string; total_kes: number }>(
          'SELECT channel, phone, total_kes FROM orders WHERE id = $1',
          [id],
        )
      ).rows[0],
  );

const orderItems = (id: string) =>
  withClient(
    stack.db.ownerUrl,
    async (c) =>
      (
        await c.query<{ sku: string; quantity: number }>(
          'SELECT sku, quantity FROM order_items WHERE order_id = $1 ORDER BY sku',
          [id],
        )
      ).rows,
  );

/** Checkout with JavaScript (area type-ahead), "Place order"; the order id from the page it lands on. */
async function checkout(page: Page, phone: string): Promise<string> {
  await page.goto(storeUrl('/checkout'));
  await fillCheckout(page, { phone, name: 'Achieng Odhiambo' });
  return tapPlaceOrder(page, STORE);
}

function assertNoFrameworkJs(html: string, what: string): void {
  assert.doesNotMatch(html, /<script[^>]+src=/, `${what}: no external scripts`);
  assert.doesNotMatch(html, /__NEXT_DATA__|self\.__next_f/, `${what}: no hydration payload`);
}

describe('share a cart on WhatsApp and finish it on another phone', () => {
  let shopperA: BrowserContext;
  let shopperB: BrowserContext;
  let waA: string[];
  let shared: ReturnType<typeof parseWhatsApp>;
  let cableTitle: string;

  before(async () => {
    shopperA = await stack.browser.newContext(PHONE);
    shopperB = await stack.browser.newContext(PHONE);
    waA = await interceptWhatsApp(shopperA);
  });
  after(async () => {
    await shopperA?.close();
    await shopperB?.close();
  });

  test('(a) Share cart: 303 to wa.me/<store number> with the items, subtotal and a signed cart link', async () => {
    const page = await shopperA.newPage();
    // An empty cart has nothing to share: no button.
    await page.goto(storeUrl('/cart'));
    assert.equal(await page.locator('[data-share-cart]').count(), 0, 'no Share button on an empty cart');

    await addWithJs(page, CABLE);
    await page.goto(storeUrl('/cart'));
    const lines = await cartLines(page);
    assert.equal(lines.length, 1);
    cableTitle = lines[0]!.title;
    const subtotal = Number(await page.locator('[data-row="subtotal"]').getAttribute('data-kes'));
    assertNoFrameworkJs(await page.content(), 'cart page with the Share form');
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth),
      360,
      'nothing wider than a 360 px screen',
    );

    const share = page.locator('form[data-share-cart] button', { hasText: 'Share cart on WhatsApp' });
    assert.ok(await share.isVisible());
    assert.equal(await page.locator('form[data-share-cart]').getAttribute('method'), 'post');
    assert.equal(await page.locator('form[data-share-cart]').getAttribute('action'), `/s/${STORE}/cart/share`);

    const sessionId = (await page.evaluate(() => sessionStorage.getItem('sokoni:sid')))!;
    const redirect = page.waitForResponse(
      (r) => r.url() === storeUrl('/cart/share') && r.request().method() === 'POST',
    );
    await share.click();
    await page.waitForURL(/^https:\/\/wa\.me\//);
    const post = await redirect;
    // The owner's numbers count the hand-off (the beacon of the page left for WhatsApp).
    await waitFor(
      'the whatsapp_handoff event, stored by the worker',
      async () =>
        withClient(
          stack.db.ownerUrl,
          async (c) =>
            (await c.query(`SELECT 1 FROM events WHERE session_id = $1 AND type = 'whatsapp_handoff'`, [sessionId]))
              .rowCount === 1,
        ),
      20_000,
    );
    assert.equal(post.status(), 303);
    assert.match(post.headers()['cache-control'] ?? '', /no-store/);
    assert.equal(await page.locator('#wa').innerText(), 'WhatsApp (stand-in)');

    assert.equal(waA.length, 1, 'one wa.me navigation');
    assert.equal(post.headers().location, waA[0]);
    shared = parseWhatsApp(waA[0]!);
    assert.equal(shared.number, storeNumber, "the store's own WhatsApp number");
    assert.match(shared.text, /^Hi Nairobi Gadgets, here is my cart:\n/);
    assert.ok(shared.text.includes(`- 1 x ${cableTitle}`), `the item in the message: ${shared.text}`);
    assert.ok(shared.text.includes(`Subtotal: KES ${subtotal.toLocaleString('en-KE')}`), 'the subtotal');
    // The link is absolute, on the origin and URL form the shopper used (path form here).
    assert.equal(shared.link, `${stack.web.url}/s/${STORE}/cart/shared/${shared.shareToken}`);
    assert.match(shared.shareToken, SHARE_TOKEN, "the API's signed share token");

    // Sharing leaves shopper A's own cart as it was.
    const cartA = await apiCart(shopperA);
    assert.deepEqual(
      cartA.lines.map((l) => [l.productSlug, l.quantity]),
      [[CABLE, 1]],
    );
    await page.close();
  });

  test('(b) the link on another phone restores the cart; the order placed from it is a whatsapp order', async () => {
    assert.ok(shared, 'needs (a)');
    const page = await shopperB.newPage();
    const hops: Response[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/cart/shared/')) hops.push(r);
    });
    await page.goto(shared.link);
    await page.waitForURL(`**/s/${STORE}/cart?restored=1`);
    assert.equal(hops.length, 1);
    assert.equal(hops[0]!.status(), 303);
    assert.match(hops[0]!.headers()['cache-control'] ?? '', /private, no-store/, 'the link is never cached');

    assert.deepEqual(await cartLines(page), [{ title: cableTitle, quantity: '1' }], 'the same item on the other phone');
    assert.match(await page.locator('[data-notices]').innerText(), /We added the items from the shared cart/);
    assert.equal(
      await page.locator('header [data-cart-count]').innerText(),
      '1',
      'header count follows the restored cart',
    );
    const cookie = (await shopperB.cookies(stack.web.url)).find((c) => c.name === `sokoni_cart_${STORE}`);
    assert.ok(cookie, 'phone B got its own cart cookie');
    assert.equal(cookie.httpOnly, true);
    const cartB = await apiCart(shopperB);
    const cartA = await apiCart(shopperA);
    assert.notEqual(cartB.token, cartA.token, "a cart of its own, not shopper A's");
    assert.deepEqual(
      cartB.lines.map((l) => [l.productSlug, l.quantity]),
      [[CABLE, 1]],
    );

    // Phone B checks out: the API attributes the order to WhatsApp.
    const orderB = await checkout(page, '0712 555 000');
    const rowB = await orderRow(orderB);
    assert.ok(rowB, 'the order is in Postgres');
    assert.equal(rowB.channel, 'whatsapp', 'placed from a shared cart: whatsapp channel');
    assert.equal(rowB.phone, '254712555000');
    assert.deepEqual(
      (await orderItems(orderB)).map((i) => i.quantity),
      [1],
    );
    // One-tap pay sent the prompt with the order; the sandbox may already have paid it (0712 *** 000).
    assert.match(await page.locator('[data-status]').innerText(), /^(Awaiting M-Pesa payment|Paid)$/);

    // Control: shopper A, who shared but never opened a link, orders the same cart as a web order.
    const pageA = await shopperA.newPage();
    const orderA = await checkout(pageA, '0712 555 111');
    assert.equal((await orderRow(orderA))?.channel, 'web', 'an ordinary cart stays a web order');
    await pageA.close();
    await page.close();
  });

  test('(c) a tampered or malformed link lands on the cart with the expired notice, never an error', async () => {
    assert.ok(shared, 'needs (a)');
    const context = await stack.browser.newContext(PHONE);
    const page = await context.newPage();
    const last = shared.link.slice(-1);
    const tampered = `${shared.link.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
    for (const link of [
      tampered,
      storeUrl('/cart/shared/not-a-token'),
      storeUrl(`/cart/shared/${encodeURIComponent('<script>x')}`),
    ]) {
      const res = await page.goto(link);
      assert.equal(res?.status(), 200, `${link}: the cart page, not an error`);
      assert.equal(new URL(page.url()).pathname, `/s/${STORE}/cart`, 'on the cart page');
      assert.equal(new URL(page.url()).search, '', 'not marked as restored');
      assert.match(await page.locator('[data-notices]').innerText(), /That cart link has expired/);
      assert.equal(await page.locator('.cart-line').count(), 0, 'nothing added');
      assert.equal(await page.locator('[data-share-cart]').count(), 0);
    }
    // The notice is shown once (flash), not on the next visit.
    await page.goto(storeUrl('/cart'));
    assert.equal(await page.locator('[data-notices]').count(), 0);
    await context.close();
  });
});

describe('without JavaScript, and from checkout', () => {
  test('(d) the Share form and "Finish on WhatsApp instead" still redirect to wa.me', async () => {
    const context = await stack.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const seen = await interceptWhatsApp(context);
    const page = await context.newPage();
    await page.goto(storeUrl(`/products/${CHARGER}`));
    await page.locator('.nojs-add button', { hasText: 'Add to cart' }).click();
    await page.waitForURL(`**/s/${STORE}/cart`);
    const [line] = await cartLines(page);
    assert.ok(line, 'the charger is in the cart');
    assertNoFrameworkJs(await page.content(), 'cart page');

    await page.locator('form[data-share-cart] button').click();
    await page.waitForURL(/^https:\/\/wa\.me\//);
    assert.equal(seen.length, 1);
    const fromCart = parseWhatsApp(seen[0]!);
    assert.equal(fromCart.number, storeNumber);
    assert.ok(fromCart.text.includes(`1 x ${line.title}`), fromCart.text);
    assert.match(fromCart.shareToken, SHARE_TOKEN);

    // Checkout: a second form, outside the checkout form, with its own words.
    await page.goto(storeUrl('/checkout'));
    assertNoFrameworkJs(await page.content(), 'checkout page');
    const finish = page.locator('form[data-share-cart] button', { hasText: 'Finish on WhatsApp instead' });
    assert.ok(await finish.isVisible());
    assert.equal(await page.locator('form[data-checkout] form').count(), 0, 'not nested in the checkout form');
    await finish.click();
    await page.waitForURL(/^https:\/\/wa\.me\//);
    assert.equal(seen.length, 2);
    const fromCheckout = parseWhatsApp(seen[1]!);
    assert.equal(fromCheckout.number, storeNumber);
    assert.match(fromCheckout.text, /^Hi Nairobi Gadgets, I'd like to finish this order on WhatsApp\.\n/);
    assert.ok(fromCheckout.text.includes(`1 x ${line.title}`));
    assert.equal(fromCheckout.link, `${stack.web.url}/s/${STORE}/cart/shared/${fromCheckout.shareToken}`);

    // That link restores the cart without JavaScript too (a fresh phone, JavaScript off).
    const other = await stack.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const otherPage = await other.newPage();
    await otherPage.goto(fromCheckout.link);
    await otherPage.waitForURL(`**/s/${STORE}/cart?restored=1`);
    assert.deepEqual(
      (await cartLines(otherPage)).map((l) => l.title),
      [line.title],
    );
    assert.match(await otherPage.locator('[data-notices]').innerText(), /We added the items from the shared cart/);
    await other.close();
    await context.close();
  });

  test('a store without a WhatsApp number shows no share buttons; a forged post goes back with a reason', async () => {
    const list = (await (
      await fetch(`${stack.api.url}/v1/stores/${NO_WA_STORE}/products?limit=20`)
    ).json()) as ProductList;
    let sku: string | null = null;
    for (const item of list.items) {
      const detail = (await (
        await fetch(`${stack.api.url}/v1/stores/${NO_WA_STORE}/products/${item.slug}`)
      ).json()) as { product: ProductDetail };
      const variant = (detail.product.variants ?? []).find((v) => v.inStock);
      if (variant) {
        sku = variant.sku;
        break;
      }
    }
    assert.ok(sku, 'an in-stock SKU of the store');
    const added = await fetch(`${stack.api.url}/v1/stores/${NO_WA_STORE}/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku, quantity: 1 }),
    });
    assert.equal(added.status, 200);
    const token = ((await added.json()) as CartResponse).cart.token;

    const context = await stack.browser.newContext(PHONE);
    await context.addCookies([{ name: `sokoni_cart_${NO_WA_STORE}`, value: token, url: stack.web.url }]);
    const page = await context.newPage();
    await page.goto(storeUrl('/cart', NO_WA_STORE));
    assert.equal(await page.locator('.cart-line').count(), 1, 'the cart has a line');
    assert.equal(await page.locator('[data-share-cart]').count(), 0, 'no Share button without a WhatsApp number');
    await page.goto(storeUrl('/checkout', NO_WA_STORE));
    assert.equal(await page.locator('form[data-checkout]').count(), 1);
    assert.equal(await page.locator('[data-share-cart]').count(), 0, 'no "Finish on WhatsApp" either');

    const res = await context.request.post(storeUrl('/cart/share', NO_WA_STORE), {
      form: { from: 'cart' },
      maxRedirects: 0,
    });
    assert.equal(res.status(), 303);
    assert.equal(res.headers().location, `/s/${NO_WA_STORE}/cart`, 'back to the cart, not to wa.me');
    await page.goto(storeUrl('/cart', NO_WA_STORE));
    assert.match(await page.locator('[data-notices]').innerText(), /does not take orders on WhatsApp/);
    await context.close();
  });

  test('in host form (<store>.<platform domain>) the link is in host form too, and works there', async () => {
    const hostUrl = (path: string) => `http://${STORE}.localhost:${stack.web.port}${path}`;
    const context = await stack.browser.newContext(PHONE);
    const seen = await interceptWhatsApp(context);
    const page = await context.newPage();
    await page.goto(hostUrl(`/products/${CABLE}`));
    await page.locator('[data-add]').click();
    await page.locator('[data-cart-status]').filter({ hasText: 'in cart' }).waitFor({ timeout: 10_000 });
    await page.goto(hostUrl('/cart'));
    assert.equal(await page.locator('form[data-share-cart]').getAttribute('action'), '/cart/share');
    await page.locator('form[data-share-cart] button').click();
    await page.waitForURL(/^https:\/\/wa\.me\//);
    const { link, shareToken } = parseWhatsApp(seen[0]!);
    assert.equal(link, hostUrl(`/cart/shared/${shareToken}`));

    const other = await stack.browser.newContext(PHONE);
    const otherPage = await other.newPage();
    await otherPage.goto(link);
    await otherPage.waitForURL(hostUrl('/cart?restored=1'));
    assert.equal(await otherPage.locator('.cart-line').count(), 1);
    assert.match(await otherPage.locator('[data-notices]').innerText(), /We added the items from the shared cart/);
    await other.close();
    await context.close();
  });
});
