// Cart and checkout as a shopper on a cheap phone (360x740), in real Chromium against the
// production Next build and the real API on a seeded Postgres and Redis: Add to cart into the
// server cart (HttpOnly cookie), the cart page (with and without JavaScript), the one-page
// checkout (phone check, area type-ahead with fee and ETA, coupon, live totals from the API),
// placing the order (one order however often it is submitted) and the order page.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { vatPortion, type CartResponse, type DeliveryAreaList, type ProductDetail } from '@sokoni/contracts';
import { withClient } from '../helpers/database.ts';
import { doubleSubmit, fillCheckout, PHONE, tapPlaceOrder } from '../helpers/browser.ts';
import { usePhones, useStack } from '../helpers/stack.ts';

const STORE = 'nairobi-gadgets';
/** Cheap single-variant accessories: two of the charger plus the power bank is over KES 2,000
 * (KARIBU10's minimum) and under KES 10,000 (free delivery), so the delivery fee shows. */
const CHARGER = 'oraimo-18w-fast-charger';
const POWER_BANK = 'oraimo-traveler-4-power-bank-20000';
const CABLE = 'oraimo-usb-c-cable';

const stack = useStack();

const storeUrl = (path: string) => `${stack.web.url}/s/${STORE}${path}`;

/** A deliverable quote, as these tests read it. */
interface Quote {
  deliverable: boolean;
  feeKes: number;
  etaLabel: string;
}

/** GET from the API (must be 200), the answer as the shape T the caller names (not checked). */
async function apiJson<T>(path: string): Promise<T> {
  const res = await fetch(`${stack.api.url}${path}`);
  assert.equal(res.status, 200, `API GET ${path}`);
  return (await res.json()) as T;
}

async function ordersOf(phone: string): Promise<
  {
    id: string;
    number: number;
    total_kes: number;
    discount_kes: number;
    delivery_fee_kes: number;
    vat_kes: number;
    coupon_code: string | null;
    idempotency_key: string;
  }[]
> {
  return withClient(
    stack.db.ownerUrl,
    async (c) =>
      (
        await c.query<Awaited<ReturnType<typeof ordersOf>>[number]>(
          'SELECT id, number, total_kes, discount_kes, delivery_fee_kes, vat_kes, coupon_code, idempotency_key FROM orders WHERE phone = $1 ORDER BY number',
          [phone],
        )
      ).rows,
  );
}

const orderCount = () =>
  withClient(stack.db.ownerUrl, async (c) =>
    Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM orders')).rows[0]?.n),
  );

/** The KES amount a summary row stands for (data-kes, signed; discounts are negative). */
async function rowKes(page: Page, key: string): Promise<number> {
  return Number(await page.locator(`[data-summary] [data-row="${key}"]`).getAttribute('data-kes'));
}

async function addFromProductPage(page: Page, slug: string, expectedCount: number): Promise<void> {
  await page.goto(storeUrl(`/products/${slug}`));
  await page.locator('[data-add]').click();
  const status = page.locator('[data-cart-status]');
  await status.filter({ hasText: `Added — ${expectedCount} in cart` }).waitFor({ timeout: 10_000 });
  assert.equal(await status.innerText(), `Added — ${expectedCount} in cart`);
  assert.equal(await status.locator('a').getAttribute('href'), `/s/${STORE}/cart`, '"N in cart" links to the cart');
}

/** The checkout island's budget: its inline JavaScript, gzipped (this test's title since it was written). */
const CHECKOUT_INLINE_JS_BUDGET_BYTES = 6 * 1024;

function inlineScriptsGzip(html: string): number {
  const js = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter((m) => !/application\/(ld\+)?json/.test(m[1]!))
    .map((m) => m[2])
    .join('');
  return gzipSync(Buffer.from(js)).length;
}

describe('cart and checkout', () => {
  const phones = usePhones(stack, { phone: {}, noJs: { javaScriptEnabled: false } });

  test('add two items, change a quantity, check out with area type-ahead and coupon, place the order', async () => {
    const page = await phones.phone.newPage();
    await addFromProductPage(page, CHARGER, 1);
    await addFromProductPage(page, POWER_BANK, 2);
    assert.equal(await page.locator('header [data-cart-count]').innerText(), '2', 'header count');

    // The cart token is an HttpOnly, SameSite=Lax cookie: the page's scripts cannot read it.
    const cookies = await phones.phone.cookies(stack.web.url);
    const token = cookies.find((c) => c.name === `sokoni_cart_${STORE}`);
    assert.ok(token, 'cart cookie set by the route handler');
    assert.equal(token.httpOnly, true);
    assert.equal(token.sameSite, 'Lax');
    assert.equal(token.path, '/');
    assert.ok(token.expires > Date.now() / 1000 + 13 * 24 * 3600, 'kept for 14 days');
    assert.ok(!(await page.evaluate(() => document.cookie)).includes('c1.'), 'token not visible to JavaScript');
    const serverCart = (await (
      await fetch(`${stack.api.url}/v1/stores/${STORE}/cart`, { headers: { 'x-cart-token': token.value } })
    ).json()) as CartResponse;
    assert.deepEqual(
      serverCart.cart.lines.map((l) => [l.productSlug, l.quantity]).sort(),
      [
        [CHARGER, 1],
        [POWER_BANK, 1],
      ],
      'lines are in the API cart',
    );

    // Cart page: server-rendered from the cookie; the quantity select sends itself (island).
    await page.locator('[data-cart-status] a').click();
    await page.waitForURL(`**/s/${STORE}/cart`);
    assert.equal(await page.locator('.cart-line').count(), 2);
    const charger = serverCart.cart.lines.find((l) => l.productSlug === CHARGER)!;
    const bank = serverCart.cart.lines.find((l) => l.productSlug === POWER_BANK)!;
    const chargerLine = page.locator(`.cart-line[data-line="${charger.sku}"]`);
    assert.ok(
      await chargerLine.locator('button[value="update"]').isHidden(),
      'with JavaScript the Update button is not needed',
    );
    await chargerLine.locator('select[name="quantity"]').selectOption('2');
    await page
      .locator(`.cart-line[data-line="${charger.sku}"] [data-line-total="${charger.unitPriceKes * 2}"]`)
      .waitFor({ timeout: 10_000 });
    const subtotal = charger.unitPriceKes * 2 + bank.unitPriceKes;
    assert.equal(Number(await page.locator('[data-row="subtotal"]').getAttribute('data-kes')), subtotal);
    assert.match(await page.locator('main').innerText(), /VAT/);
    assert.equal(await page.locator('header [data-cart-count]').innerText(), '3');
    assert.ok(
      subtotal >= 2000 && subtotal < 10_000,
      `subtotal ${subtotal} qualifies for KARIBU10 and still pays delivery`,
    );

    // Checkout, phone first.
    await page.locator('a', { hasText: 'Checkout' }).click();
    await page.waitForURL(`**/s/${STORE}/checkout`);
    const key = await page.locator('input[name="key"]').inputValue();
    assert.match(key, /^[A-Za-z0-9_.:-]{8,128}$/, 'an Idempotency-Key per checkout render');
    const labels = await page.locator('form[data-checkout] label:visible, form[data-checkout] legend').allInnerTexts();
    const order = [
      'M-Pesa phone number',
      'Your name',
      'Your area',
      'How do you want it?',
      'Landmark',
      'Notes',
      'Coupon code',
    ];
    const positions = order.map((label) => labels.findIndex((l) => l.startsWith(label)));
    assert.deepEqual(
      positions.filter((p) => p < 0),
      [],
      `every field is labelled: ${labels.join(' | ')}`,
    );
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
      'fields in order: phone, name, area, method, landmark/notes, coupon',
    );
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth),
      360,
      'nothing wider than a 360 px screen',
    );

    const quote = await apiJson<Quote>(`/v1/stores/${STORE}/delivery/quote?area=westlands&subtotal=${subtotal}`);
    assert.equal(quote.deliverable, true);
    await page.locator('#co-phone').pressSequentially('0712 345 678');
    await page.locator('#co-name').fill('Wanjiru Kamau');
    await page.locator('[data-area-input]').pressSequentially('westie', { delay: 30 });
    const westlands = page.locator('[data-area-list] [role="option"]', { hasText: 'Westlands' }).first();
    await westlands.waitFor({ timeout: 10_000 });
    assert.equal(
      await westlands.innerText(),
      `Westlands · KES ${quote.feeKes.toLocaleString('en-KE')} · ${quote.etaLabel}`,
      'fee and ETA inline',
    );
    await westlands.click();
    assert.equal(await page.locator('[data-area-input]').inputValue(), 'Westlands');
    assert.equal(await page.locator('select[name="area"]').inputValue(), 'westlands', 'the posted field is the select');
    await page.locator(`[data-summary] [data-row="delivery"][data-kes="${quote.feeKes}"]`).waitFor({ timeout: 10_000 });
    assert.match(await page.locator('[data-row="delivery"]').innerText(), new RegExp(`Westlands · ${quote.etaLabel}`));
    assert.match(
      await page.locator('.co__trust').innerText(),
      new RegExp(`${quote.etaLabel} to Westlands`),
      'delivery ETA among the trust markers',
    );
    assert.equal(await rowKes(page, 'total'), subtotal + quote.feeKes, 'total before the coupon');

    // Coupon: the preview shows the discount line and the new total.
    await page.locator('#co-coupon').fill('KARIBU10');
    await page.locator('[data-apply]').click();
    await page.locator('[data-coupon-msg].coupon-msg--ok').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('[data-coupon-msg]').innerText(), /KARIBU10 applied/);
    const rows = await page.locator('[data-summary] [data-row]').evaluateAll((els) =>
      els.map((e) => ({
        key: e.getAttribute('data-row')!,
        kes: Number(e.getAttribute('data-kes')),
        text: (e as HTMLElement).innerText,
      })),
    );
    const discounts = rows.filter((r) => r.key.startsWith('discount-'));
    assert.ok(
      discounts.some((d) => /KARIBU10/.test(d.text)),
      'the coupon is its own line',
    );
    const discountTotal = -discounts.reduce((s, d) => s + d.kes, 0);
    const total = await rowKes(page, 'total');
    assert.equal(await rowKes(page, 'subtotal'), subtotal);
    assert.equal(total, subtotal + quote.feeKes - discountTotal, 'total = subtotal + delivery - discounts');
    assert.equal(await rowKes(page, 'vat'), vatPortion(total), 'VAT is 16/116 of the total');
    assert.match(await page.locator('[data-row="vat"]').innerText(), /VAT \(16%\)/);
    // One-tap pay (issue 13): the store takes M-Pesa, so the button places the order and sends the prompt.
    assert.equal(
      await page.locator('[data-place]').innerText(),
      `Place order and pay KES ${total.toLocaleString('en-KE')}`,
    );
    const trust = await page.locator('.co__trust').innerText();
    assert.match(trust, /Till\s+5123456/, "the store's M-Pesa till");
    assert.match(trust, /Secure M-Pesa payment/);
    assert.match(trust, /Returns/);
    assert.deepEqual(await ordersOf('254712345678'), [], 'nothing ordered yet');

    // Place the order.
    await tapPlaceOrder(page, STORE);
    const placed = await ordersOf('254712345678');
    assert.equal(placed.length, 1);
    const row = placed[0]!;
    assert.equal(row.idempotency_key, key);
    assert.equal(row.total_kes, total);
    assert.equal(row.discount_kes, discountTotal);
    assert.equal(row.delivery_fee_kes, quote.feeKes);
    assert.equal(row.coupon_code, 'KARIBU10');
    assert.equal(new URL(page.url()).pathname.split('/').pop(), row.id);
    assert.equal(await page.locator('[data-order-number]').innerText(), `#${row.number}`);
    assert.equal(await page.locator('[data-status]').innerText(), 'Awaiting M-Pesa payment');
    // The PIN prompt was tried with the order (this stack has no Daraja: it fails and the order
    // page says so, offering Pay again and then paying by hand). tests/web/one-tap-pay.e2e.test.ts
    // follows it to Paid against the sandbox.
    const attempts = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM payments WHERE order_id = $1', [row.id])).rows,
    );
    assert.ok(attempts[0]!.n <= 1, 'at most one prompt, sent with the order');
    assert.match(await page.locator('.pay-box').innerText(), /M-Pesa/);
    const main = await page.locator('main').innerText();
    assert.match(main, /Oraimo 18W/);
    assert.match(main, /Westlands/);
    assert.match(main, new RegExp(`Includes VAT \\(16%\\)\\s+KES ${row.vat_kes.toLocaleString('en-KE')}`));
    assert.equal(await page.locator('header [data-cart-count]').innerText(), '', 'the cart is empty after ordering');

    const invoiceHref = await page.locator('a', { hasText: 'Printable invoice' }).getAttribute('href');
    assert.equal(invoiceHref, `/s/${STORE}/orders/${row.id}/invoice`);
    const invoice = await phones.phone.request.get(`${stack.web.url}${invoiceHref}`);
    assert.equal(invoice.status(), 200);
    assert.match(invoice.headers()['content-type']!, /^text\/html/);
    assert.match(await invoice.text(), new RegExp(`INV-${row.number}`));

    // Cart, checkout and order pages stay free of framework JavaScript, like the rest.
    for (const path of ['', `/products/${CHARGER}`, '/cart', '/checkout', `/orders/${row.id}`]) {
      const res = await phones.phone.request.get(storeUrl(path));
      assert.equal(res.status(), 200, path);
      const html = await res.text();
      assert.doesNotMatch(html, /<script[^>]+src="\/_next\//, `${path || '/'}: no Next.js scripts`);
      assert.doesNotMatch(html, /<script[^>]+src=/, `${path || '/'}: no external scripts at all`);
      assert.doesNotMatch(html, /__NEXT_DATA__|self\.__next_f/, `${path || '/'}: no hydration payload`);
      if (path === '/cart' || path === '/checkout' || path.startsWith('/orders/')) {
        assert.match(res.headers()['cache-control'] ?? '', /private, no-store/, `${path}: never cached`);
      }
    }
    await page.close();
  });

  test('checkout island inline JavaScript stays within its budget (6 KB gzipped)', async () => {
    const context = await stack.browser.newContext(PHONE);
    const page = await context.newPage();
    await addFromProductPage(page, CABLE, 1);
    const html = await (await context.request.get(storeUrl('/checkout'))).text();
    const gz = inlineScriptsGzip(html);
    console.log(`checkout page inline JS: ${(gz / 1024).toFixed(2)} KB gzipped`);
    assert.ok(gz > 0, 'the checkout has its island');
    assert.ok(
      gz <= CHECKOUT_INLINE_JS_BUDGET_BYTES,
      `checkout inline JS ${gz} B gzipped, budget ${CHECKOUT_INLINE_JS_BUDGET_BYTES} B`,
    );
    await context.close();
  });

  test('double submit: two submits and an Enter make exactly one order', async () => {
    const context = await stack.browser.newContext(PHONE);
    const page = await context.newPage();
    await addFromProductPage(page, POWER_BANK, 1);
    await page.goto(storeUrl('/checkout'));
    await fillCheckout(page, { phone: '0722 000 111' });
    const posts = await doubleSubmit(page, { form: 'form[data-checkout]', button: '[data-place]' }, '/checkout/place');
    await page.keyboard.press('Enter').catch(() => undefined);
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    assert.equal(posts.length, 1, 'the island lets one submission through');
    assert.match(posts[0]!, /intent=place/);
    const orders = await ordersOf('254722000111');
    assert.equal(orders.length, 1, 'exactly one order');
    assert.ok(page.url().endsWith(orders[0]!.id));
    await context.close();
  });

  test('double tap without JavaScript: the same Idempotency-Key answers both posts with one order', async () => {
    const context = await stack.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(storeUrl(`/products/${POWER_BANK}`));
    await page.locator('.nojs-add button', { hasText: 'Add to cart' }).click();
    await page.waitForURL(`**/s/${STORE}/cart`);
    await page.locator('a', { hasText: 'Checkout' }).click();
    await page.waitForURL(`**/s/${STORE}/checkout`);
    assert.ok(await page.locator('select[name="area"]').isVisible(), 'without JavaScript, a select of every area');
    assert.ok(await page.locator('[data-area-input]').isHidden());
    const allAreas = await apiJson<DeliveryAreaList>(`/v1/stores/${STORE}/delivery/areas`);
    assert.equal(
      await page.locator('select[name="area"] option[value]:not([value=""])').count(),
      allAreas.areas.length,
    );
    const key = await page.locator('input[name="key"]').inputValue();
    const form = {
      key,
      phone: '+254 733 444 555',
      name: 'Otieno',
      area: 'kilimani',
      method: 'delivery',
      landmark: '',
      notes: '',
      coupon: '',
      intent: 'place',
    };
    const post = () =>
      context.request.post(storeUrl('/checkout/place'), { form, headers: { origin: stack.web.url }, maxRedirects: 0 });
    const [a, b] = await Promise.all([post(), post()]);
    assert.equal(a.status(), 303);
    assert.equal(b.status(), 303);
    assert.equal(a.headers().location, b.headers().location, 'both taps lead to the same order');
    const orders = await ordersOf('254733444555');
    assert.equal(orders.length, 1, 'exactly one order');
    assert.equal(a.headers().location, `/s/${STORE}/orders/${orders[0]!.id}`);
    await page.goto(`${stack.web.url}${a.headers().location}`);
    assert.equal(await page.locator('[data-status]').innerText(), 'Awaiting M-Pesa payment');
    await context.close();
  });

  test('an invalid phone number gets an inline error and no order (with and without JavaScript)', async () => {
    const before = await orderCount();
    const context = await stack.browser.newContext(PHONE);
    const page = await context.newPage();
    await addFromProductPage(page, CABLE, 1);
    await page.goto(storeUrl('/checkout'));
    await page.locator('#co-phone').pressSequentially('0812 345 678');
    await page.locator('#co-name').focus(); // leaving the field checks it
    const error = page.locator('[data-error="phone"]');
    await error.filter({ hasText: 'Enter a Kenyan mobile number' }).waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('#co-phone').getAttribute('aria-invalid'), 'true');
    await page.locator('#co-name').fill('Achieng');
    await page.locator('[data-area-input]').pressSequentially('kilimani', { delay: 30 });
    await page.locator('[data-area-list] [role="option"]', { hasText: 'Kilimani' }).first().click();
    await page.locator('[data-place]').click();
    // The island refuses the submit and moves focus to the field in one step (checkout.ts):
    // once the focus is there, the form was not sent.
    await page.waitForFunction(() => document.activeElement?.id === 'co-phone');
    assert.ok(page.url().endsWith('/checkout'), 'still on the checkout');
    assert.ok(await error.isVisible());
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'co-phone', 'focus moved to the phone field');
    await context.close();

    // Without JavaScript the server says the same, next to the field, keeping what was typed.
    const plain = await phones.noJs.newPage();
    await plain.goto(storeUrl(`/products/${CHARGER}`));
    await plain.locator('.nojs-add button').click();
    await plain.waitForURL(`**/s/${STORE}/cart`);
    await plain.goto(storeUrl('/checkout'));
    await plain.locator('#co-phone').fill('0812 345 678');
    await plain.locator('#co-name').fill('Achieng');
    await plain.locator('select[name="area"]').selectOption('kilimani');
    await plain.locator('[data-place]').click();
    await plain.waitForLoadState();
    assert.match(
      await plain.locator('[data-error="phone"]').innerText(),
      /Enter a Kenyan mobile number like 0712 345 678/,
    );
    assert.equal(await plain.locator('#co-phone').inputValue(), '0812 345 678');
    assert.equal(await plain.locator('select[name="area"]').inputValue(), 'kilimani');
    assert.equal(await orderCount(), before, 'no order created');
    await plain.close();
  });

  test('with JavaScript off: add to cart, change the quantity and remove on the cart page (form posts), coupon via Apply', async () => {
    const context = await stack.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(storeUrl(`/products/${CABLE}`));
    assert.ok(await page.locator('[data-add]').isHidden());
    const { product } = await apiJson<{ product: ProductDetail }>(`/v1/stores/${STORE}/products/${CABLE}`);
    const sku = product.variants.find((v) => v.inStock)!.sku;
    if (product.variants.filter((v) => v.inStock).length > 1)
      await page.locator('.nojs-add select[name="sku"]').selectOption(sku);
    await page.locator('.nojs-add button').click();
    await page.waitForURL(`**/s/${STORE}/cart`);
    const line = page.locator(`.cart-line[data-line="${sku}"]`);
    assert.equal(await line.count(), 1);
    const unit = product.variants.find((v) => v.sku === sku)!.priceKes;

    await line.locator('select[name="quantity"]').selectOption('3');
    await line.locator('button[value="update"]').click();
    await page.waitForURL(`**/s/${STORE}/cart`);
    await page.locator(`.cart-line[data-line="${sku}"] [data-line-total="${unit * 3}"]`).waitFor();
    assert.equal(await page.locator(`.cart-line[data-line="${sku}"] select[name="quantity"]`).inputValue(), '3');
    assert.equal(Number(await page.locator('[data-row="subtotal"]').getAttribute('data-kes')), unit * 3);

    // Apply a coupon without JavaScript: the form posts back and the page shows the API's answer.
    await page.locator('a', { hasText: 'Checkout' }).click();
    await page.waitForURL(`**/s/${STORE}/checkout`);
    await page.locator('select[name="area"]').selectOption('westlands');
    await page.locator('#co-coupon').fill('KARIBU10');
    await page.locator('[data-apply]').click();
    await page.waitForLoadState();
    assert.equal(await page.locator('select[name="area"]').inputValue(), 'westlands', 'choices kept');
    if (unit * 3 >= 2000) assert.match(await page.locator('[data-coupon-msg]').innerText(), /KARIBU10 applied/);
    else assert.match(await page.locator('[data-coupon-msg]').innerText(), /needs a subtotal of at least KES 2,000/);
    const quote = await apiJson<Quote>(`/v1/stores/${STORE}/delivery/quote?area=westlands&subtotal=${unit * 3}`);
    assert.equal(
      Number(await page.locator('[data-row="delivery"]').getAttribute('data-kes')),
      quote.feeKes,
      'delivery fee for the chosen area',
    );

    await page.goto(storeUrl('/cart'));
    await page.locator(`.cart-line[data-line="${sku}"] button[value="remove"]`).click();
    await page.waitForURL(`**/s/${STORE}/cart`);
    assert.match(await page.locator('main').innerText(), /Your cart is empty/);

    // Host form: the same forms post to host-form paths and redirect there.
    const hostPage = await context.newPage();
    await hostPage.goto(`http://${STORE}.localhost:${stack.web.port}/products/${CABLE}`);
    assert.equal(await hostPage.locator('.nojs-add').getAttribute('action'), '/cart/lines');
    await hostPage.locator('.nojs-add button').click();
    await hostPage.waitForURL(`http://${STORE}.localhost:${stack.web.port}/cart`);
    assert.equal(await hostPage.locator('.cart-line').count(), 1);
    assert.equal(await hostPage.locator('.cart-line form').getAttribute('action'), `/cart/lines/${sku}`);
    await context.close();
  });

  test('route handlers refuse cross-site posts and junk', async () => {
    const cross = await fetch(storeUrl('/cart/lines'), {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'ORA-CHG18-USBC' }),
    });
    assert.equal(cross.status, 403);
    const junk = await fetch(storeUrl('/cart/lines'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: '../../x', quantity: 1 }),
    });
    assert.equal(junk.status, 400);
    const priceIgnored = await fetch(storeUrl('/cart/lines'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'ORA-CHG18-USBC', quantity: 1, priceKes: 1 }),
    });
    assert.equal(priceIgnored.status, 200);
    const cookie = priceIgnored.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const cart = await (await fetch(storeUrl('/cart'), { headers: { cookie } })).text();
    const { product } = await apiJson<{ product: ProductDetail }>(`/v1/stores/${STORE}/products/${CHARGER}`);
    assert.match(
      cart,
      new RegExp(`data-line-total="${product.variants[0]!.priceKes}"`),
      "the price is the API's, never the client's",
    );
    const crossCheckout = await fetch(storeUrl('/checkout/place'), {
      method: 'POST',
      headers: { origin: 'https://evil.example', cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'intent=place&phone=0712345678&name=x&area=westlands',
      redirect: 'manual',
    });
    assert.equal(crossCheckout.status, 303, 'back to the checkout, not placed');
    assert.equal(crossCheckout.headers.get('location'), `/s/${STORE}/checkout`);
    const backCookie = [cookie, ...crossCheckout.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
    const drawnAgain = await fetch(storeUrl('/checkout'), { headers: { cookie: backCookie } });
    assert.equal(drawnAgain.status, 200, 'drawn again');
    assert.match(await drawnAgain.text(), /could not read that form/);
    assert.equal((await fetch(storeUrl('/orders/not-a-uuid'))).status, 404);
    assert.equal((await fetch(storeUrl('/orders/00000000-0000-4000-8000-000000000000/invoice'))).status, 404);
  });
});
