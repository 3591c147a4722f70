// The owner's phone (issue 14) in real Chromium at 360 px against the production Next build and
// the real API: the dashboard is an installable app (a valid manifest with PNG icons, linked from
// owner pages only), its service worker registers for /owner and shows the cached "You're
// offline" page when the network is gone, and /owner/settings/alerts saves the kind x channel
// toggles, the phone and quiet hours, refusing bad input in words. Storefront pages get none of it.
import assert from 'node:assert/strict';
import { createECDH } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { PHONE, ownerLogIn } from '../helpers/browser.ts';
import { rowsQuery } from '../helpers/database.ts';
import { useStack } from '../helpers/stack.ts';

const STORE = 'nairobi-gadgets';
const vapid = createECDH('prime256v1');
vapid.generateKeys();
const stack = useStack({
  env: {
    VAPID_PUBLIC_KEY: vapid.getPublicKey().toString('base64url'),
    VAPID_PRIVATE_KEY: vapid.getPrivateKey().toString('base64url'),
  },
});
const sql = rowsQuery(() => stack.db.ownerUrl);

const logIn = (page: Page) =>
  ownerLogIn(page, stack.web.url, { store: STORE, login: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD }, true);
const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('owner PWA and alert settings', () => {
  test('installable: the manifest is valid, its icons are real PNGs, and only owner pages link it', async () => {
    const context = await stack.browser.newContext(PHONE);
    const page = await context.newPage();
    await logIn(page);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    assert.equal(href, '/owner/manifest.webmanifest');
    const res = await page.request.get(`${stack.web.url}${href}`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /application\/manifest\+json/);
    const manifest = (await res.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      scope: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    assert.equal(manifest.start_url, '/owner');
    assert.equal(manifest.scope, '/owner');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.name && manifest.short_name.length <= 12);
    for (const size of [192, 512]) {
      const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose === 'any');
      assert.ok(icon, `a ${size} px icon`);
      const png = await page.request.get(`${stack.web.url}${icon.src}`);
      assert.equal(png.status(), 200);
      assert.equal(png.headers()['content-type'], 'image/png');
      assert.deepEqual(pngSize(await png.body()), { width: size, height: size });
    }
    assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));

    // The storefront: no manifest, no service worker, no script for either.
    const storefront = await (await fetch(`${stack.web.url}/s/${STORE}`)).text();
    assert.ok(storefront.includes('</html>'));
    assert.doesNotMatch(storefront, /manifest\.webmanifest|sw\.js|serviceWorker/);
    await context.close();
  });

  test('the service worker registers for /owner and shows the offline page when the network is gone', async () => {
    const context = await stack.browser.newContext(PHONE);
    const page = await context.newPage();
    await logIn(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, `${stack.web.url}/owner`);
    const sw = await page.request.get(`${stack.web.url}/owner/sw.js`);
    assert.equal(sw.headers()['service-worker-allowed'], '/owner');
    // Controlled from the next navigation on.
    await page.goto(`${stack.web.url}/owner/orders`);
    assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the page is controlled');

    await context.setOffline(true);
    await page.goto(`${stack.web.url}/owner/orders`);
    await page.locator('[data-offline]').waitFor();
    assert.match(await page.locator('h1').innerText(), /You.re offline/);
    assert.ok(await fits(page), 'no sideways scrolling at 360 px');
    await context.setOffline(false);
    await page.locator('a', { hasText: 'Try again' }).click();
    await page.waitForURL((url) => url.pathname === '/owner');
    assert.equal(await page.locator('[data-offline]').count(), 0);

    // A storefront page in the same browser is not under the worker.
    await page.goto(`${stack.web.url}/s/${STORE}`);
    assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), false);
    await context.close();
  });

  test('alert settings: bad phone and hours refused in words, then saved and shown again', async () => {
    const context = await stack.browser.newContext(PHONE);
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${stack.web.url}/owner/settings`);
    await page.locator('[data-alerts-link]').click();
    await page.locator('[data-alert-settings]').waitFor();
    assert.ok(await fits(page), 'no sideways scrolling at 360 px');
    assert.equal(await page.locator('[data-alert-matrix] tbody tr').count(), 4, 'the owner handles all four kinds');
    assert.equal(await page.locator('[data-push-on]').count(), 1, 'push offered (VAPID set)');

    await page.locator('[data-alert-phone]').fill('12345');
    await page.locator('[data-save-alerts]').click();
    await page.locator('.o-flash', { hasText: 'Kenyan mobile number' }).waitFor();

    await page.locator('[data-alert-phone]').fill('');
    await page.locator('[data-quiet-start]').fill('25:00');
    await page.locator('[data-quiet-end]').fill('07:00');
    await page.locator('[data-save-alerts]').click();
    await page.locator('.o-flash', { hasText: 'HH:MM' }).waitFor();

    await page.locator('[data-quiet-start]').fill('22:00');
    await page.locator('[data-quiet-end]').fill('');
    await page.locator('[data-save-alerts]').click();
    await page.locator('.o-flash', { hasText: 'both a start and an end' }).waitFor();

    await page.locator('[data-alert-phone]').fill('0712 000 222');
    await page.locator('[data-quiet-start]').fill('22:00');
    await page.locator('[data-quiet-end]').fill('06:30');
    await page.getByLabel('Low stock by SMS').check();
    await page.getByLabel('New paid order by WhatsApp').check();
    await page.locator('[data-save-alerts]').click();
    await page.locator('.o-flash', { hasText: 'Alert settings saved' }).waitFor();

    assert.equal(await page.locator('[data-alert-phone]').inputValue(), '0712 000 222');
    assert.equal(await page.locator('[data-quiet-start]').inputValue(), '22:00');
    assert.equal(await page.locator('[data-quiet-end]').inputValue(), '06:30');
    assert.ok(await page.getByLabel('Low stock by SMS').isChecked());
    const [saved] = await sql<{ phone: string; quiet_start_min: number; quiet_end_min: number }>(
      `SELECT r.phone, r.quiet_start_min, r.quiet_end_min FROM alert_recipients r JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id
        WHERE u.email = $1`,
      [`owner@${STORE}.sokoni.test`],
    );
    assert.deepEqual(saved, { phone: '254712000222', quiet_start_min: 22 * 60, quiet_end_min: 6 * 60 + 30 });
    const prefs = await sql<{ kind: string; channel: string; enabled: boolean }>(
      `SELECT p.kind, p.channel, p.enabled FROM alert_preferences p JOIN users u ON u.tenant_id = p.tenant_id AND u.id = p.user_id
        WHERE u.email = $1 AND p.enabled AND p.channel IN ('sms', 'whatsapp') ORDER BY p.kind, p.channel`,
      [`owner@${STORE}.sokoni.test`],
    );
    assert.ok(prefs.some((p) => p.kind === 'low_stock' && p.channel === 'sms'));
    assert.ok(prefs.some((p) => p.kind === 'order_paid' && p.channel === 'whatsapp'));
    await context.close();
  });

  test('staff see only the kinds their role handles', async () => {
    const context = await stack.browser.newContext(PHONE);
    const page = await context.newPage();
    await ownerLogIn(
      page,
      stack.web.url,
      { store: STORE, login: `staff@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
      true,
    );
    await page.goto(`${stack.web.url}/owner/settings/alerts`);
    const rows = await page.locator('[data-alert-matrix] tbody th').allInnerTexts();
    assert.deepEqual(
      rows.map((r) => r.trim()),
      ['New paid order', 'Low stock'],
    );
    assert.equal(await page.locator('input[name="lowStockThreshold"]').count(), 0);
    await context.close();
  });
});
