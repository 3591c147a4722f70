// Pay on delivery over real HTTP against the API, the worker and the provider sandbox (Daraja):
// the owner's rules (staff may not change them), the checkout preview's offer, 4xx in words when
// the rules refuse (over the limit, area not covered, first-time shopper) with nothing written,
// and at the door: "Collect with M-Pesa" pays the order through the normal STK path (callback,
// receipt), "Cash received" is audited (who, when, amount), "Refused" returns the stock, ends the
// delivery as failed, shows "Refused at the door" on the order's tracking and tells the shopper
// once; cash to collect per rider; another store's owner gets 404. The "order placed" message the
// sandbox gets for a pay-on-delivery order names the amount to have ready at the door and no
// paybill, in English and (Nyumba Living) Swahili.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { formatKes } from '@sokoni/contracts';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const OTHER = 'mtindo-fashion';
// The "order placed" message goes out at once, so its words can be read back from the sandbox.
const stack = useApiStack({
  sandbox: { deliveryPartnerSecret: 'pay-on-delivery-test-webhook-secret' },
  env: { ORDER_PLACED_MESSAGE_AFTER_MS: '0' },
});

interface Answer {
  cart: { token: string };
  order: {
    id: string;
    number: number;
    totalKes: number;
    status: string;
    paymentMethod?: string;
    collected?: { via: string; at: string } | null;
    reservedUntil: string | null;
    timeline?: { type: string }[];
  };
  payment: { id: string; status: string };
  settings: { enabled: boolean; maxOrderKes: number; areaSlugs: string[]; firstTimeAllowed: boolean };
  deliveryAreas: { slug: string; name: string }[];
  riders: { riderName: string; riderPhone: string; orders: number; amountKes: number; orderNumbers: number[] }[];
  totalKes: number;
  payOnDelivery?: { offered: boolean; reason: string | null; code: string | null };
  tracking?: {
    steps: { key: string; label: string; reason?: string | null }[];
    delivery: { status: string; events: { label: string }[] } | null;
  };
  templates?: { kind: string; template: string; label: string; preview: string }[];
  error: { code: string; message: string; details: Record<string, unknown> };
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.103');
const sql = stack.sql<Record<string, unknown>>;
let seq = 0;
/** A fresh shopper phone; the Daraja sandbox pays numbers ending in 000. */
const newPhone = () =>
  `2547${String(10 + (++seq % 80)).padStart(2, '0')}${String(Date.now() % 1000).padStart(3, '0')}000`;

let owner: string;
let staff: string;
let otherOwner: string;
let item: { sku: string; id: string };
stack.before(async () => {
  owner = (await demoLogin(call, STORE, 'owner')).accessToken;
  staff = (await demoLogin(call, STORE, 'staff')).accessToken;
  otherOwner = (await demoLogin(call, OTHER, 'owner')).accessToken;
  item = first(
    (await sql(
      `SELECT v.sku, v.id FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
        WHERE v.tenant_id = $1 AND v.on_hand >= 40 AND v.status = 'active' AND p.status = 'active'
        ORDER BY v.price_kes, v.sku LIMIT 1`,
      [stack.tenantOf(STORE)],
    )) as { sku: string; id: string }[],
  );
});

const onHand = async () =>
  Number(first(await sql('SELECT on_hand FROM product_variants WHERE id = $1', [item.id])).on_hand);
const orderRow = async (id: string) =>
  first(await sql('SELECT status, collected_via, payment_method FROM orders WHERE id = $1', [id])) as {
    status: string;
    collected_via: string | null;
    payment_method: string;
  };
const ordersOf = async (phone: string) =>
  Number(first(await sql('SELECT count(*)::int AS n FROM orders WHERE phone = $1', [phone])).n);

const deliveriesOf = async (orderId: string) =>
  sql('SELECT status FROM deliveries WHERE order_id = $1 ORDER BY created_at', [orderId]);
/** How many rows a refusal would write for this order (timeline, delivery trail, stock, owed messages, audit). */
const writtenFor = async (orderId: string) =>
  first(
    await sql(
      `SELECT (SELECT count(*)::int FROM order_events WHERE order_id = $1) AS events,
              (SELECT count(*)::int FROM delivery_events e JOIN deliveries d ON d.id = e.delivery_id WHERE d.order_id = $1) AS trail,
              (SELECT count(*)::int FROM inventory_movements WHERE order_id = $1) AS movements,
              (SELECT count(*)::int FROM order_notifications WHERE order_id = $1) AS owed,
              (SELECT count(*)::int FROM audit_log WHERE entity_id = $1::text) AS audit`,
      [orderId],
    ),
  );

async function cartToken(store = STORE, sku = item.sku): Promise<string> {
  const res = await call('POST', `/v1/stores/${store}/cart/lines`, { sku, quantity: 1 });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.cart.token;
}

async function place(phone: string, extra: Record<string, unknown> = {}, token?: string, store = STORE) {
  const res = await fetch(`${stack.api.url}/v1/stores/${store}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `pod-${randomUUID()}`,
      'x-cart-token': token ?? (await cartToken()),
      'x-forwarded-for': `198.51.104.${++seq % 250}`,
    },
    body: JSON.stringify({
      phone,
      name: 'Achieng Otieno',
      areaSlug: 'kilimani',
      paymentMethod: 'on_delivery',
      ...extra,
    }),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

async function saveSettings(settings: Partial<Answer['settings']>, token = owner) {
  return call(
    'PUT',
    '/v1/owner/pay-on-delivery/settings',
    { enabled: true, maxOrderKes: 1_000_000, areaSlugs: ['kilimani'], firstTimeAllowed: true, ...settings },
    token,
  );
}

/** Placed pay on delivery, packed and out with a rider. */
async function outForDelivery(riderName = 'Kamau Rider', riderPhone = '0722000111') {
  const placed = await place(newPhone());
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const { order } = placed.body;
  const packed = await call('POST', `/v1/owner/orders/${order.number}/status`, { to: 'packed' }, staff);
  assert.equal(packed.status, 200, JSON.stringify(packed.body));
  const sent = await call(
    'POST',
    `/v1/owner/orders/${order.number}/dispatch`,
    { method: 'manual_rider', riderName, riderPhone },
    owner,
  );
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  return order;
}

describe('settings', () => {
  test('off by default; staff may not change them; bad input is 400 naming the field; the owner saves', async () => {
    const got = await call('GET', '/v1/owner/pay-on-delivery/settings', undefined, owner);
    assert.equal(got.status, 200, JSON.stringify(got.body));
    assert.equal(got.body.settings.enabled, false);
    assert.ok(got.body.deliveryAreas.some((a) => a.slug === 'kilimani'));

    const byStaff = await saveSettings({}, staff);
    assert.equal(byStaff.status, 403, JSON.stringify(byStaff.body));
    assert.equal(byStaff.body.error.details.permission, 'settings.write');

    const unknownArea = await saveSettings({ areaSlugs: ['kilimani', 'not-an-area'] });
    assert.equal(unknownArea.status, 400);
    assert.equal(unknownArea.body.error.details.field, 'areaSlugs');
    const fractional = await saveSettings({ maxOrderKes: 10.5 });
    assert.equal(fractional.status, 400);
    assert.match(JSON.stringify(fractional.body.error.details), /maxOrderKes/);
    assert.equal(
      (await call('GET', '/v1/owner/pay-on-delivery/settings', undefined, owner)).body.settings.enabled,
      false,
    );

    const saved = await saveSettings({ firstTimeAllowed: false });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.settings, {
      enabled: true,
      maxOrderKes: 1_000_000,
      areaSlugs: ['kilimani'],
      firstTimeAllowed: false,
    });
    const audit = await sql(`SELECT actor_type FROM audit_log WHERE action = 'settings.pay_on_delivery'`);
    assert.equal(audit.length, 1);
  });
});

describe('checkout rules', () => {
  test('refusals are 409 in words, and nothing is written', async () => {
    await saveSettings({ firstTimeAllowed: false });
    const phone = newPhone();
    const token = await cartToken();
    const before = await onHand();

    // The preview reads the cart from its token header.
    const res = await fetch(
      `${stack.api.url}/v1/stores/${STORE}/checkout/preview?area=kilimani&phone=0${phone.slice(3)}`,
      { headers: { 'x-cart-token': token } },
    );
    const offer = ((await res.json()) as Answer).payOnDelivery;
    assert.equal(offer?.offered, false);
    assert.match(offer.reason!, /ordered here before/);
    assert.equal(offer.code, 'pod_first_time', 'the rule by name, for the storefront to word in its language');

    const firstTime = await place(phone, {}, token);
    assert.equal(firstTime.status, 409, JSON.stringify(firstTime.body));
    assert.equal(firstTime.body.error.details.reason, 'pod_first_time');
    assert.match(firstTime.body.error.message, /M-Pesa for your first order/);

    await saveSettings({ firstTimeAllowed: true, maxOrderKes: 1 });
    const over = await place(phone, {}, token);
    assert.equal(over.status, 409);
    assert.equal(over.body.error.details.reason, 'pod_over_limit');
    assert.match(over.body.error.message, /up to KES 1\b/);

    const areas = (await call('GET', '/v1/owner/pay-on-delivery/settings', undefined, owner)).body.deliveryAreas;
    const elsewhere = areas.find((a) => a.slug !== 'kilimani')!;
    await saveSettings({ firstTimeAllowed: true });
    const area = await place(phone, { areaSlug: elsewhere.slug }, token);
    assert.equal(area.status, 409, JSON.stringify(area.body));
    assert.equal(area.body.error.details.reason, 'pod_area');

    const pickup = await place(phone, { deliveryMethod: 'pickup' }, token);
    assert.equal(pickup.status, 409);

    await saveSettings({ enabled: false });
    const off = await place(phone, {}, token);
    assert.equal(off.status, 409);
    assert.equal(off.body.error.details.reason, 'pod_off');

    assert.equal(await ordersOf(phone), 0);
    assert.equal(await onHand(), before);
  });

  test('allowed: placed as on_delivery, stock reserved, no expiry', async () => {
    await saveSettings({ firstTimeAllowed: true });
    const before = await onHand();
    const placed = await place(newPhone());
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    assert.equal(placed.body.order.paymentMethod, 'on_delivery');
    assert.equal(placed.body.order.status, 'pending_payment');
    assert.equal(placed.body.order.reservedUntil, null);
    assert.equal(await onHand(), before - 1);
  });
});

/** As the sandbox's WhatsApp received a template message (GET /__admin/whatsapp/messages). */
interface SandboxMessage {
  type: string;
  template?: { name: string; language: string; bodyParameters: string[] };
}
const PAYBILL = /paybill|\btill\b|pay with m-pesa|lipa kwa m-pesa/i;

/** The order's "order placed" message as the API recorded it, and what the sandbox's WhatsApp got. */
async function placedMessage(orderId: string, phone: string) {
  const row = (await waitFor(
    'the "order placed" message',
    async () =>
      (
        await sql(
          `SELECT channel, template_name, language, body FROM messages WHERE order_id = $1 AND kind = 'order_placed'`,
          [orderId],
        )
      )[0],
  )) as { channel: string; template_name: string | null; language: string; body: string };
  const res = await fetch(`${stack.sandbox.url}/__admin/whatsapp/messages?to=${phone}`);
  const got = ((await res.json()) as { messages: SandboxMessage[] }).messages;
  return { row, got };
}

describe('the "order placed" message', () => {
  test('pay on delivery: confirmed, the amount to have ready at the door, no paybill (an M-Pesa order names it)', async () => {
    await saveSettings({ firstTimeAllowed: true });
    const phone = newPhone();
    const placed = await place(phone);
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const { order } = placed.body;
    const { row, got } = await placedMessage(order.id, phone);
    assert.equal(row.channel, 'whatsapp');
    assert.equal(row.template_name, 'order_confirmed_pay_on_delivery');
    assert.equal(row.language, 'en');
    assert.match(row.body, new RegExp(`confirmed your order #${order.number}`));
    assert.match(row.body, new RegExp(`Pay on delivery: have ${formatKes(order.totalKes)} ready`));
    assert.match(row.body, /M-Pesa prompt or cash to the rider/);
    assert.doesNotMatch(row.body, PAYBILL);
    assert.equal(got.length, 1, JSON.stringify(got));
    assert.deepEqual(got[0]!.template, {
      name: 'order_confirmed_pay_on_delivery',
      language: 'en',
      bodyParameters: ['Achieng', String(order.number), formatKes(order.totalKes), 'Nairobi Gadgets'],
    });
    assert.doesNotMatch(JSON.stringify(got), PAYBILL);

    // The inbox's "how to pay" resend of it says the same, never a paybill.
    const thread = await call('GET', `/v1/owner/conversations/${phone}`, undefined, owner);
    assert.equal(thread.status, 200, JSON.stringify(thread.body));
    const offer = thread.body.templates!.find((t) => t.kind === 'order_placed');
    assert.equal(offer?.template, 'order_confirmed_pay_on_delivery');
    assert.match(offer.preview, new RegExp(`have ${formatKes(order.totalKes)} ready`));
    assert.doesNotMatch(offer.preview, PAYBILL);

    // The same store's M-Pesa order is told where to pay: the check above can see a paybill.
    const mpesaPhone = newPhone();
    const mpesa = await place(mpesaPhone, { paymentMethod: 'mpesa' });
    assert.equal(mpesa.status, 201, JSON.stringify(mpesa.body));
    const told = await placedMessage(mpesa.body.order.id, mpesaPhone);
    assert.equal(told.row.template_name, 'order_confirmed');
    assert.match(told.row.body, PAYBILL);
  });

  test("Nyumba Living (Swahili): the same words in the store's language", async () => {
    const SW = 'nyumba-living';
    const swOwner = (await demoLogin(call, SW, 'owner')).accessToken;
    const areas = (await call('GET', '/v1/owner/pay-on-delivery/settings', undefined, swOwner)).body.deliveryAreas;
    const saved = await call(
      'PUT',
      '/v1/owner/pay-on-delivery/settings',
      { enabled: true, maxOrderKes: 1_000_000, areaSlugs: [], firstTimeAllowed: true },
      swOwner,
    );
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const sku = String(
      first(
        await sql(
          `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
            WHERE v.tenant_id = $1 AND v.on_hand >= 5 AND v.status = 'active' AND p.status = 'active'
            ORDER BY v.price_kes, v.sku LIMIT 1`,
          [stack.tenantOf(SW)],
        ),
      ).sku,
    );
    const phone = newPhone();
    const placed = await place(phone, { areaSlug: areas[0]!.slug }, await cartToken(SW, sku), SW);
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const { order } = placed.body;
    const { row, got } = await placedMessage(order.id, phone);
    assert.equal(row.language, 'sw');
    assert.equal(row.template_name, 'order_confirmed_pay_on_delivery');
    assert.match(row.body, new RegExp(`imethibitisha oda yako #${order.number}`));
    assert.match(row.body, new RegExp(`Lipa ukiletewa: kuwa na ${formatKes(order.totalKes)} tayari`));
    assert.doesNotMatch(row.body, PAYBILL);
    assert.deepEqual(got[0]?.template, {
      name: 'order_confirmed_pay_on_delivery',
      language: 'sw',
      bodyParameters: ['Achieng', String(order.number), formatKes(order.totalKes), 'Nyumba Living'],
    });
  });
});

describe('paying early', () => {
  test('a failed M-Pesa attempt before the door gives the order no expiry; a paid one pays and collects it', async () => {
    await saveSettings({ firstTimeAllowed: true });
    const payEarly = async (orderId: string) => {
      const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/orders/${orderId}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `early-${randomUUID()}` },
        body: '{}',
      });
      assert.equal(res.status, 201, await res.text());
    };
    // ...0001: the Daraja sandbox answers "insufficient funds".
    const broke = await place(`2547${String(Date.now()).slice(-4)}0001`);
    assert.equal(broke.status, 201, JSON.stringify(broke.body));
    await payEarly(broke.body.order.id);
    await waitFor(
      'the attempt failed',
      async () =>
        (await sql(`SELECT 1 FROM payments WHERE order_id = $1 AND status = 'failed'`, [broke.body.order.id])).length >
        0,
    );
    const row = first(await sql('SELECT status, reserved_until FROM orders WHERE id = $1', [broke.body.order.id]));
    assert.deepEqual(row, { status: 'pending_payment', reserved_until: null });

    const paying = await place(newPhone());
    await payEarly(paying.body.order.id);
    await waitFor('paid early', async () => (await orderRow(paying.body.order.id)).status === 'paid');
    assert.equal((await orderRow(paying.body.order.id)).collected_via, 'mpesa');
  });
});

describe('at the door', () => {
  test('Collect with M-Pesa: the normal STK path pays it (callback, receipt); delivered only after', async () => {
    await saveSettings({ firstTimeAllowed: true });
    const order = await outForDelivery();
    const early = await call('POST', `/v1/owner/orders/${order.number}/delivered`, {}, staff);
    assert.equal(early.status, 409, JSON.stringify(early.body));
    assert.equal(early.body.error.details.reason, 'not_collected');

    const noKey = await call('POST', `/v1/owner/orders/${order.number}/pay-on-delivery/mpesa`, {}, staff);
    assert.equal(noKey.status, 400);
    const res = await fetch(`${stack.api.url}/v1/owner/orders/${order.number}/pay-on-delivery/mpesa`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${staff}`,
        'idempotency-key': `door-${randomUUID()}`,
      },
      body: '{}',
    });
    assert.equal(res.status, 201, await res.text());
    await waitFor('collected by M-Pesa', async () => (await orderRow(order.id)).collected_via === 'mpesa');
    const payment = first(
      await sql(`SELECT status, counts_for_order, amount_kes, receipt_number FROM payments WHERE order_id = $1`, [
        order.id,
      ]),
    );
    assert.equal(payment.status, 'paid');
    assert.equal(payment.counts_for_order, true);
    assert.equal(payment.amount_kes, order.totalKes);
    await waitFor(
      'the receipt',
      async () =>
        (await sql(`SELECT 1 FROM payments WHERE order_id = $1 AND receipt_number IS NOT NULL`, [order.id])).length > 0,
    );
    assert.equal((await orderRow(order.id)).status, 'dispatched');
    const sale = await sql(`SELECT kind FROM inventory_movements WHERE order_id = $1 AND kind = 'sale'`, [order.id]);
    assert.equal(sale.length, 1);
    const done = await call('POST', `/v1/owner/orders/${order.number}/delivered`, {}, staff);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal((await orderRow(order.id)).status, 'delivered');
  });

  test('Cash received: audited with who and when; exactly the total; once; off the rider list', async () => {
    await saveSettings({ firstTimeAllowed: true });
    const order = await outForDelivery('Wanjiru Rider', '0733000222');
    const list = await call('GET', '/v1/owner/pay-on-delivery/cash-to-collect', undefined, owner);
    assert.equal(list.status, 200);
    const rider = list.body.riders.find((r) => r.riderName === 'Wanjiru Rider');
    assert.ok(rider?.orderNumbers.includes(order.number));
    assert.equal(rider!.amountKes, order.totalKes);

    const wrong = await call('POST', `/v1/owner/orders/${order.number}/pay-on-delivery/cash`, { amountKes: 1 }, staff);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.details.field, 'amountKes');
    const bad = await call('POST', `/v1/owner/orders/${order.number}/pay-on-delivery/cash`, { amountKes: 'x' }, staff);
    assert.equal(bad.status, 400);

    const ok = await call(
      'POST',
      `/v1/owner/orders/${order.number}/pay-on-delivery/cash`,
      { amountKes: order.totalKes },
      staff,
    );
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.order.collected?.via, 'cash');
    const staffId = String(
      first(await sql(`SELECT id FROM users WHERE email = $1`, [`staff@${STORE}.sokoni.test`])).id,
    );
    const audit = first(
      await sql(
        `SELECT actor_type, actor_id, after, occurred_at FROM audit_log WHERE action = 'order.cash_received' AND entity_id = $1`,
        [order.id],
      ),
    );
    assert.equal(audit.actor_id, staffId);
    assert.equal((audit.after as { amountKes: number }).amountKes, order.totalKes);
    const cash = first(
      await sql(`SELECT amount_kes, received_by FROM pod_cash_collections WHERE order_id = $1`, [order.id]),
    );
    assert.deepEqual(cash, { amount_kes: order.totalKes, received_by: staffId });

    const again = await call(
      'POST',
      `/v1/owner/orders/${order.number}/pay-on-delivery/cash`,
      { amountKes: order.totalKes },
      staff,
    );
    assert.equal(again.status, 409);
    assert.equal(again.body.error.details.reason, 'already_collected');
    const after = await call('GET', '/v1/owner/pay-on-delivery/cash-to-collect', undefined, owner);
    assert.ok(!after.body.riders.some((r) => r.orderNumbers.includes(order.number)));
    const done = await call('POST', `/v1/owner/orders/${order.number}/delivered`, {}, staff);
    assert.equal(done.status, 200, JSON.stringify(done.body));
  });

  test('Refused at the door: cancelled, delivery failed, stock back, "refused" on its page, shopper told once', async () => {
    await saveSettings({ firstTimeAllowed: true });
    const before = await onHand();
    const order = await outForDelivery();
    assert.equal(await onHand(), before - 1);
    const refused = await call(
      'POST',
      `/v1/owner/orders/${order.number}/pay-on-delivery/refused`,
      { note: 'Not at home, phone off' },
      staff,
    );
    assert.equal(refused.status, 200, JSON.stringify(refused.body));
    assert.equal(refused.body.order.status, 'cancelled');
    assert.equal(await onHand(), before);
    const release = await sql(`SELECT quantity FROM inventory_movements WHERE order_id = $1 AND kind = 'release'`, [
      order.id,
    ]);
    assert.deepEqual(
      release.map((r) => Number(r.quantity)),
      [1],
    );

    // The delivery ended with the order: failed, the refusal in its trail; no longer cash out with the rider.
    assert.deepEqual(await deliveriesOf(order.id), [{ status: 'failed' }]);
    const trail = await sql(
      `SELECT e.status, e.note, e.data FROM delivery_events e JOIN deliveries d ON d.id = e.delivery_id
        WHERE d.order_id = $1 ORDER BY e.id`,
      [order.id],
    );
    assert.deepEqual(
      trail.map((e) => e.status),
      ['assigned', 'failed'],
    );
    assert.equal(trail[1]!.note, 'Refused at the door: Not at home, phone off');
    assert.equal((trail[1]!.data as { reason: string }).reason, 'refused_at_door');
    const list = await call('GET', '/v1/owner/pay-on-delivery/cash-to-collect', undefined, owner);
    assert.ok(!list.body.riders.some((r) => r.orderNumbers.includes(order.number)));

    // The order's timeline: refused at the door, then cancelled; the order page (tracking) says it in words.
    const timeline = refused.body.order.timeline!.map((e) => e.type);
    assert.deepEqual(timeline.slice(-2), ['refused_at_door', 'cancelled']);
    const page = await call('GET', `/v1/stores/${STORE}/orders/${order.id}/tracking`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    const end = page.body.tracking!.steps.at(-1)!;
    assert.deepEqual([end.key, end.label, end.reason], ['cancelled', 'Refused at the door', 'refused_at_door']);
    assert.equal(page.body.tracking!.delivery!.status, 'failed');
    assert.deepEqual(
      page.body.tracking!.delivery!.events.map((e) => e.label),
      ['Handed to the rider', 'Delivery failed'],
    );

    // Refusing twice: 409, nothing more written.
    const counts = await writtenFor(order.id);
    const again = await call('POST', `/v1/owner/orders/${order.number}/pay-on-delivery/refused`, {}, staff);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.details.reason, 'not_dispatched');
    assert.deepEqual(await writtenFor(order.id), counts);
    assert.equal(await onHand(), before);
    const owed = await sql(
      `SELECT kind, data FROM order_notifications WHERE order_id = $1 AND kind = 'order_cancelled'`,
      [order.id],
    );
    assert.equal(owed.length, 1);
    assert.equal((owed[0]!.data as { reason: string }).reason, 'refused_at_door');
  });

  test('a partner parcel: cancelled at the partner while still booked; one the partner holds is not', async () => {
    await saveSettings({ firstTimeAllowed: true });
    const parcelStatus = async (parcelId: string) => {
      const res = await fetch(`${stack.sandbox.url}/__admin/delivery-partner/parcels/${parcelId}`);
      return ((await res.json()) as { parcel: { status: string } }).parcel.status;
    };
    const byPartner = async (advanceTo?: string) => {
      const placed = await place(newPhone());
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      const { order } = placed.body;
      assert.equal(
        (await call('POST', `/v1/owner/orders/${order.number}/status`, { to: 'packed' }, staff)).status,
        200,
      );
      const sent = await call(
        'POST',
        `/v1/owner/orders/${order.number}/dispatch`,
        { method: 'partner_pickup', agentId: 'PM-KLM-001' },
        owner,
      );
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const parcelId = (sent.body as unknown as { delivery: { partner: { parcelId: string } } }).delivery.partner
        .parcelId;
      if (advanceTo) {
        const res = await fetch(`${stack.sandbox.url}/__admin/delivery-partner/parcels/${parcelId}/advance`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ status: advanceTo }),
        });
        assert.equal(res.status, 200, await res.text());
        await waitFor('the partner scan recorded', async () =>
          (await deliveriesOf(order.id)).some((d) => d.status !== 'assigned'),
        );
      }
      const refused = await call('POST', `/v1/owner/orders/${order.number}/pay-on-delivery/refused`, {}, staff);
      assert.equal(refused.status, 200, JSON.stringify(refused.body));
      const failed = first(
        await sql(
          `SELECT e.data FROM delivery_events e JOIN deliveries d ON d.id = e.delivery_id
            WHERE d.order_id = $1 AND e.status = 'failed'`,
          [order.id],
        ),
      );
      assert.deepEqual(await deliveriesOf(order.id), [{ status: 'failed' }]);
      return { parcel: await parcelStatus(parcelId), data: failed.data as Record<string, unknown> };
    };

    const booked = await byPartner();
    assert.equal(booked.parcel, 'cancelled');
    assert.equal(booked.data.partnerCancelled, true);
    const held = await byPartner('dropped_off');
    assert.equal(held.parcel, 'dropped_off');
    assert.equal(held.data.partnerCancelled, undefined);
    assert.equal(held.data.from, 'picked_up');
  });

  test('refusing an order already paid at the door is a 409 and changes nothing', async () => {
    await saveSettings({ firstTimeAllowed: true });
    const order = await outForDelivery('Otieno Rider', '0711000333');
    const cash = await call(
      'POST',
      `/v1/owner/orders/${order.number}/pay-on-delivery/cash`,
      { amountKes: order.totalKes },
      staff,
    );
    assert.equal(cash.status, 200, JSON.stringify(cash.body));
    const stock = await onHand();
    const counts = await writtenFor(order.id);
    const refused = await call(
      'POST',
      `/v1/owner/orders/${order.number}/pay-on-delivery/refused`,
      { note: 'x' },
      staff,
    );
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.details.reason, 'already_collected');
    assert.deepEqual(await writtenFor(order.id), counts);
    assert.deepEqual(await deliveriesOf(order.id), [{ status: 'assigned' }]);
    assert.equal((await orderRow(order.id)).status, 'dispatched');
    assert.equal(await onHand(), stock);
  });

  test("an M-Pesa order or another store's order: 409 / 404, nothing changes", async () => {
    await saveSettings({ firstTimeAllowed: true });
    const order = await outForDelivery();
    const otherMax = Number(
      first(await sql(`SELECT coalesce(max(number), 0) AS n FROM orders WHERE tenant_id = $1`, [stack.tenantOf(OTHER)]))
        .n,
    );
    if (order.number > otherMax) {
      const foreign = await call(
        'POST',
        `/v1/owner/orders/${order.number}/pay-on-delivery/cash`,
        { amountKes: order.totalKes },
        otherOwner,
      );
      assert.equal(foreign.status, 404, JSON.stringify(foreign.body));
      const refused = await call('POST', `/v1/owner/orders/${order.number}/pay-on-delivery/refused`, {}, otherOwner);
      assert.equal(refused.status, 404);
    }
    assert.deepEqual(await orderRow(order.id), {
      status: 'dispatched',
      collected_via: null,
      payment_method: 'on_delivery',
    });

    const mpesa = await place(newPhone(), { paymentMethod: 'mpesa' });
    assert.equal(mpesa.status, 201);
    const notPod = await call('POST', `/v1/owner/orders/${mpesa.body.order.number}/pay-on-delivery/refused`, {}, owner);
    assert.equal(notPod.status, 409);
    assert.equal(notPod.body.error.details.reason, 'not_pay_on_delivery');
  });
});
