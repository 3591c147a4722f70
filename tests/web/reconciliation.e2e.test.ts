// The daily M-Pesa reconciliation page on a cheap phone (360x740, no page JavaScript), in real
// Chromium against the production Next build, the real API and worker and the Daraja sandbox: a
// day without a report offers to check it, the check shows expected vs received and each
// exception with what to do and a link (an order paid twice -> refund it on the order), and the
// day appears in the recent days. Staff do not see the link.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { PHONE, ownerLogIn } from '../helpers/browser.ts';
import { first, rowsQuery } from '../helpers/database.ts';
import { shopperApi } from '../helpers/shopper-api.ts';
import { useStack } from '../helpers/stack.ts';

const STORE = 'nairobi-gadgets';
const PHONE_NO_JS = { ...PHONE, javaScriptEnabled: false } as const;
const stack = useStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });
const viaApi = shopperApi(stack, STORE);
const sql = rowsQuery(() => stack.db.ownerUrl);

const logIn = (page: Page, role: 'owner' | 'staff' = 'owner') =>
  ownerLogIn(
    page,
    stack.web.url,
    { store: STORE, login: `${role}@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
    true,
  );

describe('M-Pesa reconciliation (/owner/payments/reconciliation)', () => {
  test('check today: totals, an order paid twice with its refund link, the day in the recent list', async () => {
    const order = await viaApi.placeOrder({
      lines: [{ sku: await viaApi.stockedSku(), quantity: 1 }],
      phone: '0711 555 000',
      name: 'Wambui Kariuki',
    });
    await viaApi.pay(order);
    // The second payment of the same order, as settlement records one (kept, flagged, not counted).
    await sql(
      `INSERT INTO payments (tenant_id, order_id, method, status, amount_kes, paid_amount_kes, phone, idempotency_key, receipt_number, counts_for_order, flags, outcome, resolved_at)
       SELECT tenant_id, order_id, method, 'paid', amount_kes, paid_amount_kes, phone, 'dup-' || id, 'DUP' || substr(md5(id::text), 1, 7), false, ARRAY['duplicate_payment'], 'paid', now()
         FROM payments WHERE order_id = $1 AND status = 'paid'`,
      [order.id],
    );
    const { day } = first(
      await sql<{ day: string }>(`SELECT ((now() AT TIME ZONE 'Africa/Nairobi')::date)::text AS day`),
    );

    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${stack.web.url}/owner/orders`);
    await page.locator('[data-reconciliation-link]').click();
    await page.waitForURL((url) => url.pathname === '/owner/payments/reconciliation');
    // Yesterday by default.
    const { yesterday } = first(
      await sql<{ yesterday: string }>(`SELECT ((now() AT TIME ZONE 'Africa/Nairobi')::date - 1)::text AS yesterday`),
    );
    assert.equal(await page.locator('input[type="date"][name="day"]').inputValue(), yesterday);
    await page.goto(`${stack.web.url}/owner/payments/reconciliation?day=${day}`);
    await page.locator('[data-report="none"]').waitFor();
    await page.locator('[data-action="run"]').click();
    await page.waitForURL((url) => url.searchParams.get('day') === day && url.searchParams.has('f'));
    await page.locator(`[data-report="${day}"]`).waitFor();
    assert.match(await page.locator('[data-expected]').innerText(), /KES/);
    assert.match(await page.locator('[data-received]').innerText(), /KES/);
    const twice = page.locator('[data-exception="flagged_duplicate_payment"]');
    assert.match(await twice.innerText(), /Order paid twice/);
    assert.equal(
      await twice.locator('[data-exception-link]').getAttribute('href'),
      `/owner/orders/${order.number}#next-h`,
    );
    await page.locator(`[data-days] [data-day="${day}"]`).waitFor();
    assert.match(await page.locator(`[data-day="${day}"] [data-state]`).innerText(), /to check/);
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'no sideways scrolling at 360 px',
    );
    await context.close();

    const staff = await stack.browser.newContext(PHONE_NO_JS);
    const staffPage = await staff.newPage();
    await logIn(staffPage, 'staff');
    await staffPage.goto(`${stack.web.url}/owner/orders`);
    await staffPage.locator('[data-inbox-link]').waitFor();
    assert.equal(await staffPage.locator('[data-reconciliation-link]').count(), 0);
    await staff.close();
  });
});
