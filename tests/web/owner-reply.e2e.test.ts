// The owner answers a shopper from the order page on a cheap phone (360x740), in real Chromium
// against the production Next build, the real API and worker, and the sandbox's WhatsApp: a
// shopper who wrote a minute ago gets the owner's typed reply as one free-text WhatsApp, which
// shows in the conversation after the redirect (no page JavaScript needed); a shopper who never
// wrote gets no form, only why and how else to reach them.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { first, rowsQuery, type TestDatabase } from '../helpers/database.ts';
import { PHONE, ownerLogIn } from '../helpers/browser.ts';
import type { RunningProcess } from '../helpers/processes.ts';
import { startStack, type PaymentWebStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
/** Without JavaScript: the dashboard is plain forms. */
const PHONE_NO_JS = { ...PHONE, javaScriptEnabled: false } as const;

let db: TestDatabase;
let stack: PaymentWebStack;
let web: RunningProcess & { url: string; port: number };
let browser: Browser;

before(async () => {
  // No order_placed WhatsApp during the test: the shopper's inbox holds only the owner's reply.
  stack = await startStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });
  ({ db, web, browser } = stack);
});

after(async () => {
  await stack?.stop();
});

const sql = rowsQuery(() => db.ownerUrl);
const tenantId = () => db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;
let ip = 0;
const nextIp = () => `192.0.2.${(++ip % 250) + 1}`;

/** An order as a shopper places it through the API (unpaid is fine: the conversation is the same). */
async function placeOrder(phone: string, name: string): Promise<{ id: string; number: number; phone: string }> {
  const variant = first(
    await sql<{ sku: string }>(
      `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
    WHERE v.tenant_id = $1 AND v.on_hand >= 50 AND p.status = 'active' ORDER BY v.price_kes, v.sku LIMIT 1`,
      [tenantId()],
    ),
  );
  const cartRes = await fetch(`${stack.api.url}/v1/stores/${STORE}/cart/lines`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp() },
    body: JSON.stringify({ sku: variant.sku, quantity: 1 }),
  });
  const cart = (await cartRes.json()) as { cart: { token: string } };
  assert.equal(cartRes.status, 200, JSON.stringify(cart));
  const orderRes = await fetch(`${stack.api.url}/v1/stores/${STORE}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `order-${randomUUID()}`,
      'x-cart-token': cart.cart.token,
      'x-forwarded-for': nextIp(),
    },
    body: JSON.stringify({ phone, name, areaSlug: 'kilimani' }),
  });
  const { order } = (await orderRes.json()) as { order: { id: string; number: number; phone: string } };
  assert.equal(orderRes.status, 201, JSON.stringify(order));
  return { id: order.id, number: order.number, phone: order.phone };
}

const logIn = (page: Page) =>
  ownerLogIn(page, web.url, { store: STORE, login: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD }, true);

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
    const { id: phoneNumberId } = first(
      await sql<{ id: string }>('SELECT whatsapp_phone_number_id AS id FROM messaging_settings WHERE tenant_id = $1', [
        tenantId(),
      ]),
    );
    const inbound = await fetch(`${stack.sandbox.url}/__admin/whatsapp/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneNumberId, from: order.phone, text: 'Can I pick it up in town instead?' }),
    });
    assert.ok(inbound.status < 300, await inbound.text());
    await waitFor(
      'the inbound message',
      async () =>
        (
          await sql<{ '?column?': number }>(`SELECT 1 FROM messages WHERE phone = $1 AND direction = 'in'`, [
            order.phone,
          ])
        )[0],
    );

    const context = await browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${web.url}/owner/orders/${order.number}`);
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
    const context = await browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${web.url}/owner/orders/${order.number}`);
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
