// Deliveries over real HTTP, against the real sandbox partner process: manual dispatch by rider
// (validation, status rules, roles), the agent-point partner flow end to end (agents listed and
// cached, parcel booked, sandbox moves it, webhooks deliver the order), webhook authentication
// and idempotency, polling for lost webhooks, and a partner outage.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { orderDeliveriesSchema, pickupAgentListSchema } from '@sokoni/contracts';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import { createTestDatabase, REDIS_URL, withClient, type Row, type TestDatabase } from '../helpers/database.ts';
import { freePort, serverEnv, startRaw, type RunningProcess } from '../helpers/processes.ts';

const STORE = 'nairobi-gadgets';
const OTHER_STORE = 'saa-bora';
const SECRET = 'deliveries-test-webhook-secret-01';
let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let sandbox: RunningProcess;
let sandboxUrl: string;
let api: RunningProcess;
let apiUrl: string;
let tenantId: string;

before(async () => {
  db = await createTestDatabase({ seed: true });
  tenantId = db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;
  const [sandboxPort, apiPort] = [await freePort(), await freePort()];
  sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  apiUrl = `http://127.0.0.1:${apiPort}`;
  sandbox = startRaw(process.execPath, ['apps/sandbox/dist/main.js'], {
    PATH: process.env.PATH,
    PORT: String(sandboxPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DELIVERY_PARTNER_WEBHOOK_SECRET: SECRET,
  });
  await sandbox.waitForLog((e) => String(e.msg).startsWith('Server listening'));
  // The API on a port known before it starts: the partner calls back to PUBLIC_API_URL.
  env = serverEnv(db, {
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    PUBLIC_API_URL: apiUrl,
    DELIVERY_PARTNER_BASE_URL: `${sandboxUrl}/delivery-partner`,
    DELIVERY_PARTNER_WEBHOOK_SECRET: SECRET,
    DELIVERY_PARTNER_TIMEOUT_MS: '3000',
  });
  api = startRaw(process.execPath, ['apps/api/dist/main.js'], env);
  await api.waitForLog((e) => e.msg === 'api listening');
});
after(async () => {
  await Promise.all([api?.stop(), sandbox?.stop()]);
  await db?.drop();
});

let ip = 0;
/**
 * What these tests read of an answer from the API or the partner sandbox's admin: each part only
 * where the route gives it (the assertions check which; the type does not).
 */
interface Answer {
  accessToken: string;
  cart: { token: string };
  order: {
    id: string;
    number: number;
    phone: string;
    totalKes: number;
    status: string;
    timeline: { type: string }[];
  };
  delivery: {
    id: string;
    method: string;
    status: string;
    rider: { name: string; phone: string } | null;
    partner: { name: string; parcelId: string; agent: unknown } | null;
    events: { status: string; source: string }[];
    deliveredAt: string | null;
  };
  error: {
    code: string;
    message: string;
    details: { reason: string; status: string; field: string; allowed: string[]; issues: { path: unknown }[] };
  };
  webhook: { status: number };
  outcome: string;
  parcels: { reference: string }[];
  parcel: { reference: string; callbackUrl: string; customer: unknown; packageValue: number; status: string };
  data: { parcelId: string };
}

async function http(
  base: string,
  method: string,
  path: string,
  { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
) {
  ip++;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      'x-forwarded-for': `198.51.100.${ip % 250}`,
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Answer };
}
const apiCall = (method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }) =>
  http(apiUrl, method, path, options);
const partnerAdmin = (method: string, path: string, body?: unknown) =>
  http(sandboxUrl, method, `/__admin/delivery-partner${path}`, { body });

const tokens = new Map<string, string>();
async function auth(role: 'owner' | 'staff', store = STORE): Promise<Record<string, string>> {
  const key = `${store}:${role}`;
  if (!tokens.has(key)) {
    const login = await apiCall('POST', '/v1/owner/auth/login', {
      body: { store, email: `${role}@${store}.sokoni.test`, password: DEMO_PASSWORD },
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    tokens.set(key, login.body.accessToken);
  }
  return { authorization: `Bearer ${tokens.get(key)}` };
}

/** An order's dispatch or status change, asked for by the store's staff. */
const staffPost = async (orderNumber: number, action: 'dispatch' | 'status', body: unknown) =>
  apiCall('POST', `/v1/owner/orders/${orderNumber}/${action}`, { body, headers: await auth('staff') });

let skuOffset = 0;
/** Places an order for one unit of an in-stock variant (cart -> POST /orders with an Idempotency-Key). */
async function placeOrder(): Promise<{ id: string; number: number; phone: string; totalKes: number }> {
  const {
    rows: [variant],
  } = await withClient(db.ownerUrl, (c) =>
    c.query<{ sku: string }>(
      `
    SELECT sku FROM product_variants WHERE tenant_id = $1 AND on_hand >= 3 ORDER BY sku OFFSET $2 LIMIT 1`,
      [tenantId, skuOffset++],
    ),
  );
  const cart = await apiCall('POST', `/v1/stores/${STORE}/cart/lines`, { body: { sku: variant!.sku, quantity: 1 } });
  assert.equal(cart.status, 200, JSON.stringify(cart.body));
  const placed = await apiCall('POST', `/v1/stores/${STORE}/orders`, {
    body: { phone: '0712 345 678', name: 'Wanjiku', areaSlug: 'kilimani', landmark: 'Near Yaya Centre' },
    headers: { 'x-cart-token': cart.body.cart.token, 'idempotency-key': `deliveries-${Date.now()}-${skuOffset}` },
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  return placed.body.order;
}

/**
 * There is no payment module yet: the test marks the order paid directly in the database, as the
 * owner role (the M-Pesa flow will do this through OrdersService.transition).
 */
async function markPaid(orderId: string): Promise<void> {
  await withClient(db.ownerUrl, (c) =>
    c.query(`UPDATE orders SET status = 'paid', reserved_until = NULL WHERE id = $1`, [orderId]),
  );
}

async function packedOrder() {
  const order = await placeOrder();
  await markPaid(order.id);
  const packed = await staffPost(order.number, 'status', { to: 'packed' });
  assert.equal(packed.status, 200, JSON.stringify(packed.body));
  return order;
}

const deliveryRows = (orderId: string) =>
  withClient(
    db.ownerUrl,
    async (c) =>
      (await c.query<Row>(`SELECT * FROM deliveries WHERE order_id = $1 ORDER BY created_at`, [orderId])).rows,
  );
const eventRows = (deliveryId: string) =>
  withClient(
    db.ownerUrl,
    async (c) =>
      (
        await c.query<{ status: string; source: string }>(
          `SELECT status, source FROM delivery_events WHERE delivery_id = $1 ORDER BY id`,
          [deliveryId],
        )
      ).rows,
  );
const orderStatus = (orderId: string) =>
  withClient(
    db.ownerUrl,
    async (c) =>
      (await c.query<{ status: string }>(`SELECT status FROM orders WHERE id = $1`, [orderId])).rows[0]!.status,
  );

async function getDelivery(number: number) {
  const res = await apiCall('GET', `/v1/owner/orders/${number}/delivery`, { headers: await auth('owner') });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return orderDeliveriesSchema.parse(res.body);
}

describe('manual dispatch by rider', () => {
  test('refuses unauthenticated calls, unpaid orders and bad phones; staff dispatches a packed order', async () => {
    const order = await placeOrder();
    const rider = { method: 'manual_rider', riderName: 'Otieno', riderPhone: '0722 111 222' };
    assert.equal((await apiCall('POST', `/v1/owner/orders/${order.number}/dispatch`, { body: rider })).status, 401);

    const unpaid = await staffPost(order.number, 'dispatch', rider);
    assert.equal(unpaid.status, 409);
    assert.equal(unpaid.body.error.details.reason, 'not_dispatchable');
    assert.equal(unpaid.body.error.details.status, 'pending_payment');
    assert.equal((await deliveryRows(order.id)).length, 0, 'a refused dispatch writes nothing');

    await markPaid(order.id);
    assert.equal((await staffPost(order.number, 'status', { to: 'packed' })).status, 200);

    for (const riderPhone of ['0812 345 678', '12345', '+255712345678']) {
      const bad = await staffPost(order.number, 'dispatch', { ...rider, riderPhone });
      assert.equal(bad.status, 400, riderPhone);
      assert.equal(bad.body.error.code, 'validation_failed');
      assert.deepEqual(
        bad.body.error.details.issues.map((i) => i.path),
        ['riderPhone'],
      );
    }
    assert.equal(
      (await staffPost(order.number, 'dispatch', { method: 'manual_rider', riderName: '', riderPhone: '0722111222' }))
        .status,
      400,
    );
    assert.equal((await staffPost(order.number, 'dispatch', { method: 'drone' })).status, 400);
    assert.equal(
      (await staffPost(order.number, 'status', { to: 'dispatched' })).body.error.details.reason,
      'use_delivery_endpoint',
      'dispatching without a delivery record is refused',
    );
    assert.equal((await deliveryRows(order.id)).length, 0);

    const dispatched = await staffPost(order.number, 'dispatch', { ...rider, note: 'Blue boda' });
    assert.equal(dispatched.status, 201, JSON.stringify(dispatched.body));
    assert.equal(dispatched.body.order.status, 'dispatched');
    assert.deepEqual(
      dispatched.body.order.timeline.map((e) => e.type),
      ['placed', 'packed', 'dispatched'],
    );
    const delivery = dispatched.body.delivery;
    assert.equal(delivery.method, 'manual_rider');
    assert.equal(delivery.status, 'assigned');
    assert.deepEqual(delivery.rider, { name: 'Otieno', phone: '254722111222' });
    assert.equal(delivery.partner, null);
    assert.deepEqual(
      delivery.events.map((e) => [e.status, e.source]),
      [['assigned', 'staff']],
    );

    const twice = await apiCall('POST', `/v1/owner/orders/${order.number}/dispatch`, {
      body: rider,
      headers: await auth('owner'),
    });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.details.reason, 'already_dispatched');
    assert.equal((await deliveryRows(order.id)).length, 1);
  });

  test('rider progress by hand, then delivered: the delivery and the order finish together', async () => {
    const order = await packedOrder();
    const staff = await auth('staff');
    await apiCall('POST', `/v1/owner/orders/${order.number}/dispatch`, {
      body: { method: 'manual_rider', riderName: 'Achieng', riderPhone: '0110 123 456' },
      headers: staff,
    });
    assert.equal((await apiCall('GET', `/v1/owner/orders/${order.number}/delivery`)).status, 401);
    const picked = await apiCall('POST', `/v1/owner/orders/${order.number}/delivery/status`, {
      body: { status: 'picked_up' },
      headers: staff,
    });
    assert.equal(picked.status, 200, JSON.stringify(picked.body));
    assert.equal(picked.body.delivery.status, 'picked_up');
    const atAgent = await apiCall('POST', `/v1/owner/orders/${order.number}/delivery/status`, {
      body: { status: 'at_agent' },
      headers: staff,
    });
    assert.equal(atAgent.status, 400, 'agent points are for partner parcels');
    const cancel = await apiCall('POST', `/v1/owner/orders/${order.number}/delivery/status`, {
      body: { status: 'cancelled' },
      headers: staff,
    });
    assert.equal(cancel.status, 409, 'a rider who has the parcel cannot be "cancelled"');
    assert.deepEqual(cancel.body.error.details.allowed, ['in_transit', 'delivered', 'failed']);

    const delivered = await apiCall('POST', `/v1/owner/orders/${order.number}/delivered`, {
      body: { note: 'Handed to the guard' },
      headers: staff,
    });
    assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
    assert.equal(delivered.body.order.status, 'delivered');
    assert.equal(delivered.body.delivery.status, 'delivered');
    assert.ok(delivered.body.delivery.deliveredAt);
    assert.deepEqual(
      delivered.body.order.timeline.map((e) => e.type),
      ['placed', 'packed', 'dispatched', 'delivered'],
    );

    const view = await getDelivery(order.number);
    assert.equal(view.delivery!.rider!.phone, '254110123456');
    assert.deepEqual(
      view.delivery!.events.map((e) => e.status),
      ['assigned', 'picked_up', 'delivered'],
    );
    assert.equal(view.delivery!.events.at(-1)!.note, 'Handed to the guard');
    assert.deepEqual(view.previous, []);
    assert.equal(
      (await apiCall('POST', `/v1/owner/orders/${order.number}/delivered`, { headers: staff })).status,
      409,
      'delivered once',
    );
  });

  test('a paid order is packed on the way out; a failed delivery can be dispatched again', async () => {
    const order = await placeOrder();
    await markPaid(order.id);
    const owner = await auth('owner');
    const first = await apiCall('POST', `/v1/owner/orders/${order.number}/dispatch`, {
      body: { method: 'manual_rider', riderName: 'Kamau', riderPhone: '+254 733 000 111' },
      headers: owner,
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(
      first.body.order.timeline.map((e) => e.type),
      ['placed', 'packed', 'dispatched'],
    );
    const failed = await apiCall('POST', `/v1/owner/orders/${order.number}/delivery/status`, {
      body: { status: 'failed', note: 'Shopper unreachable' },
      headers: owner,
    });
    assert.equal(failed.status, 200);
    assert.equal(failed.body.order.status, 'dispatched', 'the order stays out until someone decides');
    const again = await apiCall('POST', `/v1/owner/orders/${order.number}/dispatch`, {
      body: { method: 'manual_rider', riderName: 'Kamau', riderPhone: '0733000111' },
      headers: owner,
    });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    const view = await getDelivery(order.number);
    assert.equal(view.delivery!.status, 'assigned');
    assert.deepEqual(
      view.previous.map((d) => d.status),
      ['failed'],
    );
  });

  test('delivery records are per store, and their trail is append-only for the app', async () => {
    const order = await packedOrder();
    await staffPost(order.number, 'dispatch', { method: 'manual_rider', riderName: 'Njeri', riderPhone: '0722000333' });
    const other = await apiCall('GET', `/v1/owner/orders/${order.number}/delivery`, {
      headers: await auth('owner', OTHER_STORE),
    });
    assert.ok(
      other.status === 404 || other.body.delivery?.rider?.name !== 'Njeri',
      'another store never sees this delivery',
    );
    await withClient(db.appUrl, async (c) => {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      await assert.rejects(
        c.query(`UPDATE delivery_events SET note = 'rewritten'`),
        (e: { code?: string }) => e.code === '42501',
      );
      await c.query('ROLLBACK');
    });
  });
});

describe('partner agent points end to end', () => {
  test('shoppers list agent points by area (cached 5 minutes, platform-wide)', async () => {
    const res = await apiCall('GET', `/v1/stores/${STORE}/delivery/agents?area=kilimani`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const list = pickupAgentListSchema.parse(res.body);
    assert.equal(list.area, 'kilimani');
    assert.ok(list.agents.length >= 1);
    assert.ok(list.agents.every((a) => a.areaSlug === 'kilimani'));
    assert.ok(list.agents[0]!.landmark && list.agents[0]!.openingHours);
    const all = pickupAgentListSchema.parse((await apiCall('GET', `/v1/stores/${OTHER_STORE}/delivery/agents`)).body);
    assert.ok(new Set(all.agents.map((a) => a.areaSlug)).size >= 15);
    const redis = new Redis(REDIS_URL);
    try {
      const ttl = await redis.ttl(`${env.REDIS_KEY_PREFIX}p:delivery-partner:pickup-mtaani:agents:kilimani`);
      assert.ok(ttl > 0 && ttl <= 300, `cached with a 5 minute TTL (ttl ${ttl})`);
    } finally {
      redis.disconnect();
    }
    assert.equal((await apiCall('GET', `/v1/stores/${STORE}/delivery/agents?area=Not%20A%20Slug`)).status, 400);
    assert.equal((await apiCall('GET', '/v1/stores/no-such-store/delivery/agents')).status, 404);
  });

  test('dispatch to an agent, sandbox moves the parcel, webhooks deliver the order; bad secrets and replays change nothing', async () => {
    const order = await packedOrder();
    const staff = await auth('staff');
    const unknownAgent = await apiCall('POST', `/v1/owner/orders/${order.number}/dispatch`, {
      body: { method: 'partner_pickup', agentId: 'PM-NOPE-404' },
      headers: staff,
    });
    assert.equal(unknownAgent.status, 400);
    assert.equal(unknownAgent.body.error.details.field, 'agentId');
    assert.equal(
      (await partnerAdmin('GET', '/parcels')).body.parcels.filter((p) => p.reference.startsWith(order.id)).length,
      0,
      'no parcel booked',
    );

    const dispatched = await apiCall('POST', `/v1/owner/orders/${order.number}/dispatch`, {
      body: { method: 'partner_pickup', agentId: 'PM-KLM-001' },
      headers: staff,
    });
    assert.equal(dispatched.status, 201, JSON.stringify(dispatched.body));
    assert.equal(dispatched.body.order.status, 'dispatched');
    const { delivery } = dispatched.body;
    assert.equal(delivery.method, 'partner_pickup');
    assert.equal(delivery.partner?.name, 'pickup-mtaani');
    assert.deepEqual(delivery.partner?.agent, {
      id: 'PM-KLM-001',
      name: 'Yaya Centre Courier Desk',
      landmark: 'Yaya Centre, ground floor',
    });
    const parcelId: string = delivery.partner.parcelId;

    const booked = (await partnerAdmin('GET', `/parcels/${parcelId}`)).body.parcel;
    assert.equal(booked.reference, `${order.id}-1`);
    assert.equal(booked.callbackUrl, `${apiUrl}/v1/webhooks/delivery-partner/${STORE}`);
    assert.deepEqual(booked.customer, { name: 'Wanjiku', phone: order.phone });
    assert.equal(booked.packageValue, order.totalKes);

    // A forged "collected" with a wrong or missing secret: 401, nothing changes.
    const forged = {
      event: 'parcel.status_changed',
      eventId: 'evt_forged',
      parcelId,
      status: 'collected',
      occurredAt: new Date().toISOString(),
    };
    const webhook = (body: unknown, secret?: string, store = STORE) =>
      apiCall('POST', `/v1/webhooks/delivery-partner/${store}`, {
        body,
        headers: secret === undefined ? {} : { 'x-webhook-secret': secret },
      });
    assert.equal((await webhook(forged, 'not-the-secret-at-all')).status, 401);
    assert.equal((await webhook(forged, `${SECRET}x`)).status, 401);
    assert.equal((await webhook(forged)).status, 401);
    assert.equal(await orderStatus(order.id), 'dispatched');
    assert.deepEqual(
      (await eventRows(delivery.id)).map((e) => e.status),
      ['assigned'],
    );

    // The partner's own webhooks, through the sandbox.
    const atAgent = await partnerAdmin('POST', `/parcels/${parcelId}/advance`, { status: 'at_agent' });
    assert.equal(atAgent.status, 200, JSON.stringify(atAgent.body));
    assert.equal(atAgent.body.webhook.status, 200, JSON.stringify(atAgent.body.webhook));
    let view = await getDelivery(order.number);
    assert.equal(view.delivery!.status, 'at_agent');
    assert.equal(await orderStatus(order.id), 'dispatched');

    const replay = await partnerAdmin('POST', `/parcels/${parcelId}/resend`);
    assert.equal(replay.body.webhook.status, 200, 'a duplicate is acknowledged');
    assert.deepEqual(
      (await eventRows(delivery.id)).map((e) => [e.status, e.source]),
      [
        ['assigned', 'staff'],
        ['at_agent', 'partner_webhook'],
      ],
      'and adds nothing',
    );

    const collected = await partnerAdmin('POST', `/parcels/${parcelId}/advance`, { status: 'collected' });
    assert.equal(collected.body.webhook.status, 200);
    assert.equal(await orderStatus(order.id), 'delivered');
    view = await getDelivery(order.number);
    assert.equal(view.delivery!.status, 'delivered');
    assert.ok(view.delivery!.deliveredAt);
    await partnerAdmin('POST', `/parcels/${parcelId}/resend`);
    assert.deepEqual(
      (await eventRows(delivery.id)).map((e) => e.status),
      ['assigned', 'at_agent', 'delivered'],
    );
    const orderView = await apiCall('GET', `/v1/owner/orders/${order.number}`, { headers: staff });
    assert.deepEqual(
      orderView.body.order.timeline.map((e) => e.type),
      ['placed', 'packed', 'dispatched', 'delivered'],
      'delivered once',
    );

    // A late, out-of-order status is kept in the trail but never moves the delivery back.
    const late = await webhook(
      {
        ...forged,
        eventId: 'evt_late',
        status: 'in_transit',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      },
      SECRET,
    );
    assert.equal(late.status, 200);
    assert.equal(late.body.outcome, 'late');
    assert.equal((await getDelivery(order.number)).delivery!.status, 'delivered');

    // Malformed, unknown parcel, wrong store (the parcel is not that store's).
    assert.equal((await webhook({ hello: 'world' }, SECRET)).status, 400);
    assert.equal((await webhook({ ...forged, parcelId: 'PCL-UNKNOWN' }, SECRET)).status, 404);
    assert.equal((await webhook(forged, SECRET, OTHER_STORE)).status, 404);
    assert.equal((await webhook(forged, SECRET, 'no-such-store')).status, 404);
  });

  test('a lost webhook is picked up by polling the partner', async () => {
    const order = await packedOrder();
    const staff = await auth('staff');
    const dispatched = await apiCall('POST', `/v1/owner/orders/${order.number}/dispatch`, {
      body: { method: 'partner_pickup', agentId: 'PM-WL-001' },
      headers: staff,
    });
    assert.equal(dispatched.status, 201, JSON.stringify(dispatched.body));
    const parcelId = dispatched.body.delivery.partner!.parcelId;
    await partnerAdmin('POST', `/parcels/${parcelId}/advance`, { status: 'dropped_off', webhook: false });
    await partnerAdmin('POST', `/parcels/${parcelId}/advance`, { status: 'at_agent', webhook: false });
    assert.equal((await getDelivery(order.number)).delivery!.status, 'assigned', 'nothing heard yet');
    const refreshed = await apiCall('POST', `/v1/owner/orders/${order.number}/delivery/refresh`, { headers: staff });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const view = orderDeliveriesSchema.parse(refreshed.body);
    assert.equal(view.delivery!.status, 'at_agent');
    assert.deepEqual(
      view.delivery!.events.map((e) => [e.status, e.source]),
      [
        ['assigned', 'staff'],
        ['picked_up', 'partner_poll'],
        ['at_agent', 'partner_poll'],
      ],
    );
    const again = orderDeliveriesSchema.parse(
      (await apiCall('POST', `/v1/owner/orders/${order.number}/delivery/refresh`, { headers: staff })).body,
    );
    assert.equal(again.delivery!.events.length, 3, 'polling twice adds nothing');
    const manual = await apiCall('POST', `/v1/owner/orders/${order.number}/delivery/status`, {
      body: { status: 'in_transit' },
      headers: staff,
    });
    assert.equal(manual.status, 409, 'partner parcels move by the partner');
    assert.equal(manual.body.error.details.reason, 'partner_managed');
  });

  test('cancelling a parcel before drop-off cancels it at the partner too', async () => {
    const order = await packedOrder();
    const owner = await auth('owner');
    const dispatched = await apiCall('POST', `/v1/owner/orders/${order.number}/dispatch`, {
      body: { method: 'partner_pickup', agentId: 'PM-CBD-001' },
      headers: owner,
    });
    const parcelId = dispatched.body.delivery.partner!.parcelId;
    const cancelled = await apiCall('POST', `/v1/owner/orders/${order.number}/delivery/status`, {
      body: { status: 'cancelled', note: 'Shopper wants a rider' },
      headers: owner,
    });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.delivery.status, 'cancelled');
    assert.equal((await partnerAdmin('GET', `/parcels/${parcelId}`)).body.parcel.status, 'cancelled');
    const rider = await apiCall('POST', `/v1/owner/orders/${order.number}/dispatch`, {
      body: { method: 'manual_rider', riderName: 'Mwangi', riderPhone: '0711222333' },
      headers: owner,
    });
    assert.equal(rider.status, 201, 'sent again, by rider this time');
  });

  test('a parcel booked but never recorded (a crash, a timeout) is reused on retry; a cancelled one is not', async () => {
    const bookDirectly = async (orderId: string) => {
      const res = await http(sandboxUrl, 'POST', '/delivery-partner/v1/parcels', {
        headers: { apikey: 'sokoni-local-sandbox' },
        body: {
          reference: `${orderId}-1`,
          receiverAgentId: 'PM-KLM-001',
          senderName: 'Nairobi Gadgets',
          customer: { name: 'Wanjiku', phone: '254712345678' },
          packageValue: 1,
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.data.parcelId;
    };
    const staff = await auth('staff');
    const orphaned = await packedOrder();
    const orphan = await bookDirectly(orphaned.id);
    const retried = await apiCall('POST', `/v1/owner/orders/${orphaned.number}/dispatch`, {
      body: { method: 'partner_pickup', agentId: 'PM-KLM-001' },
      headers: staff,
    });
    assert.equal(retried.status, 201, JSON.stringify(retried.body));
    assert.equal(retried.body.delivery.partner?.parcelId, orphan, 'the same reference books nothing new');

    const abandoned = await packedOrder();
    const cancelledParcel = await bookDirectly(abandoned.id);
    await http(sandboxUrl, 'POST', `/delivery-partner/v1/parcels/${cancelledParcel}/cancel`, {
      headers: { apikey: 'sokoni-local-sandbox' },
      body: {},
    });
    const fresh = await apiCall('POST', `/v1/owner/orders/${abandoned.number}/dispatch`, {
      body: { method: 'partner_pickup', agentId: 'PM-KLM-001' },
      headers: staff,
    });
    assert.equal(fresh.status, 201, JSON.stringify(fresh.body));
    assert.notEqual(fresh.body.delivery.partner!.parcelId, cancelledParcel);
    assert.equal(
      (await partnerAdmin('GET', `/parcels/${fresh.body.delivery.partner!.parcelId}`)).body.parcel.status,
      'created',
    );
  });

  test('with the partner down, dispatch says so clearly and writes nothing', async () => {
    const order = await packedOrder();
    await sandbox.stop();
    // The agent list is still cached, so the failure is the booking itself.
    const res = await staffPost(order.number, 'dispatch', { method: 'partner_pickup', agentId: 'PM-KLM-001' });
    assert.equal(res.status, 503, JSON.stringify(res.body));
    assert.equal(res.body.error.details.reason, 'partner_unavailable');
    assert.match(res.body.error.message, /own rider/);
    assert.equal((await deliveryRows(order.id)).length, 0);
    assert.equal(await orderStatus(order.id), 'packed');
  });
});
