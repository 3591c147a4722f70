// The order's tracking timeline over real HTTP (API, worker, provider sandbox with its delivery
// partner): placed, paid, packed, dispatched with the rider (or the pickup point), out for
// delivery / ready for pickup, delivered, each with its time; the partner's scans; My orders'
// timelines for a phone-verified shopper only; the WhatsApp updates link to the order page.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const SECRET = 'order-tracking-test-webhook-secret';
const stack = useApiStack({
  sandbox: { deliveryPartnerSecret: SECRET },
  env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' },
});

interface Step {
  key: string;
  label: string;
  at: string | null;
  done: boolean;
  detail: string | null;
}
interface Tracking {
  orderId: string;
  number: number;
  status: string;
  steps: Step[];
  delivery: {
    method: string;
    riderName: string | null;
    riderPhone: string | null;
    agent: { id: string; name: string | null } | null;
    events: { status: string; source: string; at: string }[];
  } | null;
  cancel: { allowed: boolean; reason: string | null };
  returns: { allowed: boolean; windowDays: number; openUntil: string | null };
}
interface Answer {
  tracking: Tracking;
  orders: Tracking[];
  sessionToken: string;
  cart: { token: string };
  order: { id: string; number: number };
  delivery: { partner: { parcelId: string } };
  error: { code: string; message: string };
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.103');
const sql = stack.sql<Record<string, unknown>>;
let seq = 0;
const newPhone = () =>
  `2547${String(10 + (++seq % 80)).padStart(2, '0')}${String(Date.now() % 1000).padStart(3, '0')}000`;

let owner: string;
stack.before(async () => {
  owner = (await demoLogin(call, STORE, 'owner')).accessToken;
});

async function paidOrder(phone: string) {
  const { sku } = first(
    (await sql(
      `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
        WHERE v.tenant_id = $1 AND v.on_hand >= 40 AND v.status = 'active' AND p.status = 'active' ORDER BY v.price_kes LIMIT 1`,
      [stack.tenantOf(STORE)],
    )) as { sku: string }[],
  );
  const cart = await call('POST', `/v1/stores/${STORE}/cart/lines`, { sku, quantity: 1 });
  const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `order-${randomUUID()}`,
      'x-cart-token': cart.body.cart.token,
    },
    body: JSON.stringify({ phone, name: 'Akinyi Otieno', areaSlug: 'kilimani' }),
  });
  const order = ((await res.json()) as Answer).order;
  assert.equal(res.status, 201);
  const tracked = await call('GET', `/v1/stores/${STORE}/orders/${order.id}/tracking`);
  assert.equal(tracked.status, 200, JSON.stringify(tracked.body));
  assert.deepEqual(
    tracked.body.tracking.steps.map((s) => [s.key, s.done]),
    [
      ['placed', true],
      ['paid', false],
      ['packed', false],
      ['dispatched', false],
      ['out_for_delivery', false],
      ['delivered', false],
    ],
  );
  const pay = await fetch(`${stack.api.url}/v1/stores/${STORE}/orders/${order.id}/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `pay-${randomUUID()}` },
    body: '{}',
  });
  assert.equal(pay.status, 201);
  await waitFor(
    'paid',
    async () => (await sql('SELECT status FROM orders WHERE id = $1', [order.id]))[0]?.status === 'paid',
  );
  return order;
}

const track = async (id: string) => {
  const res = await call('GET', `/v1/stores/${STORE}/orders/${id}/tracking`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.tracking;
};

describe('tracking', () => {
  test('a rider delivery: each step with its time, the rider named; WhatsApp updates link to the order page', async () => {
    const order = await paidOrder(newPhone());
    let t = await track(order.id);
    assert.equal(first(t.steps.filter((s) => s.key === 'paid')).done, true);
    assert.equal(t.cancel.allowed, true);
    assert.equal((await call('POST', `/v1/owner/orders/${order.number}/status`, { to: 'packed' }, owner)).status, 200);
    const d = await call(
      'POST',
      `/v1/owner/orders/${order.number}/dispatch`,
      { method: 'manual_rider', riderName: 'Otieno Rider', riderPhone: '0722000111' },
      owner,
    );
    assert.equal(d.status, 201, JSON.stringify(d.body));
    t = await track(order.id);
    const dispatched = first(t.steps.filter((s) => s.key === 'dispatched'));
    assert.equal(dispatched.done, true);
    assert.match(dispatched.detail ?? '', /Otieno Rider/);
    assert.equal(t.delivery?.riderName, 'Otieno Rider');
    assert.equal(t.cancel.allowed, false);
    assert.match(t.cancel.reason ?? '', /already on its way/);

    const picked = await call(
      'POST',
      `/v1/owner/orders/${order.number}/delivery/status`,
      { status: 'picked_up' },
      owner,
    );
    assert.equal(picked.status, 200, JSON.stringify(picked.body));
    assert.equal(first((await track(order.id)).steps.filter((s) => s.key === 'out_for_delivery')).done, true);
    assert.equal((await call('POST', `/v1/owner/orders/${order.number}/delivered`, {}, owner)).status, 200);
    t = await track(order.id);
    assert.ok(
      t.steps.every((s) => s.done && s.at),
      JSON.stringify(t.steps),
    );
    const times = t.steps.map((s) => Date.parse(s.at!));
    assert.deepEqual(
      [...times].sort((a, b) => a - b),
      times,
      'in order of time',
    );
    assert.equal(t.returns.allowed, true);
    assert.equal(t.returns.windowDays, 7);

    const sent = await waitFor('the dispatched and delivered messages', async () => {
      const rows = (await sql(
        `SELECT kind, body FROM messages WHERE order_id = $1 AND kind IN ('order_dispatched', 'order_delivered') ORDER BY kind`,
        [order.id],
      )) as { kind: string; body: string }[];
      return rows.length === 2 ? rows : null;
    });
    for (const m of sent) assert.match(m.body, new RegExp(`/orders/${order.id}(?:\\s|$)`), m.kind);
  });

  test("a partner pickup: the pickup point, the partner's scans, ready for pickup, then collected", async () => {
    const order = await paidOrder(newPhone());
    const d = await call(
      'POST',
      `/v1/owner/orders/${order.number}/dispatch`,
      { method: 'partner_pickup', agentId: 'PM-KLM-001' },
      owner,
    );
    assert.equal(d.status, 201, JSON.stringify(d.body));
    const parcel = d.body.delivery.partner.parcelId;
    const advance = async (status: string) => {
      const res = await fetch(`${stack.sandbox.url}/__admin/delivery-partner/parcels/${parcel}/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status }),
      });
      assert.equal(res.status, 200, await res.text());
    };
    await advance('at_agent');
    let t = await track(order.id);
    assert.equal(t.delivery?.method, 'partner_pickup');
    assert.equal(t.delivery?.agent?.id, 'PM-KLM-001');
    assert.match(first(t.steps.filter((s) => s.key === 'dispatched')).detail ?? '', /Pickup point/);
    const ready = first(t.steps.filter((s) => s.key === 'ready_for_pickup'));
    assert.equal(ready.done, true);
    assert.deepEqual(
      t.delivery?.events.map((e) => [e.status, e.source]),
      [
        ['assigned', 'staff'],
        ['at_agent', 'partner_webhook'],
      ],
    );
    await advance('collected');
    t = await track(order.id);
    assert.equal(t.status, 'delivered');
    assert.equal(first(t.steps.filter((s) => s.key === 'delivered')).done, true);
  });

  test("My orders: the signed-in phone's timelines only; unknown or malformed ids are 404 / 400", async () => {
    const phone = newPhone();
    const mine = await paidOrder(phone);
    const theirs = await paidOrder(newPhone());
    const otp = await call('POST', `/v1/stores/${STORE}/shopper/otp`, { phone: `0${phone.slice(3)}` });
    assert.equal(otp.status, 202);
    const sms = await waitFor('the code', async () => {
      const res = await fetch(`${stack.sandbox.url}/__admin/sms/messages?to=%2B${phone}`);
      const list = ((await res.json()) as { messages: { message: string }[] }).messages;
      return list.at(-1);
    });
    const code = /\b(\d{6})\b/.exec(sms.message)![1]!;
    const session = await call('POST', `/v1/stores/${STORE}/shopper/session`, { phone, code });
    assert.equal(session.status, 200);
    const list = await call('GET', `/v1/stores/${STORE}/shopper/tracking`, undefined, session.body.sessionToken);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const ids = list.body.orders.map((o) => o.orderId);
    assert.ok(ids.includes(mine.id));
    assert.ok(!ids.includes(theirs.id));
    assert.equal((await call('GET', `/v1/stores/${STORE}/shopper/tracking`)).status, 401);
    assert.equal((await call('GET', `/v1/stores/${STORE}/orders/${randomUUID()}/tracking`)).status, 404);
    assert.equal((await call('GET', `/v1/stores/${STORE}/orders/nope/tracking`)).status, 400);
    // Another store cannot see this store's order by its id.
    assert.equal((await call('GET', `/v1/stores/saa-bora/orders/${mine.id}/tracking`)).status, 404);
  });
});
