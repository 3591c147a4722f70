// One-tap pay (issue 13) as the web's checkout route does it: POST the order with the form's
// Idempotency-Key K, then POST its payment with K.pay. A double (or tenfold) tap, racing, is one
// order and one PIN prompt; a retry after the prompt ended answers that attempt (the order page
// then offers Try again); bad input changes nothing. Real API, worker, sandbox, Postgres, Redis.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { sandboxJson } from '../helpers/sandbox-app.ts';
import { shopFlows } from '../helpers/shop.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const stack = useApiStack({ sandbox: true });
const shop = shopFlows(stack);
let seq = 300;
const phone = (suffix: string) => `2547${String(++seq).padStart(4, '0')}${suffix}`;

interface Answer {
  order: { id: string; number: number; status: string };
  payment: { id: string; status: string; phoneMasked: string; amountKes: number };
  error: { code: string; message: string; details: Record<string, unknown> };
}

async function postJson<T>(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.103.7', ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as T };
}

const ledgerFor = async (msisdn: string) =>
  (
    await sandboxJson<{ transactions: { PhoneNumber: string; status: string }[] }>(
      'GET',
      `${stack.sandbox.url}/__admin/daraja/transactions`,
    )
  ).body.transactions.filter((t) => t.PhoneNumber === msisdn);

/** What the web's "Place order and pay" submit does: the order under K, then its push under K.pay. */
async function placeAndPay(store: string, cartToken: string, key: string, msisdn: string) {
  const placed = await postJson<Answer>(
    `${stack.api.url}/v1/stores/${store}/orders`,
    JSON.stringify({ phone: msisdn, name: 'Akinyi Odhiambo', areaSlug: 'kilimani', channel: 'web' }),
    { 'idempotency-key': key, 'x-cart-token': cartToken },
  );
  if (placed.status >= 300) return { placed, paid: null };
  const paid = await postJson<Answer>(
    `${stack.api.url}/v1/stores/${store}/orders/${placed.body.order.id}/payments`,
    JSON.stringify({ phone: msisdn }),
    { 'idempotency-key': `${key}.pay` },
  );
  return { placed, paid };
}

describe('one-tap pay: place the order and send the prompt in one submit', () => {
  test('one tap: the order is placed and the PIN prompt is on its way ("check your phone" data), then paid', async () => {
    const msisdn = phone('0000');
    const token = await shop.cartWithItem(STORE);
    const { placed, paid } = await placeAndPay(STORE, token, `co_${randomUUID()}`, msisdn);
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    assert.equal(paid!.status, 201, JSON.stringify(paid!.body));
    assert.equal(paid!.body.payment.status, 'pending');
    assert.match(paid!.body.payment.phoneMasked, /\*\*\*/);
    await waitFor('paid', async () => {
      const [row] = await stack.sql<{ status: string }>('SELECT status FROM orders WHERE id = $1', [
        placed.body.order.id,
      ]);
      return row?.status === 'paid';
    });
  });

  test('a tenfold tap, racing: one order, one payment attempt, one push to the phone', async () => {
    const msisdn = phone('0000');
    await sandboxJson('POST', `${stack.sandbox.url}/__admin/daraja/scenarios`, {
      phone: msisdn,
      scenario: 'pays',
      delayMs: 2000,
    });
    const token = await shop.cartWithItem(STORE);
    const key = `co_${randomUUID()}`;
    const taps = await Promise.all(Array.from({ length: 10 }, () => placeAndPay(STORE, token, key, msisdn)));
    const orders = new Set(taps.map((t) => t.placed.body.order?.id));
    const payments = new Set(taps.map((t) => t.paid?.body.payment?.id));
    assert.equal(orders.size, 1, JSON.stringify(taps.map((t) => [t.placed.status, t.placed.body.error?.message])));
    assert.equal(payments.size, 1, JSON.stringify(taps.map((t) => [t.paid?.status, t.paid?.body.error?.message])));
    const [orderId] = [...orders];
    const rows = await stack.sql<{ n: number }>('SELECT count(*)::int AS n FROM payments WHERE order_id = $1', [
      orderId,
    ]);
    assert.equal(rows[0]!.n, 1);
    assert.equal((await ledgerFor(msisdn)).length, 1, 'one PIN prompt reached the phone');
  });

  test('a retry after the prompt failed answers that failed attempt (no second push under the same key)', async () => {
    const msisdn = phone('1032'); // the shopper cancels on the phone
    const token = await shop.cartWithItem(STORE);
    const key = `co_${randomUUID()}`;
    const first = await placeAndPay(STORE, token, key, msisdn);
    const paymentId = first.paid!.body.payment.id;
    await waitFor('the prompt to be cancelled', async () => {
      const [row] = await stack.sql<{ status: string }>('SELECT status FROM payments WHERE id = $1', [paymentId]);
      return row?.status === 'failed';
    });
    const again = await placeAndPay(STORE, token, key, msisdn);
    assert.equal(again.placed.body.order.id, first.placed.body.order.id);
    assert.equal(again.paid!.body.payment.id, paymentId);
    assert.equal(again.paid!.body.payment.status, 'failed');
    assert.equal((await ledgerFor(msisdn)).length, 1);
  });

  test('bad input: an invalid phone places nothing and sends nothing (400 naming the field)', async () => {
    const token = await shop.cartWithItem(STORE);
    const before = await stack.sql<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    const { placed, paid } = await placeAndPay(STORE, token, `co_${randomUUID()}`, '0712');
    assert.equal(placed.status, 400);
    assert.match(JSON.stringify(placed.body.error), /phone/, 'the error names the field');
    assert.equal(paid, null);
    const after = await stack.sql<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    assert.equal(after[0]!.n, before[0]!.n);
  });
});
