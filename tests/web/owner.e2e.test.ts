// The owner dashboard on a cheap phone (360x740), in real Chromium against the production Next
// build, the real API and worker on a seeded Postgres and Redis, and the sandbox (Daraja for
// payments and reversals, WhatsApp for a shopper's message): an order paid through the API is
// found with the status filter, packed, sent out with a rider and delivered (the database and the
// timeline agree); another is refunded by M-Pesa reversal; staff see no refund and a forced
// refund post gets the API's 403; a wrong password shows the API's message; the shopper's
// WhatsApp message shows on the order; a price edited here is what the storefront API sells at.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Order } from '@sokoni/contracts';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { first, rowsQuery, type Row } from '../helpers/database.ts';
import { forcePost, ownerLogIn, phonePage } from '../helpers/browser.ts';
import { nextIp, shopperApi } from '../helpers/shopper-api.ts';
import { useStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';

const stack = useStack({ sandbox: true });

const sql = rowsQuery(() => stack.db.ownerUrl);
const viaApi = shopperApi(stack, STORE);
const { tenantId, orderStatus } = viaApi;

/**
 * A paid order, as a shopper makes it through the API: cart -> order (phone 07xx xxx 000, which
 * the Daraja sandbox pays) -> STK push -> paid.
 */
async function paidOrder(n: number): Promise<Order> {
  const lines = [{ sku: await viaApi.stockedSku(), quantity: 1 }];
  const order = await viaApi.placeOrder({ lines, phone: `0711 2${n}0 000`, name: `Achieng Otieno ${n}` });
  await viaApi.pay(order);
  return order;
}

const newPage = () => phonePage(stack.browser);

const logIn = (page: Page, role: 'owner' | 'admin' | 'staff', password = DEMO_PASSWORD) =>
  ownerLogIn(page, stack.web.url, { store: STORE, login: `${role}@${STORE}.sokoni.test`, password });

const flash = (page: Page) => page.locator('[data-flash]');

async function openOrder(page: Page, number: number): Promise<void> {
  await page.goto(`${stack.web.url}/owner/orders/${number}`);
  await page.locator('h1', { hasText: `Order #${number}` }).waitFor();
}

describe('owner dashboard', () => {
  let orderA: Order;
  let orderB: Order;
  let orderC: Order;

  before(async () => {
    orderA = await paidOrder(1);
    orderB = await paidOrder(2);
    orderC = await paidOrder(3);
  });

  test("a wrong password shows the API's message; the session cookies are HttpOnly, SameSite=Lax, Path=/owner", async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner', 'not-the-password');
    assert.match(page.url(), /\/owner\/login\?/);
    await flash(page).filter({ hasText: 'Wrong email/phone or password' }).waitFor();
    assert.equal(
      await page.locator('input[name="login"]').inputValue(),
      `owner@${STORE}.sokoni.test`,
      'what was typed is kept (not the password)',
    );
    assert.equal(await page.locator('input[name="password"]').inputValue(), '');
    assert.deepEqual(
      (await context.cookies()).filter((c) => c.name.startsWith('sokoni_owner_') && c.name !== 'sokoni_owner_flash'),
      [],
    );

    await logIn(page, 'owner');
    assert.equal(new URL(page.url()).pathname, '/owner');
    await page.locator('h1', { hasText: 'Today' }).waitFor();
    const cookies = (await context.cookies()).filter((c) =>
      ['sokoni_owner_at', 'sokoni_owner_rt', 'sokoni_owner_who'].includes(c.name),
    );
    assert.equal(cookies.length, 3);
    for (const c of cookies) {
      assert.equal(c.httpOnly, true, c.name);
      assert.equal(c.sameSite, 'Lax', c.name);
      assert.equal(c.path, '/owner', c.name);
    }
    assert.equal(
      await page.evaluate(() => document.cookie.includes('sokoni_owner')),
      false,
      'scripts cannot read the tokens',
    );
    // Home: today's orders by status, linking to the filtered list.
    await page.locator('[data-today="paid"]').waitFor();
    assert.equal(await page.locator('[data-slot="insight-cards"]').count(), 1);

    // Logging out ends the session.
    await page.locator('button', { hasText: 'Log out' }).click();
    await page.waitForURL(/\/owner\/login\?out=1/);
    await page.goto(`${stack.web.url}/owner/orders`);
    assert.match(page.url(), /\/owner\/login\?next=%2Fowner%2Forders/);
    await context.close();
  });

  test('owner: find the order by status, pack it, send it with a rider, mark it delivered; the timeline shows each step', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    await page.locator('nav[aria-label="Dashboard"] a', { hasText: 'Orders' }).click();
    await page.locator('select[name="status"]').selectOption('paid');
    await page.locator('form[aria-label="Filter orders"] button[type="submit"]').click();
    await page.waitForURL(/\/owner\/orders\?status=paid/);
    const statuses = await page
      .locator('[data-orders] [data-status]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    assert.ok(statuses.length >= 3 && statuses.every((s) => s === 'paid'), JSON.stringify(statuses));
    await page.locator(`[data-order="${orderA.number}"]`).click();
    await page.waitForURL(`**/owner/orders/${orderA.number}`);
    // The page fits a 360 px phone: nothing scrolls sideways.
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'no horizontal scroll at 360 px',
    );

    await page.locator('[data-action="packed"]').click();
    await flash(page).filter({ hasText: 'Marked packed.' }).waitFor();
    assert.equal(await orderStatus(orderA.id), 'packed');

    await page.locator('input[name="riderName"]').fill('Kevin Mwangi');
    await page.locator('input[name="riderPhone"]').fill('0722 000 111');
    await page.locator('[data-action="dispatch"]').click();
    await flash(page).filter({ hasText: 'Dispatched with Kevin Mwangi.' }).waitFor();
    assert.equal(await orderStatus(orderA.id), 'dispatched');
    await page.locator('[data-delivery="assigned"]', { hasText: 'Kevin Mwangi' }).waitFor();

    await page.locator('[data-action="delivered"]').click();
    await flash(page).filter({ hasText: 'Marked delivered.' }).waitFor();
    assert.equal(await orderStatus(orderA.id), 'delivered');
    const [delivery] = await sql<Row>('SELECT status, rider_name, rider_phone FROM deliveries WHERE order_id = $1', [
      orderA.id,
    ]);
    assert.deepEqual(delivery, { status: 'delivered', rider_name: 'Kevin Mwangi', rider_phone: '254722000111' });

    await page.locator('.o-order-head [data-status="delivered"]').waitFor();
    const timeline = await page
      .locator('[data-timeline] > li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
    for (const step of ['placed', 'paid', 'packed', 'dispatched', 'delivered'])
      assert.ok(timeline.includes(step), `${step} in ${JSON.stringify(timeline)}`);
    assert.ok(
      timeline.indexOf('paid') < timeline.indexOf('packed') &&
        timeline.indexOf('packed') < timeline.indexOf('dispatched') &&
        timeline.indexOf('dispatched') < timeline.indexOf('delivered'),
    );
    // Payments: the M-Pesa receipt of the paid attempt.
    const [payment] = await sql<{ receipt_number: string }>(
      'SELECT receipt_number FROM payments WHERE order_id = $1 AND status = $2',
      [orderA.id, 'paid'],
    );
    await page.locator('[data-receipt]', { hasText: payment!.receipt_number }).waitFor();
    // Nothing left to do, no buttons for it.
    assert.equal(
      await page.locator('[data-action="packed"], [data-action="dispatch"], [data-action="delivered"]').count(),
      0,
    );
    await context.close();
  });

  test('owner: a refund goes out by M-Pesa reversal and the page shows the order refunded', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    await openOrder(page, orderB.number);
    await page.locator('.o-refund summary').click();
    assert.equal(
      await page.locator('input[name="amountKes"]').inputValue(),
      String(orderB.totalKes),
      'the full amount by default',
    );
    await page.locator('.o-refund input[name="reason"]').fill('Customer returned it');
    await page.locator('[data-action="refund"]').click();
    await flash(page).filter({ hasText: 'sent to M-Pesa' }).waitFor();
    // The page follows the refund by itself until M-Pesa answers.
    await page.locator('.o-order-head [data-status="refunded"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-refund="completed"]').waitFor();
    assert.equal(await orderStatus(orderB.id), 'refunded');
    const [refund] = await sql<Row>('SELECT status, amount_kes, reason FROM refunds WHERE order_id = $1', [orderB.id]);
    assert.deepEqual(refund, { status: 'completed', amount_kes: orderB.totalKes, reason: 'Customer returned it' });
    assert.equal(await page.locator('[data-action="refund"]').count(), 0, 'nothing left to refund');
    await context.close();
  });

  test("staff: no refund button; a forced refund post gets the API's 403 message and refunds nothing", async () => {
    const { context, page } = await newPage();
    await logIn(page, 'staff');
    await openOrder(page, orderC.number);
    await page.locator('[data-action="packed"]').waitFor();
    assert.equal(await page.locator('[data-action="refund"], [data-refund-form]').count(), 0);
    assert.equal(await page.locator('[data-action="cancel"]').count(), 0, 'staff cannot cancel a paid order');

    await forcePost(page, `/owner/orders/${orderC.number}/refund`, { reason: 'Forced by staff', amountKes: '100' });
    await page.waitForURL(/\?f=/);
    await flash(page).filter({ hasText: 'Your role (staff) may not do this' }).waitFor();
    assert.equal(
      (await sql<{ n: number }>('SELECT count(*)::int AS n FROM refunds WHERE order_id = $1', [orderC.id]))[0]?.n,
      0,
    );
    assert.equal(await orderStatus(orderC.id), 'paid');

    // Staff may still fulfil it.
    await page.locator('[data-action="packed"]').click();
    await flash(page).filter({ hasText: 'Marked packed.' }).waitFor();
    await context.close();
  });

  test("the shopper's WhatsApp message shows in the order's conversation", async () => {
    await viaApi.writeOnWhatsApp(orderA.phone, 'Asante! Is the charger original?');

    const { context, page } = await newPage();
    await logIn(page, 'owner');
    await openOrder(page, orderA.number);
    const inbound = page.locator('[data-messages] [data-direction="in"]', { hasText: 'Is the charger original?' });
    await inbound.waitFor();
    assert.match(await inbound.innerText(), /WhatsApp/);
    await context.close();
  });

  test("owner: a price edited here is the storefront's price; stock moves with a reason", async () => {
    const variant = first(
      await sql<{ sku: string; price_kes: number; on_hand: number; slug: string }>(
        `SELECT v.sku, v.price_kes, v.on_hand, p.slug FROM product_variants v JOIN products p ON p.id = v.product_id
      WHERE v.tenant_id = $1 AND p.status = 'active' AND NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.variant_id = v.id) ORDER BY p.slug, v.sku LIMIT 1`,
        [tenantId()],
      ),
    );
    const newPrice = variant.price_kes + 123;
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    await page.goto(`${stack.web.url}/owner/products`);
    await page.locator('input[name="q"]').fill(variant.slug.split('-')[0]!);
    await page.locator('form[role="search"] button[type="submit"]').click();
    await page.locator(`[data-product="${variant.slug}"]`).click();
    await page.waitForURL(`**/owner/products/${variant.slug}`);

    const card = page.locator(`[data-variant="${variant.sku}"]`);
    await card.locator('input[name="priceKes"]').fill(String(newPrice));
    await card.locator('input[name="compareAtKes"]').fill('');
    await card.locator(`[data-save-price="${variant.sku}"]`).click();
    await flash(page).filter({ hasText: 'price is now' }).waitFor();
    await page
      .locator(`[data-variant="${variant.sku}"] [data-price]`, { hasText: newPrice.toLocaleString('en-KE') })
      .waitFor();
    await waitFor('the storefront price', async () => {
      const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/products/${variant.slug}`, {
        headers: { 'x-forwarded-for': nextIp() },
      });
      const body = (await res.json()) as unknown;
      return JSON.stringify(body).includes(`"priceKes":${newPrice}`);
    });

    await card.locator('select[name="kind"]').selectOption('restock');
    await card.locator('input[name="quantity"]').fill('5');
    await card.locator('input[name="reason"]').fill('Supplier delivery');
    await card.locator(`[data-save-stock="${variant.sku}"]`).click();
    await flash(page)
      .filter({ hasText: `${variant.on_hand + 5} in stock now` })
      .waitFor();
    const [move] = await sql<Row>(
      `SELECT kind, quantity, reason FROM inventory_movements WHERE variant_id = (SELECT id FROM product_variants WHERE tenant_id = $1 AND sku = $2) ORDER BY id DESC LIMIT 1`,
      [tenantId(), variant.sku],
    );
    assert.deepEqual(move, { kind: 'restock', quantity: 5, reason: 'Supplier delivery' });
    await context.close();
  });

  test('store details: the owner changes location and return policy; the storefront shows them', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    await page.goto(`${stack.web.url}/owner/settings`);
    const form = page.locator('[data-store-details] form');
    await form.locator('input[name="location"]').fill('Moi Avenue, Nairobi CBD');
    await form
      .locator('textarea[name="returnPolicy"]')
      .fill('Return within 14 days if the item is faulty, with the receipt.');
    await page.locator('[data-save-store]').click();
    await flash(page).filter({ hasText: 'Store details saved' }).waitFor();
    const [row] = await sql<Row>(`SELECT location, return_policy FROM tenants WHERE id = $1`, [tenantId()]);
    assert.deepEqual(row, {
      location: 'Moi Avenue, Nairobi CBD',
      return_policy: 'Return within 14 days if the item is faulty, with the receipt.',
    });
    await form.locator('input[name="location"]').fill('x');
    await page.locator('[data-save-store]').evaluate((b) => ((b as HTMLButtonElement).form!.noValidate = true));
    await page.locator('[data-save-store]').click();
    await flash(page).first().waitFor();
    assert.equal(
      (await sql<{ location: string }>(`SELECT location FROM tenants WHERE id = $1`, [tenantId()]))[0]?.location,
      'Moi Avenue, Nairobi CBD',
      'a refused change writes nothing',
    );
    await context.close();
  });

  test('the audit log shows the price change with who, before and after; staff cannot open it', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    await page.goto(`${stack.web.url}/owner/settings`);
    await page.locator('[data-audit-link]').click();
    await page.waitForURL('**/owner/audit');
    await page.locator('select[name="action"]').selectOption('product.price_changed');
    await page.locator('form[action="/owner/audit"] button[type="submit"]').click();
    const entry = page.locator('[data-audit-action="product.price_changed"]').first();
    await entry.waitFor();
    const text = await entry.innerText();
    assert.match(text, /By /);
    assert.match(text, /Before:/);
    assert.match(text, /After:/);
    assert.equal(
      await page.locator('[data-audit-action]:not([data-audit-action="product.price_changed"])').count(),
      0,
      'the filter holds',
    );
    await context.close();

    const staff = await newPage();
    await logIn(staff.page, 'staff');
    await staff.page.goto(`${stack.web.url}/owner/audit`);
    assert.equal(await staff.page.locator('[data-audit]').count(), 0);
    assert.equal(await staff.page.locator('[data-audit-link]').count(), 0);
    await staff.context.close();
  });

  test('stale tokens are refreshed transparently (pages and form posts); a refused refresh goes back to login', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    const cookie = async (name: string) => (await context.cookies()).find((c) => c.name === name);
    const firstRefresh = (await cookie('sokoni_owner_rt'))!.value;
    const setAccess = async (value: string) => {
      await context.clearCookies({ name: 'sokoni_owner_at' });
      await context.addCookies([
        { name: 'sokoni_owner_at', value, domain: '127.0.0.1', path: '/owner', httpOnly: true, sameSite: 'Lax' },
      ]);
    };

    // A token the API refuses (401): the page goes through the refresh route and comes back.
    await setAccess('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm90LWEtcmVhbC1zaWduYXR1cmU');
    await page.goto(`${stack.web.url}/owner/orders?channel=web`);
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/owner/orders?channel=web');
    await page.locator('[data-orders]').waitFor();
    const secondRefresh = (await cookie('sokoni_owner_rt'))!.value;
    assert.notEqual(secondRefresh, firstRefresh, 'the refresh token was rotated');

    // No access cookie at all (it expired) when a form is posted: the route handler refreshes.
    await openOrder(page, orderA.number);
    await context.clearCookies({ name: 'sokoni_owner_at' });
    await page.locator('.o-actions').waitFor();
    await page.goto(`${stack.web.url}/owner/settings`);
    await context.clearCookies({ name: 'sokoni_owner_at' });
    await page.locator('form[action="/owner/settings/messaging"] button[type="submit"]').click();
    await flash(page).filter({ hasText: 'Messaging saved.' }).waitFor();
    assert.ok(await cookie('sokoni_owner_at'), 'a fresh access token came back with the redirect');
    assert.notEqual((await cookie('sokoni_owner_rt'))!.value, secondRefresh);

    // A spent refresh token: the session is over.
    await context.clearCookies({ name: 'sokoni_owner_at' });
    await context.clearCookies({ name: 'sokoni_owner_rt' });
    await context.addCookies([
      {
        name: 'sokoni_owner_rt',
        value: firstRefresh,
        domain: '127.0.0.1',
        path: '/owner',
        httpOnly: true,
        sameSite: 'Lax',
      },
    ]);
    await page.goto(`${stack.web.url}/owner/products`);
    await page.waitForURL(/\/owner\/login\?next=%2Fowner%2Fproducts&expired=1/);
    await page.locator('text=Your session ended').waitFor();
    assert.equal(await cookie('sokoni_owner_rt'), undefined, "the dead session's cookies are cleared");
    await context.close();
  });

  test('delivery zones and settings pages load; secrets are never prefilled; on a store host /owner is the dashboard', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    await page.goto(`${stack.web.url}/owner/delivery`);
    await page.locator('[data-zones] [data-zone]').first().waitFor();
    const zone = page.locator('[data-zones] [data-zone]').first();
    await zone.locator('summary').click();
    await zone.locator('input[name="feeKes"]').fill('275');
    await zone.locator('button[data-save-zone]').click();
    await flash(page).filter({ hasText: 'saved' }).waitFor();
    await page.locator('[data-zones] [data-zone] [data-fee]', { hasText: 'KES 275' }).first().waitFor();

    await page.goto(`${stack.web.url}/owner/settings`);
    await page.locator('[data-mpesa-configured]').waitFor();
    for (const name of ['consumerKey', 'consumerSecret', 'passkey', 'securityCredential']) {
      assert.equal(await page.locator(`input[name="${name}"]`).inputValue(), '', `${name} is write-only`);
    }
    await page.locator('[data-mpesa-test]').click();
    await page.locator('[data-flash]').waitFor();

    // Staff management (owners): who works here.
    await page.locator('[data-staff-link]').click();
    await page.waitForURL('**/owner/staff');
    await page.locator('[data-staff] li', { hasText: `staff@${STORE}.sokoni.test` }).waitFor();

    // <store>.localhost/owner is not rewritten into the store's pages; the store is filled in.
    await page.goto(`http://${STORE}.localhost:${stack.web.port}/owner/login?expired=1`);
    assert.equal(await page.locator('input[name="store"]').inputValue(), STORE);
    await context.close();
  });
});
