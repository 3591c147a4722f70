// The owner's WhatsApp inbox and the reconciliation page's API, real processes: the API and
// worker send through the sandbox's WhatsApp Cloud API, which also posts the shoppers' signed
// inbound messages. Conversations are unread per dashboard user until opened, unread first;
// free text goes only inside the 24-hour window (the API refuses it outside, not just the page),
// and outside it only the templates that fit the shopper's latest order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { shopFlows } from '../helpers/shop.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const OTHER = 'nyumba-living';
const stack = useApiStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });

interface Summary {
  phone: string;
  unread: boolean;
  unreadCount: number;
  latestOrderNumber: number | null;
  lastMessage: string;
}
interface Message {
  direction: string;
  kind: string;
  body: string;
  status: string;
  orderId: string | null;
  template: string | null;
}
interface Answer {
  conversations: Summary[];
  phone: string;
  messages: Message[];
  window: { open: boolean; closesAt: string | null };
  reply: { allowed: boolean; reason: string | null };
  order: { number: number; status: string; totalKes: number } | null;
  templates: { kind: string; template: string; label: string; preview: string }[];
  message: Message;
  readAt: string;
  days: { day: string; expectedKes: number | null; receivedKes: number; mismatches: number }[];
  report: {
    totals: { expectedKes: number; receivedKes: number };
    mismatches: { kind: string; orderNumber?: number | null }[];
  };
  etims: { etimsEnabled: boolean; orders: unknown[] };
  error: { code: string; message: string; details: { reason?: string; issues?: { path: string }[] } };
}
interface Row {
  id: string;
  day: string;
  number: number;
  payment_id: string;
  order_id: string;
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.103');
const sql = stack.sql<Row>;
const shop = shopFlows(stack);
let seq = 700;
const phone = () => `2547${String(++seq).padStart(4, '0')}1234`;
const admin = async (path: string, body?: unknown) => {
  const res = await fetch(`${stack.sandbox.url}/__admin${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { messages: { type: string; template?: { name: string } }[] };
};
const phoneNumberId = async (store: string) =>
  (
    await stack.sql<{ id: string }>(
      `SELECT whatsapp_phone_number_id AS id FROM messaging_settings WHERE tenant_id = $1`,
      [stack.tenantOf(store)],
    )
  )[0]!.id;

async function shopperWrote(store: string, shopper: string, text: string) {
  await admin('/whatsapp/inbound', { phoneNumberId: await phoneNumberId(store), from: shopper, text });
  await waitFor(
    'the inbound message',
    async () =>
      (
        await sql(`SELECT 1 FROM messages WHERE phone = $1 AND direction = 'in' AND body LIKE '%' || $2`, [
          shopper,
          text,
        ])
      )[0],
  );
}
const placeOrder = (store: string, shopper: string) =>
  shop.placeOrder<{ id: string; number: number }>(store, {
    phone: shopper,
    name: 'Achieng Otieno',
    areaSlug: 'kilimani',
  });
const list = async (token: string) => {
  const res = await call('GET', '/v1/owner/conversations', undefined, token);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.conversations;
};

describe('owner inbox (GET/POST /v1/owner/conversations...)', () => {
  test('unread first, per user; opening marks read; a new message makes it unread again', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const staff = await demoLogin(call, STORE, 'staff');
    const older = phone();
    const newer = phone();
    const order = await placeOrder(STORE, older);
    await shopperWrote(STORE, older, 'Is the charger original?');
    await shopperWrote(STORE, newer, 'Habari, mko wazi leo?');

    const first = await list(owner.accessToken);
    const a = first.findIndex((c) => c.phone === older);
    const b = first.findIndex((c) => c.phone === newer);
    assert.ok(a >= 0 && b >= 0 && b < a, 'both unread: newest first');
    assert.equal(first[a]!.unread, true);
    assert.equal(first[a]!.unreadCount, 1);
    assert.equal(first[a]!.latestOrderNumber, order.number);
    assert.equal(first[b]!.latestOrderNumber, null);

    const read = await call('POST', `/v1/owner/conversations/${newer}/read`, undefined, owner.accessToken);
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.ok(read.body.readAt);
    const after = await list(owner.accessToken);
    const a2 = after.findIndex((c) => c.phone === older);
    const b2 = after.findIndex((c) => c.phone === newer);
    assert.ok(a2 < b2, 'the unread (older) conversation now comes before the read (newer) one');
    assert.equal(after[b2]!.unread, false);
    assert.equal(after[b2]!.unreadCount, 0);
    assert.ok(
      after.slice(0, a2 + 1).every((c) => c.unread),
      'every unread conversation is listed before any read one',
    );

    const staffView = await list(staff.accessToken);
    assert.equal(
      staffView.find((c) => c.phone === newer)!.unread,
      true,
      'read state is per user: staff have not read it',
    );

    await shopperWrote(STORE, newer, 'Hello? Still there?');
    const again = (await list(owner.accessToken)).find((c) => c.phone === newer)!;
    assert.deepEqual(
      [again.unread, again.unreadCount, again.lastMessage.endsWith('Hello? Still there?')],
      [true, 1, true],
    );

    // Another store sees none of it, and cannot open or mark it.
    const other = await demoLogin(call, OTHER, 'owner');
    assert.ok(!(await list(other.accessToken)).some((c) => c.phone === older || c.phone === newer));
    assert.equal((await call('GET', `/v1/owner/conversations/${older}`, undefined, other.accessToken)).status, 404);
    assert.equal(
      (await call('POST', `/v1/owner/conversations/${older}/read`, undefined, other.accessToken)).status,
      404,
    );
    const sent = await call('POST', `/v1/owner/conversations/${older}/messages`, { text: 'hi' }, other.accessToken);
    assert.equal(sent.status, 404);
  });

  test('inside the window: free text from staff goes out, filed under the latest order; outside: 409 and templates only', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const staff = await demoLogin(call, STORE, 'staff');
    const shopper = phone();
    const order = await placeOrder(STORE, shopper);
    await shopperWrote(STORE, shopper, 'Do you deliver to Kilimani?');
    const thread = await call('GET', `/v1/owner/conversations/${shopper}`, undefined, staff.accessToken);
    assert.equal(thread.status, 200, JSON.stringify(thread.body));
    assert.equal(thread.body.window.open, true);
    assert.deepEqual(thread.body.reply, { allowed: true, reason: null });
    assert.deepEqual(thread.body.order, {
      number: order.number,
      status: 'pending_payment',
      totalKes: thread.body.order!.totalKes,
    });
    assert.match(thread.body.messages.at(-1)!.body, /Do you deliver to Kilimani\?$/);
    const sent = await call(
      'POST',
      `/v1/owner/conversations/${shopper}/messages`,
      { text: 'Yes, today by 5pm.' },
      staff.accessToken,
    );
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.deepEqual(
      [sent.body.message.kind, sent.body.message.body, sent.body.message.orderId],
      ['owner_reply', 'Yes, today by 5pm.', order.id],
    );
    await waitFor('the reply to reach WhatsApp', async () =>
      (await admin(`/whatsapp/messages?to=${shopper}`)).messages.find((m) => m.type === 'text'),
    );

    // 25 hours later (the record aged): free text refused by the API, templates offered instead.
    await sql(`UPDATE messages SET created_at = now() - interval '25 hours' WHERE phone = $1 AND direction = 'in'`, [
      shopper,
    ]);
    const closed = await call('GET', `/v1/owner/conversations/${shopper}`, undefined, owner.accessToken);
    assert.equal(closed.body.window.open, false);
    assert.deepEqual(closed.body.reply, { allowed: false, reason: 'outside_whatsapp_window' });
    assert.deepEqual(
      closed.body.templates.map((t) => t.kind),
      ['order_placed'],
      'an unpaid order: only its details and how to pay',
    );
    assert.match(closed.body.templates[0]!.preview, new RegExp(`#${order.number}`));
    const late = await call(
      'POST',
      `/v1/owner/conversations/${shopper}/messages`,
      { text: 'Still there?' },
      owner.accessToken,
    );
    assert.equal(late.status, 409, JSON.stringify(late.body));
    assert.equal(late.body.error.details.reason, 'outside_whatsapp_window');
    const wrong = await call(
      'POST',
      `/v1/owner/conversations/${shopper}/messages`,
      { template: 'order_paid' },
      owner.accessToken,
    );
    assert.equal(wrong.status, 409);
    assert.equal(wrong.body.error.details.reason, 'template_not_offered');
    const template = await call(
      'POST',
      `/v1/owner/conversations/${shopper}/messages`,
      { template: 'order_placed' },
      staff.accessToken,
    );
    assert.equal(template.status, 201, JSON.stringify(template.body));
    assert.equal(template.body.message.template, 'order_confirmed');
    const atMeta = await waitFor('the template to reach WhatsApp', async () =>
      (await admin(`/whatsapp/messages?to=${shopper}`)).messages.find((m) => m.type === 'template'),
    );
    assert.equal(atMeta.template!.name, 'order_confirmed');
    const audit = await sql(`SELECT 1 FROM audit_log WHERE action = 'message.template_sent' AND after->>'to' = $1`, [
      shopper,
    ]);
    assert.equal(audit.length, 1);

    // A shopper with no order: nothing to send outside the window.
    const stranger = phone();
    await shopperWrote(STORE, stranger, 'Hi');
    await sql(`UPDATE messages SET created_at = now() - interval '25 hours' WHERE phone = $1`, [stranger]);
    const none = await call('GET', `/v1/owner/conversations/${stranger}`, undefined, owner.accessToken);
    assert.deepEqual([none.body.order, none.body.templates], [null, []]);
  });

  test('bad input: 400 naming the field, 404 for an unknown number, 401 without a token', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const bad = await call('GET', '/v1/owner/conversations/0712', undefined, owner.accessToken);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation_failed');
    assert.ok(
      bad.body.error.details.issues!.some((i) => i.path === 'phone'),
      JSON.stringify(bad.body),
    );
    const shopper = phone();
    await shopperWrote(STORE, shopper, 'Habari');
    for (const body of [
      {},
      { text: '' },
      { text: 'a', template: 'order_placed' },
      { template: 'Bad Name!' },
      { text: 'x'.repeat(1001) },
    ]) {
      const res = await call('POST', `/v1/owner/conversations/${shopper}/messages`, body, owner.accessToken);
      assert.equal(res.status, 400, `${JSON.stringify(body)} -> ${res.status}`);
      assert.equal(res.body.error.code, 'validation_failed');
    }
    assert.equal((await call('GET', `/v1/owner/conversations/254799999999`, undefined, owner.accessToken)).status, 404);
    assert.equal((await call('GET', '/v1/owner/conversations')).status, 401);
    const outbound = await sql(`SELECT 1 FROM messages WHERE phone = $1 AND direction = 'out'`, [shopper]);
    assert.equal(outbound.length, 0, 'nothing was written by the refused requests');
  });
});

describe('reconciliation page API', () => {
  test('recent days with expected vs received, a failed refund to act on, bad days refused', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const shopper = phone();
    const order = await placeOrder(STORE, shopper);
    assert.equal((await shop.startPayment(STORE, order.id)).status, 201);
    await waitFor(
      'the order to be paid',
      async () => (await sql(`SELECT 1 FROM orders WHERE id = $1 AND status = 'paid'`, [order.id]))[0],
    );
    const [payment] = await sql(`SELECT id AS payment_id FROM payments WHERE order_id = $1 AND status = 'paid'`, [
      order.id,
    ]);
    // A refund M-Pesa refused (written as the refund flow would leave it).
    await sql(
      `INSERT INTO refunds (tenant_id, order_id, payment_id, amount_kes, method, status, reason, requested_by, originator_conversation_id, result_desc, resolved_at)
       VALUES ($1, $2, $3, 100, 'reversal', 'failed', 'fixture', 'owner', $4, 'Insufficient balance', now())`,
      [stack.tenantOf(STORE), order.id, payment!.payment_id, `fixture-${order.id}`],
    );
    const [{ day }] = (await sql(`SELECT ((now() AT TIME ZONE 'Africa/Nairobi')::date)::text AS day`)) as [Row];
    const run = await call('POST', `/v1/owner/payments/reconciliation?day=${day}`, undefined, owner.accessToken);
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.ok(run.body.report.totals.expectedKes >= 1);
    assert.ok(
      run.body.report.mismatches.some((m) => m.kind === 'refund_failed' && m.orderNumber === order.number),
      JSON.stringify(run.body.report.mismatches),
    );
    const days = await call('GET', '/v1/owner/payments/reconciliation?limit=5', undefined, owner.accessToken);
    assert.equal(days.status, 200, JSON.stringify(days.body));
    assert.equal(days.body.days[0]!.day, day);
    assert.equal(days.body.days[0]!.expectedKes, run.body.report.totals.expectedKes);
    const other = await demoLogin(call, OTHER, 'owner');
    const theirs = await call('GET', '/v1/owner/payments/reconciliation', undefined, other.accessToken);
    assert.deepEqual(theirs.body.days, [], 'another store has its own reports, none of these');
    for (const path of ['/v1/owner/payments/reconciliation/2026-02-30', '/v1/owner/payments/reconciliation?limit=0']) {
      const res = await call('GET', path, undefined, owner.accessToken);
      assert.equal(res.status, 400, path);
      assert.equal(res.body.error.code, 'validation_failed');
    }
    const staff = await demoLogin(call, STORE, 'staff');
    assert.equal((await call('GET', '/v1/owner/payments/reconciliation', undefined, staff.accessToken)).status, 403);
  });
});
