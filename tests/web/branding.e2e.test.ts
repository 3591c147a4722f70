// Store identity on a cheap phone (360x740), in real Chromium against the production Next build,
// the real API on a seeded Postgres: the owner refuses-then-sets a brand colour (the refusal says
// the measured contrast), a hero, an announcement and home sections in a chosen order, business
// details (a bad KRA PIN is refused naming the field) and a logo; the storefront, never shown
// before in this run, draws all of it without client JavaScript; the demo stores each look like
// themselves; staff see the settings but cannot change them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { rowsQuery } from '../helpers/database.ts';
import { forcePost, ownerLogIn, phonePage } from '../helpers/browser.ts';
import { useStack } from '../helpers/stack.ts';

const STORE = 'mtindo-fashion';
const stack = useStack();
const sql = rowsQuery(() => stack.db.ownerUrl);
const tenantId = () => stack.db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;

const flash = (page: Page) => page.locator('[data-flash]');
const fitsPhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const logIn = (page: Page, role: 'owner' | 'staff') =>
  ownerLogIn(
    page,
    stack.web.url,
    { store: STORE, login: `${role}@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
    true,
  );

describe('store identity: the owner sets the look, the storefront shows it', () => {
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    ({ context, page } = await phonePage(stack.browser));
    await logIn(page, 'owner');
  });
  after(async () => {
    await context?.close();
  });

  test('an unreadable colour is refused with the measured ratio; colour, hero, announcement and sections are saved', async () => {
    await page.goto(`${stack.web.url}/owner/settings`);
    await page.locator('[data-branding-link]').click();
    await page.waitForURL('**/owner/settings/branding');
    assert.ok(await fitsPhone(page), 'branding page fits 360 px');

    const look = page.locator('[data-branding-look] form');
    await look.locator('input[name="brandColor"]').fill('#ffd400');
    await look.locator('[data-save-branding]').click();
    await flash(page)
      .filter({ hasText: /brandColor: white text on #ffd400 has a contrast of 1\.\d\d:1; it needs at least 4\.5:1/ })
      .waitFor();
    const [unchanged] = await sql<{ brand_color: string }>(
      'SELECT brand_color FROM store_identity WHERE tenant_id = $1',
      [tenantId()],
    );
    assert.equal(unchanged!.brand_color, '#9d174d', 'nothing written');

    await look.locator('input[name="brandColor"]').fill('#0f766e');
    await look.locator('input[name="announcement"]').fill('Free delivery in Kilimani today');
    await look.locator('input[name="announcementLink"]').fill('/areas/kilimani');
    await look.locator('input[name="heroHeadline"]').fill('Madaraka Day sale');
    await look.locator('input[name="heroText"]').fill('Kitenge from KES 1,200');
    await look.locator('input[name="heroLink"]').fill('/c/kitenge-ankara');
    await look.locator('input[name="heroLinkLabel"]').fill('Shop kitenge');
    await look.locator('select[name="section1"]').selectOption('shop_by_area');
    await look.locator('input[name="section1Title"]').fill('');
    await look.locator('select[name="section2"]').selectOption('featured_collection');
    await look.locator('select[name="section2Collection"]').selectOption('top-picks');
    await look.locator('input[name="section2Title"]').fill('Hot right now');
    await look.locator('select[name="section3"]').selectOption('new_arrivals');
    await look.locator('input[name="section3Title"]').fill('');
    for (const n of [4, 5, 6, 7, 8]) await look.locator(`select[name="section${n}"]`).selectOption('');
    await look.locator('[data-save-branding]').click();
    await flash(page).filter({ hasText: 'Look saved' }).waitFor();
    assert.equal(await look.locator('input[name="brandColor"]').inputValue(), '#0f766e');
  });

  test('business details: a bad KRA PIN is refused naming the field; good ones are saved', async () => {
    const form = page.locator('[data-business-form] form');
    await form.evaluate((f) => {
      (f as HTMLFormElement).noValidate = true;
    });
    await form.locator('input[name="legalName"]').fill('Mtindo Fashion Enterprises Ltd');
    await form.locator('input[name="kraPin"]').fill('12345');
    await form.locator('textarea[name="physicalAddress"]').fill('2nd floor, Kimathi House, Kimathi Street, Nairobi');
    await form.locator('textarea[name="openingHours"]').fill('Mon–Sat 9:00–19:30\nSun closed');
    await form.locator('[data-save-business]').click();
    await flash(page)
      .filter({ hasText: /kraPin: must be a KRA PIN/ })
      .waitFor();
    const again = page.locator('[data-business-form] form');
    await again.locator('input[name="legalName"]').fill('Mtindo Fashion Enterprises Ltd');
    await again.locator('input[name="kraPin"]').fill('P051234567M');
    await again.locator('textarea[name="physicalAddress"]').fill('2nd floor, Kimathi House, Kimathi Street, Nairobi');
    await again.locator('textarea[name="openingHours"]').fill('Mon–Sat 9:00–19:30\nSun closed');
    await again.locator('[data-save-business]').click();
    await flash(page).filter({ hasText: 'Business details saved' }).waitFor();
  });

  test('a new logo is uploaded from the phone', async () => {
    const png = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#0f766e' } })
      .png()
      .toBuffer();
    const form = page.locator('form[action="/owner/settings/branding/picture/logo"][enctype="multipart/form-data"]');
    await form.locator('input[name="picture"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await form.locator('button[type="submit"]').click();
    await flash(page).filter({ hasText: 'New logo saved' }).waitFor();
    await page.locator('[data-picture="logo"] img').waitFor();
  });

  test('the storefront at 360 px draws the colour, logo, announcement, hero, sections in order and business details, without client JS', async () => {
    const { context: shopper, page: shop } = await phonePage(stack.browser);
    try {
      await shop.goto(`${stack.web.url}/s/${STORE}`);
      assert.ok(await fitsPhone(shop), 'home fits 360 px');
      const header = await shop.locator('.store-header').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(header, 'rgb(15, 118, 110)');
      assert.equal(await shop.locator('[data-brand-color]').getAttribute('data-brand-color'), '#0f766e');
      await shop.locator('[data-store-logo]').waitFor();
      assert.ok(
        (await shop.locator('[data-store-logo]').getAttribute('src'))!.includes(`/brand/logo-`),
        'the uploaded logo',
      );
      assert.equal((await shop.locator('[data-announcement]').innerText()).trim(), 'Free delivery in Kilimani today');
      assert.equal(await shop.locator('[data-announcement] a').getAttribute('href'), `/s/${STORE}/areas/kilimani`);
      assert.equal((await shop.locator('.hero__headline').innerText()).trim(), 'Madaraka Day sale');
      assert.equal(await shop.locator('.hero__cta').getAttribute('href'), `/s/${STORE}/c/kitenge-ankara`);
      const sections = await shop
        .locator('[data-home-section]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-home-section')));
      assert.deepEqual(sections, ['shop_by_area', 'featured_collection', 'new_arrivals']);
      assert.match(
        await shop.locator('[data-home-section="shop_by_area"]').innerText(),
        /We deliver to \w+ (today|within a day|in \d+ days)/,
      );
      assert.match(await shop.locator('[data-home-section="featured_collection"] h2').innerText(), /Hot right now/);
      assert.ok((await shop.locator('[data-home-section="new_arrivals"] .card').count()) > 0);
      assert.equal((await shop.locator('[data-kra-pin]').innerText()).trim(), 'P051234567M');
      assert.match(await shop.locator('[data-business-details]').innerText(), /Mtindo Fashion Enterprises Ltd/);
      assert.equal(await shop.locator('script[src]').count(), 0, 'no framework JavaScript');
      // Every storefront page wears the brand, not only the home page.
      await shop.goto(`${stack.web.url}/s/${STORE}/c/kitenge-ankara`);
      assert.equal(
        await shop.locator('.store-header').evaluate((el) => getComputedStyle(el).backgroundColor),
        'rgb(15, 118, 110)',
      );
      await shop.locator('[data-announcement]').waitFor();
    } finally {
      await shopper.close();
    }
  });

  test('the other demo stores each have their own colour and hero', async () => {
    const { context: shopper, page: shop } = await phonePage(stack.browser);
    try {
      const seen = new Set<string>();
      for (const slug of ['nairobi-gadgets', 'saa-bora', 'nyumba-living']) {
        await shop.goto(`${stack.web.url}/s/${slug}`);
        seen.add(await shop.locator('.store-header').evaluate((el) => getComputedStyle(el).backgroundColor));
        await shop.locator('[data-hero] img').waitFor();
        await shop.locator('[data-store-logo]').waitFor();
        assert.ok((await shop.locator('[data-home-section]').count()) >= 3, slug);
        assert.ok(await fitsPhone(shop), `${slug} fits 360 px`);
      }
      assert.equal(seen.size, 3);
    } finally {
      await shopper.close();
    }
  });

  test('staff see the branding page but cannot change it, even with a forced post', async () => {
    const { context: staffContext, page: staff } = await phonePage(stack.browser);
    try {
      await logIn(staff, 'staff');
      await staff.goto(`${stack.web.url}/owner/settings/branding`);
      assert.notEqual(await staff.locator('[data-branding-look] fieldset').getAttribute('disabled'), null);
      assert.equal(await staff.locator('[data-save-branding]').count(), 0);
      await forcePost(staff, '/owner/settings/branding/look', { brandColor: '#111111', section1: 'best_sellers' });
      await flash(staff).waitFor();
      assert.match(await flash(staff).innerText(), /may not do this/);
      const [row] = await sql<{ brand_color: string }>('SELECT brand_color FROM store_identity WHERE tenant_id = $1', [
        tenantId(),
      ]);
      assert.equal(row!.brand_color, '#0f766e');
    } finally {
      await staffContext.close();
    }
  });
});
