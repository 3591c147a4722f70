// The owner's order list filters over real HTTP: GET /v1/owner/orders?status=&area=&channel=
// (each filter narrows, together they all apply), cursor paging keeps the filters, bad values are
// refused with the field named, and another store's orders never show up.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { ErrorBody } from '@sokoni/contracts';
import { useApiStack } from '../helpers/api-fixture.ts';
import { shopFlows } from '../helpers/shop.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';

const STORE = 'nairobi-gadgets';
const OTHER_STORE = 'saa-bora';
const stack = useApiStack();

const call = jsonCaller(() => stack.api.url, '198.51.102');

interface OrderPage {
  items: Placed[];
  nextCursor: number | null;
}

interface Placed {
  number: number;
  areaSlug: string;
  channel: string;
  status: string;
}

const shop = shopFlows(stack);
const placeOrder = (store: string, areaSlug: string, channel: 'web' | 'whatsapp' | 'link') =>
  shop.placeOrder<Placed>(store, { phone: '0712 345 678', name: 'Njeri', areaSlug, channel });

/** Every order number the list gives for this query, following the cursor with pages of `limit`. */
async function listAll(token: string, query: Record<string, string>, limit = 100): Promise<Placed[]> {
  const out: Placed[] = [];
  let cursor: number | null = null;
  do {
    const qs: URLSearchParams = new URLSearchParams({
      ...query,
      limit: String(limit),
      ...(cursor ? { cursor: String(cursor) } : {}),
    });
    const res = await call<OrderPage>('GET', `/v1/owner/orders?${qs}`, undefined, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor !== null);
  return out;
}

describe('owner order list filters', () => {
  let token: string;
  let orders: Placed[];

  before(async () => {
    token = (await demoLogin(call, STORE, 'staff')).accessToken; // staff may read orders
    orders = [];
    for (const [area, channel] of [
      ['kilimani', 'web'],
      ['westlands', 'whatsapp'],
      ['kilimani', 'link'],
      ['kilimani', 'whatsapp'],
      ['westlands', 'web'],
    ] as const) {
      orders.push(await placeOrder(STORE, area, channel));
    }
    await placeOrder(OTHER_STORE, 'kilimani', 'whatsapp');
    // One of ours is cancelled, so status narrows too.
    const owner = await demoLogin(call, STORE, 'owner');
    const cancelled = await call(
      'POST',
      `/v1/owner/orders/${orders[3]!.number}/status`,
      { to: 'cancelled' },
      owner.accessToken,
    );
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  });

  const numbers = (list: Placed[]) => list.map((o) => o.number);
  const ours = (pick: (o: Placed, i: number) => boolean) =>
    orders
      .filter(pick)
      .map((o) => o.number)
      .sort((a, b) => b - a);

  test('area narrows to that estate, newest first, only this store', async () => {
    const list = await listAll(token, { area: 'kilimani' });
    assert.ok(list.every((o) => o.areaSlug === 'kilimani'));
    assert.deepEqual(
      numbers(list),
      [...numbers(list)].sort((a, b) => b - a),
      'newest first',
    );
    assert.deepEqual(
      numbers(list).filter((n) => orders.some((o) => o.number === n)),
      ours((o) => o.areaSlug === 'kilimani'),
    );
    assert.equal(list.length, ours((o) => o.areaSlug === 'kilimani').length, "no other store's Kilimani order");
  });

  test('channel narrows to web, whatsapp or link', async () => {
    for (const channel of ['web', 'whatsapp', 'link'] as const) {
      const list = await listAll(token, { channel });
      assert.ok(
        list.every((o) => o.channel === channel),
        channel,
      );
      assert.deepEqual(
        numbers(list),
        ours((o) => o.channel === channel),
        channel,
      );
    }
  });

  test('filters combine: status + area + channel', async () => {
    assert.deepEqual(
      numbers(await listAll(token, { area: 'kilimani', channel: 'whatsapp' })),
      ours((o) => o.areaSlug === 'kilimani' && o.channel === 'whatsapp'),
    );
    assert.deepEqual(
      numbers(await listAll(token, { area: 'kilimani', status: 'pending_payment' })),
      ours((o, i) => o.areaSlug === 'kilimani' && i !== 3),
    );
    assert.deepEqual(numbers(await listAll(token, { status: 'cancelled', channel: 'whatsapp' })), [orders[3]!.number]);
    assert.deepEqual(numbers(await listAll(token, { status: 'cancelled', channel: 'web' })), []);
    assert.deepEqual(numbers(await listAll(token, { area: 'karen' })), [], 'an area with no orders is an empty list');
  });

  test('cursor paging keeps the filters', async () => {
    const paged = await listAll(token, { area: 'kilimani' }, 1);
    assert.deepEqual(
      numbers(paged),
      ours((o) => o.areaSlug === 'kilimani'),
    );
    const first = await call<OrderPage>('GET', '/v1/owner/orders?area=westlands&limit=1', undefined, token);
    assert.equal(first.body.items.length, 1);
    assert.equal(first.body.nextCursor, first.body.items[0]!.number);
    const second = await call<OrderPage>(
      'GET',
      `/v1/owner/orders?area=westlands&limit=1&cursor=${first.body.nextCursor}`,
      undefined,
      token,
    );
    assert.deepEqual(
      second.body.items.map((o) => o.areaSlug),
      ['westlands'],
    );
    assert.ok(second.body.items[0]!.number < first.body.items[0]!.number);
  });

  test('bad filter values are refused naming the field', async () => {
    const badChannel = await call<ErrorBody>('GET', '/v1/owner/orders?channel=sms', undefined, token);
    assert.equal(badChannel.status, 400);
    assert.equal(badChannel.body.error.code, 'validation_failed');
    assert.match(JSON.stringify(badChannel.body.error), /channel/);
    const badArea = await call<ErrorBody>(
      'GET',
      `/v1/owner/orders?area=${encodeURIComponent("Kilimani' OR 1=1")}`,
      undefined,
      token,
    );
    assert.equal(badArea.status, 400);
    assert.match(JSON.stringify(badArea.body.error), /area/);
    const anonymous = await call('GET', '/v1/owner/orders?area=kilimani');
    assert.equal(anonymous.status, 401);
  });
});
