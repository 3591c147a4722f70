// The web server's storefront page cache (apps/web/page-cache.mjs, docs/operate/caching.md), end
// to end: the production Next build, the API and the worker (its seo jobs purge and warm), over
// plain HTTP with chosen Host and Cookie headers. A cached page is the same HTML for everyone but
// its nonce (fresh per response, matching the CSP header); languages, URL forms and cookies that
// change the page are cached apart or not at all; an owner's price change shows within the
// documented bound; the warm-up job leaves pages a first shopper gets from the cache.
import assert from 'node:assert/strict';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, first, rowsQuery, type TestDatabase } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import {
  freePort,
  serverEnv,
  startApi,
  startWeb,
  startWorker,
  type RunningApi,
  type RunningProcess,
} from '../helpers/processes.ts';
import { logMark, waitForJobCompleted, waitUntil } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const WARM_STORE = 'saa-bora';
/** The documented bound for a price change through the revalidate hook (docs/operate/caching.md). */
const HOOK_BOUND_MS = 15_000;
const SECRET = randomBytes(24).toString('base64url');

let db: TestDatabase;
let api: RunningApi;
let worker: RunningProcess;
let web: RunningProcess;
let port: number;
const rows = rowsQuery(() => db.ownerUrl);

before(async () => {
  db = await createTestDatabase({ seed: true });
  port = await freePort();
  const env = serverEnv(db, {
    WEB_REVALIDATE_URL: `http://127.0.0.1:${port}/api/revalidate`,
    REVALIDATE_SECRET: SECRET,
    STOREFRONT_URL_TEMPLATE: `http://{slug}.localhost:${port}`,
    // Only the warm-ups this file causes (after a purge): a schedule would refill pages mid-test.
    PAGE_WARM_INTERVAL_MS: '0',
  });
  api = await startApi(env);
  worker = await startWorker(env);
  web = await startWeb(api.url, { PORT: String(port), REVALIDATE_SECRET: SECRET, PAGE_CACHE_TTL_S: '60' });
});

after(async () => {
  await web?.stop().catch(() => undefined);
  await worker?.stop().catch(() => undefined);
  await api?.stop().catch(() => undefined);
  await db?.drop();
});

interface Page {
  status: number;
  cache: string | undefined;
  csp: string;
  requestId: string | undefined;
  body: string;
}

function get(path: string, options: { host?: string; cookie?: string } = {}): Promise<Page> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${port}`, accept: 'text/html' };
    if (options.cookie) headers.cookie = options.cookie;
    const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          cache: res.headers['x-sokoni-page-cache'] as string | undefined,
          csp: String(res.headers['content-security-policy'] ?? ''),
          requestId: res.headers['x-request-id'] as string | undefined,
          body,
        }),
      );
    });
    req.on('error', reject);
  });
}

const nonceOf = (page: Page) => /'nonce-([^']+)'/.exec(page.csp)?.[1] ?? '';
/** The page with its nonce blanked: what must be the same for every shopper. */
const shared = (page: Page) => page.body.split(nonceOf(page)).join('NONCE');
const hostForm = (store: string) => `${store}.localhost:${port}`;

/** Requests until the page is cached (a render that raced a purge is not stored), then returns the HIT. */
async function cached(path: string, options: { host?: string; cookie?: string } = {}): Promise<Page> {
  return waitUntil(
    `${options.host ?? ''}${path} to be served from the page cache`,
    () => get(path, options),
    (p) => p.cache === 'HIT',
  );
}

describe('storefront page cache', () => {
  test('the second anonymous GET is a HIT: the same HTML, a fresh nonce that matches the CSP header', async () => {
    const product = first(
      await rows<{ slug: string }>(
        `SELECT p.slug FROM products p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = $1 AND p.status = 'active' ORDER BY p.slug LIMIT 1`,
        [STORE],
      ),
    );
    const path = `/s/${STORE}/products/${product.slug}`;
    const miss = await get(path);
    assert.equal(miss.status, 200);
    assert.equal(miss.cache, 'MISS');
    const hit = await get(path);
    const again = await get(path);
    for (const page of [hit, again]) {
      assert.equal(page.status, 200);
      assert.equal(page.cache, 'HIT');
      assert.match(nonceOf(page), /^[A-Za-z0-9+/]{22}==$/);
      assert.ok(page.body.includes(`nonce="${nonceOf(page)}"`), 'inline scripts carry this response nonce');
      assert.equal(shared(page), shared(miss), 'identical HTML but the nonce');
    }
    assert.equal(new Set([nonceOf(miss), nonceOf(hit), nonceOf(again)]).size, 3, 'a nonce per response');
    assert.ok(!hit.body.includes(nonceOf(miss)), 'the stored nonce is never served again');
    assert.notEqual(hit.requestId, again.requestId, 'the correlation id is per request');
  });

  test('a miss goes out gzip-compressed as Next sends it (not the plain copy the cache keeps); the hit is the same page', async () => {
    const product = first(
      await rows<{ slug: string }>(
        `SELECT p.slug FROM products p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = $1 AND p.status = 'active' ORDER BY p.slug DESC LIMIT 1`,
        [STORE],
      ),
    );
    const path = `/s/${STORE}/products/${product.slug}`;
    const gzipped = (): Promise<Page & { encoding: string | undefined; wireBytes: number }> =>
      new Promise((resolve, reject) => {
        const headers = { host: `127.0.0.1:${port}`, accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' };
        http
          .get({ host: '127.0.0.1', port, path, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const wire = Buffer.concat(chunks);
              const encoding = res.headers['content-encoding'];
              resolve({
                status: res.statusCode ?? 0,
                cache: res.headers['x-sokoni-page-cache'] as string | undefined,
                csp: String(res.headers['content-security-policy'] ?? ''),
                requestId: res.headers['x-request-id'] as string | undefined,
                body: (encoding === 'gzip' ? gunzipSync(wire) : wire).toString('utf8'),
                encoding,
                wireBytes: wire.length,
              });
            });
          })
          .on('error', reject);
      });
    const miss = await gzipped();
    assert.equal(miss.cache, 'MISS');
    assert.equal(miss.encoding, 'gzip', 'a miss is compressed for a client that takes gzip');
    assert.ok(miss.wireBytes < Buffer.byteLength(miss.body) / 2, `${miss.wireBytes} bytes on the wire`);
    const hit = await gzipped();
    assert.equal(hit.cache, 'HIT', 'the compressed miss was stored (as plain HTML)');
    assert.equal(hit.encoding, 'gzip');
    assert.equal(shared(hit), shared(miss), 'identical HTML but the nonce');
    assert.ok(hit.body.includes(`nonce="${nonceOf(hit)}"`));
  });

  test('Swahili and English pages are cached apart (by ?lang= and by the language cookie)', async () => {
    const sw = await cached(`/s/${STORE}?lang=sw`);
    const en = await cached(`/s/${STORE}?lang=en`);
    assert.match(sw.body, /<html lang="sw"/);
    assert.match(en.body, /<html lang="en"/);
    const plain = await cached(`/s/${STORE}`);
    assert.match(plain.body, /<html lang="en"/, 'the store default');
    const byCookie = await cached(`/s/${STORE}`, { cookie: `sokoni_lang_${STORE}=sw` });
    assert.match(byCookie.body, /<html lang="sw"/, 'the cookie picks its own cached copy');
  });

  test('host form and path form are cached apart', async () => {
    const hostPage = await cached('/', { host: hostForm(STORE) });
    const pathPage = await cached(`/s/${STORE}`);
    assert.ok(!hostPage.body.includes(`href="/s/${STORE}/`), 'host form links stay in host form');
    assert.ok(pathPage.body.includes(`href="/s/${STORE}/`), 'path form links stay in path form');
  });

  test('a shopper with a cart never gets another shopper cart badge; other personal cookies bypass', async () => {
    const path = `/s/${STORE}`;
    const anonymous = await cached(path);
    const withCart = await get(path, { cookie: `sokoni_cart_${STORE}=tok-a; sokoni_cart_n_${STORE}=3` });
    assert.equal(withCart.cache, 'HIT', 'the cart cookies do not change the HTML');
    const other = await get(path, { cookie: `sokoni_cart_${STORE}=tok-b; sokoni_cart_n_${STORE}=7` });
    for (const page of [withCart, other]) {
      assert.equal(shared(page), shared(anonymous), 'the same HTML as an anonymous shopper');
      // The count is filled in the browser from the shopper's own cookie, never written into the HTML.
      assert.match(page.body, /<span class="cart-count" data-cart-count=""><\/span>/);
    }
    const flash = await get(path, { cookie: `sokoni_flash_${STORE}=eyJ4IjoxfQ` });
    assert.equal(flash.cache, 'BYPASS');
    assert.equal((await get(`/s/${STORE}/cart`)).cache, undefined, 'the cart page is never looked up');
    assert.equal((await get('/')).cache, undefined, "the platform's landing page is not a store page");
  });

  test('after an owner price change the product and category pages show it within the bound; the warm-up refills', async (t) => {
    // A single-variant product without a sale, on the first page of its category.
    const candidates = await rows<{ product: string; category: string; sku: string; price_kes: number }>(
      `SELECT p.slug AS product, c.slug AS category, v.sku, v.price_kes
         FROM products p JOIN tenants t ON t.id = p.tenant_id
         JOIN categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
         JOIN product_variants v ON v.tenant_id = p.tenant_id AND v.product_id = p.id
        WHERE t.slug = $1 AND p.status = 'active'
          AND (SELECT count(*) FROM product_variants w WHERE w.tenant_id = p.tenant_id AND w.product_id = p.id) = 1
          AND NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.tenant_id = v.tenant_id AND r.variant_id = v.id)
        ORDER BY c.slug, p.slug`,
      [STORE],
    );
    let chosen: (typeof candidates)[number] | undefined;
    for (const c of candidates) {
      const page = await get(`/s/${STORE}/c/${c.category}`);
      if (page.body.includes(`/products/${c.product}"`)) {
        chosen = c;
        break;
      }
    }
    assert.ok(chosen, 'a product listed on its category page');
    const productPath = `/s/${STORE}/products/${chosen.product}`;
    const categoryPath = `/s/${STORE}/c/${chosen.category}`;
    await cached(productPath);
    await cached(categoryPath);
    await cached('/', { host: hostForm(STORE) });

    const newPrice = chosen.price_kes === 7913 ? 7917 : 7913;
    const shown = `KES ${newPrice.toLocaleString('en-KE')}`;
    const call = jsonCaller(() => api.url, '10.77');
    const owner = await demoLogin(call, STORE, 'owner');
    const since = logMark(worker);
    const changedAt = Date.now();
    const answer = await call(
      'PATCH',
      `/v1/owner/catalog/variants/${chosen.sku}/price`,
      { priceKes: newPrice },
      owner.accessToken,
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));

    const seen = await waitUntil(
      'the product and category pages to show the new price',
      async () => [await get(productPath), await get(categoryPath)],
      (pages) => pages.every((p) => p.status === 200 && p.body.includes(shown)),
      { timeoutMs: 90_000, intervalMs: 100 },
    );
    const elapsed = Date.now() - changedAt;
    t.diagnostic(`new price on the product and category pages ${elapsed} ms after the save`);
    assert.ok(elapsed <= HOOK_BOUND_MS, `new price shown after ${elapsed} ms (bound ${HOOK_BOUND_MS} ms)`);
    assert.equal(seen.length, 2);

    // The purge queued a warm-up of the store; once it ran, a first request is already a HIT.
    await waitForJobCompleted(worker, { name: 'storefront.warm' }, { since, timeoutMs: 60_000 });
    const warmed = await get('/', { host: hostForm(STORE) });
    assert.equal(warmed.cache, 'HIT', 'the home page in host form was warmed after the purge');
  });

  test('the warm-up job fills the cache: a first request after it is a HIT', async () => {
    const newest = first(
      await rows<{ slug: string }>(
        `SELECT p.slug FROM products p JOIN tenants t ON t.id = p.tenant_id
          WHERE t.slug = $1 AND p.status = 'active' ORDER BY p.created_at DESC, p.slug LIMIT 1`,
        [WARM_STORE],
      ),
    );
    const [{ enqueue, bullPrefix }, { Queue }, { REDIS_URL }] = await Promise.all([
      import('../../apps/api/dist/queues/queues.js'),
      import('bullmq'),
      import('../helpers/database.ts'),
    ]);
    const tenant = first(await rows<{ id: string }>(`SELECT id FROM tenants WHERE slug = $1`, [WARM_STORE]));
    const queue = new Queue('seo', {
      connection: { url: REDIS_URL },
      prefix: bullPrefix(String(api.env.REDIS_KEY_PREFIX)),
    });
    try {
      const since = logMark(worker);
      await enqueue(queue, 'storefront.warm', tenant.id, {});
      const done = await waitForJobCompleted(worker, { name: 'storefront.warm' }, { since, timeoutMs: 60_000 });
      assert.ok(done, 'the warm-up ran');
    } finally {
      await queue.close();
    }
    for (const path of ['/', `/products/${newest.slug}`]) {
      const page = await get(path, { host: hostForm(WARM_STORE) });
      assert.equal(page.status, 200);
      assert.equal(page.cache, 'HIT', `${path} was warmed`);
    }
  });
});
