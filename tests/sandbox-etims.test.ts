// The KRA eTIMS OSCU sandbox (apps/sandbox/src/etims, contract ../shared/reference/etims.md):
// initialisation once per device, code lists, item registration sequence, stock, sales with the
// amount rules and the invoice-number sequence, credit notes, duplicates, and the test switches
// (outage, 999 flake, timeout after commit, the 200-with-error-inside wrapper).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandboxApp, type SandboxApp } from './helpers/sandbox-app.ts';
import { buildSalePayload } from '../apps/api/dist/modules/etims/etims-payload.js';

let sandbox: SandboxApp;
let baseUrl: string;

interface Envelope {
  resultCd: string;
  resultMsg: string;
  resultDt: string;
  data: Record<string, unknown> & { info?: Record<string, string> };
}

const TIN = 'P051234567X';
const USER = { regrId: 'sokoni', regrNm: 'sokoni', modrId: 'sokoni', modrNm: 'sokoni' };

async function post(
  path: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Envelope }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Envelope };
}

async function admin(path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/__admin/etims${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Initialises TIN/00 and returns the device headers. */
async function device(tin = TIN): Promise<Record<string, string>> {
  const init = await post('/etims-api/selectInitOsdcInfo', { tin, bhfId: '00', dvcSrlNo: `dvc-${tin}` });
  assert.equal(init.body.resultCd, '000', init.body.resultMsg);
  return { tin, bhfId: '00', cmcKey: init.body.data.info!.cmcKey! };
}

function item(seq: number, extra: Record<string, unknown> = {}) {
  return {
    itemCd: `KE2NTNO${String(seq).padStart(7, '0')}`,
    itemClsCd: '5020230100',
    itemTyCd: '2',
    itemNm: `Item ${seq}`,
    orgnNatCd: 'KE',
    pkgUnitCd: 'NT',
    qtyUnitCd: 'NO',
    taxTyCd: 'B',
    dftPrc: 1160,
    isrcAplcbYn: 'N',
    useYn: 'Y',
    ...USER,
    ...extra,
  };
}

function stockIn(sarNo: number, itemCd: string, qty: number) {
  return {
    sarNo,
    orgSarNo: 0,
    regTyCd: 'M',
    sarTyCd: '06',
    ocrnDt: '20260101',
    totItemCnt: 1,
    totTaxblAmt: 0,
    totTaxAmt: 0,
    totAmt: 0,
    ...USER,
    itemList: [
      {
        itemSeq: 1,
        itemCd,
        itemNm: 'x',
        pkgUnitCd: 'NT',
        pkg: qty,
        qtyUnitCd: 'NO',
        qty,
        prc: 0,
        splyAmt: 0,
        taxblAmt: 0,
        taxTyCd: 'B',
        taxAmt: 0,
        totAmt: 0,
      },
    ],
  };
}

function sale(invcNo: number, extra: Partial<Parameters<typeof buildSalePayload>[0]> = {}, qty = 1, prc = 1160) {
  return buildSalePayload(
    {
      invcNo,
      orgInvcNo: 0,
      trdInvcNo: `INV-${invcNo}`,
      rcptTyCd: 'S',
      pmtTyCd: '06',
      custNm: 'Wanjiku',
      custMblNo: '0712345678',
      tradeName: 'Duka',
      at: new Date(),
      ...extra,
    },
    [{ itemCd: 'KE2NTNO0000001', itemClsCd: '5020230100', itemNm: 'Kikoi scarf', qty, prc, taxTyCd: 'B' }],
  );
}

/** A device with item 1 registered and 10 in stock. */
async function readyToSell(): Promise<Record<string, string>> {
  const headers = await device();
  assert.equal((await post('/etims-api/saveItem', item(1), headers)).body.resultCd, '000');
  assert.equal(
    (await post('/etims-api/insertStockIO', stockIn(1, 'KE2NTNO0000001', 10), headers)).body.resultCd,
    '000',
  );
  return headers;
}

before(async () => {
  ({ sandbox, baseUrl } = await startSandboxApp());
});
after(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await fetch(`${baseUrl}/__admin/reset`, { method: 'POST' });
});

describe('initialisation (selectInitOsdcInfo)', () => {
  test('the first call returns the device with a 32-hex cmcKey; the second 902 with no data', async () => {
    const first = await post('/etims-api/selectInitOsdcInfo', { tin: TIN, bhfId: '00', dvcSrlNo: 'dvc-1' });
    assert.equal(first.status, 200);
    assert.equal(first.body.resultCd, '000');
    assert.match(first.body.resultDt, /^\d{14}$/);
    const info = first.body.data.info!;
    assert.match(info.cmcKey!, /^[0-9A-F]{32}$/);
    assert.match(info.sdcId!, /^KRACU0/);
    assert.ok(info.mrcNo);
    const again = await post('/etims-api/selectInitOsdcInfo', { tin: TIN, bhfId: '00', dvcSrlNo: 'dvc-1' });
    assert.equal(again.body.resultCd, '902');
    assert.equal(again.body.resultMsg, 'This device is installed');
    assert.equal(again.body.data, null);
  });

  test('an unknown device serial is 901; a malformed PIN is 910; no tin at all is 900', async () => {
    assert.equal(
      (await post('/etims-api/selectInitOsdcInfo', { tin: TIN, bhfId: '00', dvcSrlNo: 'INVALID-1' })).body.resultCd,
      '901',
    );
    assert.equal(
      (await post('/etims-api/selectInitOsdcInfo', { tin: 'P05', bhfId: '00', dvcSrlNo: 'd' })).body.resultCd,
      '910',
    );
    assert.equal((await post('/etims-api/selectInitOsdcInfo', { bhfId: '00', dvcSrlNo: 'd' })).body.resultCd, '900');
  });

  test('calls need the device triple; the header wins over the body', async () => {
    const headers = await device();
    assert.equal((await post('/etims-api/selectCodeList', { lastReqDt: '20180101000000' })).body.resultCd, '900');
    const wrongKey = await post(
      '/etims-api/selectCodeList',
      { lastReqDt: '20180101000000' },
      { ...headers, cmcKey: 'nope' },
    );
    assert.equal(wrongKey.body.resultCd, '901');
    // Right key in the header, wrong one in the body: accepted.
    const both = await post('/etims-api/selectCodeList', { lastReqDt: '20180101000000', cmcKey: 'nope' }, headers);
    assert.equal(both.body.resultCd, '000');
  });
});

describe('code lists and items', () => {
  test('selectCodeList gives the classes (07 has mobile money); a recent lastReqDt is 001 "no search result"', async () => {
    const headers = await device();
    const full = await post('/etims-api/selectCodeList', { lastReqDt: '20180101000000' }, headers);
    const classes = full.body.data.clsList as { cdCls: string; dtlList: { cd: string; cdNm: string }[] }[];
    assert.ok(classes.find((c) => c.cdCls === '07')!.dtlList.some((d) => /MOBILE/i.test(d.cdNm)));
    assert.ok(classes.find((c) => c.cdCls === '04'));
    const none = await post('/etims-api/selectCodeList', { lastReqDt: '20260101000000' }, headers);
    assert.equal(none.body.resultCd, '001');
    const cls = await post('/etims-api/selectItemClsList', { lastReqDt: '20180101000000' }, headers);
    assert.ok((cls.body.data.itemClsList as unknown[]).length > 0);
  });

  test('saveItem enforces the per-PIN sequence and the unit slices, with the live wording', async () => {
    const headers = await device();
    const skipped = await post('/etims-api/saveItem', item(2), headers);
    assert.equal(skipped.body.resultCd, '910');
    assert.equal(skipped.body.resultMsg, 'Invalid itemCd Sequence. Expected sequence ending with: 0000001');
    const u = await post('/etims-api/saveItem', item(1, { qtyUnitCd: 'U' }), headers);
    assert.equal(u.body.resultMsg, 'Incorrect QtyUnitCd Prefix');
    const mismatch = await post('/etims-api/saveItem', item(1, { qtyUnitCd: 'KG' }), headers);
    assert.equal(mismatch.body.resultMsg, "The ItemCd isn't made up of correct QtyUnitCd");
    const noModr = await post('/etims-api/saveItem', item(1, { modrId: '' }), headers);
    assert.equal(noModr.body.resultMsg, 'Request parameter error[modrId : may not be empty]');
    assert.equal((await post('/etims-api/saveItem', item(1), headers)).body.resultCd, '000');
    assert.equal((await post('/etims-api/saveItem', item(2), headers)).body.resultCd, '000');
  });

  test('stock: sarNo sequence, orgSarNo a number, saveStockMaster only after a stock IO', async () => {
    const headers = await device();
    await post('/etims-api/saveItem', item(1), headers);
    const master = await post('/etims-api/saveStockMaster', { itemCd: 'KE2NTNO0000001', rsdQty: 5, ...USER }, headers);
    assert.equal(master.body.resultCd, '910');
    const wrongSeq = await post('/etims-api/insertStockIO', stockIn(2, 'KE2NTNO0000001', 5), headers);
    assert.equal(wrongSeq.body.resultMsg, 'Invalid sarNo sequence, expected: 1 but found: 2');
    const nullOrg = await post(
      '/etims-api/insertStockIO',
      { ...stockIn(1, 'KE2NTNO0000001', 5), orgSarNo: null },
      headers,
    );
    assert.equal(nullOrg.body.resultCd, '910');
    assert.equal(
      (await post('/etims-api/insertStockIO', stockIn(1, 'KE2NTNO0000001', 5), headers)).body.resultCd,
      '000',
    );
    assert.equal(
      (await post('/etims-api/saveStockMaster', { itemCd: 'KE2NTNO0000001', rsdQty: 5, ...USER }, headers)).body
        .resultCd,
      '000',
    );
  });
});

describe('sales (saveTrnsSalesOsdc)', () => {
  test('the worked example is accepted: counters, 26-char intrlData, 16-char rcptSign, sdcDateTime', async () => {
    const headers = await readyToSell();
    const answer = await post('/etims-api/saveTrnsSalesOsdc', sale(1), headers);
    assert.equal(answer.body.resultCd, '000', answer.body.resultMsg);
    const data = answer.body.data;
    assert.equal(data.curRcptNo, 1);
    assert.equal(data.totRcptNo, 1);
    assert.match(String(data.intrlData), /^[A-Z0-9]{26}$/);
    assert.match(String(data.rcptSign), /^[A-Z0-9]{16}$/);
    assert.match(String(data.sdcDateTime), /^\d{14}$/);
    const second = await post('/etims-api/saveTrnsSalesOsdc', sale(2), headers);
    assert.equal(second.body.data.curRcptNo, 2);
  });

  test('amount rules: inclusive taxblAmt is refused with the expected value; pkg 0; empty itemNm; taxRtE 8', async () => {
    const headers = await readyToSell();
    const inclusive = sale(1);
    (inclusive.itemList as Record<string, unknown>[])[0]!.taxblAmt = 1160;
    const a = await post('/etims-api/saveTrnsSalesOsdc', inclusive, headers);
    assert.equal(a.body.resultMsg, 'Invalid taxblAmt on item: 1. Expected: 1000.00, But Found: 1160.00');
    const pkg0 = sale(1);
    (pkg0.itemList as Record<string, unknown>[])[0]!.pkg = 0;
    assert.equal(
      (await post('/etims-api/saveTrnsSalesOsdc', pkg0, headers)).body.resultMsg,
      'Invalid pkg for ItemList 1. Expected: 1, Found: 0',
    );
    const noName = sale(1);
    (noName.itemList as Record<string, unknown>[])[0]!.itemNm = '';
    assert.equal(
      (await post('/etims-api/saveTrnsSalesOsdc', noName, headers)).body.resultMsg,
      'Expected a value for itemNm on item: 1 but is empty or null',
    );
    const rateE = { ...sale(1), taxRtE: 8 };
    assert.equal(
      (await post('/etims-api/saveTrnsSalesOsdc', rateE, headers)).body.resultMsg,
      'Rule taxRtE failed: Tax rate mismatch. Expected: 0.00, Found: 8',
    );
  });

  test('invoice numbers: a gap is refused with "expected N"; a resent accepted number is 994 (legacy)', async () => {
    const headers = await readyToSell();
    const gap = await post('/etims-api/saveTrnsSalesOsdc', sale(3), headers);
    assert.equal(gap.body.resultMsg, 'Invalid invcNo sequence, expected: 1 but found: 3');
    assert.equal((await post('/etims-api/saveTrnsSalesOsdc', sale(1), headers)).body.resultCd, '000');
    const dup = await post('/etims-api/saveTrnsSalesOsdc', sale(1), headers);
    assert.equal(dup.body.resultCd, '994');
    assert.equal(dup.body.resultMsg, 'There is an overlapped Data');
    const view = await admin(`/taxpayers/${TIN}`);
    assert.equal((view.body.sales as unknown[]).length, 1);
  });

  test("goods need stock: a sale above KRA's stock is refused", async () => {
    const headers = await readyToSell();
    const big = await post('/etims-api/saveTrnsSalesOsdc', sale(1, {}, 11), headers);
    assert.match(big.body.resultMsg, /do not exist in your stock/);
  });

  test('credit note: needs orgInvcNo of a recorded sale, rfdDt and rfdRsnCd; counts its own receipt type', async () => {
    const headers = await readyToSell();
    await post('/etims-api/saveTrnsSalesOsdc', sale(1), headers);
    const credit = (extra: Partial<Parameters<typeof buildSalePayload>[0]>) =>
      sale(2, { rcptTyCd: 'R', orgInvcNo: 1, refund: { at: new Date(), reasonCode: '06' }, ...extra });
    assert.match(
      (await post('/etims-api/saveTrnsSalesOsdc', credit({ orgInvcNo: 9 }), headers)).body.resultMsg,
      /^orgInvcNo does not exist/,
    );
    const noRfd = { ...credit({}), rfdDt: null };
    assert.equal((await post('/etims-api/saveTrnsSalesOsdc', noRfd, headers)).body.resultMsg, 'Missing RfdDt Date');
    const noReason = { ...credit({}), rfdRsnCd: null };
    assert.equal((await post('/etims-api/saveTrnsSalesOsdc', noReason, headers)).body.resultMsg, 'Invalid RfdRsnCd');
    const ok = await post('/etims-api/saveTrnsSalesOsdc', credit({}), headers);
    assert.equal(ok.body.resultCd, '000', ok.body.resultMsg);
    assert.equal(ok.body.data.curRcptNo, 1); // first R receipt
    assert.equal(ok.body.data.totRcptNo, 2);
  });
});

describe('test switches and the integrator route', () => {
  test('outage: HTTP 503 for every call until normal again; a scenario for one PIN leaves others alone', async () => {
    const headers = await readyToSell();
    assert.equal((await admin('/scenarios', { tin: TIN, scenario: 'outage' })).status, 201);
    const down = await fetch(`${baseUrl}/etims-api/saveTrnsSalesOsdc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(sale(1)),
    });
    assert.equal(down.status, 503);
    const other = await post('/etims-api/selectInitOsdcInfo', { tin: 'A000000001Z', bhfId: '00', dvcSrlNo: 'x' });
    assert.equal(other.body.resultCd, '000');
    await admin('/scenarios', { tin: TIN, scenario: 'normal' });
    assert.equal((await post('/etims-api/saveTrnsSalesOsdc', sale(1), headers)).body.resultCd, '000');
  });

  test('flaky-999 for N calls; wrapped-error puts the failure inside HTTP 200 responseHeader', async () => {
    const headers = await readyToSell();
    await admin('/scenarios', { tin: TIN, scenario: 'flaky-999', count: 1 });
    assert.equal((await post('/etims-api/saveTrnsSalesOsdc', sale(1), headers)).body.resultCd, '999');
    await admin('/scenarios', { tin: TIN, scenario: 'wrapped-error', count: 1 });
    const wrapped = await post('/etims-api/saveTrnsSalesOsdc', sale(5), headers);
    assert.equal(wrapped.status, 200);
    const body = wrapped.body as unknown as {
      responseHeader: { responseCode: string; debugMessage: string };
      responseBody: null;
    };
    assert.equal(body.responseBody, null);
    assert.equal(body.responseHeader.responseCode, '910');
    assert.match(body.responseHeader.debugMessage, /expected: 1 but found: 5/);
    assert.equal((await post('/etims-api/saveTrnsSalesOsdc', sale(1), headers)).body.resultCd, '000');
  });

  test('timeout-after-commit: the sale is recorded but no answer comes; the resend is 994', async () => {
    const headers = await readyToSell();
    await admin('/scenarios', { tin: TIN, scenario: 'timeout-after-commit', count: 1 });
    await assert.rejects(post('/etims-api/saveTrnsSalesOsdc', sale(1), headers));
    const view = await admin(`/taxpayers/${TIN}`);
    assert.equal((view.body.sales as unknown[]).length, 1);
    assert.equal((await post('/etims-api/saveTrnsSalesOsdc', sale(1), headers)).body.resultCd, '994');
  });

  test('reject-sale refuses the next sale with the scripted message; bad scenario bodies are 400', async () => {
    const headers = await readyToSell();
    await admin('/scenarios', { tin: TIN, scenario: 'reject-sale', count: 1, message: 'Taxpayer PIN is inactive' });
    const refused = await post('/etims-api/saveTrnsSalesOsdc', sale(1), headers);
    assert.equal(refused.body.resultCd, '921');
    assert.equal(refused.body.resultMsg, 'Taxpayer PIN is inactive');
    assert.equal((await admin('/scenarios', { scenario: 'boom' })).status, 400);
    assert.equal((await admin('/scenarios', { tin: 'bad', scenario: 'outage' })).status, 400);
  });

  test('integrator route: 401 without a bearer token and apigee_app_id; with them it works, errors are HTTP 400', async () => {
    const anon = await fetch(`${baseUrl}/etims-oscu/api/v1/initialize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tin: TIN, bhfId: '00', dvcSrlNo: 'd' }),
    });
    assert.equal(anon.status, 401);
    assert.deepEqual(Object.keys((await anon.json()) as object).sort(), [
      'requestId',
      'responseCode',
      'responseMessage',
    ]);
    const token = (await (
      await fetch(`${baseUrl}/v1/token/generate?grant_type=client_credentials`, {
        headers: { authorization: `Basic ${Buffer.from('key:secret').toString('base64')}` },
      })
    ).json()) as { access_token: string };
    const auth = { authorization: `Bearer ${token.access_token}`, apigee_app_id: 'app-1' };
    const missingTin = await post(
      '/etims-oscu/api/v1/initialize',
      { bhfId: '00', dvcSrlNo: 'd' },
      { ...auth, tin: TIN },
    );
    assert.equal(missingTin.status, 400);
    assert.equal(missingTin.body.resultMsg, 'tin cannot be Null');
    const init = await post('/etims-oscu/api/v1/initialize', { tin: TIN, bhfId: '00', dvcSrlNo: 'd' }, auth);
    assert.equal(init.body.resultCd, '000');
  });
});
