// Real Chromium against the real Next server (the one shared production build) and the real
// API, both reading a seeded Postgres: what a shopper on a phone sees.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { usePhones, useStack } from '../helpers/stack.ts';

const stack = useStack();
// A cheap Android phone's screen.
const phones = usePhones(stack, { phone: {} });

describe('storefront in a real browser', () => {
  test('every demo store reaches all its products from /s/<slug> through its categories, server-rendered', async () => {
    // The home page shows the owner's sections (store identity); every product is one category
    // page (and its next pages) away, all in the server HTML.
    for (const store of stack.db.seed!.stores) {
      const products = new Set<string>();
      const seen = new Set<string>();
      const queue = [`/s/${store.slug}`];
      while (queue.length > 0 && seen.size < 300) {
        const path = queue.shift()!;
        if (seen.has(path)) continue;
        seen.add(path);
        const res = await fetch(`${stack.web.url}${path}`);
        assert.equal(res.status, 200, path);
        const html = (await res.text()).replaceAll('&amp;', '&');
        for (const link of html.match(new RegExp(`/s/${store.slug}/products/[a-z0-9-]+`, 'g')) ?? [])
          products.add(link);
        // Category pages and their "next page" links (a cursor); filters and sorts are not followed.
        for (const link of html.match(new RegExp(`/s/${store.slug}/c/[a-z0-9-]+(?:\\?[^"'\\s<>]*)?`, 'g')) ?? []) {
          const url = new URL(link, stack.web.url);
          if ([...url.searchParams.keys()].every((k) => k === 'cursor' || k === 'page'))
            if (!seen.has(link)) queue.push(link);
        }
      }
      assert.equal(products.size, store.products, `${store.slug}: a link per product in the server HTML`);
    }
  });

  test('a shopper opens a store, sees prices in KES with images, and opens a product', async () => {
    const page = await phones.phone.newPage();
    const response = await page.goto(`${stack.web.url}/s/nairobi-gadgets`);
    assert.equal(response?.status(), 200);
    const cards = page.locator('a[href^="/s/nairobi-gadgets/products/"]');
    assert.ok((await cards.count()) >= 4, 'the home sections show products');
    const bodyText = await page.locator('body').innerText();
    assert.match(bodyText, /KES [\d,]+/);
    assert.match(bodyText, /Nairobi Gadgets/i);

    const firstImage = page.locator('img').first();
    await firstImage.waitFor();
    const loaded = await firstImage.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
    assert.ok(loaded > 0, 'product image actually loads through the web origin');
    assert.ok(await firstImage.getAttribute('width'), 'image space reserved (width attribute)');

    const href = await cards.first().getAttribute('href');
    await cards.first().click();
    await page.waitForURL(`**${href}`);
    const product = await page.locator('main').innerText();
    assert.match(product, /KES [\d,]+/);
    assert.match(product, /VAT/);
    const apiProduct = (await (
      await fetch(`${stack.api.url}/v1/stores/nairobi-gadgets/products/${href!.split('/').pop()}`)
    ).json()) as { product: { title: string } };
    assert.ok(product.includes(apiProduct.product.title), 'the page shows the product the API has');
    await page.close();
  });

  test('host form <slug>.localhost serves the same store, with host-form links', async () => {
    const page = await phones.phone.newPage();
    const response = await page.goto(`http://saa-bora.localhost:${stack.web.port}/`);
    assert.equal(response?.status(), 200);
    assert.match(await page.locator('body').innerText(), /Saa Bora/);
    const links = page.locator('a[href^="/products/"]');
    assert.ok((await links.count()) >= 4, 'links stay in host form');
    const productResponse = await page.goto(
      `http://saa-bora.localhost:${stack.web.port}${await links.first().getAttribute('href')}`,
    );
    assert.equal(productResponse?.status(), 200);
    await page.close();
  });

  test('an unknown store is a 404 page, not a 500', async () => {
    const page = await phones.phone.newPage();
    for (const url of [
      `${stack.web.url}/s/no-such-store`,
      `http://no-such-store.localhost:${stack.web.port}/`,
      `${stack.web.url}/s/saa-bora/products/no-such-product`,
    ]) {
      const response = await page.goto(url);
      assert.equal(response?.status(), 404, url);
      await page.waitForFunction(() => /not|exist|find/i.test(document.body.innerText), undefined, { timeout: 10_000 });
    }
    await page.close();
  });

  /** What the layout-shift probe keeps on the page's window. */
  type ClsWindow = Window & { __cls: number; __clsObserver: PerformanceObserver };
  /** A layout-shift entry (not in TypeScript's DOM library). */
  type LayoutShift = PerformanceEntry & { hadRecentInput: boolean; value: number };

  test('no layout shift while the store home loads', async () => {
    const page = await phones.phone.newPage();
    // (No named functions in page scripts: the test runner's transform would wrap them in a
    // helper the page does not have.)
    await page.addInitScript(() => {
      const w = window as unknown as ClsWindow;
      w.__cls = 0;
      w.__clsObserver = new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as LayoutShift[]) if (!entry.hadRecentInput) w.__cls += entry.value;
      });
      w.__clsObserver.observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${stack.web.url}/s/mtindo-fashion`, { waitUntil: 'load' });
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    // What the scroll brought into view has loaded (lazy images are what could shift the
    // layout), and a frame has been drawn with it.
    await page.waitForFunction(() =>
      Array.from(document.images)
        .filter((img) => {
          const r = img.getBoundingClientRect();
          return r.bottom > 0 && r.top < window.innerHeight;
        })
        .every((img) => img.complete),
    );
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const cls = await page.evaluate(() => {
      // Shifts recorded but not yet handed to the observer's callback count too.
      const w = window as unknown as ClsWindow;
      for (const entry of w.__clsObserver.takeRecords() as LayoutShift[])
        if (!entry.hadRecentInput) w.__cls += entry.value;
      return w.__cls;
    });
    assert.ok(cls < 0.05, `cumulative layout shift ${cls}`);
    await page.close();
  });

  test("choosing a colour shows that colour's photo (the owner set one per colour), without moving the page", async () => {
    const store = 'mtindo-fashion';
    const call = jsonCaller<{ product: { slug: string }; images: { id: string; skus: string[] }[] }>(
      () => stack.api.url,
      '198.20',
    );
    const token = (await demoLogin(call, store, 'owner')).accessToken;
    const made = await call(
      'POST',
      '/v1/owner/catalog/products/matrix',
      {
        title: 'Photo Colour Tote',
        priceKes: 1500,
        stock: 5,
        options: [
          { name: 'Size', values: ['M', 'L'] },
          { name: 'Colour', values: ['Black', 'White', 'Red'] },
        ],
      },
      token,
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const slug = made.body.product.slug;
    for (const colour of ['#111111', '#eeeeee', '#cc2222']) {
      const jpeg = await sharp({ create: { width: 400, height: 400, channels: 3, background: colour } })
        .jpeg()
        .toBuffer();
      const res = await fetch(`${stack.api.url}/v1/owner/catalog/products/${slug}/images`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${token}` },
        body: jpeg,
      });
      assert.equal(res.status, 201, await res.text());
    }
    const images = (await call('GET', `/v1/owner/catalog/products/${slug}/images`, undefined, token)).body.images;
    assert.equal(images.length, 3);
    for (const [i, value] of ['Black', 'White', 'Red'].entries()) {
      const set = await call(
        'POST',
        `/v1/owner/catalog/products/${slug}/images/${images[i]!.id}/variants`,
        { option: 'Colour', value },
        token,
      );
      assert.equal(set.status, 200, JSON.stringify(set.body));
    }
    const api = (await (await fetch(`${stack.api.url}/v1/stores/${store}/products/${slug}`)).json()) as {
      product: { variants: { options: Record<string, string>; photo?: number | null }[] };
    };
    assert.deepEqual(
      api.product.variants.filter((v) => v.options.Size === 'M').map((v) => [v.options.Colour, v.photo]),
      [
        ['Black', 1],
        ['White', 2],
        ['Red', 3],
      ],
      'each variant names its photo',
    );

    const page = await phones.phone.newPage();
    await page.goto(`${stack.web.url}/s/${store}/products/${slug}`);
    // Which photo the strip shows: the slide whose left edge is where the strip is scrolled to.
    const showing = (photo: number) =>
      page.waitForFunction((n) => {
        const track = document.querySelector('.gallery__track')!;
        const slides = Array.from(track.children) as HTMLElement[];
        // No inner named functions: tsx would wrap them in a helper the page does not have.
        const away = slides.map((s) => Math.abs(s.offsetLeft - slides[0]!.offsetLeft - track.scrollLeft));
        return away.indexOf(Math.min(...away)) + 1 === n;
      }, photo);
    await showing(1);
    await page.locator('.chip', { hasText: 'Red' }).scrollIntoViewIfNeeded(); // the click's own scroll, first
    const pageY = await page.evaluate(() => window.scrollY);
    await page.locator('.chip', { hasText: 'Red' }).click();
    await showing(3);
    await page.locator('.chip', { hasText: 'White' }).click();
    await showing(2);
    assert.equal(await page.evaluate(() => window.scrollY), pageY, 'the page itself did not move');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360);
    await page.close();
  });
});
