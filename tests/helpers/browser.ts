import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing reaching outside this machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // <store>.localhost must reach the IPv4 loopback the test server listens on.
      '--host-resolver-rules=MAP *.localhost 127.0.0.1',
    ],
  });
}

/** A cheap Android phone: 360x740 CSS pixels, 2x, touch (every storefront and dashboard test). */
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const;

/** A fresh phone (its own cookies and storage) with one page open. */
export async function phonePage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...PHONE, ...options });
  return { context, page: await context.newPage() };
}

/**
 * Logs in to the owner dashboard through its form, as an owner would. `landsHome` waits for
 * /owner (a login that must succeed); otherwise it only waits for the next page (a refusal is
 * drawn on the login page).
 */
export async function ownerLogIn(
  page: Page,
  webUrl: string,
  account: { store: string; login: string; password: string },
  landsHome = false,
): Promise<void> {
  await page.goto(`${webUrl}/owner/login`);
  await page.locator('input[name="store"]').fill(account.store);
  await page.locator('input[name="login"]').fill(account.login);
  await page.locator('input[name="password"]').fill(account.password);
  await page.locator('button[type="submit"]', { hasText: 'Log in' }).click();
  if (landsHome) await page.waitForURL((url) => url.pathname === '/owner');
  else await page.waitForLoadState('domcontentloaded');
}

/** What a shopper types at checkout; the area is picked from the type-ahead (Kilimani unless said). */
export interface CheckoutDetails {
  phone: string;
  name?: string;
  /** What is typed into the area field (default 'kilimani'). */
  typed?: string;
  /** The option picked, and the name the summary's delivery row then shows (default 'Kilimani'). */
  areaName?: string;
}

/**
 * The checkout page filled as a shopper with JavaScript does (the checkout island): phone typed
 * key by key, name, area by type-ahead; waits until the summary's delivery row names the area.
 */
export async function fillCheckout(page: Page, details: CheckoutDetails): Promise<void> {
  const { phone, name = 'Wanjiru Kamau', typed = 'kilimani', areaName = 'Kilimani' } = details;
  await page.locator('#co-phone').pressSequentially(phone);
  await page.locator('#co-name').fill(name);
  await page.locator('[data-area-input]').pressSequentially(typed, { delay: 30 });
  const option = page.locator('[data-area-list] [role="option"]', { hasText: areaName }).first();
  await option.waitFor({ timeout: 10_000 });
  await option.click();
  await page.locator('[data-summary] [data-row="delivery"]', { hasText: areaName }).waitFor({ timeout: 10_000 });
}

/** "Place order" on a filled checkout of `store`; waits for the order page and returns the order's id. */
export async function tapPlaceOrder(page: Page, store: string): Promise<string> {
  await page.locator('[data-place]').click();
  const orderUrl = new RegExp(`/s/${store}/orders/[0-9a-f-]{36}(\\?payment=[0-9a-f-]{36})?$`);
  // One-tap pay (issue 13) with JavaScript draws the live payment block into the checkout
  // (tests/web/one-tap-pay.e2e.test.ts covers that); callers here continue on the order page it
  // links to, where the page without JavaScript (or without a prompt) lands: `?payment=<id>`.
  const inPage = page.locator('[data-order-link]');
  const waits = [page.waitForURL(orderUrl), inPage.waitFor()];
  for (const w of waits) w.catch(() => undefined); // the one that loses times out later, unheard
  await Promise.any(waits);
  if (!orderUrl.test(page.url()))
    await page.goto(new URL((await inPage.getAttribute('data-order-link'))!, page.url()).href);
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** One-tap pay with JavaScript: "Place order and pay" keeps the checkout URL; the order id from its live block. */
export async function tapPlaceOrderInPage(page: Page): Promise<string> {
  const before = page.url();
  await page.locator('[data-place]').click();
  const link = page.locator('[data-order-link]');
  await link.waitFor({ timeout: 15_000 });
  if (page.url() !== before) throw new Error(`one-tap pay left the checkout for ${page.url()}`);
  return new URL((await link.getAttribute('data-order-link'))!, page.url()).pathname.split('/').pop()!;
}

/** "Add to cart" on a product page (the island, JavaScript on); waits until the page says it is in the cart. */
export async function addToCartOn(page: Page, productUrl: string): Promise<void> {
  await page.goto(productUrl);
  await page.locator('[data-add]').click();
  await page.locator('[data-cart-status]').filter({ hasText: 'in cart' }).waitFor({ timeout: 10_000 });
}

/** Posts a form the page does not offer, from the page (what a curious staff member could do). */
export async function forcePost(page: Page, action: string, fields: Record<string, string>): Promise<void> {
  await page.evaluate(
    ({ action, fields }) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement('input');
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    },
    { action, fields },
  );
}

/**
 * A double tap on a form's button: submitted twice in one go (and the button clicked too, with
 * `alsoClick`). Returns the bodies of the POSTs the page sends to a URL ending in `postPath`,
 * filled as they go out (an island that guards the form lets one through).
 */
export async function doubleSubmit(
  page: Page,
  selectors: { form: string; button: string },
  postPath: string,
  alsoClick = false,
): Promise<string[]> {
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(postPath)) posts.push(r.postData() ?? '');
  });
  await page.evaluate(
    ({ form, button, alsoClick }) => {
      const f = document.querySelector<HTMLFormElement>(form)!;
      const b = f.querySelector<HTMLButtonElement>(button)!;
      f.requestSubmit(b);
      f.requestSubmit(b);
      if (alsoClick) b.click();
    },
    { ...selectors, alsoClick },
  );
  return posts;
}
