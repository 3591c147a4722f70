// A store on its own domain, end to end: the production Next build, the API and worker checking
// DNS in the sandbox zone, Chromium at 360 px. The seeded demo domain (shop.nyumba-living.test)
// answers on its host (Host header: no real DNS needed) with canonical URLs, JSON-LD, robots and
// sitemap on it; the platform subdomain 301s there; another store's path form under it is 404.
// The owner adds a domain on /owner/settings/domains, sees the records, checks it to verified,
// and removing the primary stops serving it at once (the API drops the web proxy's cache).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { launchChromium, ownerLogIn, PHONE } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startPaymentStack, type PaymentStack } from '../helpers/payment-stack.ts';
import { freePort, startWeb, type RunningProcess } from '../helpers/processes.ts';

const STORE = 'nyumba-living';
const HOST = 'shop.nyumba-living.test';
const SECRET = 'custom-domain-e2e-revalidate-secret';

let db: TestDatabase;
let stack: PaymentStack;
let web: RunningProcess;
let port: number;
let browser: Browser;

before(async () => {
  db = await createTestDatabase({ seed: true });
  port = await freePort();
  // The API tells this web server when a domain changes (its proxy cache), so it must know its port.
  stack = await startPaymentStack(db, {
    WEB_REVALIDATE_URL: `http://127.0.0.1:${port}/api/revalidate`,
    REVALIDATE_SECRET: SECRET,
    DNS_RESOLVER: 'sandbox',
    DNS_TIMEOUT_MS: '10000',
  });
  web = await startWeb(stack.api.url, { PORT: String(port), REVALIDATE_SECRET: SECRET });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await web?.stop().catch(() => undefined);
  await stack?.stop().catch(() => undefined);
  await db?.drop();
});

function get(host: string, path: string): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { host, accept: 'text/html' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
  });
}

const canonicalOf = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];

async function dns(name: string, type: string, values: string[]) {
  const res = await fetch(`${stack.sandbox.url}/__admin/dns/records`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, type, values }),
  });
  assert.equal(res.status, 200);
}

describe('a store on its own domain', () => {
  test('the verified host serves its store: canonical, JSON-LD, robots and sitemap on it', async () => {
    const home = await get(`${HOST}:${port}`, '/');
    assert.equal(home.status, 200, home.body.slice(0, 300));
    assert.match(home.body, /Nyumba/i);
    assert.equal(canonicalOf(home.body), `http://${HOST}:${port}/`);
    assert.ok(home.body.includes(`http://${HOST}:${port}/#store`), 'JSON-LD names the store on its domain');
    assert.doesNotMatch(home.body, /href="\/s\/nyumba-living/, 'links stay in host form');
    const robots = await get(`${HOST}:${port}`, '/robots.txt');
    assert.match(robots.body, new RegExp(`Sitemap: http://${HOST}:${port}/sitemap.xml`));
    const sitemap = await get(`${HOST}:${port}`, '/sitemap.xml');
    assert.equal(sitemap.status, 200);
    assert.match(sitemap.body, new RegExp(`<loc>http://${HOST}/</loc>`));
    // The path form on the platform host keeps working, canonical on the custom domain.
    const pathForm = await get(`127.0.0.1:${port}`, `/s/${STORE}`);
    assert.equal(pathForm.status, 200);
    assert.equal(canonicalOf(pathForm.body), `http://${HOST}/`);
  });

  test('the platform subdomain 301s to it; another store under it is 404; unknown hosts are 404', async () => {
    const sub = await get(`${STORE}.localhost:${port}`, '/search?q=sofa');
    assert.equal(sub.status, 301);
    assert.equal(sub.location, `http://${HOST}:${port}/search?q=sofa`);
    const other = await get(`${HOST}:${port}`, '/s/saa-bora');
    assert.equal(other.status, 404);
    assert.doesNotMatch(other.body, /Saa Bora/i);
    const otherDeep = await get(`${HOST}:${port}`, '/s/saa-bora/cart');
    assert.equal(otherDeep.status, 404);
    const own = await get(`${HOST}:${port}`, `/s/${STORE}/search?q=sofa`);
    assert.equal(own.status, 301);
    assert.equal(own.location, `http://${HOST}:${port}/search?q=sofa`);
    assert.equal((await get(`shop.nobody.test:${port}`, '/')).status, 404);
    // Other stores are untouched.
    assert.equal((await get(`saa-bora.localhost:${port}`, '/')).status, 200);
  });

  test('owner at 360 px: add a domain, see the records, check to verified; refused input says why', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await ownerLogIn(
      page,
      `http://127.0.0.1:${port}`,
      {
        store: STORE,
        login: `owner@${STORE}.sokoni.test`,
        password: DEMO_PASSWORD,
      },
      true,
    );
    await page.goto(`http://127.0.0.1:${port}/owner/settings`);
    await page.locator('[data-domains-link]').click();
    await page.waitForURL((u) => u.pathname === '/owner/settings/domains');
    const demo = page.locator(`[data-domain="${HOST}"]`);
    assert.equal(await demo.getAttribute('data-state'), 'verified');
    assert.match(await demo.locator('[data-state-badge]').innerText(), /Verified/);
    assert.ok(await demo.locator('[data-primary]').isVisible());

    await page.locator('input[name="host"]').fill('not a domain!');
    await page.locator('[data-add-domain]').click();
    await page.locator('[data-flash="error"]').waitFor();
    assert.match(await page.locator('[data-flash="error"]').innerText(), /domain/i);

    await page.locator('input[name="host"]').fill('saa-bora.sokoni.test');
    await page.locator('[data-add-domain]').click();
    assert.match(await page.locator('[data-flash="error"]').innerText(), /another store/);

    await page.locator('input[name="host"]').fill('WWW.Nyumba-Living.co.ke');
    await page.locator('[data-add-domain]').click();
    await page.locator('[data-flash="ok"]').waitFor();
    const card = page.locator('[data-domain="www.nyumba-living.co.ke"]');
    assert.equal(await card.getAttribute('data-state'), 'waiting_for_dns');
    assert.match(await card.locator('[data-state-text]').innerText(), /^Waiting for DNS/);
    const records = await card.locator('[data-record] pre').allInnerTexts();
    assert.deepEqual(records.slice(0, 2), ['www.nyumba-living.co.ke', 'stores.localhost']);
    assert.equal(records[2], '_sokoni-verify.www.nyumba-living.co.ke');
    assert.match(records[3]!, /^sokoni-verify=[a-z0-9]{32}$/);
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'no sideways scrolling at 360 px',
    );
    await page.screenshot({ path: '/tmp/custom-domain-owner-360.png', fullPage: true });

    await dns('www.nyumba-living.co.ke', 'CNAME', ['stores.localhost']);
    await dns('_sokoni-verify.www.nyumba-living.co.ke', 'TXT', [records[3]!]);
    await card.locator('[data-check]').click();
    await page.locator('[data-flash]').waitFor();
    assert.equal(await page.locator('[data-domain="www.nyumba-living.co.ke"]').getAttribute('data-state'), 'verified');
    await context.close();
  });

  test('removing the primary domain stops serving it at once; the next verified one takes over', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await ownerLogIn(
      page,
      `http://127.0.0.1:${port}`,
      {
        store: STORE,
        login: `owner@${STORE}.sokoni.test`,
        password: DEMO_PASSWORD,
      },
      true,
    );
    assert.equal((await get(`${HOST}:${port}`, '/')).status, 200, 'served (and cached by the proxy)');
    await page.goto(`http://127.0.0.1:${port}/owner/settings/domains`);
    await page.locator(`[data-domain="${HOST}"] [data-remove]`).click();
    await page.locator('[data-flash="ok"]').waitFor();
    assert.match(await page.locator('[data-flash="ok"]').innerText(), /removed/);
    assert.equal(await page.locator(`[data-domain="${HOST}"]`).count(), 0);

    assert.equal((await get(`${HOST}:${port}`, '/')).status, 404, 'not served the moment it is removed');
    const sub = await get(`${STORE}.localhost:${port}`, '/');
    assert.equal(sub.status, 301);
    assert.equal(sub.location, `http://www.nyumba-living.co.ke:${port}/`);
    const www = await get(`www.nyumba-living.co.ke:${port}`, '/');
    assert.equal(www.status, 200);
    assert.equal(canonicalOf(www.body), `http://www.nyumba-living.co.ke:${port}/`);
    await context.close();
  });
});
