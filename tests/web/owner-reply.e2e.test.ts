// The owner answers a shopper from the order page on a cheap phone (360x740), in real Chromium
// against the production Next build, the real API and worker, and the sandbox's WhatsApp: a
// shopper who wrote a minute ago gets the owner's typed reply as one free-text WhatsApp, which
// shows in the conversation after the redirect (no page JavaScript needed); a shopper who never
// wrote gets no form, only why and how else to reach them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { PHONE, ownerLogIn } from '../helpers/browser.ts';
import { shopperApi } from '../helpers/shopper-api.ts';
import { useStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
/** Without JavaScript: the dashboard is plain forms. */
const PHONE_NO_JS = { ...PHONE, javaScriptEnabled: false } as const;

// No order_placed WhatsApp during the test: the shopper's inbox holds only the owner's reply.
const stack = useStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });

const viaApi = shopperApi(stack, STORE);

/** An order as a shopper places it through the API (unpaid is fine: the conversation is the same). */
const placeOrder = async (phone: string, name: string) =>
  viaApi.placeOrder({ lines: [{ sku: await viaApi.stockedSku(), quantity: 1 }], phone, name });

const logIn = (page: Page) =>
  ownerLogIn(page, stack.web.url, { store: STORE, login: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD }, true);

/** A WhatsApp message as the sandbox recorded it (what these tests read of it). */
interface SentMessage {
  type: string;
  text: { body: string };
}

const sentTo = async (to: string) =>
  (
    (await (await fetch(`${stack.sandbox.url}/__admin/whatsapp/messages?to=${to}`)).json()) as {
      messages: SentMessage[];
    }
  ).messages;

describe('owner replies to a shopper from the order page', () => {
  test('a shopper who just wrote: the owner types a reply, it goes out on WhatsApp and shows in the conversation', async () => {
    const order = await placeOrder('0711 555 201', 'Wanjiru Kamau');
    await viaApi.writeOnWhatsApp(order.phone, 'Can I pick it up in town instead?');

    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${stack.web.url}/owner/orders/${order.number}`);
    await page.locator('[data-messages] [data-direction="in"]', { hasText: 'pick it up in town' }).waitFor();
    assert.match(await page.locator('[data-window="open"]').innerText(), /You can reply until (tomorrow )?\d{2}:\d{2}/);

    const text = 'Yes! Our shop on Moi Avenue is open until 7pm.';
    await page.locator('[data-reply-form] textarea[name="text"]').fill(text);
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'no sideways scrolling at 360 px',
    );
    await page.locator('[data-action="reply"]').click();
    await page.waitForURL(
      (url) =>
        url.pathname === `/owner/orders/${order.number}` && url.searchParams.has('f') && url.hash === '#conversation',
    );
    await page.locator('[data-flash="ok"]', { hasText: 'Reply sent on WhatsApp' }).waitFor();
    const mine = page.locator('[data-messages] [data-direction="out"]', { hasText: text });
    await mine.waitFor();
    assert.match(await mine.innerText(), /Your reply · WhatsApp/);

    const [sent] = await waitFor('the reply at the sandbox', async () => {
      const list = await sentTo(order.phone);
      return list.length ? list : null;
    });
    assert.equal(sent?.type, 'text');
    assert.equal(sent?.text.body, text);
    assert.equal((await sentTo(order.phone)).length, 1);
    await context.close();
  });

  test('a shopper who never wrote: no reply form, the reason and a number to call or SMS instead', async () => {
    const order = await placeOrder('0711 555 202', 'Otieno Odhiambo');
    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${stack.web.url}/owner/orders/${order.number}`);
    const closed = page.locator('[data-window="closed"]');
    await closed.waitFor();
    assert.match(
      await closed.innerText(),
      /has not written in the last 24 hours: WhatsApp only lets you send order updates\. Call or SMS them at 0711 555 202/,
    );
    assert.equal(await page.locator('[data-reply-form]').count(), 0);
    assert.equal(await closed.locator('a[href="sms:+254711555202"]').count(), 1);
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'no sideways scrolling at 360 px',
    );
    await context.close();
  });
});
