// Exports for the accountant on a cheap phone (360x740), real Chromium against the production
// Next build, the real API and worker: the owner finds Exports under Settings, downloads March's
// orders directly (a CSV with a BOM), is told which field is wrong for a backwards range, runs the
// same export in the background and watches it finish (the page refreshes itself), downloads it
// from its link, and the link answers 410 in words once expired. Staff are refused.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { Download, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { PHONE, ownerLogIn } from '../helpers/browser.ts';
import { rowsQuery } from '../helpers/database.ts';
import { useStack } from '../helpers/stack.ts';

const STORE = 'saa-bora';
const stack = useStack({ sandbox: true });
const sql = rowsQuery(() => stack.db.ownerUrl);

const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const logIn = (page: Page, role: 'owner' | 'staff') =>
  ownerLogIn(
    page,
    stack.web.url,
    { store: STORE, login: `${role}@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
    true,
  );

async function marchOrders() {
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM tenants WHERE slug = $1`, [STORE]);
  for (const n of [1, 2]) {
    await sql(
      `WITH o AS (
         INSERT INTO orders (tenant_id, number, status, phone, customer_name, area_slug, subtotal_kes, delivery_fee_kes, total_kes, vat_kes, idempotency_key, request_hash, created_at)
         VALUES ($1::uuid, 920000 + $2::int, 'paid', '254700000123', 'Wambui ' || $2::int::text, 'kilimani', 900, 100, 1000, 138, 'e2e-exports-' || $2::int::text, 'x', ('2025-03-0' || $2::int::text || 'T12:00:00+03:00')::timestamptz)
         RETURNING id)
       INSERT INTO order_items (tenant_id, order_id, line, variant_id, sku, title, unit_price_kes, quantity, line_total_kes)
       SELECT $1::uuid, o.id, 1, v.id, v.sku, 'Kikoi', 900, 1, 900 FROM o, product_variants v WHERE v.tenant_id = $1::uuid ORDER BY v.sku LIMIT 1`,
      [tenant!.id, n],
    );
  }
}

async function fillForm(page: Page, from: string, to: string) {
  await page.locator('select[name="kind"]').selectOption('orders');
  await page.locator('input[name="from"]').fill(from);
  await page.locator('input[name="to"]').fill(to);
}

async function text(download: Download): Promise<Buffer> {
  return readFile(await download.path());
}

describe('owner exports page', () => {
  test('direct download, a refused range, a background export with its link, expiry', async () => {
    await marchOrders();
    const context = await stack.browser.newContext({ ...PHONE, acceptDownloads: true });
    const page = await context.newPage();
    await logIn(page, 'owner');
    await page.goto(`${stack.web.url}/owner/settings`);
    await page.locator('[data-exports-link]').click();
    await page.waitForURL((url) => url.pathname === '/owner/exports');
    await page.locator('[data-export-form]').waitFor();
    assert.ok(await fits(page), 'no sideways scrolling at 360 px');

    await fillForm(page, '2025-03-01', '2025-03-31');
    const [direct] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export-direct]').click()]);
    assert.match(direct.suggestedFilename(), /^saa-bora-orders-2025-03-01-to-2025-03-31\.csv$/);
    const bytes = await text(direct);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM for Excel');
    const csv = bytes.toString('utf8');
    assert.ok(csv.includes('920001') && csv.includes('920002'), csv.slice(0, 400));
    assert.ok(csv.includes('2025-03-01T12:00:00+03:00'));

    await page.goto(`${stack.web.url}/owner/exports`);
    await fillForm(page, '2025-03-31', '2025-03-01');
    await page.locator('[data-export-direct]').click();
    await page.locator('.o-flash', { hasText: 'to: must be on or after from' }).waitFor();

    await fillForm(page, '2025-03-01', '2025-03-31');
    await page.locator('[data-export-job]').click();
    await page.locator('.o-flash', { hasText: 'Export started' }).waitFor();
    // The page refreshes itself while the export is written; the link shows when it is done.
    const link = page.locator('[data-export-link]').first();
    await link.waitFor({ timeout: 60_000 });
    assert.match(await page.locator('[data-export-text]').first().innerText(), /Ready: 2 rows/);
    assert.ok(await fits(page));
    const href = (await link.getAttribute('href'))!;
    const [background] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.ok((await text(background)).equals(bytes), 'the background file is the same as the direct one');

    await sql(`UPDATE export_jobs SET expires_at = now() - interval '1 minute'`);
    const expired = await page.request.get(`${stack.web.url}${href}`);
    assert.equal(expired.status(), 410);
    assert.match(await expired.text(), /expired on .*Start the export again/);
    await page.reload();
    assert.match(await page.locator('[data-export-text]').first().innerText(), /link has expired/);
    assert.equal(await page.locator('[data-export-link]').count(), 0);
    await context.close();
  });

  test('staff are refused', async () => {
    const context = await stack.browser.newContext(PHONE);
    const page = await context.newPage();
    await logIn(page, 'staff');
    await page.goto(`${stack.web.url}/owner/exports`);
    await page.locator('[data-problem="forbidden"]').waitFor();
    await page.goto(`${stack.web.url}/owner/exports/download?kind=payments&from=2025-03-01&to=2025-03-31`);
    await page.locator('.o-flash--error', { hasText: 'Could not download the export' }).waitFor();
    await context.close();
  });
});
