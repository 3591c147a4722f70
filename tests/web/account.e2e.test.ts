// Shopper identity by phone, as shoppers on cheap phones (360x740), in real Chromium against the
// production Next build, the real API and worker on a seeded Postgres and Redis, and the sandbox
// (the sign-in code is read from its SMS outbox): "My orders" in the store header -> phone ->
// 6-digit code -> this phone's orders only, with status and timeline; a wrong code says how many
// tries are left; Buy again fills the cart; a saved place is offered at checkout and fills area +
// landmark; Sign out; "Sign out on all phones" ends the session on another phone too; refusals
// (bad number, 429, SMS down) next to the field, never a 500; all of it without JavaScript too,
// and the account page ships no framework JavaScript.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Order } from '@sokoni/contracts';
import { rowsQuery } from '../helpers/database.ts';
import { PHONE } from '../helpers/browser.ts';
import { nextIp, shopperApi } from '../helpers/shopper-api.ts';
import { started, usePhones, useStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const CABLE = 'oraimo-usb-c-cable';
const CHARGER = 'oraimo-18w-fast-charger';
const SHOPPER = { typed: '0712 777 000', msisdn: '254712777000' };
const OTHER = { typed: '0722 555 111', msisdn: '254722555111' };
const PLACE = { label: 'Work', area: 'westlands', areaName: 'Westlands', landmark: 'Mirage Towers, blue gate' };

// The "order placed" message comes much later: the SMS outbox holds only sign-in codes.
const stack = useStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });

let paidOrder: Order;
let pendingOrder: Order;
let otherOrder: Order;

const sql = rowsQuery(() => stack.db.ownerUrl);
const viaApi = shopperApi(stack, STORE);
const { tenantId, skuOf, pay } = viaApi;

/** An order placed through the API as a shopper would (cart -> order), for `phone`. */
async function placeOrder(phone: string, lines: { product: string; quantity: number }[]): Promise<Order> {
  const skus = [];
  for (const line of lines) skus.push({ sku: await skuOf(line.product), quantity: line.quantity });
  return viaApi.placeOrder({ lines: skus, phone, name: 'Njeri Wambui' });
}

const orderCountOf = async (msisdn: string) =>
  Number((await sql<{ n: string }>('SELECT count(*) AS n FROM orders WHERE phone = $1', [msisdn]))[0]?.n);

const smsTo = async (msisdn: string) => {
  const res = await fetch(`${stack.sandbox.url}/__admin/sms/messages?to=%2B${msisdn}`);
  return ((await res.json()) as { messages: { message: string }[] }).messages;
};

/** The newest sign-in code texted to the phone, once there are more than `before` sign-in texts. */
async function codeFrom(msisdn: string, before: number): Promise<string> {
  return waitFor('the sign-in SMS', async () => {
    const codes = (await smsTo(msisdn))
      .map((m) => /your code is (\d{6})/.exec(m.message)?.[1])
      .filter((c): c is string => !!c);
    return codes.length > before ? codes[codes.length - 1]! : null;
  });
}
const codesSent = async (msisdn: string) =>
  (await smsTo(msisdn)).filter((m) => /your code is \d{6}/.test(m.message)).length;

const storeUrl = (path: string) => `${stack.web.url}/s/${STORE}${path}`;

function assertNoFrameworkJs(html: string, what: string): void {
  assert.doesNotMatch(html, /\/_next\/static\/chunks/, `${what}: no framework chunks`);
  assert.doesNotMatch(html, /<script[^>]+src=/, `${what}: no external scripts`);
  assert.doesNotMatch(html, /__NEXT_DATA__|self\.__next_f/, `${what}: no hydration payload`);
}

const fieldError = (page: Page, name: string) => page.locator(`[data-error="${name}"]`);

/** Phone form -> code form: the phone is in a cookie, never the URL. Returns the code texted. */
async function askForCode(page: Page, typed: string, msisdn: string): Promise<string> {
  const before = await codesSent(msisdn);
  await page.locator('#acct-phone').fill(typed);
  await page.locator('form[data-phone-form] button[type="submit"]').click();
  await page.locator('form[data-code-form]').waitFor();
  assert.equal(page.url(), storeUrl('/account'), 'no phone number in the URL');
  assert.equal(
    await page.locator('[data-code-phone]').innerText(),
    `0${msisdn.slice(3, 6)} ${msisdn.slice(6, 9)} ${msisdn.slice(9)}`,
  );
  return codeFrom(msisdn, before);
}

async function enterCode(page: Page, code: string): Promise<void> {
  await page.locator('#acct-code').fill(code);
  await page.locator('form[data-code-form] button[type="submit"]').click();
  await page.waitForLoadState('domcontentloaded');
}

/** "My orders": number -> status, as drawn. */
async function ordersShown(page: Page): Promise<Map<number, string>> {
  const rows = await page
    .locator('.acct-order')
    .evaluateAll((els) =>
      els.map(
        (e) =>
          [
            Number((e as HTMLElement).dataset.order),
            (e.querySelector('[data-status]') as HTMLElement).dataset.status!,
          ] as const,
      ),
    );
  return new Map(rows);
}

async function cartLines(page: Page): Promise<{ sku: string; quantity: string }[]> {
  return page.locator('.cart-line').evaluateAll((els) =>
    els
      .map((e) => ({
        sku: (e as HTMLElement).dataset.line!,
        quantity: (e.querySelector('select[name="quantity"]') as HTMLSelectElement).value,
      }))
      .sort((a, b) => a.sku.localeCompare(b.sku)),
  );
}

before(async () => {
  await started(stack);
  paidOrder = await placeOrder(SHOPPER.typed, [
    { product: CABLE, quantity: 2 },
    { product: CHARGER, quantity: 1 },
  ]);
  await pay(paidOrder);
  pendingOrder = await placeOrder(SHOPPER.typed, [{ product: CHARGER, quantity: 1 }]);
  otherOrder = await placeOrder(OTHER.typed, [{ product: CABLE, quantity: 1 }]);
});

describe('shopper account: phone + SMS code, my orders, buy again, saved places', () => {
  const phones = usePhones(stack, { shopper: {}, noJs: { javaScriptEnabled: false } });

  test('the account page ships no framework JavaScript; "My orders" is in the store header and footer', async () => {
    for (const path of ['', '/account']) {
      const res = await fetch(storeUrl(path));
      assert.equal(res.status, 200, path);
      const html = await res.text();
      assertNoFrameworkJs(html, path || 'home');
      assert.ok(html.includes(`href="/s/${STORE}/account"`), `${path || 'home'}: a link to My orders`);
    }
    const res = await fetch(storeUrl('/account'));
    assert.match(res.headers.get('cache-control') ?? '', /private, no-store/);
    const page = await phones.shopper.newPage();
    await page.goto(storeUrl(''));
    assert.equal(await page.locator('header a[data-my-orders]').innerText(), 'My orders');
    assert.equal(await page.locator('footer a', { hasText: 'My orders' }).count(), 1);
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth),
      360,
      'the header still fits a 360 px screen',
    );
    await page.close();
  });

  test("sign in: phone, the code from the SMS (a wrong one says how many tries are left), then only this phone's orders", async () => {
    const page = await phones.shopper.newPage();
    await page.goto(storeUrl(''));
    await page.locator('header a[data-my-orders]').click();
    await page.waitForURL(storeUrl('/account'));
    assert.equal(await page.locator('h1').innerText(), 'See your orders');
    assertNoFrameworkJs(await page.content(), 'account page (phone step)');

    // Not a Kenyan mobile number: said next to the field, what was typed kept.
    await page.locator('#acct-phone').fill('0712 77');
    await page.locator('form[data-phone-form] button[type="submit"]').click();
    await fieldError(page, 'phone').filter({ hasText: 'Enter a Kenyan mobile number' }).waitFor();
    assert.equal(await page.locator('#acct-phone').inputValue(), '0712 77');

    const code = await askForCode(page, SHOPPER.typed, SHOPPER.msisdn);
    assert.match(await page.locator('[data-notices]').innerText(), /We sent a 6-digit code by SMS to 0712 777 000/);
    const pending = (await phones.shopper.cookies(storeUrl('/account'))).find((c) => c.name === `sokoni_otp_${STORE}`);
    assert.ok(pending?.httpOnly, 'the phone waits in an HttpOnly cookie');

    await enterCode(page, code === '000000' ? '111111' : '000000');
    await fieldError(page, 'code').filter({ hasText: 'Wrong code. 4 tries left.' }).waitFor();
    assert.equal(await page.locator('#acct-code').getAttribute('aria-invalid'), 'true');

    await enterCode(page, code);
    await page.locator('h1', { hasText: 'My orders' }).waitFor();
    assert.equal(await page.locator('[data-signed-in]').innerText(), SHOPPER.typed);
    const shown = await ordersShown(page);
    assert.deepEqual(
      [...shown.keys()].sort(),
      [paidOrder.number, pendingOrder.number].sort(),
      "exactly this phone's two orders",
    );
    assert.ok(!shown.has(otherOrder.number), "not the other phone's order");
    assert.equal(shown.get(paidOrder.number), 'paid');
    assert.equal(shown.get(pendingOrder.number), 'pending_payment');

    const paid = page.locator(`.acct-order[data-order="${paidOrder.number}"]`);
    assert.equal(await paid.locator('[data-status]').innerText(), 'Paid');
    assert.equal(
      await page.locator(`.acct-order[data-order="${pendingOrder.number}"] [data-status]`).innerText(),
      'Awaiting M-Pesa payment',
    );
    const items = await paid.locator('[data-items]').innerText();
    for (const item of paidOrder.items)
      assert.ok(items.includes(`${item.quantity} × ${item.title}`), `items summary: ${items}`);
    const timeline = await paid.locator('.acct-timeline li').allInnerTexts();
    assert.match(timeline[0]!, /^Order placed · /);
    assert.ok(
      timeline.some((t) => t.startsWith('Paid · ')),
      `timeline: ${timeline.join(' | ')}`,
    );
    assert.equal(
      await paid.locator('a', { hasText: 'See order' }).getAttribute('href'),
      `/s/${STORE}/orders/${paidOrder.id}`,
    );
    assert.match(await paid.locator('[data-total]').innerText(), /^KES [\d,]+$/);
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth),
      360,
      'nothing wider than a 360 px screen',
    );

    // The session: HttpOnly, SameSite=Lax, only this store's pages, 30 days; the pending phone is gone.
    const cookies = await phones.shopper.cookies(storeUrl('/account'));
    const session = cookies.find((c) => c.name === `sokoni_shopper_${STORE}`);
    assert.ok(session, 'session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(session.path, `/s/${STORE}`);
    assert.ok(session.expires > Date.now() / 1000 + 29 * 24 * 3600, 'kept for 30 days');
    assert.ok(!cookies.some((c) => c.name === `sokoni_otp_${STORE}`), 'pending phone cleared');
    assert.ok(
      !(await page.evaluate(() => document.cookie)).includes(session.value.slice(0, 20)),
      'token not visible to JavaScript',
    );
    await page.close();
  });

  test("Buy again puts that order's items in the cart", async () => {
    const page = await phones.shopper.newPage();
    await page.goto(storeUrl('/account'));
    await page.locator(`.acct-order[data-order="${paidOrder.number}"] [data-buy-again]`).click();
    await page.waitForURL(storeUrl('/cart'));
    assert.deepEqual(
      await cartLines(page),
      paidOrder.items
        .map((i) => ({ sku: i.sku, quantity: String(i.quantity) }))
        .sort((a, b) => a.sku.localeCompare(b.sku)),
    );
    assert.match(
      await page.locator('[data-notices]').innerText(),
      new RegExp(`We added the items from order #${paidOrder.number} to your cart`),
    );
    assert.equal(
      await page.locator('header [data-cart-count]').innerText(),
      String(paidOrder.items.reduce((n, i) => n + i.quantity, 0)),
    );
    await page.close();
  });

  test('a saved place is offered at checkout and fills area + landmark; the phone is prefilled', async () => {
    const page = await phones.shopper.newPage();
    await page.goto(storeUrl('/account'));
    // No area chosen: said next to the form.
    await page.locator('#place-landmark').fill(PLACE.landmark);
    await page.locator('[data-add-place]').click();
    await fieldError(page, 'place').filter({ hasText: 'Choose the area' }).waitFor();
    assert.equal(await page.locator('#place-landmark').inputValue(), PLACE.landmark, 'what was typed is kept');

    await page.locator('#place-label').fill(PLACE.label);
    await page.locator('#place-area').selectOption(PLACE.area);
    await page.locator('[data-add-place]').click();
    await page.locator('.acct-place', { hasText: PLACE.landmark }).waitFor();
    assert.equal(
      await page.locator('.acct-place span').first().innerText(),
      `${PLACE.label} · ${PLACE.areaName}, ${PLACE.landmark}`,
    );

    await page.goto(storeUrl('/checkout'));
    assert.equal(await page.locator('#co-phone').inputValue(), SHOPPER.typed, 'phone prefilled from the session');
    const choice = page.locator('[data-saved-place]', { hasText: PLACE.landmark });
    assert.equal(await choice.count(), 1, 'the saved place is offered');
    await choice.click();
    assert.equal(await page.locator('select[name="area"]').inputValue(), PLACE.area);
    assert.equal(await page.locator('[data-area-input]').inputValue(), PLACE.areaName);
    assert.equal(await page.locator('#co-landmark').inputValue(), PLACE.landmark);
    await page
      .locator('[data-summary] [data-row="delivery"]', { hasText: PLACE.areaName })
      .waitFor({ timeout: 10_000 });
    assert.equal(page.url(), storeUrl('/checkout'), 'filled on the spot, no reload');
    assert.equal(await choice.getAttribute('aria-pressed'), 'true');
    await page.close();
  });

  test('sign out: the account page asks for the phone again, checkout has no saved places', async () => {
    const page = await phones.shopper.newPage();
    await page.goto(storeUrl('/account'));
    await page.locator('[data-sign-out]').click();
    await page.locator('h1', { hasText: 'See your orders' }).waitFor();
    assert.equal(await page.locator('#acct-phone').count(), 1);
    assert.ok(
      !(await phones.shopper.cookies(storeUrl('/account'))).some((c) => c.name === `sokoni_shopper_${STORE}`),
      'session cookie cleared',
    );
    await page.goto(storeUrl('/checkout'));
    assert.equal(await page.locator('#co-phone').inputValue(), '', 'no phone prefilled');
    assert.equal(await page.locator('[data-saved-place]').count(), 0);
    await page.close();
  });

  test('without JavaScript: sign in, my orders, Buy again, and a saved place at checkout', async () => {
    const page = await phones.noJs.newPage();
    await page.goto(storeUrl('/account'));
    const code = await askForCode(page, SHOPPER.typed, SHOPPER.msisdn);
    await enterCode(page, code);
    await page.locator('h1', { hasText: 'My orders' }).waitFor();
    assertNoFrameworkJs(await page.content(), 'account page (signed in)');
    const shown = await ordersShown(page);
    assert.deepEqual([...shown.keys()].sort(), [paidOrder.number, pendingOrder.number].sort());
    // The place saved with JavaScript on the other phone belongs to the phone number.
    await page.locator('.acct-place', { hasText: PLACE.landmark }).waitFor();

    await page.locator(`.acct-order[data-order="${pendingOrder.number}"] [data-buy-again]`).click();
    await page.waitForURL(storeUrl('/cart'));
    assert.deepEqual(
      await cartLines(page),
      pendingOrder.items.map((i) => ({ sku: i.sku, quantity: String(i.quantity) })),
    );

    await page.goto(storeUrl('/checkout'));
    assert.equal(await page.locator('#co-phone').inputValue(), SHOPPER.typed);
    await page.locator('#co-name').fill('Njeri Wambui');
    await page.locator('[data-saved-place]', { hasText: PLACE.landmark }).click();
    await page.locator('[data-saved-place][aria-pressed="true"]', { hasText: PLACE.landmark }).waitFor();
    assert.equal(await page.locator('select[name="area"]').inputValue(), PLACE.area);
    assert.equal(await page.locator('#co-landmark').inputValue(), PLACE.landmark);
    assert.equal(await page.locator('#co-name').inputValue(), 'Njeri Wambui', 'what was typed is kept');
    assert.match(await page.locator('[data-summary] [data-row="delivery"]').innerText(), new RegExp(PLACE.areaName));
    assert.equal(await orderCountOf(SHOPPER.msisdn), 2, 'tapping a place places nothing');

    await page.goto(storeUrl('/account'));
    await page.locator('[data-sign-out]').click();
    await page.locator('h1', { hasText: 'See your orders' }).waitFor();
    await page.close();
  });

  test('refusals are shown next to the field, never an error page: too many codes (429), SMS down (503), a code without a phone', async () => {
    const page = await phones.noJs.newPage();
    // 3 codes per phone per 10 minutes: the 4th is the API's message.
    const limited = { typed: '0733 444 555', msisdn: '254733444555' };
    for (let i = 0; i < 3; i++) {
      await page.goto(storeUrl('/account'));
      if (i > 0) await page.locator('button[value="change"]').click();
      await page.locator('#acct-phone').fill(limited.typed);
      await page.locator('form[data-phone-form] button[type="submit"]').click();
      await page.locator('form[data-code-form]').waitFor();
    }
    await page.locator('button[value="resend"]').click();
    await fieldError(page, 'code').filter({ hasText: 'Too many codes sent to this number' }).waitFor();
    await page.locator('button[value="change"]').click();
    await page.locator('#acct-phone').fill(limited.typed);
    const post = page.waitForResponse((r) => r.url().endsWith('/account/otp'));
    await page.locator('form[data-phone-form] button[type="submit"]').click();
    assert.equal((await post).status(), 303);
    await fieldError(page, 'phone')
      .filter({ hasText: 'Too many codes sent to this number. Wait a few minutes, then ask again.' })
      .waitFor();

    // The SMS gateway fails for this number: the API's 503 in words.
    const down = { typed: '0744 000 111', msisdn: '254744000111' };
    const scenario = await fetch(`${stack.sandbox.url}/__admin/sms/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: `+${down.msisdn}`, scenario: 'http-500' }),
    });
    assert.equal(scenario.status, 201, await scenario.text());
    await page.locator('#acct-phone').fill(down.typed);
    await page.locator('form[data-phone-form] button[type="submit"]').click();
    await fieldError(page, 'phone').filter({ hasText: 'We could not send the SMS just now' }).waitFor();
    assert.equal(await page.locator('#acct-phone').inputValue(), down.typed);

    // A code posted with no phone waiting for one (the cookie ran out): back to the phone.
    const res = await page.request.post(storeUrl('/account/session'), { form: { code: '123456' }, maxRedirects: 0 });
    assert.equal(res.status(), 303);
    await page.goto(storeUrl('/account'));
    await fieldError(page, 'phone').filter({ hasText: 'Enter your phone number first' }).waitFor();

    // A code that has run out: said next to the code field; a new one can be asked for there.
    const late = { typed: '0755 123 000', msisdn: '254755123000' };
    const lateCode = await askForCode(page, late.typed, late.msisdn);
    await sql(`UPDATE shopper_otps SET expires_at = now() - interval '1 minute' WHERE phone = $1`, [late.msisdn]);
    await enterCode(page, lateCode);
    await fieldError(page, 'code')
      .filter({ hasText: 'That code has expired or was already used. Ask for a new one.' })
      .waitFor();
    assert.equal(await page.locator('button[value="resend"]').count(), 1);
    await page.locator('button[value="change"]').click();
    await page.locator('#acct-phone').waitFor();

    // Buy again and places without a session: back to the sign-in, not an error.
    for (const path of [
      '/account/reorder',
      '/account/places',
      '/account/session',
      '/account/otp',
      '/account/sign-out',
    ]) {
      const r = await fetch(storeUrl(path), {
        method: 'POST',
        body: new URLSearchParams({ order: paidOrder.id }),
        redirect: 'manual',
      });
      assert.equal(r.status, 303, path);
      assert.equal(r.headers.get('location'), `/s/${STORE}/account`, path);
    }
    // A forged session cookie is forgotten, and the phone asked for again.
    const forged = await fetch(storeUrl('/account'), {
      headers: { cookie: `sokoni_shopper_${STORE}=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyNTQ3MTI3NzcwMDAifQ.c2lnbmF0dXJl` },
    });
    assert.equal(forged.status, 200);
    const html = await forged.text();
    assert.match(html, /See your orders/);
    assert.ok(!html.includes(`Order #${paidOrder.number}`), 'no orders for a forged session');
    assert.match(
      forged.headers.get('set-cookie') ?? '',
      new RegExp(`sokoni_shopper_${STORE}=; Path=/s/${STORE}; Max-Age=0`),
    );
    await page.close();
  });

  test('signing in on a new phone brings the cart left on another phone; typing the number alone never did', async () => {
    const msisdn = '254733444000';
    // Phone A: a cart with the cable, the number typed at checkout (no proof).
    const sku = await skuOf(CABLE);
    const phoneA = await viaApi.addLine(sku, 2);
    const identified = await fetch(`${stack.api.url}/v1/stores/${STORE}/cart/identify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cart-token': phoneA, 'x-forwarded-for': nextIp() },
      body: JSON.stringify({ phone: msisdn }),
    });
    assert.equal(identified.status, 200);

    // Phone B: signs in with the SMS code.
    const context = await stack.browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(storeUrl('/account'));
    const code = await askForCode(page, '0733 444 000', msisdn);
    await enterCode(page, code);
    await page.getByText('from your cart on another phone').waitFor();
    await page.goto(storeUrl('/cart'));
    const lines = await cartLines(page);
    assert.deepEqual(
      lines.map((l) => [l.sku, l.quantity]),
      [[sku, '2']],
    );
    await context.close();
  });
});

describe('sign out on all phones (a lost or borrowed phone)', () => {
  const NUMBER = { typed: '0711 808 000', msisdn: '254711808000' };
  // The borrowed phone (a cyber café, a friend's phone) runs no JavaScript: nothing here needs it.
  const phones = usePhones(stack, { own: {}, borrowed: { javaScriptEnabled: false } });

  async function signInOn(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(storeUrl('/account'));
    await enterCode(page, await askForCode(page, NUMBER.typed, NUMBER.msisdn));
    await page.locator('h1', { hasText: 'My orders' }).waitFor();
    assert.equal(await page.locator('[data-signed-in]').innerText(), NUMBER.typed);
    return page;
  }
  const sessionCookie = async (context: BrowserContext) =>
    (await context.cookies(storeUrl('/account'))).find((c) => c.name === `sokoni_shopper_${STORE}`);

  test('signed in on two phones with one number; "Sign out on all phones" on one asks the other to sign in again', async () => {
    const borrowedPage = await signInOn(phones.borrowed);
    const ownPage = await signInOn(phones.own);
    const button = ownPage.locator('[data-sign-out-everywhere]');
    assert.equal(await button.innerText(), 'Sign out on all phones');
    assert.equal(await ownPage.locator('[data-sign-out]').innerText(), 'Sign out', 'next to the plain sign-out');
    assert.equal(await ownPage.evaluate(() => document.documentElement.scrollWidth), 360, 'both fit a 360 px screen');
    const box = await button.boundingBox();
    assert.ok(
      box && box.height >= 40 && box.x >= 0 && box.x + box.width <= 360,
      `a thumb-sized button on screen: ${JSON.stringify(box)}`,
    );

    const post = ownPage.waitForResponse((r) => r.url().endsWith('/account/sign-out-everywhere'));
    await button.click();
    assert.equal((await post).status(), 303);
    await ownPage.locator('h1', { hasText: 'See your orders' }).waitFor();
    assert.equal(ownPage.url(), storeUrl('/account'));
    assert.equal(await ownPage.locator('[data-notices]').innerText(), 'Signed out on all phones.');
    assert.equal(await ownPage.locator('#acct-phone').count(), 1);
    assert.equal(await sessionCookie(phones.own), undefined, 'session cookie cleared on this phone');

    // The borrowed phone still holds its cookie, but the session behind it is over: on reload it
    // is asked for the phone again, with the reason, not an error page.
    assert.ok(await sessionCookie(phones.borrowed), 'the other phone still has its cookie until it loads a page');
    const reload = await borrowedPage.reload();
    assert.equal(reload?.status(), 200);
    await borrowedPage.locator('h1', { hasText: 'See your orders' }).waitFor();
    assert.equal(
      await fieldError(borrowedPage, 'phone').innerText(),
      'You were signed out on all phones: sign in again',
    );
    assert.equal(await borrowedPage.locator('.acct-order').count(), 0, 'no orders shown');
    assert.equal(await sessionCookie(phones.borrowed), undefined, 'the dead session cookie is forgotten');
    assert.equal(await borrowedPage.evaluate(() => document.documentElement.scrollWidth), 360);
    assertNoFrameworkJs(await borrowedPage.content(), 'account page (signed out everywhere)');

    // Signing in again works at once, on either phone.
    await enterCode(ownPage, await askForCode(ownPage, NUMBER.typed, NUMBER.msisdn));
    await ownPage.locator('h1', { hasText: 'My orders' }).waitFor();
    assert.equal(await ownPage.locator('[data-signed-in]').innerText(), NUMBER.typed);
    await borrowedPage.close();
    await ownPage.close();
  });

  test('a form post with an ended session (Buy again, places, or signing out everywhere again) asks for the phone with the reason', async () => {
    // The session the other test's reload saw ended; a page open since then posts its form.
    const [row] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM shopper_accounts WHERE tenant_id = $1 AND phone = $2`,
      [tenantId(), NUMBER.msisdn],
    );
    assert.equal(row?.n, 1, 'one cutoff row for this store and number');
    const page = await phones.own.newPage();
    await page.goto(storeUrl('/account'));
    await page.locator('h1', { hasText: 'My orders' }).waitFor();
    const stale = (await sessionCookie(phones.own))!.value;
    await page.locator('[data-sign-out-everywhere]').click();
    await page.locator('h1', { hasText: 'See your orders' }).waitFor();
    // The old cookie sent again (a second tab that was still open): back to the phone, with the reason.
    for (const path of ['/account/sign-out-everywhere', '/account/places']) {
      const res = await fetch(storeUrl(path), {
        method: 'POST',
        headers: { cookie: `sokoni_shopper_${STORE}=${stale}` },
        body: new URLSearchParams({ intent: 'add', area: 'kilimani' }),
        redirect: 'manual',
      });
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.get('location'), `/s/${STORE}/account`, path);
      const flash = /sokoni_acct_[^=]+=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      assert.ok(flash, `${path}: a flash for the account page`);
      assert.deepEqual(
        JSON.parse(Buffer.from(flash, 'base64url').toString()),
        { field: 'phone', message: 'You were signed out on all phones: sign in again', values: {} },
        path,
      );
      assert.match(
        res.headers.get('set-cookie') ?? '',
        new RegExp(`sokoni_shopper_${STORE}=; Path=/s/${STORE}; Max-Age=0`),
        `${path}: the cookie is forgotten`,
      );
    }
    await page.close();
  });
});
