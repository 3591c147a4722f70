// Owner API keys page at 360 px, end to end: the production Next build and the real API. The
// owner creates a read-only key on /owner/settings/api-keys, sees it once (gone on the next visit),
// uses it against the API (reads pass, a write is refused by its scopes), a key without any
// permission is refused with the reason, and revoking it stops it at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { launchChromium, ownerLogIn, PHONE } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { serverEnv, startApi, startWeb, type RunningApi, type RunningProcess } from '../helpers/processes.ts';

const STORE = 'saa-bora';
let db: TestDatabase;
let api: RunningApi;
let web: RunningProcess & { url: string };
let browser: Browser;

before(async () => {
  db = await createTestDatabase({ seed: true });
  api = await startApi(serverEnv(db));
  web = await startWeb(api.url);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await web?.stop().catch(() => undefined);
  await api?.stop().catch(() => undefined);
  await db?.drop();
});

const withKey = (key: string, method = 'GET', path = '/v1/owner/orders', body?: unknown) =>
  fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

describe('owner API keys page', () => {
  test('create a read-only key at 360 px, copy it once, use it, revoke it', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await ownerLogIn(
      page,
      web.url,
      { store: STORE, login: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
      true,
    );
    await page.goto(`${web.url}/owner/settings`);
    await page.locator('[data-api-keys-link]').click();
    await page.waitForURL((u) => u.pathname === '/owner/settings/api-keys');
    assert.ok(await page.locator('[data-no-keys]').isVisible());

    // No permission ticked: refused with the reason.
    await page.locator('input[name="name"]').fill('Nothing');
    for (const box of await page.locator('input[name="scopes"]').all()) await box.uncheck();
    await page.locator('[data-create]').click();
    await page.locator('[data-flash="error"]').waitFor();
    assert.match(await page.locator('[data-flash="error"]').innerText(), /Permissions: pick at least one/);

    // The defaults are the read permissions.
    await page.locator('input[name="name"]').fill('Stock sync');
    await page.locator('[data-create]').click();
    await page.locator('[data-flash="ok"]').waitFor();
    assert.match(await page.locator('[data-flash="ok"]').innerText(), /shown only once/);
    const secret = (await page.locator('[data-secret]').innerText()).trim();
    assert.match(secret, /^sk_live_[a-z2-7]{12}_[0-9a-f]{96}$/);
    assert.ok(!page.url().includes(secret.slice(-20)), 'the key is not in the URL');
    const card = page.locator('[data-key]').first();
    assert.equal(await card.getAttribute('data-state'), 'active');
    assert.match(await card.locator('[data-scopes]').innerText(), /Read orders/);
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'no sideways scrolling at 360 px',
    );
    await page.screenshot({ path: '/tmp/api-keys-owner-360.png', fullPage: true });

    // Shown once: the next visit lists the key without it.
    await page.goto(`${web.url}/owner/settings/api-keys`);
    assert.equal(await page.locator('[data-new-key]').count(), 0);
    assert.ok(!(await page.content()).includes(secret.slice(-64)));

    // The key works for reads, not for writes.
    assert.equal((await withKey(secret)).status, 200);
    const write = await withKey(secret, 'POST', '/v1/owner/settings/domains', { host: 'shop.sync.test' });
    assert.equal(write.status, 403);
    assert.match(await page.locator('[data-key] >> nth=0').innerText(), /never used|last used/);

    // Revoke: it stops at once, and the page says so.
    await page.locator('[data-key] [data-revoke]').first().click();
    await page.locator('[data-flash="ok"]').waitFor();
    assert.match(await page.locator('[data-flash="ok"]').innerText(), /revoked/);
    assert.equal(await page.locator('[data-key]').first().getAttribute('data-state'), 'revoked');
    const refused = await withKey(secret);
    assert.equal(refused.status, 401);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /revoked/);
    await context.close();
  });
});
