// Placing orders over real HTTP: idempotency under double taps, stock reservation and release,
// totals with delivery and VAT, the status machine, reservation expiry by the worker.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { vatPortion, type Order } from '@sokoni/contracts';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { createQueues, enqueue } from '../../apps/api/dist/queues/queues.js';
import { useApiStack } from '../helpers/api-fixture.ts';
import { REDIS_URL, withClient } from '../helpers/database.ts';
import { waitUntil } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const stack = useApiStack({ worker: true });
let tenantId: string;

stack.before(() => {
  tenantId = stack.tenantOf(STORE);
});

/**
 * What these tests read of an answer: each part only where the route gives it (the assertions
 * check which; the type does not).
 */
interface Answer {
  accessToken: string;
  cart: { token: string; lines: unknown[] };
  order: Order;
  items: { number: number; slug: string }[];
  standardFeeKes: number;
  discounts: { kind: string; amountKes: number }[];
  deliveryFeeKes: number;
  totalKes: number;
  vatKes: number;
  coupon: { applied: boolean; message: string };
  error: {
    code: string;
    message: string;
    details: { reason: string; allowed: string[]; notices: { sku: string; kind: string }[] };
  };
}
/** The columns these tests read (each query selects some of them). */
interface DbRow {
  sku: string;
  slug: string;
  id: string;
  on_hand: number;
  price_kes: number;
  category: string;
  percent: number;
  voided_at: Date | null;
  used_count: number;
  n: number;
}

let ip = 0;
async function http(
  method: string,
  path: string,
  { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
) {
  ip++;
  const res = await fetch(`${stack.api.url}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      'x-forwarded-for': `203.0.113.${ip % 250}`,
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer };
}

async function variantWithStock(min: number, offset = 0): Promise<{ sku: string; id: string; on_hand: number }> {
  return withClient(
    stack.db.ownerUrl,
    async (c) =>
      (
        await c.query<DbRow>(
          `
    SELECT v.sku, v.id, v.on_hand FROM product_variants v WHERE v.tenant_id = $1 AND v.on_hand >= $2
       AND NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.variant_id = v.id) ORDER BY v.sku OFFSET $3 LIMIT 1`,
          [tenantId, min, offset],
        )
      ).rows[0]!,
  );
}
const onHand = (id: string) =>
  withClient(
    stack.db.ownerUrl,
    async (c) => (await c.query<DbRow>(`SELECT on_hand FROM product_variants WHERE id = $1`, [id])).rows[0]!.on_hand,
  );

async function cartWith(sku: string, quantity: number): Promise<string> {
  const res = await http('POST', `/v1/stores/${STORE}/cart/lines`, { body: { sku, quantity } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.cart.token;
}

const checkout = { phone: '0712 345 678', name: 'Wanjiku', areaSlug: 'kilimani', landmark: 'Near Yaya Centre' };
const place = (cartToken: string | undefined, key: string | undefined, body: unknown = checkout) =>
  http('POST', `/v1/stores/${STORE}/orders`, {
    body,
    headers: { ...(cartToken ? { 'x-cart-token': cartToken } : {}), ...(key ? { 'idempotency-key': key } : {}) },
  });

/** An adjustment that leaves the variant `units` in stock (one by default). */
const leaveUnits = (variant: { id: string; on_hand: number }, units = 1) =>
  withClient(stack.db.ownerUrl, (c) =>
    c.query(
      `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) VALUES ($1, $2, 'adjustment', $3)`,
      [tenantId, variant.id, units - variant.on_hand],
    ),
  );

describe('placing an order', () => {
  test('an order reserves stock, totals subtotal + delivery with VAT shown, and empties the cart', async () => {
    const variant = await variantWithStock(5);
    const token = await cartWith(variant.sku, 2);
    const quote = await http('GET', `/v1/stores/${STORE}/delivery/quote?area=kilimani&subtotal=1`);
    const placed = await place(token, `order-${Date.now()}-a`);
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const order = placed.body.order;
    assert.ok(order.number >= 1001);
    assert.equal(order.status, 'pending_payment');
    assert.equal(order.phone, '254712345678');
    assert.equal(order.items[0]!.quantity, 2);
    assert.equal(order.subtotalKes, order.items[0]!.unitPriceKes * 2);
    assert.equal(order.totalKes, order.subtotalKes + order.deliveryFeeKes - order.discountKes);
    assert.equal(
      order.discountKes,
      order.discounts.reduce((s, d) => s + d.amountKes, 0),
    );
    assert.equal(order.vatKes, vatPortion(order.totalKes));
    assert.ok(order.deliveryFeeKes === quote.body.standardFeeKes || order.deliveryFeeKes === 0);
    assert.ok(new Date(order.reservedUntil!).getTime() > Date.now());
    assert.deepEqual(
      order.timeline.map((e) => e.type),
      ['placed'],
    );
    assert.equal(await onHand(variant.id), variant.on_hand - 2, 'stock reserved');
    const cart = await http('GET', `/v1/stores/${STORE}/cart`, { headers: { 'x-cart-token': token } });
    assert.equal(cart.body.cart.lines.length, 0, 'cart emptied');
    const readBack = await http('GET', `/v1/stores/${STORE}/orders/${order.id}`);
    assert.equal(readBack.body.order.number, order.number);
  });

  test('a double tap returns the same order; the same key for a different order is refused', async () => {
    const variant = await variantWithStock(5, 1);
    const token = await cartWith(variant.sku, 1);
    const key = `order-${Date.now()}-dbl`;
    const responses = await Promise.all(Array.from({ length: 6 }, () => place(token, key)));
    const ids = new Set(responses.map((r) => r.body.order?.id));
    assert.equal(
      ids.size,
      1,
      `one order for one key: ${JSON.stringify(responses.map((r) => [r.status, r.body.error?.code]))}`,
    );
    assert.equal(responses.filter((r) => r.status === 201).length, 1);
    assert.ok(responses.filter((r) => r.status === 200).every((r) => r.headers.get('idempotent-replayed') === 'true'));
    const orders = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<DbRow>(`SELECT count(*)::int AS n FROM orders WHERE tenant_id = $1 AND idempotency_key = $2`, [
            tenantId,
            key,
          ])
        ).rows[0]!.n,
    );
    assert.equal(orders, 1);
    assert.equal(await onHand(variant.id), variant.on_hand - 1, 'reserved once');
    const reused = await place(token, key, { ...checkout, name: 'Someone else' });
    assert.equal(reused.status, 409);
    assert.equal(reused.body.error.details.reason, 'idempotency_key_reused');
  });

  test('bad input is refused with clear 4xx and writes nothing', async () => {
    const variant = await variantWithStock(3, 2);
    const token = await cartWith(variant.sku, 1);
    const count = () =>
      withClient(
        stack.db.ownerUrl,
        async (c) =>
          (await c.query<DbRow>(`SELECT count(*)::int AS n FROM orders WHERE tenant_id = $1`, [tenantId])).rows[0]!.n,
      );
    const before = await count();
    assert.equal((await place(token, undefined)).status, 400, 'no Idempotency-Key');
    assert.equal((await place(token, 'short')).status, 400);
    assert.equal((await place(token, `k-${Date.now()}-1`, { ...checkout, phone: '0812345678' })).status, 400);
    assert.equal((await place(token, `k-${Date.now()}-2`, { ...checkout, name: '' })).status, 400);
    assert.equal((await place(token, `k-${Date.now()}-3`, { ...checkout, areaSlug: 'atlantis' })).status, 404);
    const withPrice = await place(token, `k-${Date.now()}-4`, { ...checkout, totalKes: 1 });
    assert.equal(withPrice.status, 201, 'extra fields such as a total are ignored, never trusted');
    assert.notEqual(withPrice.body.order.totalKes, 1);
    const empty = await place(undefined, `k-${Date.now()}-5`);
    assert.equal(empty.status, 409);
    assert.equal(empty.body.error.details.reason, 'empty_cart');
    assert.equal(await count(), before + 1);
  });

  test('a price change between cart and checkout asks the shopper to confirm', async () => {
    const variant = await variantWithStock(3, 3);
    const token = await cartWith(variant.sku, 1);
    await withClient(stack.db.ownerUrl, (c) =>
      c.query(`UPDATE product_variants SET price_kes = price_kes + 50, compare_at_kes = NULL WHERE id = $1`, [
        variant.id,
      ]),
    );
    const changed = await place(token, `order-${Date.now()}-chg`);
    assert.equal(changed.status, 409);
    assert.equal(changed.body.error.details.reason, 'cart_changed');
    const confirmed = await place(token, `order-${Date.now()}-chg2`);
    assert.equal(confirmed.status, 201);
  });

  test('two shoppers racing for the last unit: one order, one clear refusal', async () => {
    const variant = await variantWithStock(2, 4);
    await leaveUnits(variant);
    const [a, b] = [await cartWith(variant.sku, 1), await cartWith(variant.sku, 1)];
    const results = await Promise.all([place(a, `race-${Date.now()}-a`), place(b, `race-${Date.now()}-b`)]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
    // The loser hears either at the stock check (reservation refused by the database) or,
    // if the winner committed first, when its cart is re-priced (item now sold out).
    const refused = results.find((r) => r.status === 409)!.body.error;
    assert.ok(['insufficient_stock', 'cart_changed'].includes(refused.details.reason), JSON.stringify(refused));
    if (refused.details.reason === 'cart_changed')
      assert.equal(refused.details.notices[0]!.kind, 'removed_unavailable');
    assert.equal(await onHand(variant.id), 0);
  });

  test('racing placements at one store: numbers stay unique and gap-free, refused ones leave nothing behind', async () => {
    // The lines, event and owed notification are written before the numbered order row (0054),
    // and a refusal for stock comes after the number: a rolled-back placement must give its
    // number back and leave no line, event or notification without an order.
    const variant = await variantWithStock(4, 8);
    await leaveUnits(variant, 3);
    const count = async (sql: string) =>
      withClient(stack.db.ownerUrl, async (c) => (await c.query<DbRow>(sql, [tenantId])).rows[0]!.n);
    const lastNumber = () => count(`SELECT max(number)::int AS n FROM orders WHERE tenant_id = $1`);
    const before = await lastNumber();
    const carts = await Promise.all(Array.from({ length: 8 }, () => cartWith(variant.sku, 1)));
    const results = await Promise.all(carts.map((cart, i) => place(cart, `number-race-${Date.now()}-${i}`)));
    const placed = results.filter((r) => r.status === 201).map((r) => r.body.order.number);
    const refused = results.filter((r) => r.status === 409).map((r) => r.body.error.details.reason);
    assert.equal(placed.length, 3, JSON.stringify(results.map((r) => [r.status, r.body.error?.details])));
    assert.equal(refused.length, 5);
    for (const reason of refused) assert.ok(['insufficient_stock', 'cart_changed'].includes(reason), reason);
    assert.deepEqual(
      placed.sort((a, b) => a - b),
      [before + 1, before + 2, before + 3],
    );
    assert.equal(await lastNumber(), before + 3);
    assert.equal(await onHand(variant.id), 0);
    for (const child of ['order_items', 'order_events', 'order_notifications']) {
      const orphans = await count(
        `SELECT count(*)::int AS n FROM ${child} x WHERE x.tenant_id = $1
            AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.tenant_id = x.tenant_id AND o.id = x.order_id)`,
      );
      assert.equal(orphans, 0, `${child} without an order`);
    }
    // Outside placement the foreign keys are checked at once, as before.
    await assert.rejects(
      withClient(stack.db.ownerUrl, (c) =>
        c.query(
          `INSERT INTO order_events (tenant_id, order_id, type, actor_type) VALUES ($1, gen_random_uuid(), 'note', 'system')`,
          [tenantId],
        ),
      ),
      (error: { code?: string }) => error.code === '23503',
    );
  });

  test('the last unit sold before this shopper confirmed: "sold out", never "your cart is empty"', async () => {
    const variant = await variantWithStock(2, 6);
    await leaveUnits(variant);
    const [first, second] = [await cartWith(variant.sku, 1), await cartWith(variant.sku, 1)];
    assert.equal((await place(first, `late-${Date.now()}-a`)).status, 201);
    const late = await place(second, `late-${Date.now()}-b`);
    assert.equal(late.status, 409);
    assert.equal(late.body.error.details.reason, 'cart_changed', JSON.stringify(late.body));
    assert.deepEqual(
      late.body.error.details.notices.map((n) => [n.sku, n.kind]),
      [[variant.sku, 'removed_unavailable']],
    );
  });
});

describe('after placement', () => {
  test('an unpaid order past its reservation is cancelled by the worker and its stock returns', async () => {
    const variant = await variantWithStock(4, 5);
    const placed = await place(await cartWith(variant.sku, 3), `order-${Date.now()}-exp`);
    assert.equal(placed.status, 201);
    assert.equal(await onHand(variant.id), variant.on_hand - 3);
    await withClient(stack.db.ownerUrl, (c) =>
      c.query(`UPDATE orders SET reserved_until = now() - interval '1 minute' WHERE id = $1`, [placed.body.order.id]),
    );
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const payments = createQueues(redis, stack.env.REDIS_KEY_PREFIX!, 14).get('payments')!;
    await enqueue(payments, 'order.expire-reservation', tenantId, { orderId: placed.body.order.id });
    const order = await waitUntil(
      'the worker to cancel the order',
      async () => (await http('GET', `/v1/stores/${STORE}/orders/${placed.body.order.id}`)).body.order,
      (o) => o.status === 'cancelled',
      15_000,
    );
    await payments.close();
    redis.disconnect();
    assert.equal(order.status, 'cancelled');
    assert.deepEqual(
      order.timeline.map((e) => e.type),
      ['placed', 'reservation_expired'],
    );
    assert.equal(await onHand(variant.id), variant.on_hand, 'stock released');
  });

  test('the status machine: staff cannot pack an unpaid order, may cancel it (stock back); owner lists orders', async () => {
    const variant = await variantWithStock(3, 6);
    const placed = await place(await cartWith(variant.sku, 1), `order-${Date.now()}-sm`);
    const login = await http('POST', '/v1/owner/auth/login', {
      body: { store: STORE, email: `staff@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
    });
    const auth = { authorization: `Bearer ${login.body.accessToken}` };
    const number = placed.body.order.number;
    const pack = await http('POST', `/v1/owner/orders/${number}/status`, { body: { to: 'packed' }, headers: auth });
    assert.equal(pack.status, 409);
    assert.deepEqual(pack.body.error.details.allowed, ['paid', 'cancelled']);
    const cancel = await http('POST', `/v1/owner/orders/${number}/status`, {
      body: { to: 'cancelled', note: 'shopper called' },
      headers: auth,
    });
    assert.equal(cancel.status, 200);
    assert.equal(cancel.body.order.status, 'cancelled');
    assert.equal(await onHand(variant.id), variant.on_hand, 'cancelling an unpaid order returns its stock');
    assert.equal(
      (await http('POST', `/v1/owner/orders/${number}/status`, { body: { to: 'delivered' }, headers: auth })).status,
      409,
    );
    const list = await http('GET', '/v1/owner/orders?limit=5', { headers: auth });
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((o) => o.number === number));
    assert.equal((await http('GET', '/v1/owner/orders')).status, 401);
  });
});

describe('promotions and coupons', () => {
  const tenantSql = (sql: string, params: unknown[] = []) =>
    withClient(stack.db.ownerUrl, (c) => c.query<DbRow>(sql, params));

  test('checkout preview: automatic category promotion, coupon applied or explained, VAT on the total', async () => {
    const {
      rows: [promo],
    } = await tenantSql(
      `SELECT c.slug AS category, pr.percent FROM promotions pr JOIN categories c ON c.id = pr.category_id WHERE pr.tenant_id = $1`,
      [tenantId],
    );
    const {
      rows: [v],
    } = await tenantSql(
      `
      SELECT v.sku, v.price_kes FROM product_variants v JOIN products p ON p.id = v.product_id JOIN categories c ON c.id = p.category_id
       WHERE v.tenant_id = $1 AND c.slug = $2 AND v.on_hand >= 2 AND v.price_kes >= 3000
         AND NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.variant_id = v.id) ORDER BY v.sku LIMIT 1`,
      [tenantId, promo!.category],
    );
    const token = await cartWith(v!.sku, 1);
    const plain = await http('GET', `/v1/stores/${STORE}/checkout/preview?area=westlands`, {
      headers: { 'x-cart-token': token },
    });
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    const auto = Math.floor((v!.price_kes * promo!.percent * 2 + 100) / 200);
    assert.deepEqual(
      plain.body.discounts.map((d) => [d.kind, d.amountKes]),
      [['promotion', auto]],
    );
    assert.equal(plain.body.totalKes, v!.price_kes + plain.body.deliveryFeeKes - auto);
    assert.equal(plain.body.vatKes, vatPortion(plain.body.totalKes));
    const withCoupon = await http(
      'GET',
      `/v1/stores/${STORE}/checkout/preview?area=westlands&coupon=karibu10&phone=0733000111`,
      { headers: { 'x-cart-token': token } },
    );
    const couponLine = withCoupon.body.discounts.find((d) => d.kind === 'coupon');
    assert.equal(couponLine?.amountKes, Math.floor(((v!.price_kes - auto) * 10 * 2 + 100) / 200));
    assert.equal(withCoupon.body.coupon.applied, true);
    const bogus = await http('GET', `/v1/stores/${STORE}/checkout/preview?area=westlands&coupon=NOPE99`, {
      headers: { 'x-cart-token': token },
    });
    assert.equal(bogus.body.coupon.applied, false);
    assert.match(bogus.body.coupon.message, /no coupon NOPE99/);
  });

  test('a coupon is used once per phone; a cancelled order gives the use back', async () => {
    // KARIBU10 needs a subtotal of KES 2,000: one unit of an item priced above that.
    const {
      rows: [variant],
    } = await tenantSql(
      `SELECT sku FROM product_variants v WHERE tenant_id = $1 AND on_hand >= 3 AND price_kes >= 2500
       AND NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.variant_id = v.id) ORDER BY sku DESC LIMIT 1`,
      [tenantId],
    );
    const qty = 1;
    const body = { ...checkout, phone: '0799 111 222', couponCode: 'KARIBU10' };
    const first = await place(await cartWith(variant!.sku, qty), `cpn-${Date.now()}-1`, body);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.order.couponCode, 'KARIBU10');
    assert.ok(first.body.order.discountKes > 0);
    const again = await place(await cartWith(variant!.sku, 1), `cpn-${Date.now()}-2`, body);
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /already used coupon KARIBU10|needs a subtotal/);
    const login = await http('POST', '/v1/owner/auth/login', {
      body: { store: STORE, email: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
    });
    await http('POST', `/v1/owner/orders/${first.body.order.number}/status`, {
      body: { to: 'cancelled' },
      headers: { authorization: `Bearer ${login.body.accessToken}` },
    });
    const {
      rows: [redemption],
    } = await tenantSql(`SELECT voided_at FROM coupon_redemptions WHERE order_id = $1`, [first.body.order.id]);
    assert.ok(redemption?.voided_at, 'use given back');
  });

  test('an expired coupon is explained in the preview and refused at placement, writing nothing', async () => {
    await tenantSql(
      `INSERT INTO coupons (tenant_id, code, kind, value, starts_at, ends_at) VALUES ($1, 'OLDPROMO', 'percent', 20, now() - interval '30 days', now() - interval '1 day')`,
      [tenantId],
    );
    const variant = await variantWithStock(2, 10);
    const token = await cartWith(variant.sku, 1);
    const preview = await http('GET', `/v1/stores/${STORE}/checkout/preview?area=westlands&coupon=oldpromo`, {
      headers: { 'x-cart-token': token },
    });
    assert.equal(preview.body.coupon.applied, false);
    assert.match(preview.body.coupon.message, /not valid today/);
    const before = await onHand(variant.id);
    const placed = await place(token, `old-${Date.now()}`, { ...checkout, couponCode: 'OLDPROMO' });
    assert.equal(placed.status, 409);
    assert.equal(placed.body.error.details.reason, 'coupon_invalid');
    assert.equal(await onHand(variant.id), before, 'no stock reserved for a refused order');
  });

  test("two shoppers racing for a coupon's last use: one wins, one gets a clear refusal", async () => {
    await tenantSql(
      `INSERT INTO coupons (tenant_id, code, kind, value, max_uses) VALUES ($1, 'LASTONE', 'fixed', 100, 1)`,
      [tenantId],
    );
    const variant = await variantWithStock(3, 8);
    const [a, b] = [await cartWith(variant.sku, 1), await cartWith(variant.sku, 1)];
    const results = await Promise.all([
      place(a, `last-${Date.now()}-a`, { ...checkout, phone: '0711 000 001', couponCode: 'LASTONE' }),
      place(b, `last-${Date.now()}-b`, { ...checkout, phone: '0711 000 002', couponCode: 'LASTONE' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    assert.match(loser.body.error.message, /used up/);
    const {
      rows: [c],
    } = await tenantSql(`SELECT used_count FROM coupons WHERE tenant_id = $1 AND code = 'LASTONE'`, [tenantId]);
    assert.equal(c?.used_count, 1);
  });
});

describe('invoice', () => {
  test('a printable tax invoice shows the VAT breakdown and escapes what shoppers typed', async () => {
    const variant = await variantWithStock(2, 9);
    const placed = await place(await cartWith(variant.sku, 1), `inv-${Date.now()}`, {
      ...checkout,
      name: '<script>alert(1)</script> Achieng',
    });
    assert.equal(placed.status, 201);
    const order = placed.body.order;
    const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/orders/${order.id}/invoice`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/html/);
    const html = await res.text();
    assert.match(html, /TAX INVOICE/);
    assert.match(html, new RegExp(`INV-${order.number}`));
    assert.match(html, /KRA PIN: P\d{9}[A-Z]/);
    const kes = (n: number) => `KES ${n.toLocaleString('en-KE')}`;
    assert.ok(html.includes(`VAT @ 16%</td><td class="n">${kes(order.vatKes)}`));
    assert.ok(html.includes(`Taxable value (excl. VAT)</td><td class="n">${kes(order.totalKes - order.vatKes)}`));
    assert.ok(!html.includes('<script>alert(1)</script>'), 'shopper input is escaped');
    assert.ok(html.includes('&lt;script&gt;'));
    assert.equal(
      (await fetch(`${stack.api.url}/v1/stores/${STORE}/orders/00000000-0000-4000-8000-000000000000/invoice`)).status,
      404,
    );
  });
});

describe('related items', () => {
  test('products bought together in paid orders come first on the product page; unpaid orders do not count', async () => {
    // Two products from different categories (same-category neighbours would be related anyway).
    const { rows: picks } = await withClient(stack.db.ownerUrl, (c) =>
      c.query<DbRow>(
        `
      SELECT DISTINCT ON (p.category_id) p.slug, v.sku FROM products p JOIN product_variants v ON v.product_id = p.id
       WHERE p.tenant_id = $1 AND p.status = 'active' AND v.on_hand >= 4
         AND NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.variant_id = v.id)
       ORDER BY p.category_id, p.slug DESC LIMIT 3`,
        [tenantId],
      ),
    );
    const [a, b, c] = picks as [DbRow, DbRow, DbRow];
    const orderOf = async (items: { sku: string }[], key: string) => {
      let token: string | undefined;
      for (const item of items) {
        const res = await http('POST', `/v1/stores/${STORE}/cart/lines`, {
          body: { sku: item.sku, quantity: 1 },
          headers: token ? { 'x-cart-token': token } : {},
        });
        token = res.body.cart.token;
      }
      const placed = await place(token, key);
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      return placed.body.order.id;
    };
    const paid1 = await orderOf([a, b], `rel-${Date.now()}-1`);
    const paid2 = await orderOf([a, b], `rel-${Date.now()}-2`);
    await orderOf([a, c], `rel-${Date.now()}-3`); // stays unpaid
    await withClient(stack.db.ownerUrl, (q) =>
      q.query(`UPDATE orders SET status = 'paid' WHERE id = ANY ($1::uuid[])`, [[paid1, paid2]]),
    );
    const related = await http('GET', `/v1/stores/${STORE}/products/${a.slug}/related`);
    assert.equal(related.status, 200);
    assert.equal(related.body.items[0]!.slug, b.slug, 'bought together first');
    assert.ok(!related.body.items.slice(0, 1).some((i) => i.slug === c.slug));
  });
});
