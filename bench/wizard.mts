// The store creation wizard as a new merchant plays it: real Chromium on a 360 px phone against
// the production Next build, the real API and worker on a fresh seeded Postgres and Redis, and the
// Daraja sandbox. From the platform home ("Create your store") through the 8 screens: store name
// and category, account (sign-up), contact, M-Pesa till with the sandbox passkey and "Test
// connection", Nairobi delivery defaults, the starter products, the suggested return policy,
// publish. Then a shopper buys the store's first product through the storefront API and pays by
// M-Pesa STK push (sandbox phone ending 0000): `published` is true only if the store answers 200
// AND that order is paid.
//
// Counts: screens (distinct wizard pages the merchant saw), fields_typed (inputs filled by typing;
// pre-filled fields accepted as they are do not count), clicks, seconds (wall time of the
// journey in the browser). And an estimate for a person, by the formula in HUMAN_FORMULA.
//
// Writes bench/results/wizard.json and prints ONE final line, e.g.
//   wizard: 8 screens, 9 fields typed, 11 clicks, 23 s, published true, est. human 8 min
//
// Build: the server with scripts/lib/build.mjs (tsc -b); the web app into its own build directory
// (NEXT_DIST_DIR, default .next-bench-wizard, so a build someone else runs is never disturbed),
// skipped when that build is newer than the sources. apps/web/.next is reused instead when it is
// newer than every source (and NEXT_DIST_DIR is not set). SOKONI_REBUILD=1 forces the build.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Locator, Page } from 'playwright-core';

// ---------------------------------------------------------------------------------------------
// The merchant's journey (shared with tests/web/wizard.e2e.test.ts)

/** The Daraja sandbox's public passkey (it accepts any consumer key and secret). */
export const SANDBOX_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';

export interface Merchant {
  storeName: string;
  vertical: 'electronics' | 'fashion' | 'watches' | 'home';
  ownerName: string;
  phone: string;
  password: string;
  location: string;
  till: string;
  consumerKey: string;
  consumerSecret: string;
  passkey: string;
}

export const demoMerchant = (n = 1): Merchant => ({
  storeName: n === 1 ? 'Kibanda Gadgets' : `Kibanda Gadgets ${n}`,
  vertical: 'electronics',
  ownerName: 'Wanjiru Kamau',
  phone: `0712 00${n} 111`,
  password: 'kibanda-2025-pass',
  location: 'Luthuli Avenue, Nairobi CBD',
  till: '5123456',
  consumerKey: 'kibanda-consumer-key-01',
  consumerSecret: 'kibanda-consumer-secret-01',
  passkey: SANDBOX_PASSKEY,
});

export interface JourneyResult {
  slug: string;
  /** Distinct wizard pages seen, in order (paths without query). */
  screens: string[];
  /** Inputs the merchant filled (typed or pasted); pre-filled ones accepted as they are do not count. */
  fieldsTyped: number;
  /** Characters typed by hand (pasted fields excluded). */
  charsTyped: number;
  /** Of fieldsTyped, the Daraja keys: copied from the portal and pasted rather than typed key by key. */
  fieldsPasted: number;
  clicks: number;
  seconds: number;
  /** The API's answer to "Test connection", as shown. */
  mpesaTest: string;
  liveLink: string;
}

/** Fields a merchant copies from the Daraja portal rather than types. */
const PASTED = new Set(['consumerKey', 'consumerSecret', 'passkey']);

/**
 * Plays the merchant from the platform home to the live store. Every typed field and click goes
 * through type()/click() so the counts are what a person would do.
 */
export async function playWizard(page: Page, webUrl: string, m: Merchant): Promise<JourneyResult> {
  const screens: string[] = [];
  const seen = (url: string) => {
    const p = new URL(url).pathname;
    if ((p === '/start' || p.startsWith('/start/')) && !p.startsWith('/start/save') && !screens.includes(p))
      screens.push(p);
  };
  const onNav = (frame: { url(): string; parentFrame(): unknown }) => {
    if (!frame.parentFrame()) seen(frame.url());
  };
  page.on('framenavigated', onNav);
  let fieldsTyped = 0;
  let charsTyped = 0;
  let fieldsPasted = 0;
  let clicks = 0;
  const type = async (name: string, value: string) => {
    await page.locator(`[name="${name}"]`).fill(value);
    fieldsTyped++;
    if (PASTED.has(name)) fieldsPasted++;
    else charsTyped += value.length;
  };
  const click = async (locator: Locator, then?: RegExp) => {
    clicks++;
    if (then) {
      await Promise.all([page.waitForURL(then, { waitUntil: 'domcontentloaded' }), locator.click()]);
    } else {
      await locator.click();
    }
  };
  const expectPath = (p: string) => {
    const at = new URL(page.url()).pathname;
    if (at !== p) throw new Error(`expected to be on ${p}, but the browser is on ${page.url()}`);
  };

  const started = performance.now();
  await page.goto(`${webUrl}/`);
  await click(page.locator('a[data-create-store]'), /\/start$/);

  // 1. Store name and category
  await type('storeName', m.storeName);
  await click(page.locator(`label[data-vertical="${m.vertical}"]`));
  await click(page.locator('form[data-form="store"] button[type="submit"]'), /\/start\/account/);

  // 2. Account -> sign-up
  const slug = (await page.locator('[data-slug]').innerText()).split('.')[0]!;
  await type('ownerName', m.ownerName);
  await type('phone', m.phone);
  await type('password', m.password);
  await click(page.locator('form[data-form="account"] button[type="submit"]'), /\/start\/contact/);

  // 3. Contact: WhatsApp is pre-filled from the phone; only the location is typed.
  const whatsapp = await page.locator('[name="whatsappNumber"]').inputValue();
  if (whatsapp.replace(/\D/g, '') !== m.phone.replace(/\D/g, ''))
    throw new Error(`WhatsApp number not pre-filled from the phone (got "${whatsapp}")`);
  await type('location', m.location);
  await click(page.locator('form[data-form="contact"] button[type="submit"]'), /\/start\/mpesa/);

  // 4. M-Pesa: till (the default choice), its number, the three Daraja keys; save and test.
  await type('number', m.till);
  await type('consumerKey', m.consumerKey);
  await type('consumerSecret', m.consumerSecret);
  await type('passkey', m.passkey);
  await click(page.locator('button[data-mpesa-save-test]'), /\/start\/mpesa\?test=/);
  const mpesaTest = (await page.locator('[data-flash]').innerText()).trim();
  await page
    .locator('[data-test-result="ok"]')
    .waitFor({ timeout: 5000 })
    .catch(() => {
      throw new Error(`M-Pesa test connection did not pass: ${mpesaTest}`);
    });
  await click(page.locator('a[data-continue]'), /\/start\/delivery/);

  // 5. Delivery: the Nairobi defaults in one tap.
  await click(page.locator('button[data-use-defaults]'), /\/start\/products/);

  // 6. Products: the starter set.
  await click(page.locator('button[data-starter]'), /\/start\/policy/);

  // 7. Return policy: the suggestion, accepted as it is.
  await click(page.locator('form[data-form="policy"] button[type="submit"]'), /\/start\/publish/);

  // 8. Review and publish.
  expectPath('/start/publish');
  await click(page.locator('button[data-publish]'), /\/start\/publish\?f=/);
  await page.locator('[data-live]').waitFor();
  const liveLink = await page.locator('[data-store-link]').innerText();
  const seconds = (performance.now() - started) / 1000;
  page.off('framenavigated', onNav);
  return { slug, screens, fieldsTyped, charsTyped, fieldsPasted, clicks, seconds, mpesaTest, liveLink };
}

// ---------------------------------------------------------------------------------------------
// A shopper buys the first product (storefront API, sandbox M-Pesa)

export interface Purchase {
  storeStatus: number;
  sku: string;
  orderId: string;
  orderNumber: number;
  totalKes: number;
  status: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A JSON call; `data` is the answer as the shape T the caller names (not checked), or the text if not JSON. */
async function call<T = unknown>(
  apiUrl: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; data: T | null }> {
  const res = await fetch(`${apiUrl}${p}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    data = text;
  }
  return { status: res.status, data: data as T | null };
}

/**
 * cart -> order (phone 07xx xxx 000, which the sandbox pays) -> STK push -> wait for paid.
 * Throws with the API's answer when a step is refused.
 */
export async function buyFirstProduct(
  apiUrl: string,
  slug: string,
  phone = '0722 330 000',
  timeoutMs = 30_000,
): Promise<Purchase> {
  const store = await call(apiUrl, 'GET', `/v1/stores/${slug}`);
  if (store.status !== 200) throw new Error(`store ${slug}: ${store.status} ${JSON.stringify(store.data)}`);
  const list = await call<{ items: { slug: string; inStock: boolean }[] }>(
    apiUrl,
    'GET',
    `/v1/stores/${slug}/products?limit=10`,
  );
  if (list.status !== 200) throw new Error(`products: ${list.status} ${JSON.stringify(list.data)}`);
  const card = list.data!.items.find((p) => p.inStock);
  if (!card) throw new Error('no product in stock');
  const detail = await call<{ product: { variants: { sku: string; inStock: boolean }[] } }>(
    apiUrl,
    'GET',
    `/v1/stores/${slug}/products/${card.slug}`,
  );
  const variant = detail.data!.product.variants.find((v) => v.inStock);
  if (!variant) throw new Error(`no variant in stock for ${card.slug}`);
  const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
  const cart = await call<{ cart: { token: string } }>(
    apiUrl,
    'POST',
    `/v1/stores/${slug}/cart/lines`,
    { sku: variant.sku, quantity: 1 },
    { 'x-forwarded-for': ip },
  );
  if (cart.status !== 200) throw new Error(`cart: ${cart.status} ${JSON.stringify(cart.data)}`);
  const order = await call<{ order: { id: string; number: number; totalKes: number } }>(
    apiUrl,
    'POST',
    `/v1/stores/${slug}/orders`,
    { phone, name: 'Achieng Otieno', areaSlug: 'kilimani' },
    {
      'idempotency-key': `order-${randomUUID()}`,
      'x-cart-token': cart.data!.cart.token,
      'x-forwarded-for': ip,
    },
  );
  if (order.status !== 201) throw new Error(`order: ${order.status} ${JSON.stringify(order.data)}`);
  const { id, number, totalKes } = order.data!.order;
  const pay = await call(
    apiUrl,
    'POST',
    `/v1/stores/${slug}/orders/${id}/payments`,
    {},
    { 'idempotency-key': `pay-${randomUUID()}`, 'x-forwarded-for': ip },
  );
  if (pay.status !== 201) throw new Error(`payment: ${pay.status} ${JSON.stringify(pay.data)}`);
  const deadline = Date.now() + timeoutMs;
  let status = 'pending_payment';
  while (Date.now() < deadline) {
    const payments = await call<{ orderStatus?: string }>(
      apiUrl,
      'GET',
      `/v1/stores/${slug}/orders/${id}/payments`,
      undefined,
      {
        'x-forwarded-for': ip,
      },
    );
    status = payments.data?.orderStatus ?? status;
    if (status !== 'pending_payment') break;
    await sleep(250);
  }
  return { storeStatus: store.status, sku: variant.sku, orderId: id, orderNumber: number, totalKes, status };
}

// ---------------------------------------------------------------------------------------------
// The estimate for a person

export const HUMAN_FORMULA = {
  text: '30 s per screen (reading, deciding) + 2 s per character typed by hand + 10 s per key pasted from the Daraja portal + 2 s per tap',
  secondsPerScreen: 30,
  secondsPerChar: 2,
  secondsPerPastedField: 10,
  secondsPerClick: 2,
};

export function humanSeconds(r: Pick<JourneyResult, 'screens' | 'charsTyped' | 'fieldsPasted' | 'clicks'>): number {
  const f = HUMAN_FORMULA;
  return (
    r.screens.length * f.secondsPerScreen +
    r.charsTyped * f.secondsPerChar +
    r.fieldsPasted * f.secondsPerPastedField +
    r.clicks * f.secondsPerClick
  );
}

// ---------------------------------------------------------------------------------------------
// The benchmark

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = entry.name;
    if (
      name.startsWith('.next') ||
      name === 'node_modules' ||
      name === 'dist' ||
      name === 'tsconfig.tsbuildinfo' ||
      name === 'next-env.d.ts' ||
      name === 'tsconfig.json'
    )
      continue;
    const full = path.join(dir, name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt(root: string, dist: string): number {
  try {
    return statSync(path.join(root, 'apps/web', dist, 'BUILD_ID')).mtimeMs;
  } catch {
    return 0;
  }
}

/** The web build to run: an up-to-date one, or a fresh one in our own directory. */
function webBuild(root: string): string {
  const sources = Math.max(
    newestSource(path.join(root, 'apps/web')),
    newestSource(path.join(root, 'packages/contracts/src')),
  );
  const asked = process.env.NEXT_DIST_DIR;
  const force = process.env.SOKONI_REBUILD === '1';
  if (!asked && !force && builtAt(root, '.next') > sources) {
    process.stdout.write('[build] web: apps/web/.next is up to date, reusing it\n');
    return '.next';
  }
  const dist = asked || '.next-bench-wizard';
  if (!force && builtAt(root, dist) > sources) {
    process.stdout.write(`[build] web: apps/web/${dist} is up to date, skipping next build\n`);
    return dist;
  }
  // `next build` with a custom distDir rewrites tsconfig.json and next-env.d.ts: put them back.
  const keep = ['apps/web/tsconfig.json', 'apps/web/next-env.d.ts'].map((f) => {
    try {
      return { f, text: readFileSync(path.join(root, f), 'utf8') };
    } catch {
      return null;
    }
  });
  const started = Date.now();
  const r = spawnSync('npm', ['run', 'build', '-w', '@sokoni/web'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_DIST_DIR: dist, NEXT_TELEMETRY_DISABLED: '1' },
  });
  for (const k of keep)
    if (k && readFileSync(path.join(root, k.f), 'utf8') !== k.text) writeFileSync(path.join(root, k.f), k.text);
  if (r.status !== 0) throw new Error(`web build (next build into ${dist}) failed (exit ${r.status})`);
  process.stdout.write(
    `[build] web (next build into apps/web/${dist}) done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
  );
  return dist;
}

async function main(): Promise<void> {
  // Plain JS shared with scripts/ (typed by inference: bench/tsconfig.json allows JS).
  const { build } = await import('../scripts/lib/build.mjs');
  const { createTestDatabase } = await import('../tests/helpers/database.ts');
  const { startPaymentStack } = await import('../tests/helpers/payment-stack.ts');
  const { ROOT, startWeb } = await import('../tests/helpers/processes.ts');
  const { launchChromium } = await import('../tests/helpers/browser.ts');

  build({ web: false });
  const dist = webBuild(ROOT);
  process.env.NEXT_DIST_DIR = dist;

  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanup().then(() => process.exit(130)));

  let result: Record<string, unknown>;
  let line: string;
  try {
    const db = await createTestDatabase({ seed: true });
    cleanups.push(() => db.drop());
    const stack = await startPaymentStack(db);
    cleanups.push(() => stack.stop());
    const web = await startWeb(stack.api.url);
    cleanups.push(() => web.stop());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const merchant = demoMerchant();

    const planned = await call<{ slug?: string }>(
      stack.api.url,
      'GET',
      `/v1/onboarding/slug?${new URLSearchParams({ name: merchant.storeName })}`,
    );
    const before = await call(stack.api.url, 'GET', `/v1/stores/${planned.data?.slug ?? 'kibanda-gadgets'}`);
    const journey = await playWizard(page, web.url, merchant);
    const after = await call(stack.api.url, 'GET', `/v1/stores/${journey.slug}`);
    let purchase: Purchase | null = null;
    let purchaseError: string | null = null;
    try {
      purchase = await buyFirstProduct(stack.api.url, journey.slug);
    } catch (error) {
      purchaseError = (error as Error).message;
    }
    const published = after.status === 200 && purchase?.status === 'paid';
    const human = humanSeconds(journey);
    result = {
      at: new Date().toISOString(),
      screens: journey.screens.length,
      fields_typed: journey.fieldsTyped,
      clicks: journey.clicks,
      seconds: Math.round(journey.seconds * 10) / 10,
      published,
      estimated_human_seconds: human,
      estimated_human_minutes: Math.round((human / 60) * 10) / 10,
      human_formula: HUMAN_FORMULA.text,
      targets: { screens_max: 8, fields_typed_max: 25, human_minutes_max: 30 },
      meets_targets: journey.screens.length <= 8 && journey.fieldsTyped <= 25 && human < 30 * 60,
      detail: {
        screen_paths: journey.screens,
        chars_typed: journey.charsTyped,
        fields_pasted: journey.fieldsPasted,
        fields_pasted_note:
          'of fields_typed: the three Daraja keys (consumer key, consumer secret, passkey), pasted from the Daraja portal; chars_typed excludes them',
        store: journey.slug,
        live_link: journey.liveLink,
        storefront_status_before_publish: before.status,
        storefront_status_after_publish: after.status,
        mpesa_test: journey.mpesaTest,
        purchase,
        purchase_error: purchaseError,
        web_build: `apps/web/${dist}`,
        viewport: '360x740',
      },
    };
    line = `wizard: ${journey.screens.length} screens, ${journey.fieldsTyped} fields typed, ${journey.clicks} clicks, ${Math.round(journey.seconds)} s, published ${published}, est. human ${Math.round(human / 60)} min`;
  } catch (error) {
    result = { at: new Date().toISOString(), error: (error as Error).stack ?? String(error), published: false };
    line = `wizard: failed: ${(error as Error).message.split('\n')[0]}`;
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
  const out = path.join(ROOT, 'bench/results/wizard.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  if (result.published !== true) process.exitCode = 1;
  process.stdout.write(`${line}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
