// After the sale, as a shopper on a cheap phone (360x740) and the owner, in real Chromium against
// the production Next build, the real API and worker and the provider sandbox: the order page's
// timeline (rider named, times), no framework JavaScript; cancelling a paid order from the order
// page once signed in with the phone (refunded through M-Pesa), refused in words after dispatch;
// asking for a return from My orders (lines, reason, photo) and the owner accepting it and
// taking the goods back into stock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Order } from '@sokoni/contracts';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { rowsQuery } from '../helpers/database.ts';
import { forcePost, ownerLogIn } from '../helpers/browser.ts';
import { shopperApi } from '../helpers/shopper-api.ts';
import { started, usePhones, useStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const SHOPPER = { typed: '0712 888 000', msisdn: '254712888000' };
const stack = useStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });
const sql = rowsQuery(() => stack.db.ownerUrl);
const viaApi = shopperApi(stack, STORE);
const storeUrl = (path: string) => `${stack.web.url}/s/${STORE}${path}`;

async function ownerToken(): Promise<string> {
  const res = await fetch(`${stack.api.url}/v1/owner/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ store: STORE, email: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function ownerPost(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${stack.api.url}/v1/owner/orders/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await ownerToken()}` },
    body: JSON.stringify(body),
  });
  assert.ok(res.status < 300, `${path}: ${res.status} ${await res.text()}`);
}

/** A paid order of the shopper (with its M-Pesa receipt, which a reversal needs). */
async function paidOrder(quantity = 1): Promise<Order> {
  const order = await viaApi.placeOrder({
    lines: [{ sku: await viaApi.stockedSku(), quantity }],
    phone: SHOPPER.typed,
    name: 'Wanjiru Kamau',
  });
  await viaApi.pay(order);
  await waitFor(
    'the receipt',
    async () => (await sql('SELECT 1 FROM payments WHERE order_id = $1 AND receipt_number IS NOT NULL', [order.id]))[0],
  );
  return order;
}
const dispatch = (order: Order) =>
  ownerPost(`${order.number}/dispatch`, {
    method: 'manual_rider',
    riderName: 'Baraka Rider',
    riderPhone: '0733111222',
  });

async function signIn(page: Page): Promise<void> {
  const smsTo = async () => {
    const res = await fetch(`${stack.sandbox.url}/__admin/sms/messages?to=%2B${SHOPPER.msisdn}`);
    return ((await res.json()) as { messages: { message: string }[] }).messages.filter((m) =>
      /your code is \d{6}/.test(m.message),
    );
  };
  const before = (await smsTo()).length;
  await page.goto(storeUrl('/account'));
  await page.locator('#acct-phone').fill(SHOPPER.typed);
  await page.locator('form[data-phone-form] button[type="submit"]').click();
  await page.locator('form[data-code-form]').waitFor();
  const code = await waitFor('the sign-in SMS', async () => {
    const list = await smsTo();
    return list.length > before ? /your code is (\d{6})/.exec(list.at(-1)!.message)![1]! : null;
  });
  await page.locator('#acct-code').fill(code);
  await page.locator('form[data-code-form] button[type="submit"]').click();
  await page.locator('[data-account="signed-in"]').waitFor();
}

const stepDone = (page: Page, key: string) => page.locator(`[data-step="${key}"]`).first().getAttribute('data-done');

describe('order tracking, cancel and return at 360 px', () => {
  const phones = usePhones(stack, { shopper: {}, owner: {} });

  test('the order page shows the timeline with the rider and times, without framework JavaScript', async () => {
    await started(stack);
    const order = await paidOrder();
    await ownerPost(`${order.number}/status`, { to: 'packed' });
    await dispatch(order);
    const html = await (await fetch(storeUrl(`/orders/${order.id}`))).text();
    assert.doesNotMatch(html, /\/_next\/static\/chunks|__NEXT_DATA__|self\.__next_f/, 'no framework JS');
    const page = await phones.shopper.newPage();
    await page.goto(storeUrl(`/orders/${order.id}`));
    for (const key of ['placed', 'paid', 'packed', 'dispatched']) assert.equal(await stepDone(page, key), 'true', key);
    assert.equal(await stepDone(page, 'out_for_delivery'), 'false');
    assert.equal(await stepDone(page, 'delivered'), 'false');
    assert.match(await page.locator('[data-step="dispatched"]').innerText(), /Baraka Rider/);
    assert.match(await page.locator('[data-step="paid"]').innerText(), /\d{1,2}:\d{2}/, 'with its time');
    assert.equal(await page.locator('[data-rider]').innerText(), 'Baraka Rider');
    assert.equal(await page.locator('[data-cancel-form]').count(), 0, 'on its way: no cancel');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `fits the phone (${width}px)`);
    await page.close();
  });

  test('cancel a paid order from the order page once signed in: refunded; after dispatch refused in words', async () => {
    const order = await paidOrder();
    const page = await phones.shopper.newPage();
    await page.goto(storeUrl(`/orders/${order.id}`));
    await page.locator('[data-cancel-sign-in]').waitFor();
    await signIn(page);
    await page.goto(storeUrl(`/orders/${order.id}`));
    await page.locator('#cancel-reason').fill('Bought it elsewhere');
    await page.locator('[data-cancel-order]').click();
    await page.waitForURL((url) => url.searchParams.get('cancel') === 'done');
    assert.match(
      await page.locator('[data-aftercare-notice]').innerText(),
      /is cancelled.*on its way back to your M-Pesa/,
    );
    assert.equal(await page.locator('[data-status]').first().getAttribute('data-status'), 'cancelled');
    assert.equal(await stepDone(page, 'cancelled'), 'true');
    await waitFor('the refund', async () => {
      const rows = await sql<{ status: string }>('SELECT status FROM refunds WHERE order_id = $1', [order.id]);
      return rows[0]?.status === 'completed';
    });

    const late = await paidOrder();
    await dispatch(late);
    await page.goto(storeUrl(`/orders/${late.id}`));
    await forcePost(page, storeUrl(`/orders/${late.id}/cancel`), { reason: 'too late?' });
    await page.waitForURL((url) => url.searchParams.get('cancel') === 'refused');
    assert.match(await page.locator('[data-aftercare-notice]').innerText(), /already on its way/);
    assert.equal(await viaApi.orderStatus(late.id), 'dispatched');
    await page.close();
  });

  test('ask for a return from My orders with a photo; the owner accepts it and takes the goods back', async () => {
    const order = await paidOrder(2);
    await dispatch(order);
    await ownerPost(`${order.number}/delivered`, {});
    const page = await phones.shopper.newPage();
    await page.goto(storeUrl('/account'));
    if ((await page.locator('[data-account="signed-in"]').count()) === 0) await signIn(page);
    const form = page.locator(`[data-return-form="${order.number}"]`);
    await form.locator('summary').click();
    await form.locator('select').first().selectOption('1');
    await form.locator('textarea[name="reason"]').fill('The cable does not fit my phone');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    await form.locator('input[type="file"]').setInputFiles({ name: 'cable.png', mimeType: 'image/png', buffer: png });
    await form.locator('[data-ask-return]').click();
    await page.waitForLoadState('domcontentloaded');
    assert.match(await page.locator('main').innerText(), /Your return request was sent/);
    await page.locator(`.acct-order[data-order="${order.number}"] [data-return="requested"]`).waitFor();
    const [ret] = await sql<{ status: string; has_photo: boolean }>(
      'SELECT status, photo IS NOT NULL AS has_photo FROM order_returns WHERE order_id = $1',
      [order.id],
    );
    assert.deepEqual(ret, { status: 'requested', has_photo: true });

    const owner = await phones.owner.newPage();
    await ownerLogIn(
      owner,
      stack.web.url,
      { store: STORE, login: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
      true,
    );
    await owner.goto(`${stack.web.url}/owner/orders/${order.number}`);
    await owner.locator('[data-return="requested"]').waitFor();
    const photo = await owner.request.get(`${stack.web.url}/owner/orders/${order.number}/return-photo`);
    assert.equal(photo.status(), 200);
    assert.equal(photo.headers()['content-type'], 'image/png');
    const stock = async () =>
      Number(
        (
          await sql<{ on_hand: number }>(
            `SELECT v.on_hand FROM product_variants v JOIN order_items i ON i.variant_id = v.id WHERE i.order_id = $1`,
            [order.id],
          )
        )[0]?.on_hand,
      );
    const before = await stock();
    await owner.locator('[data-action="return-accept"]').click();
    await owner.locator('[data-return="accepted"]').waitFor();
    await owner.locator('[data-action="return-received"]').click();
    await owner.locator('[data-return="received"]').waitFor();
    assert.equal(await stock(), before + 1, 'one unit back in stock');
    await waitFor('the partial refund', async () => {
      const rows = await sql<{ status: string }>('SELECT status FROM refunds WHERE order_id = $1', [order.id]);
      return rows[0]?.status === 'completed';
    });
    await page.goto(storeUrl('/account'));
    await page.locator(`.acct-order[data-order="${order.number}"] [data-return="received"]`).waitFor();
    await owner.close();
    await page.close();
  });
});
