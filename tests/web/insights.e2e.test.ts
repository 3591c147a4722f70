// The owner home's insight cards and charts on a cheap phone (360x740), in real Chromium against
// the production Next build and the real API on a seeded Postgres with the 90-day demo history
// (seedDemo({ history: true }) writes the events, orders and daily aggregates, so no worker is
// needed): cards come first (3-5, each with headline, body, numbers and one action), then every
// chart as server-rendered SVG bars; dismissing removes a card; the period toggle changes the
// numbers; staff see the cards but cannot dismiss (the API's `audit.read`); no extra client JS.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '@sokoni/db/dist/seed/index.js';
import { TEST_MPESA_ENCRYPTION_KEY, withClient } from '../helpers/database.ts';
import { ownerLogIn, phonePage } from '../helpers/browser.ts';
import { useStack } from '../helpers/stack.ts';

const STORE = 'nairobi-gadgets';
const CHARTS = ['revenue', 'orders', 'funnel', 'products', 'areas', 'channels', 'mpesa'];

const stack = useStack({
  // The 90-day history, before the API and web start.
  prepare: async (fresh) => {
    const seeded = await seedDemo({
      ownerUrl: fresh.ownerUrl,
      mediaDir: fresh.mediaDir,
      mpesaEncryptionKey: TEST_MPESA_ENCRYPTION_KEY,
      history: true,
    });
    const history = seeded.stores.find((s) => s.slug === STORE)?.history;
    assert.ok(history?.written && history.paidOrders > 0, JSON.stringify(history));
  },
});

const newPage = () => phonePage(stack.browser);

const logIn = (page: Page, role: 'owner' | 'admin' | 'staff', password = DEMO_PASSWORD) =>
  ownerLogIn(page, stack.web.url, { store: STORE, login: `${role}@${STORE}.sokoni.test`, password });

const cards = (page: Page) => page.locator('[data-insights] [data-card]');
const cardIds = (page: Page) => cards(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-card')!));
const revenueTotal = async (page: Page) => (await page.locator('[data-total="revenue"] strong').textContent())!.trim();

describe('owner home: insights and charts', () => {
  test('cards first (3-5, headline, body, numbers, one action), then every chart as SVG bars', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    assert.equal(new URL(page.url()).pathname, '/owner');
    await page.locator('[data-insights]').waitFor();

    // Default period: the last 7 days.
    assert.equal(await page.locator('[data-period-toggle] [aria-current="true"]').getAttribute('data-period'), 'week');

    // Order in the document: toggle, cards, charts, then today's orders.
    const all = page.locator('[data-period-toggle], [data-slot="insight-cards"], [data-slot="charts"], #today-h');
    const seen = await all.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-slot') ?? (e.hasAttribute('data-period-toggle') ? 'toggle' : e.id)),
    );
    assert.deepEqual(
      seen,
      ['toggle', 'insight-cards', 'charts', 'today-h'],
      "toggle, cards, charts, then today's orders (document order)",
    );

    const n = await cards(page).count();
    assert.ok(n >= 3 && n <= 5, `3-5 cards, got ${n}`);
    for (let i = 0; i < n; i++) {
      const card = cards(page).nth(i);
      assert.ok(((await card.locator('.i-card__headline').textContent()) ?? '').trim().length > 10);
      assert.ok(((await card.locator('.i-card__body').textContent()) ?? '').trim().length > 20);
      assert.ok((await card.locator('[data-number]').count()) >= 1, 'the numbers behind the advice');
      const action = card.locator('a[data-action]');
      assert.equal(await action.count(), 1, 'one suggested action');
      assert.match((await action.getAttribute('href'))!, /^\/owner\//);
      assert.equal(await card.locator('[data-dismiss]').count(), 1);
    }
    // Money is "KES 12,300".
    assert.match(await revenueTotal(page), /^KES \d{1,3}(,\d{3})*$/);

    for (const id of CHARTS) {
      const chart = page.locator(`[data-chart="${id}"]`);
      assert.equal(await chart.count(), 1, `chart ${id}`);
      assert.ok(((await chart.locator('figcaption').textContent()) ?? '').trim(), `chart ${id} has a title`);
      const svg = chart.locator('svg');
      assert.equal(await svg.count(), 1, `chart ${id} is one svg`);
      assert.ok((await svg.getAttribute('aria-label'))?.length, `chart ${id} has an aria-label`);
      assert.equal(await svg.locator('title').first().count(), 1);
      const bars = await svg
        .locator('rect[data-bar]')
        .evaluateAll(
          (els) =>
            els.filter((e) => Number(e.getAttribute('width')) > 0 && Number(e.getAttribute('height')) > 0).length,
        );
      assert.ok(bars >= 1, `chart ${id} draws bars`);
    }
    // The revenue axis is labelled in KES; the funnel shows step conversion.
    assert.ok(
      (await page.locator('[data-chart="revenue"] svg text').allTextContents()).some((t) => /^KES [\d,]+$/.test(t)),
    );
    assert.match((await page.locator('[data-chart="funnel"] svg').textContent())!, /% of previous/);
    assert.match((await page.locator('[data-mpesa-rate]').textContent())!, /\d+(\.\d)? %/);

    // Fits a 360 px phone: nothing wider than the viewport.
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= 360),
      'no sideways scrolling at 360 px',
    );
    await context.close();
  });

  test('the period toggle changes the numbers (week vs month)', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    const week = await revenueTotal(page);
    const weekBars = await page.locator('[data-chart="revenue"] rect[data-bar]').count();
    await page.locator('[data-period-toggle] a[data-period="month"]').click();
    await page.waitForURL(/period=month/);
    assert.equal(await page.locator('[data-period-toggle] [aria-current="true"]').getAttribute('data-period'), 'month');
    const month = await revenueTotal(page);
    assert.notEqual(month, week);
    const kes = (s: string) => Number(s.replace(/[^\d]/g, ''));
    assert.ok(kes(month) > kes(week), `${month} > ${week}`);
    assert.ok(
      (await page.locator('[data-chart="revenue"] rect[data-bar]').count()) > weekBars,
      'more days on the month chart',
    );

    await page.locator('[data-period-toggle] a[data-period="day"]').click();
    await page.waitForURL(/period=day/);
    assert.notEqual(await revenueTotal(page), week);
    await context.close();
  });

  test('dismiss removes a card (and it stays gone); the page keeps its period', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    const before_ = await cardIds(page);
    assert.ok(before_.length >= 3);
    const gone = before_[0]!;
    await page.locator(`[data-dismiss="${gone}"]`).click();
    await page.waitForURL(/\/owner\?period=week&f=/);
    await page.locator('[data-flash="ok"]', { hasText: 'dismissed' }).waitFor();
    const after_ = await cardIds(page);
    assert.ok(!after_.includes(gone), 'the dismissed card is gone');
    const rows = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (await c.query<{ dismissed_at: Date | null }>('SELECT dismissed_at FROM insights WHERE id = $1', [gone])).rows,
    );
    assert.equal(rows.length, 1);
    assert.ok(rows[0]!.dismissed_at, 'the API recorded the dismissal');
    await page.reload();
    assert.ok(!(await cardIds(page)).includes(gone), 'still gone after a reload');
    await context.close();
  });

  test("staff see the cards but no dismiss button; a forced dismiss gets the API's 403", async () => {
    const { context, page } = await newPage();
    await logIn(page, 'staff');
    await page.locator('[data-insights]').waitFor();
    const ids = await cardIds(page);
    assert.ok(ids.length >= 1, 'staff see the advice');
    assert.equal(await page.locator('[data-dismiss]').count(), 0);
    assert.equal(await page.locator('[data-insights] a[data-action]').count(), ids.length);
    for (const id of CHARTS) assert.equal(await page.locator(`[data-chart="${id}"] svg`).count(), 1);

    await page.evaluate((action) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      const input = document.createElement('input');
      input.name = 'period';
      input.value = 'week';
      form.append(input);
      document.body.append(form);
      form.submit();
    }, `/owner/insights/${ids[0]}/dismiss`);
    await page.waitForURL(/\?period=week&f=/);
    await page.locator('[data-flash="error"]').waitFor();
    assert.ok((await cardIds(page)).includes(ids[0]!), 'the card is still there');
    await context.close();
  });

  test('"Right now": shoppers and funnel steps of the last 30 minutes, from the beacons the collector took', async () => {
    const ua =
      'Mozilla/5.0 (Linux; Android 12; TECNO KG5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
    const at = Date.now();
    const beacon = async (sessionId: string, types: string[]) => {
      const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': ua },
        body: JSON.stringify({
          events: types.map((type) => ({ type, at, sessionId, path: '/', areaSlug: 'kilimani' })),
        }),
      });
      assert.equal(res.status, 202, await res.text());
    };
    await beacon('live-session-a1', [
      'page_view',
      'product_view',
      'add_to_cart',
      'checkout_start',
      'payment_started',
      'paid',
    ]);
    await beacon('live-session-b2', ['page_view', 'product_view', 'add_to_cart']);
    await beacon('live-session-c3', ['page_view']);
    const { context, page } = await newPage();
    await logIn(page, 'staff'); // the whole shop sees it
    const step = async (key: string) =>
      (await page.locator(`[data-live] [data-live-step="${key}"]`).innerText()).trim();
    assert.equal(await step('sessions'), '3 shoppers');
    assert.equal(await step('carts'), '2 added to cart');
    assert.equal(await step('checkouts'), '1 at checkout');
    assert.equal(await step('paid'), '1 paid');
    assert.match(await page.locator('[data-live]').innerText(), /in the last 30 minutes/);
    const first = await page
      .locator('[data-live], [data-period-toggle]')
      .evaluateAll((els) => els.map((e) => (e.hasAttribute('data-live') ? 'live' : 'toggle')));
    assert.deepEqual(first, ['live', 'toggle'], 'right now comes before the period');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360);
    await context.close();
  });

  test('server-rendered: the SVG is in the HTML, and the page ships no more scripts than other owner pages', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    const html = await (await page.request.get(`${stack.web.url}/owner?period=week`)).text();
    assert.ok((html.match(/<svg/g) ?? []).length >= CHARTS.length, 'charts are in the server HTML');
    assert.ok(html.indexOf('data-slot="insight-cards"') < html.indexOf('data-slot="charts"'));

    const scripts = async (path: string) => {
      await page.goto(`${stack.web.url}${path}`);
      return page
        .locator('script[src]')
        .evaluateAll((els) => els.map((e) => new URL((e as HTMLScriptElement).src).pathname));
    };
    const home = await scripts('/owner');
    const orders = await scripts('/owner/orders');
    const pageChunk = (s: string) => /\/app\/owner\/(page|orders\/page)-/.test(s);
    const extra = home.filter((s) => !pageChunk(s) && !orders.includes(s));
    assert.deepEqual(extra, [], 'no client framework or component chunks beyond what every owner page ships');
    // The page's own chunk (if Next emits one) stays tiny: no chart library.
    for (const src of home.filter(pageChunk)) {
      const bytes = (await (await page.request.get(`${stack.web.url}${src}`)).body()).length;
      assert.ok(bytes < 4_000, `${src}: ${bytes} bytes`);
    }
    await context.close();
  });

  test("every card's action opens a real dashboard page; the area card's sets that area's fee, the zone keeps its own", async () => {
    const { context, page } = await newPage();
    await logIn(page, 'owner');
    await page.goto(`${stack.web.url}/owner?period=month`);
    const hrefs = await cards(page)
      .locator('a.i-card__action')
      .evaluateAll((els) => els.map((e) => e.getAttribute('href')!));
    assert.ok(hrefs.length >= 3);
    for (const href of hrefs) {
      const res = await page.goto(`${stack.web.url}${href}`);
      assert.equal(res?.status(), 200, href);
      const anchor = new URL(href, stack.web.url).hash;
      if (anchor) assert.equal(await page.locator(anchor).count(), 1, `${href}: the part the card points at`);
    }

    // The month's card (the week's best card may have been dismissed by an earlier test).
    await page.goto(`${stack.web.url}/owner?period=month`);
    const areaCard = cards(page)
      .filter({ has: page.locator('a[href^="/owner/delivery?area="]') })
      .first();
    const href = (await areaCard.locator('a.i-card__action').getAttribute('href', { timeout: 5_000 }))!;
    const target = new URL(href, stack.web.url);
    const area = target.searchParams.get('area')!;
    const suggested = Number(target.searchParams.get('suggestedFeeKes'));
    const quote = async (slug: string) =>
      (
        (await (await fetch(`${stack.api.url}/v1/stores/${STORE}/delivery/quote?area=${slug}`)).json()) as {
          standardFeeKes: number;
        }
      ).standardFeeKes;
    const before = await quote(area);
    assert.ok(suggested > 0 && suggested < before, `${suggested} < ${before}`);
    const zone = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<{ fee_kes: number; sibling: string | null }>(
            `
      SELECT z.fee_kes, (SELECT za2.area_slug FROM delivery_zone_areas za2 WHERE za2.tenant_id = z.tenant_id AND za2.zone_id = z.id AND za2.area_slug <> $2 AND za2.fee_kes IS NULL AND za2.surcharge_kes = 0 LIMIT 1) AS sibling
        FROM delivery_zones z JOIN delivery_zone_areas za ON za.tenant_id = z.tenant_id AND za.zone_id = z.id JOIN tenants t ON t.id = z.tenant_id
       WHERE t.slug = $1 AND za.area_slug = $2`,
            [STORE, area],
          )
        ).rows[0]!,
    );

    await areaCard.locator('a.i-card__action').click();
    await page.waitForURL(/\/owner\/delivery\?area=/);
    const focus = page.locator(`[data-area-fee="${area}"]`);
    assert.match(
      await focus.locator('[data-area-current-fee]').innerText(),
      new RegExp(`KES ${before.toLocaleString('en-KE')}`),
    );
    assert.equal(
      await focus.locator('input[name="feeKes"]').inputValue(),
      String(suggested),
      'the suggested fee is filled in',
    );

    // Bad input is said in words and changes nothing: not a number, above the API's limit, an
    // area the store does not deliver to (a forged post).
    const fees = () =>
      withClient(
        stack.db.ownerUrl,
        async (c) =>
          (
            await c.query<{ area_slug: string; fee_kes: number | null; surcharge_kes: number }>(
              `SELECT za.area_slug, za.fee_kes, za.surcharge_kes FROM delivery_zone_areas za JOIN tenants t ON t.id = za.tenant_id WHERE t.slug = $1 ORDER BY 1`,
              [STORE],
            )
          ).rows,
      );
    const feesBefore = await fees();
    const postFee = async (feeKes: string) =>
      (
        await page.request.post(`${stack.web.url}/owner/delivery/areas/${area}`, {
          form: { feeKes },
          headers: { origin: stack.web.url },
        })
      ).text();
    assert.match(await postFee('abc'), /data-flash="error"[^>]*>Enter the fee in shillings/);
    assert.match(await postFee('999999'), /data-flash="error"/);
    const forged = await page.request.post(`${stack.web.url}/owner/delivery/areas/no-such-area`, {
      form: { feeKes: '100' },
      headers: { origin: stack.web.url },
      maxRedirects: 0,
    });
    assert.equal(forged.status(), 303);
    assert.deepEqual(await fees(), feesBefore, 'nothing written');
    assert.equal(await quote(area), before);

    await focus.locator('[data-save-area-fee]').click();
    await page.locator('.o-flash', { hasText: `is now KES ${suggested.toLocaleString('en-KE')}` }).waitFor();
    assert.equal(await quote(area), suggested, 'shoppers there are quoted the new fee');
    if (zone.sibling) assert.equal(await quote(zone.sibling), zone.fee_kes, 'the rest of the zone keeps its fee');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360);
    await context.close();
  });
});
