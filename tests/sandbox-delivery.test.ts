// The sandbox delivery partner (apps/sandbox/src/delivery-partner/CONTRACT.md): agent points by
// area, parcels booked idempotently per account, forward-only status moves driven by the admin
// routes, each POSTed as a webhook with the shared secret, and the trail readable by polling.
import assert from 'node:assert/strict';
import { type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startReceiver, startSandboxApp, type SandboxApp } from './helpers/sandbox-app.ts';

const SECRET = 'sandbox-test-webhook-secret-0001';
const KEY = { apikey: 'sokoni-test-key' };

let sandbox: SandboxApp;
let baseUrl: string;
let receiver: Server;
let receiverUrl: string;
let receiverStatus = 200;
/** The partner API's envelope: `{ success, data }`, or `{ success: false, code, message, errors? }`. */
interface PartnerAnswer<D = unknown> {
  success: boolean;
  data: D;
  code?: string;
  message?: string;
  errors?: { field: string }[];
}
/** An agent point as these tests read it. */
interface Agent {
  id: string;
  area: string;
  phone: string;
  [field: string]: unknown;
}
/** A parcel as the partner shows it to its client. */
interface ParcelView {
  parcelId: string;
  reference: string;
  status: string;
  trail: { status: string }[];
  callbackUrl?: unknown;
}
/** The admin's answer to a move or a resend: what the webhook got. */
interface AdminMove {
  webhook: { url: string; status: number; error: string | null } | null;
  error?: { code: string };
}
/** A status webhook as the receiver got it. */
interface Hook {
  event: string;
  parcelId: string;
  reference: string;
  status: string;
  agentId: string;
  eventId: string;
  occurredAt: string;
}

const received: { headers: IncomingHttpHeaders; body: Hook }[] = [];

/** A call with the JSON answer as the shape T the caller names (not checked; the assertions are). */
async function call<T = PartnerAnswer>(
  method: string,
  path: string,
  { body, headers = KEY }: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const parcelBody = (overrides: Record<string, unknown> = {}) => ({
  reference: `ref-${Math.random().toString(36).slice(2)}`,
  receiverAgentId: 'PM-KLM-001',
  senderName: 'Nairobi Gadgets',
  customer: { name: 'Wanjiku', phone: '254712345678' },
  packageValue: 23_450,
  description: 'Order #1004',
  callbackUrl: receiverUrl,
  ...overrides,
});

before(async () => {
  ({ sandbox, baseUrl } = await startSandboxApp({ deliveryPartnerWebhookSecret: SECRET }));
  const hookReceiver = await startReceiver((req, text, res) => {
    received.push({ headers: req.headers, body: JSON.parse(text) as Hook });
    res.writeHead(receiverStatus, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  receiver = hookReceiver.server;
  receiverUrl = `${hookReceiver.url}/hook/nairobi-gadgets`;
});

after(async () => {
  await sandbox?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

beforeEach(async () => {
  received.length = 0;
  receiverStatus = 200;
  assert.equal((await call('POST', '/__admin/reset', { headers: {} })).status, 200);
});

describe('delivery partner sandbox: agent points', () => {
  test("need the apiKey header and answer in the partner's own shape", async () => {
    const noKey = await call('GET', '/delivery-partner/v1/agents', { headers: {} });
    assert.equal(noKey.status, 401);
    assert.deepEqual(noKey.body, { success: false, code: 'UNAUTHORIZED', message: 'Missing or invalid apiKey header' });
    const unknownRoute = await call('GET', '/delivery-partner/v1/nothing-here');
    assert.equal(unknownRoute.status, 404);
    assert.equal(unknownRoute.body.success, false);
    assert.equal(unknownRoute.body.code, 'NOT_FOUND');
  });

  test('list covers at least 15 Nairobi areas, filter by area slug, one by id', async () => {
    const all = await call<PartnerAnswer<Agent[]>>('GET', '/delivery-partner/v1/agents');
    assert.equal(all.status, 200);
    assert.equal(all.body.success, true);
    const areas = new Set(all.body.data.map((a) => a.area));
    assert.ok(areas.size >= 15, `agents in ${areas.size} areas`);
    for (const agent of all.body.data) {
      for (const field of ['id', 'name', 'area', 'areaName', 'landmark', 'openingHours'])
        assert.equal(typeof agent[field], 'string', `${agent.id}.${field}`);
      assert.match(agent.phone, /^254[17]\d{8}$/);
    }
    const westlands = await call<PartnerAnswer<Agent[]>>('GET', '/delivery-partner/v1/agents?area=westlands');
    assert.ok(westlands.body.data.length >= 1);
    assert.ok(westlands.body.data.every((a) => a.area === 'westlands'));
    assert.deepEqual((await call('GET', '/delivery-partner/v1/agents?area=atlantis')).body.data, []);
    assert.equal((await call('GET', '/delivery-partner/v1/agents?area=Not%20A%20Slug')).status, 400);
    const one = await call<PartnerAnswer<Agent>>('GET', '/delivery-partner/v1/agents/PM-KLM-001');
    assert.equal(one.body.data.area, 'kilimani');
    const missing = await call('GET', '/delivery-partner/v1/agents/PM-NOPE');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'AGENT_NOT_FOUND');
  });
});

describe('delivery partner sandbox: parcels', () => {
  test('booking validates, is idempotent by reference per account, and is private to the account', async () => {
    const invalid = await call('POST', '/delivery-partner/v1/parcels', {
      body: parcelBody({ customer: { name: 'W', phone: '0712345678' }, packageValue: 10.5 }),
    });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.code, 'VALIDATION_ERROR');
    assert.deepEqual(invalid.body.errors?.map((e) => e.field).sort(), ['customer.phone', 'packageValue']);
    const noAgent = await call('POST', '/delivery-partner/v1/parcels', {
      body: parcelBody({ receiverAgentId: 'PM-NOPE' }),
    });
    assert.equal(noAgent.status, 422);
    assert.equal(noAgent.body.code, 'AGENT_NOT_FOUND');

    const body = parcelBody();
    const first = await call<PartnerAnswer<ParcelView>>('POST', '/delivery-partner/v1/parcels', { body });
    assert.equal(first.status, 201);
    assert.match(first.body.data.parcelId, /^PCL-[0-9A-F]{10}$/);
    assert.equal(first.body.data.status, 'created');
    assert.deepEqual(
      first.body.data.trail.map((t) => t.status),
      ['created'],
    );
    assert.equal(first.body.data.callbackUrl, undefined, 'the callback URL is not echoed to clients');
    const again = await call<PartnerAnswer<ParcelView>>('POST', '/delivery-partner/v1/parcels', { body });
    assert.equal(again.status, 200);
    assert.equal(again.body.data.parcelId, first.body.data.parcelId);
    const otherAccount = await call<PartnerAnswer<ParcelView>>('POST', '/delivery-partner/v1/parcels', {
      body,
      headers: { apikey: 'another-business' },
    });
    assert.equal(otherAccount.status, 201);
    assert.notEqual(otherAccount.body.data.parcelId, first.body.data.parcelId);
    assert.equal(
      (
        await call('GET', `/delivery-partner/v1/parcels/${first.body.data.parcelId}`, {
          headers: { apikey: 'another-business' },
        })
      ).status,
      404,
    );
    assert.equal((await call('GET', `/delivery-partner/v1/parcels/${first.body.data.parcelId}`)).status, 200);
  });

  test('admin moves go forward only; each is POSTed to the callback URL with the secret; polling shows the trail', async () => {
    const {
      body: { data: parcel },
    } = await call<PartnerAnswer<ParcelView>>('POST', '/delivery-partner/v1/parcels', { body: parcelBody() });
    const advance = (status: string, extra: Record<string, unknown> = {}) =>
      call<AdminMove>('POST', `/__admin/delivery-partner/parcels/${parcel.parcelId}/advance`, {
        body: { status, ...extra },
        headers: {},
      });

    const dropped = await advance('dropped_off');
    assert.equal(dropped.status, 200);
    assert.deepEqual(dropped.body.webhook, { url: receiverUrl, status: 200, error: null });
    assert.equal(received.length, 1);
    assert.equal(received[0]!.headers['x-webhook-secret'], SECRET);
    assert.match(String(received[0]!.headers['content-type']), /application\/json/);
    const hook = received[0]!.body;
    assert.equal(hook.event, 'parcel.status_changed');
    assert.equal(hook.parcelId, parcel.parcelId);
    assert.equal(hook.reference, parcel.reference);
    assert.equal(hook.status, 'dropped_off');
    assert.equal(hook.agentId, 'PM-KLM-001');
    assert.match(hook.eventId, /^evt_/);
    assert.ok(!Number.isNaN(Date.parse(hook.occurredAt)));

    const backwards = await advance('created');
    assert.equal(backwards.status, 409);
    assert.equal(backwards.body.error?.code, 'conflict');
    assert.equal((await advance('teleported')).status, 400);

    const lost = await advance('at_agent', { webhook: false });
    assert.equal(lost.status, 200, 'skipping in_transit is allowed');
    assert.equal(lost.body.webhook, null);
    assert.equal(received.length, 1, 'a lost webhook is not sent');

    receiverStatus = 500;
    const collected = await advance('collected');
    assert.equal(collected.body.webhook?.status, 500, "the receiver's answer is reported");
    assert.equal((await advance('returned')).status, 409, 'collected is final');

    receiverStatus = 200;
    const resend = await call<AdminMove>('POST', `/__admin/delivery-partner/parcels/${parcel.parcelId}/resend`, {
      headers: {},
    });
    assert.equal(resend.body.webhook?.status, 200);
    assert.equal(received.at(-1)!.body.eventId, received.at(-2)!.body.eventId, 'a resend is the same event again');
    assert.equal(received.at(-1)!.body.status, 'collected');

    const polled = await call<PartnerAnswer<ParcelView>>('GET', `/delivery-partner/v1/parcels/${parcel.parcelId}`);
    assert.equal(polled.body.data.status, 'collected');
    assert.deepEqual(
      polled.body.data.trail.map((t) => t.status),
      ['created', 'dropped_off', 'at_agent', 'collected'],
    );
    assert.equal((await call('GET', '/__admin/delivery-partner/parcels/PCL-NOPE', { headers: {} })).status, 404);
  });

  test('cancel works until drop-off; reset forgets every parcel', async () => {
    const {
      body: { data: early },
    } = await call<PartnerAnswer<ParcelView>>('POST', '/delivery-partner/v1/parcels', { body: parcelBody() });
    const cancelled = await call<PartnerAnswer<ParcelView>>(
      'POST',
      `/delivery-partner/v1/parcels/${early.parcelId}/cancel`,
      { body: {} },
    );
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.data.status, 'cancelled');
    assert.equal(
      (await call('POST', `/delivery-partner/v1/parcels/${early.parcelId}/cancel`, { body: {} })).status,
      200,
      'cancel is idempotent',
    );

    const {
      body: { data: late },
    } = await call<PartnerAnswer<ParcelView>>('POST', '/delivery-partner/v1/parcels', { body: parcelBody() });
    await call('POST', `/__admin/delivery-partner/parcels/${late.parcelId}/advance`, {
      body: { status: 'dropped_off' },
      headers: {},
    });
    const refused = await call('POST', `/delivery-partner/v1/parcels/${late.parcelId}/cancel`, { body: {} });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'NOT_CANCELLABLE');

    assert.equal(
      (await call<{ parcels: unknown[] }>('GET', '/__admin/delivery-partner/parcels', { headers: {} })).body.parcels
        .length,
      2,
    );
    await call('POST', '/__admin/reset', { headers: {} });
    assert.equal(
      (await call<{ parcels: unknown[] }>('GET', '/__admin/delivery-partner/parcels', { headers: {} })).body.parcels
        .length,
      0,
    );
    assert.equal((await call('GET', `/delivery-partner/v1/parcels/${late.parcelId}`)).status, 404);
  });
});
