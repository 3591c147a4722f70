// KRA eTIMS end to end: the owner switches eTIMS on (device initialised against the sandbox),
// orders paid by M-Pesa (Daraja sandbox) get a sales invoice sent by the worker's etims.send job,
// refunds a credit note; rejection (reason shown to the owner), outage (queued, retried, the
// shopper's invoice says pending), and no second invoice under a lost answer, a repeated job or
// a worker restart. Real Postgres, Redis, API, worker and sandbox processes.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { createQueues } from '../../apps/api/dist/queues/queues.js';
import { useApiStack } from '../helpers/api-fixture.ts';
import { REDIS_URL } from '../helpers/database.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { shopFlows } from '../helpers/shop.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const OTHER = 'saa-bora';
const PIN = 'P051234567X';
const stack = useApiStack({ sandbox: true });

interface Answer {
  settings: {
    enabled: boolean;
    configured: boolean;
    initialised: { sdcId: string } | null;
    initError: string | null;
  };
  documents: {
    id: string;
    kind: string;
    status: string;
    orderNumber: number;
    rejectionReason: string | null;
    receiptNumber: string | null;
  }[];
  document: { status: string };
  orders: { orderNumber: number; etimsStatus: string; reason: string | null }[];
  error: {
    code: string;
    message: string;
    details: { field?: string; reason?: string; issues?: { path: (string | number)[] }[] };
  };
  refund: { id: string; status: string };
}
interface Doc {
  id: string;
  kind: string;
  status: string;
  invc_no: number | null;
  org_invc_no: number | null;
  rcpt_sign: string | null;
  intrl_data: string | null;
  cur_rcpt_no: number | null;
  attempts: number;
  rejection_reason: string | null;
  last_error: string | null;
  sdc_id: string | null;
  trd_invc_no: string;
  total_kes: number;
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.102');
const shop = shopFlows(stack);
let seq = 500;
const phone = () => `2547${String(++seq).padStart(4, '0')}0000`;
let ownerToken = '';

async function sandboxAdmin(path: string, body?: unknown) {
  const res = await fetch(`${stack.sandbox.url}/__admin/etims${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as {
    sales: {
      invcNo: number;
      orgInvcNo: number;
      trdInvcNo: string;
      rcptTyCd: string;
      totAmt: number;
      rcptSign: string;
    }[];
    items: { itemCd: string; taxTyCd: string }[];
  };
}
const scenario = (name: string, extra: Record<string, unknown> = {}) =>
  sandboxAdmin('/scenarios', { tin: PIN, scenario: name, ...extra });
const salesOf = async (trdInvcNo: string) =>
  (await sandboxAdmin(`/taxpayers/${PIN}`)).sales.filter((s) => s.trdInvcNo === trdInvcNo);

async function paidOrder(store = STORE): Promise<{ id: string; number: number; totalKes: number }> {
  const order = await shop.placeOrder<{ id: string; number: number; totalKes: number }>(
    store,
    { phone: phone(), name: 'Wanjiku Kamau', areaSlug: 'westlands' },
    await shop.cartWithItem(store),
  );
  const res = await shop.startPayment<{ payment: { id: string } }>(store, order.id);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  await waitFor('the order paid', async () => {
    const [row] = await stack.sql<{ status: string }>('SELECT status FROM orders WHERE id = $1', [order.id]);
    return row?.status === 'paid' ? row : null;
  });
  return order;
}

async function saleDoc(orderId: string, until: (d: Doc) => boolean, what: string, timeoutMs = 30_000): Promise<Doc> {
  return waitFor(
    what,
    async () => {
      const [doc] = await stack.sql<Doc>(`SELECT * FROM etims_documents WHERE order_id = $1 AND kind = 'sale'`, [
        orderId,
      ]);
      return doc && until(doc) ? doc : null;
    },
    { timeoutMs },
  );
}

async function invoiceHtml(orderId: string, store = STORE): Promise<string> {
  const res = await fetch(`${stack.api.url}/v1/stores/${store}/orders/${orderId}/invoice`);
  assert.equal(res.status, 200);
  return res.text();
}

stack.before(async () => {
  ownerToken = (await demoLogin(call, STORE, 'owner')).accessToken;
});
// A failed test must not leave KRA down for the next one.
beforeEach(async () => {
  if (ownerToken) await scenario('normal');
});

describe('settings', () => {
  test('bad input is 400 naming the field; staff may not change it; switching on initialises the device once', async () => {
    const bad = await call(
      'PUT',
      '/v1/owner/settings/etims',
      { kraPin: 'P05-1234', deviceSerial: 'dvc-1' },
      ownerToken,
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation_failed');
    assert.ok(JSON.stringify(bad.body.error.details).includes('kraPin'));
    const badBranch = await call(
      'PUT',
      '/v1/owner/settings/etims',
      { kraPin: PIN, branchId: 'HQ', deviceSerial: 'dvc-1' },
      ownerToken,
    );
    assert.equal(badBranch.status, 400);
    assert.ok(JSON.stringify(badBranch.body.error.details).includes('branchId'));

    const staff = await demoLogin(call, STORE, 'staff');
    const refused = await call(
      'PUT',
      '/v1/owner/settings/etims',
      { kraPin: PIN, deviceSerial: 'dvc-1', enabled: true },
      staff.accessToken,
    );
    assert.equal(refused.status, 403);

    const before = await call('GET', '/v1/owner/settings/etims', undefined, ownerToken);
    assert.equal(before.status, 200);
    assert.equal(before.body.settings.enabled, false, 'seeded for the demo, off until switched on');

    const on = await call(
      'PUT',
      '/v1/owner/settings/etims',
      { kraPin: 'p051234567x', deviceSerial: 'dvc-gadgets-1', enabled: true },
      ownerToken,
    );
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.settings.enabled, true);
    assert.match(on.body.settings.initialised!.sdcId, /^KRACU0/);
    assert.equal(JSON.stringify(on.body).includes('cmcKey'), false, 'the communication key is never shown');
    const [row] = await stack.sql<{ cmc_key: Buffer; kra_pin: string; payment_type_code: string }>(
      'SELECT cmc_key, kra_pin, payment_type_code FROM etims_settings WHERE tenant_id = $1',
      [stack.tenantOf(STORE)],
    );
    assert.equal(row!.kra_pin, PIN);
    assert.equal(row!.payment_type_code, '06', 'mobile money resolved from the class-07 code list');
    assert.ok(row!.cmc_key.length > 32, 'sealed, not the 32-hex key');

    const moved = await call(
      'PUT',
      '/v1/owner/settings/etims',
      { kraPin: 'A000000001Z', deviceSerial: 'dvc-gadgets-1', enabled: true },
      ownerToken,
    );
    assert.equal(moved.status, 409);
    assert.equal(moved.body.error.details.field, 'kraPin');
  });

  test('a device KRA does not know is refused with the reason, kept for the owner to read', async () => {
    const other = (await demoLogin(call, OTHER, 'owner')).accessToken;
    const res = await call(
      'PUT',
      '/v1/owner/settings/etims',
      { kraPin: 'A123456789B', deviceSerial: 'INVALID-device', enabled: true },
      other,
    );
    assert.equal(res.status, 422);
    assert.match(res.body.error.message, /does not know this device serial/);
    const view = await call('GET', '/v1/owner/settings/etims', undefined, other);
    assert.equal(view.body.settings.enabled, false);
    assert.match(view.body.settings.initError!, /does not know this device serial/);
  });
});

describe('sales invoices', () => {
  test('a paid order gets one accepted sales invoice; the shopper invoice shows the receipt, signature and QR', async () => {
    const order = await paidOrder();
    const doc = await saleDoc(order.id, (d) => d.status === 'accepted', 'the sale accepted');
    assert.equal(doc.trd_invc_no, `INV-${order.number}`);
    assert.equal(doc.total_kes, order.totalKes);
    assert.match(doc.rcpt_sign!, /^[A-Z0-9]{16}$/);
    assert.match(doc.intrl_data!, /^[A-Z0-9]{26}$/);
    const kra = await salesOf(`INV-${order.number}`);
    assert.equal(kra.length, 1);
    assert.equal(kra[0]!.totAmt, order.totalKes, 'the invoice adds up to what the shopper paid');
    assert.equal(kra[0]!.invcNo, doc.invc_no);

    const html = await invoiceHtml(order.id);
    assert.ok(html.includes(`${doc.sdc_id}/${doc.cur_rcpt_no}`), 'CU invoice number');
    assert.ok(html.includes(doc.rcpt_sign!.match(/.{4}/g)!.join('-')), 'signature dashed every 4 characters');
    assert.ok(html.includes('<svg'), 'QR code inline');
    assert.ok(html.includes(`indexEtimsReceiptData?Data=${PIN}00${doc.rcpt_sign}`), 'verification link');
    assert.equal(html.includes('Pending at KRA'), false);
  });

  test('rejection: the reason is shown to the owner, the shopper sees pending, the daily list names it; resent after a fix it is accepted', async () => {
    await scenario('reject-sale', { count: 1, message: 'Taxpayer branch is not active for sales' });
    const order = await paidOrder();
    const doc = await saleDoc(order.id, (d) => d.status === 'rejected', 'the sale rejected');
    assert.equal(doc.rejection_reason, 'Taxpayer branch is not active for sales');
    assert.equal(doc.invc_no, null, 'the number of a refused invoice is released');
    const listed = await call('GET', '/v1/owner/etims/documents', undefined, ownerToken);
    const mine = listed.body.documents.find((d) => d.orderNumber === order.number)!;
    assert.equal(mine.status, 'rejected');
    assert.equal(mine.rejectionReason, 'Taxpayer branch is not active for sales');
    assert.match(await invoiceHtml(order.id), /Pending at KRA/);
    const daily = await call('GET', '/v1/owner/etims/unfiscalised', undefined, ownerToken);
    assert.equal(daily.status, 200);
    const row = daily.body.orders.find((o) => o.orderNumber === order.number)!;
    assert.equal(row.etimsStatus, 'rejected');
    assert.equal(row.reason, 'Taxpayer branch is not active for sales');
    const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);
    const report = await call<{ etims: { orders: { orderNumber: number; reason: string | null }[] } }>(
      'POST',
      `/v1/owner/payments/reconciliation?day=${today}`,
      undefined,
      ownerToken,
    );
    assert.equal(report.status, 200, JSON.stringify(report.body));
    assert.equal(
      report.body.etims.orders.find((o) => o.orderNumber === order.number)?.reason,
      'Taxpayer branch is not active for sales',
    );
    const badDay = await call('GET', '/v1/owner/etims/unfiscalised?day=yesterday', undefined, ownerToken);
    assert.equal(badDay.status, 400);

    const staff = await demoLogin(call, STORE, 'staff');
    assert.equal((await call('POST', `/v1/owner/etims/documents/${doc.id}/retry`, {}, staff.accessToken)).status, 403);
    const retried = await call('POST', `/v1/owner/etims/documents/${doc.id}/retry`, {}, ownerToken);
    assert.equal(retried.status, 201, JSON.stringify(retried.body));
    assert.equal(retried.body.document.status, 'pending');
    await saleDoc(order.id, (d) => d.status === 'accepted', 'the resent sale accepted');
    assert.equal((await salesOf(`INV-${order.number}`)).length, 1);
    const again = await call('POST', `/v1/owner/etims/documents/${doc.id}/retry`, {}, ownerToken);
    assert.equal(again.status, 409);
  });

  test('outage: the invoice is queued and retried; the shopper invoice says pending until KRA accepts it', async () => {
    await scenario('outage');
    const order = await paidOrder();
    const waiting = await saleDoc(
      order.id,
      (d) => d.status === 'pending' && d.attempts >= 2 && d.last_error !== null,
      'retried during the outage',
    );
    assert.match(waiting.last_error!, /503/);
    assert.equal((await salesOf(`INV-${order.number}`)).length, 0);
    assert.match(await invoiceHtml(order.id), /Pending at KRA/);
    await scenario('normal');
    const accepted = await saleDoc(order.id, (d) => d.status === 'accepted', 'accepted after the outage');
    if (waiting.invc_no !== null)
      assert.equal(accepted.invc_no, waiting.invc_no, 'a number once allocated is resent as is');
    assert.equal((await salesOf(`INV-${order.number}`)).length, 1);
    const html = await invoiceHtml(order.id);
    assert.equal(html.includes('Pending at KRA'), false);
    assert.ok(html.includes('<svg'));
  });
});

describe('credit notes and duplicates', () => {
  test('a completed refund produces a credit note referring to the original sale', async () => {
    const order = await paidOrder();
    const sale = await saleDoc(order.id, (d) => d.status === 'accepted', 'the sale accepted');
    const refund = await call(
      'POST',
      `/v1/owner/orders/${order.number}/refunds`,
      { reason: 'Customer returned it' },
      ownerToken,
    );
    assert.equal(refund.status, 201, JSON.stringify(refund.body));
    const credit = await waitFor(
      'the credit note accepted',
      async () => {
        const [doc] = await stack.sql<Doc>(
          `SELECT * FROM etims_documents WHERE order_id = $1 AND kind = 'credit_note'`,
          [order.id],
        );
        return doc?.status === 'accepted' ? doc : null;
      },
      { timeoutMs: 30_000 },
    );
    assert.equal(credit.org_invc_no, sale.invc_no);
    assert.equal(credit.total_kes, order.totalKes);
    const kra = (await sandboxAdmin(`/taxpayers/${PIN}`)).sales.filter(
      (s) => s.rcptTyCd === 'R' && s.orgInvcNo === sale.invc_no,
    );
    assert.equal(kra.length, 1);
    assert.equal(kra[0]!.totAmt, order.totalKes);
    const html = await invoiceHtml(order.id);
    assert.ok(html.includes('ORIGINAL CU INVOICE NO.'));
    assert.ok(html.includes(`${sale.sdc_id}/${sale.cur_rcpt_no}`));
  });

  test('an answer lost after KRA recorded the sale, a repeated job and a worker restart never make a second invoice', async () => {
    await scenario('timeout-after-commit', { count: 1 });
    const order = await paidOrder();
    const doc = await saleDoc(
      order.id,
      (d) => d.status === 'accepted_unsigned',
      'kept as recorded by KRA (994 on the resend)',
    );
    assert.equal((await salesOf(`INV-${order.number}`)).length, 1);
    assert.match(await invoiceHtml(order.id), /KRA eTIMS/);

    await stack.restartWorker();
    const queues = createQueues({ url: REDIS_URL }, stack.env.REDIS_KEY_PREFIX!, 1);
    try {
      const { enqueue } = await import('../../apps/api/dist/queues/queues.js');
      for (let i = 0; i < 3; i++)
        await enqueue(queues.get('payments')!, 'etims.send', stack.tenantOf(STORE), { orderId: order.id, attempt: 0 });
      const next = await paidOrder();
      await saleDoc(next.id, (d) => d.status === 'accepted', 'the next order accepted after the restart');
    } finally {
      await Promise.all([...queues.values()].map((q) => q.close()));
    }
    const docs = await stack.sql<{ n: number }>(`SELECT count(*)::int AS n FROM etims_documents WHERE order_id = $1`, [
      order.id,
    ]);
    assert.equal(docs[0]!.n, 1);
    assert.equal((await salesOf(`INV-${order.number}`)).length, 1);
    const [same] = await stack.sql<Doc>(`SELECT * FROM etims_documents WHERE id = $1`, [doc.id]);
    assert.equal(same!.status, 'accepted_unsigned');
    // Invoice numbers at KRA are 1..n with no gap and no repeat.
    const numbers = (await sandboxAdmin(`/taxpayers/${PIN}`)).sales.map((s) => s.invcNo).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
    );
  });

  test('/metrics lists the eTIMS counters', async () => {
    const text = await (await fetch(`${stack.api.url}/metrics`)).text();
    assert.match(text, /sokoni_etims_documents_total\{kind="sale",outcome="accepted"\}/);
    assert.match(text, /sokoni_etims_documents_total\{kind="credit_note",outcome="retried"\}/);
  });
});
