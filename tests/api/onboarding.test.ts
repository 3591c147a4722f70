// The store creation wizard over real HTTP (sandbox + API + worker): sign-up makes a draft store
// shoppers cannot see, each step is saved and shows in the progress, starter products, M-Pesa
// settings tested against the Daraja sandbox, Nairobi delivery defaults, publish -> live.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first } from '../helpers/database.ts';
import { jsonCaller } from '../helpers/http.ts';

const stack = useApiStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });

/** The onboarding view (GET /v1/owner/onboarding, and `onboarding` in other answers), as these tests read it. */
interface View {
  steps: { key: string; done: boolean }[];
  next: string | null;
  canPublish: boolean;
  published: boolean;
  showAdvanced: boolean;
  missing: { step: string }[];
  counts: { deliveryZones: number };
  defaults: { returnPolicy: string; delivery: { zones: unknown[] } };
  store: {
    slug: string;
    name: string;
    status: string;
    vertical: string;
    tagline: string;
    returnPolicy: string;
    location: string;
    whatsappNumber: string;
    mpesa: unknown;
  };
}
/**
 * What these tests read of an answer: the view itself (progress) or parts of others, each only
 * where the route gives it (the assertions check which; the type does not).
 */
interface Answer extends View {
  onboarding: View;
  accessToken: string;
  refreshToken: string;
  user: { role: string };
  available: boolean;
  reason: string;
  suggestions: string[];
  applied: { categoriesAdded: string[]; categoriesRemoved: string[]; tagline: boolean; returnPolicy: boolean };
  vertical: string;
  added: { image: boolean }[];
  skipped: unknown[];
  items: unknown[];
  ok: boolean;
  alreadyPublished: boolean;
  error: {
    code: string;
    message: string;
    details: {
      reason: string;
      missing: { step: string }[];
      suggestions: string[];
      issues: { path: string; code: string }[];
    };
  };
}
/** The columns these tests read (each query selects some of them). */
interface DbRow {
  id: string;
  status: string;
  vertical: string;
  tagline: string;
  return_policy: string;
  password_hash: string;
  slug: string;
  action: string;
  n: number;
  price: number;
  stock: number;
  media: number;
  storage_key: string;
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.110');
const sql = stack.sql<DbRow>;
const PASSWORD = 'kibanda-owner-2026';
const stepOf = (view: View, key: string) => view.steps.find((s) => s.key === key);

function assertError(res: { status: number; body: Answer }, status: number, code: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error.code, code, JSON.stringify(res.body));
  assert.equal(typeof res.body.error.message, 'string');
}

/** A new store's sign-up, its owner's password always PASSWORD. */
async function signUp(details: {
  storeName: string;
  vertical: string;
  ownerName: string;
  phone: string;
  email?: string;
}) {
  const res = await call('POST', '/v1/onboarding/stores', { ...details, password: PASSWORD });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

describe('store creation wizard', () => {
  let token: string;
  let tenantId: string;
  const slug = 'kibanda-gadgets';

  test('the slug check suggests an address from the name and says whether it is free', async () => {
    const fresh = await call('GET', `/v1/onboarding/slug?name=${encodeURIComponent('Kibanda Gadgets & Co.')}`);
    assert.equal(fresh.status, 200);
    assert.deepEqual(fresh.body, { slug: 'kibanda-gadgets-and-co', available: true, reason: null, suggestions: [] });
    const taken = await call('GET', '/v1/onboarding/slug?slug=nairobi-gadgets');
    assert.equal(taken.body.available, false);
    assert.equal(taken.body.reason, 'taken');
    assert.ok(taken.body.suggestions.length >= 1);
    for (const s of taken.body.suggestions)
      assert.equal((await call('GET', `/v1/onboarding/slug?slug=${s}`)).body.available, true, s);
    assert.equal((await call('GET', '/v1/onboarding/slug?slug=admin')).body.reason, 'reserved');
    for (const q of ['', '?name=', '?slug=Bad_Slug', '?name=x&slug=abc', '?name=%21%21%21', '?other=1']) {
      assertError(await call('GET', `/v1/onboarding/slug${q}`), 400, 'validation_failed');
    }
  });

  test('sign-up creates a draft store with its owner, categories and the rows a store needs', async () => {
    const body = await signUp({
      storeName: 'Kibanda Gadgets',
      vertical: 'electronics',
      ownerName: 'Wanjiru Kamau',
      phone: '0712 000 111',
      email: '',
    });
    assert.match(body.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(typeof body.refreshToken, 'string');
    assert.equal(body.user.role, 'owner');
    assert.deepEqual(body.store, { slug, name: 'Kibanda Gadgets', vertical: 'electronics', status: 'draft' });
    assert.equal(body.onboarding.next, 'contact');
    assert.equal(body.onboarding.canPublish, false);
    assert.deepEqual(
      body.onboarding.steps.map((s) => s.key),
      ['store', 'category', 'contact', 'mpesa', 'delivery', 'products', 'policy', 'publish'],
    );
    assert.ok(body.onboarding.defaults.returnPolicy.length > 40, 'a suggested return policy to pre-fill');
    assert.equal(body.onboarding.defaults.delivery.zones.length, 4);
    token = body.accessToken;

    const tenant = first(
      await sql(`SELECT id, status, vertical, tagline, return_policy FROM tenants WHERE slug = $1`, [slug]),
    );
    tenantId = tenant.id;
    assert.equal(tenant.status, 'draft');
    assert.ok(tenant.tagline.length > 0, 'a default tagline');
    assert.equal(tenant.return_policy, '', 'the policy is only suggested until the owner saves it');
    const owner = first(
      await sql(`SELECT name, email, phone, role, status, password_hash FROM users WHERE tenant_id = $1`, [tenantId]),
    );
    assert.deepEqual(
      { ...owner, password_hash: undefined },
      {
        name: 'Wanjiru Kamau',
        email: null,
        phone: '254712000111',
        role: 'owner',
        status: 'active',
        password_hash: undefined,
      },
    );
    assert.match(owner.password_hash, /^scrypt\$/);
    const categories = (
      await sql(`SELECT slug FROM categories WHERE tenant_id = $1 ORDER BY position`, [tenantId])
    ).map((c) => c.slug);
    assert.ok(
      categories.includes('phones') && categories.includes('laptops') && categories.includes('audio'),
      categories.join(),
    );
    for (const table of [
      'tenant_auth_secrets',
      'order_counters',
      'delivery_settings',
      'messaging_settings',
      'onboarding_progress',
    ]) {
      assert.equal(
        (await sql(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId]))[0]?.n,
        1,
        table,
      );
    }
    const audit = (await sql(`SELECT action FROM audit_log WHERE tenant_id = $1 ORDER BY id`, [tenantId])).map(
      (r) => r.action,
    );
    assert.deepEqual(audit, ['tenant.created', 'onboarding.store_created']);
  });

  test('a draft store is invisible to shoppers (404 like an unknown store), but its owner can log in', async () => {
    const unknown = await call('GET', '/v1/stores/no-such-store-here');
    for (const path of [
      `/v1/stores/${slug}`,
      `/v1/stores/${slug}/products`,
      `/v1/stores/${slug}/cart`,
      `/v1/tenants/resolve?host=${slug}`,
    ]) {
      const res = await call('GET', path);
      assertError(res, 404, 'store_not_found');
      assert.equal(res.body.error.code, unknown.body.error.code);
    }
    assertError(await call('POST', `/v1/stores/${slug}/shopper/otp`, { phone: '0712345678' }), 404, 'store_not_found');
    const login = await call('POST', '/v1/owner/auth/login', {
      store: slug,
      phone: '254712000111',
      password: PASSWORD,
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const refreshed = await call('POST', '/v1/owner/auth/refresh', {
      store: slug,
      refreshToken: login.body.refreshToken,
    });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    token = refreshed.body.accessToken;
    assertError(
      await call('POST', '/v1/owner/auth/login', { store: slug, phone: '254712000111', password: 'wrong-password-1' }),
      401,
      'unauthorized',
    );
  });

  test('each step is saved as the owner goes and shows in the progress', async () => {
    const contact = await call(
      'PUT',
      '/v1/owner/onboarding/contact',
      { whatsappNumber: '+254 712 000 111', location: 'Luthuli Avenue, Nairobi CBD', tagline: 'Simu poa, bei poa' },
      token,
    );
    assert.equal(contact.status, 200, JSON.stringify(contact.body));
    assert.equal(contact.body.store.whatsappNumber, '254712000111');
    assert.equal(stepOf(contact.body, 'contact')?.done, true);
    assert.equal(contact.body.next, 'mpesa');

    // Changing the category swaps the untouched default categories; the owner's tagline stays.
    const fashion = await call('PUT', '/v1/owner/onboarding/category', { vertical: 'fashion' }, token);
    assert.equal(fashion.status, 200, JSON.stringify(fashion.body));
    assert.ok(fashion.body.applied.categoriesAdded.includes('womens-dresses'));
    assert.ok(fashion.body.applied.categoriesRemoved.includes('phones'));
    assert.equal(fashion.body.applied.tagline, false, 'the owner wrote their own tagline');
    assert.equal(fashion.body.onboarding.store.tagline, 'Simu poa, bei poa');
    assert.equal(fashion.body.onboarding.store.vertical, 'fashion');
    const back = await call('PUT', '/v1/owner/onboarding/category', { vertical: 'electronics' }, token);
    assert.equal(back.status, 200);
    const categories = (await sql(`SELECT slug FROM categories WHERE tenant_id = $1`, [tenantId])).map((c) => c.slug);
    assert.ok(categories.includes('phones') && !categories.includes('womens-dresses'), categories.join());

    // The suggested policy, accepted as is: re-applied on a category change since it is untouched.
    const suggested = back.body.onboarding.defaults.returnPolicy;
    const policy = await call('PUT', '/v1/owner/onboarding/policy', { returnPolicy: suggested }, token);
    assert.equal(policy.status, 200);
    assert.equal(stepOf(policy.body, 'policy')?.done, true);
    const watches = await call('PUT', '/v1/owner/onboarding/category', { vertical: 'watches' }, token);
    assert.equal(watches.body.applied.returnPolicy, true);
    assert.notEqual(watches.body.onboarding.store.returnPolicy, suggested);
    await call('PUT', '/v1/owner/onboarding/category', { vertical: 'electronics' }, token);
    const own = 'Returns within 7 days, sealed, with the receipt. Faulty phones are swapped on the spot.';
    assert.equal((await call('PUT', '/v1/owner/onboarding/policy', { returnPolicy: own }, token)).status, 200);

    const progress = await call('GET', '/v1/owner/onboarding', undefined, token);
    assert.equal(progress.status, 200);
    assert.equal(progress.body.store.returnPolicy, own);
    assert.equal(progress.body.store.location, 'Luthuli Avenue, Nairobi CBD');
    assert.deepEqual(
      progress.body.steps.filter((s) => s.done).map((s) => s.key),
      ['store', 'category', 'contact', 'policy'],
    );
    assert.equal(progress.body.next, 'mpesa');
    assert.deepEqual(
      progress.body.missing.map((m) => m.step),
      ['delivery', 'products'],
    );

    const advanced = await call('PUT', '/v1/owner/onboarding/advanced', { show: true }, token);
    assert.equal(advanced.body.showAdvanced, true);
  });

  test('publishing too early is refused with what is missing', async () => {
    const res = await call('POST', '/v1/owner/onboarding/publish', undefined, token);
    assertError(res, 409, 'conflict');
    assert.equal(res.body.error.details.reason, 'not_ready');
    assert.deepEqual(
      res.body.error.details.missing.map((m) => m.step),
      ['delivery', 'products'],
    );
    assert.equal((await sql(`SELECT status FROM tenants WHERE id = $1`, [tenantId]))[0]?.status, 'draft');
  });

  test('starter products: a realistic shelf with KES prices, stock and pictures, added once', async () => {
    const res = await call('POST', '/v1/owner/onboarding/starter-products', {}, token);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.vertical, 'electronics');
    assert.equal(res.body.added.length, 8);
    assert.ok(
      res.body.added.every((a) => a.image === true),
      JSON.stringify(res.body.added),
    );
    assert.equal(stepOf(res.body.onboarding, 'products')?.done, true);
    const rows = await sql(
      `SELECT p.slug, min(v.price_kes) AS price, sum(v.on_hand)::int AS stock, count(DISTINCT m.id)::int AS media
      FROM products p JOIN product_variants v ON v.product_id = p.id LEFT JOIN product_media m ON m.product_id = p.id
      WHERE p.tenant_id = $1 GROUP BY p.slug`,
      [tenantId],
    );
    assert.equal(rows.length, 8);
    for (const r of rows) {
      assert.ok(r.price >= 100, `${r.slug} has a real KES price`);
      assert.ok(r.stock > 0, `${r.slug} is in stock`);
      assert.equal(r.media, 1, `${r.slug} has a picture`);
    }
    const media = await sql(`SELECT storage_key FROM product_media WHERE tenant_id = $1 LIMIT 1`, [tenantId]);
    const image = await fetch(`${stack.api.url}/media/${media[0]!.storage_key}`);
    assert.equal(image.status, 200);
    const owned = await call('GET', '/v1/owner/catalog/products?status=active', undefined, token);
    assert.equal(owned.body.items.length, 8);
    const again = await call('POST', '/v1/owner/onboarding/starter-products', undefined, token);
    assert.equal(again.status, 201);
    assert.equal(again.body.added.length, 0);
    assert.equal(again.body.skipped.length, 8);
  });

  test('M-Pesa: settings saved and the connection tested against the Daraja sandbox', async () => {
    const saved = await call(
      'PUT',
      '/v1/owner/settings/mpesa',
      {
        kind: 'till',
        shortcode: '7700111',
        tillNumber: '700111',
        consumerKey: 'kibanda-consumer-key',
        consumerSecret: 'kibanda-consumer-secret',
        passkey: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
      },
      token,
    );
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const tested = await call('POST', '/v1/owner/settings/mpesa/test', undefined, token);
    assert.deepEqual([tested.status, tested.body.ok], [200, true]);
    const progress = await call('GET', '/v1/owner/onboarding', undefined, token);
    assert.deepEqual(stepOf(progress.body, 'mpesa'), { key: 'mpesa', done: true, required: false, skipped: false });
    assert.deepEqual(progress.body.store.mpesa, { kind: 'till', shortcode: '700111' });
    assert.equal(progress.body.next, 'delivery');
  });

  test('delivery: the Nairobi defaults in one click complete the last step', async () => {
    const res = await call('POST', '/v1/owner/delivery/defaults', undefined, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const progress = await call('GET', '/v1/owner/onboarding', undefined, token);
    assert.equal(stepOf(progress.body, 'delivery')?.done, true);
    assert.ok(progress.body.counts.deliveryZones >= 3);
    assert.equal(progress.body.canPublish, true);
    assert.deepEqual(progress.body.missing, []);
    assert.equal(progress.body.next, 'publish');
  });

  test('publish makes the store live at /v1/stores/:slug', async () => {
    const res = await call('POST', '/v1/owner/onboarding/publish', undefined, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.store, { slug, status: 'active' });
    assert.equal(res.body.onboarding.published, true);
    assert.equal(res.body.onboarding.next, null);
    const store = await call('GET', `/v1/stores/${slug}`);
    assert.equal(store.status, 200, JSON.stringify(store.body));
    assert.equal(store.body.store.name, 'Kibanda Gadgets');
    assert.equal(store.body.store.whatsappNumber, '254712000111');
    const products = await call('GET', `/v1/stores/${slug}/products`);
    assert.equal(products.status, 200);
    assert.ok(products.body.items.length >= 1);
    assert.equal((await call('POST', `/v1/stores/${slug}/shopper/otp`, { phone: '0712345600' })).status, 202);
    const again = await call('POST', '/v1/owner/onboarding/publish', undefined, token);
    assert.equal(again.status, 200);
    assert.equal(again.body.alreadyPublished, true);
    const actions = (await sql(`SELECT action FROM audit_log WHERE tenant_id = $1 ORDER BY id`, [tenantId])).map(
      (r) => r.action,
    );
    for (const action of [
      'onboarding.contact_saved',
      'onboarding.category_saved',
      'onboarding.policy_saved',
      'onboarding.starter_products_added',
      'settings.mpesa_changed',
      'delivery.defaults_applied',
      'tenant.published',
    ]) {
      assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
    }
  });
});

describe('sign-up and step input', () => {
  test('a taken or reserved address is a 409 with free suggestions', async () => {
    for (const body of [
      { storeName: 'Nairobi Gadgets', vertical: 'electronics' },
      { storeName: 'My Shop', slug: 'nairobi-gadgets', vertical: 'electronics' },
      { storeName: 'Admin', vertical: 'home' },
    ]) {
      const res = await call('POST', '/v1/onboarding/stores', {
        ...body,
        ownerName: 'Otieno',
        phone: '0722000333',
        password: PASSWORD,
      });
      assertError(res, 409, 'conflict');
      assert.ok(['slug_taken', 'slug_reserved'].includes(res.body.error.details.reason));
      assert.ok(res.body.error.details.suggestions.length >= 1);
    }
  });

  test('bad sign-up input is a 400 naming the field, and writes nothing', async () => {
    const good = {
      storeName: 'Duka la Mama',
      vertical: 'home',
      ownerName: 'Mama Achieng',
      phone: '0722000444',
      password: PASSWORD,
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, password: 'short' }, 'password'],
      [{ ...good, vertical: 'food' }, 'vertical'],
      [{ ...good, phone: '12345' }, 'phone'],
      [{ ...good, email: 'not-an-email' }, 'email'],
      [{ ...good, slug: 'Bad_Slug' }, 'slug'],
      [{ ...good, storeName: '' }, 'storeName'],
      [{ ...good, ownerName: undefined }, 'ownerName'],
      [{ ...good, role: 'admin' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/v1/onboarding/stores', body);
      assertError(res, 400, 'validation_failed');
      assert.ok(
        res.body.error.details.issues.some((i) => i.path === field || (field === '' && i.code === 'unrecognized_keys')),
        `${field}: ${JSON.stringify(res.body)}`,
      );
    }
    assertError(await call('POST', '/v1/onboarding/stores'), 400, 'validation_failed');
    assert.equal((await sql(`SELECT count(*)::int AS n FROM tenants WHERE slug = 'duka-la-mama'`))[0]?.n, 0);
  });

  test('email is optional but works for login; skipping M-Pesa is allowed; bad step input is a 400', async () => {
    const body = await signUp({
      storeName: 'Mtumba Corner',
      vertical: 'fashion',
      ownerName: 'Akinyi Odhiambo',
      phone: '0733 000 555',
      email: 'Akinyi@Example.co.ke',
    });
    assert.equal(
      (
        await call('POST', '/v1/owner/auth/login', {
          store: 'mtumba-corner',
          email: 'akinyi@example.co.ke',
          password: PASSWORD,
        })
      ).status,
      200,
    );
    const token = body.accessToken;
    const skipped = await call('POST', '/v1/owner/onboarding/mpesa/skip', undefined, token);
    assert.equal(skipped.status, 200);
    assert.deepEqual(stepOf(skipped.body, 'mpesa'), { key: 'mpesa', done: true, required: false, skipped: true });
    const refused = await call('POST', '/v1/owner/onboarding/publish', undefined, token);
    assertError(refused, 409, 'conflict');
    assert.deepEqual(
      refused.body.error.details.missing.map((m) => m.step),
      ['contact', 'delivery', 'products', 'policy'],
    );
    for (const [path, input] of [
      ['contact', { whatsappNumber: 'abc', location: 'Gikomba' }],
      ['contact', { location: 'Gikomba' }],
      ['policy', { returnPolicy: 'no' }],
      ['category', { vertical: 'cars' }],
      ['advanced', { show: 'yes' }],
    ] as const) {
      assertError(await call('PUT', `/v1/owner/onboarding/${path}`, input, token), 400, 'validation_failed');
    }
    assertError(
      await call('POST', '/v1/owner/onboarding/starter-products', { vertical: 'cars' }, token),
      400,
      'validation_failed',
    );
    assertError(await call('GET', '/v1/owner/onboarding'), 401, 'unauthorized');
    assertError(
      await call(
        'PUT',
        '/v1/owner/onboarding/contact',
        { whatsappNumber: '0733000555', location: 'Gikomba' },
        'not-a-token',
      ),
      401,
      'unauthorized',
    );
  });

  test("one store's owner cannot touch another store's onboarding", async () => {
    const a = await signUp({
      storeName: 'Saa Safi',
      vertical: 'watches',
      ownerName: 'Kamau',
      phone: '0744000666',
    });
    const b = await signUp({
      storeName: 'Nyumba Bora Decor',
      vertical: 'home',
      ownerName: 'Wambui',
      phone: '0744000777',
    });
    const aTenant = (await sql(`SELECT id FROM tenants WHERE slug = 'saa-safi'`))[0]!.id;
    // B's token only ever reaches B's store, whatever it asks.
    const bView = await call('GET', '/v1/owner/onboarding', undefined, b.accessToken);
    assert.equal(bView.body.store.slug, 'nyumba-bora-decor');
    assert.equal(
      (
        await call(
          'PUT',
          '/v1/owner/onboarding/contact',
          { whatsappNumber: '0744000777', location: 'Kitengela' },
          b.accessToken,
        )
      ).status,
      200,
    );
    assert.equal((await call('POST', '/v1/owner/onboarding/mpesa/skip', undefined, b.accessToken)).status, 200);
    const aView = await call('GET', '/v1/owner/onboarding', undefined, a.accessToken);
    assert.equal(aView.body.store.slug, 'saa-safi');
    assert.equal(aView.body.store.location, '');
    assert.equal(stepOf(aView.body, 'mpesa')?.done, false);
    // A token re-pointed at store A (tid) keeps B's signature: refused.
    const [header, payload, signature] = b.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, tid: aTenant })).toString('base64url')}.${signature}`;
    assertError(
      await call(
        'PUT',
        '/v1/owner/onboarding/policy',
        { returnPolicy: 'Hijacked policy text that is long enough' },
        forged,
      ),
      401,
      'unauthorized',
    );
    assertError(await call('POST', '/v1/owner/onboarding/publish', undefined, forged), 401, 'unauthorized');
    assert.equal((await sql(`SELECT return_policy FROM tenants WHERE id = $1`, [aTenant]))[0]?.return_policy, '');
    assert.equal(
      (
        await sql(
          `SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action LIKE 'onboarding.%' AND action <> 'onboarding.store_created'`,
          [aTenant],
        )
      )[0]?.n,
      0,
    );
  });
});
