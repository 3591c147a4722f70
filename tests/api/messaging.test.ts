// Messaging end to end, real processes: the API and worker send through the sandbox's WhatsApp
// Cloud API, Africa's Talking and SMTP stand-ins; the sandbox posts signed status and inbound
// webhooks back. Order notifications fire once per event (even with duplicated M-Pesa
// callbacks), SMS takes over when WhatsApp cannot deliver, STOP is honoured, shared cart links
// restore and attribute orders to WhatsApp, and a stalled cart gets one reminder. The owner (or
// staff) answers a shopper from the dashboard, only inside WhatsApp's 24-hour window.
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createQueues } from '../../apps/api/dist/queues/queues.js';
import { useApiStack } from '../helpers/api-fixture.ts';
import { shopFlows } from '../helpers/shop.ts';
import { REDIS_URL } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { TEST_WHATSAPP } from '../helpers/payment-stack.ts';
import { waitFor, waitForJobCompleted, waitForQueueIdle, waitForRows } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const SW_STORE = 'nyumba-living';
const stack = useApiStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });

/**
 * What these tests read of an API answer: each part only where the route gives it (the assertions
 * check which; the type does not).
 */
interface Answer {
  cart: { token: string };
  order: { id: string; number: number; totalKes: number; channel: string };
  message: ConversationItem;
  messages: ConversationItem[];
  conversations: { latestOrderNumber: number; phone: string }[];
  settings: Record<string, unknown>;
  error: { code: string; message: string; details: { reason: string; closedAt: string } };
}
/** A message in an order's conversation. */
interface ConversationItem {
  id: string;
  direction: string;
  channel: string;
  kind: string;
  body: string;
  status: string;
  orderId: string;
  errorCode: string | null;
  template: unknown;
  at: string;
}
/** A WhatsApp or SMS message as the sandbox recorded it (each field only where it applies). */
interface SandboxMessage {
  id: string;
  type: string;
  template: { name: string; language: string } | undefined;
  text: { body: string };
  phoneNumberId: string;
  insideWindow: boolean;
  message: string;
  subject: string;
  statuses: { deliveries: { status: number | null }[] }[];
}
/** The columns these tests read (each query selects some of them). */
interface DbRow {
  id: string;
  number: number;
  sku: string;
  status: string;
  detail: string | null;
  receipt_number: string | null;
  n: number;
  body: string;
  channel: string;
  kind: string;
  error_code: string | null;
  fallback_of: string | null;
  opted_out: boolean;
  actor_type: string;
  actor_id: string | null;
  entity_id: string;
  after: Record<string, unknown>;
  outcome: string | null;
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.102');
const sql = stack.sql<DbRow>;
let seq = 500;
const phone = (suffix = '0000') => `2547${String(++seq).padStart(4, '0')}${suffix}`;
const { tenantOf } = stack;
const admin = async (path: string, body?: unknown) => {
  const res = await fetch(
    `${stack.sandbox.url}/__admin${path}`,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  return (await res.json()) as { messages: SandboxMessage[] };
};
const phoneNumberId = async (store: string) =>
  (
    await sql(`SELECT whatsapp_phone_number_id AS id FROM messaging_settings WHERE tenant_id = $1`, [tenantOf(store)])
  )[0]!.id;
const waTo = async (to: string) => (await admin(`/whatsapp/messages?to=${to}`)).messages;
const smsTo = async (to: string) => (await admin(`/sms/messages?to=%2B${to}`)).messages;

const shop = shopFlows(stack);
const cartWithItem = (store: string, headers: Record<string, string> = {}) => shop.cartWithItem(store, { headers });
const placeOrder = (store: string, shopper: string, token?: string) =>
  shop.placeOrder<Answer['order']>(store, { phone: shopper, name: 'Njeri Wambui', areaSlug: 'kilimani' }, token);

async function payAndSettle(store: string, orderId: string) {
  assert.equal((await shop.startPayment(store, orderId)).status, 201);
  await waitFor(
    'the order to be paid',
    async () => (await sql(`SELECT status FROM orders WHERE id = $1`, [orderId]))[0]!.status === 'paid',
  );
}

const notification = async (orderId: string, kind: string) =>
  (await sql(`SELECT status, detail FROM order_notifications WHERE order_id = $1 AND kind = $2`, [orderId, kind]))[0];

/**
 * Before asserting that a shopper got nothing more: every status webhook the sandbox sent about
 * messages to them has been answered (the API queues an SMS fallback before it answers), and
 * the worker has run everything queued for now.
 */
async function messagingSettled(shopper: string) {
  await waitFor(`the status webhooks to ${shopper} to be answered`, async () =>
    (await waTo(shopper)).every((m) => m.statuses.every((s) => s.deliveries.some((d) => d.status !== null))),
  );
  await waitForQueueIdle(stack.env.REDIS_KEY_PREFIX!, 'notifications');
}

describe('order notifications', () => {
  test('paid: one WhatsApp receipt template (even with a duplicated callback), statuses from signed webhooks, owner emailed', async () => {
    const shopper = phone('9002'); // M-Pesa calls back twice
    const order = await placeOrder(STORE, shopper);
    await payAndSettle(STORE, order.id);
    const [sent] = await waitFor('the WhatsApp receipt', async () => {
      const list = await waTo(shopper);
      return list.length ? list : null;
    });
    assert.equal(sent!.type, 'template');
    assert.equal(sent!.template?.name, 'payment_received');
    const [payment] = await sql(`SELECT receipt_number FROM payments WHERE order_id = $1 AND status = 'paid'`, [
      order.id,
    ]);
    assert.ok(JSON.stringify(sent!.template).includes(String(order.number)));
    if (payment!.receipt_number)
      assert.ok(
        JSON.stringify(sent!.template).includes(payment!.receipt_number),
        'the M-Pesa receipt is in the message',
      );

    await waitFor(
      'read',
      async () =>
        (await sql(`SELECT status FROM messages WHERE provider_message_id = $1`, [sent!.id]))[0]?.status === 'read',
    );
    // 'sent' may overtake our own record of the send (the sandbox posts it 100 ms after the send)
    // and is then retried from the queue: wait for all three events, not just the last status.
    const statusEvents = () =>
      sql(
        `SELECT e.status FROM message_status_events e JOIN messages m ON m.id = e.message_id WHERE m.provider_message_id = $1 ORDER BY e.status`,
        [sent!.id],
      );
    const events = await waitFor('the sent, delivered and read events', async () => {
      const rows = await statusEvents();
      return rows.length >= 3 ? rows : null;
    });
    assert.deepEqual(
      events.map((e) => e.status),
      ['delivered', 'read', 'sent'],
    );
    // Meta redelivers: nothing changes.
    await admin(`/whatsapp/messages/${sent!.id}/resend-statuses`, {});
    assert.equal(
      (
        await sql(
          `SELECT count(*)::int AS n FROM message_status_events e JOIN messages m ON m.id = e.message_id WHERE m.provider_message_id = $1`,
          [sent!.id],
        )
      )[0]!.n,
      3,
    );

    // Both deliveries of the callback processed (each has its outcome row), and the one receipt
    // job done: only now can a second receipt be ruled out.
    await waitForRows<{ outcome: string | null }>(
      'both callbacks processed',
      stack.db.ownerUrl,
      `SELECT c.id, o.outcome FROM payment_callbacks c JOIN payments p ON p.tenant_id = c.tenant_id AND p.checkout_request_id = c.reference
        LEFT JOIN payment_callback_outcomes o ON o.tenant_id = c.tenant_id AND o.callback_id = c.id WHERE p.order_id = $1 AND c.kind = 'stk'`,
      [order.id],
      (rows) => rows.length === 2 && rows.every((r) => r.outcome !== null),
    );
    await waitForJobCompleted(stack.worker, { id: `order_paid-${order.id}` });
    await messagingSettled(shopper);
    assert.equal((await waTo(shopper)).length, 1, 'one receipt for a callback delivered twice');
    assert.equal((await notification(order.id, 'order_paid'))?.status, 'sent');
    const emails = await waitFor('the owner email', async () => {
      const list = (
        (await admin('/email/messages?to=owner@nairobi-gadgets.sokoni.test')).messages as unknown as {
          subject: string;
          text: string;
        }[]
      ).filter((m) => String(m.subject).includes(`#${order.number}`));
      return list.length ? list : null;
    });
    assert.equal(emails.length, 1);
    assert.match(emails[0]!.text, /Njeri Wambui/);
  });

  test('a Swahili store sends its template in Swahili', async () => {
    const shopper = phone();
    const order = await placeOrder(SW_STORE, shopper);
    await payAndSettle(SW_STORE, order.id);
    const [sent] = await waitFor('the WhatsApp receipt', async () => {
      const list = await waTo(shopper);
      return list.length ? list : null;
    });
    assert.equal(sent!.template?.language, 'sw');
    const [row] = await sql(`SELECT body FROM messages WHERE provider_message_id = $1`, [sent!.id]);
    assert.match(row!.body, /imepokea/);
  });

  test('WhatsApp cannot deliver (131026): the same words go by SMS, once', async () => {
    const shopper = phone('8801');
    const order = await placeOrder(STORE, shopper);
    await payAndSettle(STORE, order.id);
    const sms = await waitFor('the SMS fallback', async () => {
      const list = await smsTo(shopper);
      return list.length ? list : null;
    });
    assert.equal(sms.length, 1);
    assert.match(sms[0]!.message, new RegExp(`#${order.number}`));
    // The sandbox has the SMS a moment before our row records it.
    const rows = await waitFor('both message rows', async () => {
      const found = await sql(
        `SELECT channel, status, error_code, fallback_of FROM messages WHERE order_id = $1 AND direction = 'out' AND kind = 'order_paid' ORDER BY created_at`,
        [order.id],
      );
      return found.length >= 2 ? found : null;
    });
    assert.deepEqual(
      rows.map((r) => [r.channel, r.status]),
      [
        ['whatsapp', 'failed'],
        ['sms', 'sent'],
      ],
    );
    assert.equal(rows[0]!.error_code, '131026');
    assert.ok(rows[1]!.fallback_of);
  });

  test("inside the 24-hour window the message is free text; the shopper's words appear in the owner's order view", async () => {
    const shopper = phone();
    const order = await placeOrder(STORE, shopper);
    await admin('/whatsapp/inbound', {
      phoneNumberId: await phoneNumberId(STORE),
      from: shopper,
      text: 'Hi, is the charger original?',
      name: 'Njeri',
    });
    await waitFor(
      'the inbound message',
      async () => (await sql(`SELECT 1 FROM messages WHERE phone = $1 AND direction = 'in'`, [shopper]))[0],
    );
    await payAndSettle(STORE, order.id);
    const [sent] = await waitFor('the WhatsApp receipt', async () => {
      const list = await waTo(shopper);
      return list.length ? list : null;
    });
    assert.equal(sent!.type, 'text');
    assert.equal(sent!.insideWindow, true);
    const owner = await demoLogin(call, STORE, 'owner');
    const view = await call('GET', `/v1/owner/orders/${order.number}/messages`, undefined, owner.accessToken);
    assert.equal(view.status, 200);
    const inbound = view.body.messages.find((m) => m.direction === 'in');
    assert.match(inbound?.body ?? '', /is the charger original/);
    const list = await call('GET', '/v1/owner/conversations', undefined, owner.accessToken);
    assert.ok(list.body.conversations.some((c) => c.phone === shopper && c.latestOrderNumber === order.number));
    const other = await demoLogin(call, SW_STORE, 'owner');
    const leak = await call('GET', '/v1/owner/conversations', undefined, other.accessToken);
    assert.ok(!leak.body.conversations.some((c) => c.phone === shopper), 'another store never sees this conversation');
  });

  test('STOP: the shopper is told, and gets no more order messages on any channel', async () => {
    const shopper = phone();
    await admin('/whatsapp/inbound', { phoneNumberId: await phoneNumberId(STORE), from: shopper, text: 'STOP' });
    const reply = await waitFor('the opt-out confirmation', async () => (await waTo(shopper))[0]);
    assert.match(reply.text.body, /no more messages/);
    assert.equal(
      (await sql(`SELECT opted_out FROM shopper_preferences WHERE phone = $1`, [shopper]))[0]!.opted_out,
      true,
    );
    const order = await placeOrder(STORE, shopper);
    await payAndSettle(STORE, order.id);
    await waitFor(
      'the notification decision',
      async () => (await notification(order.id, 'order_paid'))?.status === 'skipped',
    );
    assert.equal((await waTo(shopper)).length, 1, 'only the confirmation');
    assert.equal((await smsTo(shopper)).length, 0);
  });

  test('a store without WhatsApp sends order messages by SMS', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const before = (await call('GET', '/v1/owner/settings/messaging', undefined, owner.accessToken)).body.settings;
    const saved = await call(
      'PUT',
      '/v1/owner/settings/messaging',
      { ...before, whatsappPhoneNumberId: null },
      owner.accessToken,
    );
    assert.equal(saved.status, 200);
    try {
      const shopper = phone();
      const order = await placeOrder(STORE, shopper);
      await payAndSettle(STORE, order.id);
      const sms = await waitFor('the SMS', async () => {
        const list = await smsTo(shopper);
        return list.length ? list : null;
      });
      assert.match(sms[0]!.message, /M-Pesa receipt/);
      assert.equal((await waTo(shopper)).length, 0);
    } finally {
      await call('PUT', '/v1/owner/settings/messaging', before, owner.accessToken);
    }
    const staff = await demoLogin(call, STORE, 'staff');
    assert.equal((await call('PUT', '/v1/owner/settings/messaging', before, staff.accessToken)).status, 403);
    for (const bad of [
      { ...before, whatsappPhoneNumberId: 'not-digits' },
      { ...before, language: 'fr' },
      { ...before, abandonedCartAfterMinutes: 0 },
    ]) {
      const refused = await call('PUT', '/v1/owner/settings/messaging', bad, owner.accessToken);
      assert.equal(refused.status, 400, JSON.stringify(bad));
      assert.equal(refused.body.error.code, 'validation_failed');
    }
    assert.deepEqual(
      (await call('GET', '/v1/owner/settings/messaging', undefined, owner.accessToken)).body.settings,
      before,
      'nothing written',
    );
  });

  test('dispatch and delivery each notify once', async () => {
    const shopper = phone();
    const order = await placeOrder(STORE, shopper);
    await payAndSettle(STORE, order.id);
    const owner = await demoLogin(call, STORE, 'owner');
    const dispatched = await call(
      'POST',
      `/v1/owner/orders/${order.number}/dispatch`,
      { method: 'manual_rider', riderName: 'Otieno', riderPhone: '0722000111' },
      owner.accessToken,
    );
    assert.equal(dispatched.status, 201, JSON.stringify(dispatched.body));
    const delivered = await call('POST', `/v1/owner/orders/${order.number}/delivered`, {}, owner.accessToken);
    assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
    const names = await waitFor('three messages', async () => {
      const list = await waTo(shopper);
      return list.length >= 3 ? list.map((m) => m.template?.name) : null;
    });
    assert.deepEqual(names.sort(), ['order_delivered', 'order_dispatched', 'payment_received']);
    const [dispatch] = (await waTo(shopper)).filter((m) => m.template?.name === 'order_dispatched');
    assert.ok(JSON.stringify(dispatch!.template).includes('Otieno'));
  });
});

describe('owner replies (POST /v1/owner/orders/:number/messages)', () => {
  const reply = (number: number, body: unknown, token: string) =>
    call('POST', `/v1/owner/orders/${number}/messages`, body, token);
  const conversation = async (number: number, token: string) => {
    const res = await call('GET', `/v1/owner/orders/${number}/messages`, undefined, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as unknown as {
      messages: ConversationItem[];
      window: { open: boolean; closesAt: string | null };
      reply: { allowed: boolean; reason: string | null };
    };
  };
  async function shopperWrote(store: string, shopper: string, text: string) {
    await admin('/whatsapp/inbound', { phoneNumberId: await phoneNumberId(store), from: shopper, text });
    await waitFor(
      'the inbound message',
      async () =>
        (
          await sql(`SELECT 1 FROM messages WHERE phone = $1 AND direction = 'in' AND body LIKE $2`, [
            shopper,
            `%${text}`,
          ])
        )[0],
    );
  }
  const outbound = async (shopper: string) =>
    sql(`SELECT kind, status, channel FROM messages WHERE phone = $1 AND direction = 'out'`, [shopper]);

  test("inside the window: staff reply -> 201, one free-text WhatsApp from the store's number, delivered and read; audited; shown in the conversation", async () => {
    const shopper = phone();
    const order = await placeOrder(STORE, shopper);
    await shopperWrote(STORE, shopper, 'Do you deliver to Kilimani today?');
    const staff = await demoLogin(call, STORE, 'staff');
    const before = await conversation(order.number, staff.accessToken);
    assert.equal(before.window.open, true);
    const closesIn = new Date(before.window.closesAt!).getTime() - Date.now();
    assert.ok(
      closesIn > 23.9 * 3600_000 && closesIn <= 24 * 3600_000,
      `the window closes 24 h after the shopper wrote (${closesIn} ms)`,
    );
    assert.deepEqual(before.reply, { allowed: true, reason: null });

    const res = await reply(order.number, { text: '  Yes, our rider is in Kilimani at 3pm.  ' }, staff.accessToken);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const m = res.body.message;
    assert.deepEqual(
      [m.direction, m.channel, m.kind, m.body, m.status, m.orderId],
      ['out', 'whatsapp', 'owner_reply', 'Yes, our rider is in Kilimani at 3pm.', 'queued', order.id],
    );
    for (const key of ['id', 'errorCode', 'template', 'at'])
      assert.ok(key in m, `the conversation item shape has ${key}`);

    const [sent] = await waitFor('the reply at the sandbox', async () => {
      const list = await waTo(shopper);
      return list.length ? list : null;
    });
    assert.equal(sent!.type, 'text');
    assert.equal(sent!.text.body, 'Yes, our rider is in Kilimani at 3pm.');
    assert.equal(sent!.phoneNumberId, await phoneNumberId(STORE), "from the store's own WhatsApp number");
    assert.equal(sent!.insideWindow, true);
    await waitFor(
      'read',
      async () =>
        (await sql(`SELECT status FROM messages WHERE id = $1 AND provider_message_id = $2`, [m.id, sent!.id]))[0]
          ?.status === 'read',
    );
    const events = await sql(`SELECT status FROM message_status_events WHERE message_id = $1 ORDER BY status`, [m.id]);
    assert.deepEqual(
      events.map((e) => e.status),
      ['delivered', 'read', 'sent'],
    );
    await waitForJobCompleted(stack.worker, { id: `reply-${m.id}` });
    await messagingSettled(shopper);
    assert.equal((await waTo(shopper)).length, 1, 'exactly one message to the shopper');

    const [audit] = await sql(
      `SELECT actor_type, actor_id, entity_id, after FROM audit_log WHERE action = 'message.reply_sent' AND entity_id = $1`,
      [m.id],
    );
    assert.equal(audit!.actor_type, 'user');
    assert.equal(audit!.actor_id, staff.user.id, 'the author is on record');
    assert.equal(audit!.after.orderNumber, order.number);
    const after = await conversation(order.number, staff.accessToken);
    const shown = after.messages.find((x) => x.id === m.id);
    assert.equal(shown!.status, 'read');
    assert.equal(after.messages.at(-1)!.id, m.id, 'the newest last');
  });

  test('outside the window: 409 outside_whatsapp_window with when it closed, and nothing is sent', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const never = phone();
    const order = await placeOrder(STORE, never);
    const view = await conversation(order.number, owner.accessToken);
    assert.deepEqual(
      [view.window, view.reply],
      [
        { open: false, closesAt: null },
        { allowed: false, reason: 'outside_whatsapp_window' },
      ],
    );
    const refused = await reply(order.number, { text: 'Hello?' }, owner.accessToken);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.details.reason, 'outside_whatsapp_window');
    assert.equal(refused.body.error.details.closedAt, null);
    assert.match(refused.body.error.message, /last 24 hours/);

    // A shopper who wrote 25 hours ago (the sandbox's window and our record both aged).
    const stale = phone();
    const old = await placeOrder(STORE, stale);
    const longAgo = new Date(Date.now() - 25 * 3600_000);
    await admin('/whatsapp/inbound', {
      phoneNumberId: await phoneNumberId(STORE),
      from: stale,
      text: 'Is it in stock?',
      receivedAt: longAgo.toISOString(),
    });
    await waitFor(
      'the inbound message',
      async () => (await sql(`SELECT 1 FROM messages WHERE phone = $1 AND direction = 'in'`, [stale]))[0],
    );
    await sql(`UPDATE messages SET created_at = $2 WHERE phone = $1 AND direction = 'in'`, [stale, longAgo]);
    const aged = await conversation(old.number, owner.accessToken);
    assert.equal(aged.window.open, false);
    assert.equal(new Date(aged.window.closesAt!).getTime(), longAgo.getTime() + 24 * 3600_000);
    const late = await reply(old.number, { text: 'Yes it is!' }, owner.accessToken);
    assert.equal(late.status, 409);
    assert.equal(late.body.error.details.reason, 'outside_whatsapp_window');
    assert.equal(new Date(late.body.error.details.closedAt).getTime(), longAgo.getTime() + 24 * 3600_000);
    assert.match(late.body.error.message, /window closed/);
    await messagingSettled(never);
    await messagingSettled(stale);
    assert.equal((await waTo(never)).length + (await waTo(stale)).length, 0, 'nothing went to WhatsApp');
    assert.deepEqual([...(await outbound(never)), ...(await outbound(stale))], [], 'and nothing was stored');
  });

  test('opted out (STOP): 409 opted_out; no WhatsApp number: 409 whatsapp_not_configured', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const stopper = phone();
    const order = await placeOrder(STORE, stopper);
    await admin('/whatsapp/inbound', { phoneNumberId: await phoneNumberId(STORE), from: stopper, text: 'STOP' });
    await waitFor(
      'the opt-out',
      async () => (await sql(`SELECT opted_out FROM shopper_preferences WHERE phone = $1`, [stopper]))[0]?.opted_out,
    );
    await waitFor('the opt-out confirmation', async () => (await waTo(stopper))[0]);
    const view = await conversation(order.number, owner.accessToken);
    assert.equal(view.window.open, true, 'STOP itself opened the window');
    assert.deepEqual(view.reply, { allowed: false, reason: 'opted_out' });
    const refused = await reply(order.number, { text: 'Sorry to see you go' }, owner.accessToken);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.details.reason, 'opted_out');

    const shopper = phone();
    const other = await placeOrder(STORE, shopper);
    await shopperWrote(STORE, shopper, 'Hello there');
    const before = (await call('GET', '/v1/owner/settings/messaging', undefined, owner.accessToken)).body.settings;
    assert.equal(
      (await call('PUT', '/v1/owner/settings/messaging', { ...before, whatsappPhoneNumberId: null }, owner.accessToken))
        .status,
      200,
    );
    try {
      assert.deepEqual((await conversation(other.number, owner.accessToken)).reply, {
        allowed: false,
        reason: 'whatsapp_not_configured',
      });
      const unconfigured = await reply(other.number, { text: 'Hi!' }, owner.accessToken);
      assert.equal(unconfigured.status, 409, JSON.stringify(unconfigured.body));
      assert.equal(unconfigured.body.error.details.reason, 'whatsapp_not_configured');
    } finally {
      await call('PUT', '/v1/owner/settings/messaging', before, owner.accessToken);
    }
    await messagingSettled(stopper);
    await messagingSettled(shopper);
    assert.equal((await waTo(stopper)).length, 1, 'only the STOP confirmation');
    assert.equal((await waTo(shopper)).length, 0);
    assert.deepEqual(
      (await outbound(stopper)).map((r) => r.kind),
      ['reply'],
      'only the STOP confirmation is stored',
    );
    assert.deepEqual(await outbound(shopper), []);
  });

  test("empty or oversized text -> 400; another store's order -> 404; nothing sent", async () => {
    const shopper = phone();
    const order = await placeOrder(STORE, shopper);
    await shopperWrote(STORE, shopper, 'Any news?');
    const owner = await demoLogin(call, STORE, 'owner');
    for (const bad of [{}, { text: '' }, { text: '   \n ' }, { text: 'x'.repeat(1001) }, { text: 42 }]) {
      const res = await reply(order.number, bad, owner.accessToken);
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal(res.body.error.code, 'validation_failed');
    }
    // The other store's owner names this order's number: the number is not theirs (numbers count per store).
    const [free] = await sql(
      `SELECT number FROM orders o WHERE tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM orders x WHERE x.tenant_id = $2 AND x.number = o.number) ORDER BY number DESC LIMIT 1`,
      [tenantOf(STORE), tenantOf(SW_STORE)],
    );
    assert.ok(free, 'an order number only this store has');
    const elsewhere = await demoLogin(call, SW_STORE, 'owner');
    const foreign = await reply(free.number, { text: 'Hi from another store' }, elsewhere.accessToken);
    assert.equal(foreign.status, 404, JSON.stringify(foreign.body));
    assert.equal(
      (await call('GET', `/v1/owner/orders/${free.number}/messages`, undefined, elsewhere.accessToken)).status,
      404,
    );
    await messagingSettled(shopper);
    assert.equal((await waTo(shopper)).length, 0);
    assert.deepEqual(await outbound(shopper), []);
    assert.equal(
      (
        await sql(`SELECT count(*)::int AS n FROM messages WHERE kind = 'owner_reply' AND tenant_id = $1`, [
          tenantOf(SW_STORE),
        ])
      )[0]!.n,
      0,
    );
  });

  test('a reply WhatsApp cannot deliver ends failed and is not turned into an SMS', async () => {
    const shopper = phone('8801'); // the sandbox fails every message to this number with 131026
    const order = await placeOrder(STORE, shopper);
    await shopperWrote(STORE, shopper, 'Hello?');
    const admin_ = await demoLogin(call, STORE, 'admin');
    const res = await reply(order.number, { text: 'Hello! Your order is packed.' }, admin_.accessToken);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await waitFor(
      'the failed status',
      async () =>
        (await sql(`SELECT status FROM messages WHERE id = $1`, [res.body.message.id]))[0]?.status === 'failed',
    );
    assert.equal(
      (await sql(`SELECT error_code FROM messages WHERE id = $1`, [res.body.message.id]))[0]?.error_code,
      '131026',
    );
    await waitForJobCompleted(stack.worker, { id: `reply-${res.body.message.id}` });
    await messagingSettled(shopper);
    assert.equal((await smsTo(shopper)).length, 0, 'no SMS fallback for an owner reply');
    assert.deepEqual(
      (await outbound(shopper)).map((r) => [r.channel, r.status]),
      [['whatsapp', 'failed']],
    );
  });
});

describe('WhatsApp webhook intake', () => {
  test('the subscription handshake, and deliveries without a valid signature are refused', async () => {
    const ok = await fetch(
      `${stack.api.url}/v1/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=${TEST_WHATSAPP.verifyToken}&hub.challenge=4242`,
    );
    assert.deepEqual([ok.status, await ok.text()], [200, '4242']);
    const bad = await fetch(
      `${stack.api.url}/v1/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=4242`,
    );
    assert.equal(bad.status, 403);

    const shopper = phone();
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '254711482930', phone_number_id: await phoneNumberId(STORE) },
                messages: [
                  {
                    from: shopper,
                    id: `wamid.forged-${randomUUID()}`,
                    timestamp: '1732300000',
                    type: 'text',
                    text: { body: 'STOP' },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const post = (signature?: string) =>
      fetch(`${stack.api.url}/v1/hooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
        body,
      });
    assert.equal((await post()).status, 401);
    assert.equal((await post(`sha256=${createHmac('sha256', 'wrong-secret').update(body).digest('hex')}`)).status, 401);
    assert.equal(
      (await sql(`SELECT count(*)::int AS n FROM messages WHERE phone = $1`, [shopper]))[0]!.n,
      0,
      'a forged STOP changes nothing',
    );
    const signed = `sha256=${createHmac('sha256', TEST_WHATSAPP.appSecret).update(body).digest('hex')}`;
    assert.equal((await post(signed)).status, 200);
    assert.equal((await post(signed)).status, 200, 'a redelivery is accepted');
    assert.equal(
      (await sql(`SELECT count(*)::int AS n FROM messages WHERE phone = $1 AND direction = 'in'`, [shopper]))[0]!.n,
      1,
      'and stored once',
    );
  });
});

describe('WhatsApp order continuation', () => {
  test('a shared cart link restores the cart on another device, merges by phone, and the order counts as a WhatsApp order', async () => {
    const first = await cartWithItem(STORE);
    const shared = await fetch(`${stack.api.url}/v1/stores/${STORE}/cart/share`, {
      method: 'POST',
      headers: { 'x-cart-token': first },
    });
    const { shareToken } = (await shared.json()) as { shareToken: string };
    assert.ok(shareToken);
    // Another phone: an empty cart, then the link.
    const restored = await fetch(`${stack.api.url}/v1/stores/${STORE}/cart/restore`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shareToken }),
    });
    const restoredBody = (await restored.json()) as { cart: { token: string; lines: unknown[] } };
    assert.equal(restored.status, 200, JSON.stringify(restoredBody));
    assert.equal(restoredBody.cart.lines.length, 1);
    const second = restoredBody.cart.token;
    const shopper = phone();
    const identified = await fetch(`${stack.api.url}/v1/stores/${STORE}/cart/identify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cart-token': second },
      body: JSON.stringify({ phone: shopper }),
    });
    assert.equal(identified.status, 200);
    const order = await placeOrder(STORE, shopper, second);
    assert.equal(order.channel, 'whatsapp');
    const tampered = await fetch(`${stack.api.url}/v1/stores/${STORE}/cart/restore`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shareToken: `${shareToken}x` }),
    });
    assert.equal(tampered.status, 410);
  });
});

describe('abandoned-cart reminder', () => {
  async function stalledCart(store: string, shopper: string): Promise<string> {
    const token = await cartWithItem(store);
    const res = await fetch(`${stack.api.url}/v1/stores/${store}/cart/identify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cart-token': token },
      body: JSON.stringify({ phone: shopper }),
    });
    assert.equal(res.status, 200);
    // Two hours pass (the cart's own clock; the store waits 60 minutes).
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${stack.env.REDIS_KEY_PREFIX}t:${tenantOf(store)}:cart:*`);
    let cartId = '';
    for (const key of keys) {
      const cart = JSON.parse((await redis.get(key)) ?? '{}') as { phone?: string };
      if (cart.phone === shopper) {
        cartId = key.split(':').pop()!;
        await redis.set(key, JSON.stringify({ ...cart, updatedAt: Date.now() - 2 * 3600_000 }), 'KEEPTTL');
      }
    }
    await redis.quit();
    assert.ok(cartId, 'the cart is in Redis');
    return cartId;
  }
  /** Queues a cart.nudge job as the product would; returns its job id. */
  const nudge = async (store: string, cartId: string): Promise<string> => {
    const keyPrefix: string = stack.env.REDIS_KEY_PREFIX!;
    const queues = createQueues({ url: REDIS_URL }, keyPrefix, 1);
    const jobId = `test-nudge-${randomUUID()}`;
    await queues
      .get('notifications')!
      .add('cart.nudge', { tenantId: tenantOf(store), correlationId: 'test', data: { cartId } }, { jobId });
    await Promise.all([...queues.values()].map((q) => q.close()));
    return jobId;
  };
  const nudged = (jobId: string) => waitForJobCompleted(stack.worker, { id: jobId, name: 'cart.nudge' });

  test('a stalled cart with a phone gets one reminder with a link back to it; never a second; not when the store is not opted in', async () => {
    const store = 'mtindo-fashion'; // opted in by the demo seed
    const shopper = phone();
    const cartId = await stalledCart(store, shopper);
    await nudge(store, cartId);
    const [reminder] = await waitFor('the reminder', async () => {
      const list = await waTo(shopper);
      return list.length ? list : null;
    });
    assert.equal(reminder?.template?.name, 'cart_reminder');
    assert.match(JSON.stringify(reminder?.template), /\/cart\/shared\//);
    await nudged(await nudge(store, cartId));
    await messagingSettled(shopper);
    assert.equal((await waTo(shopper)).length, 1, 'at most once');
    assert.equal((await sql(`SELECT outcome FROM cart_nudges WHERE cart_id = $1`, [cartId]))[0]?.outcome, 'sent');

    const elsewhere = phone();
    const otherCart = await stalledCart(STORE, elsewhere); // nairobi-gadgets is not opted in
    await nudged(await nudge(STORE, otherCart));
    await messagingSettled(elsewhere);
    assert.equal((await waTo(elsewhere)).length, 0);
  });

  test('no reminder once the cart became an order, nor to a shopper who said STOP', async () => {
    const store = 'mtindo-fashion';
    const buyer = phone();
    const token = await cartWithItem(store);
    await fetch(`${stack.api.url}/v1/stores/${store}/cart/identify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cart-token': token },
      body: JSON.stringify({ phone: buyer }),
    });
    await placeOrder(store, buyer, token); // empties the cart
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${stack.env.REDIS_KEY_PREFIX}t:${tenantOf(store)}:cart:*`);
    const ids: string[] = [];
    for (const key of keys)
      if ((JSON.parse((await redis.get(key)) ?? '{}') as { phone?: string }).phone === buyer)
        ids.push(key.split(':').pop()!);
    await redis.quit();
    const buyerJobs: string[] = [];
    for (const id of ids) buyerJobs.push(await nudge(store, id));

    const stopper = phone();
    await admin('/whatsapp/inbound', { phoneNumberId: await phoneNumberId(store), from: stopper, text: 'stop' });
    await waitFor(
      'the opt-out',
      async () => (await sql(`SELECT opted_out FROM shopper_preferences WHERE phone = $1`, [stopper]))[0]?.opted_out,
    );
    const stoppedCart = await stalledCart(store, stopper);
    const stopperJob = await nudge(store, stoppedCart);
    for (const jobId of [...buyerJobs, stopperJob]) await nudged(jobId);
    await messagingSettled(buyer);
    await messagingSettled(stopper);
    assert.equal((await waTo(buyer)).filter((m) => m.template?.name === 'cart_reminder').length, 0);
    assert.equal((await waTo(stopper)).filter((m) => m.template?.name === 'cart_reminder').length, 0);
  });
});
