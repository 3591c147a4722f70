// M-Pesa money after the STK push, over real HTTP against the Daraja sandbox process, the API
// and the worker: refunds by reversal (full, partial, refused, role-checked), payments made by
// hand (paybill C2B matched by account, till payments proved by the shopper's code), a shopper
// who pays twice, and the daily reconciliation that finds money M-Pesa took but we never saw.
// STK Queries are switched off here (MPESA_QUERY_AFTER_MS = 10 min) so a lost callback stays lost
// until the reconciliation finds it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { shopFlows } from '../helpers/shop.ts';
import { first } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { waitFor, waitForRows } from '../helpers/wait.ts';

const TILL_STORE = 'nairobi-gadgets';
const PAYBILL_STORE = 'saa-bora';
const stack = useApiStack({
  sandbox: true,
  env: { MPESA_QUERY_AFTER_MS: '600000', MPESA_STATUS_QUERY_AFTER_MS: '600000' },
});

/** What these tests read of an API answer: each part only where the route gives it. */
interface Answer {
  cart: { token: string };
  order: { id: string; number: number; totalKes: number };
  payment: { id: string; status: string; receiptNumber: string | null };
  payments: { refundedKes: number }[];
  refund: { id: string; status: string; amountKes: number; method: string };
  refunds: { status: string }[];
  settings: { refundMethod: string };
  c2bRegistration: { ok: boolean };
  report: {
    totals: { statementChecked: boolean; recoveredFromMpesa: number; attempts: number };
    mismatches: { kind: string; paymentId?: string }[];
  };
  error: { code: string; details: { reason: string; refundableKes: number } };
}
/** What these tests read of the Daraja sandbox's admin answers. */
interface SandboxAnswer {
  results: {
    kind?: string;
    amount?: number;
    request?: { TransactionID?: string };
    TransactionID?: string;
    result: { TransactionID: string };
  }[];
  transactions: { PhoneNumber: string; status: string; CheckoutRequestID: string; callbacks: unknown[] }[];
  transaction: { TransID: string };
}
/**
 * The columns these tests read (each query selects some of them; the assertions check which).
 */
interface DbRow {
  id: string;
  sku: string;
  status: string;
  number: number;
  total_kes: number;
  receipt_number: string;
  refunded_kes: number;
  transaction_id: string;
  action: string;
  after: unknown;
  n: number;
  outcome: string | null;
  flagged: boolean;
  method: string;
  counts_for_order: boolean;
  flags: string[];
  day: string;
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.101');
const sql = stack.sql<DbRow>;
let seq = 300;
const phone = (suffix: string) => `2547${String(++seq).padStart(4, '0')}${suffix}`;
const { tenantOf } = stack;
const sandbox = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${stack.sandbox.url}/__admin/daraja${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as SandboxAnswer };
};
const orderRow = async (id: string) =>
  (await sql('SELECT status, number, total_kes FROM orders WHERE id = $1', [id]))[0]!;

const shop = shopFlows(stack);
const placeOrder = async (store: string, shopperPhone: string) =>
  shop.placeOrder(
    store,
    { phone: shopperPhone, name: 'Kamau Njoroge', areaSlug: 'westlands' },
    await shop.cartWithItem(store, { sku: await shop.plentifulSku(store, true) }),
  );

async function payAndSettle(store: string, order: { id: string }) {
  const res = await shop.startPayment<Answer>(store, order.id);
  assert.equal(res.status, 201);
  return waitFor('paid', async () => {
    const [row] = await sql('SELECT id, status, receipt_number FROM payments WHERE id = $1', [res.body.payment.id]);
    return row?.status === 'paid' ? row : null;
  });
}

/** PUT /v1/owner/settings/mpesa: the demo store's sandbox credentials with these choices (kind, shortcode...). */
const saveMpesaSettings = (store: string, token: string, choices: Record<string, string>) =>
  call(
    'PUT',
    '/v1/owner/settings/mpesa',
    {
      ...choices,
      consumerKey: `demo-${store}-key`,
      consumerSecret: `demo-${store}-secret`,
      passkey: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
      initiatorName: 'sokoni-demo-api',
      securityCredential: 'ZGVtby1pbml0aWF0b3I=',
    },
    token,
  );
/** A refund of the order asked for by whoever `token` signs in: the whole payment, or `amountKes` of it. */
const requestRefund = (orderNumber: number, reason: string, token: string, amountKes?: number) =>
  call('POST', `/v1/owner/orders/${orderNumber}/refunds`, { amountKes, reason }, token);

describe('refunds', () => {
  test("staff cannot refund; the owner refunds by reversal; Daraja's Result marks payment and order refunded, audited, once", async () => {
    const order = await placeOrder(TILL_STORE, phone('0000'));
    const paid = await payAndSettle(TILL_STORE, order);
    const staff = await demoLogin(call, TILL_STORE, 'staff');
    const refused = await requestRefund(order.number, 'Wrong size', staff.accessToken);
    assert.equal(refused.status, 403);

    const owner = await demoLogin(call, TILL_STORE, 'owner');
    const bad = await requestRefund(order.number, 'x', owner.accessToken);
    assert.equal(bad.status, 400);
    const requested = await requestRefund(order.number, 'Customer returned it', owner.accessToken);
    assert.equal(requested.status, 201, JSON.stringify(requested.body));
    assert.equal(requested.body.refund.status, 'pending');
    assert.equal(requested.body.refund.amountKes, order.totalKes);
    const twice = await requestRefund(order.number, 'Customer returned it', owner.accessToken);
    assert.equal(twice.status, 409, 'one refund in flight per payment');

    await waitFor('the refund result', async () => (await orderRow(order.id)).status === 'refunded');
    const [payment] = await sql('SELECT status, refunded_kes FROM payments WHERE id = $1', [paid.id]);
    assert.deepEqual(payment, { status: 'refunded', refunded_kes: order.totalKes });
    const { body: results } = await sandbox('GET', '/results');
    const reversal = results.results.find(
      (r) =>
        r.request?.TransactionID === paid.receipt_number ||
        r.TransactionID === paid.receipt_number ||
        JSON.stringify(r).includes(paid.receipt_number),
    );
    assert.ok(reversal, 'the reversal reached M-Pesa for the right receipt');
    const [refund] = await sql('SELECT status, transaction_id FROM refunds WHERE payment_id = $1', [paid.id]);
    assert.equal(refund?.status, 'completed');
    assert.equal(refund?.transaction_id, reversal.result.TransactionID);
    const audit = await sql(
      `SELECT action FROM audit_log WHERE action LIKE 'refund.%' AND (entity_id = $1 OR after->>'orderNumber' = $2) ORDER BY id`,
      [order.id, String(order.number)],
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ['refund.requested', 'refund.completed'],
    );
    assert.equal(
      (
        await sql(
          `SELECT count(*)::int AS n FROM order_notifications WHERE order_id = $1 AND kind = 'order_refunded'`,
          [order.id],
        )
      )[0]?.n,
      1,
    );
    const after = await requestRefund(order.number, 'again', owner.accessToken);
    assert.equal(after.status, 409);

    const view = await call('GET', `/v1/owner/orders/${order.number}/payments`, undefined, owner.accessToken);
    assert.equal(view.body.refunds[0]?.status, 'completed');
    assert.equal(view.body.payments[0]?.refundedKes, order.totalKes);
  });

  test('a partial refund keeps the order paid; a refused reversal leaves everything as it was and can be retried', async () => {
    const order = await placeOrder(TILL_STORE, phone('0000'));
    const paid = await payAndSettle(TILL_STORE, order);
    const owner = await demoLogin(call, TILL_STORE, 'owner');
    const part = await requestRefund(order.number, 'Delivery was late', owner.accessToken, 100);
    assert.equal(part.status, 201, JSON.stringify(part.body));
    await waitFor(
      'the partial refund',
      async () =>
        (await sql(`SELECT status FROM refunds WHERE id = $1`, [part.body.refund.id]))[0]?.status === 'completed',
    );
    assert.equal((await orderRow(order.id)).status, 'paid');
    assert.equal((await sql('SELECT refunded_kes FROM payments WHERE id = $1', [paid.id]))[0]?.refunded_kes, 100);
    const tooMuch = await requestRefund(order.number, 'Too much', owner.accessToken, order.totalKes);
    assert.equal(tooMuch.status, 409);
    assert.equal(tooMuch.body.error.details.refundableKes, order.totalKes - 100);

    await sandbox('POST', '/results/scenarios', {
      match: { transactionId: paid.receipt_number },
      outcome: 'fail',
      resultCode: 'R000002',
      times: 1,
    });
    const failing = await requestRefund(order.number, 'Returned', owner.accessToken);
    assert.equal(failing.status, 201);
    await waitFor(
      'the refused reversal',
      async () =>
        (await sql(`SELECT status FROM refunds WHERE id = $1`, [failing.body.refund.id]))[0]?.status === 'failed',
    );
    assert.equal((await orderRow(order.id)).status, 'paid');
    const retry = await requestRefund(order.number, 'Returned', owner.accessToken);
    assert.equal(retry.status, 201);
    await waitFor('the retried refund', async () => (await orderRow(order.id)).status === 'refunded');
  });
});

describe('refunds by B2C payout', () => {
  test('a store set to refund by B2C pays the shopper back to their number; the Result completes the refund', async () => {
    const store = 'nyumba-living';
    const owner = await demoLogin(call, store, 'owner');
    const saved = await saveMpesaSettings(store, owner.accessToken, {
      kind: 'paybill',
      shortcode: '4234567',
      refundMethod: 'b2c',
    });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.settings.refundMethod, 'b2c');
    const shopper = phone('0000');
    const order = await placeOrder(store, shopper);
    await payAndSettle(store, order);
    const requested = await requestRefund(order.number, 'Out of stock after all', owner.accessToken);
    assert.equal(requested.status, 201, JSON.stringify(requested.body));
    assert.equal(requested.body.refund.method, 'b2c');
    await waitFor('the B2C result', async () => (await orderRow(order.id)).status === 'refunded');
    const payout = (await sandbox('GET', '/results')).body.results.find(
      (r) => r.kind === 'b2c' && JSON.stringify(r).includes(shopper),
    );
    assert.ok(payout, "the payout went to the shopper's number");
    assert.equal(payout?.amount, order.totalKes);
  });
});

describe('paying by hand (C2B)', () => {
  test('paybill: saving the settings registers the C2B URLs; a payment with the order number as account pays the order once', async () => {
    const owner = await demoLogin(call, PAYBILL_STORE, 'owner');
    const saved = await saveMpesaSettings(PAYBILL_STORE, owner.accessToken, { kind: 'paybill', shortcode: '4123456' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.c2bRegistration.ok, true, JSON.stringify(saved.body));
    assert.ok(!JSON.stringify(saved.body).includes('demo-saa-bora-secret'));
    const audit = await sql(`SELECT after FROM audit_log WHERE action = 'settings.mpesa_changed' AND tenant_id = $1`, [
      tenantOf(PAYBILL_STORE),
    ]);
    assert.equal(audit.length, 1);
    assert.ok(
      !JSON.stringify(audit[0]?.after).includes('demo-saa-bora-secret'),
      'the audit row records the change, not the secret',
    );

    const order = await placeOrder(PAYBILL_STORE, phone('0000'));
    const paid = await sandbox('POST', '/c2b/payments', {
      shortCode: '4123456',
      amount: order.totalKes,
      msisdn: '254711222333',
      billRefNumber: String(order.number),
    });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    const transId = paid.body.transaction.TransID;
    await waitFor('the C2B match', async () => (await orderRow(order.id)).status === 'paid');
    const [payment] = await sql(`SELECT method, status, receipt_number, phone FROM payments WHERE order_id = $1`, [
      order.id,
    ]);
    assert.deepEqual(
      { ...payment, phone: undefined },
      { method: 'c2b', status: 'paid', receipt_number: transId, phone: undefined },
    );
    assert.equal((await sandbox('POST', `/c2b/payments/${transId}/resend`)).status, 200);
    // The repeated confirmation is stored and processed (its outcome row) before counting.
    const confirmations = await waitForRows<{ outcome: string | null }>(
      'the repeated confirmation processed',
      stack.db.ownerUrl,
      `SELECT o.outcome FROM payment_callbacks c LEFT JOIN payment_callback_outcomes o ON o.tenant_id = c.tenant_id AND o.callback_id = c.id
        WHERE c.kind = 'c2b_confirmation' AND c.reference = $1 ORDER BY c.id`,
      [transId],
      (rows) => rows.length === 2 && rows.every((r) => r.outcome !== null),
    );
    assert.equal(confirmations[1]?.outcome, 'duplicate', JSON.stringify(confirmations));
    assert.equal(
      (await sql(`SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND type = 'paid'`, [order.id]))[0]
        ?.n,
      1,
      'a repeated confirmation pays nothing twice',
    );

    const short = await placeOrder(PAYBILL_STORE, phone('0000'));
    await sandbox('POST', '/c2b/payments', {
      shortCode: '4123456',
      amount: short.totalKes - 50,
      msisdn: '254711222333',
      billRefNumber: String(short.number),
    });
    const flagged = await waitFor(
      'the short payment to be flagged',
      async () =>
        (
          await sql(
            `SELECT o.outcome, o.flagged FROM c2b_payments c JOIN payment_callback_outcomes o ON o.callback_id = c.callback_id AND o.tenant_id = c.tenant_id WHERE c.bill_ref = $1`,
            [String(short.number)],
          )
        )[0],
    );
    assert.deepEqual(flagged, { outcome: 'amount_mismatch', flagged: true });
    assert.equal((await orderRow(short.id)).status, 'pending_payment');
  });

  test('a shopper who pays by STK and then by paybill is charged twice: the second is recorded, flagged for refund, never counted', async () => {
    const order = await placeOrder(PAYBILL_STORE, phone('0000'));
    await payAndSettle(PAYBILL_STORE, order);
    await sandbox('POST', '/c2b/payments', {
      shortCode: '4123456',
      amount: order.totalKes,
      msisdn: '254711222333',
      billRefNumber: String(order.number),
    });
    const rows = await waitFor('the second payment', async () => {
      const r = await sql(
        `SELECT method, status, counts_for_order, flags FROM payments WHERE order_id = $1 ORDER BY created_at`,
        [order.id],
      );
      return r.length === 2 ? r : null;
    });
    assert.equal(rows[0]!.counts_for_order, true);
    assert.deepEqual(
      [rows[1]!.method, rows[1]!.counts_for_order, rows[1]!.flags.includes('duplicate_payment')],
      ['c2b', false, true],
    );
    assert.equal(
      (await sql(`SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND type = 'paid'`, [order.id]))[0]
        ?.n,
      1,
    );
  });

  test('till: a payment by hand is matched only when the shopper gives its code, and only for the right amount', async () => {
    const owner = await demoLogin(call, TILL_STORE, 'owner');
    const saved = await saveMpesaSettings(TILL_STORE, owner.accessToken, {
      kind: 'till',
      shortcode: '7123456',
      tillNumber: '5123456',
    });
    assert.equal(saved.body.c2bRegistration.ok, true);
    const order = await placeOrder(TILL_STORE, phone('0000'));
    const confirm = (code: string, orderId = order.id) =>
      call('POST', `/v1/stores/${TILL_STORE}/orders/${orderId}/payments/confirm-code`, { code });

    const notYet = await confirm('QZZZZZZZZ1');
    assert.equal(notYet.status, 409);
    assert.equal(notYet.body.error.details.reason, 'code_not_found');

    const wrong = await sandbox('POST', '/c2b/payments', {
      shortCode: '7123456',
      amount: order.totalKes + 1,
      msisdn: '254711222444',
      billRefNumber: '',
      transactionType: 'Buy Goods',
    });
    assert.equal(wrong.status, 201, JSON.stringify(wrong.body));
    await waitFor(
      'the C2B record',
      async () => (await sql(`SELECT 1 FROM c2b_payments WHERE trans_id = $1`, [wrong.body.transaction.TransID]))[0],
    );
    const mismatch = await confirm(wrong.body.transaction.TransID.toLowerCase());
    assert.equal(mismatch.status, 409);
    assert.equal(mismatch.body.error.details.reason, 'amount_mismatch');

    const right = await sandbox('POST', '/c2b/payments', {
      shortCode: '7123456',
      amount: order.totalKes,
      msisdn: '254711222444',
      billRefNumber: '',
      transactionType: 'Buy Goods',
    });
    const code = right.body.transaction.TransID;
    await waitFor(
      'the C2B record',
      async () => (await sql(`SELECT 1 FROM c2b_payments WHERE trans_id = $1`, [code]))[0],
    );
    assert.equal((await orderRow(order.id)).status, 'pending_payment', 'a till payment is not matched on its own');
    const ok = await confirm(code);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.payment.status, 'paid');
    assert.equal(ok.body.payment.receiptNumber, code);
    assert.equal((await orderRow(order.id)).status, 'paid');
    assert.equal((await confirm(code)).body.payment.id, ok.body.payment.id, 'asking again answers the same');

    const other = await placeOrder(TILL_STORE, phone('0000'));
    const reused = await confirm(code, other.id);
    assert.equal(reused.status, 409);
    assert.equal(reused.body.error.details.reason, 'code_used');
  });
});

describe('daily reconciliation', () => {
  test('money M-Pesa took without a callback is found in the statement, applied, and listed; staff cannot read the report', async () => {
    const shopper = phone('9000'); // pays, never calls back; STK Query is off in this file
    const order = await placeOrder(PAYBILL_STORE, shopper);
    const res = await fetch(`${stack.api.url}/v1/stores/${PAYBILL_STORE}/orders/${order.id}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `pay-${randomUUID()}` },
      body: '{}',
    });
    const { payment } = (await res.json()) as Answer;
    const paidAtMpesa = await waitFor('the payer to pay', async () =>
      (await sandbox('GET', '/transactions')).body.transactions.find(
        (t) => t.PhoneNumber === shopper && t.status === 'completed',
      ),
    );
    // M-Pesa took the money and sent us nothing: no callback left the sandbox, none reached us.
    assert.deepEqual(paidAtMpesa.callbacks, [], 'no callback was sent');
    assert.equal(
      (
        await sql(`SELECT count(*)::int AS n FROM payment_callbacks WHERE reference = $1`, [
          paidAtMpesa.CheckoutRequestID,
        ])
      )[0]?.n,
      0,
    );
    assert.equal((await sql('SELECT status FROM payments WHERE id = $1', [payment.id]))[0]?.status, 'pending');

    const owner = await demoLogin(call, PAYBILL_STORE, 'owner');
    // The payment's own day in Nairobi, from the database clock: right at any hour, also after
    // 21:00 UTC when Nairobi is already on the next day.
    const { day } = first(
      await sql(`SELECT ((created_at AT TIME ZONE 'Africa/Nairobi')::date)::text AS day FROM payments WHERE id = $1`, [
        payment.id,
      ]),
    );
    const run = await call('POST', `/v1/owner/payments/reconciliation?day=${day}`, undefined, owner.accessToken);
    assert.equal(run.status, 200, JSON.stringify(run.body));
    const report = run.body.report;
    assert.equal(report.totals.statementChecked, true);
    assert.ok(report.totals.recoveredFromMpesa >= 1);
    assert.ok(
      report.mismatches.some((m) => m.kind === 'paid_at_mpesa_not_here' && m.paymentId === payment.id),
      JSON.stringify(report.mismatches),
    );
    assert.ok(
      report.mismatches.some((m) => m.kind === 'flagged_duplicate_payment'),
      'the double charge from the test above is on the report',
    );
    assert.equal((await orderRow(order.id)).status, 'paid');
    const [row] = await sql('SELECT status, receipt_number FROM payments WHERE id = $1', [payment.id]);
    assert.equal(row?.status, 'paid');
    assert.ok(row?.receipt_number, 'the statement supplies the receipt');

    const stored = await call('GET', `/v1/owner/payments/reconciliation/${day}`, undefined, owner.accessToken);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.report.totals.attempts, report.totals.attempts);
    const staff = await demoLogin(call, PAYBILL_STORE, 'staff');
    assert.equal(
      (await call('GET', `/v1/owner/payments/reconciliation/${day}`, undefined, staff.accessToken)).status,
      403,
    );
    assert.equal(
      (await call('GET', '/v1/owner/payments/reconciliation/2020-01-01', undefined, owner.accessToken)).status,
      404,
    );
  });
});
