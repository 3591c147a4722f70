// The sandbox's Daraja STK push and query (shared/reference/apis.md 1.2-1.5): field validation and
// error bodies as Daraja sends them, scripted payer behaviour by phone suffix and by the admin API
// (apps/sandbox/src/daraja/SCENARIOS.md), callbacks POSTed to a local receiver, and the ledger.
import assert from 'node:assert/strict';
import { type Server } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sandboxJson, startReceiver, startSandboxApp, type SandboxApp } from './helpers/sandbox-app.ts';
import { waitFor as waitForCondition } from './helpers/wait.ts';

const SHORTCODE = '174379';
const PUBLIC_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';
const TIMESTAMP = '20261125143000';

let sandbox: SandboxApp;
let baseUrl: string;
let receiver: Server;
let callbackUrl: string;
let token: string;
/** Daraja's answers (push, query, error) as these tests read them: each field only where Daraja gives it. */
interface DarajaAnswer {
  ResponseCode: string;
  ResponseDescription: string;
  CustomerMessage: string;
  MerchantRequestID: string;
  CheckoutRequestID: string;
  ResultCode: string;
  ResultDesc: string;
}
/** An STK callback as the receiver got it. */
interface StkCallback {
  Body: {
    stkCallback: {
      MerchantRequestID: string;
      CheckoutRequestID: string;
      ResultCode: number;
      ResultDesc: string;
      CallbackMetadata: { Item: { Name: string; Value?: string | number }[] };
    };
  };
}
/** A push as the sandbox's ledger lists it. */
interface LedgerEntry {
  CheckoutRequestID: string;
  status: string;
  MpesaReceiptNumber: string | null;
  paidAmount: number | null;
  ResultCode: number | null;
  callbacks: { status: number }[];
}

const callbacks: StkCallback[] = [];

function password(shortCode = SHORTCODE, passkey = PUBLIC_PASSKEY, timestamp = TIMESTAMP): string {
  return Buffer.from(`${shortCode}${passkey}${timestamp}`).toString('base64');
}

const post = <T = DarajaAnswer>(
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${token}` },
) => sandboxJson<T>('POST', `${baseUrl}${path}`, body, headers);
const get = <T>(path: string) => sandboxJson<T>('GET', `${baseUrl}${path}`);

const pushBody = (overrides: Record<string, unknown> = {}) => ({
  BusinessShortCode: SHORTCODE,
  Password: password(),
  Timestamp: TIMESTAMP,
  TransactionType: 'CustomerPayBillOnline',
  Amount: 1500,
  PartyA: '254708374149',
  PartyB: SHORTCODE,
  PhoneNumber: '254708374149',
  CallBackURL: callbackUrl,
  AccountReference: 'ORD-1004',
  TransactionDesc: 'Order 1004',
  ...overrides,
});

const push = (overrides: Record<string, unknown> = {}) => post('/mpesa/stkpush/v1/processrequest', pushBody(overrides));
const query = (checkoutRequestId: string) =>
  post('/mpesa/stkpushquery/v1/query', {
    BusinessShortCode: SHORTCODE,
    Password: password(),
    Timestamp: TIMESTAMP,
    CheckoutRequestID: checkoutRequestId,
  });

function assertDarajaError(answer: unknown, errorCode: string, errorMessage: string): void {
  const body = answer as { errorCode: string; errorMessage: string; requestId: string };
  assert.deepEqual(Object.keys(body).sort(), ['errorCode', 'errorMessage', 'requestId']);
  assert.equal(body.errorCode, errorCode);
  assert.equal(body.errorMessage, errorMessage);
  assert.match(body.requestId, /^\d+-\d+-\d+$/);
}

/** Polls the receiver's view (every 20 ms, up to 3 s); a timeout names the probe and what it last saw. */
const waitFor = <T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 3_000,
): Promise<T> => waitForCondition(probe.toString(), probe, { timeoutMs, intervalMs: 20 });

const callbacksFor = (checkoutRequestId: string) =>
  callbacks.filter((c) => c.Body.stkCallback.CheckoutRequestID === checkoutRequestId);
const metadata = (cb: StkCallback) =>
  Object.fromEntries(cb.Body.stkCallback.CallbackMetadata.Item.map((i) => [i.Name, i.Value])) as Record<
    string,
    string | number | undefined
  >;

/** Waits for the first callback about a push. */
const firstCallbackFor = async (checkoutRequestId: string) =>
  (await waitFor(() => callbacksFor(checkoutRequestId).length > 0 && callbacksFor(checkoutRequestId)))[0]!;

async function acceptedPush(overrides: Record<string, unknown> = {}) {
  const { status, body } = await push(overrides);
  assert.equal(status, 200, JSON.stringify(body));
  return body as Pick<DarajaAnswer, 'MerchantRequestID' | 'CheckoutRequestID'>;
}

before(async () => {
  ({ sandbox, baseUrl } = await startSandboxApp());
  const callbackReceiver = await startReceiver((_req, text, res) => {
    callbacks.push(JSON.parse(text) as StkCallback);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ResultCode":0,"ResultDesc":"Accepted"}');
  });
  receiver = callbackReceiver.server;
  callbackUrl = `${callbackReceiver.url}/v1/webhooks/payments/s3cr3t-path`;
});

after(async () => {
  await sandbox?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

beforeEach(async () => {
  assert.equal((await fetch(`${baseUrl}/__admin/reset`, { method: 'POST' })).status, 200);
  callbacks.length = 0;
  const res = await fetch(`${baseUrl}/oauth/v1/generate?grant_type=client_credentials`, {
    headers: { authorization: `Basic ${Buffer.from('sokoni-key:sokoni-secret').toString('base64')}` },
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});

describe('STK push happy path', () => {
  test('token -> push -> success callback with CallbackMetadata -> query says 0', async () => {
    const { status, body } = await push();
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), [
      'MerchantRequestID',
      'CheckoutRequestID',
      'ResponseCode',
      'ResponseDescription',
      'CustomerMessage',
    ]);
    assert.equal(body.ResponseCode, '0');
    assert.equal(body.ResponseDescription, 'Success. Request accepted for processing');
    assert.equal(body.CustomerMessage, 'Success. Request accepted for processing');
    assert.match(body.CheckoutRequestID, /^ws_CO_\d{18}$/);
    assert.match(body.MerchantRequestID, /^\d+-\d+-\d+$/);

    const cb = await firstCallbackFor(body.CheckoutRequestID);
    const stk = cb.Body.stkCallback;
    assert.equal(stk.MerchantRequestID, body.MerchantRequestID);
    assert.equal(stk.ResultCode, 0);
    assert.equal(stk.ResultDesc, 'The service request is processed successfully.');
    const meta = metadata(cb);
    assert.equal(meta.Amount, 1500);
    assert.match(String(meta.MpesaReceiptNumber), /^[A-Z][A-Z0-9]{9}$/);
    assert.equal(typeof meta.TransactionDate, 'number');
    assert.match(String(meta.TransactionDate), /^\d{14}$/);
    assert.equal(meta.PhoneNumber, 254708374149);
    assert.ok(stk.CallbackMetadata.Item.some((i) => i.Name === 'Balance' && !('Value' in i)));

    const q = await query(body.CheckoutRequestID);
    assert.equal(q.status, 200);
    assert.deepEqual(q.body, {
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successsfully',
      MerchantRequestID: body.MerchantRequestID,
      CheckoutRequestID: body.CheckoutRequestID,
      ResultCode: '0',
      ResultDesc: 'The service request is processed successfully.',
    });
  });

  test('a passkey registered through the admin API is accepted; a wrong one is 500 Wrong credentials', async () => {
    const bad = await push({ Password: password(SHORTCODE, 'not-the-passkey') });
    assert.equal(bad.status, 500);
    assertDarajaError(bad.body, '500.001.1001', 'Wrong credentials');
    const reg = await post('/__admin/daraja/passkeys', { businessShortCode: '600999', passkey: 'tenant-passkey' }, {});
    assert.equal(reg.status, 201);
    await acceptedPush({
      BusinessShortCode: '600999',
      PartyB: '600999',
      Password: password('600999', 'tenant-passkey'),
    });
  });
});

describe('STK push scripted failures', () => {
  test('suffix 1032: user cancels', async () => {
    const { CheckoutRequestID } = await acceptedPush({ PartyA: '254700001032', PhoneNumber: '254700001032' });
    const cb = await firstCallbackFor(CheckoutRequestID);
    assert.equal(cb.Body.stkCallback.ResultCode, 1032);
    assert.equal(cb.Body.stkCallback.ResultDesc, 'Request cancelled by user');
    assert.equal('CallbackMetadata' in cb.Body.stkCallback, false);
    const q = await query(CheckoutRequestID);
    assert.equal(q.body.ResultCode, '1032');
  });

  test('suffix 0001: insufficient funds (1)', async () => {
    const { CheckoutRequestID } = await acceptedPush({ PartyA: '254711110001', PhoneNumber: '254711110001' });
    const cb = await firstCallbackFor(CheckoutRequestID);
    assert.equal(cb.Body.stkCallback.ResultCode, 1);
    assert.equal('CallbackMetadata' in cb.Body.stkCallback, false);
  });

  test('admin scenario: unreachable (1037) and wrong PIN (2001) for chosen phones', async () => {
    for (const [phone, scenario, code] of [
      ['254722000111', 'unreachable', 1037],
      ['254722000222', 'wrong-pin', 2001],
    ] as const) {
      const set = await post('/__admin/daraja/scenarios', { phone, scenario, delayMs: 10 }, {});
      assert.equal(set.status, 201);
      const { CheckoutRequestID } = await acceptedPush({ PartyA: phone, PhoneNumber: phone });
      const cb = await firstCallbackFor(CheckoutRequestID);
      assert.equal(cb.Body.stkCallback.ResultCode, code);
    }
  });

  test('suffix 9000: never calls back; query says still processing, then the final answer', async () => {
    await post('/__admin/daraja/scenarios', { phone: '254700009000', scenario: 'no-callback', delayMs: 300 }, {});
    const { CheckoutRequestID } = await acceptedPush({ PartyA: '254700009000', PhoneNumber: '254700009000' });
    const pending = await query(CheckoutRequestID);
    assert.equal(pending.status, 500);
    assertDarajaError(pending.body, '500.001.1001', 'The transaction is being processed');
    // While it is pending the subscriber is locked.
    const locked = await push({ PartyA: '254700009000', PhoneNumber: '254700009000' });
    assert.equal(locked.status, 500);
    assertDarajaError(
      locked.body,
      '500.001.1001',
      'Unable to lock subscriber, a transaction is already in process for the current subscriber',
    );

    // The payer answers after delayMs: STK Query tells when.
    const settled = await waitFor(async () => {
      const answer = await query(CheckoutRequestID);
      return answer.status !== 500 && answer;
    });
    assert.equal(settled.status, 200);
    assert.equal(settled.body.ResultCode, '0');
    assert.equal('MpesaReceiptNumber' in settled.body, false);
    assert.equal('Amount' in settled.body, false);
    // Settled, and the sandbox's own record of the push lists no callback delivery.
    const [tx] = (await get<{ transactions: LedgerEntry[] }>('/__admin/daraja/transactions')).body.transactions.filter(
      (t) => t.CheckoutRequestID === CheckoutRequestID,
    );
    assert.equal(tx?.status, 'completed');
    assert.deepEqual(tx?.callbacks, []);
    assert.equal(callbacksFor(CheckoutRequestID).length, 0);
  });

  test('suffix 9002: calls back twice with the same CheckoutRequestID and receipt', async () => {
    const { CheckoutRequestID } = await acceptedPush({ PartyA: '254700009002', PhoneNumber: '254700009002' });
    const both = await waitFor(() => callbacksFor(CheckoutRequestID).length >= 2 && callbacksFor(CheckoutRequestID));
    assert.equal(both.length, 2);
    assert.deepEqual(both[0], both[1]);
    assert.equal(both[0]!.Body.stkCallback.ResultCode, 0);
  });

  test('admin late-callback: query is final before the callback arrives', async () => {
    await post('/__admin/daraja/scenarios', { phone: '254733009003', scenario: 'late-callback', delayMs: 700 }, {});
    const { CheckoutRequestID } = await acceptedPush({ PartyA: '254733009003', PhoneNumber: '254733009003' });
    const final = await waitFor(async () => {
      const answer = await query(CheckoutRequestID);
      return answer.status !== 500 && answer;
    });
    assert.equal(final.body.ResultCode, '0');
    assert.equal(callbacksFor(CheckoutRequestID).length, 0);
    const cb = await firstCallbackFor(CheckoutRequestID);
    assert.equal(cb.Body.stkCallback.ResultCode, 0);
  });

  test('suffix 9004: pays a different amount', async () => {
    const { CheckoutRequestID } = await acceptedPush({
      Amount: 2000,
      PartyA: '254700009004',
      PhoneNumber: '254700009004',
    });
    const cb = await firstCallbackFor(CheckoutRequestID);
    assert.equal(cb.Body.stkCallback.ResultCode, 0);
    assert.equal(metadata(cb).Amount, 1999);
  });
});

describe('STK push validation', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['bad phone', { PhoneNumber: '0712345678' }, 'PhoneNumber'],
    ['bad PartyA', { PartyA: '254812345678' }, 'PartyA'],
    ['Amount 0', { Amount: 0 }, 'Amount'],
    ['Amount above 250,000', { Amount: 250_001 }, 'Amount'],
    ['decimal Amount', { Amount: 10.5 }, 'Amount'],
    ['AccountReference too long', { AccountReference: 'ABCDEFGHIJKLM' }, 'AccountReference'],
    ['TransactionDesc too long', { TransactionDesc: '12345678901234' }, 'TransactionDesc'],
    ['short BusinessShortCode', { BusinessShortCode: '1234' }, 'BusinessShortCode'],
    ['bad Timestamp', { Timestamp: '2026-11-25 14:30' }, 'Timestamp'],
    ['bad TransactionType', { TransactionType: 'PayBill' }, 'TransactionType'],
    ['non-URL CallBackURL', { CallBackURL: 'not a url' }, 'CallBackURL'],
  ];
  for (const [name, overrides, field] of cases) {
    test(`${name} -> 400 400.002.02 Invalid ${field}`, async () => {
      const { status, body } = await push(overrides);
      assert.equal(status, 400);
      assertDarajaError(body, '400.002.02', `Bad Request - Invalid ${field}`);
    });
  }

  test('missing token -> 404 404.001.03 on push and query', async () => {
    for (const path of ['/mpesa/stkpush/v1/processrequest', '/mpesa/stkpushquery/v1/query']) {
      const { status, body } = await post(path, pushBody(), {});
      assert.equal(status, 404);
      assertDarajaError(body, '404.001.03', 'Invalid Access Token');
    }
    const stale = await post('/mpesa/stkpush/v1/processrequest', pushBody(), { authorization: 'Bearer notARealToken' });
    assert.equal(stale.status, 404);
  });

  test('a missing Content-Type surfaces as Invalid BusinessShortCode', async () => {
    const res = await fetch(`${baseUrl}/mpesa/stkpush/v1/processrequest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(pushBody()),
    });
    assert.equal(res.status, 400);
    assertDarajaError(await res.json(), '400.002.02', 'Bad Request - Invalid BusinessShortCode');
  });

  test('query of an unknown CheckoutRequestID -> 400 Invalid CheckoutRequestID', async () => {
    const { status, body } = await query('ws_CO_000000000000000000');
    assert.equal(status, 400);
    assertDarajaError(body, '400.002.02', 'Bad Request - Invalid CheckoutRequestID');
  });
});

describe('ledger', () => {
  test('lists transactions with receipts and never the Password or callback path', async () => {
    const paid = await acceptedPush();
    const cancelled = await acceptedPush({ PartyA: '254700001032', PhoneNumber: '254700001032' });
    await waitFor(() => callbacks.length >= 2);
    const { status, body } = await get<{ transactions: LedgerEntry[] }>('/__admin/daraja/transactions');
    assert.equal(status, 200);
    assert.equal(body.transactions.length, 2);
    const byId = new Map(body.transactions.map((t) => [t.CheckoutRequestID, t]));
    const p = byId.get(paid.CheckoutRequestID)!;
    const c = byId.get(cancelled.CheckoutRequestID)!;
    assert.equal(p.status, 'completed');
    assert.match(p.MpesaReceiptNumber ?? '', /^[A-Z][A-Z0-9]{9}$/);
    assert.equal(p.paidAmount, 1500);
    assert.equal(p.callbacks.length, 1);
    assert.equal(p.callbacks[0]?.status, 200);
    assert.equal(c.status, 'failed');
    assert.equal(c.ResultCode, 1032);
    assert.equal(c.MpesaReceiptNumber, null);
    const text = JSON.stringify(body);
    assert.equal(text.includes(password()), false);
    assert.equal(text.includes('s3cr3t-path'), false);

    await fetch(`${baseUrl}/__admin/reset`, { method: 'POST' });
    assert.equal(
      (await get<{ transactions: LedgerEntry[] }>('/__admin/daraja/transactions')).body.transactions.length,
      0,
    );
  });
});
