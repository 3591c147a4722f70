// Orders retention (ARCHITECTURE.md "Orders at scale"), against the real API, worker, Postgres and
// Redis: orders placed over HTTP, then finished and backdated as the superuser. The monthly
// orders.archive job (queued here by hand) writes the finished old orders of each store, with
// their lines, timeline, payments, refunds, deliveries and returns, to a gzip JSON Lines object in
// the media storage, records it in order_archives and deletes them; open or recent orders, the
// audit log, the stock ledger and other stores' orders stay. A second run does nothing, and the
// order numbers carry on.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createQueues } from '../../apps/api/dist/queues/queues.js';
import { useApiStack } from '../helpers/api-fixture.ts';
import { first, REDIS_URL } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { shopFlows } from '../helpers/shop.ts';
import { logMark, waitForJob, waitForJobCompleted } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const OTHER = 'saa-bora';
const stack = useApiStack({ worker: true, env: { WORKER_METRICS_PORT: '0', ORDERS_ARCHIVE_BATCH: '2' } });
const { sql } = stack;
const shop = shopFlows(stack);
const call = jsonCaller(() => stack.api.url, '198.51.103');

interface ArchiveLine {
  format: string;
  order: { id: string; number: number; total_kes: number; status: string; tenant_id: string };
  lines: { line: number; sku: string; line_total_kes: number }[];
  timeline: { type: string }[];
  payments: { id: string; status: string }[];
  refunds: { id: string; status: string }[];
  deliveries: { status: string; events: { status: string }[] }[];
  returns: { status: string; lines: { line: number }[] }[];
}
interface ArchiveView {
  id: string;
  month: string;
  key: string;
  orderCount: number;
  firstNumber: number;
  lastNumber: number;
  sha256: string;
  byteSize: number;
}

let seq = 0;
const phone = () => `2547${String(20 + (++seq % 70)).padStart(2, '0')}${String(Date.now() % 100000).padStart(5, '0')}0`;

async function placed(store: string): Promise<{ id: string; number: number; totalKes: number }> {
  return shop.placeOrder(store, { phone: phone(), name: 'Wanjiku Archive', areaSlug: 'westlands' });
}

/** Finishes an order as the superuser: status, optional paid payment, a timeline row, placed `monthsAgo` months ago. */
async function finish(
  store: string,
  orderId: string,
  status: 'delivered' | 'cancelled' | 'refunded',
  monthsAgo: number,
): Promise<{ paymentId: string | null }> {
  const tenant = stack.tenantOf(store);
  let paymentId: string | null = null;
  if (status !== 'cancelled') {
    const [payment] = await sql<{ id: string }>(
      `INSERT INTO payments (tenant_id, order_id, method, status, outcome, amount_kes, paid_amount_kes, phone, idempotency_key, resolved_at)
       SELECT tenant_id, id, 'stk', 'paid', 'paid', total_kes, total_kes, phone, 'pay-' || id, now() FROM orders WHERE id = $1
       RETURNING id`,
      [orderId],
    );
    paymentId = payment!.id;
  }
  await sql(
    `INSERT INTO order_events (tenant_id, order_id, type, from_status, to_status, actor_type)
     VALUES ($1, $2, 'status_changed', 'pending_payment', $3, 'system')`,
    [tenant, orderId, status],
  );
  await sql(
    `UPDATE orders SET status = $2, reserved_until = NULL,
            created_at = now() - make_interval(months => $3), updated_at = now() - make_interval(months => $3)
      WHERE id = $1`,
    [orderId, status, monthsAgo],
  );
  // What the product writes about an order in the audit log (kept when the order is archived).
  await sql(
    `INSERT INTO audit_log (tenant_id, actor_type, action, entity_type, entity_id) VALUES ($1, 'system', 'order.archive_test', 'order', $2)`,
    [tenant, orderId],
  );
  return { paymentId };
}

/** Queues orders.archive as the monthly schedule would (one attempt, so a failure is not retried behind the test's back). */
async function queueArchiveJob(): Promise<{ jobId: string; since: number }> {
  const queues = createQueues({ url: REDIS_URL }, stack.env.REDIS_KEY_PREFIX!, 1);
  const jobId = `test-archive-${randomUUID()}`;
  const since = logMark(stack.worker);
  try {
    await queues
      .get('maintenance')!
      .add('orders.archive', { tenantId: null, correlationId: 'test', data: {} }, { jobId, attempts: 1 });
  } finally {
    await Promise.all([...queues.values()].map((q) => q.close()));
  }
  return { jobId, since };
}

async function runArchiveJob(): Promise<Record<string, unknown>> {
  const { jobId, since } = await queueArchiveJob();
  return waitForJobCompleted(stack.worker, { id: jobId, name: 'orders.archive' }, { since, timeoutMs: 60_000 });
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

describe('orders retention and archival', () => {
  const old: { id: string; number: number; totalKes: number; status: string; paymentId: string | null }[] = [];
  const kept: Record<string, string> = {};
  let otherOld: { id: string; number: number };
  let otherRecent: string;
  let workerMetrics: string;

  stack.before(async () => {
    const listening = await stack.worker.waitForLog((e) => e.msg === 'worker metrics listening');
    workerMetrics = `http://127.0.0.1:${listening.port as number}/metrics`;
    const tenant = stack.tenantOf(STORE);
    // Three finished orders placed 30 months ago: delivered (with its delivery and trail),
    // cancelled, and refunded (a completed refund and a received return naming it).
    for (const status of ['delivered', 'cancelled', 'refunded'] as const) {
      const order = await placed(STORE);
      const { paymentId } = await finish(STORE, order.id, status, 30);
      old.push({ ...order, status, paymentId });
    }
    const [delivered, , refunded] = old;
    const [delivery] = await sql<{ id: string }>(
      `INSERT INTO deliveries (tenant_id, order_id, method, status, delivered_at, rider_name, rider_phone)
       VALUES ($1, $2, 'manual_rider', 'delivered', now(), 'Otieno', '254711000111') RETURNING id`,
      [tenant, delivered!.id],
    );
    await sql(
      `INSERT INTO delivery_events (tenant_id, delivery_id, status, source) VALUES ($1, $2, 'delivered', 'staff')`,
      [tenant, delivery!.id],
    );
    const [refund] = await sql<{ id: string }>(
      `INSERT INTO refunds (tenant_id, order_id, payment_id, amount_kes, method, status, reason, requested_by, originator_conversation_id, resolved_at)
       VALUES ($1, $2, $3, 100, 'reversal', 'completed', 'faulty', 'owner', 'conv-' || gen_random_uuid(), now()) RETURNING id`,
      [tenant, refunded!.id, refunded!.paymentId],
    );
    const [ret] = await sql<{ id: string }>(
      `INSERT INTO order_returns (tenant_id, order_id, status, reason, amount_kes, vat_kes, refund_id, received_at)
       VALUES ($1, $2, 'received', 'does not charge', 100, 14, $3, now()) RETURNING id`,
      [tenant, refunded!.id, refund!.id],
    );
    await sql(
      `INSERT INTO order_return_lines (tenant_id, return_id, order_id, line, quantity) VALUES ($1, $2, $3, 1, 1)`,
      [tenant, ret!.id, refunded!.id],
    );
    // Old but open: a payment attempt still pending; a refund still requested. And a recent one.
    const pending = await placed(STORE);
    await sql(`UPDATE orders SET status = 'cancelled', created_at = now() - interval '30 months' WHERE id = $1`, [
      pending.id,
    ]);
    await sql(
      `INSERT INTO payments (tenant_id, order_id, method, status, amount_kes, phone, idempotency_key)
       SELECT tenant_id, id, 'stk', 'pending', total_kes, phone, 'pay-' || id FROM orders WHERE id = $1`,
      [pending.id],
    );
    kept.pendingPayment = pending.id;
    const refunding = await placed(STORE);
    const { paymentId } = await finish(STORE, refunding.id, 'delivered', 30);
    await sql(
      `INSERT INTO refunds (tenant_id, order_id, payment_id, amount_kes, method, status, reason, requested_by, originator_conversation_id)
       VALUES ($1, $2, $3, 50, 'reversal', 'requested', 'late', 'owner', 'conv-' || gen_random_uuid())`,
      [tenant, refunding.id, paymentId],
    );
    kept.openRefund = refunding.id;
    const recent = await placed(STORE);
    await finish(STORE, recent.id, 'delivered', 3);
    kept.recent = recent.id;
    // The other store: one old finished order (archived into its own store's object) and a recent one.
    const otherOrder = await placed(OTHER);
    await finish(OTHER, otherOrder.id, 'delivered', 26);
    otherOld = otherOrder;
    const otherNew = await placed(OTHER);
    await finish(OTHER, otherNew.id, 'delivered', 1);
    otherRecent = otherNew.id;
  });

  test('a store whose archive object cannot be written keeps every order; the other stores go on', async () => {
    const tenant = stack.tenantOf(STORE);
    const ordersBefore = ids(await sql<{ id: string }>(`SELECT id FROM orders WHERE tenant_id = $1`, [tenant]));
    // A file where the store's archive folder would be: every write under it fails.
    const blocked = path.join(stack.db.mediaDir, tenant, 'archive', 'orders');
    await mkdir(path.dirname(blocked), { recursive: true });
    await writeFile(blocked, 'not a folder');
    try {
      const { jobId, since } = await queueArchiveJob();
      const outcome = await waitForJob(
        stack.worker,
        { id: jobId, name: 'orders.archive' },
        { since, timeoutMs: 60_000 },
      );
      assert.equal(outcome.state, 'failed');
    } finally {
      await rm(blocked);
    }
    assert.deepEqual(
      ids(await sql<{ id: string }>(`SELECT id FROM orders WHERE tenant_id = $1`, [tenant])),
      ordersBefore,
    );
    assert.equal((await sql(`SELECT 1 FROM order_archives WHERE tenant_id = $1`, [tenant])).length, 0);
    // The other store was archived in the same run.
    assert.equal((await sql(`SELECT 1 FROM order_archives WHERE tenant_id = $1`, [stack.tenantOf(OTHER)])).length, 1);
    const metrics = await (await fetch(workerMetrics)).text();
    assert.match(metrics, /^sokoni_order_archive_runs_total\{outcome="failed"\} 1$/m);
  });

  test('the job archives the old finished orders with everything they had, verified, and deletes them', async () => {
    const tenant = stack.tenantOf(STORE);
    const oldIds = old.map((o) => o.id);
    const auditBefore = first(
      await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1`, [tenant]),
    ).n;
    const ledgerBefore = first(
      await sql<{ n: number }>(`SELECT count(*)::int AS n FROM inventory_movements WHERE tenant_id = $1`, [tenant]),
    ).n;
    const counterBefore = first(
      await sql<{ last_number: number }>(`SELECT last_number FROM order_counters WHERE tenant_id = $1`, [tenant]),
    ).last_number;

    const done = await runArchiveJob();
    assert.ok(done.duration_ms !== undefined);

    // Gone: the orders and every row that hung off them.
    for (const table of [
      'orders',
      'order_items',
      'order_events',
      'payments',
      'refunds',
      'deliveries',
      'order_returns',
    ]) {
      const column = table === 'orders' ? 'id' : 'order_id';
      const left = await sql(`SELECT 1 FROM ${table} WHERE ${column} = ANY($1::uuid[])`, [oldIds]);
      assert.equal(left.length, 0, `${table} rows of archived orders are left`);
    }
    assert.equal((await sql(`SELECT 1 FROM delivery_events WHERE tenant_id = $1`, [tenant])).length, 0);
    // Kept: the open, the recent, the audit log, the stock ledger, the order counter.
    assert.deepEqual(
      ids(await sql<{ id: string }>(`SELECT id FROM orders WHERE tenant_id = $1`, [tenant])),
      Object.values(kept).sort(),
    );
    assert.equal(
      first(await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1`, [tenant])).n,
      auditBefore,
    );
    assert.equal(
      (await sql(`SELECT 1 FROM audit_log WHERE entity_id = ANY($1::text[])`, [oldIds])).length,
      oldIds.length,
    );
    assert.equal(
      first(
        await sql<{ n: number }>(`SELECT count(*)::int AS n FROM inventory_movements WHERE tenant_id = $1`, [tenant]),
      ).n,
      ledgerBefore,
    );
    assert.equal(
      first(await sql<{ last_number: number }>(`SELECT last_number FROM order_counters WHERE tenant_id = $1`, [tenant]))
        .last_number,
      counterBefore,
    );

    // The archive rows (batch size 2: two objects for the three orders of one month) and objects.
    const rows = await sql<{
      storage_key: string;
      month: string;
      order_count: number;
      sha256: string;
      byte_size: string;
    }>(
      `SELECT storage_key, month, order_count, sha256, byte_size FROM order_archives WHERE tenant_id = $1 ORDER BY first_number`,
      [tenant],
    );
    assert.deepEqual(
      rows.map((r) => r.order_count),
      [2, 1],
    );
    const archived: ArchiveLine[] = [];
    for (const row of rows) {
      assert.match(row.storage_key, new RegExp(`^${tenant}/archive/orders/${row.month}-[0-9a-f-]{36}\\.jsonl\\.gz$`));
      const bytes = await readFile(path.join(stack.db.mediaDir, row.storage_key));
      assert.equal(bytes.length, Number(row.byte_size));
      assert.equal(createHash('sha256').update(bytes).digest('hex'), row.sha256);
      const lines = gunzipSync(bytes).toString('utf8').trimEnd().split('\n');
      assert.equal(lines.length, row.order_count);
      archived.push(...lines.map((l) => JSON.parse(l) as ArchiveLine));
    }
    assert.deepEqual(archived.map((a) => a.order.id).sort(), [...oldIds].sort());
    for (const order of old) {
      const line = archived.find((a) => a.order.id === order.id)!;
      assert.equal(line.format, 'sokoni.order-archive.v1');
      assert.equal(line.order.number, order.number);
      assert.equal(line.order.total_kes, order.totalKes);
      assert.equal(line.order.status, order.status);
      assert.equal(line.order.tenant_id, tenant);
      assert.equal(line.lines.length, 1);
      assert.equal(
        line.lines[0]!.line_total_kes,
        order.totalKes - (line.order as unknown as { delivery_fee_kes: number }).delivery_fee_kes,
      );
      assert.ok(line.timeline.some((e) => e.type === 'status_changed'));
      assert.equal(line.payments.length, order.paymentId ? 1 : 0);
    }
    const [delivered, , refunded] = old;
    assert.deepEqual(
      archived
        .find((a) => a.order.id === delivered!.id)!
        .deliveries.map((d) => [d.status, d.events.map((e) => e.status)]),
      [['delivered', ['delivered']]],
    );
    const refundedLine = archived.find((a) => a.order.id === refunded!.id)!;
    assert.deepEqual(
      refundedLine.refunds.map((r) => r.status),
      ['completed'],
    );
    assert.deepEqual(
      refundedLine.returns.map((r) => [r.status, r.lines.map((l) => l.line)]),
      [['received', [1]]],
    );

    // The other store: its old order in its own object, its recent one untouched.
    const otherTenant = stack.tenantOf(OTHER);
    const [otherArchive] = await sql<{ storage_key: string; order_count: number }>(
      `SELECT storage_key, order_count FROM order_archives WHERE tenant_id = $1`,
      [otherTenant],
    );
    assert.equal(otherArchive?.order_count, 1);
    assert.ok(otherArchive.storage_key.startsWith(`${otherTenant}/archive/orders/`));
    const otherLines = gunzipSync(await readFile(path.join(stack.db.mediaDir, otherArchive.storage_key)))
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as ArchiveLine);
    assert.deepEqual(
      otherLines.map((l) => [l.order.id, l.order.tenant_id]),
      [[otherOld.id, otherTenant]],
    );
    assert.deepEqual(ids(await sql<{ id: string }>(`SELECT id FROM orders WHERE tenant_id = $1`, [otherTenant])), [
      otherRecent,
    ]);

    // Counted in the worker's /metrics.
    const metrics = await (await fetch(workerMetrics)).text();
    assert.match(metrics, /^sokoni_orders_archived_total 4$/m);
    assert.match(metrics, /^sokoni_order_archives_total 3$/m);
    assert.match(metrics, /^sokoni_order_archive_runs_total\{outcome="completed"\} 1$/m);
  });

  test('a second run archives nothing more and records no second row', async () => {
    const before = await sql(`SELECT id FROM order_archives ORDER BY id`);
    await runArchiveJob();
    assert.deepEqual(await sql(`SELECT id FROM order_archives ORDER BY id`), before);
    assert.deepEqual(
      ids(await sql<{ id: string }>(`SELECT id FROM orders WHERE tenant_id = $1`, [stack.tenantOf(STORE)])),
      Object.values(kept).sort(),
    );
    const metrics = await (await fetch(workerMetrics)).text();
    assert.match(metrics, /^sokoni_orders_archived_total 4$/m);
    assert.match(metrics, /^sokoni_order_archive_runs_total\{outcome="completed"\} 2$/m);
  });

  test('a new order gets the next number: archived numbers are never reused', async () => {
    const highest = Math.max(...old.map((o) => o.number));
    const next = await placed(STORE);
    assert.ok(next.number > highest, `new order ${next.number} after archived ${highest}`);
    const counter = first(
      await sql<{ last_number: number }>(`SELECT last_number FROM order_counters WHERE tenant_id = $1`, [
        stack.tenantOf(STORE),
      ]),
    );
    assert.equal(counter.last_number, next.number);
  });

  test("the owner lists the store's archives and downloads one, checked; never another store's", async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const list = await call<{ archives: ArchiveView[] }>(
      'GET',
      '/v1/owner/order-archives',
      undefined,
      owner.accessToken,
    );
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body.archives.length, 2);
    assert.deepEqual(list.body.archives.map((a) => a.orderCount).sort(), [1, 2]);
    const tenant = stack.tenantOf(STORE);
    assert.ok(list.body.archives.every((a) => a.key.startsWith(`${tenant}/`)));
    const archive = list.body.archives[0]!;
    const res = await fetch(`${stack.api.url}/v1/owner/order-archives/${archive.id}/file`, {
      headers: { authorization: `Bearer ${owner.accessToken}`, 'x-forwarded-for': '198.51.103.200' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/gzip');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, archive.byteSize);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), archive.sha256);
    assert.equal(gunzipSync(bytes).toString('utf8').trimEnd().split('\n').length, archive.orderCount);
    // The download is in the store's audit log, naming the owner who took it and the orders in it.
    const downloads = await sql<{ actor_type: string; actor_id: string; after: { orders: number; month: string } }>(
      `SELECT actor_type, actor_id, after FROM audit_log
        WHERE tenant_id = $1 AND action = 'order_archive.downloaded' AND entity_id = $2`,
      [tenant, archive.id],
    );
    assert.equal(downloads.length, 1);
    assert.equal(downloads[0]!.actor_type, 'user');
    assert.deepEqual([downloads[0]!.after.orders, downloads[0]!.after.month], [archive.orderCount, archive.month]);

    // Another store's archive id is not found from this store; bad input is a 400.
    const [otherArchive] = await sql<{ id: string }>(`SELECT id FROM order_archives WHERE tenant_id = $1`, [
      stack.tenantOf(OTHER),
    ]);
    const foreign = await call(
      'GET',
      `/v1/owner/order-archives/${otherArchive!.id}/file`,
      undefined,
      owner.accessToken,
    );
    assert.equal(foreign.status, 404);
    const bad = await call('GET', '/v1/owner/order-archives/not-a-uuid/file', undefined, owner.accessToken);
    assert.equal(bad.status, 400);
    const badLimit = await call('GET', '/v1/owner/order-archives?limit=0', undefined, owner.accessToken);
    assert.equal(badLimit.status, 400);
    // Staff read orders but not the bulk file.
    const staff = await demoLogin(call, STORE, 'staff');
    assert.equal((await call('GET', '/v1/owner/order-archives', undefined, staff.accessToken)).status, 200);
    assert.equal(
      (await call('GET', `/v1/owner/order-archives/${archive.id}/file`, undefined, staff.accessToken)).status,
      403,
    );
    // Refused or not found: nothing downloaded, nothing more in the log.
    const after = await sql(`SELECT 1 FROM audit_log WHERE tenant_id = $1 AND action = 'order_archive.downloaded'`, [
      tenant,
    ]);
    assert.equal(after.length, 1);
  });

  test('the timeline stays append-only while its order exists, and archive rows cannot be changed by the app', async () => {
    const app = stack.db.appUrl;
    const { default: pg } = await import('pg');
    const client = new pg.Client(app);
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [stack.tenantOf(STORE)]);
      const refused = async (statement: string) => {
        await client.query('SAVEPOINT s');
        try {
          await client.query(statement);
          return 'ok';
        } catch (error) {
          return (error as { code: string }).code;
        } finally {
          await client.query('ROLLBACK TO SAVEPOINT s');
        }
      };
      assert.equal(await refused(`DELETE FROM order_events`), '42501');
      assert.equal(await refused(`UPDATE order_archives SET order_count = 99`), '42501');
      assert.equal(await refused(`DELETE FROM order_archives`), '42501');
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
    // Even the owner cannot remove a live order's timeline or delivery by hand.
    const [order] = await sql<{ id: string }>(`SELECT id FROM orders WHERE id = $1`, [kept.recent]);
    await assert.rejects(sql(`DELETE FROM order_events WHERE order_id = $1`, [order!.id]), /append-only/);
  });
});
