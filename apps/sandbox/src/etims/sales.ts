import type { Item, Taxpayer } from './ledger';

/**
 * The checks KRA's gateway makes on a sale or credit note (`saveTrnsSalesOsdc` /
 * `sendSalesTransaction`), with the live wording (reference section 6.4, 6.5, 10). Returns the
 * first problem as `{ resultCd, message }`, or null when the document is acceptable.
 */

export const TAX_RATES: Record<string, number> = { A: 0, B: 16, C: 0, D: 0, E: 0 };
const BANDS = ['A', 'B', 'C', 'D', 'E'] as const;
export const REFUND_REASONS = ['01', '02', '03', '04', '05', '06'];

export interface Problem {
  resultCd: string;
  message: string;
}

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
const fmt = (n: number) => round2(n).toFixed(2);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const same = (a: number, b: number) => Math.abs(round2(a) - round2(b)) < 0.005;

type Line = Record<string, unknown>;

function checkLine(payer: Taxpayer, line: Line, index: number, isSale: boolean): Problem | null {
  const seq = index + 1;
  const bad = (message: string): Problem => ({ resultCd: '910', message });
  if (num(line.itemSeq) !== seq) return bad(`Invalid itemSeq for ItemList ${seq}. Expected: ${seq}`);
  if (typeof line.itemNm !== 'string' || line.itemNm.trim() === '')
    return bad(`Expected a value for itemNm on item: ${seq} but is empty or null`);
  const qty = num(line.qty);
  const pkg = num(line.pkg);
  if (qty === null || qty <= 0) return bad(`Invalid qty for ItemList ${seq}`);
  if (pkg === null || pkg <= 0) return bad(`Invalid pkg for ItemList ${seq}. Expected: ${qty}, Found: ${pkg ?? 0}`);
  const item: Item | undefined = typeof line.itemCd === 'string' ? payer.items.get(line.itemCd) : undefined;
  if (!item || item.useYn !== 'Y')
    return bad(`Item ${String(line.itemCd)} on item: ${seq} is not registered for this PIN (saveItem first)`);
  const taxTyCd = typeof line.taxTyCd === 'string' ? line.taxTyCd : '';
  if (!(taxTyCd in TAX_RATES)) return bad(`Invalid taxTyCd on item: ${seq}`);
  if (taxTyCd !== item.taxTyCd)
    return bad(`Error occurred while validating item tax type: expected ${item.taxTyCd} for ${item.itemCd}`);
  const prc = num(line.prc);
  const splyAmt = num(line.splyAmt);
  if (prc === null || prc < 0) return bad(`Invalid prc on item: ${seq}`);
  if (splyAmt === null || !same(splyAmt, qty * prc))
    return bad(`Invalid splyAmnt on item: ${seq}. Expected: ${fmt(qty * prc)}, But Found: ${fmt(splyAmt ?? 0)}`);
  const rate = TAX_RATES[taxTyCd]!;
  const taxable = round2(splyAmt / (1 + rate / 100));
  const taxblAmt = num(line.taxblAmt) ?? NaN;
  if (!same(taxblAmt, taxable))
    return bad(
      `Invalid taxblAmt on item: ${seq}. Expected: ${fmt(taxable)}, But Found: ${fmt(Number.isNaN(taxblAmt) ? 0 : taxblAmt)}`,
    );
  const tax = round2(splyAmt - taxable);
  const taxAmt = num(line.taxAmt) ?? NaN;
  if (!same(taxAmt, tax))
    return bad(
      `Invalid taxAmt on item: ${seq}. Expected: ${fmt(tax)}, But Found: ${fmt(Number.isNaN(taxAmt) ? 0 : taxAmt)}`,
    );
  const totAmt = num(line.totAmt) ?? NaN;
  if (!same(totAmt, splyAmt))
    return bad(
      `Invalid totAmt on item: ${seq}. Expected: ${fmt(splyAmt)}, But Found: ${fmt(Number.isNaN(totAmt) ? 0 : totAmt)}`,
    );
  if (isSale && item.itemTyCd !== '3' && (payer.stock.get(item.itemCd) ?? 0) < qty)
    return bad(
      'Items provided under the itemList section do not exist in your stock. Please report stock in (insertStockIO) before selling',
    );
  return null;
}

/** Null when `body` is a sale or credit note KRA would accept for `payer` now. */
export function checkSale(payer: Taxpayer, body: Record<string, unknown>, integrator: boolean): Problem | null {
  const bad = (message: string): Problem => ({ resultCd: '910', message });
  for (const field of ['regrId', 'regrNm', 'modrId', 'modrNm'])
    if (typeof body[field] !== 'string' || body[field].trim() === '')
      return bad(`Request parameter error[${field} : may not be empty]`);
  const invcNo = num(body.invcNo);
  if (invcNo === null || !Number.isInteger(invcNo) || invcNo < 1)
    return bad('Request parameter error[invcNo : must be a positive integer]');
  if (invcNo !== payer.nextInvcNo) {
    if (payer.sales.has(invcNo) && !integrator) return { resultCd: '994', message: 'There is an overlapped Data' };
    return bad(`Invalid invcNo sequence, expected: ${payer.nextInvcNo} but found: ${invcNo}`);
  }
  const rcptTyCd = body.rcptTyCd;
  if (rcptTyCd !== 'S' && rcptTyCd !== 'R') return bad('Invalid rcptTyCd: expected S (sale) or R (credit note)');
  if (body.salesTyCd !== 'N') return bad('Invalid salesTyCd: only N (normal) is accepted on this device');
  if (typeof body.salesSttsCd !== 'string') return bad('Request parameter error[salesSttsCd : may not be empty]');
  if (typeof body.trdInvcNo !== 'string' || body.trdInvcNo === '')
    return bad('Request parameter error[trdInvcNo : may not be empty]');
  if (typeof body.cfmDt !== 'string' || !/^\d{14}$/.test(body.cfmDt)) return bad('Invalid cfmDt: yyyyMMddHHmmss');
  if (typeof body.salesDt !== 'string' || !/^\d{8}$/.test(body.salesDt)) return bad('Invalid salesDt: yyyyMMdd');
  const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  if (body.salesDt > today) return bad('Invalid salesDt: a sale cannot be dated in the future');
  const orgInvcNo = num(body.orgInvcNo);
  if (orgInvcNo === null) return bad('Request parameter error[orgInvcNo : may not be null]');
  if (rcptTyCd === 'R') {
    const original = payer.sales.get(orgInvcNo);
    if (!original || original.rcptTyCd !== 'S')
      return bad(`orgInvcNo does not exist: no sale ${orgInvcNo} was recorded for this PIN`);
    if (typeof body.rfdDt !== 'string' || !/^\d{14}$/.test(body.rfdDt)) return bad('Missing RfdDt Date');
    if (typeof body.rfdRsnCd !== 'string' || !REFUND_REASONS.includes(body.rfdRsnCd)) return bad('Invalid RfdRsnCd');
  } else if (orgInvcNo !== 0) return bad('orgInvcNo must be 0 on a sale');
  if (typeof body.receipt !== 'object' || body.receipt === null)
    return bad('Request parameter error[receipt : may not be null]');
  const receipt = body.receipt as Record<string, unknown>;
  if (typeof receipt.rcptPbctDt !== 'string' || !/^\d{14}$/.test(receipt.rcptPbctDt))
    return bad('Request parameter error[receipt.rcptPbctDt : yyyyMMddHHmmss]');
  const lines = body.itemList;
  if (!Array.isArray(lines) || lines.length === 0) return bad('Request parameter error[itemList : may not be empty]');
  if (num(body.totItemCnt) !== lines.length)
    return bad(`Invalid totItemCnt. Expected: ${lines.length}, Found: ${String(body.totItemCnt)}`);
  for (const band of BANDS) {
    const rate = num(body[`taxRt${band}`]);
    if (rate === null || !same(rate, TAX_RATES[band]!))
      return bad(
        `Rule taxRt${band} failed: Tax rate mismatch. Expected: ${fmt(TAX_RATES[band]!)}, Found: ${String(body[`taxRt${band}`])}`,
      );
  }
  const taxable: Record<string, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
  const tax: Record<string, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
  let total = 0;
  for (const [index, raw] of lines.entries()) {
    if (typeof raw !== 'object' || raw === null) return bad(`Invalid item: ${index + 1}`);
    const problem = checkLine(payer, raw as Line, index, rcptTyCd === 'S');
    if (problem) return problem;
    const line = raw as Line;
    const band = String(line.taxTyCd);
    taxable[band]! += line.taxblAmt as number;
    tax[band]! += line.taxAmt as number;
    total += line.totAmt as number;
  }
  for (const band of BANDS) {
    const sentTaxable = num(body[`taxblAmt${band}`]) ?? NaN;
    if (!same(sentTaxable, taxable[band]!))
      return bad(
        `Invalid taxblAmt${band}. Expected: ${fmt(taxable[band]!)}, But Found: ${String(body[`taxblAmt${band}`])}`,
      );
    const sentTax = num(body[`taxAmt${band}`]) ?? NaN;
    if (!same(sentTax, tax[band]!))
      return bad(`Invalid taxAmt${band}. Expected: ${fmt(tax[band]!)}, But Found: ${String(body[`taxAmt${band}`])}`);
  }
  const sumTaxable = BANDS.reduce((s, b) => s + taxable[b]!, 0);
  const sumTax = BANDS.reduce((s, b) => s + tax[b]!, 0);
  if (!same(num(body.totTaxblAmt) ?? NaN, sumTaxable))
    return bad(`Invalid totTaxblAmt. Expected: ${fmt(sumTaxable)}, But Found: ${String(body.totTaxblAmt)}`);
  if (!same(num(body.totTaxAmt) ?? NaN, sumTax))
    return bad(`Invalid totTaxAmt. Expected: ${fmt(sumTax)}, But Found: ${String(body.totTaxAmt)}`);
  if (!same(num(body.totAmt) ?? NaN, total))
    return bad(`Invalid totAmt. Expected: ${fmt(total)}, But Found: ${String(body.totAmt)}`);
  return null;
}
