// The sandbox's Daraja money movement (shared/reference/apis.md 1.6-1.7, apps/sandbox/src/daraja/MONEY.md):
// C2B URL registration and simulated payments, reversal and B2C with their asynchronous Results,
// scripted result outcomes, the statement the API reconciles against, and reset. Real HTTP to an
// in-process sandbox, callbacks to a real local receiver.
import assert from 'node:assert/strict';
import { type Server } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sandboxJson, startReceiver, startSandboxApp, type SandboxApp } from './helpers/sandbox-app.ts';
import { waitFor as waitForCondition } from './helpers/wait.ts';

const SHORTCODE = '174379';
const OTHER_SHORTCODE = '600638';
const PUBLIC_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';
const TIMESTAMP = '20261125143000';
const RECEIPT = /^[A-Z][A-Z0-9]{9}$/;

/** A Daraja Result (reversal or B2C) as the receiver got it. */
interface DarajaResult {
  Result: {
    ResultType: number;
    ResultCode: number | string;
    ResultDesc: string;
    OriginatorConversationID: string;
    ConversationID: string;
    TransactionID: string;
    ResultParameters: { ResultParameter: { Key: string; Value: string | number }[] };
    ReferenceData: unknown;
  };
}
/** An STK callback as the receiver got it. */
interface StkCallback {
  Body: {
    stkCallback: {
      CheckoutRequestID: string;
      ResultCode: number;
      CallbackMetadata: { Item: { Name: string; Value?: string | number }[] };
    };
  };
}
/** A C2B validation or confirmation as the receiver got it. */
interface C2bNotice {
  TransactionType: string;
  TransID: string;
  TransTime: string;
  BillRefNumber: string;
}
/** What the receiver got: an STK callback, a C2B notice or a Result (the path says which). */
type ReceivedBody = DarajaResult & StkCallback & C2bNotice;
interface Received {
  path: string;
  body: ReceivedBody;
}
/** A C2B payment as the sandbox's admin shows it. */
interface C2bTransaction {
  TransID: string;
  status: string;
  confirmations: { status: number }[];
  validation: { resultCode: string; decidedBy: string };
}
/**
 * What these tests read of the sandbox's answers (Daraja's and the admin's): each part only where
 * the route gives it (the assertions check which; the type does not).
 */
interface Answer {
  OriginatorCoversationID: string;
  OriginatorConversationID: string;
  ConversationID: string;
  ResponseCode: string;
  ResponseDescription: string;
  CheckoutRequestID: string;
  registrations: { responseType: string }[];
  error: { code: string };
  transaction: C2bTransaction;
  transactions: C2bTransaction[];
  results: LedgerResult[];
  scenarios: unknown[];
  entries: StatementEntry[];
  totals: unknown;
}
/** A reversal or B2C request in the sandbox's ledger. */
interface LedgerResult {
  ConversationID: string;
  status: string;
  delivery: string;
  deliveries: { status: number; to: string }[];
  result: { TransactionID: string };
}
/** A line of the sandbox's M-Pesa statement. */
interface StatementEntry {
  type: string;
  direction: string;
  amount: number;
  receipt: string;
  originatorConversationId: string;
  checkoutRequestId: string;
  msisdn: string;
  billRefNumber: string;
  originalReceipt: string;
  shortCode: string;
  at: string;
}

let sandbox: SandboxApp;
let baseUrl: string;
let receiver: Server;
let receiverUrl: string;
let token: string;
const received: Received[] = [];
/** What the receiver answers on /c2b/validate. */
let validationAnswer: unknown = { ResultCode: '0', ResultDesc: 'Accepted' };

const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  sandboxJson<Answer>('POST', `${baseUrl}${path}`, body, headers);

const admin = (path: string, body: unknown) => post(`/__admin/daraja${path}`, body, {});

const get = (path: string) => sandboxJson<Answer>('GET', `${baseUrl}${path}`);

function assertDarajaError(answer: unknown, errorCode: string, errorMessage: string): void {
  const body = answer as { errorCode: string; errorMessage: string; requestId: string };
  assert.deepEqual(Object.keys(body).sort(), ['errorCode', 'errorMessage', 'requestId']);
  assert.equal(body.errorCode, errorCode);
  assert.equal(body.errorMessage, errorMessage);
}

/** Polls (every 20 ms, up to 3 s); a timeout names the probe and what it last saw. */
const waitFor = <T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 3_000,
): Promise<T> => waitForCondition(probe.toString(), probe, { timeoutMs, intervalMs: 20 });

/** The sandbox's ledger entry of one reversal/B2C request, once `done` holds for it. */
const resultEntry = (conversationId: string, done: (entry: LedgerResult) => boolean) =>
  waitFor(async () => {
    const entry = (await get('/__admin/daraja/results')).body.results.find((r) => r.ConversationID === conversationId);
    return entry && done(entry) && entry;
  });
const at = (path: string) => received.filter((r) => r.path === path).map((r) => r.body);
/** The Results about one request (typed as having a first: callers wait for length > 0). */
const resultsFor = (conversationId: string, path = '/results/s3cr3t') =>
  at(path).filter((b) => b.Result?.ConversationID === conversationId) as [ReceivedBody, ...ReceivedBody[]];
const params = (result: DarajaResult) =>
  Object.fromEntries(result.Result.ResultParameters.ResultParameter.map((p) => [p.Key, p.Value])) as Record<
    string,
    string | number
  >;

// ---- STK: a real paid push gives the receipt a reversal can undo ----

function stkPassword(): string {
  return Buffer.from(`${SHORTCODE}${PUBLIC_PASSKEY}${TIMESTAMP}`).toString('base64');
}

/** Pushes, waits for the payer's callback, and returns the receipt and the amount actually paid. */
async function stkPaid(
  amount: number,
  phone: string,
): Promise<{ receipt: string; paid: number; checkoutRequestId: string }> {
  const push = await post('/mpesa/stkpush/v1/processrequest', {
    BusinessShortCode: SHORTCODE,
    Password: stkPassword(),
    Timestamp: TIMESTAMP,
    TransactionType: 'CustomerPayBillOnline',
    Amount: amount,
    PartyA: phone,
    PartyB: SHORTCODE,
    PhoneNumber: phone,
    CallBackURL: `${receiverUrl}/stk/s3cr3t`,
    AccountReference: 'ORD-1',
    TransactionDesc: 'Order 1',
  });
  assert.equal(push.status, 200, JSON.stringify(push.body));
  const id = push.body.CheckoutRequestID;
  const cb = await waitFor(() => at('/stk/s3cr3t').find((b) => b.Body.stkCallback.CheckoutRequestID === id));
  assert.equal(cb.Body.stkCallback.ResultCode, 0);
  const meta = Object.fromEntries(cb.Body.stkCallback.CallbackMetadata.Item.map((i) => [i.Name, i.Value]));
  return { receipt: String(meta.MpesaReceiptNumber), paid: Number(meta.Amount), checkoutRequestId: id };
}

// ---- C2B ----

const registration = (overrides: Record<string, unknown> = {}) => ({
  ShortCode: SHORTCODE,
  ResponseType: 'Completed',
  ConfirmationURL: `${receiverUrl}/c2b/confirm/s3cr3t`,
  ValidationURL: `${receiverUrl}/c2b/validate`,
  ...overrides,
});
const register = (overrides: Record<string, unknown> = {}) =>
  post('/mpesa/c2b/v1/registerurl', registration(overrides));
const c2bPay = (body: Record<string, unknown>) =>
  admin('/c2b/payments', { shortCode: SHORTCODE, msisdn: '254708374149', ...body });

// ---- Reversal and B2C ----

const reversalBody = (overrides: Record<string, unknown> = {}) => ({
  Initiator: 'sokoni-api',
  SecurityCredential: 'ZW5jcnlwdGVkLWluaXRpYXRvci1wYXNzd29yZA==',
  CommandID: 'TransactionReversal',
  TransactionID: 'NLJ7RT61SV',
  Amount: 1500,
  ReceiverParty: SHORTCODE,
  RecieverIdentifierType: '11',
  ResultURL: `${receiverUrl}/results/s3cr3t`,
  QueueTimeOutURL: `${receiverUrl}/timeout/s3cr3t`,
  Remarks: 'Refund order 1',
  Occasion: 'ORD-1',
  ...overrides,
});
const reverse = (overrides: Record<string, unknown> = {}) =>
  post('/mpesa/reversal/v1/request', reversalBody(overrides));

let originatorSequence = 0;
const b2cBody = (overrides: Record<string, unknown> = {}) => ({
  OriginatorConversationID: `sokoni-refund-${++originatorSequence}`,
  InitiatorName: 'sokoni-api',
  SecurityCredential: 'ZW5jcnlwdGVkLWluaXRpYXRvci1wYXNzd29yZA==',
  CommandID: 'BusinessPayment',
  Amount: 300,
  PartyA: SHORTCODE,
  PartyB: '254708374149',
  Remarks: 'Refund order 1',
  QueueTimeOutURL: `${receiverUrl}/timeout/s3cr3t`,
  ResultURL: `${receiverUrl}/results/s3cr3t`,
  Occassion: 'ORD-1',
  ...overrides,
});
const payout = (overrides: Record<string, unknown> = {}) => post('/mpesa/b2c/v3/paymentrequest', b2cBody(overrides));

function acceptedAsync(response: { status: number; body: Answer }) {
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return Promise.resolve(response.body as Pick<Answer, 'OriginatorConversationID' | 'ConversationID'>);
}

/** Sends a reversal and waits for its Result. */
async function reversalResult(overrides: Record<string, unknown>) {
  const accepted = await acceptedAsync(await reverse(overrides));
  const [result] = await waitFor(
    () => resultsFor(accepted.ConversationID).length > 0 && resultsFor(accepted.ConversationID),
  );
  return result;
}

before(async () => {
  ({ sandbox, baseUrl } = await startSandboxApp());
  ({ server: receiver, url: receiverUrl } = await startReceiver((req, text, res) => {
    received.push({ path: req.url ?? '', body: JSON.parse(text) as ReceivedBody });
    const answer = req.url === '/c2b/validate' ? validationAnswer : { ResultCode: 0, ResultDesc: 'Accepted' };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }));
});

after(async () => {
  await sandbox?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

beforeEach(async () => {
  assert.equal((await fetch(`${baseUrl}/__admin/reset`, { method: 'POST' })).status, 200);
  received.length = 0;
  validationAnswer = { ResultCode: '0', ResultDesc: 'Accepted' };
  await authenticate();
});

/** A fresh OAuth token (a reset forgets tokens). */
async function authenticate(): Promise<void> {
  const res = await fetch(`${baseUrl}/oauth/v1/generate?grant_type=client_credentials`, {
    headers: { authorization: `Basic ${Buffer.from('sokoni-key:sokoni-secret').toString('base64')}` },
  });
  token = ((await res.json()) as { access_token: string }).access_token;
}

describe('C2B register URL', () => {
  test("registers on v1 and v2 with Daraja's misspelt OriginatorCoversationID", async () => {
    for (const path of ['/mpesa/c2b/v1/registerurl', '/mpesa/c2b/v2/registerurl']) {
      const { status, body } = await post(path, registration());
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body), ['OriginatorCoversationID', 'ResponseCode', 'ResponseDescription']);
      assert.match(body.OriginatorCoversationID, /^\d+-\d+-\d+$/);
      assert.equal(body.ResponseCode, '0');
      assert.equal(body.ResponseDescription, 'Success');
    }
    const { body } = await get('/__admin/daraja/c2b/registrations');
    assert.equal(body.registrations.length, 1);
    assert.equal(body.registrations[0]?.responseType, 'Completed');
    assert.equal(JSON.stringify(body).includes('s3cr3t'), false);
  });

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['short ShortCode', { ShortCode: '1234' }, 'ShortCode'],
    ['lower-case ResponseType', { ResponseType: 'completed' }, 'ResponseType'],
    ['ftp ConfirmationURL', { ConfirmationURL: 'ftp://127.0.0.1/confirm' }, 'ConfirmationURL'],
    [
      'ConfirmationURL containing "mpesa"',
      { ConfirmationURL: 'https://shop.example/mpesa/confirm' },
      'ConfirmationURL',
    ],
    ['ValidationURL not a URL', { ValidationURL: 'validate me' }, 'ValidationURL'],
  ];
  for (const [name, overrides, field] of cases) {
    test(`${name} -> 400 Invalid ${field}`, async () => {
      const { status, body } = await register(overrides);
      assert.equal(status, 400);
      assertDarajaError(body, '400.002.02', `Bad Request - Invalid ${field}`);
    });
  }
});

describe('C2B payments', () => {
  test('a shortcode without registered URLs -> 409 in the sandbox error shape', async () => {
    const { status, body } = await c2bPay({ amount: 10 });
    assert.equal(status, 409);
    assert.equal(body.error.code, 'c2b_urls_not_registered');
  });

  test('posts the exact Confirmation body: all strings, masked MSISDN', async () => {
    await register();
    const { status, body } = await c2bPay({ amount: 10, billRefNumber: 'invoice008', firstName: 'John' });
    assert.equal(status, 201);
    const tx = body.transaction;
    assert.match(tx.TransID, RECEIPT);
    assert.equal(tx.status, 'completed');
    assert.equal(tx.confirmations.length, 1);
    assert.equal(tx.confirmations[0]?.status, 200);
    assert.equal(tx.validation, null);

    const confirmation = at('/c2b/confirm/s3cr3t')[0]!;
    assert.deepEqual(Object.keys(confirmation), [
      'TransactionType',
      'TransID',
      'TransTime',
      'TransAmount',
      'BusinessShortCode',
      'BillRefNumber',
      'InvoiceNumber',
      'OrgAccountBalance',
      'ThirdPartyTransID',
      'MSISDN',
      'FirstName',
      'MiddleName',
      'LastName',
    ]);
    for (const value of Object.values(confirmation)) assert.equal(typeof value, 'string');
    assert.match(confirmation.TransTime, /^\d{14}$/);
    assert.deepEqual(confirmation, {
      TransactionType: 'Pay Bill',
      TransID: tx.TransID,
      TransTime: confirmation.TransTime,
      TransAmount: '10',
      BusinessShortCode: SHORTCODE,
      BillRefNumber: 'invoice008',
      InvoiceNumber: '',
      OrgAccountBalance: '',
      ThirdPartyTransID: '',
      MSISDN: '25470****149',
      FirstName: 'John',
      MiddleName: '',
      LastName: '',
    });
    assert.equal(at('/c2b/validate').length, 0, 'no validation unless asked');

    const ledger = await get('/__admin/daraja/c2b/transactions');
    assert.equal(ledger.body.transactions.length, 1);
    assert.equal(ledger.body.transactions[0]?.TransID, tx.TransID);
  });

  test('validation rejection (ResultCode C2B00011) stops the confirmation; acceptance lets it through', async () => {
    await register();
    validationAnswer = { ResultCode: 'C2B00011', ResultDesc: 'Rejected' };
    const rejected = await c2bPay({ amount: 50, billRefNumber: 'NOPE', validate: true });
    assert.equal(rejected.status, 201);
    assert.equal(rejected.body.transaction.status, 'rejected');
    assert.equal(rejected.body.transaction.validation.resultCode, 'C2B00011');
    assert.equal(rejected.body.transaction.confirmations.length, 0);
    assert.equal(at('/c2b/validate').length, 1);
    assert.equal(at('/c2b/validate')[0]?.TransID, rejected.body.transaction.TransID);
    assert.equal(at('/c2b/confirm/s3cr3t').length, 0);

    validationAnswer = { ResultCode: 0, ResultDesc: 'Accepted' };
    const accepted = await c2bPay({ amount: 60, billRefNumber: 'ORD-2', validate: true });
    assert.equal(accepted.body.transaction.status, 'completed');
    assert.equal(at('/c2b/validate').length, 2);
    assert.deepEqual(
      at('/c2b/confirm/s3cr3t').map((c) => c.TransID),
      [accepted.body.transaction.TransID],
    );
    assert.deepEqual(
      at('/c2b/validate')[1],
      at('/c2b/confirm/s3cr3t')[0],
      'validation and confirmation carry the same body',
    );

    const resend = await admin(`/c2b/payments/${rejected.body.transaction.TransID}/resend`, {});
    assert.equal(resend.status, 409);
  });

  test('an unreachable ValidationURL falls back to the registered ResponseType', async () => {
    await register({ ResponseType: 'Cancelled', ValidationURL: 'http://127.0.0.1:9/validate' });
    const cancelled = await c2bPay({ amount: 70, validate: true });
    assert.equal(cancelled.body.transaction.status, 'rejected');
    assert.equal(cancelled.body.transaction.validation.decidedBy, 'registration');
    await register({ ResponseType: 'Completed', ValidationURL: 'http://127.0.0.1:9/validate' });
    const completed = await c2bPay({ amount: 80, validate: true });
    assert.equal(completed.body.transaction.status, 'completed');
    assert.equal(at('/c2b/confirm/s3cr3t').length, 1);
  });

  test('re-registering replaces the URLs; resend delivers the same confirmation again', async () => {
    await register({ ConfirmationURL: `${receiverUrl}/old/confirm` });
    await register({ ConfirmationURL: `${receiverUrl}/c2b/confirm/s3cr3t` });
    const { body } = await c2bPay({ amount: 25, transactionType: 'Buy Goods' });
    assert.equal(at('/old/confirm').length, 0);

    const resend = await admin(`/c2b/payments/${body.transaction.TransID}/resend`, {});
    assert.equal(resend.status, 200);
    assert.equal(resend.body.transaction.confirmations.length, 2);
    const both = at('/c2b/confirm/s3cr3t');
    assert.equal(both.length, 2);
    assert.deepEqual(both[0], both[1]);
    assert.equal(both[0]!.TransactionType, 'Buy Goods');
    assert.equal(both[0]!.BillRefNumber, '');

    assert.equal((await admin('/c2b/payments/ZZZZZZZZZZ/resend', {})).status, 404);
  });

  test('admin payment validation: bad msisdn and decimal amount -> 400', async () => {
    await register();
    assert.equal((await c2bPay({ amount: 10, msisdn: '0712345678' })).status, 400);
    assert.equal((await c2bPay({ amount: 10.5 })).status, 400);
  });
});

describe('Reversal', () => {
  test('reverses a real STK payment: sync answer, then the Result body', async () => {
    const { receipt } = await stkPaid(1500, '254708374149');
    const sync = await reverse({ TransactionID: receipt, Amount: 1500 });
    assert.equal(sync.status, 200);
    assert.deepEqual(Object.keys(sync.body), [
      'OriginatorConversationID',
      'ConversationID',
      'ResponseCode',
      'ResponseDescription',
    ]);
    assert.match(sync.body.ConversationID, /^AG_\d{8}_[0-9a-f]{20}$/);
    assert.equal(sync.body.ResponseCode, '0');
    assert.equal(sync.body.ResponseDescription, 'Accept the service request successfully.');

    const [result] = await waitFor(
      () => resultsFor(sync.body.ConversationID).length > 0 && resultsFor(sync.body.ConversationID),
    );
    const r = result.Result;
    assert.deepEqual(Object.keys(r), [
      'ResultType',
      'ResultCode',
      'ResultDesc',
      'OriginatorConversationID',
      'ConversationID',
      'TransactionID',
      'ResultParameters',
      'ReferenceData',
    ]);
    assert.equal(r.ResultType, 0);
    assert.equal(r.ResultCode, 0);
    assert.equal(r.ResultDesc, 'The service request is processed successfully.');
    assert.equal(r.OriginatorConversationID, sync.body.OriginatorConversationID);
    assert.match(r.TransactionID, RECEIPT);
    assert.notEqual(r.TransactionID, receipt);
    const p = params(result);
    assert.equal(p.OriginalTransactionID, receipt);
    assert.equal(p.Amount, 1500);
    assert.equal(p.Charge, 0);
    assert.match(String(p.TransCompletedTime), /^\d{14}$/);
    assert.match(String(p.CreditPartyPublicName), /^254708374149 - /);
    assert.match(String(p.DebitPartyPublicName), new RegExp(`^${SHORTCODE} - `));
    assert.deepEqual(r.ReferenceData, {
      ReferenceItem: { Key: 'QueueTimeoutURL', Value: `${receiverUrl}/timeout/s3cr3t` },
    });

    // A second full reversal of the same receipt: R000001.
    const again = await reversalResult({ TransactionID: receipt, Amount: 1500 });
    assert.equal(again.Result.ResultCode, 'R000001');
    assert.equal(again.Result.ResultDesc, 'The transaction has already been reversed.');
    assert.equal('ResultParameters' in again.Result, false);

    const ledger = await get('/__admin/daraja/results');
    assert.deepEqual(
      ledger.body.results.map((e) => e.status),
      ['completed', 'failed'],
    );
    assert.equal(ledger.body.results[0]?.deliveries[0]?.status, 200);
    assert.equal(ledger.body.results[0]?.deliveries[0]?.to, 'ResultURL');
    const text = JSON.stringify(ledger.body);
    assert.equal(text.includes('ZW5jcnlwdGVkLWluaXRpYXRvci1wYXNzd29yZA=='), false, 'SecurityCredential never listed');
    assert.equal(text.includes('s3cr3t'), false, 'URL paths never listed');
  });

  test('unknown receipt, or a receipt of another shortcode -> R000002', async () => {
    const unknown = await reversalResult({ TransactionID: 'QWERTY1234' });
    assert.equal(unknown.Result.ResultCode, 'R000002');
    assert.equal(unknown.Result.ResultDesc, 'The OriginalTransactionID is invalid.');

    const { receipt } = await stkPaid(200, '254711000111');
    const wrongShortcode = await reversalResult({
      TransactionID: receipt,
      Amount: 200,
      ReceiverParty: OTHER_SHORTCODE,
    });
    assert.equal(wrongShortcode.Result.ResultCode, 'R000002');
  });

  test('partial reversals up to the original amount; more than is left fails with R000003', async () => {
    const { receipt } = await stkPaid(1500, '254722000333');
    assert.equal((await reversalResult({ TransactionID: receipt, Amount: 500 })).Result.ResultCode, 0);
    const over = await reversalResult({ TransactionID: receipt, Amount: 1200 });
    assert.equal(over.Result.ResultCode, 'R000003');
    assert.equal(over.Result.ResultDesc, 'The reversal amount is more than the amount left to reverse.');
    assert.equal((await reversalResult({ TransactionID: receipt, Amount: 1000 })).Result.ResultCode, 0);
    assert.equal((await reversalResult({ TransactionID: receipt, Amount: 1 })).Result.ResultCode, 'R000001');
  });

  test('a C2B receipt can be reversed too (RecieverIdentifierType 4 accepted)', async () => {
    await register();
    const { body } = await c2bPay({ amount: 90, firstName: 'Wanjiku' });
    const result = await reversalResult({
      TransactionID: body.transaction.TransID,
      Amount: 90,
      RecieverIdentifierType: '4',
    });
    assert.equal(result.Result.ResultCode, 0);
    assert.equal(params(result).CreditPartyPublicName, '254708374149 - Wanjiku');
  });

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['empty Initiator', { Initiator: '' }, 'Initiator'],
    ['empty SecurityCredential', { SecurityCredential: '' }, 'SecurityCredential'],
    ['wrong CommandID', { CommandID: 'BusinessPayment' }, 'CommandID'],
    ['missing TransactionID', { TransactionID: undefined }, 'TransactionID'],
    ['Amount 0', { Amount: 0 }, 'Amount'],
    ['decimal Amount', { Amount: 10.5 }, 'Amount'],
    ['ReceiverParty not a shortcode', { ReceiverParty: '254708374149' }, 'ReceiverParty'],
    ['RecieverIdentifierType 2', { RecieverIdentifierType: '2' }, 'RecieverIdentifierType'],
    ['ResultURL containing "safaricom"', { ResultURL: 'https://safaricom-results.example/r' }, 'ResultURL'],
    ['QueueTimeOutURL not a URL', { QueueTimeOutURL: 'later' }, 'QueueTimeOutURL'],
    ['one-character Remarks', { Remarks: 'x' }, 'Remarks'],
    ['101-character Remarks', { Remarks: 'x'.repeat(101) }, 'Remarks'],
  ];
  for (const [name, overrides, field] of cases) {
    test(`${name} -> 400 Invalid ${field}`, async () => {
      const { status, body } = await reverse(overrides);
      assert.equal(status, 400);
      assertDarajaError(body, '400.002.02', `Bad Request - Invalid ${field}`);
    });
  }
});

describe('B2C', () => {
  test('pays out: sync answer echoes OriginatorConversationID, Result carries the B2C parameters', async () => {
    const sync = await payout({ OriginatorConversationID: 'refund-ord-1', Amount: 300 });
    assert.equal(sync.status, 200);
    assert.deepEqual(Object.keys(sync.body), [
      'OriginatorConversationID',
      'ConversationID',
      'ResponseCode',
      'ResponseDescription',
    ]);
    assert.equal(sync.body.OriginatorConversationID, 'refund-ord-1');
    assert.equal(sync.body.ResponseDescription, 'Accept the service request successfully.');

    const [result] = await waitFor(
      () => resultsFor(sync.body.ConversationID).length > 0 && resultsFor(sync.body.ConversationID),
    );
    assert.equal(result.Result.ResultType, 0);
    assert.equal(result.Result.ResultCode, 0);
    assert.equal(result.Result.OriginatorConversationID, 'refund-ord-1');
    const p = params(result);
    assert.equal(p.TransactionAmount, 300);
    assert.equal(p.TransactionReceipt, result.Result.TransactionID);
    assert.match(String(p.TransactionReceipt), RECEIPT);
    assert.match(String(p.ReceiverPartyPublicName), /^254708374149 - /);
    assert.match(String(p.TransactionCompletedDateTime), /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
    assert.equal(p.B2CUtilityAccountAvailableFunds, 1_000_000 - 300);

    const duplicate = await payout({ OriginatorConversationID: 'refund-ord-1' });
    assert.equal(duplicate.status, 500);
    assertDarajaError(duplicate.body, '500.002.1001', 'Duplicate OriginatorConversationID');
    // The older v1 path behaves the same.
    const v1 = await post('/mpesa/b2c/v1/paymentrequest', b2cBody({ OriginatorConversationID: 'refund-ord-1' }));
    assert.equal(v1.status, 500);
    assert.equal((await post('/mpesa/b2c/v1/paymentrequest', b2cBody())).status, 200);
  });

  test("payouts beyond the shortcode's utility float fail with ResultCode 1", async () => {
    const first = await acceptedAsync(await payout({ Amount: 250_000, PartyB: '254700000001' }));
    for (const phone of ['254700000002', '254700000003', '254700000004'])
      await acceptedAsync(await payout({ Amount: 250_000, PartyB: phone }));
    const broke = await acceptedAsync(await payout({ Amount: 1, PartyB: '254700000005' }));
    const [last] = await waitFor(() => resultsFor(broke.ConversationID).length > 0 && resultsFor(broke.ConversationID));
    assert.equal(last.Result.ResultCode, 1);
    assert.equal(last.Result.ResultDesc, 'The balance is insufficient for the transaction.');
    assert.equal(params(resultsFor(first.ConversationID)[0]).B2CUtilityAccountAvailableFunds, 750_000);
  });

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['missing OriginatorConversationID', { OriginatorConversationID: undefined }, 'OriginatorConversationID'],
    ['empty InitiatorName', { InitiatorName: '' }, 'InitiatorName'],
    ['missing SecurityCredential', { SecurityCredential: undefined }, 'SecurityCredential'],
    ['CommandID TransactionReversal', { CommandID: 'TransactionReversal' }, 'CommandID'],
    ['Amount above 250,000', { Amount: 250_001 }, 'Amount'],
    ['PartyA an MSISDN', { PartyA: '254708374149' }, 'PartyA'],
    ['PartyB a local number', { PartyB: '0708374149' }, 'PartyB'],
    ['one-character Remarks', { Remarks: 'r' }, 'Remarks'],
    ['ResultURL containing "mpesa"', { ResultURL: `http://127.0.0.1:1/mpesa/result` }, 'ResultURL'],
  ];
  for (const [name, overrides, field] of cases) {
    test(`${name} -> 400 Invalid ${field}`, async () => {
      const { status, body } = await payout(overrides);
      assert.equal(status, 400);
      assertDarajaError(body, '400.002.02', `Bad Request - Invalid ${field}`);
    });
  }
});

describe('Bearer token', () => {
  test('C2B register, reversal and B2C all need a valid token (404 404.001.03)', async () => {
    const calls: Array<[string, unknown]> = [
      ['/mpesa/c2b/v1/registerurl', registration()],
      ['/mpesa/c2b/v2/registerurl', registration()],
      ['/mpesa/reversal/v1/request', reversalBody()],
      ['/mpesa/b2c/v3/paymentrequest', b2cBody()],
      ['/mpesa/b2c/v1/paymentrequest', b2cBody()],
    ];
    for (const [path, body] of calls) {
      for (const headers of [{}, { authorization: 'Bearer notARealToken' }] as Array<Record<string, string>>) {
        const res = await post(path, body, headers);
        assert.equal(res.status, 404, path);
        assertDarajaError(res.body, '404.001.03', 'Invalid Access Token');
      }
    }
    assert.equal((await get('/__admin/daraja/results')).body.results.length, 0);
  });

  test('a body sent without Content-Type surfaces as the first field', async () => {
    const res = await fetch(`${baseUrl}/mpesa/reversal/v1/request`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(reversalBody()),
    });
    assert.equal(res.status, 400);
    assertDarajaError(await res.json(), '400.002.02', 'Bad Request - Invalid Initiator');
  });
});

describe('Scripted results', () => {
  test('queue-timeout: a ResultType 1 notice to QueueTimeOutURL, nothing to ResultURL, no money moved', async () => {
    const script = await admin('/results/scenarios', {
      match: { partyB: '254733000111' },
      outcome: 'queue-timeout',
      delayMs: 50,
    });
    assert.equal(script.status, 201);
    const accepted = await acceptedAsync(await payout({ PartyB: '254733000111' }));
    const [notice] = await waitFor(
      () =>
        resultsFor(accepted.ConversationID, '/timeout/s3cr3t').length > 0 &&
        resultsFor(accepted.ConversationID, '/timeout/s3cr3t'),
    );
    assert.equal(notice.Result.ResultType, 1);
    assert.equal(notice.Result.ResultCode, 1);
    assert.equal(notice.Result.ResultDesc, 'The request timed out in the queue.');
    assert.equal(notice.Result.TransactionID, '');
    assert.equal(notice.Result.OriginatorConversationID, accepted.OriginatorConversationID);
    // The request is finished at the sandbox (its one delivery, the notice, is on record): no Result can follow.
    const entry = await resultEntry(accepted.ConversationID, (e) => e.deliveries.length > 0);
    assert.equal(resultsFor(accepted.ConversationID).length, 0);
    assert.equal(entry.status, 'queue-timeout');
    assert.deepEqual(
      entry.deliveries.map((d) => d.to),
      ['QueueTimeOutURL'],
    );
    assert.equal((await get(`/__admin/daraja/statement?shortCode=${SHORTCODE}`)).body.entries.length, 0);
  });

  test('no-result: processed by the rules but never called back; the statement still shows it', async () => {
    const { receipt } = await stkPaid(400, '254744000222');
    await admin('/results/scenarios', { match: { transactionId: receipt }, outcome: 'no-result', delayMs: 50 });
    const accepted = await acceptedAsync(await reverse({ TransactionID: receipt, Amount: 400 }));
    // Processed at the sandbox (no longer pending), with nothing delivered anywhere.
    const ledger = await resultEntry(accepted.ConversationID, (e) => e.status !== 'pending');
    assert.equal(resultsFor(accepted.ConversationID).length, 0);
    assert.equal(resultsFor(accepted.ConversationID, '/timeout/s3cr3t').length, 0);
    assert.equal(ledger.status, 'completed');
    assert.equal(ledger.delivery, 'none');
    assert.deepEqual(ledger.deliveries, []);
    const statement = (await get(`/__admin/daraja/statement?shortCode=${SHORTCODE}`)).body;
    assert.deepEqual(
      statement.entries.map((e) => [e.type, e.direction, e.amount]),
      [
        ['stk', 'in', 400],
        ['reversal', 'out', 400],
      ],
    );
    assert.equal(statement.entries[1]?.receipt, ledger.result.TransactionID);
  });

  test('double-result: the same Result twice; the statement lists the payout once', async () => {
    await admin('/results/scenarios', {
      match: { originatorConversationId: 'twice-1' },
      outcome: 'double-result',
      delayMs: 50,
    });
    const accepted = await acceptedAsync(await payout({ OriginatorConversationID: 'twice-1', Amount: 120 }));
    const both = await waitFor(
      () => resultsFor(accepted.ConversationID).length >= 2 && resultsFor(accepted.ConversationID),
    );
    assert.equal(both.length, 2);
    assert.deepEqual(both[0], both[1]);
    assert.equal(both[0].Result.ResultCode, 0);
    const statement = (await get(`/__admin/daraja/statement?shortCode=${SHORTCODE}`)).body;
    assert.deepEqual(
      statement.entries.map((e) => [e.type, e.amount, e.originatorConversationId]),
      [['b2c', 120, 'twice-1']],
    );
  });

  test('fail with a scripted code applies `times` requests, then the rules take over again', async () => {
    await admin('/results/scenarios', {
      match: { partyB: '254755000333' },
      outcome: 'fail',
      resultCode: '2001',
      times: 1,
      delayMs: 20,
    });
    const failed = await acceptedAsync(await payout({ PartyB: '254755000333' }));
    const [first] = await waitFor(
      () => resultsFor(failed.ConversationID).length > 0 && resultsFor(failed.ConversationID),
    );
    assert.equal(first.Result.ResultCode, 2001);
    assert.equal(first.Result.ResultDesc, 'The initiator information is invalid.');
    const retried = await acceptedAsync(await payout({ PartyB: '254755000333' }));
    const [second] = await waitFor(
      () => resultsFor(retried.ConversationID).length > 0 && resultsFor(retried.ConversationID),
    );
    assert.equal(second.Result.ResultCode, 0);
  });

  test('scripts need a match field and a known outcome', async () => {
    assert.equal((await admin('/results/scenarios', { match: {}, outcome: 'fail' })).status, 400);
    assert.equal(
      (await admin('/results/scenarios', { match: { partyB: '254700000000' }, outcome: 'explode' })).status,
      400,
    );
    assert.equal((await get('/__admin/daraja/results/scenarios')).body.scenarios.length, 0);
  });
});

describe('Statement', () => {
  test('lists STK, C2B, reversals and B2C for a shortcode in time order with exact amounts', async () => {
    await register();
    await post('/mpesa/c2b/v1/registerurl', registration({ ShortCode: OTHER_SHORTCODE }));
    const paid = await stkPaid(1500, '254708374149');
    const short = await stkPaid(2000, '254700009004'); // "different-amount": pays 1999
    assert.equal(short.paid, 1999);
    // A cancelled push moves no money.
    await post('/__admin/daraja/scenarios', { phone: '254700001032', scenario: 'cancelled', delayMs: 10 }, {});
    const cancelledPush = await post('/mpesa/stkpush/v1/processrequest', {
      BusinessShortCode: SHORTCODE,
      Password: stkPassword(),
      Timestamp: TIMESTAMP,
      TransactionType: 'CustomerPayBillOnline',
      Amount: 99,
      PartyA: '254700001032',
      PartyB: SHORTCODE,
      PhoneNumber: '254700001032',
      CallBackURL: `${receiverUrl}/stk/s3cr3t`,
      AccountReference: 'X',
      TransactionDesc: 'X',
    });
    await waitFor(() =>
      at('/stk/s3cr3t').some((b) => b.Body.stkCallback.CheckoutRequestID === cancelledPush.body.CheckoutRequestID),
    );
    const c2b = (await c2bPay({ amount: 700, billRefNumber: 'ORD-7' })).body.transaction;
    await c2bPay({ shortCode: OTHER_SHORTCODE, amount: 5 });
    validationAnswer = { ResultCode: 'C2B00012', ResultDesc: 'Rejected' };
    await c2bPay({ amount: 33, validate: true }); // rejected: not in the statement
    const reversal = await reversalResult({ TransactionID: paid.receipt, Amount: 500 });
    await reversalResult({ TransactionID: 'NOTAREAL01', Amount: 5 }); // failed: not in the statement
    const b2c = await acceptedAsync(await payout({ Amount: 300 }));
    const [b2cResult] = await waitFor(
      () => resultsFor(b2c.ConversationID).length > 0 && resultsFor(b2c.ConversationID),
    );

    const { status, body } = await get(`/__admin/daraja/statement?shortCode=${SHORTCODE}`);
    assert.equal(status, 200);
    assert.deepEqual(
      body.entries.map((e) => [e.type, e.direction, e.amount, e.receipt]),
      [
        ['stk', 'in', 1500, paid.receipt],
        ['stk', 'in', 1999, short.receipt],
        ['c2b', 'in', 700, c2b.TransID],
        ['reversal', 'out', 500, reversal.Result.TransactionID],
        ['b2c', 'out', 300, b2cResult.Result.TransactionID],
      ],
    );
    const [stkEntry, , c2bEntry, reversalEntry, b2cEntry] = body.entries as [
      StatementEntry,
      StatementEntry,
      StatementEntry,
      StatementEntry,
      StatementEntry,
    ];
    assert.equal(stkEntry.checkoutRequestId, paid.checkoutRequestId);
    assert.equal(stkEntry.msisdn, '254708374149');
    assert.equal(c2bEntry.billRefNumber, 'ORD-7');
    assert.equal(reversalEntry.originalReceipt, paid.receipt);
    assert.equal(reversalEntry.msisdn, '254708374149');
    assert.equal(b2cEntry.msisdn, '254708374149');
    assert.deepEqual(body.totals, { in: 1500 + 1999 + 700, out: 800, net: 1500 + 1999 + 700 - 800 });
    const times = body.entries.map((e) => e.at);
    assert.deepEqual(times, [...times].sort());
    // STK, C2B, reversal and B2C receipts come from one book: never the same twice.
    const receipts = body.entries.map((e) => e.receipt);
    assert.equal(new Set(receipts).size, receipts.length);

    const all = (await get('/__admin/daraja/statement')).body;
    assert.equal(all.entries.length, 6);
    assert.ok(all.entries.some((e) => e.shortCode === OTHER_SHORTCODE && e.amount === 5));
    assert.equal((await get('/__admin/daraja/statement?shortCode=12')).status, 400);
  });
});

describe('Reset', () => {
  test('clears registrations, payments, results, scripts and pending Result timers', async () => {
    await register();
    await c2bPay({ amount: 10 });
    await admin('/results/scenarios', { match: { partyB: '254766000444' }, outcome: 'success', delayMs: 300 });
    const pending = await acceptedAsync(await payout({ PartyB: '254766000444' }));

    assert.equal((await fetch(`${baseUrl}/__admin/reset`, { method: 'POST' })).status, 200);
    assert.equal((await get('/__admin/daraja/c2b/transactions')).body.transactions.length, 0);
    assert.equal((await get('/__admin/daraja/c2b/registrations')).body.registrations.length, 0);
    assert.equal((await get('/__admin/daraja/results')).body.results.length, 0);
    assert.equal((await get('/__admin/daraja/results/scenarios')).body.scenarios.length, 0);
    assert.equal((await get('/__admin/daraja/statement')).body.entries.length, 0);
    assert.equal((await c2bPay({ amount: 10 })).status, 409, 'registration forgotten');

    // A request accepted after the reset with the same delay: its Result arrives after the
    // cancelled one would have (that timer was set earlier, to fire as long after).
    await authenticate();
    await admin('/results/scenarios', { match: { partyB: '254766000555' }, outcome: 'success', delayMs: 300 });
    const later = await acceptedAsync(await payout({ PartyB: '254766000555' }));
    await waitFor(() => resultsFor(later.ConversationID).length > 0);
    assert.equal(resultsFor(pending.ConversationID).length, 0, 'the pending Result was cancelled');
  });
});
