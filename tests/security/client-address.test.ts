// Client addresses that cannot be forged (issue 15): a shopper who writes a new X-Forwarded-For
// on every request to the web (real apps/web/server.mjs on the production Next build, real API,
// worker and sandbox on a seeded Postgres and Redis) is still one address to the API. Through
// the web's own forms: shopper sign-in codes (20 per hour per address), owner login failures
// (15 per 15 minutes) and placing orders (20 per 10 minutes per address and store) all stop at
// their limit, and the API's "request completed" lines show the address the web saw (127.0.0.1),
// never a forged one. A trusted proxy's chain is honoured (one hop: its last entry); direct calls
// to the API from loopback keep their X-Forwarded-For; bad proxy lists stop the start; SIGTERM
// lets a request in flight finish.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, rowsQuery, type TestDatabase } from '../helpers/database.ts';
import { startPaymentStack, waitFor, type PaymentStack } from '../helpers/payment-stack.ts';
import { ROOT, startRaw, startWeb, type RunningProcess } from '../helpers/processes.ts';
import { ConfigError, loadConfig } from '../../apps/api/dist/config/config.js';

const STORE = 'nairobi-gadgets';
const REAL = '127.0.0.1';

let db: TestDatabase;
let stack: PaymentStack;
let web: RunningProcess & { url: string; port: number };

before(async () => {
  db = await createTestDatabase({ seed: true });
  // The "order placed" message would come while the test runs; it is not what is tested here.
  stack = await startPaymentStack(db, { ORDER_PLACED_MESSAGE_AFTER_MS: '600000' });
  web = await startWeb(stack.api.url);
});
after(async () => {
  await web?.stop();
  await stack?.stop();
  await db?.drop();
});

const sql = rowsQuery(() => db.ownerUrl);
const tenantId = () => db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;

/** Every forged address sent to the web: none of them may ever reach the API's logs. */
const forgedSent = new Set<string>();
let forgedSeq = 0;
function forged(): string {
  forgedSeq++;
  const address = `198.51.100.${(forgedSeq % 250) + 1}`;
  const chain = `203.0.113.${(forgedSeq % 250) + 1}, ${address}`;
  forgedSent.add(address).add(`203.0.113.${(forgedSeq % 250) + 1}`);
  // Alternate a single address and a chain: neither form may get through.
  return forgedSeq % 2 ? address : chain;
}

interface ApiLine {
  msg: string;
  correlation_id?: string;
  req: { method: string; url: string; ip: string };
  res: { statusCode: number };
}
const completed = () => stack.api.logs().filter((e) => e.msg === 'request completed') as unknown as ApiLine[];
/** The API's "request completed" line for one web request (the web passes its x-request-id on). */
const apiLineFor = (requestId: string, method: string, url: string) =>
  waitFor(`the API line for ${method} ${url} (${requestId})`, () =>
    completed().find((e) => e.correlation_id === requestId && e.req.method === method && e.req.url === url),
  );

/** The cookies a response sets, as a Cookie header (name=value pairs). */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/** A form post to the web as a shopper's phone would send it, with a forged X-Forwarded-For. */
async function postForm(
  path: string,
  fields: Record<string, string>,
  requestId: string,
  cookie = '',
): Promise<Response> {
  return fetch(`${web.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': forged(),
      'x-request-id': requestId,
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Follows a 303 with the cookies it set and returns the page's HTML. */
async function landing(res: Response): Promise<string> {
  assert.equal(res.status, 303, `a redirect back to the form, got ${res.status}`);
  const page = await fetch(new URL(res.headers.get('location')!, web.url), {
    headers: { cookie: cookiesOf(res), 'x-forwarded-for': forged() },
  });
  assert.equal(page.status, 200);
  return page.text();
}

describe('a shopper rotating X-Forwarded-For through the web is still one address', () => {
  test('sign-in codes: the 21st code asked from one address in an hour is refused, whatever the header said', async () => {
    const url = `/v1/stores/${STORE}/shopper/otp`;
    const lines: ApiLine[] = [];
    for (let i = 1; i <= 20; i++) {
      const id = `ca-otp-${i}-${randomUUID()}`;
      // A new phone each time: only the per-address limit can stop this.
      const res = await postForm(
        `/s/${STORE}/account/otp`,
        { phone: `0712 ${String(100 + i).padStart(3, '0')} 555` },
        id,
      );
      assert.equal(res.status, 303);
      const line = await apiLineFor(id, 'POST', url);
      assert.equal(line.res.statusCode, 202, `code ${i} is sent`);
      lines.push(line);
    }
    const id = `ca-otp-21-${randomUUID()}`;
    const refused = await postForm(`/s/${STORE}/account/otp`, { phone: '0712 999 555' }, id);
    const line = await apiLineFor(id, 'POST', url);
    assert.equal(line.res.statusCode, 429);
    lines.push(line);
    assert.match(
      await landing(refused),
      /Too many sign-in codes asked from this network/,
      'the account page says why, next to the phone',
    );
    assert.deepEqual([...new Set(lines.map((l) => l.req.ip))], [REAL], 'the API saw the address the web saw');
    const otps = async (phone: string) =>
      Number(
        (
          await sql<{ n: string }>('SELECT count(*) AS n FROM shopper_otps WHERE tenant_id = $1 AND phone = $2', [
            tenantId(),
            phone,
          ])
        )[0]!.n,
      );
    assert.equal(await otps('254712120555'), 1, 'the 20th code was made');
    assert.equal(await otps('254712999555'), 0, 'no code was made for the refused request');
  });

  test('owner login: after 15 failures from one address the 16th attempt is refused, whatever the header said', async () => {
    const url = '/v1/owner/auth/login';
    const lines: ApiLine[] = [];
    for (let i = 1; i <= 16; i++) {
      const id = `ca-login-${i}-${randomUUID()}`;
      // A new login each time (password spraying): the per-account lock never applies.
      const res = await postForm(
        '/owner/session',
        { store: STORE, login: `nobody-${i}@example.com`, password: 'not-the-password', next: '/owner' },
        id,
      );
      const line = await apiLineFor(id, 'POST', url);
      lines.push(line);
      if (i <= 15) assert.equal(line.res.statusCode, 401, `failure ${i} is a wrong password`);
      else {
        assert.equal(line.res.statusCode, 429, 'the 16th is the address limit');
        assert.match(await landing(res), /Too many failed sign-ins from your network/, 'the login page says why');
      }
    }
    assert.deepEqual([...new Set(lines.map((l) => l.req.ip))], [REAL]);
  });

  test('orders: the 21st order placed at one store from one address in 10 minutes is refused, whatever the header said', async () => {
    const [variant] = await sql<{ sku: string }>(
      `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
      WHERE v.tenant_id = $1 AND v.on_hand >= 30 AND p.status = 'active' ORDER BY v.price_kes, v.sku LIMIT 1`,
      [tenantId()],
    );
    assert.ok(variant, 'a variant with stock for 21 orders');
    const url = `/v1/stores/${STORE}/orders`;
    const countOrders = async () =>
      Number((await sql<{ n: string }>('SELECT count(*) AS n FROM orders WHERE tenant_id = $1', [tenantId()]))[0]!.n);
    const ordersBefore = await countOrders();
    const lines: ApiLine[] = [];
    for (let i = 1; i <= 21; i++) {
      // Add to cart (the product page's island posts JSON) -> the cart cookie.
      const added: Response = await fetch(`${web.url}/s/${STORE}/cart/lines`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forged() },
        body: JSON.stringify({ sku: variant.sku, quantity: 1 }),
      });
      assert.equal(added.status, 200, await added.clone().text());
      const id = `ca-order-${i}-${randomUUID()}`;
      const placed = await postForm(
        `/s/${STORE}/checkout/place`,
        {
          key: `order-${randomUUID()}`,
          phone: '0712 345 678',
          name: 'Wanjiku',
          area: 'kilimani',
          method: 'delivery',
          landmark: 'Near Yaya Centre',
        },
        id,
        cookiesOf(added),
      );
      const line = await apiLineFor(id, 'POST', url);
      lines.push(line);
      if (i <= 20) {
        assert.equal(line.res.statusCode, 201, `order ${i} is placed`);
        assert.equal(placed.status, 303, 'on to the order page');
        assert.match(placed.headers.get('location') ?? '', new RegExp(`/s/${STORE}/orders/[0-9a-f-]{36}$`));
      } else {
        assert.equal(line.res.statusCode, 429, 'the 21st is the address limit');
        assert.equal(placed.status, 303, 'back to the checkout, with the reason');
        const back = placed.headers.get('location') ?? '';
        assert.match(back, new RegExp(`/s/${STORE}/checkout$`));
        const page = await fetch(new URL(back, web.url), {
          headers: { cookie: [cookiesOf(added), cookiesOf(placed)].filter(Boolean).join('; ') },
        });
        assert.match(
          await page.text(),
          /Too many orders placed from your network at this shop\. Try again in \d+ minutes?\./,
        );
      }
    }
    assert.equal(await countOrders(), ordersBefore + 20, 'exactly 20 orders, none for the refused request');
    assert.deepEqual([...new Set(lines.map((l) => l.req.ip))], [REAL]);
  });

  test("no forged address ever reached the API: every line of the web's requests shows 127.0.0.1", () => {
    const ips = new Set(completed().map((e) => e.req.ip));
    assert.ok(forgedSent.size > 40, 'many forged addresses were sent');
    assert.deepEqual(
      [...forgedSent].filter((a) => ips.has(a)),
      [],
      'a forged address got through',
    );
    assert.ok(ips.has(REAL));
  });
});

describe('the API believes one hop from TRUSTED_PROXIES (default loopback)', () => {
  const direct = async (xff: string) => {
    const id = `ca-direct-${randomUUID()}`;
    const res = await fetch(`${stack.api.url}/v1/stores/${STORE}`, {
      headers: { 'x-forwarded-for': xff, 'x-request-id': id },
    });
    assert.equal(res.status, 200);
    return (await apiLineFor(id, 'GET', `/v1/stores/${STORE}`)).req.ip;
  };

  test('a direct call from loopback keeps its X-Forwarded-For (tests and benches rely on it); of a chain, only the last entry', async () => {
    assert.equal(await direct('192.0.2.10'), '192.0.2.10');
    assert.equal(
      await direct('10.1.2.3, 192.0.2.11'),
      '192.0.2.11',
      'the entry the trusted hop appended, not the client-written part',
    );
    assert.equal(await direct('2001:db8::1'), '2001:db8::1');
  });

  test('TRUSTED_PROXIES must be IPs/CIDRs: a bad entry is named', () => {
    const env = { DATABASE_URL: 'postgres://x@127.0.0.1/x' };
    assert.deepEqual(loadConfig({ ...env }).TRUSTED_PROXIES, '127.0.0.0/8,::1/128', 'default: loopback');
    assert.equal(
      loadConfig({ ...env, TRUSTED_PROXIES: ' 10.0.0.0/8 , fd00::/8,192.0.2.7 ' }).TRUSTED_PROXIES.length > 0,
      true,
    );
    for (const [bad, named] of [
      ['10.0.0.0/8,10.0.0.300', '10.0.0.300'],
      ['loopback', 'loopback'],
      ['10.0.0.0/33', '10.0.0.0/33'],
      ['::1/129', '::1/129'],
      ['10.0.0.1/8/8', '10.0.0.1/8/8'],
    ] as const) {
      assert.throws(
        () => loadConfig({ ...env, TRUSTED_PROXIES: bad }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /TRUSTED_PROXIES is invalid/);
          assert.ok(error.message.includes(`"${named}"`), `names ${named}: ${error.message}`);
          return true;
        },
      );
    }
  });
});

describe('a web behind a trusted proxy (WEB_TRUSTED_PROXIES=127.0.0.1)', () => {
  let trusting: RunningProcess & { url: string; port: number };
  before(async () => {
    trusting = await startWeb(stack.api.url, { WEB_TRUSTED_PROXIES: '127.0.0.1, ::1' });
  });
  after(async () => {
    await trusting?.stop();
  });

  const addToCartVia = async (xff: string | null) => {
    const id = `ca-trusted-${randomUUID()}`;
    const res = await fetch(`${trusting.url}/s/${STORE}/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': id, ...(xff ? { 'x-forwarded-for': xff } : {}) },
      body: JSON.stringify({ sku: 'no-such-sku-0', quantity: 1 }),
    });
    await res.arrayBuffer();
    return (await apiLineFor(id, 'POST', `/v1/stores/${STORE}/cart/lines`)).req.ip;
  };

  test('the chain from the trusted hop is kept: the API takes the entry that hop appended, never an earlier one', async () => {
    assert.equal(await addToCartVia('192.0.2.50'), '192.0.2.50', 'the address nginx (here: the test) appended');
    assert.equal(
      await addToCartVia('10.9.9.9, 192.0.2.51'),
      '192.0.2.51',
      'only the last entry: the rest was written by the client',
    );
    assert.equal(await addToCartVia(null), REAL, 'no header: the trusted peer itself');
    assert.equal(
      await addToCartVia('192.0.2.52, not-an-address'),
      REAL,
      'a last entry that is not an address: the peer',
    );
  });

  test('SIGTERM: no new connections, the request in flight is answered, then the server exits 0', async () => {
    // A request whose body is still arriving is in flight for as long as we like. "Expect:
    // 100-continue" makes the server say when it has the request (Node answers 100 Continue).
    const body = JSON.stringify({ sku: 'no-such-sku-1', quantity: 1 });
    const socket = net.connect(trusting.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST /s/${STORE}/cart/lines HTTP/1.1\r\nHost: 127.0.0.1:${trusting.port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await waitFor('100 Continue (the web has the request)', () => answer.startsWith('HTTP/1.1 100 Continue'));
    trusting.child.kill('SIGTERM');
    await trusting.waitForLog((e) => e.msg === 'web shutting down');
    await assert.rejects(fetch(`${trusting.url}/`), 'no new connections once shutting down');
    socket.write(body);
    await closed;
    const final = answer.slice(answer.indexOf('\r\n\r\n') + 4);
    assert.match(
      final,
      /^HTTP\/1\.1 404 /,
      `the request in flight got its answer (no such SKU): ${final.slice(0, 80)}`,
    );
    assert.match(final, /^connection: close\r$/im, 'and the connection is not kept alive');
    assert.match(final, /No item no-such-sku-1 for sale/);
    assert.equal(await trusting.exited, 0);
  });
});

test('the web refuses to start with a WEB_TRUSTED_PROXIES entry that is not an IP or CIDR, naming it', async () => {
  const proc = startRaw(
    process.execPath,
    ['server.mjs'],
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: '1',
      WEB_TRUSTED_PROXIES: '127.0.0.1,10.0.0.0/40',
    },
    `${ROOT}/apps/web`,
  );
  assert.equal(await proc.exited, 1);
  // stdout/stderr may still be flushing when the exit is reported.
  const line = await waitFor('the error line', () => proc.logs().find((e) => e.level === 'error'));
  assert.match(String(line.msg), /WEB_TRUSTED_PROXIES: "10\.0\.0\.0\/40" is not an IP address or CIDR range/);
});
