// Pay on delivery (issue 13) on a cheap phone (360x740), in real Chromium against the production
// Next build, the real API and worker, Postgres, Redis and the provider sandbox: the owner turns
// it on in Settings; a shopper picks "Pay on delivery" at checkout (JavaScript on, and off: a
// plain radio in the form) and the order page says what to have ready; the owner packs it, sends
// it out with a rider, sees the cash to collect per rider on Orders, taps "Cash received" at the
// door and only then may mark it delivered. A second order is refused at the door: the owner's
// timeline and the shopper's order page (English and Swahili) say so in words.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { withClient } from '../helpers/database.ts';
import { addToCartOn, fillCheckout, ownerLogIn, PHONE } from '../helpers/browser.ts';
import { useStack } from '../helpers/stack.ts';

const STORE = 'nairobi-gadgets';
const CABLE = 'oraimo-usb-c-cable';
const stack = useStack({ sandbox: true });
const storeUrl = (path: string) => `${stack.web.url}/s/${STORE}${path}`;
const db = <T>(text: string, params: unknown[]) =>
  withClient(stack.db.ownerUrl, async (c) => (await c.query(text, params)).rows as T[]);
const orderOf = async (id: string) =>
  (
    await db<{ number: number; payment_method: string; status: string; collected_via: string | null }>(
      'SELECT number, payment_method, status, collected_via FROM orders WHERE id = $1',
      [id],
    )
  )[0]!;
const width = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const flash = (page: Page) => page.locator('[data-flash]');

describe('pay on delivery (360 px)', () => {
  let owner: BrowserContext;
  let ownerPage: Page;
  before(async () => {
    owner = await stack.browser.newContext(PHONE);
    ownerPage = await owner.newPage();
    await ownerLogIn(
      ownerPage,
      stack.web.url,
      { store: STORE, login: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
      true,
    );
  });
  after(async () => {
    await owner?.close();
  });

  test('the owner turns it on in Settings', async () => {
    const page = ownerPage;
    await page.goto(`${stack.web.url}/owner/settings`);
    const section = page.locator('[data-pod-settings]');
    await section.locator('input[name="enabled"]').check();
    await section.locator('input[name="maxOrderKes"]').fill('100000');
    await section.locator('input[name="firstTimeAllowed"]').check();
    assert.equal(await width(page), 360);
    await section.locator('[data-save-pod]').click();
    await flash(page).filter({ hasText: 'Pay on delivery saved.' }).waitFor();
    assert.ok(await page.locator('[data-pod-settings] input[name="enabled"]').isChecked());
  });

  async function shopperPicksPayOnDelivery(context: BrowserContext, js: boolean): Promise<string> {
    const page = await context.newPage();
    if (js) {
      await addToCartOn(page, storeUrl(`/products/${CABLE}`));
      await page.goto(storeUrl('/checkout'));
      await fillCheckout(page, { phone: js ? '0712 480 000' : '0712 481 000' });
    } else {
      await page.goto(storeUrl(`/products/${CABLE}`));
      await page.locator('.nojs-add button', { hasText: 'Add to cart' }).click();
      await page.waitForURL(`**/s/${STORE}/cart`);
      await page.goto(storeUrl('/checkout'));
      await page.locator('#co-phone').fill('0712 481 000');
      await page.locator('#co-name').fill('Achieng Otieno');
      await page.locator('#co-area').selectOption('kilimani');
    }
    const choice = page.locator('[data-pay-choice]');
    await choice.waitFor();
    assert.match(await choice.innerText(), /Pay on delivery/);
    assert.equal(await width(page), 360);
    await page.locator('[data-pay-on-delivery]').check();
    await page.locator('[data-place]').click();
    await page.waitForURL(new RegExp(`/s/${STORE}/orders/[0-9a-f-]{36}$`));
    const note = page.locator('[data-pay-on-delivery-note]');
    assert.match(await note.innerText(), /Pay on delivery: have KES [\d,]+ ready/);
    assert.equal(await width(page), 360);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.close();
    return id;
  }

  test('a shopper picks pay on delivery without JavaScript: a radio in the form', async () => {
    const context = await stack.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    try {
      const id = await shopperPicksPayOnDelivery(context, false);
      const order = await orderOf(id);
      assert.equal(order.payment_method, 'on_delivery');
      assert.equal(order.status, 'pending_payment');
    } finally {
      await context.close();
    }
  });

  test('a shopper picks it (JS on); the owner packs, dispatches, sees the cash to collect, takes the cash', async () => {
    const context = await stack.browser.newContext(PHONE);
    let id: string;
    try {
      id = await shopperPicksPayOnDelivery(context, true);
    } finally {
      await context.close();
    }
    const { number, payment_method } = await orderOf(id);
    assert.equal(payment_method, 'on_delivery');
    assert.equal((await db('SELECT 1 FROM payments WHERE order_id = $1', [id])).length, 0, 'no prompt at checkout');

    const page = ownerPage;
    await page.goto(`${stack.web.url}/owner/orders/${number}`);
    assert.match(await page.locator('[data-pod-note]').innerText(), /rider collects/);
    await page.locator('[data-action="packed"]').click();
    await flash(page).filter({ hasText: 'Marked packed.' }).waitFor();
    await page.locator('input[name="riderName"]').fill('Kamau Rider');
    await page.locator('input[name="riderPhone"]').fill('0722 000 111');
    await page.locator('[data-action="dispatch"]').click();
    await page.locator('[data-pod-door]').waitFor();
    assert.equal(await page.locator('[data-action="delivered"]').count(), 0, 'no "Mark delivered" before the money');
    assert.equal(await width(page), 360);

    await page.goto(`${stack.web.url}/owner/orders`);
    const cash = page.locator('[data-cash-to-collect] [data-rider="Kamau Rider"]');
    assert.match(await cash.innerText(), new RegExp(`#${number}`));
    assert.equal(await width(page), 360);

    await page.goto(`${stack.web.url}/owner/orders/${number}`);
    await page.locator('[data-action="pod-cash"]').click();
    await flash(page).filter({ hasText: 'Cash received' }).waitFor();
    await page.locator('[data-pod-collected="cash"]').waitFor();
    assert.equal((await orderOf(id)).collected_via, 'cash');
    await page.locator('[data-action="delivered"]').click();
    await flash(page).filter({ hasText: 'Marked delivered.' }).waitFor();
    assert.equal((await orderOf(id)).status, 'delivered');
  });

  test('refused at the door: the delivery fails, the timeline and the order page say "refused"', async () => {
    const context = await stack.browser.newContext(PHONE);
    try {
      const id = await shopperPicksPayOnDelivery(context, true);
      const { number } = await orderOf(id);
      const page = ownerPage;
      await page.goto(`${stack.web.url}/owner/orders/${number}`);
      await page.locator('[data-action="packed"]').click();
      await flash(page).filter({ hasText: 'Marked packed.' }).waitFor();
      await page.locator('input[name="riderName"]').fill('Kamau Rider');
      await page.locator('input[name="riderPhone"]').fill('0722 000 111');
      await page.locator('[data-action="dispatch"]').click();
      await page.locator('[data-pod-door]').waitFor();
      await page.locator('[data-pod-door] summary').click();
      await page.locator('[data-pod-door] input[name="note"]').fill('Not at home');
      await page.locator('[data-action="pod-refused"]').click();
      await flash(page).filter({ hasText: 'Marked refused' }).waitFor();
      assert.equal((await orderOf(id)).status, 'cancelled');
      const delivery = await db<{ status: string }>('SELECT status FROM deliveries WHERE order_id = $1', [id]);
      assert.deepEqual(
        delivery.map((d) => d.status),
        ['failed'],
      );
      assert.match(
        await page.locator('[data-timeline] [data-event="refused_at_door"]').innerText(),
        /Refused at the door/,
      );
      assert.match(
        await page.locator('[data-timeline] [data-event="delivery-failed"]').innerText(),
        /Refused at the door: Not at home/,
      );

      const shopper = await context.newPage();
      await shopper.goto(storeUrl(`/orders/${id}`));
      assert.match(
        await shopper.locator('[data-refused-at-door]').innerText(),
        /refused at the door: nothing was paid/,
      );
      assert.equal(await shopper.locator('[data-step-reason="refused_at_door"]').innerText(), 'Refused at the door');
      assert.match(await shopper.locator('[data-scan="failed"]').innerText(), /Delivery failed/);
      assert.equal(await width(shopper), 360);
      await shopper.goto(storeUrl(`/orders/${id}?lang=sw`));
      assert.match(await shopper.locator('[data-refused-at-door]').innerText(), /ilikataliwa mlangoni/);
      assert.equal(await shopper.locator('[data-step-reason="refused_at_door"]').innerText(), 'Ilikataliwa mlangoni');
    } finally {
      await context.close();
    }
  });
});
