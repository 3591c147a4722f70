// The store creation wizard, played by a new merchant on a 360 px phone in real Chromium against
// the production Next build, the real API and worker on a fresh seeded Postgres and Redis, and
// the Daraja sandbox: the 8 screens from the platform home to a live store (M-Pesa till with the
// sandbox passkey and "Test connection" OK, Nairobi delivery defaults, starter products, the
// suggested return policy, publish); the storefront answers 404 before and 200 after, and a
// shopper buys its first product through the API and pays by M-Pesa. Also: a reload (or coming
// back) resumes at the first unfinished step; the wizard works with JavaScript off; a staff
// invite link lets the invited person set a password and lands them in the dashboard as staff.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { buyFirstProduct, demoMerchant, playWizard, SANDBOX_PASSKEY } from '../../bench/wizard.mts';
import { first, rowsQuery } from '../helpers/database.ts';
import { phonePage } from '../helpers/browser.ts';
import { useStack } from '../helpers/stack.ts';

const stack = useStack({ sandbox: true });

const sql = rowsQuery(() => stack.db.ownerUrl);
const storeStatus = async (slug: string) => (await fetch(`${stack.api.url}/v1/stores/${slug}`)).status;

const newPage = (options: { javaScriptEnabled?: boolean } = {}) => phonePage(stack.browser, options);

const pathOf = (page: Page) => new URL(page.url()).pathname;

describe('store creation wizard', () => {
  test('a new merchant goes from the platform home to a live store whose first product sells through M-Pesa', async () => {
    const { context, page } = await newPage();
    assert.equal(await storeStatus('kibanda-gadgets'), 404, 'no such store yet');
    const merchant = demoMerchant(1);
    const journey = await playWizard(page, stack.web.url, merchant);

    assert.equal(journey.slug, 'kibanda-gadgets');
    assert.deepEqual(journey.screens, [
      '/start',
      '/start/account',
      '/start/contact',
      '/start/mpesa',
      '/start/delivery',
      '/start/products',
      '/start/policy',
      '/start/publish',
    ]);
    assert.equal(
      journey.fieldsTyped,
      9,
      'store name; name, phone, password; location; till number and the 3 Daraja keys',
    );
    assert.equal(journey.fieldsPasted, 3);
    assert.match(journey.mpesaTest, /Test connection: OK/);
    assert.match(journey.liveLink, /^kibanda-gadgets\.localhost$/);

    // The owner is logged in to the dashboard exactly as after /owner/login (Path=/owner cookies).
    const ownerCookies = (await context.cookies()).filter((c) =>
      ['sokoni_owner_at', 'sokoni_owner_rt', 'sokoni_owner_who'].includes(c.name),
    );
    assert.equal(ownerCookies.length, 3);
    for (const c of ownerCookies) {
      assert.equal(c.httpOnly, true, c.name);
      assert.equal(c.path, '/owner', c.name);
    }
    await Promise.all([page.waitForURL(/\/owner$/), page.locator('a[data-dashboard]').click()]);
    await page.locator('h1', { hasText: 'Today' }).waitFor();

    // What the wizard saved is what the database holds.
    const [tenant] = await sql<{
      id: string;
      status: string;
      whatsapp_number: string;
      location: string;
      return_policy: string;
      mpesa_kind: string;
      mpesa_shortcode: string;
    }>(
      `SELECT id, status, whatsapp_number, location, return_policy, mpesa_kind, mpesa_shortcode FROM tenants WHERE slug = 'kibanda-gadgets'`,
    );
    assert.ok(tenant, 'the store exists');
    assert.equal(tenant.status, 'active');
    assert.equal(tenant.whatsapp_number, '254712001111');
    assert.equal(tenant.location, merchant.location);
    assert.match(tenant.return_policy, /Return within 7 days/);
    assert.equal(tenant.mpesa_kind, 'till');
    assert.equal(tenant.mpesa_shortcode, merchant.till);
    const { n: products } = first(
      await sql<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE tenant_id = $1 AND status = 'active'`, [
        tenant.id,
      ]),
    );
    assert.equal(products, 8);
    const { n: zones } = first(
      await sql<{ n: number }>(`SELECT count(*)::int AS n FROM delivery_zones WHERE tenant_id = $1`, [tenant.id]),
    );
    assert.ok(zones > 0);

    // Live: the storefront answers, and a shopper pays for the first product by M-Pesa (sandbox).
    assert.equal(await storeStatus('kibanda-gadgets'), 200);
    const purchase = await buyFirstProduct(stack.api.url, 'kibanda-gadgets');
    assert.equal(purchase.status, 'paid', JSON.stringify(purchase));
    const [order] = await sql<{ status: string; total_kes: number }>(
      `SELECT status, total_kes FROM orders WHERE id = $1`,
      [purchase.orderId],
    );
    assert.equal(order?.status, 'paid');

    // The live link opens the store's home in the browser.
    const res = await page.goto(`${stack.web.url}/s/kibanda-gadgets`);
    assert.equal(res?.status(), 200);
    await context.close();
  });

  test('with JavaScript off: sign-up and contact work as plain forms; a reload and coming back resume at the next step', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${stack.web.url}/start`);
    await page.locator('text=Step 1 of 8').waitFor();
    await page.locator('[name="storeName"]').fill('Mama Njeri Fashions');
    await page.locator('label[data-vertical="fashion"]').click();
    await Promise.all([
      page.waitForURL(/\/start\/account$/),
      page.locator('form[data-form="store"] button[type="submit"]').click(),
    ]);
    assert.equal(await page.locator('[data-slug]').innerText(), 'mama-njeri-fashions.localhost');

    // A refusal keeps what was typed and says why (API's words); the password is not kept.
    await page.locator('[name="ownerName"]').fill('Njeri Wambui');
    await page.locator('[name="phone"]').fill('0733 000 222');
    await page.locator('[name="password"]').fill('short');
    await page.locator('[name="password"]').evaluate((el) => el.removeAttribute('minlength')); // the server checks too
    await Promise.all([
      page.waitForURL(/\/start\/account\?f=/),
      page.locator('form[data-form="account"] button[type="submit"]').click(),
    ]);
    await page.locator('[data-flash="error"]', { hasText: 'at least 10 characters' }).waitFor();
    assert.equal(await page.locator('[name="phone"]').inputValue(), '0733 000 222');
    assert.equal(await page.locator('[name="password"]').inputValue(), '');
    await page.locator('[name="password"]').fill('njeri-fashions-2025');
    await Promise.all([
      page.waitForURL(/\/start\/contact/),
      page.locator('form[data-form="account"] button[type="submit"]').click(),
    ]);
    await page.locator('text=Step 3 of 8').waitFor();
    assert.equal(
      await page.locator('[name="whatsappNumber"]').inputValue(),
      '0733 000 222',
      'pre-filled from the phone',
    );

    // Reload before saving: still the contact step. Skipping ahead is sent back to it.
    await page.goto(`${stack.web.url}/start`);
    assert.equal(pathOf(page), '/start/contact');
    await page.goto(`${stack.web.url}/start/products`);
    assert.equal(pathOf(page), '/start/contact');

    await page.locator('[name="location"]').fill('Gikomba Market, Stall 14');
    await Promise.all([
      page.waitForURL(/\/start\/mpesa/),
      page.locator('form[data-form="contact"] button[type="submit"]').click(),
    ]);
    await page.locator('text=Step 4 of 8').waitFor();

    // Coming back later lands on the first unfinished step (M-Pesa).
    await page.goto(`${stack.web.url}/start`);
    assert.equal(pathOf(page), '/start/mpesa');
    await page.reload();
    assert.equal(pathOf(page), '/start/mpesa');

    // Skip M-Pesa (JS off) -> delivery; the fashion store's progress says so.
    await Promise.all([page.waitForURL(/\/start\/delivery/), page.locator('button[data-mpesa-skip]').click()]);
    await page.locator('[data-zone]').first().waitFor();
    assert.equal(await storeStatus('mama-njeri-fashions'), 404, 'a draft is not public');

    // Another day, another browser: log in and carry on at the same step.
    const other = await newPage();
    await other.page.goto(`${stack.web.url}/start/delivery`);
    assert.equal(pathOf(other.page), '/start', 'logged out: screen 1');
    await other.page.locator('main a[href="/start/login"]').click();
    await other.page.locator('[name="store"]').fill('mama-njeri-fashions');
    await other.page.locator('[name="login"]').fill('0733 000 222');
    await other.page.locator('[name="password"]').fill('njeri-fashions-2025');
    await Promise.all([
      other.page.waitForURL(/\/start\/delivery/),
      other.page.locator('form[data-form="login"] button[type="submit"]').click(),
    ]);
    await other.page.locator('text=Step 5 of 8').waitFor();
    await other.context.close();

    // The wizard's own cookies: HttpOnly, SameSite=Lax, Path=/start.
    const cookies = (await context.cookies()).filter(
      (c) =>
        c.name.startsWith('sokoni_wizard_') && c.name !== 'sokoni_wizard_flash' && c.name !== 'sokoni_wizard_draft',
    );
    assert.equal(cookies.length, 3);
    for (const c of cookies) {
      assert.equal(c.httpOnly, true, c.name);
      assert.equal(c.sameSite, 'Lax', c.name);
      assert.equal(c.path, '/start', c.name);
    }
    await context.close();
  });

  test("a wrong M-Pesa key shows the API's answer; a taken address offers others", async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.web.url}/start`);
    await page.locator('[name="storeName"]').fill('Nairobi Gadgets');
    // The preview (a small script) says the address is taken before the form is sent.
    await page.locator('[data-slug-note]', { hasText: 'Already taken' }).waitFor();
    await page.locator('label[data-vertical="electronics"]').click();
    await Promise.all([
      page.waitForURL(/\/start\?f=/),
      page.locator('form[data-form="store"] button[type="submit"]').click(),
    ]);
    await page.locator('[data-flash="error"]', { hasText: 'nairobi-gadgets-ke' }).waitFor();
    assert.equal(await page.locator('details.w-advanced').getAttribute('open'), '', 'the address field is shown');
    await page.locator('[name="slug"]').fill('nairobi-gadgets-ke');
    await Promise.all([
      page.waitForURL(/\/start\/account$/),
      page.locator('form[data-form="store"] button[type="submit"]').click(),
    ]);
    assert.equal(await page.locator('[data-slug]').innerText(), 'nairobi-gadgets-ke.localhost');
    await page.locator('[name="ownerName"]').fill('Otieno Okoth');
    await page.locator('[name="phone"]').fill('0711 444 555');
    await page.locator('[name="password"]').fill('otieno-gadgets-2025');
    await Promise.all([
      page.waitForURL(/\/start\/contact/),
      page.locator('form[data-form="account"] button[type="submit"]').click(),
    ]);
    await page.locator('[name="location"]').fill('Moi Avenue, CBD');
    await Promise.all([
      page.waitForURL(/\/start\/mpesa/),
      page.locator('form[data-form="contact"] button[type="submit"]').click(),
    ]);
    // A paybill with a bad (too short) passkey: the API's message comes back, nothing is saved.
    await page.locator('label:has(input[value="paybill"])').click();
    await page.locator('[name="number"]').fill('400200');
    await page.locator('[name="consumerKey"]').fill('otieno-key-0001');
    await page.locator('[name="consumerSecret"]').fill('otieno-secret-0001');
    await page.locator('[name="passkey"]').fill('short');
    await page.locator('[name="passkey"]').evaluate((el) => el.removeAttribute('minlength'));
    await Promise.all([page.waitForURL(/\/start\/mpesa\?f=/), page.locator('button[data-mpesa-save-test]').click()]);
    await page.locator('[data-flash="error"]', { hasText: 'Passkey' }).waitFor();
    await page.locator('label:has(input[value="paybill"])').click();
    await page.locator('[name="number"]').fill('400200');
    await page.locator('[name="consumerKey"]').fill('otieno-key-0001');
    await page.locator('[name="consumerSecret"]').fill('otieno-secret-0001');
    await page.locator('[name="passkey"]').fill(SANDBOX_PASSKEY);
    await Promise.all([
      page.waitForURL(/\/start\/mpesa\?test=ok/),
      page.locator('button[data-mpesa-save-test]').click(),
    ]);
    await page.locator('[data-mpesa-saved="paybill"]', { hasText: '400200' }).waitFor();
    // Test connection again, on its own.
    await Promise.all([page.waitForURL(/\/start\/mpesa\?test=ok&f=/), page.locator('button[data-mpesa-test]').click()]);
    await page.locator('[data-flash="ok"]', { hasText: 'Test connection: OK' }).waitFor();
    await context.close();
  });

  test('an invited person sets a password on the invite page and lands in the dashboard as staff', async () => {
    const store = 'nairobi-gadgets';
    const login = await fetch(`${stack.api.url}/v1/owner/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ store, email: `owner@${store}.sokoni.test`, password: DEMO_PASSWORD }),
    });
    assert.equal(login.status, 200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const invite = await fetch(`${stack.api.url}/v1/owner/staff/invites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ name: 'Kevin Mwangi', email: 'kevin@example.co.ke', role: 'staff' }),
    });
    const body = (await invite.json()) as { inviteUrl: string };
    assert.equal(invite.status, 201, JSON.stringify(body));
    const invitePath = new URL(body.inviteUrl).pathname;
    assert.match(invitePath, /^\/owner\/invite\/nairobi-gadgets\.[A-Za-z0-9_-]{43}$/);

    const { context, page } = await newPage();
    await page.goto(`${stack.web.url}${invitePath}`);
    await page.locator('[data-invite-store]', { hasText: store }).waitFor();
    // Two different passwords: said so, nothing accepted.
    await page.locator('[name="password"]').fill('kevin-staff-2025');
    await page.locator('[name="confirm"]').fill('kevin-staff-2026');
    await Promise.all([
      page.waitForURL(/\?f=/),
      page.locator('form[data-form="invite"] button[type="submit"]').click(),
    ]);
    await page.locator('[data-flash="error"]', { hasText: 'not the same' }).waitFor();
    await page.locator('[name="password"]').fill('kevin-staff-2025');
    await page.locator('[name="confirm"]').fill('kevin-staff-2025');
    await Promise.all([
      page.waitForURL(/\/owner$/),
      page.locator('form[data-form="invite"] button[type="submit"]').click(),
    ]);
    await page.locator('h1', { hasText: 'Today' }).waitFor();
    const who = (await context.cookies()).find((c) => c.name === 'sokoni_owner_who');
    assert.ok(who);
    assert.equal(who.path, '/owner');
    assert.equal(
      (JSON.parse(Buffer.from(decodeURIComponent(who.value), 'base64url').toString('utf8')) as { role: string }).role,
      'staff',
    );
    const [user] = await sql<{ status: string; role: string }>(
      `SELECT u.status, u.role FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE t.slug = $1 AND u.email = 'kevin@example.co.ke'`,
      [store],
    );
    assert.deepEqual(user, { status: 'active', role: 'staff' });

    // The link is spent: opening it again and trying says so, in the API's words.
    const again = await newPage();
    await again.page.goto(`${stack.web.url}${invitePath}`);
    await again.page.locator('[name="password"]').fill('someone-else-2025');
    await again.page.locator('[name="confirm"]').fill('someone-else-2025');
    await Promise.all([
      again.page.waitForURL(/\?f=/),
      again.page.locator('form[data-form="invite"] button[type="submit"]').click(),
    ]);
    await again.page.locator('[data-flash="error"]', { hasText: 'not valid' }).waitFor();
    await again.context.close();
    await context.close();
  });

  test('the platform home links to the wizard', async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.web.url}/`);
    assert.equal(await page.locator('a[data-create-store]').getAttribute('href'), '/start');
    await context.close();
  });
});
