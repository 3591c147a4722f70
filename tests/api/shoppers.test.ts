// Shopper identity over real HTTP: phone + SMS code (read from the sandbox's SMS outbox) -> a
// per-store session; "My orders" shows only that phone's orders at that store; reorder fills
// the cart; saved places; wrong codes, rate limits and invalid sessions are clear 4xx answers;
// "sign out on all phones" ends every session of that phone at that store, and only there.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first } from '../helpers/database.ts';
import { jsonCaller } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const OTHER = 'saa-bora';

const stack = useApiStack({ sandbox: true, env: { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' } });

/**
 * What these tests read of an answer: each part only where the route gives it (the assertions
 * check which; the type does not).
 */
interface Answer {
  phone: string;
  sessionToken: string;
  expiresAt: string;
  orders: { id: string; status: string; items: unknown[]; totalKes: number; timeline: { type: string }[] }[];
  cart: { token: string; lines: { sku: string; quantity: number }[]; itemCount: number };
  skipped: { sku: string; reason: string }[];
  fromOrder: { number: number };
  addresses: { areaSlug: string; areaName: string; label: string | null; landmark: string | null }[];
  order: { id: string; number: number; items: { sku: string; quantity: number }[] };
  error: {
    code: string;
    message: string;
    details: {
      reason: string;
      attemptsLeft: number;
      retryAfterSeconds: number;
      issues: { path: unknown }[];
    };
  };
}
/** The claims of a session token that these tests change. */
type SessionClaims = Record<string, unknown> & { iat_us: number };

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.111');
const { sql, tenantOf } = stack;
let seq = 100;
/** A fresh shopper number per call (2547 + 8 digits). */
const newPhone = () => `2547${String(++seq).padStart(4, '0')}8${String(seq % 1000).padStart(3, '0')}`;
const local = (msisdn: string) => `0${msisdn.slice(3, 6)} ${msisdn.slice(6, 9)} ${msisdn.slice(9)}`;

function assertError(res: { status: number; body: Answer }, status: number, code: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error.code, code, JSON.stringify(res.body));
}

/** One request from a fixed client address (for the per-address limits). */
async function from(ip: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.api.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Answer };
}

const smsTo = async (phone: string) => {
  const res = await fetch(`${stack.sandbox.url}/__admin/sms/messages?to=%2B${phone}`);
  return ((await res.json()) as { messages: { message: string }[] }).messages;
};

/** Asks for a code and reads it from the SMS the sandbox received. */
async function codeFor(store: string, phone: string): Promise<string> {
  const before = (await smsTo(phone)).length;
  const res = await call('POST', `/v1/stores/${store}/shopper/otp`, { phone: local(phone) });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const messages = await waitFor('the sign-in SMS', async () => {
    const list = await smsTo(phone);
    return list.length > before ? list : null;
  });
  const match = /\b(\d{6})\b/.exec(messages[messages.length - 1]!.message);
  assert.ok(match, messages[messages.length - 1]!.message);
  return match[1]!;
}

async function signIn(store: string, phone: string): Promise<string> {
  const code = await codeFor(store, phone);
  const res = await call('POST', `/v1/stores/${store}/shopper/session`, { phone, code });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.sessionToken;
}

async function skus(store: string, n: number): Promise<string[]> {
  return (
    await sql<{ sku: string }>(
      `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
    WHERE v.tenant_id = $1 AND v.on_hand >= 20 AND v.status = 'active' AND p.status = 'active' ORDER BY v.price_kes, v.sku LIMIT $2`,
      [tenantOf(store), n],
    )
  ).map((r) => r.sku);
}

async function placeOrder(store: string, phone: string, lines: { sku: string; quantity: number }[]) {
  let token: string | undefined;
  for (const line of lines) {
    const res = await fetch(`${stack.api.url}/v1/stores/${store}/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-cart-token': token } : {}) },
      body: JSON.stringify(line),
    });
    const body = (await res.json()) as Answer;
    assert.equal(res.status, 200, JSON.stringify(body));
    token = body.cart.token;
  }
  const res = await fetch(`${stack.api.url}/v1/stores/${store}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `order-${randomUUID()}`, 'x-cart-token': token! },
    body: JSON.stringify({ phone, name: 'Njeri Wambui', areaSlug: 'kilimani' }),
  });
  const body = (await res.json()) as Answer;
  assert.equal(res.status, 201, JSON.stringify(body));
  return body.order;
}

describe('shopper sign-in by phone and SMS code', () => {
  test('a code arrives by SMS; the right code gives a session, once; a wrong one says how many tries are left', async () => {
    const phone = newPhone();
    const code = await codeFor(STORE, phone);
    const [sms] = await smsTo(phone);
    assert.match(sms!.message, /Nairobi Gadgets/);
    const row = first(
      await sql<{ code_hash: string; attempts: number; ttl_s: number }>(
        `SELECT code_hash, attempts, extract(epoch FROM expires_at - created_at)::float AS ttl_s FROM shopper_otps WHERE tenant_id = $1 AND phone = $2`,
        [tenantOf(STORE), phone],
      ),
    );
    assert.ok(!row.code_hash.includes(code) && row.code_hash.length === 64, 'only a hash of the code is stored');
    // Five minutes (the expiry is set by the API's clock, created_at by the database's).
    assert.ok(Math.abs(row.ttl_s - 300) < 5, `ttl ${row.ttl_s}s`);

    const wrong = await call('POST', `/v1/stores/${STORE}/shopper/session`, {
      phone,
      code: code === '000000' ? '111111' : '000000',
    });
    assertError(wrong, 401, 'unauthorized');
    assert.equal(wrong.body.error.details.attemptsLeft, 4);
    const ok = await call('POST', `/v1/stores/${STORE}/shopper/session`, { phone: local(phone), code });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.phone, phone);
    assert.match(ok.body.sessionToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const days = (new Date(ok.body.expiresAt).getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `30-day session (${days})`);
    assertError(await call('POST', `/v1/stores/${STORE}/shopper/session`, { phone, code }), 401, 'unauthorized');
  });

  test('five wrong codes burn the code; asking for codes is limited per phone and per address (429)', async () => {
    const phone = newPhone();
    const code = await codeFor(STORE, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      assertError(
        await call('POST', `/v1/stores/${STORE}/shopper/session`, { phone, code: wrong }),
        401,
        'unauthorized',
      );
    const locked = await call('POST', `/v1/stores/${STORE}/shopper/session`, { phone, code });
    assertError(locked, 429, 'rate_limited');
    assert.equal(locked.body.error.details.reason, 'too_many_attempts');

    // Per phone: 3 codes per 10 minutes at a store (this phone has had 1).
    for (let i = 0; i < 2; i++)
      assert.equal((await call('POST', `/v1/stores/${STORE}/shopper/otp`, { phone })).status, 202);
    const limited = await call('POST', `/v1/stores/${STORE}/shopper/otp`, { phone });
    assertError(limited, 429, 'rate_limited');
    assert.ok(limited.body.error.details.retryAfterSeconds > 0);
    assert.equal((await smsTo(phone)).length, 3, 'no SMS past the limit');

    // Per client address: 20 codes an hour, whatever the phone.
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push(
        (await from('203.0.113.77', 'POST', `/v1/stores/${STORE}/shopper/otp`, { phone: newPhone() })).status,
      );
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(202));
    assert.equal(statuses[20], 429);
  });

  test('bad input is a 400; an unknown store is a 404', async () => {
    for (const body of [{}, { phone: 'abc' }, { phone: '0712345678', extra: 1 }]) {
      assertError(await call('POST', `/v1/stores/${STORE}/shopper/otp`, body), 400, 'validation_failed');
    }
    for (const body of [
      { phone: '0712345678' },
      { phone: '0712345678', code: '12' },
      { phone: '0712345678', code: 'abcdef' },
    ]) {
      assertError(await call('POST', `/v1/stores/${STORE}/shopper/session`, body), 400, 'validation_failed');
    }
    assertError(
      await call('POST', '/v1/stores/no-such-store/shopper/otp', { phone: '0712345678' }),
      404,
      'store_not_found',
    );
    assertError(
      await call('POST', `/v1/stores/${STORE}/shopper/session`, { phone: newPhone(), code: '123456' }),
      401,
      'unauthorized',
    );
  });

  test('an SMS gateway outage is a clear 503, not a silent 202', async () => {
    const phone = newPhone();
    const scripted = await fetch(`${stack.sandbox.url}/__admin/sms/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: `+${phone}`, scenario: 'http-500' }),
    });
    assert.equal(scripted.status, 201);
    const res = await call('POST', `/v1/stores/${STORE}/shopper/otp`, { phone });
    assertError(res, 503, 'service_unavailable');
    assert.equal(res.body.error.details.reason, 'sms_unavailable');
  });
});

describe('my orders, reorder and saved places', () => {
  const shopper = newPhone();
  const stranger = newPhone();
  let session: string;
  const mine: { id: string; number: number; items: { sku: string; quantity: number }[] }[] = [];
  let theirs: { id: string };
  let elsewhere: { id: string };

  before(async () => {
    const [a, b, c] = await skus(STORE, 3);
    mine.push(await placeOrder(STORE, shopper, [{ sku: a!, quantity: 1 }]));
    mine.push(
      await placeOrder(STORE, local(shopper), [
        { sku: b!, quantity: 2 },
        { sku: c!, quantity: 1 },
      ]),
    );
    theirs = await placeOrder(STORE, stranger, [{ sku: a!, quantity: 1 }]);
    const [w] = await skus(OTHER, 1);
    elsewhere = await placeOrder(OTHER, shopper, [{ sku: w!, quantity: 1 }]);
    session = await signIn(STORE, shopper);
  });

  test("my orders: only this phone's orders at this store, newest first, with items, total and timeline", async () => {
    const res = await call('GET', `/v1/stores/${STORE}/shopper/orders`, undefined, session);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.phone, shopper);
    assert.deepEqual(
      res.body.orders.map((o) => o.id),
      [mine[1]!.id, mine[0]!.id],
    );
    const latest = res.body.orders[0]!;
    assert.equal(latest.status, 'pending_payment');
    assert.equal(latest.items.length, 2);
    assert.ok(latest.totalKes > 0);
    assert.deepEqual(
      latest.timeline.map((e) => e.type),
      ['placed'],
    );
    const ids = JSON.stringify(res.body);
    assert.ok(!ids.includes(theirs.id), "not another phone's order");
    assert.ok(!ids.includes(elsewhere.id), "not this phone's order at another store");

    // The same phone at the other store sees only that store's order.
    const there = await signIn(OTHER, shopper);
    const other = await call('GET', `/v1/stores/${OTHER}/shopper/orders`, undefined, there);
    assert.deepEqual(
      other.body.orders.map((o) => o.id),
      [elsewhere.id],
    );
    // A session is only good at the store that issued it.
    assertError(await call('GET', `/v1/stores/${OTHER}/shopper/orders`, undefined, session), 401, 'unauthorized');
  });

  test('an invalid, tampered or missing session is a 401', async () => {
    const path = `/v1/stores/${STORE}/shopper/orders`;
    assertError(await call('GET', path), 401, 'unauthorized');
    assertError(await call('GET', path, undefined, 'not-a-session'), 401, 'unauthorized');
    const [h, p, s] = session.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as SessionClaims;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: stranger })).toString('base64url')}.${s}`;
    assertError(await call('GET', path, undefined, tampered), 401, 'unauthorized');
    for (const [method, sub] of [
      ['PUT', 'addresses'],
      ['GET', 'addresses'],
      ['POST', `orders/${mine[0]!.id}/reorder`],
    ] as const) {
      assertError(
        await call(method, `/v1/stores/${STORE}/shopper/${sub}`, method === 'PUT' ? { addresses: [] } : undefined),
        401,
        'unauthorized',
      );
    }
  });

  test('reorder puts what can still be sold into the cart, and says what could not', async () => {
    const res = await call('POST', `/v1/stores/${STORE}/shopper/orders/${mine[1]!.id}/reorder`, undefined, session);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.cart.lines.map((l) => [l.sku, l.quantity]).sort(),
      mine[1]!.items.map((i) => [i.sku, i.quantity]).sort(),
    );
    assert.equal(res.body.skipped.length, 0);
    assert.equal(res.body.fromOrder.number, mine[1]!.number);
    const cartToken = res.body.cart.token;

    // Into the same cart (x-cart-token); an item no longer sold is skipped with a reason.
    const gone = mine[0]!.items[0]!.sku;
    await sql(
      `UPDATE products SET status = 'archived' WHERE tenant_id = $1 AND id = (SELECT product_id FROM product_variants WHERE tenant_id = $1 AND sku = $2)`,
      [tenantOf(STORE), gone],
    );
    const again = await fetch(`${stack.api.url}/v1/stores/${STORE}/shopper/orders/${mine[0]!.id}/reorder`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'x-cart-token': cartToken },
    });
    const body = (await again.json()) as Answer;
    assert.equal(again.status, 200, JSON.stringify(body));
    assert.deepEqual(
      body.skipped.map((s) => [s.sku, s.reason]),
      [[gone, 'unavailable']],
    );
    assert.equal(body.cart.lines.length, 2, 'the earlier reorder is still in the cart');
    const cart = await fetch(`${stack.api.url}/v1/stores/${STORE}/cart`, { headers: { 'x-cart-token': cartToken } });
    assert.equal(((await cart.json()) as Answer).cart.itemCount, 3);

    assertError(
      await call('POST', `/v1/stores/${STORE}/shopper/orders/${theirs.id}/reorder`, undefined, session),
      404,
      'not_found',
    );
    assertError(
      await call('POST', `/v1/stores/${STORE}/shopper/orders/${randomUUID()}/reorder`, undefined, session),
      404,
      'not_found',
    );
    assertError(
      await call('POST', `/v1/stores/${STORE}/shopper/orders/not-a-uuid/reorder`, undefined, session),
      400,
      'validation_failed',
    );
  });

  test('saved areas and landmarks: up to five, per store, known areas only', async () => {
    const empty = await call('GET', `/v1/stores/${STORE}/shopper/addresses`, undefined, session);
    assert.deepEqual(empty.body, { addresses: [], max: 5 });
    const places = [
      { areaSlug: 'kilimani', landmark: 'Opposite Yaya Centre, Block B gate', label: 'Home' },
      { areaSlug: 'westlands', landmark: 'Sarit Centre, 2nd floor', label: 'Office' },
    ];
    const saved = await call('PUT', `/v1/stores/${STORE}/shopper/addresses`, { addresses: places }, session);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(
      saved.body.addresses.map((a) => [a.areaSlug, a.label, a.landmark]),
      places.map((p) => [p.areaSlug, p.label, p.landmark]),
    );
    assert.equal(saved.body.addresses[0]?.areaName, 'Kilimani');
    const read = await call('GET', `/v1/stores/${STORE}/shopper/addresses`, undefined, session);
    assert.deepEqual(read.body, saved.body);

    const six = Array.from({ length: 6 }, () => ({ areaSlug: 'kilimani' }));
    assertError(
      await call('PUT', `/v1/stores/${STORE}/shopper/addresses`, { addresses: six }, session),
      400,
      'validation_failed',
    );
    const unknown = await call(
      'PUT',
      `/v1/stores/${STORE}/shopper/addresses`,
      { addresses: [{ areaSlug: 'atlantis' }] },
      session,
    );
    assertError(unknown, 400, 'validation_failed');
    assert.equal(unknown.body.error.details.issues[0]?.path, 'addresses.0.areaSlug');
    assertError(
      await call(
        'PUT',
        `/v1/stores/${STORE}/shopper/addresses`,
        { addresses: [{ areaSlug: 'kilimani', landmark: 'x'.repeat(201) }] },
        session,
      ),
      400,
      'validation_failed',
    );
    assertError(await call('PUT', `/v1/stores/${STORE}/shopper/addresses`, {}, session), 400, 'validation_failed');
    assert.equal(
      (await call('GET', `/v1/stores/${STORE}/shopper/addresses`, undefined, session)).body.addresses.length,
      2,
      'refused input changed nothing',
    );

    // The same phone at another store has its own (empty) list.
    const there = await signIn(OTHER, shopper);
    assert.deepEqual((await call('GET', `/v1/stores/${OTHER}/shopper/addresses`, undefined, there)).body.addresses, []);
    const cleared = await call('PUT', `/v1/stores/${STORE}/shopper/addresses`, { addresses: [] }, session);
    assert.deepEqual(cleared.body.addresses, []);
  });
});

describe('sign out on all phones', () => {
  const ordersAt = (store: string, token: string) =>
    call('GET', `/v1/stores/${store}/shopper/orders`, undefined, token);
  const revokeAll = (store: string, token?: string) =>
    call('POST', `/v1/stores/${store}/shopper/sessions/revoke-all`, undefined, token);
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; iat_us: number };
  function assertRevoked(res: { status: number; body: Answer }, what: string) {
    assertError(res, 401, 'unauthorized');
    assert.equal(res.body.error.details.reason, 'session_revoked', `${what}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.message, 'You were signed out on all phones: sign in again');
  }

  test('ends every session of that phone at that store, the one used included; other phones and stores keep theirs; signing in again works at once', async () => {
    const phone = newPhone();
    const neighbour = newPhone();
    const [sku] = await skus(STORE, 1);
    const order = await placeOrder(STORE, phone, [{ sku: sku!, quantity: 1 }]);
    // Two phones signed in with the same number (say their own, and a borrowed one at a cyber café).
    const own = await signIn(STORE, phone);
    const borrowed = await signIn(STORE, phone);
    const neighbours = await signIn(STORE, neighbour);
    const elsewhere = await signIn(OTHER, phone);
    for (const token of [own, borrowed, neighbours]) assert.equal((await ordersAt(STORE, token)).status, 200);

    const res = await revokeAll(STORE, own);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { revoked: true });

    // Every earlier session of that phone there: 401 session_revoked, at once, on every route.
    assertRevoked(await ordersAt(STORE, borrowed), 'the other phone');
    assertRevoked(await ordersAt(STORE, own), 'the phone that signed out');
    assertRevoked(await call('GET', `/v1/stores/${STORE}/shopper/addresses`, undefined, borrowed), 'GET addresses');
    assertRevoked(
      await call('PUT', `/v1/stores/${STORE}/shopper/addresses`, { addresses: [{ areaSlug: 'kilimani' }] }, borrowed),
      'PUT addresses',
    );
    assertRevoked(
      await call('POST', `/v1/stores/${STORE}/shopper/orders/${order.id}/reorder`, undefined, borrowed),
      'reorder',
    );
    assertRevoked(await revokeAll(STORE, borrowed), 'revoke-all again');
    const [row] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM shopper_addresses WHERE tenant_id = $1 AND phone = $2`,
      [tenantOf(STORE), phone],
    );
    assert.equal(row?.n, 0, 'a revoked session wrote nothing');

    // Another phone at the same store, and the same phone at another store: untouched.
    const theirs = await ordersAt(STORE, neighbours);
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    assert.equal(theirs.body.phone, neighbour);
    const there = await ordersAt(OTHER, elsewhere);
    assert.equal(there.status, 200, JSON.stringify(there.body));
    assert.equal(there.body.phone, phone);

    // Signing in again works straight away, and sees the orders.
    const again = await signIn(STORE, phone);
    const mine = await ordersAt(STORE, again);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.deepEqual(
      mine.body.orders.map((o) => o.id),
      [order.id],
    );
    assertRevoked(await ordersAt(STORE, own), 'the old session stays revoked');

    // One row: this store + this phone.
    const rows = await sql<Record<string, unknown>>(
      `SELECT tenant_id, phone FROM shopper_accounts WHERE phone IN ($1, $2)`,
      [phone, neighbour],
    );
    assert.deepEqual(rows, [{ tenant_id: tenantOf(STORE), phone }]);
  });

  test('in the same second: a session minted just before the sign-out is refused, one minted just after it works', async () => {
    // Token iat is whole seconds; the cutoff must still tell "just before" from "just after".
    // Start right after a second ticks over so all three steps share one second (retry if not).
    for (let attempt = 1; ; attempt++) {
      const phone = newPhone();
      const firstCode = await codeFor(STORE, phone);
      await waitFor('the first 30 ms of a clock second', () => Date.now() % 1000 <= 30, {
        intervalMs: 2,
        timeoutMs: 2_000,
      });
      const before = await call('POST', `/v1/stores/${STORE}/shopper/session`, { phone, code: firstCode });
      assert.equal(before.status, 200, JSON.stringify(before.body));
      const secondCode = await codeFor(STORE, phone);
      assert.equal((await revokeAll(STORE, before.body.sessionToken)).status, 200);
      const afterwards = await call('POST', `/v1/stores/${STORE}/shopper/session`, { phone, code: secondCode });
      assert.equal(afterwards.status, 200, JSON.stringify(afterwards.body));

      assertRevoked(await ordersAt(STORE, before.body.sessionToken), 'minted just before');
      const fresh = await ordersAt(STORE, afterwards.body.sessionToken);
      assert.equal(fresh.status, 200, `minted just after: ${JSON.stringify(fresh.body)}`);

      const a = claimsOf(before.body.sessionToken);
      const b = claimsOf(afterwards.body.sessionToken);
      const cut = first(
        await sql<{ us: string }>(
          `SELECT (extract(epoch FROM sessions_valid_after) * 1000000)::bigint::text AS us FROM shopper_accounts WHERE tenant_id = $1 AND phone = $2`,
          [tenantOf(STORE), phone],
        ),
      );
      const cutoff = Number(cut.us);
      assert.ok(a.iat_us < cutoff && cutoff <= b.iat_us, `before ${a.iat_us} < cutoff ${cutoff} <= after ${b.iat_us}`);
      if (a.iat === b.iat && Math.floor(cutoff / 1_000_000) === a.iat) return;
      assert.ok(attempt < 3, `could not fit sign-in, sign-out and sign-in into one second in ${attempt} tries`);
    }
  });

  test("needs a valid session of that store: none, a bad one or another store's is a 401", async () => {
    const res = await revokeAll(STORE);
    assertError(res, 401, 'unauthorized');
    assert.equal(res.body.error.details.reason, 'missing_session');
    assertError(await revokeAll(STORE, 'not-a-session'), 401, 'unauthorized');
    const phone = newPhone();
    const token = await signIn(STORE, phone);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as SessionClaims;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, iat_us: claims.iat_us + 3_600_000_000 })).toString('base64url')}.${s}`;
    const bad = await revokeAll(STORE, forged);
    assertError(bad, 401, 'unauthorized');
    assert.equal(bad.body.error.details.reason, 'invalid_session');
    assertError(await revokeAll(OTHER, token), 401, 'unauthorized');
    assert.equal(
      (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM shopper_accounts WHERE phone = $1`, [phone]))[0]?.n,
      0,
      'nothing revoked',
    );
    assert.equal((await ordersAt(STORE, token)).status, 200, 'the session still works');
  });
});
