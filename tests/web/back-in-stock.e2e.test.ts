// Back in stock and the owner's return settings on a cheap phone (360x740), in real Chromium
// against the production Next build, the real API and worker, and the sandbox. Without
// JavaScript, a shopper on a product with two sold-out options asks to be told when the green one
// is back: a wrong number is refused in words next to the form (nothing stored), then the request
// is stored with the consent words shown. The owner sees "1 shopper waits" on the product page,
// restocks it there, and the sandbox gets exactly one WhatsApp message (the back_in_stock
// template) for it. The owner sets the return window and policy (a bad window refused in words);
// staff see the same screen read-only.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { rowsQuery } from '../helpers/database.ts';
import { ownerLogIn, PHONE } from '../helpers/browser.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { useStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const PRODUCT = 'samsung-galaxy-a05';
const GREEN = 'SAM-A05-128-GRN';
const SILVER = 'SAM-A05-64-SLV';
const SHOPPER = { typed: '0712 777 310', msisdn: '254712777310' };
const CONSENT = 'Send me one message when this item is back in stock. I can reply STOP at any time.';

const stack = useStack({ sandbox: true, env: { BACK_IN_STOCK_RELAY_MS: '1000' } });
const sql = rowsQuery(() => stack.db.ownerUrl);
const call = jsonCaller(() => stack.api.url, '198.51.108');
const PHONE_NO_JS = { ...PHONE, javaScriptEnabled: false } as const;

const waTo = async (msisdn: string) => {
  const res = await fetch(`${stack.sandbox.url}/__admin/whatsapp/messages?to=${msisdn}`);
  return ((await res.json()) as { messages: { type: string; template?: { name: string } }[] }).messages;
};
const noSidewaysScroll = async (page: Page, what: string) =>
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    `${what}: no sideways scrolling at 360 px`,
  );
const ownerLogin = (page: Page, role: 'owner' | 'staff') =>
  ownerLogIn(
    page,
    stack.web.url,
    { store: STORE, login: `${role}@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
    true,
  );
const requests = () =>
  sql<{ status: string; channel: string; consent_text: string }>(
    `SELECT r.status, r.channel, r.consent_text FROM back_in_stock_requests r JOIN product_variants v ON v.tenant_id = r.tenant_id AND v.id = r.variant_id
      WHERE v.sku = $1 AND r.phone = $2`,
    [GREEN, SHOPPER.msisdn],
  );

describe('back in stock at 360 px', () => {
  test('set-up: two options of the phone sell out (the owner counts them to 0)', async () => {
    const { accessToken } = await demoLogin(call, STORE, 'owner');
    for (const sku of [GREEN, SILVER]) {
      const [row] = await sql<{ on_hand: number }>(`SELECT on_hand FROM product_variants WHERE sku = $1`, [sku]);
      const res = await call(
        'POST',
        `/v1/owner/catalog/variants/${sku}/inventory`,
        { kind: 'adjustment', quantity: -row!.on_hand },
        accessToken,
      );
      assert.equal(res.status, 201);
    }
  });

  test('without JavaScript: a wrong number is refused in words, then the shopper signs up', async () => {
    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await page.goto(`${stack.web.url}/s/${STORE}/products/${PRODUCT}`);
    const form = page.locator('[data-back-in-stock]');
    await form.getByRole('heading', { name: "Tell me when it's back" }).waitFor();
    await noSidewaysScroll(page, 'product page with the form');
    // Only the sold-out options are offered.
    const offered = await form
      .locator('select[name="sku"] option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    assert.deepEqual(offered.sort(), [GREEN, SILVER].sort());

    await form.locator('select[name="sku"]').selectOption(GREEN);
    await form.locator('input[name="phone"]').fill('0712 77');
    await form.locator('input[name="consent"]').check();
    await form.getByRole('button', { name: "Tell me when it's back" }).click();
    await page.locator('[data-bis-outcome="phone"]', { hasText: 'Enter a Kenyan mobile number' }).waitFor();
    assert.equal(await form.locator('select[name="sku"]').inputValue(), GREEN, 'the option chosen is kept');
    assert.equal((await requests()).length, 0, 'nothing stored');

    await form.locator('input[name="phone"]').fill(SHOPPER.typed);
    await form.locator('input[name="channel"][value="whatsapp"]').check();
    await form.locator('input[name="consent"]').check();
    await form.getByRole('button', { name: "Tell me when it's back" }).click();
    await page.locator('[data-bis-outcome="ok"]', { hasText: 'one message' }).waitFor();
    await noSidewaysScroll(page, 'after signing up');
    const [request] = await requests();
    assert.equal(request?.status, 'waiting');
    assert.equal(request?.channel, 'whatsapp');
    assert.equal(request?.consent_text, CONSENT, 'the words shown next to the box');
    await context.close();
  });

  test('the owner sees who waits, restocks on the product page, and the sandbox gets one message', async () => {
    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await ownerLogin(page, 'owner');
    await page.goto(`${stack.web.url}/owner/products/${PRODUCT}`);
    const card = page.locator(`[data-variant="${GREEN}"]`);
    await card.locator(`[data-waiting="${GREEN}"]`, { hasText: '1 shopper waits' }).waitFor();
    await noSidewaysScroll(page, 'owner product page');
    await card.locator('select[name="kind"]').selectOption('restock');
    await card.locator('input[name="quantity"]').fill('5');
    await card.locator(`[data-save-stock="${GREEN}"]`).click();
    await page.locator('[data-flash="ok"]').waitFor();

    const [sent] = await waitFor('the WhatsApp message', async () => {
      const list = await waTo(SHOPPER.msisdn);
      return list.length ? list : null;
    });
    assert.equal(sent!.template?.name, 'back_in_stock');
    // A second restock owes nothing more; give the relay (every second) a few rounds.
    await card.locator('input[name="quantity"]').fill('2');
    await card.locator(`[data-save-stock="${GREEN}"]`).click();
    await page.locator('[data-flash="ok"]').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    assert.equal((await waTo(SHOPPER.msisdn)).length, 1, 'exactly one message');
    assert.equal((await requests())[0]?.status, 'sent');
    await context.close();
  });
});

describe('return settings at 360 px', () => {
  test('the owner sets the window and policy; a bad window is refused in words; staff read only', async () => {
    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await ownerLogin(page, 'owner');
    await page.goto(`${stack.web.url}/owner/settings`);
    await page.locator('[data-returns-link]').click();
    const form = page.locator('[data-return-settings] form');
    await form.locator('input[name="windowDays"]').waitFor();
    await noSidewaysScroll(page, 'return settings');

    await form.locator('input[name="windowDays"]').fill('95');
    await form.locator('[data-save-returns]').click();
    await page.locator('[data-flash="error"]', { hasText: 'from 0 to 90' }).waitFor();
    const policy = 'Returns within 14 days of delivery, unused and in the box. Refunds go to your M-Pesa.';
    await form.locator('input[name="windowDays"]').fill('14');
    await form.locator('textarea[name="returnPolicy"]').fill(policy);
    await form.locator('[data-save-returns]').click();
    await page.locator('[data-flash="ok"]', { hasText: '14 days' }).waitFor();
    const [saved] = await sql<{ window_days: number; enabled: boolean; return_policy: string }>(
      `SELECT s.window_days, s.enabled, t.return_policy FROM order_return_settings s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug = $1`,
      [STORE],
    );
    assert.deepEqual(saved, { window_days: 14, enabled: true, return_policy: policy });
    await context.close();

    const staffContext = await stack.browser.newContext(PHONE_NO_JS);
    const staffPage = await staffContext.newPage();
    await ownerLogin(staffPage, 'staff');
    await staffPage.goto(`${stack.web.url}/owner/settings/returns`);
    await staffPage.locator('[data-read-only]').waitFor();
    assert.equal(await staffPage.locator('[data-save-returns]').count(), 0);
    assert.equal(await staffPage.locator('input[name="windowDays"]').isDisabled(), true, 'read only');
    assert.equal(await staffPage.locator('textarea[name="returnPolicy"]').isDisabled(), true, 'read only');
    assert.equal(await staffPage.locator('input[name="windowDays"]').inputValue(), '14');
    await noSidewaysScroll(staffPage, 'return settings for staff');
    await staffContext.close();
  });
});
