// The GraphQL storefront API (POST /v1/stores/:store/graphql, docs/graphql.md) against the real
// API over HTTP and a seeded Postgres: it answers what REST answers (same services, same shapes),
// keeps REST's tenancy, validation and limits, and refuses too deep or too costly queries before
// running them.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { shopperApi, nextIp } from '../helpers/shopper-api.ts';

const stack = useApiStack({ env: { RATE_LIMIT_MAX: '100000' } });
const STORE = 'nairobi-gadgets';
const OTHER = 'saa-bora';
const shopper = shopperApi(stack, STORE);

interface GraphqlError {
  message: string;
  path?: string[];
  extensions: { code: string; status?: number; details?: { where?: string; issues?: { path: string }[] } | null };
}
interface GraphqlAnswer<T> {
  status: number;
  data: T | null;
  errors: GraphqlError[] | undefined;
}

async function gql<T = Record<string, unknown>>(
  query: string | null,
  variables: Record<string, unknown> = {},
  options: { store?: string; headers?: Record<string, string>; extensions?: unknown } = {},
): Promise<GraphqlAnswer<T>> {
  const res = await fetch(`${stack.api.url}/v1/stores/${options.store ?? STORE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp(), ...options.headers },
    body: JSON.stringify({
      ...(query === null ? {} : { query }),
      variables,
      ...(options.extensions ? { extensions: options.extensions } : {}),
    }),
  });
  const body = (await res.json()) as { data?: T | null; errors?: GraphqlError[] };
  return { status: res.status, data: body.data ?? null, errors: body.errors };
}

async function rest<T>(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.api.url}/v1/stores/${STORE}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

const CARD = 'slug title brand category { slug name } priceKes compareAtKes inStock image { url width height alt }';

describe('GraphQL storefront API answers what REST answers', () => {
  test('store, product list, product detail and categories equal the REST answers field for field', async () => {
    const { status, data, errors } = await gql<{
      store: Record<string, unknown>;
      products: { items: Record<string, unknown>[]; nextCursor: string | null };
      categories: { categories: unknown[] };
    }>(
      `{ store { slug name vertical } products(limit: 5) { items { ${CARD} } nextCursor } categories { categories { slug name productCount } } }`,
    );
    assert.equal(status, 200);
    assert.equal(errors, undefined, JSON.stringify(errors));
    const restStore = await rest<{ store: Record<string, unknown> }>('');
    assert.deepEqual(data!.store, {
      slug: restStore.body.store.slug,
      name: restStore.body.store.name,
      vertical: restStore.body.store.vertical,
    });
    const restList = await rest<{ items: Record<string, unknown>[]; nextCursor: string | null }>('/products?limit=5');
    assert.equal(data!.products.items.length, 5);
    const pick = (card: Record<string, unknown>) => ({
      slug: card.slug,
      title: card.title,
      brand: card.brand,
      category: card.category,
      priceKes: card.priceKes,
      compareAtKes: card.compareAtKes,
      inStock: card.inStock,
      image: card.image,
    });
    assert.deepEqual(data!.products.items, restList.body.items.map(pick));
    assert.equal(data!.products.nextCursor, restList.body.nextCursor);
    const restCategories = await rest<{ categories: Record<string, unknown>[] }>('/categories');
    assert.deepEqual(
      data!.categories.categories,
      restCategories.body.categories.map((c) => ({ slug: c.slug, name: c.name, productCount: c.productCount })),
    );

    const slug = restList.body.items[0]!.slug as string;
    const detail = await gql<{
      product: { slug: string; description: string; optionNames: string[]; variants: unknown[] };
    }>(
      `query One($slug: String!) { product(slug: $slug) { slug description optionNames variants { sku options priceKes compareAtKes inStock } } }`,
      { slug },
    );
    assert.equal(detail.errors, undefined);
    const restDetail = await rest<{
      product: { slug: string; description: string; optionNames: string[]; variants: unknown[] };
    }>(`/products/${slug}`);
    assert.deepEqual(detail.data!.product, {
      slug: restDetail.body.product.slug,
      description: restDetail.body.product.description,
      optionNames: restDetail.body.product.optionNames,
      // The fields asked for (REST's variants also carry fields this query did not select).
      variants: (restDetail.body.product.variants as Record<string, unknown>[]).map((v) => ({
        sku: v.sku,
        options: v.options,
        priceKes: v.priceKes,
        compareAtKes: v.compareAtKes,
        inStock: v.inStock,
      })),
    });
  });

  test('search (with the Swahili synonym path) and collections equal REST', async () => {
    const { data, errors } = await gql<{
      search: { items: { slug: string }[]; total: number; interpretation: { expandedTerms: string[] } };
      collections: { collections: { slug: string; productCount: number }[] };
    }>(
      `{ search(q: "simu", sort: "price_asc", limit: 10) { items { slug } total interpretation { expandedTerms } } collections { collections { slug productCount } } }`,
    );
    assert.equal(errors, undefined);
    const restSearch = await rest<{
      items: { slug: string }[];
      total: number;
      interpretation: { expandedTerms: string[] };
    }>('/search?q=simu&sort=price_asc&limit=10');
    assert.ok(restSearch.body.total > 0, 'the demo store has phones');
    assert.deepEqual(
      data!.search.items.map((i) => i.slug),
      restSearch.body.items.map((i) => i.slug),
    );
    assert.equal(data!.search.total, restSearch.body.total);
    assert.deepEqual(data!.search.interpretation.expandedTerms, restSearch.body.interpretation.expandedTerms);
    const restCollections = await rest<{ collections: { slug: string; productCount: number }[] }>('/collections');
    assert.deepEqual(
      data!.collections.collections,
      restCollections.body.collections.map((c) => ({ slug: c.slug, productCount: c.productCount })),
    );
  });

  test('cart, checkout preview and place order: one order per idempotency key, the same order REST reads', async () => {
    const sku = await shopper.stockedSku();
    const added = await gql<{ addToCart: { token: string; itemCount: number; subtotalKes: number } }>(
      `mutation Add($sku: String!) { addToCart(sku: $sku, quantity: 2) { token itemCount subtotalKes } }`,
      { sku },
    );
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    const token = added.data!.addToCart.token;
    assert.equal(added.data!.addToCart.itemCount, 2);
    // The token travels in the x-cart-token header as REST's does, or as an argument.
    const viaHeader = await gql<{ cart: { lines: { sku: string; quantity: number }[] } }>(
      `{ cart { lines { sku quantity } } }`,
      {},
      { headers: { 'x-cart-token': token } },
    );
    assert.deepEqual(viaHeader.data!.cart.lines, [{ sku, quantity: 2 }]);

    const preview = await gql<{
      checkoutPreview: { subtotalKes: number; deliveryFeeKes: number; totalKes: number; vatKes: number };
    }>(
      `query P($t: String) { checkoutPreview(cartToken: $t, area: "kilimani") { subtotalKes deliveryFeeKes totalKes vatKes } }`,
      { t: token },
    );
    assert.equal(preview.errors, undefined, JSON.stringify(preview.errors));
    const restPreview = await rest<{ subtotalKes: number; deliveryFeeKes: number; totalKes: number; vatKes: number }>(
      '/checkout/preview?area=kilimani',
      { 'x-cart-token': token },
    );
    assert.deepEqual(preview.data!.checkoutPreview, {
      subtotalKes: restPreview.body.subtotalKes,
      deliveryFeeKes: restPreview.body.deliveryFeeKes,
      totalKes: restPreview.body.totalKes,
      vatKes: restPreview.body.vatKes,
    });

    const key = `gql-${randomUUID()}`;
    const place = () =>
      gql<{
        placeOrder: { replayed: boolean; order: { id: string; number: number; totalKes: number; status: string } };
      }>(
        `mutation Place($t: String, $k: String!, $in: PlaceOrderInput!) {
           placeOrder(cartToken: $t, idempotencyKey: $k, input: $in) { replayed order { id number totalKes status } } }`,
        { t: token, k: key, in: { phone: '0712345000', name: 'Wanjiku GraphQL', areaSlug: 'kilimani' } },
      );
    const firstAnswer = await place();
    assert.equal(firstAnswer.errors, undefined, JSON.stringify(firstAnswer.errors));
    const again = await place();
    assert.equal(again.errors, undefined, JSON.stringify(again.errors));
    assert.equal(firstAnswer.data!.placeOrder.replayed, false);
    assert.equal(again.data!.placeOrder.replayed, true);
    assert.equal(again.data!.placeOrder.order.id, firstAnswer.data!.placeOrder.order.id);
    assert.equal(firstAnswer.data!.placeOrder.order.totalKes, restPreview.body.totalKes);
    const rows = await stack.sql('SELECT count(*)::int AS n FROM orders WHERE idempotency_key = $1', [key]);
    assert.equal(rows[0]!.n, 1, 'a retried mutation is one order');

    const id = firstAnswer.data!.placeOrder.order.id;
    const read = await gql<{ order: { id: string; number: number; status: string } }>(
      `query O($id: ID!) { order(id: $id) { id number status } }`,
      { id },
    );
    const restOrder = await rest<{ order: { id: string; number: number; status: string } }>(`/orders/${id}`);
    assert.deepEqual(read.data!.order, {
      id,
      number: restOrder.body.order.number,
      status: restOrder.body.order.status,
    });
  });
});

describe('GraphQL keeps REST rules', () => {
  test("another store's order is not found there, and an unknown store is refused as REST refuses it", async () => {
    const order = await shopper.placeOrder({
      lines: [{ sku: await shopper.stockedSku(), quantity: 1 }],
      phone: '0712345000',
      name: 'Asha',
    });
    const elsewhere = await gql(`query O($id: ID!) { order(id: $id) { id } }`, { id: order.id }, { store: OTHER });
    assert.equal(elsewhere.data?.order ?? null, null);
    const restElsewhere = await fetch(`${stack.api.url}/v1/stores/${OTHER}/orders/${order.id}`);
    assert.equal(elsewhere.errors![0]!.extensions.status, restElsewhere.status, JSON.stringify(elsewhere.errors));
    assert.equal(restElsewhere.status, 404);

    const unknown = await gql(`{ store { slug } }`, {}, { store: 'no-such-store' });
    const restUnknown = await fetch(`${stack.api.url}/v1/stores/no-such-store`);
    assert.equal(unknown.errors![0]!.extensions.status, restUnknown.status);
    assert.equal(
      unknown.errors![0]!.extensions.code,
      ((await restUnknown.json()) as { error: { code: string } }).error.code,
    );
  });

  test('bad input is refused with the field named, and writes nothing', async () => {
    const badSlug = await gql(`{ product(slug: "Not A Slug!") { slug } }`);
    assert.equal(badSlug.errors![0]!.extensions.code, 'validation_failed');
    assert.equal(badSlug.errors![0]!.extensions.status, 400);

    const tooMany = await gql(`mutation { addToCart(sku: "X-1", quantity: 999) { token } }`);
    assert.equal(tooMany.errors![0]!.extensions.code, 'validation_failed');
    assert.deepEqual(
      tooMany.errors![0]!.extensions.details!.issues!.map((i) => i.path),
      ['quantity'],
    );

    const sku = await shopper.stockedSku();
    const token = await shopper.addLine(sku, 1);
    const before = await stack.sql('SELECT count(*)::int AS n FROM orders');
    const badPhone = await gql(
      `mutation P($t: String, $in: PlaceOrderInput!) { placeOrder(cartToken: $t, idempotencyKey: "gql-bad-phone-1", input: $in) { replayed } }`,
      { t: token, in: { phone: '12', name: 'Juma', areaSlug: 'kilimani' } },
    );
    assert.equal(badPhone.errors![0]!.extensions.code, 'validation_failed');
    assert.equal(badPhone.errors![0]!.extensions.status, 400);
    assert.match(JSON.stringify(badPhone.errors![0]!.extensions.details), /phone/);
    const after = await stack.sql('SELECT count(*)::int AS n FROM orders');
    assert.equal(after[0]!.n, before[0]!.n, 'no order written');

    const unknownField = await gql(`{ products { items { price } } }`);
    assert.equal(unknownField.status, 400);
    assert.match(unknownField.errors![0]!.message, /price/);
  });

  test('too deep and too costly queries are refused before they run', async () => {
    const deep = await gql(
      `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }`,
    );
    assert.equal(deep.status, 400);
    assert.match(JSON.stringify(deep.errors), /depth/i);

    const aliases = Array.from({ length: 30 }, (_, i) => `p${i}: products(limit: 100) { items { ${CARD} } }`).join(' ');
    const costly = await gql(`{ ${aliases} }`);
    assert.equal(costly.status, 400);
    assert.equal(costly.errors![0]!.extensions.code, 'query_too_costly');

    const fine = await gql(`{ products(limit: 48) { items { ${CARD} } } }`);
    assert.equal(fine.status, 200);
    assert.equal(fine.errors, undefined);
  });

  test('automatic persisted queries: the hash alone runs a query sent once', async () => {
    const query = `{ store { slug } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const unknown = await gql(null, {}, { extensions });
    assert.match(JSON.stringify(unknown.errors), /PersistedQueryNotFound|not found/i);
    const sent = await gql<{ store: { slug: string } }>(query, {}, { extensions });
    assert.equal(sent.data!.store.slug, STORE);
    const byHash = await gql<{ store: { slug: string } }>(null, {}, { extensions });
    assert.equal(byHash.data!.store.slug, STORE);
  });

  test("placing orders has REST's per-address limit", async () => {
    const address = nextIp();
    const place = (i: number) =>
      gql(
        `mutation { placeOrder(idempotencyKey: "gql-limit-${i}-${address}", input: { phone: "0712345000", name: "Limit", areaSlug: "kilimani" }) { replayed } }`,
        {},
        { headers: { 'x-forwarded-for': address } },
      );
    const codes: string[] = [];
    for (let i = 0; i < 31; i++) codes.push((await place(i)).errors![0]!.extensions.code);
    assert.ok(
      codes.slice(0, 30).every((c) => c !== 'rate_limited'),
      codes.join(','),
    );
    assert.equal(codes[30], 'rate_limited');
  });

  test('operations and the route show in /metrics', async () => {
    await gql(`{ store { slug } }`);
    const text = await (await fetch(`${stack.api.url}/metrics`)).text();
    assert.match(text, /graphql_operations_total\{operation="query",outcome="ok"\} [1-9]/);
    assert.match(text, /http_routes_info\{method="POST",route="\/v1\/stores\/:store\/graphql"\} 1/);
  });
});
