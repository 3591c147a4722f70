// Promotions over real HTTP: the owner's coupons (create, edit, pause, end, restrictions, batches
// of single-use codes as CSV, usage), automatic promotions, permissions (staff cannot change
// them), audit rows, 4xx naming the field, and the storefront's badge price = the checkout price.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { percentOf, promotedUnitPrice, linePromotionsFor, type StorefrontPromotions } from '@sokoni/contracts';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';

const stack = useApiStack();
const STORE = 'mtindo-fashion';

interface Answer {
  coupon: {
    code: string;
    status: string;
    kind: string;
    value: number;
    categories: { slug: string }[];
    usage: { orders: number; paidOrders: number; discountKes: number; revenueKes: number };
  };
  items: { code?: string; id: string; status: string; kind?: string }[];
  batch: { id: string; count: number; used: number; status: string };
  codes: string[];
  promotion: { id: string; status: string; target: { slug: string } | null };
  cart: { token: string };
  order: { id: string; number: number; totalKes: number; discountKes: number };
  discounts: { kind: string; label: string; amountKes: number }[];
  discountKes: number;
  subtotalKes: number;
  deliveryFeeKes: number;
  totalKes: number;
  coupon_?: never;
  error: {
    code: string;
    message: string;
    details: { permission?: string; field?: string; issues?: { path: string }[] };
  };
}
const call = jsonCaller<Answer>(() => stack.api.url, '198.51');
let owner: string;
let admin: string;
let staff: string;

stack.before(async () => {
  owner = (await demoLogin(call, STORE, 'owner')).accessToken;
  admin = (await demoLogin(call, STORE, 'admin')).accessToken;
  staff = (await demoLogin(call, STORE, 'staff')).accessToken;
});

const tenant = () => stack.tenantOf(STORE);

/** A product of the store with plenty of stock: slug, sku, price, category slug. */
async function product(offset = 0) {
  return first(
    await stack.sql<{ slug: string; sku: string; price: number; category: string }>(
      `SELECT p.slug, v.sku, vp.price_kes AS price, c.slug AS category
         FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
         JOIN categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
         JOIN variant_prices vp ON vp.tenant_id = v.tenant_id AND vp.variant_id = v.id
        WHERE v.tenant_id = $1 AND v.on_hand >= 20 AND p.status = 'active'
          AND c.id <> (SELECT category_id FROM promotions WHERE tenant_id = $1 AND kind = 'category_percent' ORDER BY created_at LIMIT 1)
        ORDER BY v.sku OFFSET $2 LIMIT 1`,
      [tenant(), offset],
    ),
  );
}

async function cartWith(sku: string, quantity = 1): Promise<string> {
  const res = await call('POST', `/v1/stores/${STORE}/cart/lines`, { sku, quantity });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.cart.token;
}

async function preview(token: string, query = '') {
  const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/checkout/preview?${query}`, {
    headers: { 'x-cart-token': token, 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}` },
  });
  return {
    status: res.status,
    body: (await res.json()) as Answer & { coupon: { applied: boolean; message: string | null } | null },
  };
}

async function placeOrder(token: string, couponCode?: string, phone = '0712000111') {
  const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-cart-token': token,
      'idempotency-key': `promo-${randomUUID()}`,
      'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}`,
    },
    body: JSON.stringify({ phone, name: 'Wanjiku', areaSlug: 'westlands', ...(couponCode ? { couponCode } : {}) }),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

const audits = (action: string) =>
  stack.sql<{ entity_id: string; before: unknown; after: unknown }>(
    `SELECT entity_id, before, after FROM audit_log WHERE tenant_id = $1 AND action = $2 ORDER BY occurred_at, id`,
    [tenant(), action],
  );

describe('coupons', () => {
  test('an owner creates a restricted percent coupon; it is listed, audited and applies only to its category', async () => {
    const p = await product();
    const created = await call(
      'POST',
      '/v1/owner/promotions/coupons',
      {
        code: 'jumamosi15',
        name: 'Saturday',
        kind: 'percent',
        value: 15,
        categorySlugs: [p.category],
        maxUsesPerPhone: 1,
      },
      owner,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.coupon.code, 'JUMAMOSI15');
    assert.equal(created.body.coupon.status, 'active');
    assert.deepEqual(
      created.body.coupon.categories.map((c) => c.slug),
      [p.category],
    );
    const listed = await call('GET', '/v1/owner/promotions/coupons', undefined, staff);
    assert.equal(listed.status, 200, 'staff may look a code up');
    assert.ok(listed.body.items.some((c) => c.code === 'JUMAMOSI15'));
    assert.equal((await audits('coupon.created')).filter((a) => a.entity_id === 'JUMAMOSI15').length, 1);

    const token = await cartWith(p.sku);
    const applied = await preview(token, 'coupon=jumamosi15');
    assert.equal(applied.status, 200);
    const line = applied.body.discounts.find((d) => d.kind === 'coupon');
    assert.equal(line?.amountKes, Math.floor((p.price * 15 * 2 + 100) / 200));

    const other = first(
      await stack.sql<{ sku: string }>(
        `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
          JOIN categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
         WHERE v.tenant_id = $1 AND c.slug <> $2 AND v.on_hand > 5 AND p.status = 'active' ORDER BY v.sku LIMIT 1`,
        [tenant(), p.category],
      ),
    );
    const refused = await preview(await cartWith(other.sku), 'coupon=JUMAMOSI15');
    assert.equal(refused.body.coupon?.applied, false);
    assert.match(refused.body.coupon?.message ?? '', /does not apply/);
  });

  test('staff cannot create, edit, pause or end a coupon (403 naming prices.write); nothing changes', async () => {
    for (const [method, path, body] of [
      ['POST', '/v1/owner/promotions/coupons', { code: 'STAFF1', kind: 'fixed', value: 100 }],
      ['PATCH', '/v1/owner/promotions/coupons/JUMAMOSI15', { value: 90 }],
      ['POST', '/v1/owner/promotions/coupons/JUMAMOSI15/pause', undefined],
      ['POST', '/v1/owner/promotions/coupons/JUMAMOSI15/end', undefined],
      ['POST', '/v1/owner/promotions/automatic', { kind: 'free_delivery_over', name: 'x', minSubtotalKes: 1 }],
      ['POST', '/v1/owner/promotions/coupon-batches', { prefix: 'ST', count: 2, kind: 'fixed', value: 10 }],
    ] as const) {
      const res = await call(method, path, body, staff);
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.details.permission, 'prices.write');
    }
    const [row] = await stack.sql<{ value: number; active: boolean }>(
      `SELECT value, active FROM coupons WHERE tenant_id = $1 AND code = 'JUMAMOSI15'`,
      [tenant()],
    );
    assert.deepEqual(row, { value: 15, active: true });
    assert.equal(
      (await stack.sql(`SELECT 1 FROM coupons WHERE tenant_id = $1 AND code = 'STAFF1'`, [tenant()])).length,
      0,
    );
  });

  test('bad input is a 400 naming the field, a taken code a 409 naming code; nothing is written', async () => {
    const cases: [unknown, string][] = [
      [{ code: 'A', kind: 'percent', value: 10 }, 'code'],
      [{ code: 'OK123', kind: 'percent', value: 150 }, 'value'],
      [{ code: 'OK123', kind: 'fixed', value: 0 }, 'value'],
      [{ code: 'OK123', kind: 'bogus', value: 1 }, 'kind'],
      [{ code: 'OK123', kind: 'fixed', value: 100, startsAt: '2026-05-01', endsAt: '2026-04-01' }, 'endsAt'],
      [{ code: 'OK123', kind: 'fixed', value: 100, minSubtotalKes: -5 }, 'minSubtotalKes'],
      [{ code: 'OK123', kind: 'fixed', value: 100, categorySlugs: ['no-such-category'] }, 'categorySlugs.0'],
      [{ code: 'OK123', kind: 'fixed', value: 100, maxUses: 0 }, 'maxUses'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/v1/owner/promotions/coupons', body, admin);
      assert.equal(res.status, 400, `${JSON.stringify(body)} -> ${res.status}`);
      assert.ok(
        res.body.error.details.issues?.some((i) => i.path === field),
        `${field} named in ${JSON.stringify(res.body.error)}`,
      );
    }
    const taken = await call(
      'POST',
      '/v1/owner/promotions/coupons',
      { code: 'karibu10', kind: 'fixed', value: 5 },
      admin,
    );
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.details.field, 'code');
    assert.equal(
      (await stack.sql(`SELECT 1 FROM coupons WHERE tenant_id = $1 AND code = 'OK123'`, [tenant()])).length,
      0,
    );
    const badPromo = await call(
      'POST',
      '/v1/owner/promotions/automatic',
      { kind: 'category_percent', name: 'x', categorySlug: 'nope', percent: 10 },
      admin,
    );
    assert.equal(badPromo.status, 400);
    assert.ok(badPromo.body.error.details.issues?.some((i) => i.path === 'categorySlug'));
    const badPercent = await call(
      'POST',
      '/v1/owner/promotions/automatic',
      { kind: 'category_percent', name: 'x', categorySlug: 'nope', percent: 95 },
      admin,
    );
    assert.ok(badPercent.body.error.details.issues?.some((i) => i.path === 'percent'));
  });

  test('pause, resume, edit and end: the checkout follows each, ended is final, each audited', async () => {
    const p = await product(1);
    const made = await call(
      'POST',
      '/v1/owner/promotions/coupons',
      { code: 'PAUSEME', kind: 'fixed', value: 200 },
      owner,
    );
    assert.equal(made.status, 201);
    const token = await cartWith(p.sku);
    assert.equal(
      (await call('POST', '/v1/owner/promotions/coupons/PAUSEME/pause', undefined, admin)).body.coupon.status,
      'paused',
    );
    assert.match((await preview(token, 'coupon=PAUSEME')).body.coupon?.message ?? '', /paused/);
    assert.equal(
      (await call('POST', '/v1/owner/promotions/coupons/PAUSEME/resume', undefined, admin)).body.coupon.status,
      'active',
    );
    const edited = await call('PATCH', '/v1/owner/promotions/coupons/PAUSEME', { value: 300 }, admin);
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal((await preview(token, 'coupon=PAUSEME')).body.discountKes, Math.min(300, p.price));
    assert.equal(
      (await call('POST', '/v1/owner/promotions/coupons/PAUSEME/end', undefined, owner)).body.coupon.status,
      'ended',
    );
    assert.equal((await call('POST', '/v1/owner/promotions/coupons/PAUSEME/resume', undefined, owner)).status, 409);
    assert.equal((await preview(token, 'coupon=PAUSEME')).body.coupon?.applied, false);
    const updated = await audits('coupon.updated');
    const last = updated.at(-1)!;
    assert.equal((last.before as { value: number }).value, 200);
    assert.equal((last.after as { value: number }).value, 300);
    for (const action of ['coupon.paused', 'coupon.resumed', 'coupon.ended'])
      assert.ok(
        (await audits(action)).some((a) => a.entity_id === 'PAUSEME'),
        action,
      );
  });

  test('50 single-use codes as CSV: each works once; usage counts orders, discount and paid revenue', async () => {
    const made = await call(
      'POST',
      '/v1/owner/promotions/coupon-batches',
      { prefix: 'wa', count: 50, kind: 'fixed', value: 100, name: 'WhatsApp campaign' },
      owner,
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.codes.length, 50);
    assert.equal(new Set(made.body.codes).size, 50);
    assert.ok(made.body.codes.every((c) => /^WA-[2-9A-Z]{6}$/.test(c)));
    const csv = await fetch(`${stack.api.url}/v1/owner/promotions/coupon-batches/${made.body.batch.id}/codes.csv`, {
      headers: { authorization: `Bearer ${owner}` },
    });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const rows = (await csv.text()).trim().split('\n');
    assert.equal(rows[0], 'code,status,used');
    assert.equal(rows.length, 51);

    const code = made.body.codes[0]!;
    const p = await product(2);
    const placed = await placeOrder(await cartWith(p.sku), code);
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    assert.equal(placed.body.order.discountKes, Math.min(100, p.price));
    const again = await placeOrder(await cartWith(p.sku), code, '0712000222');
    assert.equal(again.status, 409, 'single use');

    // Paid (the payments flow is tested elsewhere): usage counts its revenue.
    await stack.sql(`UPDATE orders SET status = 'paid' WHERE tenant_id = $1 AND id = $2`, [
      tenant(),
      placed.body.order.id,
    ]);
    const batches = await call('GET', '/v1/owner/promotions/coupon-batches', undefined, owner);
    const batch = batches.body.items.find((b) => b.id === made.body.batch.id) as unknown as {
      used: number;
      usage: { orders: number; paidOrders: number; discountKes: number; revenueKes: number };
    };
    assert.equal(batch.used, 1);
    assert.deepEqual(batch.usage, {
      orders: 1,
      paidOrders: 1,
      discountKes: placed.body.order.discountKes,
      revenueKes: placed.body.order.totalKes,
    });
    const single = await call('GET', `/v1/owner/promotions/coupons/${code}`, undefined, owner);
    assert.equal(single.body.coupon.status, 'used_up');
    assert.equal(single.body.coupon.usage.revenueKes, placed.body.order.totalKes);
    const csvAfter = await (
      await fetch(`${stack.api.url}/v1/owner/promotions/coupon-batches/${made.body.batch.id}/codes.csv`, {
        headers: { authorization: `Bearer ${owner}` },
      })
    ).text();
    assert.ok(csvAfter.includes(`${code},used,1`));
    const ended = await call('POST', `/v1/owner/promotions/coupon-batches/${made.body.batch.id}/end`, undefined, owner);
    assert.equal(ended.body.batch.status, 'ended');
    assert.equal((await audits('coupon_batch.generated')).length, 1);
  });

  test('a fixed coupon larger than the cart never makes a negative total', async () => {
    await call('POST', '/v1/owner/promotions/coupons', { code: 'HUGE', kind: 'fixed', value: 9_000_000 }, owner);
    const p = await product(3);
    const res = await preview(await cartWith(p.sku), 'coupon=HUGE&area=westlands');
    assert.equal(res.body.totalKes, res.body.deliveryFeeKes);
    assert.equal(res.body.discountKes, res.body.subtotalKes);
  });
});

describe('automatic promotions and the storefront', () => {
  test('x % off a category: the badge price from the storefront list is exactly what checkout charges', async () => {
    const p = await product(4);
    const made = await call(
      'POST',
      '/v1/owner/promotions/automatic',
      { kind: 'category_percent', name: '13% off this week', categorySlug: p.category, percent: 13 },
      admin,
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.promotion.status, 'active');
    assert.ok((await audits('promotion.created')).some((a) => a.entity_id === made.body.promotion.id));

    const listed = await call<StorefrontPromotions>('GET', `/v1/stores/${STORE}/promotions`);
    assert.equal(listed.status, 200);
    const promos = linePromotionsFor(p.slug, listed.body.items);
    assert.ok(promos.some((x) => x.label === '13% off this week'));
    const badge = promotedUnitPrice(p.price, promos);
    assert.ok(badge < p.price);
    const checkout = await preview(await cartWith(p.sku));
    assert.equal(checkout.body.totalKes, badge, 'badge price = checkout price (no delivery chosen yet)');

    const paused = await call(
      'POST',
      `/v1/owner/promotions/automatic/${made.body.promotion.id}/pause`,
      undefined,
      admin,
    );
    assert.equal(paused.body.promotion.status, 'paused');
    const after = await call<StorefrontPromotions>('GET', `/v1/stores/${STORE}/promotions`);
    assert.ok(!after.body.items.some((x) => x.id === made.body.promotion.id), 'a paused promotion shows no badge');
    assert.equal((await preview(await cartWith(p.sku))).body.totalKes, p.price);
  });

  test('buy 2 get 1 on a product, and free delivery over KES N, at checkout and in the storefront list', async () => {
    const p = await product(5);
    const b = await call(
      'POST',
      '/v1/owner/promotions/automatic',
      { kind: 'buy_x_get_y', name: 'Buy 2 get 1 free', productSlug: p.slug, buyQty: 2, getQty: 1 },
      owner,
    );
    assert.equal(b.status, 201, JSON.stringify(b.body));
    const three = await preview(await cartWith(p.sku, 3));
    assert.equal(three.body.discountKes, p.price);
    assert.equal(three.body.totalKes, 2 * p.price);
    const f = await call(
      'POST',
      '/v1/owner/promotions/automatic',
      { kind: 'free_delivery_over', name: 'Free delivery over KES 1', minSubtotalKes: 1 },
      owner,
    );
    assert.equal(f.status, 201);
    const delivered = await preview(await cartWith(p.sku), 'area=westlands');
    assert.ok(delivered.body.deliveryFeeKes > 0);
    assert.equal(
      delivered.body.totalKes,
      delivered.body.subtotalKes - 0 - (delivered.body.discountKes - delivered.body.deliveryFeeKes),
    );
    assert.ok(delivered.body.discounts.some((d) => d.label === 'Free delivery over KES 1'));
    const list = await call<StorefrontPromotions>('GET', `/v1/stores/${STORE}/promotions`);
    assert.ok(list.body.items.some((x) => x.kind === 'free_delivery_over' && x.minSubtotalKes === 1));
    assert.ok(list.body.items.some((x) => x.kind === 'buy_x_get_y' && x.productSlugs.includes(p.slug)));
    const ended = await call('POST', `/v1/owner/promotions/automatic/${f.body.promotion.id}/end`, undefined, owner);
    assert.equal(ended.body.promotion.status, 'ended');
    assert.equal(
      (await call('PATCH', `/v1/owner/promotions/automatic/${f.body.promotion.id}`, { name: 'again' }, owner)).status,
      409,
    );
    const wrongField = await call(
      'PATCH',
      `/v1/owner/promotions/automatic/${b.body.promotion.id}`,
      { percent: 10 },
      owner,
    );
    assert.equal(wrongField.status, 400);
    assert.ok(wrongField.body.error.details.issues?.some((i) => i.path === 'percent'));
  });
});

describe('a category covers its subcategories (rule 5)', () => {
  test('x % off a category also discounts its subcategory, never upwards; a category coupon too; badge = checkout', async () => {
    for (const body of [
      { name: 'Rule five phones', slug: 'rule-five-phones' },
      { name: 'Rule five android', slug: 'rule-five-android', parentSlug: 'rule-five-phones' },
    ]) {
      const made = await call('POST', '/v1/owner/catalog/categories', body, owner);
      assert.equal(made.status, 201, JSON.stringify(made.body));
    }
    const inChild = await product(8);
    let inParent = await product(9);
    for (let offset = 10; inParent.slug === inChild.slug; offset++) inParent = await product(offset); // another product
    for (const [p, categorySlug] of [
      [inChild, 'rule-five-android'],
      [inParent, 'rule-five-phones'],
    ] as const) {
      const moved = await call('PATCH', `/v1/owner/catalog/products/${p.slug}`, { categorySlug }, owner);
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
    }

    const parentOff = await call(
      'POST',
      '/v1/owner/promotions/automatic',
      { kind: 'category_percent', name: '12% off rule five phones', categorySlug: 'rule-five-phones', percent: 12 },
      admin,
    );
    assert.equal(parentOff.status, 201, JSON.stringify(parentOff.body));
    const childOff = await call(
      'POST',
      '/v1/owner/promotions/automatic',
      { kind: 'category_percent', name: '7% off rule five android', categorySlug: 'rule-five-android', percent: 7 },
      admin,
    );
    assert.equal(childOff.status, 201, JSON.stringify(childOff.body));

    const listed = await call<StorefrontPromotions>('GET', `/v1/stores/${STORE}/promotions`);
    const covers = (id: string) => listed.body.items.find((x) => x.id === id)?.productSlugs ?? [];
    assert.ok(covers(parentOff.body.promotion.id).includes(inChild.slug), 'the parent promotion covers the child');
    assert.ok(covers(parentOff.body.promotion.id).includes(inParent.slug));
    assert.ok(covers(childOff.body.promotion.id).includes(inChild.slug));
    assert.ok(!covers(childOff.body.promotion.id).includes(inParent.slug), 'never upwards');

    // The subcategory's product gets the better of the two (rule 1), the same on the badge and at checkout.
    const badge = promotedUnitPrice(inChild.price, linePromotionsFor(inChild.slug, listed.body.items));
    assert.ok(badge <= inChild.price - percentOf(inChild.price, 12), `${badge} for ${inChild.price}`);
    assert.equal((await preview(await cartWith(inChild.sku))).body.totalKes, badge, 'badge = checkout');

    // A coupon limited to the parent category applies to the subcategory's product too.
    const coupon = await call(
      'POST',
      '/v1/owner/promotions/coupons',
      { code: 'RULEFIVE', name: 'Rule five', kind: 'fixed', value: 50, categorySlugs: ['rule-five-phones'] },
      owner,
    );
    assert.equal(coupon.status, 201, JSON.stringify(coupon.body));
    const withCoupon = await preview(await cartWith(inChild.sku), 'coupon=RULEFIVE');
    assert.equal(withCoupon.body.coupon?.applied, true, JSON.stringify(withCoupon.body.coupon));
    assert.equal(withCoupon.body.totalKes, badge - 50);
  });
});
