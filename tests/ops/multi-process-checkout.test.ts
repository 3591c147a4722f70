// Beyond one machine (issue 17): two API processes and two workers behind nginx keep the checkout's
// money guarantees. Real pieces (bench/lib/multi-process.mts, shared with `npm run bench:checkout`
// with BENCH_API_PROCESSES=2 BENCH_WORKER_PROCESSES=2): Debian's nginx (least_conn, keep-alive to
// the upstreams), the compiled API and worker processes, one Postgres database and Redis prefix,
// and the Daraja/WhatsApp sandbox, whose callbacks come back through nginx to either API.
// 40 shoppers pay at once with the sandbox's awkward answers: a callback twice, a late callback,
// no callback (the STK Query settles it), and a double tap that repeats both the order and the
// push under the same keys. Every order must be paid exactly once, in our database and in the
// sandbox's ledger, and every message sent once, with both APIs and both workers doing the work.
// Run alone: node --import tsx --test tests/ops/multi-process-checkout.test.ts
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startMultiProcessStack, type MultiProcessStack } from '../../bench/lib/multi-process.mts';
import { NGINX } from '../helpers/bluegreen';
import { createTestDatabase, rowsQuery, type TestDatabase } from '../helpers/database';
import { Teardown } from '../helpers/teardown';
import { waitUntil } from '../helpers/wait';

const STORES = ['nairobi-gadgets', 'mtindo-fashion', 'saa-bora', 'nyumba-living'];
/** Sandbox scenario -> the phone suffix that selects it (apps/sandbox SCENARIOS.md). */
const SCENARIOS = { pays: '0000', 'double-callback': '9002', 'late-callback': '9003', 'no-callback': '9000' } as const;
const SHOPPERS = 40;

const teardown = new Teardown();
let db: TestDatabase;
let stack: MultiProcessStack;
const sql = rowsQuery(() => db.ownerUrl);

interface Answer {
  status: number;
  body: { order?: { id: string; number: number }; payment?: { id: string; status: string }; raw?: string };
}
const statuses: { what: string; status: number }[] = [];

async function call(what: string, method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${stack.url}${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  statuses.push({ what, status: res.status });
  let parsed: Answer['body'];
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    parsed = { raw: text.slice(0, 200) };
  }
  return { status: res.status, body: parsed } satisfies Answer;
}

/** The one id every 2xx answer of a (possibly doubled) request names. */
function oneId(answers: Answer[], pick: (a: Answer) => string | undefined, what: string): string {
  const ok = answers.filter((a) => a.status >= 200 && a.status < 300);
  assert.ok(ok.length >= 1, `${what}: no 2xx among ${JSON.stringify(answers)}`);
  const ids = new Set(ok.map(pick));
  assert.equal(ids.size, 1, `${what}: two different answers ${JSON.stringify(answers)}`);
  return [...ids][0]!;
}

before(async () => {
  db = await createTestDatabase({ seed: true });
  teardown.add(() => db.drop());
  stack = teardown.track(
    await startMultiProcessStack(
      db,
      { apis: 2, workers: 2 },
      {
        RATE_LIMIT_MAX: '100000000',
        // "Order placed" goes out at once (production waits 2 minutes in case the order is paid
        // first), so each order owes both messages within the test.
        ORDER_PLACED_MESSAGE_AFTER_MS: '0',
      },
    ),
  );
});
after(() => teardown.run());

test(
  '2 APIs + 2 workers behind nginx: 40 shoppers (double/late/no callback, double taps) each paid once, each message sent once',
  { skip: existsSync(NGINX) ? false : `${NGINX} missing (Debian package nginx)`, timeout: 240_000 },
  async () => {
    const names = Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[];
    const plan = await Promise.all(
      Array.from({ length: SHOPPERS }, async (_, i) => {
        const scenario = names[i % names.length]!;
        const phone = `2547${String(i).padStart(4, '0')}${SCENARIOS[scenario]}`;
        const res = await fetch(`${stack.sandbox.url}/__admin/daraja/scenarios`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ phone, scenario, delayMs: scenario === 'late-callback' ? 1500 : 0 }),
        });
        assert.equal(res.status, 201, await res.text());
        // Every fourth shopper double-taps (i = 3, 7, ...: each scenario gets some).
        return { i, store: STORES[i % STORES.length]!, scenario, phone, doubleTap: i % 4 === 3 };
      }),
    );
    // A SKU of its own per shopper (as the bench does): the test is about processes, not about
    // ten orders queuing for one stock row.
    const skus = await sql<{ slug: string; skus: string[] }>(
      `SELECT t.slug, (array_agg(v.sku ORDER BY v.sku))[1:$2] AS skus
         FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
         JOIN tenants t ON t.id = v.tenant_id
        WHERE t.slug = ANY($1::text[]) AND v.on_hand >= 5 AND v.status = 'active' AND p.status = 'active'
          AND v.price_kes BETWEEN 1 AND 200000
        GROUP BY t.slug`,
      [STORES, SHOPPERS / STORES.length],
    );
    const skuOf = (s: { i: number; store: string }) => {
      const sku = skus.find((r) => r.slug === s.store)?.skus[Math.floor(s.i / STORES.length)];
      assert.ok(sku, `a stocked SKU for shopper ${s.i} of ${s.store}`);
      return sku;
    };

    const orders = await Promise.all(
      plan.map(async (s) => {
        const ip = `192.0.2.${s.i + 1}`;
        const base = `/v1/stores/${s.store}`;
        const cart = await call(
          'cart',
          'POST',
          `${base}/cart/lines`,
          { 'x-forwarded-for': ip },
          { sku: skuOf(s), quantity: 1 },
        );
        assert.equal(cart.status, 200, JSON.stringify(cart.body));
        const token = (cart.body as { cart?: { token: string } }).cart!.token;
        const key = `order-${randomUUID()}`;
        const taps = s.doubleTap ? 2 : 1;
        const place = () =>
          call(
            'place order',
            'POST',
            `${base}/orders`,
            { 'idempotency-key': key, 'x-cart-token': token, 'x-forwarded-for': ip },
            { phone: s.phone, name: `Shopper ${s.i}`, areaSlug: 'kilimani' },
          );
        const placed = await Promise.all(Array.from({ length: taps }, place));
        const orderId = oneId(placed, (a) => a.body.order?.id, `shopper ${s.i} place order`);
        const pay = () =>
          call(
            'pay',
            'POST',
            `${base}/orders/${orderId}/payments`,
            { 'idempotency-key': `${key}.pay`, 'x-forwarded-for': ip },
            {},
          );
        const paid = await Promise.all(Array.from({ length: taps }, pay));
        const paymentId = oneId(paid, (a) => a.body.payment?.id, `shopper ${s.i} pay`);
        // The shopper's page polls the payment through nginx (either API answers) until it settles.
        const settled = await waitUntil(
          `shopper ${s.i} (${s.scenario}) paid`,
          () => call('status', 'GET', `${base}/orders/${orderId}/payments/${paymentId}`, { 'x-forwarded-for': ip }),
          (a) => a.status !== 200 || (a.body.payment?.status !== 'pending' && a.body.payment?.status !== 'initiating'),
          { timeoutMs: 60_000, intervalMs: 200 },
        );
        assert.equal(
          settled.body.payment?.status,
          'paid',
          `shopper ${s.i} (${s.scenario}): ${JSON.stringify(settled.body)}`,
        );
        return { ...s, orderId };
      }),
    );
    const ids = orders.map((o) => o.orderId);
    assert.equal(new Set(ids).size, SHOPPERS, 'one order per shopper');

    // Everything owed is done: no attempt open, every callback applied, both messages settled.
    await waitUntil(
      'callbacks processed and messages settled',
      async () =>
        (
          await sql<{ open: number; unprocessed: number; unsettled: number }>(
            `SELECT (SELECT count(*)::int FROM payments WHERE order_id = ANY($1::uuid[]) AND status IN ('initiating', 'pending')) AS open,
                    (SELECT count(*)::int FROM payment_callbacks c WHERE NOT EXISTS
                       (SELECT 1 FROM payment_callback_outcomes o WHERE o.tenant_id = c.tenant_id AND o.callback_id = c.id)) AS unprocessed,
                    (SELECT count(*)::int FROM order_notifications WHERE order_id = ANY($1::uuid[])
                       AND kind IN ('order_placed', 'order_paid') AND status IN ('queued', 'sending')) AS unsettled`,
            [ids],
          )
        )[0]!,
      (s) => s.open === 0 && s.unprocessed === 0 && s.unsettled === 0,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    // Every double callback delivered twice (the second one is the duplicate that must change nothing).
    const ledger = async () =>
      (
        (await (await fetch(`${stack.sandbox.url}/__admin/daraja/transactions`)).json()) as {
          transactions: { PhoneNumber: string; status: string; ResultCode: number | null; callbacks?: unknown[] }[];
        }
      ).transactions;
    await waitUntil(
      'the sandbox to deliver every double callback',
      ledger,
      (txs) =>
        orders
          .filter((o) => o.scenario === 'double-callback')
          .every((o) => txs.some((t) => t.PhoneNumber === o.phone && (t.callbacks?.length ?? 0) >= 2)),
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // ---- paid exactly once: our rows and the sandbox's ledger ----
    const rows = await sql<{ id: string; phone: string; status: string; paid_payments: number; paid_events: number }>(
      `SELECT o.id, o.phone, o.status,
              (SELECT count(*)::int FROM payments p WHERE p.order_id = o.id AND p.status = 'paid') AS paid_payments,
              (SELECT count(*)::int FROM order_events e WHERE e.order_id = o.id AND e.type IN ('paid', 'paid_after_cancel')) AS paid_events
         FROM orders o WHERE o.id = ANY($1::uuid[])`,
      [ids],
    );
    assert.equal(rows.length, SHOPPERS);
    for (const r of rows) {
      assert.equal(r.status, 'paid', `order ${r.id}`);
      assert.equal(r.paid_payments, 1, `order ${r.id}: paid payments`);
      assert.equal(r.paid_events, 1, `order ${r.id}: paid events`);
    }
    const txs = await ledger();
    for (const o of orders) {
      const charged = txs.filter((t) => t.PhoneNumber === o.phone && t.status === 'completed' && t.ResultCode === 0);
      assert.equal(
        charged.length,
        1,
        `${o.scenario} shopper ${o.i}${o.doubleTap ? ' (double tap)' : ''}: M-Pesa charges`,
      );
    }
    const callbackApplications = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM payment_callback_outcomes o JOIN payment_callbacks c ON c.tenant_id = o.tenant_id AND c.id = o.callback_id
        GROUP BY o.tenant_id, o.callback_id HAVING count(*) > 1`,
    );
    assert.deepEqual(callbackApplications, [], 'a callback applied twice');

    // ---- every message once: the notifications table and what the sandbox received ----
    const notes = await sql<{ order_id: string; kind: string; status: string }>(
      `SELECT order_id, kind, status FROM order_notifications WHERE order_id = ANY($1::uuid[]) AND kind IN ('order_placed', 'order_paid')`,
      [ids],
    );
    const messages = (
      (await (await fetch(`${stack.sandbox.url}/__admin/whatsapp/messages`)).json()) as {
        messages: { waId: string; template?: { name: string } }[];
      }
    ).messages;
    const sent = (phone: string, template: string) =>
      messages.filter((m) => m.waId === phone && m.template?.name === template).length;
    for (const r of rows) {
      const placedNote = notes.find((n) => n.order_id === r.id && n.kind === 'order_placed');
      const paidNote = notes.find((n) => n.order_id === r.id && n.kind === 'order_paid');
      assert.equal(paidNote?.status, 'sent', `order ${r.id}: order_paid notification`);
      assert.equal(sent(r.phone, 'payment_received'), 1, `order ${r.id}: payment_received messages`);
      // "Order placed" is skipped when the order is already paid by the time it is sent.
      assert.ok(placedNote, `order ${r.id}: order_placed owed`);
      assert.equal(
        sent(r.phone, 'order_confirmed'),
        placedNote.status === 'sent' ? 1 : 0,
        `order ${r.id}: order_confirmed`,
      );
    }

    // ---- no 5xx, from the shoppers' side nor in nginx's log (callbacks included) ----
    assert.deepEqual(
      statuses.filter((s) => s.status >= 500),
      [],
    );
    const access = readFileSync(path.join(stack.nginx!.dir, 'access.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { status: number; uri: string; upstream: string });
    assert.deepEqual(
      access.filter((a) => a.status >= 500),
      [],
    );
    const callbacksThroughNginx = access.filter((a) => a.uri.startsWith('/v1/hooks/'));
    assert.ok(
      callbacksThroughNginx.length >= SHOPPERS / 2,
      `Daraja callbacks through nginx: ${callbacksThroughNginx.length}`,
    );
    assert.equal(new Set(callbacksThroughNginx.map((a) => a.upstream)).size, 2, 'callbacks reached both APIs');

    // ---- both APIs served, both workers worked ----
    const perApi = await stack.requestsPerApi();
    const total = perApi.reduce((a, b) => a + b, 0);
    for (const [i, n] of perApi.entries())
      assert.ok(n >= total * 0.2, `API ${i + 1} served ${n} of ${total} requests (${JSON.stringify(perApi)})`);
    // Checkout work, not just the schedulers' repeatable jobs: both workers applied callbacks.
    const callbackJobs = await stack.jobsPerWorker('payment.callback');
    for (const [i, n] of callbackJobs.entries())
      assert.ok(n > 0, `worker ${i + 1} applied no callback (${JSON.stringify(callbackJobs)})`);
  },
);
