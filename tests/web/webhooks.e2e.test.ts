// Outbound webhooks from the owner's phone (360 px, no JavaScript): add an endpoint (the signing
// secret shown once), a private address refused with the reason, send a test that a real receiver
// gets signed, read the delivery log, turn the endpoint off. Production Next build, real API,
// worker and sandbox.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { launchChromium, ownerLogIn, PHONE } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startPaymentStack, type PaymentStack } from '../helpers/payment-stack.ts';
import { startWeb, type RunningProcess } from '../helpers/processes.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
let db: TestDatabase;
let stack: PaymentStack;
let web: RunningProcess & { url: string };
let browser: Browser;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(200).end();
  });
});

before(async () => {
  db = await createTestDatabase({ seed: true });
  stack = await startPaymentStack(db, { WEBHOOK_DELIVERY_INTERVAL_MS: '300' });
  web = await startWeb(stack.api.url);
  browser = await launchChromium();
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await web?.stop().catch(() => undefined);
  await stack?.stop().catch(() => undefined);
  await db?.drop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('webhooks on the owner dashboard', () => {
  test('add, secret once, refused private address, test delivered and signed, log, turn off', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await ownerLogIn(
      page,
      web.url,
      { store: STORE, login: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
      true,
    );
    await page.goto(`${web.url}/owner/settings`);
    await page.locator('[data-webhooks-link]').click();
    await page.waitForURL((u) => u.pathname === '/owner/settings/webhooks');

    await page.locator('input[name="url"]').fill('https://10.0.0.8/hook');
    await page.locator('[data-add-webhook]').click();
    await page.locator('[data-flash="error"]').waitFor();
    assert.match(await page.locator('[data-flash="error"]').innerText(), /private address/);

    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/erp`;
    await page.locator('input[name="url"]').fill(url);
    await page.locator('input[name="description"]').fill('Accounting');
    await page.locator('input[name="events"][value="order.cancelled"]').check();
    await page.locator('[data-add-webhook]').click();
    const flash = await page.locator('[data-flash="ok"]').innerText();
    const secret = /whsec_[A-Za-z0-9_-]+/.exec(flash)?.[0];
    assert.ok(secret, `the secret is shown once: ${flash}`);
    // The page itself never shows it: only the one-time confirmation (its ?f= flash) did.
    await page.goto(`${web.url}/owner/settings/webhooks`);
    assert.ok(!(await page.content()).includes(secret), 'and not again');
    const card = page.locator(`[data-webhook="${url}"]`);
    assert.equal(await card.getAttribute('data-status'), 'active');
    assert.match(await card.innerText(), /order\.paid, order\.cancelled/);
    const box = await card.boundingBox();
    assert.ok(box && box.width <= 360, 'fits a 360 px phone');

    await card.locator('[data-test]').click();
    await page.waitForURL((u) => u.pathname.startsWith('/owner/settings/webhooks/'));
    const delivered = await waitFor('the test delivered', () =>
      received.find((r) => r.headers['sokoni-event'] === 'webhook.ping'),
    );
    const [t, v1] = String(delivered.headers['sokoni-signature'])
      .split(',')
      .map((p) => p.split('=')[1]);
    assert.equal(v1, createHmac('sha256', secret).update(`${t}.${delivered.body}`).digest('hex'));
    await waitFor('the log shows it delivered', async () => {
      await page.reload();
      return (await page.locator('[data-delivery][data-status="delivered"]').count()) > 0 ? true : undefined;
    });
    assert.match(await page.locator('[data-delivery]').first().innerText(), /answered 200/);

    await page.goto(`${web.url}/owner/settings/webhooks`);
    await card.locator('[data-toggle]').click();
    await page.locator('[data-flash="ok"]').waitFor();
    assert.equal(await page.locator(`[data-webhook="${url}"]`).getAttribute('data-status'), 'disabled');
    await context.close();
  });

  test('staff see no webhooks', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await ownerLogIn(
      page,
      web.url,
      { store: STORE, login: `staff@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
      true,
    );
    await page.goto(`${web.url}/owner/settings/webhooks`);
    assert.match(await page.locator('main').innerText(), /Only an owner or admin/);
    assert.equal(await page.locator('[data-add-webhook]').count(), 0);
    await context.close();
  });
});
