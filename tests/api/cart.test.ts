// Server-side carts in Redis over real HTTP: signed tokens, prices always from the catalog,
// stock and quantity limits, merge by phone, shareable links.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normaliseKenyanPhone, percentOf, vatPortion, type Cart } from '@sokoni/contracts';
import { useApiStack } from '../helpers/api-fixture.ts';
import { withClient } from '../helpers/database.ts';

const stack = useApiStack();
let sku: string; // in stock, >= 3 units, single price
let skuPrice: number;

stack.before(async () => {
  const tenant = stack.tenantOf('saa-bora');
  const row = await withClient(
    stack.db.ownerUrl,
    async (c) =>
      (
        await c.query<{ sku: string; price_kes: number }>(
          `
    SELECT v.sku, v.price_kes FROM product_variants v JOIN products p ON p.id = v.product_id
     WHERE v.tenant_id = $1 AND v.on_hand >= 5 AND NOT EXISTS (SELECT 1 FROM price_rules r WHERE r.variant_id = v.id)
     ORDER BY v.sku LIMIT 1`,
          [tenant],
        )
      ).rows[0]!,
  );
  sku = row.sku;
  skuPrice = row.price_kes;
});

/** What these tests read of a cart answer: each part only where the route gives it. */
interface CartAnswer {
  cart: Cart;
  shareToken: string;
  error: { code: string; message: string; details: { available: number; reason: string } };
}

async function cartCall(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  store = 'saa-bora',
  extraHeaders: Record<string, string> = {},
) {
  const res = await fetch(`${stack.api.url}/v1/stores/${store}/cart${path}`, {
    method,
    headers: {
      ...(token ? { 'x-cart-token': token } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...extraHeaders,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as CartAnswer };
}

describe('money and phone rules', () => {
  test('VAT is 16/116 of the inclusive total, half-up to whole shillings', () => {
    assert.equal(vatPortion(116), 16);
    assert.equal(vatPortion(16999), 2345); // 2344.69
    assert.equal(vatPortion(58), 8); // 8.0
    assert.equal(vatPortion(29), 4); // 4.0
    assert.equal(vatPortion(1), 0); // 0.14
    assert.equal(vatPortion(0), 0);
    assert.throws(() => vatPortion(10.5));
    assert.throws(() => vatPortion(-1));
    assert.equal(percentOf(16999, 10), 1700); // 1699.9
    assert.equal(percentOf(5, 10), 1); // 0.5 rounds up
  });

  test('Kenyan phone numbers normalise to 2547/2541 MSISDNs; anything else is refused', () => {
    for (const [input, expected] of [
      ['0712345678', '254712345678'],
      ['0112345678', '254112345678'],
      ['712345678', '254712345678'],
      ['+254712345678', '254712345678'],
      ['254712345678', '254712345678'],
      ['0712 345 678', '254712345678'],
      ['+254 (0)712', null],
      ['0812345678', null],
      ['07123456789', null],
      ['hello', null],
      ['', null],
      ['+255712345678', null],
    ] as const)
      assert.equal(normaliseKenyanPhone(input), expected, input);
  });
});

describe('cart', () => {
  test('a new shopper gets a signed token; lines are priced from the catalog', async () => {
    const empty = await cartCall('GET', '');
    assert.equal(empty.status, 200);
    assert.match(empty.body.cart.token, /^c1\./);
    const added = await cartCall('POST', '/lines', empty.body.cart.token, { sku, quantity: 2 });
    assert.equal(added.status, 200);
    assert.equal(added.body.cart.lines[0]!.unitPriceKes, skuPrice);
    assert.equal(added.body.cart.subtotalKes, skuPrice * 2);
    assert.equal(added.body.cart.vatKes, vatPortion(skuPrice * 2));
    // A price sent by the client is ignored: the schema has no price, and extra fields do not matter.
    const again = await cartCall('POST', '/lines', added.body.cart.token, { sku, quantity: 1, priceKes: 1 });
    assert.equal(again.body.cart.lines[0]!.unitPriceKes, skuPrice);
    assert.equal(again.body.cart.lines[0]!.quantity, 3);
  });

  test("a tampered or foreign token is a new empty cart, never someone else's", async () => {
    const mine = await cartCall('POST', '/lines', undefined, { sku, quantity: 1 });
    const token: string = mine.body.cart.token;
    const [, id, sig] = token.split('.');
    const tampered = `c1.${id!.slice(0, -1)}${id!.endsWith('A') ? 'B' : 'A'}.${sig}`;
    const view = await cartCall('GET', '', tampered);
    assert.equal(view.status, 200);
    assert.equal(view.body.cart.lines.length, 0);
    assert.notEqual(view.body.cart.token, token);
    const otherStore = await cartCall('GET', '', token, undefined, 'mtindo-fashion');
    assert.equal(otherStore.body.cart.lines.length, 0, 'a token from saa-bora is not a cart at mtindo-fashion');
    assert.equal((await cartCall('GET', '', token)).body.cart.lines.length, 1, 'the real owner still has it');
  });

  test('stock, quantity limits and unknown items are refused with clear 4xx', async () => {
    const c = await cartCall('GET', '');
    const token = c.body.cart.token;
    const tooMany = await cartCall('POST', '/lines', token, { sku, quantity: 21 });
    assert.equal(tooMany.status, 400);
    const unknown = await cartCall('POST', '/lines', token, { sku: 'NO-SUCH-SKU', quantity: 1 });
    assert.equal(unknown.status, 404);
    for (const body of [
      { sku, quantity: 0 },
      { sku, quantity: -1 },
      { sku, quantity: 1.5 },
      { quantity: 1 },
      { sku: "x'; DROP TABLE carts;--", quantity: 1 },
    ]) {
      const res = await cartCall('POST', '/lines', token, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'validation_failed');
    }
    const tenant = stack.tenantOf('saa-bora');
    const scarce = await withClient(
      stack.db.ownerUrl,
      async (q) =>
        (
          await q.query<{ sku: string; on_hand: number }>(
            `SELECT sku, on_hand FROM product_variants WHERE tenant_id = $1 AND on_hand BETWEEN 1 AND 5 ORDER BY sku LIMIT 1`,
            [tenant],
          )
        ).rows[0]!,
    );
    const over = await cartCall('POST', '/lines', token, { sku: scarce.sku, quantity: scarce.on_hand + 1 });
    assert.equal(over.status, 409);
    assert.equal(over.body.error.details.available, scarce.on_hand);
    const soldOut = await withClient(
      stack.db.ownerUrl,
      async (q) =>
        (
          await q.query<{ sku: string }>(
            `SELECT sku FROM product_variants WHERE tenant_id = $1 AND on_hand = 0 LIMIT 1`,
            [tenant],
          )
        ).rows[0],
    );
    if (soldOut) assert.equal((await cartCall('POST', '/lines', token, { sku: soldOut.sku, quantity: 1 })).status, 409);
  });

  test('a price change or sell-out after adding shows up as a notice on the next read', async () => {
    const tenant = stack.tenantOf('saa-bora');
    const [a, b] = await withClient(
      stack.db.ownerUrl,
      async (q) =>
        (
          await q.query<{ sku: string; id: string }>(
            `SELECT * FROM (SELECT DISTINCT ON (product_id) sku, id FROM product_variants
      WHERE tenant_id = $1 AND on_hand >= 3 AND product_id <> (SELECT product_id FROM product_variants WHERE sku = $2 AND tenant_id = $1)
      ORDER BY product_id, sku) one_per_product ORDER BY sku DESC LIMIT 2`,
            [tenant, sku],
          )
        ).rows as [{ sku: string; id: string }, { sku: string; id: string }],
    );
    let cart = (await cartCall('POST', '/lines', undefined, { sku: a.sku, quantity: 1 })).body.cart;
    cart = (await cartCall('POST', '/lines', cart.token, { sku: b.sku, quantity: 2 })).body.cart;
    await withClient(stack.db.ownerUrl, async (q) => {
      await q.query(`UPDATE product_variants SET price_kes = price_kes + 100, compare_at_kes = NULL WHERE id = $1`, [
        a.id,
      ]);
      await q.query(
        `UPDATE products SET status = 'archived' WHERE id = (SELECT product_id FROM product_variants WHERE id = $1)`,
        [b.id],
      );
    });
    const after = (await cartCall('GET', '', cart.token)).body.cart;
    assert.deepEqual(after.notices.map((n) => n.kind).sort(), ['price_changed', 'removed_unavailable']);
    assert.equal(after.lines.length, 1);
    assert.equal(after.lines[0]!.sku, a.sku);
  });

  test('carts merge by phone across devices only with a signed-in shopper; typing a number merges nothing; bad phones are a 400', async () => {
    const phone = '0722 000 111';
    const tenant = stack.tenantOf('saa-bora');
    const laptop = (await cartCall('POST', '/lines', undefined, { sku, quantity: 1 })).body.cart;
    const identified = await cartCall('POST', '/identify', laptop.token, { phone });
    assert.equal(identified.body.cart.phone, '254722000111');

    // Someone else types the same number on their phone: they get nothing of the laptop's cart.
    const stranger = (await cartCall('POST', '/lines', undefined, { sku, quantity: 2 })).body.cart;
    const typed = await cartCall('POST', '/identify', stranger.token, { phone: '+254722000111' });
    assert.equal(typed.status, 200);
    assert.equal(typed.body.cart.lines.find((l) => l.sku === sku)!.quantity, 2, 'no merge without proof');
    assert.equal((await cartCall('GET', '', laptop.token)).body.cart.lines.length, 1, 'the laptop cart is untouched');

    // The shopper signs in on their phone (an SMS code: a shopper session for that number) and merges.
    const { ShopperKeys } = await import('../../apps/api/dist/modules/shoppers/shopper-session.js');
    const session = (
      await new ShopperKeys(stack.api.env.CART_TOKEN_SECRET ?? 'local-development-cart-secret-change-me-0000').issue(
        tenant,
        '254722000111',
        Date.now() * 1000,
      )
    ).token;
    const mobile = (await cartCall('POST', '/lines', undefined, { sku, quantity: 2 })).body.cart;
    const merged = await cartCall('POST', '/identify', mobile.token, { phone: '+254722000111' }, 'saa-bora', {
      'x-shopper-session': session,
    });
    assert.equal(merged.status, 200);
    assert.equal(merged.body.cart.lines.find((l) => l.sku === sku)!.quantity, 3);
    assert.equal(
      (await cartCall('GET', '', laptop.token)).body.cart.lines.length,
      0,
      'the other device cart was folded in',
    );
    const otherNumber = await cartCall('POST', '/identify', mobile.token, { phone: '0733 000 222' }, 'saa-bora', {
      'x-shopper-session': session,
    });
    assert.equal(otherNumber.status, 403, 'a session for one number cannot claim another');
    const forged = await cartCall('POST', '/identify', mobile.token, { phone }, 'saa-bora', {
      'x-shopper-session': `${session}x`,
    });
    assert.equal(forged.status, 401);
    const bad = await cartCall('POST', '/identify', mobile.token, { phone: '0812 345 678' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /Kenyan mobile number/);

    // "Sign out on all phones": that session no longer proves the number (a lost phone keeps no power).
    const revoked = await fetch(`${stack.api.url}/v1/stores/saa-bora/shopper/sessions/revoke-all`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}` },
    });
    assert.equal(revoked.status, 200);
    const another = (await cartCall('POST', '/lines', undefined, { sku, quantity: 1 })).body.cart;
    const stale = await cartCall('POST', '/identify', another.token, { phone }, 'saa-bora', {
      'x-shopper-session': session,
    });
    assert.equal(stale.status, 401);
    assert.equal(stale.body.error.details.reason, 'session_revoked');
    assert.equal(
      (await cartCall('GET', '', mobile.token)).body.cart.lines.find((l) => l.sku === sku)!.quantity,
      3,
      'the signed-in cart stays where it is',
    );
  });

  test('a share link restores a copy of the cart on another device; forged links are refused', async () => {
    const cart = (await cartCall('POST', '/lines', undefined, { sku, quantity: 2 })).body.cart;
    const shared = await cartCall('POST', '/share', cart.token);
    assert.equal(shared.status, 200);
    const restored = await cartCall('POST', '/restore', undefined, { shareToken: shared.body.shareToken });
    assert.equal(restored.status, 200);
    assert.equal(restored.body.cart.lines[0]!.quantity, 2);
    assert.notEqual(restored.body.cart.token, cart.token, "a copy, not the sharer's cart");
    const forged = shared.body.shareToken.replace(/\.(\d{10})\./, (_: string, t: string) => `.${Number(t) + 1000}.`);
    assert.equal((await cartCall('POST', '/restore', undefined, { shareToken: forged })).status, 410);
    assert.equal((await cartCall('POST', '/share', undefined)).status, 409, 'nothing to share without a cart');
  });

  test('two tabs adding at once lose nothing', async () => {
    const cart = (await cartCall('GET', '')).body.cart;
    const token = cart.token;
    await Promise.all(Array.from({ length: 4 }, () => cartCall('POST', '/lines', token, { sku, quantity: 1 })));
    const final = (await cartCall('GET', '', token)).body.cart;
    assert.equal(final.lines[0]!.quantity, 4);
  });
});
