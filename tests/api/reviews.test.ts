// Product reviews over real HTTP, Postgres, Redis, the worker and the provider sandbox: a shopper
// whose order was delivered (paid by M-Pesa, dispatched, delivered by the owner) gets a link in
// the delivery message, signs in with phone + SMS code, and reviews each line once; refusals are
// 4xx naming the field (another shopper's order, an undelivered order, a second review, rating
// out of range, text too long, no session) and write nothing. The product's public reviews show
// the average, count and newest reviews; the owner replies (once, editable) and hides with a
// reason (audit rows), hidden reviews are neither shown nor counted, and nobody can change a
// shopper's words (the database refuses). The falling-ratings insight finds a falling product.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { OwnerReviewList, ProductReviews, ShopperReviews } from '@sokoni/contracts';
import {
  fallingRatingsRule,
  RATING_MIN_REVIEWS,
  type RuleContext,
} from '../../apps/api/dist/modules/insights/rules/index.js';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first, withClient } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { shopperApi } from '../helpers/shopper-api.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const OTHER_STORE = 'saa-bora';
const stack = useApiStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });
const { sql, tenantOf } = stack;
const shop = shopperApi(stack, STORE);

interface Answer {
  sessionToken: string;
  review: { line: number; review: { id: string; rating: number; body: string } | null };
  error: { code: string; message: string; details: { reason?: string; field?: string; issues?: { path: string }[] } };
}
const call = jsonCaller<Answer>(() => stack.api.url, '198.51.120');

/** Numbers ending in 000 are paid by the Daraja sandbox. */
const SHOPPER = '254712640000';
const NEIGHBOUR = '254712641000';
const local = (msisdn: string) => `0${msisdn.slice(3, 6)} ${msisdn.slice(6, 9)} ${msisdn.slice(9)}`;

let session: string;
let delivered: { id: string; number: number };
let undelivered: { id: string; number: number };
let neighbours: { id: string; number: number };
let products: string[];

const smsTo = async (phone: string) => {
  const res = await fetch(`${stack.sandbox.url}/__admin/sms/messages?to=%2B${phone}`);
  return ((await res.json()) as { messages: { message: string }[] }).messages;
};

async function signIn(store: string, phone: string): Promise<string> {
  const before = (await smsTo(phone)).length;
  const asked = await call('POST', `/v1/stores/${store}/shopper/otp`, { phone: local(phone) });
  assert.equal(asked.status, 202, JSON.stringify(asked.body));
  const messages = await waitFor('the sign-in SMS', async () => {
    const list = await smsTo(phone);
    return list.length > before ? list : null;
  });
  const code = /\b(\d{6})\b/.exec(messages[messages.length - 1]!.message)![1]!;
  const res = await call('POST', `/v1/stores/${store}/shopper/session`, { phone, code });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.sessionToken;
}

/** Two products of the store with stock, the order's two lines. */
async function twoProducts(): Promise<{ slug: string; sku: string }[]> {
  return sql<{ slug: string; sku: string }>(
    `SELECT DISTINCT ON (p.slug) p.slug, v.sku FROM products p JOIN product_variants v ON v.tenant_id = p.tenant_id AND v.product_id = p.id
      WHERE p.tenant_id = $1 AND p.status = 'active' AND v.on_hand >= 20 ORDER BY p.slug, v.sku LIMIT 2`,
    [tenantOf(STORE)],
  );
}

const reviewsOf = async (product: string) =>
  call<ProductReviews>('GET', `/v1/stores/${STORE}/products/${product}/reviews`);
const reviewCount = async () =>
  Number(
    first(await sql<{ n: string }>(`SELECT count(*) AS n FROM reviews WHERE tenant_id = $1`, [tenantOf(STORE)])).n,
  );
const submit = (orderId: string, body: unknown, token: string | null = session) =>
  call('POST', `/v1/stores/${STORE}/shopper/orders/${orderId}/reviews`, body, token ?? undefined);

stack.before(async () => {
  const lines = await twoProducts();
  products = lines.map((l) => l.slug);
  const owner = await demoLogin(call, STORE, 'owner');
  // Delivered the real way: paid by M-Pesa (sandbox), dispatched with a rider, marked delivered.
  delivered = await shop.placeOrder({
    lines: lines.map((l) => ({ sku: l.sku, quantity: 1 })),
    phone: SHOPPER,
    name: 'Njeri Wambui',
  });
  await shop.pay(delivered);
  const dispatched = await call(
    'POST',
    `/v1/owner/orders/${delivered.number}/dispatch`,
    { method: 'manual_rider', riderName: 'Otieno', riderPhone: '0722000111' },
    owner.accessToken,
  );
  assert.equal(dispatched.status, 201, JSON.stringify(dispatched.body));
  const done = await call('POST', `/v1/owner/orders/${delivered.number}/delivered`, {}, owner.accessToken);
  assert.equal(done.status, 200, JSON.stringify(done.body));
  // Paid, not delivered yet.
  undelivered = await shop.placeOrder({
    lines: [{ sku: lines[0]!.sku, quantity: 1 }],
    phone: SHOPPER,
    name: 'Njeri Wambui',
  });
  await shop.pay(undelivered);
  // Another shopper's delivered order.
  neighbours = await shop.placeOrder({
    lines: [{ sku: lines[0]!.sku, quantity: 1 }],
    phone: NEIGHBOUR,
    name: 'Otieno Odhiambo',
  });
  await sql(`UPDATE orders SET status = 'delivered' WHERE id = $1`, [neighbours.id]);
  session = await signIn(STORE, SHOPPER);
});

describe('the delivery message', () => {
  test('carries the link to review the order', async () => {
    const body = await waitFor('the order_delivered message', async () => {
      const rows = await sql<{ body: string }>(
        `SELECT body FROM messages WHERE order_id = $1 AND kind = 'order_delivered' AND direction = 'out' ORDER BY created_at LIMIT 1`,
        [delivered.id],
      );
      return rows[0]?.body ?? null;
    });
    assert.match(body, new RegExp(`/reviews/${delivered.id}\\b`));
    assert.match(body, /Rate what you bought|Tupe maoni yako/);
  });
});

describe('shopper reviews', () => {
  test('the session lists only its delivered orders, each line reviewable once', async () => {
    const mine = await call<ShopperReviews>('GET', `/v1/stores/${STORE}/shopper/reviews`, undefined, session);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.deepEqual(
      mine.body.lines.map((l) => [l.orderNumber, l.line, l.review]),
      [
        [delivered.number, 1, null],
        [delivered.number, 2, null],
      ],
    );
    assert.ok(mine.body.lines.every((l) => l.productSlug && l.deliveredAt));
    const oneOrder = await call<ShopperReviews>(
      'GET',
      `/v1/stores/${STORE}/shopper/reviews?order=${undelivered.id}`,
      undefined,
      session,
    );
    assert.deepEqual(oneOrder.body.lines, [], 'an undelivered order has nothing to review');
    assert.equal((await call('GET', `/v1/stores/${STORE}/shopper/reviews`)).status, 401);
  });

  test('a review of a delivered line is written once and shows on the product', async () => {
    const res = await submit(delivered.id, {
      line: 1,
      rating: 5,
      body: '  Works perfectly, delivered next morning.  ',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.review.review!.rating, 5);
    assert.equal(res.body.review.review!.body, 'Works perfectly, delivered next morning.');
    const again = await submit(delivered.id, { line: 1, rating: 1, body: 'changed my mind' });
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal(again.body.error.details.reason, 'already_reviewed');
    assert.equal(again.body.error.details.field, 'line');

    const shown = await reviewsOf(products[0]!);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.summary.count, 1);
    assert.equal(shown.body.summary.average, 5);
    assert.equal(shown.body.summary.stars['5'], 1);
    const [item] = shown.body.items;
    assert.equal(item!.body, 'Works perfectly, delivered next morning.');
    assert.equal(item!.authorName, 'Njeri W.');
    assert.equal(item!.verifiedPurchase, true);
    assert.ok(!JSON.stringify(shown.body).includes(SHOPPER.slice(3)), 'no phone number in public reviews');
  });

  test('refusals name the field and write nothing', async () => {
    const count = await reviewCount();
    const cases: {
      what: string;
      orderId: string;
      body: unknown;
      token?: string;
      status: number;
      field?: string;
      reason?: string;
    }[] = [
      { what: 'rating 0', orderId: delivered.id, body: { line: 2, rating: 0 }, status: 400, field: 'rating' },
      { what: 'rating 6', orderId: delivered.id, body: { line: 2, rating: 6 }, status: 400, field: 'rating' },
      { what: 'half a star', orderId: delivered.id, body: { line: 2, rating: 4.5 }, status: 400, field: 'rating' },
      { what: 'rating as text', orderId: delivered.id, body: { line: 2, rating: '5' }, status: 400, field: 'rating' },
      { what: 'no rating', orderId: delivered.id, body: { line: 2 }, status: 400, field: 'rating' },
      {
        what: 'text too long',
        orderId: delivered.id,
        body: { line: 2, rating: 4, body: 'x'.repeat(2001) },
        status: 400,
        field: 'body',
      },
      {
        what: 'control characters',
        orderId: delivered.id,
        body: { line: 2, rating: 4, body: 'a\u0000b' },
        status: 400,
      },
      { what: 'unknown field', orderId: delivered.id, body: { line: 2, rating: 4, stars: 4 }, status: 400 },
      { what: 'no such line', orderId: delivered.id, body: { line: 9, rating: 4 }, status: 400, field: 'line' },
      {
        what: 'undelivered order',
        orderId: undelivered.id,
        body: { line: 1, rating: 4 },
        status: 409,
        reason: 'order_not_delivered',
      },
      { what: "another shopper's order", orderId: neighbours.id, body: { line: 1, rating: 1 }, status: 404 },
      { what: 'an unknown order', orderId: randomUUID(), body: { line: 1, rating: 1 }, status: 404 },
      { what: 'not an order id', orderId: 'abc', body: { line: 1, rating: 1 }, status: 400, field: 'orderId' },
      { what: 'no session', orderId: delivered.id, body: { line: 2, rating: 4 }, token: '', status: 401 },
      { what: 'a forged session', orderId: delivered.id, body: { line: 2, rating: 4 }, token: 'a.b.c', status: 401 },
    ];
    for (const c of cases) {
      const res = await submit(c.orderId, c.body, c.token === '' ? null : (c.token ?? session));
      assert.equal(res.status, c.status, `${c.what}: ${JSON.stringify(res.body)}`);
      if (c.field)
        assert.ok(
          (res.body.error.details.issues ?? []).some((i) => i.path === c.field),
          `${c.what} names ${c.field}: ${JSON.stringify(res.body.error)}`,
        );
      if (c.reason) assert.equal(res.body.error.details.reason, c.reason, c.what);
    }
    assert.equal(await reviewCount(), count, 'nothing written');
    // A session of this phone at another store is no session here.
    const elsewhere = await signIn(OTHER_STORE, SHOPPER);
    assert.equal((await submit(delivered.id, { line: 2, rating: 4 }, elsewhere)).status, 401);
  });

  test('two shoppers racing for the same line: one review', async () => {
    const answers = await Promise.all(
      [1, 2, 3].map((n) => submit(delivered.id, { line: 2, rating: n, body: `try ${n}` })),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409]);
    const rows = await sql(`SELECT 1 FROM reviews WHERE order_id = $1 AND line = 2`, [delivered.id]);
    assert.equal(rows.length, 1);
  });
});

describe('owner: reply, hide, never edit', () => {
  let target: string;

  test('the owner lists reviews; staff reads but cannot reply or hide', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const list = await call<OwnerReviewList>('GET', '/v1/owner/reviews?limit=5', undefined, owner.accessToken);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const mine = list.body.items.find((r) => r.orderNumber === delivered.number && r.product.slug === products[0]);
    assert.ok(mine, 'the new review is listed');
    assert.equal(mine.phone, '0712 *** 000');
    target = mine.id;
    const staff = await demoLogin(call, STORE, 'staff');
    assert.equal((await call('GET', '/v1/owner/reviews', undefined, staff.accessToken)).status, 200);
    assert.equal(
      (await call('PUT', `/v1/owner/reviews/${target}/reply`, { body: 'hi' }, staff.accessToken)).status,
      403,
    );
    assert.equal(
      (await call('POST', `/v1/owner/reviews/${target}/hide`, { reason: 'spam' }, staff.accessToken)).status,
      403,
    );
    const bad = await call('GET', '/v1/owner/reviews?rating=7', undefined, owner.accessToken);
    assert.equal(bad.status, 400);
    const badCursor = await call('GET', '/v1/owner/reviews?cursor=nonsense', undefined, owner.accessToken);
    assert.equal(badCursor.status, 400);
    // Another store's owner does not see it.
    const other = await demoLogin(call, OTHER_STORE, 'owner');
    assert.equal((await call('GET', `/v1/owner/reviews/${target}`, undefined, other.accessToken)).status, 404);
  });

  test('one reply, editable, shown under the review; audit rows keep both', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const empty = await call('PUT', `/v1/owner/reviews/${target}/reply`, { body: '   ' }, owner.accessToken);
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.details.issues![0]!.path, 'body');
    const long = await call('PUT', `/v1/owner/reviews/${target}/reply`, { body: 'x'.repeat(1001) }, owner.accessToken);
    assert.equal(long.status, 400);
    const first = await call<{ review: { reply: { body: string; updatedAt: string | null } } }>(
      'PUT',
      `/v1/owner/reviews/${target}/reply`,
      { body: 'Asante Njeri!' },
      owner.accessToken,
    );
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.review.reply.updatedAt, null);
    const edited = await call<{ review: { reply: { body: string; updatedAt: string | null }; body: string } }>(
      'PUT',
      `/v1/owner/reviews/${target}/reply`,
      { body: 'Asante Njeri, karibu tena!' },
      owner.accessToken,
    );
    assert.equal(edited.status, 200);
    assert.equal(edited.body.review.reply.body, 'Asante Njeri, karibu tena!');
    assert.ok(edited.body.review.reply.updatedAt);
    assert.equal(edited.body.review.body, 'Works perfectly, delivered next morning.', "the shopper's words as written");
    const shown = await reviewsOf(products[0]!);
    assert.equal(shown.body.items[0]!.reply!.body, 'Asante Njeri, karibu tena!');
    const audit = await sql<{ action: string; before: unknown; after: unknown }>(
      `SELECT action, before, after FROM audit_log WHERE entity_type = 'review' AND entity_id = $1 ORDER BY occurred_at, id`,
      [target],
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ['review.replied', 'review.reply_edited'],
    );
    assert.deepEqual(audit[1]!.before, { reply: 'Asante Njeri!' });
  });

  test('hiding needs a reason, keeps it, and takes the review out of the page and the average', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const noReason = await call('POST', `/v1/owner/reviews/${target}/hide`, {}, owner.accessToken);
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.error.details.issues![0]!.path, 'reason');
    // Line 2 of the order (another product) is the racing one; review line 1's product again:
    // its only review is `target`.
    const hidden = await call<{ review: { hidden: { reason: string } } }>(
      'POST',
      `/v1/owner/reviews/${target}/hide`,
      { reason: 'Abusive language about the rider' },
      owner.accessToken,
    );
    assert.equal(hidden.status, 200, JSON.stringify(hidden.body));
    assert.equal(hidden.body.review.hidden.reason, 'Abusive language about the rider');
    const page = await reviewsOf(products[0]!);
    assert.equal(page.body.summary.count, 0);
    assert.equal(page.body.summary.average, null);
    assert.deepEqual(page.body.items, []);
    assert.equal(
      (await call('POST', `/v1/owner/reviews/${target}/hide`, { reason: 'again' }, owner.accessToken)).status,
      409,
    );
    const hiddenList = await call<OwnerReviewList>(
      'GET',
      '/v1/owner/reviews?status=hidden',
      undefined,
      owner.accessToken,
    );
    assert.ok(hiddenList.body.items.some((r) => r.id === target));
    const [row] = await sql<{ after: { reason: string } }>(
      `SELECT after FROM audit_log WHERE entity_id = $1 AND action = 'review.hidden'`,
      [target],
    );
    assert.equal(row!.after.reason, 'Abusive language about the rider');
    // The shopper still sees their own review, marked hidden.
    const mine = await call<ShopperReviews>('GET', `/v1/stores/${STORE}/shopper/reviews`, undefined, session);
    assert.equal(mine.body.lines.find((l) => l.review?.id === target)!.review!.hidden, true);
    // Shown again.
    const unhidden = await call('POST', `/v1/owner/reviews/${target}/unhide`, undefined, owner.accessToken);
    assert.equal(unhidden.status, 200, JSON.stringify(unhidden.body));
    assert.equal((await reviewsOf(products[0]!)).body.summary.count, 1);
  });

  test("nobody changes a shopper's rating or words, not even with SQL", async () => {
    // As the owner role, inside the store (RLS is forced on the owner too).
    const asStore = (statement: string) =>
      withClient(stack.db.ownerUrl, async (c) => {
        await c.query('BEGIN');
        try {
          await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantOf(STORE)]);
          return (await c.query(statement, [target])).rowCount;
        } finally {
          await c.query('ROLLBACK');
        }
      });
    await assert.rejects(asStore(`UPDATE reviews SET body = 'edited by the shop' WHERE id = $1`), /cannot be changed/);
    await assert.rejects(asStore(`UPDATE reviews SET rating = 1 WHERE id = $1`), /cannot be changed/);
    await assert.rejects(asStore(`UPDATE reviews SET author_name = 'Someone' WHERE id = $1`), /cannot be changed/);
    assert.equal(await asStore(`UPDATE reviews SET reply_body = reply_body WHERE id = $1`), 1, 'the reply may change');
  });

  test('unknown products and bad cursors are 4xx, paging walks every visible review', async () => {
    assert.equal((await call('GET', `/v1/stores/${STORE}/products/no-such-thing/reviews`)).status, 404);
    assert.equal((await call('GET', `/v1/stores/${STORE}/products/${products[0]}/reviews?limit=0`)).status, 400);
    assert.equal((await call('GET', `/v1/stores/${STORE}/products/${products[0]}/reviews?cursor=x`)).status, 400);
    const metrics = await (await fetch(`${stack.api.url}/metrics`)).text();
    assert.match(metrics, /sokoni_reviews_total\{action="submitted"\} [1-9]/);
    assert.match(
      metrics,
      /http_routes_info\{method="POST",route="\/v1\/stores\/:store\/shopper\/orders\/:orderId\/reviews"\} 1/,
    );
  });
});

describe('falling ratings insight', () => {
  const base = (ratings: RuleContext['ratings']): RuleContext =>
    ({
      period: 'week',
      window: { from: '2026-11-01', to: '2026-11-07', days: 7 },
      bucket: '2026-W45',
      ratings,
    }) as RuleContext;
  const trend = { slug: 'ankara-dress', title: 'Ankara dress', recentLow: 3, revenue30dKes: 40_000 };

  test('a product rated well below its earlier average gets a plain-language card', () => {
    const [card] = fallingRatingsRule.evaluate(
      base([{ ...trend, recentAverage: 2.4, recentCount: 5, previousAverage: 4.6, previousCount: 12 }]),
    );
    assert.ok(card);
    assert.equal(card.headline, 'Ankara dress: rated 2.4 lately, down from 4.6');
    assert.match(card.body, /in the last 30 days \(5 reviews\), against 4\.6 before \(12 reviews\)/);
    assert.equal(card.action.href, '/owner/reviews?product=ankara-dress');
    assert.equal(card.numbers.drop, 2.2);
  });

  test('a small dip, or too few reviews, is not a trend', () => {
    assert.deepEqual(
      fallingRatingsRule.evaluate(
        base([{ ...trend, recentAverage: 4.1, recentCount: 5, previousAverage: 4.6, previousCount: 12 }]),
      ),
      [],
    );
    assert.deepEqual(
      fallingRatingsRule.evaluate(
        base([
          { ...trend, recentAverage: 1, recentCount: RATING_MIN_REVIEWS - 1, previousAverage: 5, previousCount: 12 },
        ]),
      ),
      [],
    );
    assert.deepEqual(fallingRatingsRule.evaluate(base(undefined)), []);
  });

  test("the store's reviews reach the rule: hidden ones do not count", async () => {
    // Six delivered one-line orders of one product: three reviews 60 days ago (5 stars), three
    // in the last week (1-2 stars), one more 1-star one hidden.
    const tenant = tenantOf(STORE);
    const product = first(
      await sql<{ slug: string }>(
        `SELECT slug FROM products WHERE tenant_id = $1 AND status = 'active' AND slug <> ALL($2) ORDER BY slug LIMIT 1`,
        [tenant, products],
      ),
    ).slug;
    const ids: string[] = [];
    const stamps = [60, 61, 62, 3, 4, 5, 6];
    const ratings = [5, 5, 5, 2, 1, 2, 1];
    for (let i = 0; i < stamps.length; i++) {
      const [order] = await sql<{ id: string }>(
        `INSERT INTO orders (tenant_id, number, status, phone, customer_name, area_slug, subtotal_kes, delivery_fee_kes, total_kes, vat_kes, idempotency_key, request_hash, created_at)
         VALUES ($1, 900000 + $2::int, 'delivered', '254700000123', 'Wanjiru Kamau', 'kilimani', 100, 0, 100, 14, 'reviews-test-' || $2::text, 'x', now() - make_interval(days => $3::int + 2))
         RETURNING id`,
        [tenant, i, stamps[i]],
      );
      await sql(
        `INSERT INTO order_items (tenant_id, order_id, line, variant_id, sku, title, unit_price_kes, quantity, line_total_kes)
         SELECT $1::uuid, $2::uuid, 1, v.id, v.sku, 'x', 100, 1, 100 FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
          WHERE p.tenant_id = $1::uuid AND p.slug = $3 ORDER BY v.sku LIMIT 1`,
        [tenant, order!.id, product],
      );
      await sql(
        `INSERT INTO reviews (tenant_id, order_id, line, product_id, phone, author_name, rating, body, created_at, hidden_at, hidden_reason)
         SELECT $1::uuid, $2::uuid, 1, p.id, '254700000123', 'Wanjiru K.', $3, '', now() - make_interval(days => $4::int),
                CASE WHEN $5 THEN now() END, CASE WHEN $5 THEN 'spam' END
           FROM products p WHERE p.tenant_id = $1::uuid AND p.slug = $6`,
        [tenant, order!.id, ratings[i], stamps[i], i === 6, product],
      );
      ids.push(order!.id);
    }
    const owner = await demoLogin(call, STORE, 'owner');
    const res = await call<{ cards: { rule: string; numbers: Record<string, number | string> }[] }>(
      'POST',
      '/v1/owner/insights/generate?period=month',
      undefined,
      owner.accessToken,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const card = res.body.cards.find((c) => c.rule === 'falling_ratings');
    assert.ok(card, JSON.stringify(res.body.cards.map((c) => c.rule)));
    assert.equal(card.numbers.product, product);
    assert.equal(card.numbers.previousAverage, 5);
    assert.equal(card.numbers.recentReviews, 3, 'the hidden one is left out');
    assert.equal(card.numbers.recentAverage, 1.7);
    assert.equal(ids.length, 7);
  });
});
