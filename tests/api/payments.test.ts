// M-Pesa payments end to end over real HTTP: the API sends STK pushes to the Daraja sandbox
// (a real process), the sandbox calls back to the API's per-store callback URL, the worker
// applies callbacks and STK Queries against real Postgres and Redis. Outcomes are chosen by the
// sandbox's phone-suffix scenarios (apps/sandbox/src/daraja/SCENARIOS.md).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { createQueues } from '../../apps/api/dist/queues/queues.js';
import type { Payment } from '@sokoni/contracts';
import { useApiStack } from '../helpers/api-fixture.ts';
import { shopFlows } from '../helpers/shop.ts';
import { REDIS_URL } from '../helpers/database.ts';
import { jsonCaller, demoLogin } from '../helpers/http.ts';
import { waitFor, waitForQueuedJob, waitForRows } from '../helpers/wait.ts';

const TILL_STORE = 'nairobi-gadgets';
const PAYBILL_STORE = 'saa-bora';
const stack = useApiStack({ sandbox: true });

/**
 * What these tests read of an API answer: each part only where the route gives it (the assertions
 * check which; the type does not).
 */
interface Answer {
  cart: { token: string };
  order: { id: string; number: number; totalKes: number };
  payment: Payment;
  ok: boolean;
  settings: { configured: boolean };
  error: { code: string; message: string; details: { field: string; reason: string } };
}
/** A push as the Daraja sandbox's ledger lists it (what these tests read or send back). */
interface LedgerEntry {
  MerchantRequestID: string;
  CheckoutRequestID: string;
  ResultCode: number;
  ResultDesc: string;
  paidAmount: number;
  MpesaReceiptNumber: string;
  TransactionDate: string;
  PhoneNumber: string;
  TransactionType: string;
  AccountReference: string;
  PartyB: string;
  BusinessShortCode: string;
  Amount: number;
  status: string;
  callbacks: unknown[];
}
/** The columns these tests read (each query selects some of them). */
interface DbRow {
  id: string;
  sku: string;
  status: string;
  reserved_until: Date | null;
  type: string;
  kind: string;
  callback_secret: string;
  action: string;
  raw: string;
  outcome: string | null;
  flagged: boolean;
  path_hint: string | null;
  flags: string[];
  receipt_number: string | null;
  n: number;
  c: string;
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.100');
const sql = stack.sql<DbRow>;

let phoneSeq = 100;
/** A fresh phone (no pending push locks it) whose last four digits pick the sandbox scenario. */
function phone(suffix: string): string {
  phoneSeq++;
  return `2547${String(phoneSeq).padStart(4, '0')}${suffix}`;
}

function tenantOf(store: string): Promise<string> {
  return Promise.resolve(stack.tenantOf(store));
}

const shop = shopFlows(stack);
/** A pending order with one cheap in-stock item, placed by a shopper with this phone. */
const placeOrder = (store: string, shopperPhone: string) =>
  shop.placeOrder(store, { phone: shopperPhone, name: 'Achieng Otieno', areaSlug: 'kilimani' });
const pay = (store: string, orderId: string, body?: unknown, key?: string) =>
  shop.startPayment<Answer>(store, orderId, body, key);

const paymentStatus = async (store: string, orderId: string, paymentId: string) =>
  (await call('GET', `/v1/stores/${store}/orders/${orderId}/payments/${paymentId}`)).body.payment;

async function settled(store: string, orderId: string, paymentId: string, timeoutMs = 20_000) {
  return waitFor(
    'the payment to settle',
    async () => {
      const [row] = await sql('SELECT status FROM payments WHERE id = $1', [paymentId]);
      return row && row.status !== 'pending' && row.status !== 'initiating'
        ? paymentStatus(store, orderId, paymentId)
        : null;
    },
    timeoutMs,
  );
}

const sandboxGet = async <T>(path: string) => (await (await fetch(`${stack.sandbox.url}${path}`)).json()) as T;
const sandboxPost = async (path: string, body: unknown) => {
  const res = await fetch(`${stack.sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
};
const ledgerFor = async (phoneNumber: string) =>
  (await sandboxGet<{ transactions: LedgerEntry[] }>('/__admin/daraja/transactions')).transactions.filter(
    (t) => t.PhoneNumber === phoneNumber,
  );
/** The shopper's push once the sandbox has called back about it, and the status the API answered that callback with. */
async function calledBack(shopper: string, what: string) {
  const [tx] = await waitFor(what, async () => {
    const rows = await ledgerFor(shopper);
    return rows[0]?.callbacks?.length ? rows : null;
  });
  return { tx: tx!, answered: (tx!.callbacks[0] as { status: number } | undefined)?.status };
}

const orderRow = async (orderId: string) =>
  (await sql('SELECT status, reserved_until FROM orders WHERE id = $1', [orderId]))[0]!;
const eventsOf = async (orderId: string) =>
  (await sql('SELECT type FROM order_events WHERE order_id = $1 ORDER BY id', [orderId])).map((e) => e.type);
const notificationsOf = async (orderId: string) =>
  sql(`SELECT kind FROM order_notifications WHERE order_id = $1 AND kind = 'order_paid'`, [orderId]);
const callbackUrlOf = async (store: string) => {
  const [row] = await sql('SELECT callback_secret FROM mpesa_settings WHERE tenant_id = $1', [await tenantOf(store)]);
  return `${stack.api.url}/v1/hooks/daraja/${row!.callback_secret}/stk`;
};

/** The body Daraja would POST for a settled sandbox transaction (reference 1.3). */
function callbackBodyFor(tx: LedgerEntry) {
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: tx.MerchantRequestID,
        CheckoutRequestID: tx.CheckoutRequestID,
        ResultCode: tx.ResultCode,
        ResultDesc: tx.ResultDesc,
        ...(tx.ResultCode === 0
          ? {
              CallbackMetadata: {
                Item: [
                  { Name: 'Amount', Value: tx.paidAmount },
                  { Name: 'MpesaReceiptNumber', Value: tx.MpesaReceiptNumber },
                  { Name: 'Balance' },
                  { Name: 'TransactionDate', Value: Number(tx.TransactionDate) },
                  { Name: 'PhoneNumber', Value: Number(tx.PhoneNumber) },
                ],
              },
            }
          : {}),
      },
    },
  };
}
const postCallback = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Waits until this many STK callbacks for the CheckoutRequestID are stored and each has its outcome row. */
const callbacksProcessed = (checkoutRequestId: string, count: number) =>
  waitForRows<{ id: string; outcome: string | null }>(
    `${count} callbacks for ${checkoutRequestId} processed`,
    stack.db.ownerUrl,
    `SELECT c.id, o.outcome FROM payment_callbacks c LEFT JOIN payment_callback_outcomes o ON o.tenant_id = c.tenant_id AND o.callback_id = c.id
    WHERE c.kind = 'stk' AND c.reference = $1 ORDER BY c.id`,
    [checkoutRequestId],
    (rows) => rows.length === count && rows.every((r) => r.outcome !== null),
  );

/**
 * Waits until the payment's chain of STK Query jobs has ended: attempt n either settled the
 * payment, found it no longer open, or queued attempt n + 1 (then that one is waited for).
 * Returns the last job's outcome.
 */
async function queryJobsDone(paymentId: string): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    const job = await waitForQueuedJob(
      stack.env.REDIS_KEY_PREFIX!,
      'payments',
      `query-${paymentId}-${attempt}`,
      30_000,
    );
    assert.equal(job.state, 'completed', job.failedReason);
    const { outcome } = (job.returnvalue ?? {}) as { outcome?: string };
    if (outcome !== 'requeried_later') return outcome;
  }
}

describe('STK push: the happy path', () => {
  test('pay -> PIN prompt -> callback -> paid once: receipt, order paid, stock sold, audit, one notification owed, raw callback kept', async () => {
    const shopper = phone('0000');
    const order = await placeOrder(TILL_STORE, shopper);
    const before = await orderRow(order.id);
    const started = await pay(TILL_STORE, order.id);
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const p = started.body.payment;
    assert.equal(p.status, 'pending');
    assert.equal(p.amountKes, order.totalKes);
    assert.match(p.phoneMasked, /^07\d\d \*\*\* \d{3}$/);
    assert.deepEqual(p.manual, { kind: 'till', shortcode: '5123456', account: null, amountKes: order.totalKes });
    assert.ok(
      new Date((await orderRow(order.id)).reserved_until!) >= new Date(before.reserved_until!),
      'the hold covers the PIN prompt',
    );

    const done = await settled(TILL_STORE, order.id, p.id);
    assert.equal(done.status, 'paid');
    assert.equal(done.outcome, 'paid');
    const [tx] = await ledgerFor(shopper);
    assert.equal(tx!.TransactionType, 'CustomerBuyGoodsOnline');
    assert.equal(tx!.PartyB, '5123456', 'a till is paid as Buy Goods to the till number');
    assert.equal(tx!.Amount, order.totalKes);
    assert.equal(done.receiptNumber, tx!.MpesaReceiptNumber);
    assert.match(done.message, new RegExp(tx!.MpesaReceiptNumber));

    assert.equal((await orderRow(order.id)).status, 'paid');
    assert.equal((await eventsOf(order.id)).filter((t) => t === 'paid').length, 1);
    const moves = await sql(`SELECT kind, quantity FROM inventory_movements WHERE order_id = $1 ORDER BY id`, [
      order.id,
    ]);
    assert.deepEqual(
      moves.map((m) => m.kind),
      ['reserve', 'release', 'sale'],
      'the hold became a sale',
    );
    assert.deepEqual(await notificationsOf(order.id), [{ kind: 'order_paid' }]);
    const audit = await sql(
      `SELECT action FROM audit_log WHERE entity_type = 'payment' AND entity_id = $1 ORDER BY id`,
      [p.id],
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ['payment.started', 'payment.paid'],
    );
    const [raw] = await sql(
      `SELECT c.raw, c.kind, o.outcome FROM payment_callbacks c JOIN payment_callback_outcomes o ON o.callback_id = c.id WHERE c.reference = $1`,
      [tx!.CheckoutRequestID],
    );
    assert.equal(raw!.kind, 'stk');
    assert.equal(raw!.outcome, 'applied_paid');
    assert.equal(
      (JSON.parse(raw!.raw) as { Body: { stkCallback: { CheckoutRequestID: string } } }).Body.stkCallback
        .CheckoutRequestID,
      tx!.CheckoutRequestID,
      'the raw body is kept as received',
    );

    const again = await pay(TILL_STORE, order.id);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.details.reason, 'order_not_payable');
  });

  test('a paybill store pushes CustomerPayBillOnline with the order number as the account', async () => {
    const shopper = phone('0000');
    const order = await placeOrder(PAYBILL_STORE, shopper);
    const started = await pay(PAYBILL_STORE, order.id);
    assert.equal(started.status, 201);
    assert.deepEqual(started.body.payment.manual, {
      kind: 'paybill',
      shortcode: '4123456',
      account: String(order.number),
      amountKes: order.totalKes,
    });
    await settled(PAYBILL_STORE, order.id, started.body.payment.id);
    const [tx] = await ledgerFor(shopper);
    assert.equal(tx!.TransactionType, 'CustomerPayBillOnline');
    assert.equal(tx!.BusinessShortCode, '4123456');
    assert.equal(tx!.AccountReference, String(order.number));
  });
});

describe('STK push: failures the shopper can act on', () => {
  for (const [suffix, outcome, code] of [
    ['1032', 'cancelled', '1032'],
    ['1037', 'timeout', '1037'],
    ['0001', 'insufficient_funds', '1'],
    ['2001', 'wrong_pin', '2001'],
  ] as const) {
    test(`ResultCode ${code} -> ${outcome}, order still payable, retry from another number pays`, async () => {
      const order = await placeOrder(TILL_STORE, phone(suffix));
      const started = await pay(TILL_STORE, order.id);
      assert.equal(started.status, 201);
      const failed = await settled(TILL_STORE, order.id, started.body.payment.id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.outcome, outcome);
      assert.equal(failed.resultCode, code);
      assert.equal(failed.retryable, true);
      assert.ok(failed.message.length > 20);
      assert.equal((await orderRow(order.id)).status, 'pending_payment');

      const retry = await pay(TILL_STORE, order.id, { phone: `0${phone('0000').slice(3)}` });
      assert.equal(retry.status, 201);
      assert.notEqual(retry.body.payment.id, failed.id);
      assert.equal((await settled(TILL_STORE, order.id, retry.body.payment.id)).status, 'paid');
      assert.equal((await orderRow(order.id)).status, 'paid');
    });
  }
});

describe('STK push: duplicates, forgeries and races', () => {
  test('a callback sent twice pays once and owes one notification', async () => {
    const shopper = phone('9002');
    const order = await placeOrder(TILL_STORE, shopper);
    const started = await pay(TILL_STORE, order.id);
    await settled(TILL_STORE, order.id, started.body.payment.id);
    const [tx] = await ledgerFor(shopper);
    await waitFor('both callbacks processed', async () => {
      const rows = await sql(
        `SELECT o.outcome FROM payment_callbacks c JOIN payment_callback_outcomes o ON o.callback_id = c.id WHERE c.reference = $1`,
        [tx!.CheckoutRequestID],
      );
      return rows.length === 2 ? rows : null;
    });
    const outcomes = (
      await sql(
        `SELECT o.outcome FROM payment_callbacks c JOIN payment_callback_outcomes o ON o.callback_id = c.id WHERE c.reference = $1 ORDER BY c.id`,
        [tx!.CheckoutRequestID],
      )
    ).map((r) => r.outcome);
    assert.deepEqual(outcomes.sort(), ['applied_paid', 'duplicate']);
    assert.equal((await eventsOf(order.id)).filter((t) => t === 'paid').length, 1);
    assert.equal((await notificationsOf(order.id)).length, 1);
    // A replay days later is a no-op too.
    await postCallback(await callbackUrlOf(TILL_STORE), callbackBodyFor({ ...tx!, ResultCode: 0 }));
    const replayed = await callbacksProcessed(tx!.CheckoutRequestID, 3);
    assert.equal(replayed[2]?.outcome, 'duplicate', 'the replay is recognised as a duplicate');
    assert.equal((await eventsOf(order.id)).filter((t) => t === 'paid').length, 1);
  });

  test('a wrong path secret is refused and kept for the on-call engineer; nothing changes', async () => {
    const res = await postCallback(`${stack.api.url}/v1/hooks/daraja/${'x'.repeat(32)}/stk`, {
      Body: { stkCallback: { CheckoutRequestID: 'ws_CO_forged', ResultCode: 0 } },
    });
    assert.equal(res.status, 404);
    const rejected = await sql(`SELECT path_hint, raw FROM rejected_payment_callbacks`);
    assert.ok(rejected.some((r) => r.raw.includes('ws_CO_forged')));
    assert.ok(!rejected.some((r) => r.path_hint?.includes('x'.repeat(32))), 'the attempted secret is not stored whole');
  });

  test('an unknown CheckoutRequestID is stored, flagged, never applied', async () => {
    const res = await postCallback(await callbackUrlOf(TILL_STORE), {
      Body: {
        stkCallback: {
          MerchantRequestID: '1-2-3',
          CheckoutRequestID: 'ws_CO_000000000000000000',
          ResultCode: 0,
          ResultDesc: 'ok',
          CallbackMetadata: {
            Item: [
              { Name: 'Amount', Value: 100 },
              { Name: 'MpesaReceiptNumber', Value: 'FAKE000001' },
            ],
          },
        },
      },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ResultCode: 0, ResultDesc: 'Accepted' });
    const outcome = await waitFor(
      'the unknown callback outcome',
      async () =>
        (
          await sql(
            `SELECT o.outcome, o.flagged FROM payment_callbacks c JOIN payment_callback_outcomes o ON o.callback_id = c.id WHERE c.reference = 'ws_CO_000000000000000000'`,
          )
        )[0],
    );
    assert.deepEqual(outcome, { outcome: 'unknown_checkout_request', flagged: true });
    assert.equal((await sql(`SELECT count(*)::int AS n FROM payments WHERE receipt_number = 'FAKE000001'`))[0]!.n, 0);
  });

  test('a success for a different amount is flagged and not applied, even when STK Query later says paid', async () => {
    const shopper = phone('9004');
    const order = await placeOrder(TILL_STORE, shopper);
    const started = await pay(TILL_STORE, order.id);
    const done = await settled(TILL_STORE, order.id, started.body.payment.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.retryable, false);
    assert.match(done.message, /different amount/);
    // STK Query would say "paid" for this push: its job has run, and changed nothing.
    await queryJobsDone(done.id);
    assert.equal((await orderRow(order.id)).status, 'pending_payment');
    const [row] = await sql(`SELECT flags, status FROM payments WHERE id = $1`, [done.id]);
    assert.ok(row!.flags.includes('amount_mismatch'));
    assert.equal(row!.status, 'failed');
  });

  test('a double tap on Pay (ten requests, ten keys) sends one STK push', async () => {
    const shopper = phone('0000');
    await sandboxPost('/__admin/daraja/scenarios', { phone: shopper, scenario: 'pays', delayMs: 1500 });
    const order = await placeOrder(TILL_STORE, shopper);
    const answers = await Promise.all(Array.from({ length: 10 }, () => pay(TILL_STORE, order.id)));
    const ids = new Set(answers.map((a) => a.body.payment?.id));
    assert.equal(ids.size, 1, JSON.stringify(answers.map((a) => [a.status, a.body.error?.message])));
    assert.equal(answers.filter((a) => a.status === 201).length, 1);
    await settled(TILL_STORE, order.id, [...ids][0]!);
    assert.equal((await ledgerFor(shopper)).length, 1, 'one push reached M-Pesa');
  });

  test('the same Idempotency-Key returns the same attempt, also after it settled', async () => {
    const order = await placeOrder(TILL_STORE, phone('1032'));
    const key = `pay-${randomUUID()}`;
    const first = await pay(TILL_STORE, order.id, {}, key);
    const second = await pay(TILL_STORE, order.id, {}, key);
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.body.payment.id, first.body.payment.id);
    await settled(TILL_STORE, order.id, first.body.payment.id);
    const third = await pay(TILL_STORE, order.id, {}, key);
    assert.equal(third.body.payment.id, first.body.payment.id);
    assert.equal(third.body.payment.status, 'failed');
  });

  test('status check, STK Query job and a callback settling the same payment at once: one transition, one notification', async () => {
    const shopper = phone('9000'); // pays, but no callback
    const order = await placeOrder(TILL_STORE, shopper);
    const started = await pay(TILL_STORE, order.id);
    const [tx] = await waitFor('the payer to pay', async () => {
      const rows = await ledgerFor(shopper);
      return rows[0]?.status === 'completed' ? rows : null;
    });
    // A status check asks M-Pesa only once the push is MPESA_STATUS_QUERY_AFTER_MS (1.5 s) old.
    const createdAt = new Date(started.body.payment.createdAt).getTime();
    await waitFor('the push to be 1.5 s old', () => Date.now() - createdAt >= 1500, { intervalMs: 20 });
    const url = await callbackUrlOf(TILL_STORE);
    await Promise.all([
      paymentStatus(TILL_STORE, order.id, started.body.payment.id),
      postCallback(url, callbackBodyFor(tx!)),
      paymentStatus(TILL_STORE, order.id, started.body.payment.id),
      postCallback(url, callbackBodyFor(tx!)),
    ]);
    const done = await settled(TILL_STORE, order.id, started.body.payment.id);
    assert.equal(done.status, 'paid');
    // Every report has been processed before counting: both callbacks have their outcome rows
    // and the STK Query job chain has ended (the status checks ran inside their requests).
    await callbacksProcessed(tx!.CheckoutRequestID, 2);
    await queryJobsDone(done.id);
    assert.equal((await eventsOf(order.id)).filter((t) => t === 'paid').length, 1);
    assert.equal((await notificationsOf(order.id)).length, 1);
    const [row] = await sql(`SELECT receipt_number FROM payments WHERE id = $1`, [done.id]);
    assert.equal(
      row!.receipt_number,
      tx!.MpesaReceiptNumber,
      'the receipt arrives with the callback even if the query settled first',
    );
  });
});

describe('STK push: no callback, late callback, lost jobs', () => {
  test('no callback: STK Query settles it (paid, receipt to follow)', async () => {
    const shopper = phone('9000');
    const order = await placeOrder(TILL_STORE, shopper);
    const started = await pay(TILL_STORE, order.id);
    const done = await settled(TILL_STORE, order.id, started.body.payment.id);
    assert.equal(done.status, 'paid');
    assert.equal(done.receiptNumber, null);
    assert.match(done.message, /will follow/);
    assert.equal((await orderRow(order.id)).status, 'paid');
  });

  test('declared timed out, then the success arrives late: paid after all and flagged', async () => {
    const shopper = phone('0000');
    // The payer takes 16 s; our queries (1.5 s, 3 s, 6 s, then 12 s: four attempts) give up first.
    await sandboxPost('/__admin/daraja/scenarios', { phone: shopper, scenario: 'no-callback', delayMs: 26_000 });
    const order = await placeOrder(TILL_STORE, shopper);
    const started = await pay(TILL_STORE, order.id);
    const timedOut = await settled(TILL_STORE, order.id, started.body.payment.id, 40_000);
    assert.equal(timedOut.status, 'failed');
    assert.equal(timedOut.outcome, 'timeout');
    const [tx] = await waitFor(
      'the payer to pay late',
      async () => {
        const rows = await ledgerFor(shopper);
        return rows[0]?.status === 'completed' ? rows : null;
      },
      30_000,
    );
    await postCallback(await callbackUrlOf(TILL_STORE), callbackBodyFor(tx!));
    await waitFor('the late success', async () => (await orderRow(order.id)).status === 'paid');
    const [row] = await sql(`SELECT status, flags, receipt_number FROM payments WHERE id = $1`, [timedOut.id]);
    assert.equal(row!.status, 'paid');
    assert.ok(row!.flags.includes('late_success') && row!.flags.includes('declared_timeout'));
    assert.equal(row!.receipt_number, tx!.MpesaReceiptNumber);
  });

  test('a paid order is never lost to the stock-hold expiry: a success after the hold lapsed revives it', async () => {
    const shopper = phone('0000');
    await sandboxPost('/__admin/daraja/scenarios', { phone: shopper, scenario: 'pays', delayMs: 4_000 });
    const order = await placeOrder(TILL_STORE, shopper);
    const started = await pay(TILL_STORE, order.id);
    // The hold lapses while the PIN prompt is open, and the expiry job runs.
    await sql(`UPDATE orders SET reserved_until = now() - interval '1 minute' WHERE id = $1`, [order.id]);
    const keyPrefix: string = stack.env.REDIS_KEY_PREFIX!;
    const queues = createQueues({ url: REDIS_URL }, keyPrefix, 1);
    await queues.get('payments')!.add('order.expire-reservation', {
      tenantId: await tenantOf(TILL_STORE),
      correlationId: 'test',
      data: { orderId: order.id },
    });
    await waitFor('the expiry', async () => (await orderRow(order.id)).status === 'cancelled');
    await Promise.all([...queues.values()].map((q) => q.close()));
    const done = await settled(TILL_STORE, order.id, started.body.payment.id);
    assert.equal(done.status, 'paid');
    assert.equal((await orderRow(order.id)).status, 'paid');
    assert.deepEqual((await eventsOf(order.id)).slice(-2), ['reservation_expired', 'paid_after_cancel']);
    const [row] = await sql(`SELECT flags FROM payments WHERE id = $1`, [done.id]);
    assert.ok(row!.flags.includes('paid_after_cancel'));
    const moves = await sql(`SELECT kind FROM inventory_movements WHERE order_id = $1 ORDER BY id`, [order.id]);
    assert.deepEqual(
      moves.map((m) => m.kind),
      ['reserve', 'release', 'sale'],
      'the stock was taken again as a sale',
    );
  });

  test('worker killed, then its queue wiped (Redis lost): the stored callback is still applied by the sweeper', async () => {
    await stack.worker.stop('SIGKILL');
    const shopper = phone('0000');
    const order = await placeOrder(TILL_STORE, shopper);
    const started = await pay(TILL_STORE, order.id);
    const { tx, answered } = await calledBack(shopper, 'the sandbox to call back');
    assert.equal(answered, 200, 'the API answered 200 with no worker running');
    const keyPrefix: string = stack.env.REDIS_KEY_PREFIX!;
    const queues = createQueues({ url: REDIS_URL }, keyPrefix, 1);
    await queues.get('payments')!.obliterate({ force: true });
    await Promise.all([...queues.values()].map((q) => q.close()));
    assert.equal(
      (await sql(`SELECT status FROM payments WHERE id = $1`, [started.body.payment.id]))[0]!.status,
      'pending',
    );
    await stack.restartWorker();
    const done = await settled(TILL_STORE, order.id, started.body.payment.id, 45_000);
    assert.equal(done.status, 'paid');
    assert.equal(done.receiptNumber, tx.MpesaReceiptNumber);
  });
  test("no worker to run the callback's job: the shopper's status check applies the stored callback instead of asking M-Pesa again", async () => {
    // A checkout burst keeps the payments queue long: M-Pesa's callback is stored, its job waits.
    // Asking M-Pesa (STK Query) would only learn what the callback already says, without the receipt.
    await stack.worker.stop('SIGKILL');
    let orderId: string;
    let callbackId: string;
    try {
      const counters = async () => {
        const text = await (await fetch(`${stack.api.url}/metrics`)).text();
        const count = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
        return {
          asked: count(/^mpesa_stk_queries_total\{answer="paid"\} (\d+)/m),
          avoided: count(/^mpesa_stk_queries_avoided_total\{why="callback_stored"\} (\d+)/m),
        };
      };
      const before = await counters();
      const shopper = phone('0000');
      const order = await placeOrder(TILL_STORE, shopper);
      orderId = order.id;
      const started = await pay(TILL_STORE, order.id);
      const { tx, answered } = await calledBack(shopper, 'the sandbox to call back');
      assert.equal(answered, 200);
      const [stored] = await sql(
        `SELECT c.id, o.outcome FROM payment_callbacks c
           LEFT JOIN payment_callback_outcomes o ON o.tenant_id = c.tenant_id AND o.callback_id = c.id
          WHERE c.kind = 'stk' AND c.reference = $1`,
        [tx.CheckoutRequestID],
      );
      assert.equal(stored!.outcome, null, 'stored, not processed: nothing runs its job');
      callbackId = String(stored!.id);
      // The shopper's page asks every 2 s; after MPESA_STATUS_QUERY_AFTER_MS a check may settle it.
      const done = await waitFor('the status check to settle it', async () => {
        const payment = await paymentStatus(TILL_STORE, order.id, started.body.payment.id);
        return payment.status === 'pending' ? null : payment;
      });
      assert.equal(done.status, 'paid');
      assert.equal(done.receiptNumber, tx.MpesaReceiptNumber, "the callback's receipt, which a query answer lacks");
      const after = await counters();
      assert.equal(after.asked, before.asked, 'M-Pesa was not asked');
      assert.equal(after.avoided, before.avoided + 1);
      const outcomes = await sql(`SELECT outcome FROM payment_callback_outcomes WHERE callback_id = $1`, [stored!.id]);
      assert.deepEqual(
        outcomes.map((o) => o.outcome),
        ['applied_paid'],
      );
    } finally {
      await stack.restartWorker();
    }
    // The callback's own job runs once the worker is back: it finds the callback done.
    await stack.worker.waitForLog(
      (e) =>
        e.msg === 'mpesa callback processed' &&
        String(e.callback_id) === callbackId &&
        e.outcome === 'already_processed',
    );
    assert.deepEqual(
      (await eventsOf(orderId)).filter((t) => t === 'paid'),
      ['paid'],
      'paid once',
    );
    assert.equal((await notificationsOf(orderId)).length, 1, 'one "paid" message owed');
  });
});

describe('callback source addresses', () => {
  test("a store enforcing Safaricom's addresses refuses a callback from elsewhere (stored, flagged); STK Query still settles the payment", async () => {
    const store = 'nyumba-living';
    await sql(`UPDATE mpesa_settings SET callback_ip_check = 'enforce' WHERE tenant_id = $1`, [await tenantOf(store)]);
    const shopper = phone('0000');
    const order = await placeOrder(store, shopper);
    const started = await pay(store, order.id);
    const { tx, answered } = await calledBack(shopper, 'the sandbox callback');
    assert.equal(answered, 403, 'loopback is not a Safaricom address');
    const [stored] = await sql(
      `SELECT c.ip_allowed, o.outcome, o.flagged FROM payment_callbacks c JOIN payment_callback_outcomes o ON o.callback_id = c.id WHERE c.reference = $1`,
      [tx.CheckoutRequestID],
    );
    assert.deepEqual(stored, { ip_allowed: false, outcome: 'ip_refused', flagged: true });
    const done = await settled(store, order.id, started.body.payment.id);
    assert.equal(done.status, 'paid', 'the STK Query answer is what counts');
    assert.equal(done.receiptNumber, null, "the refused callback's receipt is not trusted");
  });
});

describe('payments: bad input', () => {
  test('missing key, bad phone, unknown order, unknown payment are clear 4xx', async () => {
    const order = await placeOrder(TILL_STORE, phone('0000'));
    const noKey = await fetch(`${stack.api.url}/v1/stores/${TILL_STORE}/orders/${order.id}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(noKey.status, 400);
    assert.equal(((await noKey.json()) as Answer).error.details.field, 'idempotency-key');
    const badPhone = await pay(TILL_STORE, order.id, { phone: '0812' });
    assert.equal(badPhone.status, 400);
    assert.equal(badPhone.body.error.details.field, 'phone');
    assert.equal(
      (await sql(`SELECT count(*)::int AS n FROM payments WHERE order_id = $1`, [order.id]))[0]!.n,
      0,
      'no partial write',
    );
    const unknown = await pay(TILL_STORE, randomUUID());
    assert.equal(unknown.status, 404);
    const otherStore = await pay(PAYBILL_STORE, order.id);
    assert.equal(otherStore.status, 404, 'an order id is only valid at its own store');
    const noPayment = await call('GET', `/v1/stores/${TILL_STORE}/orders/${order.id}/payments/${randomUUID()}`);
    assert.equal(noPayment.status, 404);
    const badCode = await call('POST', `/v1/stores/${TILL_STORE}/orders/${order.id}/payments/confirm-code`, {
      code: 'nope',
    });
    assert.equal(badCode.status, 400);
  });
});

describe('owner: M-Pesa settings', () => {
  test('secrets go in and never come out; test connection fetches a token; staff and admins cannot touch them', async () => {
    const owner = await demoLogin(call, PAYBILL_STORE, 'owner');
    const view = await call('GET', '/v1/owner/settings/mpesa', undefined, owner.accessToken);
    assert.equal(view.status, 200);
    assert.equal(view.body.settings.configured, true);
    const text = JSON.stringify(view.body);
    assert.ok(!/secret|passkey|bfb279f9/i.test(text.replace(/"consumerKeyHint":"[^"]*"/, '')), text);
    const test1 = await call('POST', '/v1/owner/settings/mpesa/test', undefined, owner.accessToken);
    assert.deepEqual([test1.status, test1.body.ok], [200, true]);
    for (const role of ['admin', 'staff'] as const) {
      const other = await demoLogin(call, PAYBILL_STORE, role);
      assert.equal((await call('GET', '/v1/owner/settings/mpesa', undefined, other.accessToken)).status, 403, role);
    }
    const invalid = await call(
      'PUT',
      '/v1/owner/settings/mpesa',
      { kind: 'till', shortcode: '12', consumerKey: 'k', consumerSecret: 's', passkey: 'p' },
      owner.accessToken,
    );
    assert.equal(invalid.status, 400);
    const [row] = await sql(`SELECT encode(credentials, 'escape') AS c FROM mpesa_settings WHERE tenant_id = $1`, [
      await tenantOf(PAYBILL_STORE),
    ]);
    assert.ok(
      !row!.c.includes('demo-saa-bora-secret') && !row!.c.includes('bfb279f9'),
      'credentials are encrypted at rest',
    );
  });
});

describe('metrics', () => {
  test('/metrics shows STK requests, callback latency, success ratio, reconciliation lag and the payment routes', async () => {
    const text = await (await fetch(`${stack.api.url}/metrics`)).text();
    for (const name of [
      'mpesa_stk_requests_total{outcome="accepted"}',
      'mpesa_callback_latency_seconds_bucket',
      'mpesa_stk_success_ratio',
      'mpesa_reconciliation_lag_seconds',
      'mpesa_callbacks_total',
      'mpesa_callbacks_flagged_24h',
      'mpesa_payments_24h{status="all"}',
    ]) {
      assert.ok(text.includes(name), `${name} in /metrics`);
    }
    assert.match(text, /http_routes_info\{method="POST",route="\/v1\/stores\/:store\/orders\/:order\/payments"\}/);
    assert.match(text, /http_routes_info\{method="POST",route="\/v1\/hooks\/daraja\/:secret\/:kind"\}/);
  });
});
