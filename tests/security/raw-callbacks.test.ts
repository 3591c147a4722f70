// Callbacks are never lost (issue 15): hostile bodies sent to the M-Pesa (STK, C2B), WhatsApp and
// delivery partner callback routes of the real API (with the real worker and sandbox) get the
// answer the provider expects, leave a row with the exact bytes and the reason in words, change
// nothing, and a valid callback sent right after is applied exactly once.
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { shopFlows } from '../helpers/shop.ts';
import { withClient } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { TEST_WHATSAPP, waitFor } from '../helpers/payment-stack.ts';

const TILL_STORE = 'nairobi-gadgets';
const PAYBILL_STORE = 'saa-bora';
const PARTNER_SECRET = 'raw-callbacks-test-partner-secret';
// STK Query waits 10 minutes: only a callback can settle a payment here.
const stack = useApiStack({
  // The sandbox's WhatsApp is left unconfigured: only this file's own webhooks reach the API.
  sandbox: { deliveryPartnerSecret: PARTNER_SECRET, whatsapp: false },
  env: { MPESA_QUERY_AFTER_MS: '600000', MPESA_STATUS_QUERY_AFTER_MS: '600000' },
});

/**
 * The columns these tests read from the stored-callback tables and the rest (each query selects
 * some of them; the assertions check which).
 */
interface StoredRow {
  id: string;
  raw_body: Buffer;
  size_bytes: number;
  content_type: string | null;
  flag_reason: string | null;
  body: unknown;
  reference: string | null;
  outcome: string | null;
  flagged: boolean | null;
  authenticated: boolean;
  correlation_id: string | null;
  path_hint: string | null;
  raw: string;
  n: number;
  status: string;
  sku: string;
  callback_secret: string;
}
/** What these tests read of an answer: each part only where the route gives it. */
interface Answer {
  cart: { token: string };
  order: { id: string; number: number; totalKes: number };
  delivery: { id: string; partner: { parcelId: string } };
  error: { code: string };
  outcome: string;
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.101');
const sql = stack.sql<StoredRow>;
const { tenantOf } = stack;

let phoneSeq = 300;
const phone = (suffix: string) => `2547${String(++phoneSeq).padStart(4, '0')}${suffix}`;

// Hostile bodies -----------------------------------------------------------------------------

const MARK = '__MARK__';
type Case = { name: string; bytes: Buffer; flag: string };

/**
 * Every way a body can be unreadable, each built around a real, valid callback (`valid` has a
 * string field set to MARK): applied by mistake, it would pay an order or move a delivery.
 */
function hostileBodies(valid: unknown, bigFlag: string | null): (Case | { name: string; bytes: Buffer; flag: null })[] {
  const text = JSON.stringify(valid);
  const [head, tail] = text.split(MARK) as [string, string];
  const deep = JSON.stringify({ ...(valid as object), deep: '__DEEP__' }).replace(
    '"__DEEP__"',
    `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  );
  return [
    { name: 'a NUL byte', bytes: Buffer.from(`${head}a\u0000b${tail}`, 'utf8'), flag: 'nul_character' },
    { name: 'an escaped NUL (\\u0000)', bytes: Buffer.from(`${head}a\\u0000b${tail}`, 'utf8'), flag: 'nul_character' },
    {
      name: 'an escaped lone surrogate (\\ud800)',
      bytes: Buffer.from(`${head}a\\ud800b${tail}`, 'utf8'),
      flag: 'lone_surrogate',
    },
    {
      name: 'a lone surrogate encoded as bytes (ED A0 80)',
      bytes: Buffer.concat([Buffer.from(head), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(tail)]),
      flag: 'invalid_utf8',
    },
    {
      name: 'invalid UTF-8 (FF FE)',
      bytes: Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(tail)]),
      flag: 'invalid_utf8',
    },
    { name: '10,000-deep nesting', bytes: Buffer.from(deep), flag: 'too_deep' },
    { name: 'truncated JSON', bytes: Buffer.from(text.slice(0, Math.floor(text.length / 2))), flag: 'invalid_json' },
    { name: 'an empty body', bytes: Buffer.alloc(0), flag: 'empty_body' },
    {
      name: 'a 900 KB body',
      bytes: Buffer.from(JSON.stringify({ ...(valid as object), padding: 'x'.repeat(900 * 1024) })),
      flag: bigFlag,
    },
  ];
}

let client = 0;
async function post(url: string, bytes: Buffer, headers: Record<string, string> = {}) {
  client++;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${client % 250}`, ...headers },
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Answer };
}

// Orders -------------------------------------------------------------------------------------

const shop = shopFlows(stack);
const placeOrder = (store: string, shopperPhone: string) =>
  shop.placeOrder(store, { phone: shopperPhone, name: 'Achieng Otieno', areaSlug: 'kilimani' });

const hookUrl = async (store: string, kind: string) => {
  const [row] = await sql('SELECT callback_secret FROM mpesa_settings WHERE tenant_id = $1', [tenantOf(store)]);
  return `${stack.api.url}/v1/hooks/daraja/${row!.callback_secret}/${kind}`;
};
const paidEvents = async (orderId: string) =>
  (await sql(`SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND type = 'paid'`, [orderId]))[0]!.n;

/** The stored M-Pesa callback with exactly these bytes (the bytea comparison is Postgres's). */
async function storedCallback(kind: string, bytes: Buffer) {
  const found = await sql(
    `SELECT c.id::text AS id, c.raw_body, c.size_bytes, c.content_type, c.flag_reason, c.body, c.reference, o.outcome, o.flagged
      FROM payment_callbacks c LEFT JOIN payment_callback_outcomes o ON o.tenant_id = c.tenant_id AND o.callback_id = c.id
     WHERE c.kind = $1 AND c.raw_body = $2 ORDER BY c.id`,
    [kind, bytes],
  );
  return found;
}

async function assertStoredFlagged(kind: string, c: Case) {
  const rows = await storedCallback(kind, c.bytes);
  assert.equal(rows.length, 1, `${c.name}: one stored row`);
  const row = rows[0]!;
  assert.ok(Buffer.isBuffer(row.raw_body) && row.raw_body.equals(c.bytes), `${c.name}: the exact bytes`);
  assert.equal(row.size_bytes, c.bytes.length);
  assert.equal(row.content_type, 'application/json');
  assert.equal(row.flag_reason, c.flag, c.name);
  assert.equal(row.body, null, `${c.name}: nothing parsed is kept`);
  assert.deepEqual(
    [row.outcome, row.flagged],
    ['unreadable_body', true],
    `${c.name}: flagged at intake, so never applied or swept`,
  );
  return row.id;
}

/**
 * Posts every unreadable variant of a valid M-Pesa callback body: each is answered 200 Accepted
 * and stored byte for byte, flagged, and none is left for the sweeper.
 */
async function postUnreadable(url: string, kind: string, valid: unknown) {
  const ids: string[] = [];
  for (const c of hostileBodies(valid, 'too_large') as Case[]) {
    const answer = await post(url, c.bytes);
    assert.equal(answer.status, 200, `${c.name}: ${JSON.stringify(answer.body)}`);
    assert.deepEqual(answer.body, { ResultCode: 0, ResultDesc: 'Accepted' }, c.name);
    ids.push(await assertStoredFlagged(kind, c));
  }
  await notSwept(ids);
}

async function notSwept(ids: string[]) {
  const unprocessed = (
    await sql(`SELECT callback_id::text AS id FROM app_unprocessed_callbacks(make_interval(secs => 0), 2000)`)
  ).map((r) => r.id);
  for (const id of ids) assert.ok(!unprocessed.includes(id), `callback ${id} is not left for the sweeper`);
}

/** A push as the sandbox's ledger lists it (what these tests read). */
interface LedgerEntry {
  PhoneNumber: string;
  status: string;
  MerchantRequestID: string;
  CheckoutRequestID: string;
  paidAmount: number;
  MpesaReceiptNumber: string;
  TransactionDate: string;
}

describe('M-Pesa callbacks with unreadable bodies', () => {
  test('STK callback: NUL, lone surrogates, invalid UTF-8, 10,000-deep, truncated, empty, 900 KB: 200 Accepted, stored byte for byte and flagged, nothing applied; the valid callback after pays once', async () => {
    const shopper = phone('9000'); // the sandbox takes the money but sends no callback
    const order = await placeOrder(TILL_STORE, shopper);
    const res = await shop.startPayment<{ payment: { id: string } }>(TILL_STORE, order.id);
    const { payment } = res.body;
    assert.equal(res.status, 201);
    const tx = await waitFor('the sandbox to take the money', async () => {
      const all = (
        (await (await fetch(`${stack.sandbox.url}/__admin/daraja/transactions`)).json()) as {
          transactions: LedgerEntry[];
        }
      ).transactions;
      return all.find((t) => t.PhoneNumber === shopper && t.status === 'completed');
    });
    const stk = (resultDesc: string) => ({
      Body: {
        stkCallback: {
          MerchantRequestID: tx.MerchantRequestID,
          CheckoutRequestID: tx.CheckoutRequestID,
          ResultCode: 0,
          ResultDesc: resultDesc,
          CallbackMetadata: {
            Item: [
              { Name: 'Amount', Value: tx.paidAmount },
              { Name: 'MpesaReceiptNumber', Value: tx.MpesaReceiptNumber },
              { Name: 'TransactionDate', Value: Number(tx.TransactionDate) },
              { Name: 'PhoneNumber', Value: Number(tx.PhoneNumber) },
            ],
          },
        },
      },
    });
    const url = await hookUrl(TILL_STORE, 'stk');
    await postUnreadable(url, 'stk', stk(MARK));
    const [still] = await sql(`SELECT status, receipt_number FROM payments WHERE id = $1`, [payment.id]);
    assert.deepEqual(still, { status: 'pending', receipt_number: null }, 'no unreadable body paid the order');

    // The real callback, twice (Daraja may repeat): applied once.
    const valid = Buffer.from(JSON.stringify(stk('The service request is processed successfully.')));
    for (let i = 0; i < 2; i++)
      assert.deepEqual((await post(url, valid)).body, { ResultCode: 0, ResultDesc: 'Accepted' });
    await waitFor('the valid callbacks processed', async () => {
      const rows = await storedCallback('stk', valid);
      return rows.length === 2 && rows.every((r) => r.outcome) ? rows : null;
    });
    const rows = await storedCallback('stk', valid);
    assert.deepEqual(
      rows.map((r) => [r.flag_reason, r.reference, r.outcome]).sort(),
      [
        [null, tx.CheckoutRequestID, 'applied_paid'],
        [null, tx.CheckoutRequestID, 'duplicate'],
      ].sort(),
    );
    const [paid] = await sql(`SELECT status, receipt_number FROM payments WHERE id = $1`, [payment.id]);
    assert.deepEqual(paid, { status: 'paid', receipt_number: tx.MpesaReceiptNumber });
    assert.equal(await paidEvents(order.id), 1);
  });

  test('a callback that says text/plain, form-encoded, an unknown type or no content type at all is kept byte for byte too; other routes still refuse those types', async () => {
    const url = await hookUrl(TILL_STORE, 'stk');
    const bytes = Buffer.concat([
      Buffer.from('{"Body":{"stkCallback":{"note":"'),
      Buffer.from([0x00, 0xff]),
      Buffer.from('"}}}'),
    ]);
    for (const contentType of [
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'application/vnd.daraja+json',
      null,
    ]) {
      const marked = Buffer.concat([bytes, Buffer.from(` ${contentType ?? 'none'}`)]);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'x-forwarded-for': '203.0.113.251', ...(contentType ? { 'content-type': contentType } : {}) },
        body: new Uint8Array(marked),
      });
      assert.equal(res.status, 200, `${contentType}: ${await res.clone().text()}`);
      assert.deepEqual(await res.json(), { ResultCode: 0, ResultDesc: 'Accepted' });
      const rows = await storedCallback('stk', marked);
      assert.equal(rows.length, 1, `${contentType}: stored once`);
      assert.ok(rows[0]!.raw_body.equals(marked), `${contentType}: the exact bytes`);
      assert.equal(rows[0]!.content_type, contentType, 'the content type as sent');
      assert.equal(rows[0]!.flag_reason, 'invalid_utf8');
      assert.deepEqual([rows[0]!.outcome, rows[0]!.flagged], ['unreadable_body', true]);
    }
    // Anywhere else an unknown type is still a 415 in the API's error shape, and text/plain is not JSON.
    const other = await fetch(`${stack.api.url}/v1/stores/${TILL_STORE}/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.daraja+json' },
      body: '{"sku":"x","quantity":1}',
    });
    assert.equal(other.status, 415);
    assert.equal(((await other.json()) as Answer).error.code, 'unsupported_media_type');
    const plain = await fetch(`${stack.api.url}/v1/stores/${TILL_STORE}/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"sku":"x","quantity":1}',
    });
    assert.ok(plain.status >= 400 && plain.status < 500, `text/plain to a JSON route: ${plain.status}`);
  });

  test('C2B confirmation: the same bodies are stored flagged and pay nothing; the valid confirmation after pays the order once', async () => {
    const order = await placeOrder(PAYBILL_STORE, phone('0000'));
    const transId = `RAW${randomUUID().replace(/-/g, '').slice(0, 9).toUpperCase()}`;
    const confirmation = (firstName: string) => ({
      TransactionType: 'Pay Bill',
      TransID: transId,
      TransTime: '20261125120000',
      TransAmount: String(order.totalKes),
      BusinessShortCode: '4123456',
      BillRefNumber: String(order.number),
      InvoiceNumber: '',
      OrgAccountBalance: '',
      ThirdPartyTransID: '',
      MSISDN: '254711222333',
      FirstName: firstName,
    });
    const url = await hookUrl(PAYBILL_STORE, 'c2b-confirmation');
    await postUnreadable(url, 'c2b_confirmation', confirmation(MARK));
    assert.equal(
      (await sql(`SELECT count(*)::int AS n FROM c2b_payments WHERE trans_id = $1`, [transId]))[0]!.n,
      0,
      'no unreadable confirmation was recorded',
    );
    assert.equal((await sql(`SELECT status FROM orders WHERE id = $1`, [order.id]))[0]!.status, 'pending_payment');

    const valid = Buffer.from(JSON.stringify(confirmation('Achieng')));
    for (let i = 0; i < 2; i++) assert.equal((await post(url, valid)).status, 200);
    await waitFor(
      'the order paid by the confirmation',
      async () => (await sql(`SELECT status FROM orders WHERE id = $1`, [order.id]))[0]!.status === 'paid',
    );
    await waitFor('both confirmations processed', async () =>
      (await storedCallback('c2b_confirmation', valid)).every((r) => r.outcome),
    );
    assert.deepEqual((await storedCallback('c2b_confirmation', valid)).map((r) => r.outcome).sort(), [
      'applied_paid',
      'duplicate',
    ]);
    assert.equal((await sql(`SELECT count(*)::int AS n FROM c2b_payments WHERE trans_id = $1`, [transId]))[0]!.n, 1);
    assert.equal(await paidEvents(order.id), 1);
  });

  test('an unreadable body to an unknown secret: 404 as before, its first 64 KB kept byte for byte', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_raw_unknown","x":"'),
      Buffer.from([0x00, 0xff]),
      Buffer.from('"}}}'),
    ]);
    const answer = await post(`${stack.api.url}/v1/hooks/daraja/${'y'.repeat(40)}/stk`, bytes);
    assert.equal(answer.status, 404);
    const [row] = await sql(`SELECT raw_body, size_bytes, raw FROM rejected_payment_callbacks WHERE raw_body = $1`, [
      bytes,
    ]);
    assert.ok(row, 'kept');
    assert.ok(row.raw_body.equals(bytes));
    assert.equal(row.size_bytes, bytes.length);
    assert.ok(
      row.raw.includes('ws_CO_raw_unknown') && row.raw.includes('\uFFFD'),
      'the readable text replaces what text cannot hold',
    );
  });
});

describe('WhatsApp webhook with unreadable bodies', () => {
  const sign = (bytes: Buffer, secret = TEST_WHATSAPP.appSecret) =>
    `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;
  const delivery = async (bytes: Buffer) =>
    sql(
      `SELECT raw_body, size_bytes, content_type, authenticated, flag_reason, correlation_id FROM webhook_deliveries WHERE source = 'whatsapp' AND raw_body = $1`,
      [bytes],
    );
  const inbound = async (shopper: string) =>
    (await sql(`SELECT count(*)::int AS n FROM messages WHERE phone = $1 AND direction = 'in'`, [shopper]))[0]!.n;
  const inboundBody = async (shopper: string, text: string) => {
    const [s] = await sql(`SELECT whatsapp_phone_number_id AS id FROM messaging_settings WHERE tenant_id = $1`, [
      tenantOf(TILL_STORE),
    ]);
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '254711482930', phone_number_id: s!.id },
                contacts: [{ wa_id: shopper, profile: { name: 'Wanjiru' } }],
                messages: [
                  {
                    from: shopper,
                    id: `wamid.raw-${randomUUID()}`,
                    timestamp: '1732300000',
                    type: 'text',
                    text: { body: text },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
  };

  test('signed hostile bodies: 200, stored byte for byte with the reason, no unreadable one taken in (a readable 900 KB batch is); the valid delivery after is taken in once', async () => {
    const shopper = phone('4411');
    for (const c of hostileBodies(await inboundBody(shopper, MARK), null)) {
      const answer = await post(`${stack.api.url}/v1/hooks/whatsapp`, c.bytes, {
        'x-hub-signature-256': sign(c.bytes),
      });
      assert.equal(answer.status, 200, `${c.name}: ${JSON.stringify(answer.body)}`);
      const rows = await delivery(c.bytes);
      assert.equal(rows.length, 1, `${c.name}: one stored row`);
      assert.ok(rows[0]!.raw_body.equals(c.bytes), `${c.name}: the exact bytes`);
      assert.equal(rows[0]!.size_bytes, c.bytes.length);
      assert.equal(rows[0]!.authenticated, true);
      assert.equal(rows[0]!.flag_reason, c.flag, c.name);
      assert.ok(rows[0]!.correlation_id, "tied to the request's log lines");
      // A 900 KB delivery Meta signed is a real (if large) batch: kept whole and read, not refused.
      if (c.flag === null) assert.deepEqual(answer.body, { statuses: 0, inbound: 1 });
      else assert.deepEqual(answer.body, { statuses: 0, inbound: 0 }, c.name);
    }
    assert.equal(await inbound(shopper), 1, 'only the readable 900 KB delivery took a message in');

    const next = phone('4412');
    const valid = Buffer.from(JSON.stringify(await inboundBody(next, 'Habari, bado iko?')));
    for (let i = 0; i < 2; i++)
      assert.equal(
        (await post(`${stack.api.url}/v1/hooks/whatsapp`, valid, { 'x-hub-signature-256': sign(valid) })).status,
        200,
      );
    assert.equal(await inbound(next), 1, 'taken in once (Meta redelivers)');
    assert.equal((await delivery(valid)).length, 2, 'each delivery is kept');
  });

  test('a bad or missing signature is still 401 (checked over the exact bytes); the body is kept, only its first 4 KB', async () => {
    const shopper = phone('4413');
    const valid = Buffer.from(JSON.stringify({ ...(await inboundBody(shopper, 'STOP')), padding: 'p'.repeat(20_000) }));
    const nul = Buffer.from(`{"entry":"a\u0000b","n":${Date.now()}}`);
    for (const [bytes, signature] of [
      [valid, sign(valid, 'not-the-app-secret')],
      [nul, undefined],
      [valid, sign(Buffer.concat([valid, Buffer.from(' ')]))],
    ] as const) {
      const answer = await post(
        `${stack.api.url}/v1/hooks/whatsapp`,
        bytes,
        signature ? { 'x-hub-signature-256': signature } : {},
      );
      assert.equal(answer.status, 401);
      assert.equal(answer.body.error.code, 'unauthorized');
    }
    const kept = await sql(
      `SELECT raw_body, size_bytes, authenticated, flag_reason FROM webhook_deliveries WHERE source = 'whatsapp' AND NOT authenticated AND size_bytes = $1`,
      [valid.length],
    );
    assert.equal(kept.length, 2);
    for (const row of kept) {
      assert.ok(row.raw_body.equals(valid.subarray(0, 4096)), 'the first 4 KB, byte for byte');
      assert.equal(row.flag_reason, null);
    }
    const [nulRow] = await sql(
      `SELECT raw_body, authenticated, flag_reason FROM webhook_deliveries WHERE source = 'whatsapp' AND raw_body = $1`,
      [nul],
    );
    assert.deepEqual([nulRow?.authenticated, nulRow?.flag_reason], [false, 'nul_character']);
    assert.equal(await inbound(shopper), 0, 'a forged STOP changes nothing');
  });
});

describe('delivery partner webhook with unreadable bodies', () => {
  test('hostile bodies with the right secret: 200, stored byte for byte and flagged, the delivery untouched; a bad secret is 401 and kept truncated; the valid webhook after applies once', async () => {
    const staff = await demoLogin(call, TILL_STORE, 'staff');
    const order = await placeOrder(TILL_STORE, phone('0000'));
    await sql(`UPDATE orders SET status = 'paid', reserved_until = NULL WHERE id = $1`, [order.id]);
    assert.equal(
      (await call('POST', `/v1/owner/orders/${order.number}/status`, { to: 'packed' }, staff.accessToken)).status,
      200,
    );
    const dispatched = await call(
      'POST',
      `/v1/owner/orders/${order.number}/dispatch`,
      { method: 'partner_pickup', agentId: 'PM-KLM-001' },
      staff.accessToken,
    );
    assert.equal(dispatched.status, 201, JSON.stringify(dispatched.body));
    const { parcelId } = dispatched.body.delivery.partner;
    const deliveryId: string = dispatched.body.delivery.id;
    const statusChange = (status: string, note: string) => ({
      event: 'parcel.status_changed',
      eventId: `evt_${randomUUID()}`,
      parcelId,
      reference: `${order.id}-1`,
      status,
      agentId: 'PM-KLM-001',
      occurredAt: new Date().toISOString(),
      note,
    });
    const url = `${stack.api.url}/v1/webhooks/delivery-partner/${TILL_STORE}`;
    const stored = async (bytes: Buffer) =>
      sql(
        `SELECT raw_body, size_bytes, authenticated, flag_reason, path_hint FROM webhook_deliveries WHERE source = 'delivery_partner' AND raw_body = $1`,
        [bytes],
      );
    const trail = async () =>
      (await sql(`SELECT status FROM delivery_events WHERE delivery_id = $1 ORDER BY id`, [deliveryId])).map(
        (r) => r.status,
      );

    for (const c of hostileBodies(statusChange('collected', MARK), 'too_large') as Case[]) {
      const answer = await post(url, c.bytes, { 'x-webhook-secret': PARTNER_SECRET });
      assert.equal(answer.status, 200, `${c.name}: ${JSON.stringify(answer.body)}`);
      assert.deepEqual(answer.body, { received: true, outcome: 'unreadable_body' }, c.name);
      const rows = await stored(c.bytes);
      assert.equal(rows.length, 1, `${c.name}: one stored row`);
      assert.ok(rows[0]!.raw_body.equals(c.bytes), `${c.name}: the exact bytes`);
      assert.deepEqual(
        [rows[0]!.size_bytes, rows[0]!.authenticated, rows[0]!.flag_reason, rows[0]!.path_hint],
        [c.bytes.length, true, c.flag, TILL_STORE],
        c.name,
      );
    }
    const forged = Buffer.from(JSON.stringify({ ...statusChange('collected', 'x'), padding: 'q'.repeat(10_000) }));
    const refused = await post(url, forged, { 'x-webhook-secret': `${PARTNER_SECRET}x` });
    assert.equal(refused.status, 401);
    const [kept] = await sql(
      `SELECT raw_body, size_bytes, authenticated FROM webhook_deliveries WHERE source = 'delivery_partner' AND NOT authenticated AND size_bytes = $1`,
      [forged.length],
    );
    assert.ok(kept!.raw_body.equals(forged.subarray(0, 4096)));
    assert.deepEqual(await trail(), ['assigned'], 'nothing moved the delivery');
    assert.equal((await sql(`SELECT status FROM orders WHERE id = $1`, [order.id]))[0]!.status, 'dispatched');

    // Shape is still checked after the bytes are readable: a readable body that is not a status change is a 400 as before (and kept).
    const notAChange = Buffer.from('{"hello":"world"}');
    assert.equal((await post(url, notAChange, { 'x-webhook-secret': PARTNER_SECRET })).status, 400);
    assert.equal((await stored(notAChange)).length, 1);

    const valid = Buffer.from(JSON.stringify(statusChange('at_agent', 'At the desk')));
    const first = await post(url, valid, { 'x-webhook-secret': PARTNER_SECRET });
    assert.deepEqual([first.status, first.body], [200, { received: true, outcome: 'applied' }]);
    const again = await post(url, valid, { 'x-webhook-secret': PARTNER_SECRET });
    assert.deepEqual([again.status, again.body.outcome], [200, 'duplicate']);
    assert.deepEqual(await trail(), ['assigned', 'at_agent'], 'applied exactly once');
  });
});

describe('the rest of the API and /metrics', () => {
  test('other routes keep the normal JSON parser: malformed JSON is a 400, a prototype key is refused, a valid body parses', async () => {
    const broken = await fetch(`${stack.api.url}/v1/stores/${TILL_STORE}/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sku":',
    });
    assert.equal(broken.status, 400);
    const poisoned = await fetch(`${stack.api.url}/v1/owner/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__":{"admin":true},"store":"x"}',
    });
    assert.equal(poisoned.status, 400);
    const ok = await call('POST', '/v1/owner/auth/login', {
      store: TILL_STORE,
      email: `owner@${TILL_STORE}.sokoni.test`,
      password: 'wrong-password-here',
    });
    assert.equal(ok.status, 401, 'parsed and answered by the login rules');
  });

  test("webhook_deliveries (shoppers' messages of every store): the app role may add rows, never read, change or remove them", async () => {
    const owned = (await sql(`SELECT count(*)::int AS n FROM webhook_deliveries`))[0]!.n;
    assert.ok(owned > 20, 'the tests above stored deliveries');
    await withClient(stack.db.appUrl, async (app) => {
      await app.query(
        `INSERT INTO webhook_deliveries (source, size_bytes, raw_body, authenticated) VALUES ('whatsapp', 2, '\\x7b7d', true)`,
      );
      assert.equal(
        (await app.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries`)).rows[0]?.n,
        0,
        'reads nothing',
      );
      assert.equal((await app.query(`UPDATE webhook_deliveries SET flag_reason = 'edited'`)).rowCount, 0);
      assert.equal((await app.query(`DELETE FROM webhook_deliveries`)).rowCount, 0);
    });
    assert.equal(
      (await sql(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE flag_reason = 'edited'`))[0]!.n,
      0,
    );
    assert.equal(
      (await sql(`SELECT count(*)::int AS n FROM webhook_deliveries`))[0]!.n,
      owned + 1,
      'the insert landed, nothing was removed',
    );
  });

  test('/metrics counts the flagged bodies by source and reason', async () => {
    const text = await (await fetch(`${stack.api.url}/metrics`)).text();
    for (const series of [
      'webhook_bodies_flagged_total{source="mpesa",reason="nul_character"} 4',
      'webhook_bodies_flagged_total{source="mpesa",reason="too_deep"} 2',
      'webhook_bodies_flagged_total{source="whatsapp",reason="invalid_utf8"} 2',
      'webhook_bodies_flagged_total{source="delivery_partner",reason="empty_body"} 1',
      'mpesa_callbacks_total{kind="stk",verdict="unreadable_body"} 13', // 9 hostile bodies + 4 content types
    ])
      assert.ok(text.includes(series), `${series} in /metrics`);
  });
});
