// Cancel, refund and return over real HTTP against the API, the worker and the provider sandbox
// (Daraja refunds, SMS sign-in codes, WhatsApp): a phone-verified shopper cancels before
// dispatch (unpaid: stock released; paid: refunded through the refund service), the owner's
// refund-and-cancel (money, stock, coupon use, message), both orders of cancel and refund,
// returns within the store's window (accept -> partial refund + credit note, received -> stock
// back as `return` movements; refuse with a reason), and bad input that changes nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const stack = useApiStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });

interface Answer {
  cart: { token: string };
  order: { id: string; number: number; totalKes: number; status: string; couponCode: string | null };
  payment: { id: string };
  sessionToken: string;
  orderId: string;
  status: string;
  refund: { status: string; amountKes: number; message: string | null; id: string };
  return: {
    id: string;
    status: string;
    amountKes: number;
    vatKes: number;
    creditNote: string | null;
    lines: { sku: string; quantity: number }[];
    refund: { status: string; amountKes: number } | null;
  };
  refundError: string | null;
  tracking: {
    cancel: { allowed: boolean; reason: string | null };
    returns: { allowed: boolean; reason: string | null; windowDays: number };
  };
  settings: { enabled: boolean; windowDays: number };
  error: { code: string; message: string; details: Record<string, unknown> };
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.102');
const sql = stack.sql<Record<string, unknown>>;
let seq = 0;
/** A fresh shopper phone; the Daraja sandbox pays numbers ending in 000. */
const newPhone = () =>
  `2547${String(10 + (++seq % 80)).padStart(2, '0')}${String(Date.now() % 1000).padStart(3, '0')}000`;
const local = (msisdn: string) => `0${msisdn.slice(3)}`;

async function signIn(phone: string): Promise<string> {
  const smsTo = async () => {
    const res = await fetch(`${stack.sandbox.url}/__admin/sms/messages?to=%2B${phone}`);
    return ((await res.json()) as { messages: { message: string }[] }).messages;
  };
  const before = (await smsTo()).length;
  const otp = await call('POST', `/v1/stores/${STORE}/shopper/otp`, { phone: local(phone) });
  assert.equal(otp.status, 202, JSON.stringify(otp.body));
  const messages = await waitFor('the sign-in SMS', async () => {
    const list = await smsTo();
    return list.length > before ? list : null;
  });
  const code = /\b(\d{6})\b/.exec(messages.at(-1)!.message)![1]!;
  const res = await call('POST', `/v1/stores/${STORE}/shopper/session`, { phone, code });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.sessionToken;
}

async function sku(minPrice = 0): Promise<{ sku: string; id: string }> {
  return first(
    (await sql(
      `SELECT v.sku, v.id FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
        WHERE v.tenant_id = $1 AND v.on_hand >= 40 AND v.status = 'active' AND p.status = 'active' AND v.price_kes >= $2
        ORDER BY v.price_kes, v.sku LIMIT 1`,
      [stack.tenantOf(STORE), minPrice],
    )) as { sku: string; id: string }[],
  );
}

const onHand = async (variantId: string) =>
  Number(first(await sql('SELECT on_hand FROM product_variants WHERE id = $1', [variantId])).on_hand);
const orderStatus = async (id: string) =>
  String(first(await sql('SELECT status FROM orders WHERE id = $1', [id])).status);

async function placeOrder(phone: string, lines: { sku: string; quantity: number }[], couponCode?: string) {
  let token: string | undefined;
  for (const line of lines) {
    const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-cart-token': token } : {}) },
      body: JSON.stringify(line),
    });
    const body = (await res.json()) as Answer;
    assert.equal(res.status, 200, JSON.stringify(body));
    token = body.cart.token;
  }
  const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `order-${randomUUID()}`, 'x-cart-token': token! },
    body: JSON.stringify({ phone, name: 'Njeri Wambui', areaSlug: 'kilimani', couponCode }),
  });
  const body = (await res.json()) as Answer;
  assert.equal(res.status, 201, JSON.stringify(body));
  return body.order;
}

async function pay(orderId: string) {
  const res = await fetch(`${stack.api.url}/v1/stores/${STORE}/orders/${orderId}/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `pay-${randomUUID()}` },
    body: '{}',
  });
  assert.equal(res.status, 201, await res.text());
  await waitFor('paid', async () => (await orderStatus(orderId)) === 'paid');
  // A reversal needs the M-Pesa receipt (it may come after the order is paid by an STK Query).
  await waitFor(
    'the receipt',
    async () =>
      (await sql(`SELECT 1 FROM payments WHERE order_id = $1 AND receipt_number IS NOT NULL`, [orderId])).length > 0,
  );
}

const refundsOf = async (orderId: string) =>
  (await sql('SELECT amount_kes, status FROM refunds WHERE order_id = $1 ORDER BY created_at', [orderId])) as {
    amount_kes: number;
    status: string;
  }[];
const notifications = async (orderId: string) =>
  (await sql('SELECT kind, data FROM order_notifications WHERE order_id = $1 ORDER BY kind', [orderId])) as {
    kind: string;
    data: Record<string, unknown>;
  }[];

let owner: string;
let staff: string;
stack.before(async () => {
  owner = (await demoLogin(call, STORE, 'owner')).accessToken;
  staff = (await demoLogin(call, STORE, 'staff')).accessToken;
});

async function deliver(number: number) {
  const d = await call(
    'POST',
    `/v1/owner/orders/${number}/dispatch`,
    { method: 'manual_rider', riderName: 'Otieno Rider', riderPhone: '0722000111' },
    owner,
  );
  assert.equal(d.status, 201, JSON.stringify(d.body));
  const done = await call('POST', `/v1/owner/orders/${number}/delivered`, {}, owner);
  assert.equal(done.status, 200, JSON.stringify(done.body));
}

describe('shopper cancellation before dispatch', () => {
  test('unpaid: stock released, told once; another shopper, no session and after dispatch are refused and change nothing', async () => {
    const phone = newPhone();
    const item = await sku();
    const before = await onHand(item.id);
    const order = await placeOrder(phone, [{ sku: item.sku, quantity: 2 }]);
    assert.equal(await onHand(item.id), before - 2);

    const noSession = await call('POST', `/v1/stores/${STORE}/shopper/orders/${order.id}/cancel`, {});
    assert.equal(noSession.status, 401);
    const stranger = await signIn(newPhone());
    const other = await call('POST', `/v1/stores/${STORE}/shopper/orders/${order.id}/cancel`, {}, stranger);
    assert.equal(other.status, 404, JSON.stringify(other.body));
    assert.match(other.body.error.message, /No such order/);
    assert.equal(await orderStatus(order.id), 'pending_payment');

    const token = await signIn(phone);
    const bad = await call(
      'POST',
      `/v1/stores/${STORE}/shopper/orders/${order.id}/cancel`,
      { reason: 'x', extra: 1 },
      token,
    );
    assert.equal(bad.status, 400);
    const ok = await call(
      'POST',
      `/v1/stores/${STORE}/shopper/orders/${order.id}/cancel`,
      { reason: 'Ordered twice' },
      token,
    );
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.status, 'cancelled');
    assert.equal(ok.body.refund.status, 'none');
    assert.equal(await onHand(item.id), before, 'stock released');
    const again = await call('POST', `/v1/stores/${STORE}/shopper/orders/${order.id}/cancel`, {}, token);
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /already cancelled/);
    assert.equal(await onHand(item.id), before, 'released once');
    const owed = await notifications(order.id);
    assert.deepEqual(
      owed.filter((n) => n.kind === 'order_cancelled').map((n) => n.data.amountKes),
      [0],
    );
    await waitFor('the cancellation message', async () => {
      const rows = await sql(`SELECT body FROM messages WHERE order_id = $1 AND kind = 'order_cancelled'`, [order.id]);
      return rows.length === 1 ? rows : null;
    });
  });

  test('paid: refunded automatically through the refund service, stock back; after dispatch it is 409 in words', async () => {
    const phone = newPhone();
    const item = await sku();
    const before = await onHand(item.id);
    const order = await placeOrder(phone, [{ sku: item.sku, quantity: 1 }]);
    await pay(order.id);
    const token = await signIn(phone);
    const view = await call('GET', `/v1/stores/${STORE}/orders/${order.id}/tracking`);
    assert.equal(view.body.tracking.cancel.allowed, true);
    const res = await call('POST', `/v1/stores/${STORE}/shopper/orders/${order.id}/cancel`, {}, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.refund, { status: 'sent', amountKes: order.totalKes, message: null });
    assert.equal(await onHand(item.id), before, 'stock back on the shelf');
    await waitFor('the refund result', async () => (await refundsOf(order.id))[0]?.status === 'completed');
    assert.equal(await orderStatus(order.id), 'cancelled', 'stays cancelled');
    assert.equal(
      first(await sql(`SELECT refunded_kes FROM payments WHERE order_id = $1 AND status = 'refunded'`, [order.id]))
        .refunded_kes,
      order.totalKes,
    );
    const kinds = (await notifications(order.id)).map((n) => n.kind);
    assert.ok(kinds.includes('order_cancelled') && kinds.includes('order_refunded'), kinds.join());

    // Dispatched: too late to cancel, said in words, nothing changes.
    const late = await placeOrder(phone, [{ sku: item.sku, quantity: 1 }]);
    await pay(late.id);
    const d = await call(
      'POST',
      `/v1/owner/orders/${late.number}/dispatch`,
      { method: 'manual_rider', riderName: 'Otieno Rider', riderPhone: '0722000111' },
      owner,
    );
    assert.equal(d.status, 201, JSON.stringify(d.body));
    const stock = await onHand(item.id);
    const refused = await call('POST', `/v1/stores/${STORE}/shopper/orders/${late.id}/cancel`, {}, token);
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /already on its way/);
    assert.equal(await orderStatus(late.id), 'dispatched');
    assert.equal(await onHand(item.id), stock);
    assert.deepEqual(await refundsOf(late.id), []);
  });
});

describe("the owner's refund-and-cancel", () => {
  test('a packed order with a coupon: money back, stock back, coupon use back, the shopper told; staff may not', async () => {
    const phone = newPhone();
    const item = await sku(2000);
    const before = await onHand(item.id);
    const order = await placeOrder(phone, [{ sku: item.sku, quantity: 1 }], 'KARIBU10');
    assert.equal(order.couponCode, 'KARIBU10');
    await pay(order.id);
    assert.equal((await call('POST', `/v1/owner/orders/${order.number}/status`, { to: 'packed' }, owner)).status, 200);

    const byStaff = await call('POST', `/v1/owner/orders/${order.number}/cancel`, { reason: 'no' }, staff);
    assert.equal(byStaff.status, 403);
    assert.equal(await orderStatus(order.id), 'packed');

    const res = await call('POST', `/v1/owner/orders/${order.number}/cancel`, { reason: 'Out of stock' }, owner);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.refund.status, 'sent');
    assert.equal(res.body.refund.amountKes, order.totalKes);
    assert.equal(await onHand(item.id), before);
    const [redemption] = await sql('SELECT voided_at FROM coupon_redemptions WHERE order_id = $1', [order.id]);
    assert.ok(redemption?.voided_at, 'coupon use given back');
    await waitFor('the refund result', async () => (await refundsOf(order.id))[0]?.status === 'completed');
    const cancelled = first((await notifications(order.id)).filter((n) => n.kind === 'order_cancelled'));
    assert.equal(cancelled.data.amountKes, order.totalKes);
    const message = await waitFor('the message', async () => {
      const rows = (await sql(`SELECT body FROM messages WHERE order_id = $1 AND kind = 'order_cancelled'`, [
        order.id,
      ])) as { body: string }[];
      return rows[0];
    });
    assert.match(message.body, new RegExp(`Order #${order.number}`));
    assert.match(message.body, new RegExp(`/orders/${order.id}`), 'links to the order page');
    const audit = await sql(`SELECT action FROM audit_log WHERE entity_id = $1 AND action = 'order.cancelled'`, [
      order.id,
    ]);
    assert.equal(audit.length, 1);
  });

  test('cancel first, then refund: the cancelled order can still be refunded (and its stock was returned)', async () => {
    const item = await sku();
    const before = await onHand(item.id);
    const order = await placeOrder(newPhone(), [{ sku: item.sku, quantity: 1 }]);
    await pay(order.id);
    const cancel = await call('POST', `/v1/owner/orders/${order.number}/status`, { to: 'cancelled' }, owner);
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    assert.equal(await onHand(item.id), before, 'stock returned by the status machine');
    const aftercare = await call<{ refundOwedKes: number }>(
      'GET',
      `/v1/owner/orders/${order.number}/aftercare`,
      undefined,
      owner,
    );
    assert.equal(aftercare.body.refundOwedKes, order.totalKes);
    const refund = await call(
      'POST',
      `/v1/owner/orders/${order.number}/refunds`,
      { reason: 'Cancelled by phone' },
      owner,
    );
    assert.equal(refund.status, 201, JSON.stringify(refund.body));
    await waitFor('the refund result', async () => (await refundsOf(order.id))[0]?.status === 'completed');
    assert.equal(await orderStatus(order.id), 'cancelled');
    const twice = await call('POST', `/v1/owner/orders/${order.number}/refunds`, { reason: 'again' }, owner);
    assert.equal(twice.status, 409, 'nothing left to refund');
  });

  test('refund first, then cancel: a partial refund leaves the rest for the cancel; a full refund leaves nothing to cancel', async () => {
    const order = await placeOrder(newPhone(), [{ sku: (await sku()).sku, quantity: 1 }]);
    await pay(order.id);
    const part = await call(
      'POST',
      `/v1/owner/orders/${order.number}/refunds`,
      { reason: 'Scratch', amountKes: 100 },
      owner,
    );
    assert.equal(part.status, 201, JSON.stringify(part.body));
    await waitFor('the partial refund', async () => (await refundsOf(order.id))[0]?.status === 'completed');
    const res = await call('POST', `/v1/owner/orders/${order.number}/cancel`, {}, owner);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.refund.amountKes, order.totalKes - 100);
    await waitFor('the rest', async () => (await refundsOf(order.id)).every((r) => r.status === 'completed'));
    assert.deepEqual(
      (await refundsOf(order.id)).map((r) => r.amount_kes),
      [100, order.totalKes - 100],
    );

    const full = await placeOrder(newPhone(), [{ sku: (await sku()).sku, quantity: 1 }]);
    await pay(full.id);
    assert.equal((await call('POST', `/v1/owner/orders/${full.number}/refunds`, { reason: 'All' }, owner)).status, 201);
    await waitFor('refunded', async () => (await orderStatus(full.id)) === 'refunded');
    const late = await call('POST', `/v1/owner/orders/${full.number}/cancel`, {}, owner);
    assert.equal(late.status, 409);
    assert.match(late.body.error.message, /refunded/);
  });
});

describe('returns within the store window', () => {
  test('ask (reason, photo), accept -> partial refund and credit note, received -> stock back; bad asks change nothing', async () => {
    const phone = newPhone();
    const item = await sku();
    const order = await placeOrder(phone, [{ sku: item.sku, quantity: 2 }]);
    await pay(order.id);
    const token = await signIn(phone);
    const early = await call(
      'POST',
      `/v1/stores/${STORE}/shopper/orders/${order.id}/returns`,
      { lines: [{ sku: item.sku, quantity: 1 }], reason: 'Too small' },
      token,
    );
    assert.equal(early.status, 409);
    assert.match(early.body.error.message, /once it is delivered/);
    await deliver(order.number);

    const tooMany = await call(
      'POST',
      `/v1/stores/${STORE}/shopper/orders/${order.id}/returns`,
      { lines: [{ sku: item.sku, quantity: 3 }], reason: 'Too small' },
      token,
    );
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.body.error.message, /You bought 2/);
    const stranger = await signIn(newPhone());
    const other = await call(
      'POST',
      `/v1/stores/${STORE}/shopper/orders/${order.id}/returns`,
      { lines: [{ sku: item.sku, quantity: 1 }], reason: 'Too small' },
      stranger,
    );
    assert.equal(other.status, 404);
    assert.equal((await sql('SELECT 1 FROM order_returns WHERE order_id = $1', [order.id])).length, 0);

    const photo = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    const asked = await call(
      'POST',
      `/v1/stores/${STORE}/shopper/orders/${order.id}/returns`,
      {
        lines: [{ sku: item.sku, quantity: 1 }],
        reason: 'Too small',
        photo: { contentType: 'image/png', base64: photo.toString('base64') },
      },
      token,
    );
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    assert.equal(asked.body.return.status, 'requested');
    const price = Number(
      first(await sql('SELECT unit_price_kes FROM order_items WHERE order_id = $1', [order.id])).unit_price_kes,
    );
    assert.equal(asked.body.return.amountKes, price);
    const twice = await call(
      'POST',
      `/v1/stores/${STORE}/shopper/orders/${order.id}/returns`,
      { lines: [{ sku: item.sku, quantity: 1 }], reason: 'Again' },
      token,
    );
    assert.equal(twice.status, 409);

    const img = await fetch(`${stack.api.url}/v1/owner/orders/${order.number}/returns/photo`, {
      headers: { authorization: `Bearer ${owner}` },
    });
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await img.arrayBuffer()), photo);

    const staffDecides = await call(
      'POST',
      `/v1/owner/orders/${order.number}/returns/decision`,
      { decision: 'accept' },
      staff,
    );
    assert.equal(staffDecides.status, 403);
    const before = await onHand(item.id);
    const accepted = await call(
      'POST',
      `/v1/owner/orders/${order.number}/returns/decision`,
      { decision: 'accept' },
      owner,
    );
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.refundError, null);
    assert.equal(accepted.body.return.status, 'accepted');
    assert.equal(accepted.body.return.creditNote, `CN-${order.number}`);
    await waitFor('the partial refund', async () => (await refundsOf(order.id))[0]?.status === 'completed');
    assert.deepEqual(await refundsOf(order.id), [{ amount_kes: price, status: 'completed' }]);
    assert.equal(await orderStatus(order.id), 'delivered', 'a partial refund keeps the order delivered');
    assert.equal(await onHand(item.id), before, 'stock comes back only when received');

    const received = await call('POST', `/v1/owner/orders/${order.number}/returns/received`, {}, owner);
    assert.equal(received.status, 200, JSON.stringify(received.body));
    assert.equal(await onHand(item.id), before + 1);
    const movements = await sql(
      `SELECT kind, quantity FROM inventory_movements WHERE order_id = $1 AND kind = 'return'`,
      [order.id],
    );
    assert.deepEqual(movements, [{ kind: 'return', quantity: 1 }]);
    const again = await call('POST', `/v1/owner/orders/${order.number}/returns/received`, {}, owner);
    assert.equal(again.status, 409);
    assert.equal(await onHand(item.id), before + 1, 'received once');

    const invoice = await fetch(`${stack.api.url}/v1/stores/${STORE}/orders/${order.id}/invoice`);
    const html = await invoice.text();
    assert.match(html, new RegExp(`CN-${order.number}`));
    assert.ok((await notifications(order.id)).some((n) => n.kind === 'order_return_accepted'));
  });

  test('refused with a reason (told to the shopper); outside the window is 409 and writes nothing', async () => {
    const phone = newPhone();
    const item = await sku();
    const order = await placeOrder(phone, [{ sku: item.sku, quantity: 1 }]);
    await pay(order.id);
    await deliver(order.number);
    const token = await signIn(phone);
    const asked = await call(
      'POST',
      `/v1/stores/${STORE}/shopper/orders/${order.id}/returns`,
      { lines: [{ sku: item.sku, quantity: 1 }], reason: 'Changed my mind' },
      token,
    );
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const noReason = await call(
      'POST',
      `/v1/owner/orders/${order.number}/returns/decision`,
      { decision: 'refuse' },
      owner,
    );
    assert.equal(noReason.status, 400);
    const refused = await call(
      'POST',
      `/v1/owner/orders/${order.number}/returns/decision`,
      { decision: 'refuse', note: 'Opened items cannot be returned' },
      owner,
    );
    assert.equal(refused.status, 200, JSON.stringify(refused.body));
    assert.equal(refused.body.return.status, 'refused');
    assert.deepEqual(await refundsOf(order.id), []);
    const owed = first((await notifications(order.id)).filter((n) => n.kind === 'order_return_refused'));
    assert.equal(owed.data.note, 'Opened items cannot be returned');

    // The store shortens its window to 0 days: a delivered order can no longer be returned.
    const staffSettings = await call('PUT', '/v1/owner/settings/returns', { enabled: true, windowDays: 0 }, staff);
    assert.equal(staffSettings.status, 403);
    const set = await call('PUT', '/v1/owner/settings/returns', { enabled: true, windowDays: 0 }, owner);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const other = await placeOrder(phone, [{ sku: item.sku, quantity: 1 }]);
    await pay(other.id);
    await deliver(other.number);
    const late = await call(
      'POST',
      `/v1/stores/${STORE}/shopper/orders/${other.id}/returns`,
      { lines: [{ sku: item.sku, quantity: 1 }], reason: 'Too late' },
      token,
    );
    assert.equal(late.status, 409);
    assert.match(late.body.error.message, /return window has closed/);
    assert.equal((await sql('SELECT 1 FROM order_returns WHERE order_id = $1', [other.id])).length, 0);
    assert.equal(
      (await call('PUT', '/v1/owner/settings/returns', { enabled: true, windowDays: 7 }, owner)).status,
      200,
    );
  });
});
