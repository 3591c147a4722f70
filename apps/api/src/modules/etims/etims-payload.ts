import type { EtimsTaxType } from '@sokoni/db';

/**
 * The sale / credit note body KRA accepts (reference sections 6.1-6.5): prices are
 * VAT-inclusive; per line splyAmt = qty x prc, taxblAmt = round(splyAmt / (1 + rate), 2),
 * taxAmt = splyAmt - taxblAmt, totAmt = splyAmt; the header sums the lines per band. Discounts
 * are taken off the unit price (dcRt/dcAmt stay 0), as the live sandbox wants.
 */

export const TAX_RATES: Record<EtimsTaxType, number> = { A: 0, B: 16, C: 0, D: 0, E: 0 };
const BANDS: EtimsTaxType[] = ['A', 'B', 'C', 'D', 'E'];
export const SYSTEM_USER = 'sokoni';

export const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

export interface PayloadLine {
  itemCd: string;
  itemClsCd: string;
  itemNm: string;
  qty: number;
  /** VAT-inclusive unit price after discount, KES (2 dp). */
  prc: number;
  taxTyCd: EtimsTaxType;
}

export interface PayloadHeader {
  invcNo: number;
  orgInvcNo: number;
  trdInvcNo: string;
  rcptTyCd: 'S' | 'R';
  pmtTyCd: string;
  custNm: string | null;
  custMblNo: string | null;
  tradeName: string;
  at: Date;
  /** Credit notes only. */
  refund?: { at: Date; reasonCode: string };
}

/** yyyyMMddHHmmss / yyyyMMdd in East Africa Time. */
export function eat(date: Date, length: 8 | 14 = 14): string {
  return new Date(date.getTime() + 3 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, length);
}

export function buildLine(line: PayloadLine, seq: number) {
  const splyAmt = round2(line.qty * line.prc);
  const rate = TAX_RATES[line.taxTyCd];
  const taxblAmt = round2(splyAmt / (1 + rate / 100));
  const taxAmt = round2(splyAmt - taxblAmt);
  return {
    itemSeq: seq,
    itemCd: line.itemCd,
    itemClsCd: line.itemClsCd,
    itemNm: line.itemNm.slice(0, 200),
    bcd: null,
    pkgUnitCd: line.itemCd.slice(3, 5),
    pkg: line.qty,
    qtyUnitCd: line.itemCd.slice(5, 7),
    qty: line.qty,
    prc: line.prc,
    splyAmt,
    dcRt: 0,
    dcAmt: 0,
    isrccCd: null,
    isrccNm: null,
    isrcRt: null,
    isrcAmt: null,
    taxTyCd: line.taxTyCd,
    taxblAmt,
    taxAmt,
    totAmt: splyAmt,
  };
}

export function buildSalePayload(header: PayloadHeader, lines: PayloadLine[]): Record<string, unknown> {
  const itemList = lines.map((line, i) => buildLine(line, i + 1));
  const taxable: Record<string, number> = {};
  const tax: Record<string, number> = {};
  for (const band of BANDS) {
    taxable[band] = round2(itemList.filter((l) => l.taxTyCd === band).reduce((s, l) => s + l.taxblAmt, 0));
    tax[band] = round2(itemList.filter((l) => l.taxTyCd === band).reduce((s, l) => s + l.taxAmt, 0));
  }
  const stamp = eat(header.at);
  const body: Record<string, unknown> = {
    invcNo: header.invcNo,
    orgInvcNo: header.orgInvcNo,
    trdInvcNo: header.trdInvcNo,
    custTin: null,
    custNm: header.custNm?.slice(0, 60) ?? null,
    salesTyCd: 'N',
    rcptTyCd: header.rcptTyCd,
    pmtTyCd: header.pmtTyCd,
    salesSttsCd: '02',
    cfmDt: stamp,
    salesDt: eat(header.at, 8),
    stockRlsDt: header.rcptTyCd === 'S' ? stamp : null,
    cnclReqDt: null,
    cnclDt: null,
    rfdDt: header.refund ? eat(header.refund.at) : null,
    rfdRsnCd: header.refund ? header.refund.reasonCode : null,
    totItemCnt: itemList.length,
  };
  for (const band of BANDS) body[`taxblAmt${band}`] = taxable[band];
  for (const band of BANDS) body[`taxRt${band}`] = TAX_RATES[band];
  for (const band of BANDS) body[`taxAmt${band}`] = tax[band];
  Object.assign(body, {
    totTaxblAmt: round2(BANDS.reduce((s, b) => s + taxable[b]!, 0)),
    totTaxAmt: round2(BANDS.reduce((s, b) => s + tax[b]!, 0)),
    totAmt: round2(itemList.reduce((s, l) => s + l.totAmt, 0)),
    prchrAcptcYn: 'N',
    remark: null,
    regrId: SYSTEM_USER,
    regrNm: SYSTEM_USER,
    modrId: SYSTEM_USER,
    modrNm: SYSTEM_USER,
    receipt: {
      custTin: null,
      custMblNo: header.custMblNo,
      rcptPbctDt: stamp,
      trdeNm: header.tradeName.slice(0, 60),
      adrs: null,
      topMsg: null,
      btmMsg: null,
      prchrAcptcYn: 'N',
    },
    itemList,
  });
  return body;
}

/**
 * Shares an integer discount over lines in proportion to their totals (largest remainder), so
 * the invoice adds up to what the shopper paid. Returns each line's net total.
 */
export function shareDiscount(lineTotals: number[], discount: number): number[] {
  const gross = lineTotals.reduce((s, v) => s + v, 0);
  if (discount <= 0 || gross <= 0) return [...lineTotals];
  const d = Math.min(discount, gross);
  const exact = lineTotals.map((v) => (v * d) / gross);
  const floors = exact.map(Math.floor);
  let left = d - floors.reduce((s, v) => s + v, 0);
  const order = exact.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i]!++;
    left--;
  }
  return lineTotals.map((v, i) => v - floors[i]!);
}

/** KRA's receipt check link: Data = tin(11) + bhfId(2) + rcptSign(16), no separators (reference section 9). */
export function verificationUrl(base: string, tin: string, bhfId: string, rcptSign: string): string {
  return `${base}?Data=${tin}${bhfId}${rcptSign}`;
}

/** "ABCD-EFGH-..." as receipts print intrlData and rcptSign. */
export function dashed(value: string): string {
  return value.match(/.{1,4}/g)?.join('-') ?? value;
}
