// Catalog management on a cheap phone (360x740) with JavaScript OFF (every button is a plain
// form), in real Chromium against the production Next build, the real API, Postgres and Redis:
// categories added, nested one level and reordered from /owner/categories and shown nested in
// the storefront's category nav; a Size x Colour product made from values typed once, values
// added later without retyping, a photo reordered; bulk price change and stock set from the
// product list, with audit rows; staff see no price controls.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import type { OwnerProduct } from '@sokoni/contracts';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { rowsQuery } from '../helpers/database.ts';
import { ownerLogIn, phonePage } from '../helpers/browser.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { useStack } from '../helpers/stack.ts';

const STORE = 'mtindo-fashion';
const stack = useStack();
const sql = rowsQuery(() => stack.db.ownerUrl);
const tenantId = () => stack.db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;
const call = jsonCaller<{ product: OwnerProduct }>(() => stack.api.url, '198.19');

const flash = (page: Page) => page.locator('[data-flash]');
const fitsPhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const logIn = (page: Page, role: 'owner' | 'staff') =>
  ownerLogIn(
    page,
    stack.web.url,
    { store: STORE, login: `${role}@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
    true,
  );

describe('owner catalog management at 360 px without JavaScript', () => {
  let context: BrowserContext;
  let page: Page;
  let token: string;

  before(async () => {
    token = (await demoLogin(call, STORE, 'owner')).accessToken;
    ({ context, page } = await phonePage(stack.browser, { javaScriptEnabled: false }));
    await logIn(page, 'owner');
  });
  after(async () => {
    await context?.close();
  });

  test('categories: add Phones and Android inside it, reorder, and the storefront nav shows the nesting', async () => {
    await page.goto(`${stack.web.url}/owner/products`);
    await page.locator('[data-categories-link]').click();
    await page.waitForURL('**/owner/categories');
    assert.ok(await fitsPhone(page), 'no horizontal scroll at 360 px');
    const add = page.locator('[data-add-category]');
    await add.locator('[name="name"]').fill('Phones');
    await add.locator('[data-add-category-submit]').click();
    await flash(page).filter({ hasText: 'Category added: Phones' }).waitFor();
    await add.locator('[name="name"]').fill('Android');
    await add.locator('[name="parentSlug"]').selectOption('phones');
    await add.locator('[data-add-category-submit]').click();
    await flash(page).filter({ hasText: 'Category added: Android' }).waitFor();
    await add.locator('[name="name"]').fill('iPhone');
    await add.locator('[name="parentSlug"]').selectOption('phones');
    await add.locator('[data-add-category-submit]').click();
    await flash(page).filter({ hasText: 'Category added: iPhone' }).waitFor();
    const order = async () =>
      page.locator('[data-category]').evaluateAll((els) => els.map((e) => e.getAttribute('data-category')));
    let slugs = await order();
    assert.deepEqual(slugs.slice(slugs.indexOf('phones'), slugs.indexOf('phones') + 3), [
      'phones',
      'android',
      'iphone',
    ]);
    await page.locator('[data-move-up="iphone"]').click();
    await flash(page).filter({ hasText: 'Moved iPhone up' }).waitFor();
    slugs = await order();
    assert.deepEqual(slugs.slice(slugs.indexOf('phones'), slugs.indexOf('phones') + 3), [
      'phones',
      'iphone',
      'android',
    ]);
    // Nesting a third level is refused in words.
    const edit = page.locator('[data-edit-category="phones"]');
    await page.locator('[data-category="phones"] summary').click();
    await edit.locator('[name="parentSlug"]').selectOption({ index: 1 });
    await edit.locator('button[type="submit"]').click();
    await flash(page)
      .filter({ hasText: /subcategories/ })
      .waitFor();
    assert.equal(await page.locator('[data-flash="error"]').count(), 1);

    // A product in Android: the storefront nav lists Phones, then "› Android".
    const made = await call(
      'POST',
      '/v1/owner/catalog/products/matrix',
      {
        title: 'Nav Phone Case',
        categorySlug: 'android',
        priceKes: 900,
        stock: 2,
        options: [{ name: 'Colour', values: ['Blue'] }],
      },
      token,
    );
    assert.equal(made.status, 201);
    await page.goto(`${stack.web.url}/s/${STORE}`);
    const phones = page.locator('[data-category-chip="phones"]');
    const android = page.locator('[data-category-chip="android"]');
    await android.waitFor();
    assert.equal(await android.getAttribute('data-parent'), 'phones');
    assert.equal((await android.innerText()).trim(), '› Android');
    const chips = await page
      .locator('[data-category-chip]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-category-chip')));
    assert.equal(chips.indexOf('android'), chips.indexOf('phones') + 1);
    await phones.locator('a').click();
    await page.waitForURL(`**/s/${STORE}/c/phones`);
    await page.getByText('Nav Phone Case').first().waitFor();
  });

  test('option matrix: values typed once make Size x Colour; new values later add only the new combinations; a photo moves up', async () => {
    await page.goto(`${stack.web.url}/owner/products`);
    await page.locator('[data-matrix-link]').click();
    await page.waitForURL('**/owner/products/new/matrix');
    assert.ok(await fitsPhone(page));
    const form = page.locator('[data-matrix-form]');
    await form.locator('[name="title"]').fill('Matrix Canvas Sneaker');
    await form.locator('[name="priceKes"]').fill('2,500');
    await form.locator('[name="stock"]').fill('4');
    await form.locator('[name="optionName0"]').fill('Size');
    await form.locator('[name="optionValues0"]').fill('40, 41, 42');
    await form.locator('[name="optionName1"]').fill('Colour');
    await form.locator('[name="optionValues1"]').fill('Black, White');
    await form.locator('[data-matrix-create]').click();
    await flash(page).filter({ hasText: 'Product added with 6 variants' }).waitFor();
    const slug = new URL(page.url()).pathname.split('/').pop()!;
    assert.equal(await page.locator('[data-variant]').count(), 6);
    assert.ok(await fitsPhone(page));

    await page.locator('[data-add-values="Size"]').fill('43');
    await page.locator('[data-add-values="Colour"]').fill('Red');
    await page.locator('[data-add-values-submit]').click();
    await flash(page).filter({ hasText: '6 new variants' }).waitFor();
    assert.equal(await page.locator('[data-variant]').count(), 12);
    const product = (await call('GET', `/v1/owner/catalog/products/${slug}`, undefined, token)).body.product;
    assert.ok(product.variants.every((v) => v.priceKes === 2500));
    assert.equal(product.variants.filter((v) => v.onHand === 4).length, 6, 'the first six kept their stock');

    // Two photos; the second moves up with a plain form button.
    for (const colour of ['#111111', '#eeeeee']) {
      const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: colour } })
        .jpeg()
        .toBuffer();
      const res = await fetch(`${stack.api.url}/v1/owner/catalog/products/${slug}/images`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${token}` },
        body: jpeg,
      });
      assert.equal(res.status, 201);
    }
    await page.reload();
    const ids = () => page.locator('[data-photo]').evaluateAll((els) => els.map((e) => e.getAttribute('data-photo')));
    const before = await ids();
    assert.equal(before.length, 2);
    await page.locator('[data-photo-up="1"]').click();
    await flash(page).filter({ hasText: 'Photo moved up' }).waitFor();
    assert.deepEqual(await ids(), [before[1], before[0]]);
    await page.locator('[data-photo-colour="0"]').selectOption('Colour::White');
    await page.locator('[data-photo-assign="0"]').click();
    await flash(page).filter({ hasText: 'Photo set for Colour White' }).waitFor();
  });

  test('photos reorder by drag with JavaScript (pointer events at 360 px); Up/Down stay for keyboards', async () => {
    const [row] = await sql<{ slug: string }>(
      `SELECT slug FROM products WHERE tenant_id = $1 AND title = 'Matrix Canvas Sneaker'`,
      [tenantId()],
    );
    const slug = row!.slug;
    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#cc2222' } })
      .jpeg()
      .toBuffer();
    const res = await fetch(`${stack.api.url}/v1/owner/catalog/products/${slug}/images`, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${token}` },
      body: jpeg,
    });
    assert.equal(res.status, 201);

    const js = await phonePage(stack.browser);
    try {
      await logIn(js.page, 'owner');
      await js.page.goto(`${stack.web.url}/owner/products/${slug}#photos`);
      await js.page.locator('[data-photos][data-drag-ready]').waitFor();
      const ids = () =>
        js.page.locator('[data-photo]').evaluateAll((els) => els.map((e) => e.getAttribute('data-photo')));
      const before = await ids();
      assert.equal(before.length, 3);
      assert.ok(await js.page.locator('[data-photo-up="2"]').isVisible(), 'the buttons stay');
      // Drag the last photo (the red one) by its handle above the first.
      const handle = js.page.locator('[data-photo-drag="2"]');
      await handle.scrollIntoViewIfNeeded();
      const from = (await handle.boundingBox())!;
      const first = (await js.page.locator('[data-photo]').first().boundingBox())!;
      await js.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await js.page.mouse.down();
      for (let step = 1; step <= 8; step++)
        await js.page.mouse.move(
          from.x + from.width / 2,
          from.y + from.height / 2 + ((first.y + 4 - (from.y + from.height / 2)) * step) / 8,
        );
      assert.equal(await js.page.locator('[data-photo][data-drop-target]').getAttribute('data-photo'), before[0]);
      assert.ok(await fitsPhone(js.page), 'no horizontal scroll while dragging');
      await js.page.mouse.up();
      await flash(js.page).filter({ hasText: 'Photo is now the main photo.' }).waitFor();
      assert.deepEqual(await ids(), [before[2], before[0], before[1]]);
      assert.ok(await fitsPhone(js.page));
      const audits = await sql<{ after: { position: number } }>(
        `SELECT after FROM audit_log WHERE tenant_id = $1 AND action = 'product.image_moved' AND entity_id = $2
          ORDER BY occurred_at DESC LIMIT 1`,
        [tenantId(), slug],
      );
      assert.equal(audits[0]!.after.position, 0, 'audited like a button move');
    } finally {
      await js.context.close();
    }
  });

  test('bulk edit from the product list: prices +10 % with audit rows, stock set; staff get no price controls', async () => {
    await page.goto(`${stack.web.url}/owner/products?q=Matrix Canvas`);
    await page.locator('[data-select]').first().check();
    const slug = (await page.locator('[data-select]').first().getAttribute('value'))!;
    await page.locator('[name="percent"]').fill('10');
    await page.locator('[data-bulk-price]').click();
    await flash(page).filter({ hasText: 'Prices up 10%: 1 product, 12 variants changed' }).waitFor();
    const product = (await call('GET', `/v1/owner/catalog/products/${slug}`, undefined, token)).body.product;
    assert.ok(product.variants.every((v) => v.priceKes === 2750));
    const audits = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'product.price_changed' AND entity_id = ANY($2)`,
      [tenantId(), product.variants.map((v) => v.sku)],
    );
    assert.equal(audits[0]!.n, 12);

    await page.locator('[data-select]').first().check();
    await page.locator('[name="onHand"]').fill('9');
    await page.locator('[data-bulk-stock]').click();
    await flash(page).filter({ hasText: 'Stock set to 9' }).waitFor();
    const after = (await call('GET', `/v1/owner/catalog/products/${slug}`, undefined, token)).body.product;
    assert.ok(after.variants.every((v) => v.onHand === 9));
    assert.ok(await fitsPhone(page));

    const staff = await phonePage(stack.browser, { javaScriptEnabled: false });
    try {
      await logIn(staff.page, 'staff');
      await staff.page.goto(`${stack.web.url}/owner/products`);
      await staff.page.locator('[data-bulk-stock]').waitFor();
      assert.equal(await staff.page.locator('[data-bulk-price]').count(), 0);
      assert.equal(await staff.page.locator('[data-bulk-sale]').count(), 0);
      assert.equal(await staff.page.locator('[data-bulk-archive]').count(), 0);
    } finally {
      await staff.context.close();
    }
  });
});
