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
