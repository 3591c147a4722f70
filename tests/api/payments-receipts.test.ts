// Receipts always arrive (issue 13): a payment STK Query settled (no callback) gets its M-Pesa
// receipt from Daraja's Pull Transactions API (the sandbox implements it), the shopper's "paid"
// message waits for it or says "receipt to follow" and the receipt follows once, and a callback
// with the wrong amount or phone is flagged AND verified with Daraja, so a genuine payment is not
// parked behind a forged callback. Real API, worker, sandbox, Postgres and Redis.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { shopFlows } from '../helpers/shop.ts';
import { sandboxJson } from '../helpers/sandbox-app.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const stack = useApiStack({
  sandbox: true,
  env: { MPESA_RECEIPT_LOOKUP_AFTER_MS: '500', MPESA_RECEIPT_RETRY_MS: '700', MPESA_RECEIPT_WAIT_MS: '4000' },
});

interface Row {
  status: string;
  receipt_number: string | null;
  receipt_source: string | null;
  receipt_due_at: Date | null;
  flags: string[];
  kind: string;
  n: number;
  action: string;
  checkout_request_id: string;
}
const sql = stack.sql<Row>;
const shop = shopFlows(stack);
let seq = 700;
const phone = (suffix: string) => `2547${String(++seq).padStart(4, '0')}${suffix}`;

interface LedgerEntry {
  CheckoutRequestID: string;
  MerchantRequestID: string;
  MpesaReceiptNumber: string;
  PhoneNumber: string;
  status: string;
  paidAmount: number;
}
interface WaMessage {
  template?: { name: string; components?: unknown };
  text?: string | null;
}

const admin = <T>(path: string, body?: unknown) =>
  sandboxJson<T>(body === undefined ? 'GET' : 'POST', `${stack.sandbox.url}/__admin${path}`, body);
const ledgerFor = async (msisdn: string) =>
  (await admin<{ transactions: LedgerEntry[] }>('/daraja/transactions')).body.transactions.filter(
    (t) => t.PhoneNumber === msisdn,
  );
const waTo = async (to: string) =>
  (await admin<{ messages: WaMessage[] }>(`/whatsapp/messages?to=${to}`)).body.messages;
const paymentRow = async (id: string) =>
  (
    await sql(
      'SELECT status, receipt_number, receipt_source, receipt_due_at, flags, checkout_request_id FROM payments WHERE id = $1',
      [id],
    )
  )[0]!;

async function orderAndPay(msisdn: string) {
  const order = await shop.placeOrder<{ id: string; number: number; totalKes: number }>(STORE, {
    phone: msisdn,
    name: 'Wanjiru Kamau',
    areaSlug: 'kilimani',
  });
  const started = await shop.startPayment<{ payment: { id: string } }>(STORE, order.id);
  assert.equal(started.status, 201, JSON.stringify(started.body));
  return { order, paymentId: started.body.payment.id };
}

const callbackUrl = async () => {
  const [row] = await stack.sql<{ callback_secret: string }>(
    'SELECT callback_secret FROM mpesa_settings WHERE tenant_id = $1',
    [stack.tenantOf(STORE)],
  );
  return `${stack.api.url}/v1/hooks/daraja/${row!.callback_secret}/stk`;
};
const forgedCallback = async (tx: LedgerEntry, amount: number, phoneNumber: string, receipt: string) =>
  fetch(await callbackUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      Body: {
        stkCallback: {
          MerchantRequestID: tx.MerchantRequestID,
          CheckoutRequestID: tx.CheckoutRequestID,
          ResultCode: 0,
          ResultDesc: 'The service request is processed successfully.',
          CallbackMetadata: {
            Item: [
              { Name: 'Amount', Value: amount },
              { Name: 'MpesaReceiptNumber', Value: receipt },
              { Name: 'TransactionDate', Value: 20260101120000 },
              { Name: 'PhoneNumber', Value: Number(phoneNumber) },
            ],
          },
        },
      },
    }),
  });

describe('the Daraja sandbox speaks the Pull Transactions API', () => {
  test('register (1000, then 1001), query by window with paging, empty window 1001, unregistered 400.001', async () => {
    const token = (
      await sandboxJson<{ access_token: string }>(
        'GET',
        `${stack.sandbox.url}/oauth/v1/generate?grant_type=client_credentials`,
        undefined,
        { authorization: `Basic ${Buffer.from('pull-key:pull-secret').toString('base64')}` },
      )
    ).body.access_token;
    const auth = { authorization: `Bearer ${token}` };
    const base = `${stack.sandbox.url}/pulltransactions/v1`;
    const unregistered = await sandboxJson<{ errorCode: string }>(
      'POST',
      `${base}/query`,
      { ShortCode: '777001', StartDate: '2026-01-01 00:00:00', EndDate: '2026-01-01 01:00:00', OffSetValue: '0' },
      auth,
    );
    assert.equal(unregistered.status, 400);
    assert.equal(unregistered.body.errorCode, '400.001');
    const reg = {
      ShortCode: '777001',
      RequestType: 'Pull',
      NominatedNumber: '0722000000',
      CallBackURL: 'https://x.example/p',
    };
    const first = await sandboxJson<{ ResponseStatus: string }>('POST', `${base}/register`, reg, auth);
    const again = await sandboxJson<{ ResponseStatus: string }>('POST', `${base}/register`, reg, auth);
    assert.equal(first.body.ResponseStatus, '1000');
    assert.equal(again.body.ResponseStatus, '1001');
    const empty = await sandboxJson<{ ResponseCode: string }>(
      'POST',
      `${base}/query`,
      { ShortCode: '777001', StartDate: '2026-01-01 00:00:00', EndDate: '2026-01-01 01:00:00', OffSetValue: '0' },
      auth,
    );
    assert.equal(empty.body.ResponseCode, '1001');
    const noAuth = await sandboxJson<{ errorCode: string }>('POST', `${base}/query`, {});
    assert.equal(noAuth.body.errorCode, '404.001.03');
  });
});

describe('receipts always arrive', () => {
  test('no callback: STK Query pays the order, the Pull API fills the receipt within seconds, the paid message carries it (one message)', async () => {
    const msisdn = phone('9000');
    const { order, paymentId } = await orderAndPay(msisdn);
    const row = await waitFor('the receipt from the Pull API', async () => {
      const r = await paymentRow(paymentId);
      return r.receipt_number ? r : null;
    });
    const [tx] = await ledgerFor(msisdn);
    assert.equal(row.status, 'paid');
    assert.equal(row.receipt_number, tx!.MpesaReceiptNumber, 'the receipt M-Pesa issued, not a made-up one');
    assert.equal(row.receipt_source, 'pull');
    assert.equal(row.receipt_due_at, null, 'no lookup owed any more');
    const audit = await sql(
      `SELECT action FROM audit_log WHERE entity_id = $1 AND action = 'payment.receipt_recorded'`,
      [paymentId],
    );
    assert.equal(audit.length, 1);
    // The paid message waited for the receipt (MPESA_RECEIPT_WAIT_MS) and carries it.
    const messages = await waitFor('the paid message', async () => {
      const list = await waTo(msisdn);
      return list.some((m) => m.template?.name === 'payment_received') ? list : null;
    });
    const paid = messages.find((m) => m.template?.name === 'payment_received')!;
    assert.ok(JSON.stringify(paid.template).includes(tx!.MpesaReceiptNumber), JSON.stringify(paid.template));
    const receiptRow = await waitFor('the receipt notification settled', async () => {
      const [n] = await stack.sql<{ status: string; detail: string | null }>(
        `SELECT status, detail FROM order_notifications WHERE order_id = $1 AND kind = 'payment_receipt'`,
        [order.id],
      );
      return n && n.status !== 'queued' && n.status !== 'sending' ? n : null;
    });
    assert.equal(receiptRow.status, 'skipped', 'the receipt was in the paid message: not sent twice');
    assert.equal((await waTo(msisdn)).filter((m) => m.template?.name === 'payment_receipt').length, 0);
  });

  test('Pull down at first: the paid message says "receipt to follow", the receipt follows once when Pull answers', async () => {
    await admin('/daraja/pull', { failing: true });
    try {
      const msisdn = phone('9000');
      const { paymentId } = await orderAndPay(msisdn);
      const paid = await waitFor(
        'the paid message',
        async () => (await waTo(msisdn)).find((m) => m.template?.name === 'payment_received') ?? null,
        { timeoutMs: 30_000 },
      );
      assert.ok(JSON.stringify(paid.template).includes('to follow'), JSON.stringify(paid.template));
      assert.equal((await paymentRow(paymentId)).receipt_number, null);
      await admin('/daraja/pull', { failing: false });
      const follow = await waitFor(
        'the receipt message',
        async () => (await waTo(msisdn)).find((m) => m.template?.name === 'payment_receipt') ?? null,
        { timeoutMs: 30_000 },
      );
      const row = await paymentRow(paymentId);
      assert.ok(row.receipt_number);
      assert.ok(JSON.stringify(follow.template).includes(row.receipt_number ?? 'none'));
      // Never twice: a replayed notification job and the outbox relay find it sent.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await waTo(msisdn)).filter((m) => m.template?.name === 'payment_receipt').length, 1);
    } finally {
      await admin('/daraja/pull', { failing: false });
    }
  });

  test('a lost lookup job is taken by the sweeper (receipt_due_at is the truth)', async () => {
    const msisdn = phone('9000');
    await admin('/daraja/pull', { failing: true });
    let paymentId: string;
    try {
      ({ paymentId } = await orderAndPay(msisdn));
      await waitFor('paid without receipt', async () => (await paymentRow(paymentId)).status === 'paid');
    } finally {
      await admin('/daraja/pull', { failing: false });
    }
    // Pretend every job was lost: the row says a lookup is owed since a minute ago.
    await sql(`UPDATE payments SET receipt_due_at = now() - interval '1 minute' WHERE id = $1`, [paymentId]);
    const row = await waitFor(
      'the sweeper to find the receipt',
      async () => {
        const r = await paymentRow(paymentId);
        return r.receipt_number ? r : null;
      },
      { timeoutMs: 45_000 },
    );
    assert.equal(row.receipt_source, 'pull');
  });
});

describe('a callback with the wrong amount or phone is flagged and verified', () => {
  test('forged amount on a genuine payment: flagged, then STK Query + Pull show the truth: the order is paid', async () => {
    const msisdn = phone('9000'); // the payer pays in full; M-Pesa never calls back
    await admin('/daraja/scenarios', { phone: msisdn, scenario: 'no-callback', delayMs: 300 });
    const { order, paymentId } = await orderAndPay(msisdn);
    const [tx] = await waitFor('the payer to pay', async () => {
      const rows = await ledgerFor(msisdn);
      return rows[0]?.status === 'completed' ? rows : null;
    });
    // Before STK Query settles it, a forged callback claims 1 shilling with a made-up receipt.
    const res = await forgedCallback(tx!, 1, msisdn, 'FORGED0001');
    assert.equal(res.status, 200);
    const row = await waitFor(
      'the payment to be verified paid',
      async () => {
        const r = await paymentRow(paymentId);
        return r.status === 'paid' && r.receipt_number ? r : null;
      },
      { timeoutMs: 30_000 },
    );
    assert.ok(row.flags.includes('amount_mismatch'), 'the forged callback stays flagged');
    assert.equal(row.receipt_number, tx!.MpesaReceiptNumber, 'the genuine receipt, not the forged one');
    const [o] = await stack.sql<{ status: string }>('SELECT status FROM orders WHERE id = $1', [order.id]);
    assert.equal(o!.status, 'paid');
    const outcomes = await stack.sql<{ outcome: string; flagged: boolean }>(
      `SELECT o.outcome, o.flagged FROM payment_callbacks c JOIN payment_callback_outcomes o ON o.callback_id = c.id AND o.tenant_id = c.tenant_id
        WHERE c.reference = $1`,
      [tx!.CheckoutRequestID],
    );
    assert.deepEqual(outcomes, [{ outcome: 'amount_mismatch', flagged: true }]);
  });

  test('a real different amount (the payer paid less): flagged, verified, stays failed', async () => {
    const msisdn = phone('9004');
    const { order, paymentId } = await orderAndPay(msisdn);
    const row = await waitFor(
      'Pull to confirm the other amount',
      async () => {
        const r = await paymentRow(paymentId);
        return r.flags.includes('amount_confirmed_by_pull') ? r : null;
      },
      { timeoutMs: 30_000 },
    );
    assert.equal(row.status, 'failed');
    const [o] = await stack.sql<{ status: string }>('SELECT status FROM orders WHERE id = $1', [order.id]);
    assert.equal(o!.status, 'pending_payment');
  });

  test('forged phone on a pending payment: flagged and queried at once, paid with the genuine receipt', async () => {
    const msisdn = phone('9000');
    await admin('/daraja/scenarios', { phone: msisdn, scenario: 'no-callback', delayMs: 300 });
    const { paymentId } = await orderAndPay(msisdn);
    const [tx] = await waitFor('the payer to pay', async () => {
      const rows = await ledgerFor(msisdn);
      return rows[0]?.status === 'completed' ? rows : null;
    });
    await forgedCallback(tx!, tx!.paidAmount, '254799999999', 'FORGED0002');
    const row = await waitFor(
      'paid with the genuine receipt',
      async () => {
        const r = await paymentRow(paymentId);
        return r.status === 'paid' && r.receipt_number ? r : null;
      },
      { timeoutMs: 30_000 },
    );
    assert.ok(row.flags.includes('phone_mismatch'));
    assert.equal(row.receipt_number, tx!.MpesaReceiptNumber);
  });
});

describe('metrics', () => {
  test('/metrics shows the receipt lookups, the verifications and the receipts still missing', async () => {
    const text = await (await fetch(`${stack.api.url}/metrics`)).text();
    assert.match(text, /^mpesa_receipts_missing \d+/m);
    assert.match(text, /^mpesa_receipts_missing_oldest_seconds /m);
    assert.match(text, /^# TYPE mpesa_receipt_lookups_total counter/m);
    assert.match(text, /^# TYPE mpesa_mismatch_verifications_total counter/m);
  });
});
