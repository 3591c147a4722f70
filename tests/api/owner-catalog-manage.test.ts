// Catalog management (issue 12) over real HTTP: categories (add, rename, reorder, nest one level,
// delete without orphaning products), option matrices (up to 3 options, values added later
// without retyping), variant photos, photo order, HEIC refusal, bulk edits with audit rows and
// the permission matrix (staff cannot change prices), and 4xx naming the field for bad input.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { useApiStack } from '../helpers/api-fixture.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';

const stack = useApiStack();

interface Category {
  slug: string;
  name: string;
  parentSlug: string | null;
  position: number;
  productCount: number;
}
interface Variant {
  sku: string;
  options: Record<string, string>;
  priceKes: number;
  currentPriceKes: number;
  onHand: number;
}
interface Answer {
  categories: Category[];
  category: Category;
  product: { slug: string; optionNames: string[]; variants: Variant[]; status: string; categorySlug: string | null };
  created: string[];
  images: { id: string; url: string; position: number; skus: string[] }[];
  productsMoved: number;
  movedTo: string | null;
  products: number;
  variants: number;
  error: { code: string; message: string; details: { field?: string; reason?: string; issues?: { path: string }[] } };
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.52');
const STORE = 'mtindo-fashion';
const token = async (role: 'owner' | 'admin' | 'staff' = 'owner') => (await demoLogin(call, STORE, role)).accessToken;
const fieldOf = (body: Answer) =>
  body.error.details.field ?? body.error.details.issues?.map((i) => i.path).join(',') ?? '';

async function tree(t: string): Promise<Category[]> {
  const res = await call('GET', '/v1/owner/catalog/categories/tree', undefined, t);
  assert.equal(res.status, 200);
  return res.body.categories;
}

async function matrixProduct(t: string, title: string, extra: Record<string, unknown> = {}) {
  const res = await call(
    'POST',
    '/v1/owner/catalog/products/matrix',
    {
      title,
      priceKes: 2500,
      stock: 3,
      options: [
        { name: 'Size', values: ['40', '41', '42'] },
        { name: 'Colour', values: ['Black', 'White'] },
      ],
      ...extra,
    },
    t,
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.product;
}

describe('categories', () => {
  test('add, nest one level, rename, reorder; the tree lists children after their parent', async () => {
    const t = await token();
    const phones = await call('POST', '/v1/owner/catalog/categories', { name: 'Phones' }, t);
    assert.equal(phones.status, 201);
    assert.equal(phones.body.category.slug, 'phones');
    const android = await call('POST', '/v1/owner/catalog/categories', { name: 'Android', parentSlug: 'phones' }, t);
    assert.equal(android.status, 201);
    assert.equal(android.body.category.parentSlug, 'phones');
    await call('POST', '/v1/owner/catalog/categories', { name: 'iPhone', slug: 'iphone', parentSlug: 'phones' }, t);
    // Two levels deep is refused, naming parentSlug.
    const deep = await call('POST', '/v1/owner/catalog/categories', { name: 'Pixel', parentSlug: 'android' }, t);
    assert.equal(deep.status, 400);
    assert.equal(fieldOf(deep.body), 'parentSlug');
    // A category with children cannot go under another.
    await call('POST', '/v1/owner/catalog/categories', { name: 'Gadgets' }, t);
    const nestParent = await call('PATCH', '/v1/owner/catalog/categories/phones', { parentSlug: 'gadgets' }, t);
    assert.equal(nestParent.status, 400);
    assert.equal(fieldOf(nestParent.body), 'parentSlug');
    // Duplicate slug: 409 naming slug.
    const dup = await call('POST', '/v1/owner/catalog/categories', { name: 'Phones', slug: 'phones' }, t);
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.details.field, 'slug');
    const empty = await call('POST', '/v1/owner/catalog/categories', { name: '   ' }, t);
    assert.equal(empty.status, 400);
    assert.match(fieldOf(empty.body), /name/);

    let list = await tree(t);
    const order = list.map((c) => c.slug);
    assert.ok(order.indexOf('android') === order.indexOf('phones') + 1, order.join(','));
    assert.ok(order.indexOf('iphone') === order.indexOf('phones') + 2, order.join(','));

    // Reorder children: iPhone up -> before Android.
    assert.equal((await call('POST', '/v1/owner/catalog/categories/iphone/move', { direction: 'up' }, t)).status, 200);
    list = await tree(t);
    assert.ok(list.findIndex((c) => c.slug === 'iphone') < list.findIndex((c) => c.slug === 'android'));
    // Rename keeps the slug.
    const renamed = await call('PATCH', '/v1/owner/catalog/categories/android', { name: 'Android phones' }, t);
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.category.slug, 'android');
    assert.equal(renamed.body.category.name, 'Android phones');
    const bad = await call('POST', '/v1/owner/catalog/categories/iphone/move', { direction: 'sideways' }, t);
    assert.equal(bad.status, 400);
  });

  test('deleting never orphans products: subcategory -> parent, top level -> Other; refusals carry counts', async () => {
    const t = await token();
    await call('POST', '/v1/owner/catalog/categories', { name: 'Shoes' }, t);
    await call('POST', '/v1/owner/catalog/categories', { name: 'Sneakers', parentSlug: 'shoes' }, t);
    const p = await matrixProduct(t, 'Runner Delete Test', { categorySlug: 'sneakers' });
    // A parent with children is refused with the count.
    const refused = await call('DELETE', '/v1/owner/catalog/categories/shoes', undefined, t);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.details.reason, 'has_subcategories');
    const sub = await call('DELETE', '/v1/owner/catalog/categories/sneakers', undefined, t);
    assert.equal(sub.status, 200);
    assert.equal(sub.body.movedTo, 'shoes');
    assert.equal(sub.body.productsMoved, 1);
    let product = (await call('GET', `/v1/owner/catalog/products/${p.slug}`, undefined, t)).body.product;
    assert.equal(product.categorySlug, 'shoes');
    const top = await call('DELETE', '/v1/owner/catalog/categories/shoes', undefined, t);
    assert.equal(top.status, 200);
    assert.equal(top.body.movedTo, 'other');
    product = (await call('GET', `/v1/owner/catalog/products/${p.slug}`, undefined, t)).body.product;
    assert.equal(product.categorySlug, 'other');
    const other = await call('DELETE', '/v1/owner/catalog/categories/other', undefined, t);
    assert.equal(other.status, 409);
    assert.equal(other.body.error.details.reason, 'has_products');
    assert.equal((await call('DELETE', '/v1/owner/catalog/categories/nope', undefined, t)).status, 404);
  });

  test('staff can read categories but not change them', async () => {
    const t = await token('staff');
    assert.equal((await call('GET', '/v1/owner/catalog/categories/tree', undefined, t)).status, 200);
    assert.equal((await call('POST', '/v1/owner/catalog/categories', { name: 'Staff made' }, t)).status, 403);
  });
});

describe('option matrix', () => {
  test('values entered once make every combination; more values later add only the new ones', async () => {
    const t = await token();
    const p = await matrixProduct(t, 'Matrix Sneaker');
    assert.deepEqual(p.optionNames, ['Size', 'Colour']);
    assert.equal(p.variants.length, 6);
    assert.ok(p.variants.every((v) => v.priceKes === 2500 && v.onHand === 3));
    assert.equal(new Set(p.variants.map((v) => v.sku)).size, 6);
    // The owner changes one variant's price and stock; adding values keeps them.
    const first = p.variants[0]!;
    await call('PATCH', `/v1/owner/catalog/variants/${first.sku}/price`, { priceKes: 2700 }, t);
    const more = await call(
      'POST',
      `/v1/owner/catalog/products/${p.slug}/options`,
      {
        options: [
          { name: 'Size', values: ['43'] },
          { name: 'colour', values: ['Red', 'black'] },
        ],
      },
      t,
    );
    assert.equal(more.status, 200, JSON.stringify(more.body));
    // 4 sizes x 3 colours = 12; 6 new.
    assert.equal(more.body.product.variants.length, 12);
    assert.equal(more.body.created.length, 6);
    const kept = more.body.product.variants.find((v) => v.sku === first.sku)!;
    assert.equal(kept.priceKes, 2700);
    assert.equal(kept.onHand, 3);
    const added = more.body.product.variants.find((v) => v.options.Size === '43' && v.options.Colour === 'Red')!;
    assert.equal(added.priceKes, 2500, 'new combinations inherit the product price');
    // A third option: existing variants take its first value.
    const third = await call(
      'POST',
      `/v1/owner/catalog/products/${p.slug}/options`,
      { options: [{ name: 'Material', values: ['Leather'] }] },
      t,
    );
    assert.equal(third.status, 200);
    assert.deepEqual(third.body.product.optionNames, ['Size', 'Colour', 'Material']);
    assert.ok(third.body.product.variants.every((v) => v.options.Material === 'Leather'));
    // A fourth is refused, naming the field.
    const fourth = await call(
      'POST',
      `/v1/owner/catalog/products/${p.slug}/options`,
      { options: [{ name: 'Width', values: ['Wide'] }] },
      t,
    );
    assert.equal(fourth.status, 400);
    assert.match(fieldOf(fourth.body), /options/);
    const nothing = await call(
      'POST',
      `/v1/owner/catalog/products/${p.slug}/options`,
      { options: [{ name: 'Size', values: ['40'] }] },
      t,
    );
    assert.equal(nothing.status, 400);
  });

  test('bad matrices: 4 options, duplicate values, empty matrix, too many combinations', async () => {
    const t = await token();
    const base = { title: 'Bad Matrix', priceKes: 100 };
    const cases: [unknown, RegExp][] = [
      [
        {
          ...base,
          options: ['A', 'B', 'C', 'D'].map((name) => ({ name, values: ['x'] })),
        },
        /options/,
      ],
      [{ ...base, options: [{ name: 'Size', values: ['S', 's'] }] }, /options\.0\.values\.1/],
      [{ ...base, options: [] }, /options/],
      [{ ...base, options: [{ name: 'Size', values: [] }] }, /options\.0\.values/],
      [
        {
          ...base,
          options: [
            { name: 'Size', values: ['S'] },
            { name: 'size', values: ['M'] },
          ],
        },
        /options\.1\.name/,
      ],
      [
        {
          ...base,
          options: [
            { name: 'A', values: Array.from({ length: 11 }, (_, i) => `a${i}`) },
            { name: 'B', values: Array.from({ length: 10 }, (_, i) => `b${i}`) },
          ],
        },
        /options/,
      ],
      [{ ...base, priceKes: 0, options: [{ name: 'Size', values: ['S'] }] }, /priceKes/],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/v1/owner/catalog/products/matrix', body, t);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(fieldOf(res.body), field, JSON.stringify(res.body));
    }
    const none = await call('GET', '/v1/owner/catalog/products?limit=200', undefined, t);
    assert.ok(!JSON.stringify(none.body).includes('Bad Matrix'), 'nothing was written');
  });

  test('a photo per colour; photos reorder; HEIC is refused with a clear message', async () => {
    const t = await token();
    const p = await matrixProduct(t, 'Photo Sneaker');
    const upload = async (colour: string) => {
      const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: colour } })
        .jpeg()
        .toBuffer();
      const res = await fetch(`${stack.api.url}/v1/owner/catalog/products/${p.slug}/images`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${t}` },
        body: jpeg,
      });
      assert.equal(res.status, 201);
    };
    await upload('#000000');
    await upload('#ffffff');
    let images = (await call('GET', `/v1/owner/catalog/products/${p.slug}/images`, undefined, t)).body.images;
    assert.equal(images.length, 2);
    const [black, white] = images as [Answer['images'][number], Answer['images'][number]];
    const assign = await call(
      'POST',
      `/v1/owner/catalog/products/${p.slug}/images/${white.id}/variants`,
      { option: 'colour', value: 'white' },
      t,
    );
    assert.equal(assign.status, 200);
    const whiteSkus = p.variants.filter((v) => v.options.Colour === 'White').map((v) => v.sku);
    assert.deepEqual(assign.body.images.find((i) => i.id === white.id)!.skus.sort(), whiteSkus.sort());
    const wrong = await call(
      'POST',
      `/v1/owner/catalog/products/${p.slug}/images/${white.id}/variants`,
      { option: 'Colour', value: 'Purple' },
      t,
    );
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.details.field, 'value');
    // White up: now first.
    const moved = await call(
      'POST',
      `/v1/owner/catalog/products/${p.slug}/images/${white.id}/move`,
      { direction: 'up' },
      t,
    );
    assert.equal(moved.status, 200);
    images = (await call('GET', `/v1/owner/catalog/products/${p.slug}/images`, undefined, t)).body.images;
    assert.deepEqual(
      images.map((i) => i.id),
      [white.id, black.id],
    );
    // Dragged to a place (the owner's list with JavaScript): straight there, others close up.
    await upload('#ff0000');
    images = (await call('GET', `/v1/owner/catalog/products/${p.slug}/images`, undefined, t)).body.images;
    const red = images[2]!;
    const toFront = await call(
      'POST',
      `/v1/owner/catalog/products/${p.slug}/images/${red.id}/move`,
      { position: 0 },
      t,
    );
    assert.equal(toFront.status, 200, JSON.stringify(toFront.body));
    images = (await call('GET', `/v1/owner/catalog/products/${p.slug}/images`, undefined, t)).body.images;
    assert.deepEqual(
      images.map((i) => [i.id, i.position]),
      [
        [red.id, 0],
        [white.id, 1],
        [black.id, 2],
      ],
    );
    for (const [body, field] of [
      [{ position: 3 }, 'position'],
      [{ position: -1 }, 'position'],
      [{ position: 1, direction: 'up' }, 'position'],
    ] as const) {
      const refused = await call('POST', `/v1/owner/catalog/products/${p.slug}/images/${red.id}/move`, body, t);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(fieldOf(refused.body), field, JSON.stringify(refused.body));
    }
    const unchanged = (await call('GET', `/v1/owner/catalog/products/${p.slug}/images`, undefined, t)).body.images;
    assert.deepEqual(
      unchanged.map((i) => i.id),
      [red.id, white.id, black.id],
      'a refused move changes nothing',
    );
    assert.equal(
      (await call('DELETE', `/v1/owner/catalog/products/${p.slug}/images/${red.id}`, undefined, t)).status,
      200,
    );
    // Deleting a photo leaves its variants without one.
    assert.equal(
      (await call('DELETE', `/v1/owner/catalog/products/${p.slug}/images/${white.id}`, undefined, t)).status,
      200,
    );
    images = (await call('GET', `/v1/owner/catalog/products/${p.slug}/images`, undefined, t)).body.images;
    assert.deepEqual(
      images.map((i) => [i.id, i.position]),
      [[black.id, 0]],
    );
    // HEIC (an iPhone photo's container): refused before decoding, with what to do.
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic'),
      Buffer.alloc(4),
      Buffer.from('mif1heic'),
      Buffer.alloc(2000),
    ]);
    const res = await fetch(`${stack.api.url}/v1/owner/catalog/products/${p.slug}/images`, {
      method: 'POST',
      headers: { 'content-type': 'image/heic', authorization: `Bearer ${t}` },
      body: heic,
    });
    assert.equal(res.status, 415);
    const body = (await res.json()) as Answer;
    assert.match(body.error.message, /HEIC.*JPEG/);
  });
});

describe('bulk edits', () => {
  test('price +/- % writes an audit row per variant; stock set; sale; archive; staff cannot change prices', async () => {
    const t = await token();
    const a = await matrixProduct(t, 'Bulk A');
    const b = await matrixProduct(t, 'Bulk B', { options: [{ name: 'Size', values: ['S', 'M'] }] });
    const products = [a.slug, b.slug];
    const staff = await token('staff');
    const refused = await call('POST', '/v1/owner/catalog/bulk/price', { products, percent: 10 }, staff);
    assert.equal(refused.status, 403);
    assert.equal(
      (await call('POST', '/v1/owner/catalog/bulk/sale', { products, percent: 10, days: 3 }, staff)).status,
      403,
    );

    const up = await call('POST', '/v1/owner/catalog/bulk/price', { products, percent: 10 }, t);
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.equal(up.body.variants, 8);
    const audits = await stack.sql(
      `SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'product.price_changed'
          AND entity_id = ANY($2) AND (after->>'priceKes')::int = 2750`,
      [stack.tenantOf(STORE), [...a.variants, ...b.variants].map((v) => v.sku)],
    );
    assert.equal((audits[0] as { n: number }).n, 8);
    const down = await call('POST', '/v1/owner/catalog/bulk/price', { products: [a.slug], percent: -20 }, t);
    assert.equal(down.status, 200);
    let product = (await call('GET', `/v1/owner/catalog/products/${a.slug}`, undefined, t)).body.product;
    assert.ok(product.variants.every((v) => v.priceKes === 2200));

    // Staff may set stock.
    const stock = await call('POST', '/v1/owner/catalog/bulk/stock', { products, onHand: 7 }, staff);
    assert.equal(stock.status, 200);
    product = (await call('GET', `/v1/owner/catalog/products/${b.slug}`, undefined, t)).body.product;
    assert.ok(product.variants.every((v) => v.onHand === 7));

    const sale = await call('POST', '/v1/owner/catalog/bulk/sale', { products: [b.slug], percent: 20, days: 3 }, t);
    assert.equal(sale.status, 200);
    product = (await call('GET', `/v1/owner/catalog/products/${b.slug}`, undefined, t)).body.product;
    assert.ok(product.variants.every((v) => v.currentPriceKes === 2200));
    const again = await call('POST', '/v1/owner/catalog/bulk/sale', { products, percent: 10, days: 3 }, t);
    assert.equal(again.status, 409, 'an overlapping sale refuses the whole request');
    product = (await call('GET', `/v1/owner/catalog/products/${a.slug}`, undefined, t)).body.product;
    assert.ok(
      product.variants.every((v) => v.currentPriceKes === 2200),
      'nothing of it was written',
    );

    // Bad input names the field; unknown products change nothing.
    for (const [body, field] of [
      [{ products, percent: 0 }, /percent/],
      [{ products: [], percent: 5 }, /products/],
      [{ products: [a.slug, a.slug], percent: 5 }, /products/],
      [{ products: [a.slug, 'no-such-product'], percent: 5 }, /products/],
    ] as [unknown, RegExp][]) {
      const res = await call('POST', '/v1/owner/catalog/bulk/price', body, t);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(fieldOf(res.body), field);
    }
    product = (await call('GET', `/v1/owner/catalog/products/${a.slug}`, undefined, t)).body.product;
    assert.ok(product.variants.every((v) => v.priceKes === 2200));

    assert.equal((await call('POST', '/v1/owner/catalog/bulk/archive', { products }, staff)).status, 403);
    const archived = await call('POST', '/v1/owner/catalog/bulk/archive', { products }, t);
    assert.equal(archived.status, 200);
    product = (await call('GET', `/v1/owner/catalog/products/${b.slug}`, undefined, t)).body.product;
    assert.equal(product.status, 'archived');
  });
});
