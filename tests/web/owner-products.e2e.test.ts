// The owner dashboard's product tools on a cheap phone (360x740), in real Chromium against the
// production Next build, the real API on a seeded Postgres and Redis: a product added from an
// insight link (?title=) with a Colour option becomes two variants with the typed price and
// stock, in the API and on the storefront; refused input comes back next to its fields with what
// was typed, and writes nothing; a CSV import reports its counts and the bad line; a sale started
// here is the storefront's price; staff see none of it and forced posts are refused in words; a
// new colour added to a product from its page is a variant row and a choice in the shop.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { OwnerProduct, ProductDetail } from '@sokoni/contracts';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { rowsQuery } from '../helpers/database.ts';
import { forcePost, ownerLogIn, phonePage } from '../helpers/browser.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { useStack } from '../helpers/stack.ts';

const STORE = 'nairobi-gadgets';

const stack = useStack();

const sql = rowsQuery(() => stack.db.ownerUrl);
const tenantId = () => stack.db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;
const call = jsonCaller(() => stack.api.url, '198.18');
const kes = (n: number) => `KES ${n.toLocaleString('en-KE')}`;
const productCount = async () =>
  (await sql<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE tenant_id = $1', [tenantId()]))[0]!.n;

const newPage = () => phonePage(stack.browser);

const logIn = (page: Page, role: 'owner' | 'admin' | 'staff') =>
  ownerLogIn(
    page,
    stack.web.url,
    { store: STORE, login: `${role}@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
    true,
  );

const flash = (page: Page) => page.locator('[data-flash]');
const fitsPhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/**
 * Fills the new-product form's fields by name (inputs, the description) and taps Add product.
 * `noValidate` turns the browser's own checks off, so what is refused is the server's refusal.
 */
async function submitNewProduct(
  form: Locator,
  fields: Record<string, string>,
  options: { noValidate?: boolean } = {},
): Promise<void> {
  if (options.noValidate)
    await form.evaluate((f) => {
      (f as HTMLFormElement).noValidate = true;
    });
  for (const [name, value] of Object.entries(fields)) await form.locator(`[name="${name}"]`).fill(value);
  await form.locator('[data-add-product]').click();
}

describe('owner dashboard: adding, importing, putting on sale', () => {
  let owner: { accessToken: string };
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    owner = await demoLogin(call, STORE, 'owner');
    ({ context, page } = await newPage());
    await logIn(page, 'owner');
  });
  after(async () => {
    await context?.close();
  });

  test('add a product with a Colour option from an insight link: two variants with the price and stock, on the storefront', async () => {
    await page.goto(`${stack.web.url}/owner/products`);
    await page.locator('[data-import-link]').waitFor();
    await page.locator('[data-add-product-link]').click();
    await page.waitForURL('**/owner/products/new');
    assert.ok(await fitsPhone(page), 'no horizontal scroll at 360 px');

    // Where an insight card ("shoppers searched for airpods") sends the owner.
    await page.goto(`${stack.web.url}/owner/products/new?title=airpods`);
    const form = page.locator('form[data-new-product]');
    assert.equal(await form.locator('input[name="title"]').inputValue(), 'airpods', 'the search term is the title');
    assert.ok(await fitsPhone(page), 'no horizontal scroll at 360 px');
    const categories = await form
      .locator('select[name="category"] option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    assert.ok(categories.includes('audio'), JSON.stringify(categories));

    await form.locator('select[name="category"]').selectOption('audio');
    await submitNewProduct(form, {
      title: 'AirPods 4 Wireless Earbuds',
      priceKes: '18,499',
      stock: '4',
      optionName: 'Colour',
      optionValues: 'Black, Blue',
      brand: 'Apple',
      description: 'Open-fit earbuds with USB-C case.',
    });

    await page.waitForURL(/\/owner\/products\/[a-z0-9-]+\?f=/);
    const slug = new URL(page.url()).pathname.split('/').pop()!;
    assert.equal(slug, 'airpods-4-wireless-earbuds');
    await flash(page).filter({ hasText: 'Product added' }).waitFor();
    assert.equal(await page.locator('h1').innerText(), 'AirPods 4 Wireless Earbuds');
    assert.equal(await page.locator('[data-variant]').count(), 2);
    assert.ok(await fitsPhone(page), 'the product page fits 360 px');

    const { status, body } = await call<{ product: OwnerProduct }>(
      'GET',
      `/v1/owner/catalog/products/${slug}`,
      undefined,
      owner.accessToken,
    );
    assert.equal(status, 200, JSON.stringify(body));
    const product = body.product;
    assert.deepEqual(
      {
        title: product.title,
        brand: product.brand,
        category: product.categorySlug,
        status: product.status,
        optionNames: product.optionNames,
      },
      {
        title: 'AirPods 4 Wireless Earbuds',
        brand: 'Apple',
        category: 'audio',
        status: 'active',
        optionNames: ['Colour'],
      },
    );
    assert.deepEqual(
      product.variants.map((v) => ({ sku: v.sku, options: v.options, priceKes: v.priceKes, onHand: v.onHand })),
      [
        { sku: 'AIRPODS-4-WIRELESS-BLACK', options: { Colour: 'Black' }, priceKes: 18499, onHand: 4 },
        { sku: 'AIRPODS-4-WIRELESS-BLUE', options: { Colour: 'Blue' }, priceKes: 18499, onHand: 4 },
      ],
    );
    const moves = await sql(
      `SELECT m.kind, m.quantity FROM inventory_movements m JOIN product_variants v ON v.tenant_id = m.tenant_id AND v.id = m.variant_id
      WHERE v.tenant_id = $1 AND v.sku LIKE 'AIRPODS-4-WIRELESS-%'`,
      [tenantId()],
    );
    assert.deepEqual(
      moves,
      [
        { kind: 'restock', quantity: 4 },
        { kind: 'restock', quantity: 4 },
      ],
      'opening stock is a restock in the ledger',
    );

    // Shoppers see it.
    const shop = await page.context().newPage();
    const res = await shop.goto(`${stack.web.url}/s/${STORE}/products/${slug}`);
    assert.equal(res!.status(), 200);
    await shop.locator('h1', { hasText: 'AirPods 4 Wireless Earbuds' }).waitFor();
    assert.match(await shop.locator('main').innerText(), new RegExp(kes(18499)));
    await shop.close();
  });

  test('bad input comes back next to its fields with what was typed; nothing is created', async () => {
    const before = await productCount();
    await page.goto(`${stack.web.url}/owner/products/new`);
    const form = page.locator('form[data-new-product]');
    const fields = { title: '', priceKes: 'abc', stock: '2', optionName: 'Size', optionValues: 'S, M' };
    await submitNewProduct(form, { ...fields, description: 'Kept, every word.' }, { noValidate: true });
    await page.waitForURL(/\/owner\/products\/new\?d=/);

    const fieldError = (name: string) => page.locator(`label:has([name="${name}"]) [data-error-for="${name}"]`);
    await fieldError('title').waitFor();
    await fieldError('priceKes').waitFor();
    assert.match(await fieldError('priceKes').innerText(), /Whole shillings/);
    assert.equal(await page.locator('[data-error-for]').count(), 2, 'only the two wrong fields are marked');
    assert.equal(await page.locator('input[name="priceKes"]').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('input[name="priceKes"]').inputValue(), 'abc');
    assert.equal(await page.locator('input[name="stock"]').inputValue(), '2');
    assert.equal(await page.locator('input[name="optionName"]').inputValue(), 'Size');
    assert.equal(await page.locator('input[name="optionValues"]').inputValue(), 'S, M');
    assert.equal(await page.locator('textarea[name="description"]').inputValue(), 'Kept, every word.');
    assert.ok(await fitsPhone(page), 'errors fit 360 px');

    // A price of 0, then a SKU the store already uses (the API's refusal, put next to the SKU).
    await submitNewProduct(form, { title: 'Kept Title Cable', priceKes: '0' }, { noValidate: true });
    await page.waitForURL(/\/owner\/products\/new\?d=/);
    await fieldError('priceKes').filter({ hasText: 'at least KES 1' }).waitFor();
    assert.equal(await page.locator('input[name="title"]').inputValue(), 'Kept Title Cable');
    assert.equal(await page.locator('[data-error-for="title"]').count(), 0);

    const [taken] = await sql<{ sku: string }>(
      'SELECT sku FROM product_variants WHERE tenant_id = $1 ORDER BY sku LIMIT 1',
      [tenantId()],
    );
    await form.locator('details summary', { hasText: 'SKU' }).click();
    const sku = taken!.sku;
    await submitNewProduct(form, { priceKes: '500', optionName: '', optionValues: '', sku }, { noValidate: true });
    await page.waitForURL(/\/owner\/products\/new\?d=/);
    await fieldError('sku').filter({ hasText: 'already used' }).waitFor();
    assert.equal(await page.locator('input[name="sku"]').inputValue(), taken!.sku);

    assert.equal(await productCount(), before, 'nothing was created');
    assert.equal(
      (await sql('SELECT 1 FROM products WHERE tenant_id = $1 AND title = $2', [tenantId(), 'Kept Title Cable']))
        .length,
      0,
    );
  });

  test('CSV import: the counts and the bad line; the catalog downloads as the template; a big file is refused', async () => {
    await page.goto(`${stack.web.url}/owner/products`);
    await page.locator('[data-import-link]').click();
    await page.waitForURL('**/owner/products/import');
    assert.ok(await fitsPhone(page), 'the import page fits 360 px');
    assert.equal(await page.locator('input[type="file"][name="file"]').getAttribute('accept'), '.csv,text/csv');

    const csv = [
      'product_slug,title,category,option1_name,option1_value,sku,price_kes,stock',
      'kikoi-beach-towel,Kikoi Beach Towel,accessories,Colour,Red,CSV-KIKOI-RED,1500,3',
      'kikoi-beach-towel,Kikoi Beach Towel,accessories,Colour,Green,CSV-KIKOI-GREEN,1500,2',
      'broken-row,Broken Row,,,,CSV-BROKEN-1,fifteen hundred,1',
    ].join('\n');
    await page
      .locator('input[name="file"]')
      .setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('[data-import]').click();
    await page.waitForURL(/\/owner\/products\/import\?r=/);
    const result = page.locator('[data-import-result]');
    await result.waitFor();
    assert.match(await result.locator('[data-count="productsCreated"]').innerText(), /^1 new product$/);
    assert.match(await result.locator('[data-count="variantsCreated"]').innerText(), /^2 new variants$/);
    const bad = result.locator('[data-bad-line]');
    assert.equal(await bad.count(), 1);
    assert.equal(await bad.getAttribute('data-bad-line'), '4');
    assert.match(await bad.innerText(), /Line 4[\s\S]*price_kes[\s\S]*whole number/);
    assert.ok(await fitsPhone(page), 'the report fits 360 px');
    const imported = await call<{ product: OwnerProduct }>(
      'GET',
      '/v1/owner/catalog/products/kikoi-beach-towel',
      undefined,
      owner.accessToken,
    );
    assert.deepEqual(
      imported.body.product.variants.map((v) => [v.sku, v.onHand]),
      [
        ['CSV-KIKOI-RED', 3],
        ['CSV-KIKOI-GREEN', 2],
      ],
    );
    assert.equal(
      (await call('GET', '/v1/owner/catalog/products/broken-row', undefined, owner.accessToken)).status,
      404,
    );

    // The owner's catalog, as the template: a download through the dashboard's session.
    const download = await page.request.get(`${stack.web.url}/owner/products/export.csv`);
    assert.equal(download.status(), 200);
    assert.match(download.headers()['content-type']!, /^text\/csv/);
    assert.match(download.headers()['content-disposition']!, /^attachment; filename="nairobi-gadgets-products-/);
    const exported = await download.text();
    assert.match(exported, /^product_slug,title,brand,category/);
    assert.match(exported, /CSV-KIKOI-GREEN/);

    // Over 2 MB: refused before the API sees it.
    await page
      .locator('input[name="file"]')
      .setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(2 * 1024 * 1024 + 10, 'a') });
    await page.locator('[data-import]').click();
    await flash(page).filter({ hasText: 'too big: up to 2 MB' }).waitFor();
  });

  test('put a product on sale for 7 days: the storefront sells at the sale price, the page says so', async () => {
    // A seeded product with two variants and no sale yet, that no storefront page has shown in
    // this run (the web keeps product data 30 s; without the worker nothing revalidates it).
    const [target] = await sql<{ slug: string; low: number }>(
      `SELECT p.slug, min(v.price_kes)::int AS low FROM products p JOIN product_variants v ON v.tenant_id = p.tenant_id AND v.product_id = p.id
      WHERE p.tenant_id = $1 AND p.status = 'active' AND v.status = 'active' AND p.slug NOT IN ('airpods-4-wireless-earbuds', 'kikoi-beach-towel')
        AND NOT EXISTS (SELECT 1 FROM price_rules r JOIN product_variants w ON w.id = r.variant_id WHERE w.product_id = p.id)
      GROUP BY p.slug HAVING count(*) = 2 ORDER BY p.slug LIMIT 1`,
      [tenantId()],
    );
    assert.ok(target, 'a two-variant product');
    const sale = Math.floor(target.low * 0.8);

    // As the slow-movers insight card links to it: the suggested price is filled in.
    await page.goto(`${stack.web.url}/owner/products/${target.slug}?salePriceKes=${sale}#sale`);
    const form = page.locator('#sale form[data-sale-form]');
    assert.equal(await form.locator('select[name="sku"]').inputValue(), 'all');
    assert.equal(await form.locator('select[name="days"]').inputValue(), '7');
    assert.equal(await form.locator('input[name="salePriceKes"]').inputValue(), String(sale));
    await form.locator('[data-start-sale]').click();
    await flash(page)
      .filter({ hasText: `On sale at ${kes(sale)} until` })
      .waitFor();
    assert.equal(await page.locator('#sale [data-on-sale] [data-sale]').count(), 2, 'both variants show as on sale');
    const [rule] = await sql<{ sale_price_kes: number; hours: number }>(
      `SELECT r.sale_price_kes, round(extract(epoch FROM r.ends_at - r.starts_at) / 3600)::int AS hours FROM price_rules r
      JOIN product_variants v ON v.id = r.variant_id JOIN products p ON p.id = v.product_id WHERE p.tenant_id = $1 AND p.slug = $2 LIMIT 1`,
      [tenantId(), target.slug],
    );
    assert.deepEqual(rule, { sale_price_kes: sale, hours: 7 * 24 });

    const storefront = await call<{ product: ProductDetail }>('GET', `/v1/stores/${STORE}/products/${target.slug}`);
    assert.deepEqual(
      storefront.body.product.variants.map((v) => v.priceKes),
      [sale, sale],
    );
    const shop = await page.context().newPage();
    await shop.goto(`${stack.web.url}/s/${STORE}/products/${target.slug}`);
    assert.match(await shop.locator('main').innerText(), new RegExp(kes(sale)));
    await shop.close();

    // A second sale over the same days is refused in words.
    await form.locator('input[name="salePriceKes"]').fill(String(sale - 1));
    await form.locator('[data-start-sale]').click();
    await flash(page).filter({ hasText: 'A sale already runs' }).waitFor();
  });
});

describe('staff', () => {
  test('no Add, Import or sale form; forced posts get a clear refusal and change nothing', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'staff');
    await page.goto(`${stack.web.url}/owner/products`);
    await page.locator('[data-products]').waitFor();
    assert.equal(await page.locator('[data-add-product-link], [data-import-link]').count(), 0);

    await page.goto(`${stack.web.url}/owner/products/new?title=airpods`);
    await page.locator('[data-refused]').waitFor();
    assert.equal(await page.locator('form[data-new-product]').count(), 0);
    const before = await productCount();
    await forcePost(page, '/owner/products/new/create', { title: 'Staff Forced Product', priceKes: '999', stock: '1' });
    await page.waitForURL(/\/owner\/products\/new\?d=/);
    await page.locator('[data-refused]', { hasText: 'Your role (staff) may not do this' }).waitFor();
    assert.equal(await productCount(), before, 'nothing was created');

    await page.goto(`${stack.web.url}/owner/products/import`);
    await page.locator('[data-refused]').waitFor();
    assert.equal(await page.locator('input[type="file"]').count(), 0);

    const [variant] = await sql<{ sku: string; slug: string }>(
      `SELECT v.sku, p.slug FROM product_variants v JOIN products p ON p.id = v.product_id
      WHERE v.tenant_id = $1 AND p.status = 'active' AND NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.variant_id = v.id) ORDER BY p.slug DESC LIMIT 1`,
      [tenantId()],
    );
    await page.goto(`${stack.web.url}/owner/products/${variant!.slug}#sale`);
    await page.locator('#sale [data-sale-not-allowed]').waitFor();
    assert.equal(await page.locator('[data-sale-form]').count(), 0);
    await forcePost(page, `/owner/products/${variant!.slug}/sale`, { sku: variant!.sku, salePriceKes: '1', days: '7' });
    await page.waitForURL(/\?f=/);
    await flash(page).filter({ hasText: 'Your role (staff) may not do this' }).waitFor();
    assert.equal(
      (
        await sql(
          'SELECT 1 FROM price_rules r JOIN product_variants v ON v.id = r.variant_id WHERE v.tenant_id = $1 AND v.sku = $2',
          [tenantId(), variant!.sku],
        )
      ).length,
      0,
    );
    await context.close();
  });
});

describe('adding a variant', () => {
  test('the owner adds a new colour to a seeded product from its page: the flash, the row, the storefront offers it', async () => {
    // A seeded Colour product no storefront page has shown in this run (product data is kept 30 s).
    const SLUG = 'jbl-go-3';
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    await page.goto(`${stack.web.url}/owner/products/${SLUG}#add-variant`);
    const form = page.locator('#add-variant form[data-add-variant-form]');
    await form.waitFor();
    const rows = page.locator('#stock [data-variant]');
    const before = await rows.count();
    assert.equal(before, 3);
    assert.deepEqual(
      await form.locator('datalist option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value)),
      ['Black', 'Blue', 'Pink'],
      'the colours it has are offered',
    );
    assert.equal(
      await form.locator('input[name="option0"]').getAttribute('list'),
      await form.locator('datalist').getAttribute('id'),
    );
    assert.equal(await form.locator('input[name="priceKes"]').inputValue(), '5499', "the first variant's price");
    assert.ok(await fitsPhone(page), 'the form fits 360 px');

    await form.locator('input[name="option0"]').fill('Green');
    await form.locator('input[name="stock"]').fill('6');
    await form.locator('[data-add-variant]').click();
    await page.waitForURL(new RegExp(`/owner/products/${SLUG}\\?f=`));
    await flash(page).filter({ hasText: 'Variant added' }).waitFor();
    const sku = 'JBL-GO-3-MINI-SPEAKER-GREEN';
    const row = page.locator(`#stock [data-variant="${sku}"]`);
    await row.waitFor();
    assert.equal(await rows.count(), before + 1);
    assert.match(await row.innerText(), /Green/);
    assert.equal(await row.locator('[data-stock]').innerText(), '6');
    assert.equal(await row.locator('[data-price]').innerText(), kes(5499));
    assert.ok(await fitsPhone(page), 'the page with the new row fits 360 px');
    const moves = await sql(
      `SELECT m.kind, m.quantity FROM inventory_movements m JOIN product_variants v ON v.tenant_id = m.tenant_id AND v.id = m.variant_id
      WHERE v.tenant_id = $1 AND v.sku = $2`,
      [tenantId(), sku],
    );
    assert.deepEqual(moves, [{ kind: 'restock', quantity: 6 }], 'opening stock is a restock in the ledger');

    // The same colour again (other case): the API's reason, nothing added.
    await form.locator('input[name="option0"]').fill('green');
    await form.locator('[data-add-variant]').click();
    await flash(page).filter({ hasText: 'already has Colour: Green' }).waitFor();
    assert.equal(await rows.count(), before + 1);

    // Shoppers are offered the new colour.
    const shop = await context.newPage();
    const res = await shop.goto(`${stack.web.url}/s/${STORE}/products/${SLUG}`);
    assert.equal(res!.status(), 200);
    const chips = await shop
      .locator('.variant-chips input[type="radio"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    assert.deepEqual(chips, ['Black', 'Blue', 'Pink', 'Green']);
    assert.equal(
      await shop.locator(`form.nojs-add select[name="sku"] option[value="${sku}"]`).count(),
      1,
      'and without JavaScript too',
    );
    await context.close();
  });
});
