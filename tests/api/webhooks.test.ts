// Outbound webhooks (docs/webhooks.md) with the real API, worker and sandbox, and a receiver on
// this machine: events come from the real paths (an M-Pesa payment, an owner cancellation, a
// stock movement), signed with HMAC over "<timestamp>.<body>", retried with backoff, logged for
// the owner with resend, turned off after repeated failures with an email to the owners, and never
// sent to a private address.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { shopperApi } from '../helpers/shopper-api.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'saa-bora';
const stack = useApiStack({ sandbox: { whatsapp: false }, env: { WEBHOOK_DELIVERY_INTERVAL_MS: '300' } });
const shopper = shopperApi(stack, STORE);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}
/** A merchant's system: records every POST; answers what `answer` says for its path. */
const received: Received[] = [];
const answers = new Map<string, number>();
const receiver: Server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    });
    const status = answers.get(req.url ?? '') ?? 200;
    res.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/elsewhere' } : {}).end('ok');
  });
});
let receiverUrl = '';
after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  status: string;
  consecutiveFailures: number;
  disabledReason: string | null;
}
interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}
interface Answer {
  endpoint: Endpoint;
  endpoints: Endpoint[];
  secret: string;
  deliveries: Delivery[];
  delivery: Delivery;
  deliveryId: string;
  error: { code: string; message: string; details: { field?: string; issues?: { path: string }[] } };
}
const call = jsonCaller<Answer>(() => stack.api.url, '10.41');
let owner: string;
let staff: string;
let otherOwner: string;

stack.before(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  owner = (await demoLogin(call, STORE, 'owner')).accessToken;
  staff = (await demoLogin(call, STORE, 'staff')).accessToken;
  otherOwner = (await demoLogin(call, 'nairobi-gadgets', 'owner')).accessToken;
});

const BASE = '/v1/owner/settings/webhooks';

async function addEndpoint(path: string, events: string[]) {
  const res = await call('POST', BASE, { url: `${receiverUrl}${path}`, events }, owner);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** The signature check a merchant's system runs (docs/webhooks.md), written here independently. */
function verify(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  return parts.v1 === expected && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}

const at = (path: string) => received.filter((r) => r.path === path);

describe('events arrive signed, once, from the real paths', () => {
  test('order.paid after an M-Pesa payment, order.cancelled after an owner cancel, product.stock_low once when stock crosses 5', async () => {
    const { endpoint, secret } = await addEndpoint('/erp', ['order.paid', 'order.cancelled', 'product.stock_low']);
    assert.match(secret, /^whsec_/);
    // Shown once: neither the list nor the database holds it in the clear.
    const list = await call('GET', BASE, undefined, owner);
    assert.ok(!JSON.stringify(list.body).includes(secret));
    const stored = await stack.sql('SELECT secret_sealed FROM webhook_endpoints WHERE id = $1', [endpoint.id]);
    assert.ok(!String(stored[0]!.secret_sealed).includes(secret.slice(6)));

    const sku = await shopper.stockedSku();
    const paid = await shopper.placeOrder({ lines: [{ sku, quantity: 1 }], phone: '0712345000', name: 'Akinyi' });
    await shopper.pay(paid);
    const paidEvent = await waitFor('order.paid delivered', () =>
      at('/erp').find((r) => r.headers['sokoni-event'] === 'order.paid'),
    );
    assert.ok(verify(secret, String(paidEvent.headers['sokoni-signature']), paidEvent.body), 'the signature verifies');
    assert.ok(!verify('whsec_wrong', String(paidEvent.headers['sokoni-signature']), paidEvent.body));
    const body = JSON.parse(paidEvent.body) as {
      type: string;
      store: string;
      data: { order: { id: string; number: number; totalKes: number } };
    };
    assert.equal(body.type, 'order.paid');
    assert.equal(body.store, STORE);
    assert.equal(body.data.order.id, paid.id);
    assert.equal(body.data.order.totalKes, paid.totalKes);

    const unpaid = await shopper.placeOrder({ lines: [{ sku, quantity: 1 }], phone: '0712345000', name: 'Akinyi' });
    const cancel = await call(
      'POST',
      `/v1/owner/orders/${unpaid.number}/cancel`,
      { reason: 'Shopper asked by phone' },
      owner,
    );
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    await waitFor('order.cancelled delivered', () =>
      at('/erp').find((r) => r.headers['sokoni-event'] === 'order.cancelled' && r.body.includes(unpaid.id)),
    );

    // Stock 8 -> 4 crosses 5 (one event); 4 -> 3 does not send another.
    const [variant] = await stack.sql<{ on_hand: number }>('SELECT on_hand FROM product_variants WHERE sku = $1', [
      sku,
    ]);
    const move = (quantity: number) =>
      call(
        'POST',
        `/v1/owner/catalog/variants/${sku}/inventory`,
        { kind: 'adjustment', quantity, reason: 'count' },
        owner,
      );
    assert.equal((await move(8 - variant!.on_hand)).status, 201);
    assert.equal((await move(-4)).status, 201);
    assert.equal((await move(-1)).status, 201);
    await waitFor('product.stock_low delivered', () =>
      at('/erp').find((r) => r.headers['sokoni-event'] === 'product.stock_low'),
    );
    await waitFor('no delivery owed', async () =>
      (await stack.sql(`SELECT 1 FROM webhook_event_deliveries WHERE status = 'pending'`)).length === 0
        ? true
        : undefined,
    );
    const lows = at('/erp').filter((r) => r.headers['sokoni-event'] === 'product.stock_low');
    assert.equal(lows.length, 1, 'one event for one crossing');
    assert.match(lows[0]!.body, /"onHand":4/);
    // One delivery per event: the log and the receiver agree, no event twice.
    const ids = at('/erp').map((r) => r.headers['sokoni-event-id']);
    assert.equal(new Set(ids).size, ids.length);
    const log = await call('GET', `${BASE}/${endpoint.id}/deliveries`, undefined, owner);
    assert.equal(log.body.deliveries.filter((d) => d.status === 'delivered').length, ids.length);
  });

  test('a receiver that fails is retried with backoff, shown in the log, and resent by the owner', async () => {
    answers.set('/flaky', 500);
    const { endpoint } = await addEndpoint('/flaky', ['order.paid']);
    const ping = await call('POST', `${BASE}/${endpoint.id}/test`, undefined, owner);
    assert.equal(ping.status, 202);
    const failed = await waitFor('first attempt failed', async () => {
      const log = await call('GET', `${BASE}/${endpoint.id}/deliveries`, undefined, owner);
      return log.body.deliveries.find((d) => d.attempts === 1 && d.lastStatusCode === 500);
    });
    assert.equal(failed.status, 'pending');
    assert.match(failed.lastError!, /answered 500/);
    const wait = new Date(failed.nextAttemptAt!).getTime() - Date.now();
    assert.ok(wait > 3_000 && wait <= 11_000, `next try about 10 s later (${wait} ms)`);

    // The owner fixes the receiver and sends it again now (the backoff is not waited out).
    answers.set('/flaky', 204);
    const early = await call('POST', `${BASE}/deliveries/${failed.id}/resend`, undefined, owner);
    assert.equal(early.status, 409, 'a delivery still waiting is not resent twice');
    await stack.sql(`UPDATE webhook_event_deliveries SET status = 'failed' WHERE id = $1`, [failed.id]);
    const resent = await call('POST', `${BASE}/deliveries/${failed.id}/resend`, undefined, owner);
    assert.equal(resent.status, 202, JSON.stringify(resent.body));
    await waitFor('delivered after the resend', async () => {
      const log = await call('GET', `${BASE}/${endpoint.id}/deliveries`, undefined, owner);
      return log.body.deliveries.find((d) => d.id === failed.id && d.status === 'delivered');
    });
    const audit = await stack.sql(`SELECT 1 FROM audit_log WHERE action = 'webhook.resent' AND entity_id = $1`, [
      failed.id,
    ]);
    assert.equal(audit.length, 1);
  });

  test('an endpoint failing 15 times in a row is turned off and the owners get an email; redirects are not followed', async () => {
    answers.set('/down', 302);
    const { endpoint } = await addEndpoint('/down', ['order.paid']);
    for (let i = 0; i < 15; i++)
      assert.equal((await call('POST', `${BASE}/${endpoint.id}/test`, undefined, owner)).status, 202);
    const off = await waitFor('endpoint turned off', async () => {
      const list = await call('GET', BASE, undefined, owner);
      return list.body.endpoints.find((e) => e.id === endpoint.id && e.status === 'disabled');
    });
    assert.match(off.disabledReason!, /15 failed attempts in a row.*redirects are not followed/);
    assert.equal(at('/elsewhere').length, 0);
    const mail = await waitFor('the owners were told', async () => {
      const res = await fetch(`${stack.sandbox.url}/__admin/email/messages`);
      const messages = (await res.json()) as
        { messages?: { subject: string; text?: string }[] } | { subject: string }[];
      const list = Array.isArray(messages) ? messages : (messages.messages ?? []);
      return list.find((m) => /Webhook turned off/.test(m.subject));
    });
    assert.ok(mail);
    // Turned off: a test is refused until the owner turns it back on.
    assert.equal((await call('POST', `${BASE}/${endpoint.id}/test`, undefined, owner)).status, 409);
    const on = await call('PATCH', `${BASE}/${endpoint.id}`, { enabled: true }, owner);
    assert.equal(on.body.endpoint.status, 'active');
    assert.equal(on.body.endpoint.consecutiveFailures, 0);
  });
});

describe('who may, and where to', () => {
  test('private and local addresses are refused with the reason; bad input names the field; nothing is written', async () => {
    const before = await stack.sql('SELECT count(*)::int AS n FROM webhook_endpoints');
    for (const url of [
      'https://10.0.0.5/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://192.168.1.20/hook',
      'https://[::ffff:10.1.2.3]/hook',
      'https://metadata.google.internal/hook',
      'http://erp.example.co.ke/hook',
      'https://user:pass@erp.example.co.ke/hook',
    ]) {
      const res = await call('POST', BASE, { url, events: ['order.paid'] }, owner);
      assert.equal(res.status, 400, url);
      assert.equal(res.body.error.details.field ?? res.body.error.details.issues?.[0]?.path, 'url', url);
    }
    const noEvents = await call('POST', BASE, { url: `${receiverUrl}/x`, events: [] }, owner);
    assert.equal(noEvents.status, 400);
    assert.deepEqual(
      noEvents.body.error.details.issues!.map((i) => i.path),
      ['events'],
    );
    const unknownEvent = await call('POST', BASE, { url: `${receiverUrl}/x`, events: ['order.stolen'] }, owner);
    assert.equal(unknownEvent.status, 400);
    const after = await stack.sql('SELECT count(*)::int AS n FROM webhook_endpoints');
    assert.equal(after[0]!.n, before[0]!.n);
  });

  test("staff cannot see or change webhooks; another store's endpoint is not found", async () => {
    assert.equal((await call('GET', BASE, undefined, staff)).status, 403);
    assert.equal((await call('POST', BASE, { url: `${receiverUrl}/s`, events: ['order.paid'] }, staff)).status, 403);
    const { endpoint } = await addEndpoint('/mine', ['order.paid']);
    assert.equal((await call('GET', `${BASE}/${endpoint.id}/deliveries`, undefined, otherOwner)).status, 404);
    assert.equal((await call('DELETE', `${BASE}/${endpoint.id}`, undefined, otherOwner)).status, 404);
    assert.equal((await call('DELETE', `${BASE}/${endpoint.id}`, undefined, owner)).status, 200);
    const audit = await stack.sql(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [endpoint.id]);
    assert.deepEqual(
      audit.map((a) => a.action),
      ['webhook.created', 'webhook.removed'],
    );
  });
});
