// Reviews on a cheap phone (360x740), in real Chromium against the production Next build, the real
// API and worker on a seeded Postgres and Redis, and the sandbox (the sign-in code is read from its
// SMS outbox): a shopper whose order was delivered signs in, taps "Rate & review" on My orders,
// gives stars and words per line (a missing rating is said next to the stars, the words kept),
// and the review shows on the product page with the average and count, in the page's HTML
// (no framework JavaScript) and in its JSON-LD (aggregateRating, review). The owner replies from
// the dashboard (the reply shows under the review) and hides it with a reason (it leaves the page
// and the average); staff see reviews but no reply or hide forms.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Order } from '@sokoni/contracts';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { rowsQuery } from '../helpers/database.ts';
import { ownerLogIn, PHONE } from '../helpers/browser.ts';
import { shopperApi } from '../helpers/shopper-api.ts';
import { useStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const CABLE = 'oraimo-usb-c-cable';
const CHARGER = 'oraimo-18w-fast-charger';
const SHOPPER = { typed: '0712 888 000', msisdn: '254712888000' };
const WORDS = 'Charges my phone fast. Delivered to Kilimani the same day!';

const stack = useStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });
const sql = rowsQuery(() => stack.db.ownerUrl);
const viaApi = shopperApi(stack, STORE);
const storeUrl = (path: string) => `${stack.web.url}/s/${STORE}${path}`;
/** The storefront ships no framework JS; the dashboard is plain forms: both work without it. */
const PHONE_NO_JS = { ...PHONE, javaScriptEnabled: false } as const;

let order: Order;

const smsTo = async (msisdn: string) => {
  const res = await fetch(`${stack.sandbox.url}/__admin/sms/messages?to=%2B${msisdn}`);
  return ((await res.json()) as { messages: { message: string }[] }).messages;
};
const codes = async (msisdn: string) =>
  (await smsTo(msisdn)).map((m) => /your code is (\d{6})/.exec(m.message)?.[1]).filter((c): c is string => !!c);

/** Phone form -> code from the sandbox's SMS -> signed in on the account page. */
async function signIn(page: Page): Promise<void> {
  const before = (await codes(SHOPPER.msisdn)).length;
  await page.goto(storeUrl('/account'));
  await page.locator('#acct-phone').fill(SHOPPER.typed);
  await page.locator('form[data-phone-form] button[type="submit"]').click();
  await page.locator('form[data-code-form]').waitFor();
  const code = await waitFor('the sign-in SMS', async () => {
    const list = await codes(SHOPPER.msisdn);
    return list.length > before ? list[list.length - 1]! : null;
  });
  await page.locator('#acct-code').fill(code);
  await page.locator('form[data-code-form] button[type="submit"]').click();
  await page.locator('[data-signed-in]').waitFor();
}

/** The page's Product JSON-LD. */
async function productLd(page: Page): Promise<Record<string, unknown>> {
  const blocks = await page
    .locator('script[type="application/ld+json"]')
    .evaluateAll((els) => els.map((e) => JSON.parse(e.textContent ?? '{}') as Record<string, unknown>));
  const product = blocks.find((b) => b['@type'] === 'Product');
  assert.ok(product, 'Product JSON-LD');
  return product;
}

const noSidewaysScroll = async (page: Page, what: string) =>
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    `${what}: no sideways scrolling at 360 px`,
  );

const ownerLogin = (page: Page, role: 'owner' | 'staff') =>
  ownerLogIn(
    page,
    stack.web.url,
    { store: STORE, login: `${role}@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
    true,
  );

describe('reviews at 360 px', () => {
  test('set-up: a delivered order of two lines', async () => {
    order = await viaApi.placeOrder({
      lines: [
        { sku: await viaApi.skuOf(CHARGER), quantity: 1 },
        { sku: await viaApi.skuOf(CABLE), quantity: 2 },
      ],
      phone: SHOPPER.msisdn,
      name: 'Akinyi Otieno',
    });
    // The delivery itself (pay, dispatch, delivered, the message with the link) is covered by
    // tests/api/reviews.test.ts; here the order is simply delivered.
    await sql(`UPDATE orders SET status = 'delivered' WHERE id = $1`, [order.id]);
    await sql(
      `INSERT INTO order_events (tenant_id, order_id, type, from_status, to_status, actor_type) SELECT tenant_id, id, 'status_changed', 'pending_payment', 'delivered', 'user' FROM orders WHERE id = $1`,
      [order.id],
    );
  });

  test('the link from the delivery message asks a signed-out shopper to sign in first', async () => {
    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    const res = await page.goto(storeUrl(`/reviews/${order.id}`));
    assert.equal(res?.status(), 200);
    assert.equal(await page.locator('main').getAttribute('data-review-page'), 'sign-in');
    assert.equal(await page.locator('[data-review-sign-in]').getAttribute('href'), `/s/${STORE}/account`);
    await context.close();
  });

  test('the shopper reviews from My orders; the review shows on the product page without JavaScript', async () => {
    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await signIn(page);
    const rate = page.locator(`[data-order-id="${order.id}"] [data-rate-order="todo"]`);
    await rate.waitFor();
    await noSidewaysScroll(page, 'My orders');
    await rate.click();
    await page.waitForURL((url) => url.pathname === `/s/${STORE}/reviews/${order.id}`);
    await page.locator('[data-review-page="lines"]').waitFor();
    assert.equal(await page.locator('[data-review-form]').count(), 2);
    await noSidewaysScroll(page, 'review page');

    // Line 1 (the charger): no stars chosen -> said next to the stars, the words kept.
    const charger = page.locator('[data-review-line="1"]');
    await charger.locator('textarea[name="body"]').fill(WORDS);
    await charger.locator('[data-review-submit]').click();
    await page.locator('[data-review-line="1"] [data-error="rating"]', { hasText: 'Choose 1 to 5 stars' }).waitFor();
    assert.equal(await page.locator('[data-review-line="1"] textarea[name="body"]').inputValue(), WORDS);
    assert.equal(Number((await sql(`SELECT count(*) AS n FROM reviews WHERE order_id = $1`, [order.id]))[0]!.n), 0);

    // Four stars and the words.
    await page.locator('[data-review-line="1"] input[data-star="4"]').check();
    await page.locator('[data-review-line="1"] [data-review-submit]').click();
    await page.locator('[data-notices]', { hasText: 'Asante! Your review is on the product page.' }).waitFor();
    await page.locator('[data-review-line="1"] [data-reviewed]').waitFor();
    assert.equal(await page.locator('[data-review-form]').count(), 1, 'the cable still waits for its stars');

    // The product page, as a shopper sees it.
    const res = await page.goto(storeUrl(`/products/${CHARGER}`));
    const html = (await res?.text()) ?? '';
    assert.doesNotMatch(html, /\/_next\/static\/chunks/, 'no framework JavaScript');
    assert.doesNotMatch(html, /__NEXT_DATA__/, 'no hydration payload');
    const review = page.locator('[data-reviews] [data-review]');
    assert.equal(await review.count(), 1);
    assert.equal(await review.locator('[data-review-body]').innerText(), WORDS);
    assert.match(await review.innerText(), /Akinyi O\./);
    assert.match(await review.innerText(), /Verified purchase/);
    assert.equal(await page.locator('[data-rating-average]').getAttribute('data-rating-average'), '4');
    assert.equal(await page.locator('[data-rating-count]').innerText(), '1 review');
    assert.match(await page.locator('[data-rating-line]').innerText(), /4\.0 · 1 review/);
    assert.doesNotMatch(await page.locator('main').innerText(), /712 888/, 'no phone number on the page');
    await noSidewaysScroll(page, 'product page');
    const ld = await productLd(page);
    assert.deepEqual(ld.aggregateRating, {
      '@type': 'AggregateRating',
      ratingValue: 4,
      reviewCount: 1,
      bestRating: 5,
      worstRating: 1,
    });
    const [ldReview] = ld.review as {
      reviewRating: { ratingValue: number };
      author: { name: string };
      reviewBody: string;
    }[];
    assert.equal(ldReview!.reviewRating.ratingValue, 4);
    assert.equal(ldReview!.author.name, 'Akinyi O.');
    assert.equal(ldReview!.reviewBody, WORDS);

    // My orders now says the order still has a line to rate; then the cable, five stars, no words.
    await page.goto(storeUrl(`/reviews/${order.id}`));
    await page.locator('[data-review-line="2"] input[data-star="5"]').check();
    await page.locator('[data-review-line="2"] [data-review-submit]').click();
    await page.locator('[data-review-line="2"] [data-reviewed]').waitFor();
    await page.goto(storeUrl('/account'));
    await page.locator(`[data-order-id="${order.id}"] [data-rate-order="done"]`).waitFor();
    await context.close();
  });

  test('the owner replies and hides it; staff only read', async () => {
    const context = await stack.browser.newContext(PHONE_NO_JS);
    const page = await context.newPage();
    await ownerLogin(page, 'owner');
    await page.goto(`${stack.web.url}/owner/products`);
    await page.locator('[data-reviews-link]').click();
    await page.waitForURL((url) => url.pathname === '/owner/reviews');
    const card = page.locator('[data-review]', { hasText: WORDS });
    await card.waitFor();
    await noSidewaysScroll(page, 'owner reviews');

    await card.locator('[data-reply-form] textarea[name="body"]').fill('Asante Akinyi! Karibu tena.');
    await card.locator('[data-action="reply"]').click();
    await page.locator('[data-flash="ok"]', { hasText: 'Reply saved' }).waitFor();
    await page
      .locator('[data-review]', { hasText: WORDS })
      .locator('[data-reply]', { hasText: 'Karibu tena' })
      .waitFor();

    const shopperView = await stack.browser.newContext(PHONE_NO_JS);
    const product = await shopperView.newPage();
    await product.goto(storeUrl(`/products/${CHARGER}`));
    assert.match(
      await product.locator('[data-review-reply]').innerText(),
      /Reply from the shop\s*Asante Akinyi! Karibu tena\./,
    );

    // Hide: a reason is needed, and kept.
    const hideForm = page.locator('[data-review]', { hasText: WORDS }).locator('[data-hide-form]');
    await hideForm.locator('input[name="reason"]').fill('Shares a phone number');
    await hideForm.locator('[data-action="hide"]').click();
    await page.locator('[data-flash="ok"]', { hasText: 'Review hidden' }).waitFor();
    const hidden = page.locator('[data-review][data-hidden="yes"]', { hasText: WORDS });
    await hidden.waitFor();
    assert.match(await hidden.locator('[data-hidden-reason]').innerText(), /Shares a phone number/);
    const audit = await sql<{ after: { reason: string } }>(
      `SELECT after FROM audit_log WHERE action = 'review.hidden' AND entity_type = 'review'`,
    );
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.after.reason, 'Shares a phone number');

    await product.goto(storeUrl(`/products/${CHARGER}`));
    await product.locator('[data-no-reviews]').waitFor();
    assert.equal(await product.locator('[data-review]').count(), 0, 'a hidden review never shows');
    assert.equal((await productLd(product)).aggregateRating, undefined, 'nor counts');
    await shopperView.close();

    // The words were never touched.
    const [row] = await sql<{ body: string; rating: number }>(
      `SELECT body, rating FROM reviews WHERE order_id = $1 AND line = 1`,
      [order.id],
    );
    assert.deepEqual(row, { body: WORDS, rating: 4 });
    await context.close();

    const staffContext = await stack.browser.newContext(PHONE_NO_JS);
    const staffPage = await staffContext.newPage();
    await ownerLogin(staffPage, 'staff');
    await staffPage.goto(`${stack.web.url}/owner/reviews`);
    await staffPage.locator('[data-review]').first().waitFor();
    assert.equal(
      await staffPage.locator('[data-reply-form], [data-hide-form]').count(),
      0,
      'staff cannot reply or hide',
    );
    await staffContext.close();
  });
});
