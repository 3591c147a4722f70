// The owner's WhatsApp inbox on a cheap phone (360x740, no page JavaScript), in real Chromium
// against the production Next build, the real API and worker, and the sandbox's WhatsApp: the
// conversations list unread first, opening one marks it read, the owner replies inside the
// 24-hour window, and outside it the page says why and offers the order update that fits, which
// goes out as a WhatsApp template. The thread links to the shopper's order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { PHONE, ownerLogIn } from '../helpers/browser.ts';
import { rowsQuery } from '../helpers/database.ts';
import { shopperApi } from '../helpers/shopper-api.ts';
import { useStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const PHONE_NO_JS = { ...PHONE, javaScriptEnabled: false } as const;
const stack = useStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });
const viaApi = shopperApi(stack, STORE);
const sql = rowsQuery(() => stack.db.ownerUrl);

const placeOrder = async (phone: string, name: string) =>
  viaApi.placeOrder({ lines: [{ sku: await viaApi.stockedSku(), quantity: 1 }], phone, name });
const logIn = (page: Page) =>
  ownerLogIn(page, stack.web.url, { store: STORE, login: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD }, true);
const noSidewaysScroll = async (page: Page) =>
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'no sideways scrolling at 360 px',
  );
const sentTo = async (to: string) =>
  (
    (await (await fetch(`${stack.sandbox.url}/__admin/whatsapp/messages?to=${to}`)).json()) as {
      messages: { type: string; text?: { body: string }; template?: { name: string } }[];
    }
  ).messages;

describe('WhatsApp inbox (/owner/inbox)', () => {
  test('unread first; opening a conversation marks it read; a reply inside the window goes out and shows', async () => {
    const first = await placeOrder('0711 555 301', 'Akinyi Ouma');
    await viaApi.writeOnWhatsApp(first.phone, 'Do you have it in blue?');
    const second = await placeOrder('0711 555 302', 'Mwangi Njoroge');
    await viaApi.writeOnWhatsApp(second.phone, 'Where is my parcel?');

    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${stack.web.url}/owner/orders`);
    await page.locator('[data-inbox-link]').click();
    await page.waitForURL((url) => url.pathname === '/owner/inbox');
    const rows = page.locator('[data-conversation]');
    await rows.first().waitFor();
    const order = async () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation')));
    const before = await order();
    assert.ok(before.indexOf(second.phone) < before.indexOf(first.phone), 'newest unread first');
    assert.equal(await page.locator(`[data-conversation="${first.phone}"]`).getAttribute('data-unread'), 'true');
    await noSidewaysScroll(page);

    // Open the newer one: it becomes read, so the older unread one now comes first.
    await page.locator(`[data-conversation="${second.phone}"]`).click();
    await page.waitForURL((url) => url.pathname === `/owner/inbox/${second.phone}`);
    await page.locator('[data-messages] [data-direction="in"]', { hasText: 'Where is my parcel?' }).waitFor();
    assert.equal(await page.locator('[data-order-link] a').getAttribute('href'), `/owner/orders/${second.number}`);
    await noSidewaysScroll(page);
    const text = 'It leaves with our rider at 2pm today.';
    await page.locator('[data-reply-form] textarea[name="text"]').fill(text);
    await page.locator('[data-action="reply"]').click();
    await page.waitForURL((url) => url.pathname === `/owner/inbox/${second.phone}` && url.searchParams.has('f'));
    await page.locator('[data-flash="ok"]', { hasText: 'Reply sent on WhatsApp' }).waitFor();
    await page.locator('[data-messages] [data-direction="out"]', { hasText: text }).waitFor();
    const sent = await waitFor('the reply at the sandbox', async () =>
      (await sentTo(second.phone)).find((m) => m.type === 'text'),
    );
    assert.equal(sent.text?.body, text);

    await page.goto(`${stack.web.url}/owner/inbox`);
    const after = await order();
    assert.ok(after.indexOf(first.phone) < after.indexOf(second.phone), 'the unread one before the read one');
    assert.equal(await page.locator(`[data-conversation="${second.phone}"]`).getAttribute('data-unread'), 'false');
    await context.close();
  });

  test('outside the 24-hour window: no free text, why, and the order update that fits, sent as a template', async () => {
    const order = await placeOrder('0711 555 303', 'Chebet Kiprono');
    await viaApi.writeOnWhatsApp(order.phone, 'I will pay later');
    await sql(`UPDATE messages SET created_at = now() - interval '26 hours' WHERE phone = $1 AND direction = 'in'`, [
      order.phone,
    ]);
    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${stack.web.url}/owner/inbox/${order.phone}`);
    const closed = page.locator('[data-window="closed"]');
    await closed.waitFor();
    assert.match(await closed.innerText(), /only approved order updates/);
    assert.equal(await page.locator('[data-reply-form]').count(), 0);
    const offer = page.locator('[data-template="order_placed"]');
    assert.match(await offer.innerText(), new RegExp(`#${order.number}`));
    await noSidewaysScroll(page);
    await offer.locator('[data-action="send-template"]').click();
    await page.waitForURL((url) => url.pathname === `/owner/inbox/${order.phone}` && url.searchParams.has('f'));
    await page.locator('[data-flash="ok"]', { hasText: 'Order update sent' }).waitFor();
    const sent = await waitFor('the template at the sandbox', async () =>
      (await sentTo(order.phone)).find((m) => m.type === 'template'),
    );
    assert.equal(sent.template?.name, 'order_confirmed');
    await context.close();
  });
});
