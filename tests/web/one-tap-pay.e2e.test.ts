// One-tap pay (issue 13) as a shopper on a cheap phone (360x740), in real Chromium against the
// production Next build, the real API and worker, Postgres, Redis and the Daraja sandbox:
// "Place order and pay KES X" places the order and sends the PIN prompt in one submit; with
// JavaScript the checkout itself (same URL) turns into "Check your phone (0712 *** 000)" and goes
// live to Paid with the receipt, or to the failure in words with Try again / another number /
// Finish on WhatsApp, and only then (or on request) paying by hand with the pay-twice note.
// Without JavaScript the order page takes over. A double tap is one order and one prompt.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { withClient } from '../helpers/database.ts';
import { addToCartOn, fillCheckout, PHONE, tapPlaceOrder, tapPlaceOrderInPage } from '../helpers/browser.ts';
import { useStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const CABLE = 'oraimo-usb-c-cable';
const PAYS_TIMEOUT = 30_000;
const stack = useStack({ sandbox: true });
const storeUrl = (path: string) => `${stack.web.url}/s/${STORE}${path}`;
const kes = (n: number) => `KES ${n.toLocaleString('en-KE')}`;

async function scenario(msisdn: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${stack.sandbox.url}/__admin/daraja/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: msisdn, ...body }),
  });
  assert.equal(res.status, 201, await res.text());
}

async function pushesTo(msisdn: string): Promise<{ status: string; MpesaReceiptNumber: string | null }[]> {
  const res = await fetch(`${stack.sandbox.url}/__admin/daraja/transactions`);
  const { transactions } = (await res.json()) as {
    transactions: { PhoneNumber: string | number; status: string; MpesaReceiptNumber: string | null }[];
  };
  return transactions.filter((t) => String(t.PhoneNumber) === msisdn);
}

const db = <T>(text: string, params: unknown[]) =>
  withClient(stack.db.ownerUrl, async (c) => (await c.query(text, params)).rows as T[]);
const ordersOf = (msisdn: string) =>
  db<{ id: string; number: number; total_kes: number; status: string }>(
    'SELECT id, number, total_kes, status FROM orders WHERE phone = $1',
    [msisdn],
  );
const paymentsOf = (orderId: string) =>
  db<{ status: string; idempotency_key: string }>('SELECT status, idempotency_key FROM payments WHERE order_id = $1', [
    orderId,
  ]);

async function toCheckout(page: Page, phone: string) {
  await addToCartOn(page, storeUrl(`/products/${CABLE}`));
  await page.goto(storeUrl('/checkout'));
  await fillCheckout(page, { phone });
}

describe('one-tap pay at checkout (360 px)', () => {
  let phone: BrowserContext;
  before(async () => {
    phone = await stack.browser.newContext(PHONE);
  });
  after(async () => {
    await phone?.close();
  });

  test('JS on: "Place order and pay" -> the checkout turns into "Check your phone (0712 *** 000)" live -> Paid with the receipt; one prompt', async () => {
    const msisdn = '254712390000';
    await scenario(msisdn, { scenario: 'pays', delayMs: 12_000 });
    const page = await phone.newPage();
    await toCheckout(page, '0712 390 000');
    const checkoutUrl = page.url();
    const label = await page.locator('[data-place]').innerText();
    assert.match(label, /^Place order and pay KES [\d,]+$/);
    assert.match(await page.locator('[data-place-after]').innerText(), /M-Pesa prompt/);
    let documents = 0;
    page.on('framenavigated', (f) => (f === page.mainFrame() ? (documents += 1) : undefined));
    const orderId = await tapPlaceOrderInPage(page);
    const [order] = await ordersOf(msisdn);
    assert.equal(order!.id, orderId);
    assert.equal(label, `Place order and pay ${kes(order!.total_kes)}`);

    const pending = page.locator('[data-payment-status="pending"]');
    await pending.waitFor({ timeout: 10_000 });
    assert.match(await pending.innerText(), /Check your phone \(0712 \*\*\* 000\) and enter your M-Pesa PIN/);
    assert.equal(await page.locator('main h1').innerText(), `Order #${order!.number}`);
    assert.equal(await page.locator('form[data-checkout]').count(), 0, 'the form gave way to the live block');
    assert.equal(await page.locator('[data-pay-manual]').count(), 0, 'no paybill/till next to "waiting for your PIN"');
    assert.equal(
      new URL((await page.locator('[data-order-link]').getAttribute('href'))!, page.url()).pathname,
      `/s/${STORE}/orders/${orderId}`,
    );
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360);
    // Paying by hand on request, in the page too: the exact till and the pay-twice note.
    await page.locator('[data-pay-by-hand]').click();
    await page.locator('[data-pay-manual]').waitFor({ timeout: 5_000 });
    assert.match(await page.locator('[data-pay-instructions]').innerText(), /Till 5123456/);
    assert.match(await page.locator('[data-pay-twice]').innerText(), /refunded to you, not lost/);

    await page.locator('[data-payment-status="paid"]').waitFor({ timeout: PAYS_TIMEOUT });
    assert.equal(page.url(), checkoutUrl, 'still the checkout URL');
    assert.equal(documents, 0, 'no page load: the block was redrawn in place');
    const receipt = page.locator('[data-receipt]:not([data-receipt=""])');
    await receipt.waitFor({ timeout: PAYS_TIMEOUT });
    const pushes = await pushesTo(msisdn);
    assert.equal(pushes.length, 1, 'one prompt');
    assert.equal(await receipt.innerText(), pushes[0]!.MpesaReceiptNumber);
    assert.equal(await page.locator('[data-status]').innerText(), 'Paid');
    const payments = await paymentsOf(orderId);
    assert.equal(payments.length, 1);
    assert.match(payments[0]!.idempotency_key, /^co_[0-9a-f-]{36}\.pay$/, "derived from the form's key");
    await page.close();
  });

  test('JS on, double tap on "Place order and pay": one order, one prompt', async () => {
    const msisdn = '254712391000';
    await scenario(msisdn, { scenario: 'pays', delayMs: 3_000 });
    const page = await phone.newPage();
    await toCheckout(page, '0712 391 000');
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/checkout/place')) posts.push(r.postData() ?? '');
    });
    // Two taps as fast as a thumb, the second through the form directly (past the island's guard).
    await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('form[data-checkout]')!;
      const button = document.querySelector<HTMLButtonElement>('[data-place]')!;
      button.click();
      form.requestSubmit(button);
    });
    await page.locator('[data-payment-status="pending"], [data-payment-status="paid"]').first().waitFor();
    assert.ok(page.url().endsWith('/checkout'), 'in the checkout');
    await waitFor('the prompt', async () => ((await pushesTo(msisdn)).length > 0 ? true : null));
    const orders = await ordersOf(msisdn);
    assert.equal(orders.length, 1, `one order (${posts.length} posts)`);
    assert.equal((await paymentsOf(orders[0]!.id)).length, 1);
    assert.equal((await pushesTo(msisdn)).length, 1, 'one PIN prompt');
    await page.close();
  });

  test('JS on, the shopper cancels the prompt: the reason, Try again with another number, WhatsApp, then pay by hand', async () => {
    const page = await phone.newPage();
    await toCheckout(page, '0712 392 032'); // cancels: scripted below
    await scenario('254712392032', { scenario: 'cancelled' });
    await tapPlaceOrderInPage(page);
    const failed = page.locator('[data-payment-status="failed"]');
    await failed.waitFor({ timeout: PAYS_TIMEOUT });
    assert.equal(await failed.getAttribute('data-outcome'), 'cancelled');
    assert.match(await page.locator('[data-payment-message]').innerText(), /cancel/i);
    assert.ok(await page.locator('[data-retry]').isVisible(), 'Try again');
    assert.match(await page.locator('label[for="pay-phone"]').innerText(), /change it/);
    assert.ok(await page.locator('[data-whatsapp]').first().isVisible(), 'Finish on WhatsApp');
    // After a failed prompt paying by hand is offered, with the exact account and the pay-twice note.
    assert.match(await page.locator('[data-pay-instructions]').innerText(), /Till 5123456/);
    assert.match(await page.locator('[data-pay-twice]').innerText(), /refunded to you, not lost/);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360);

    await page.locator('#pay-phone').fill('0712 393 000');
    await page.locator('[data-retry]').click();
    await page.locator('[data-payment-status="paid"]').waitFor({ timeout: PAYS_TIMEOUT });
    assert.ok(page.url().endsWith('/checkout'), 'Try again stays in the checkout too');
    assert.equal((await pushesTo('254712392032')).length, 1);
    assert.equal((await pushesTo('254712393000')).length, 1);
    await page.close();
  });

  test('JS off: the same submit places and prompts; the order page refreshes itself to Paid', async () => {
    const msisdn = '254712394000';
    await scenario(msisdn, { scenario: 'pays', delayMs: 2_500 });
    const context = await stack.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(storeUrl(`/products/${CABLE}`));
    await page.locator('.nojs-add button', { hasText: 'Add to cart' }).click();
    await page.waitForURL(`**/s/${STORE}/cart`);
    await page.goto(storeUrl('/checkout'));
    await page.locator('#co-phone').fill('0712 394 000');
    await page.locator('#co-name').fill('Otieno Ouma');
    await page.locator('select[name="area"]').selectOption('kilimani');
    assert.match(await page.locator('[data-place]').innerText(), /^Place order and pay KES/);
    await tapPlaceOrder(page, STORE);
    assert.match(page.url(), /\/orders\/[0-9a-f-]{36}\?payment=[0-9a-f-]{36}$/, 'the order page takes over');
    await page.locator('[data-payment-status="pending"]').waitFor({ timeout: 10_000 });
    assert.match(
      await page.locator('[data-payment-status="pending"]').innerText(),
      /Check your phone \(0712 \*\*\* 000\)/,
    );
    assert.equal(await page.locator('head meta[http-equiv="refresh"]').getAttribute('content'), '4');
    assert.equal(await page.locator('[data-pay-manual]').count(), 0);
    await page.locator('[data-payment-status="paid"]').waitFor({ timeout: PAYS_TIMEOUT });
    await page.locator('[data-receipt]:not([data-receipt=""])').waitFor({ timeout: PAYS_TIMEOUT });
    assert.equal((await pushesTo(msisdn)).length, 1);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360);
    await context.close();
  });
});
