/**
 * What the sandbox's selectCodeList / selectItemClsList answer on a full pull (lastReqDt before
 * 2024): the code classes Sokoni reads (reference section 4 and 7). Codes follow the spec list.
 */
const dtl = (cd: string, cdNm: string, srtOrd: number, userDfnCd1: string | null = null) => ({
  cd,
  cdNm,
  cdDesc: cdNm,
  useYn: 'Y',
  srtOrd,
  userDfnCd1,
  userDfnCd2: null,
  userDfnCd3: null,
});
const cls = (cdCls: string, cdClsNm: string, dtlList: ReturnType<typeof dtl>[]) => ({
  cdCls,
  cdClsNm,
  cdClsDesc: null,
  useYn: 'Y',
  userDfnNm1: null,
  userDfnNm2: null,
  userDfnNm3: null,
  dtlList,
});

export const CODE_LISTS = [
  cls('04', 'Taxation Type', [
    dtl('A', 'A-Exempt', 1, '0'),
    dtl('B', 'B-16.00%', 2, '16'),
    dtl('C', 'C-0%', 3, '0'),
    dtl('D', 'D-Non-VAT', 4, '0'),
    dtl('E', 'E-8%', 5, '8'),
  ]),
  cls('07', 'Payment Type', [
    dtl('01', 'CASH', 1),
    dtl('02', 'CREDIT', 2),
    dtl('03', 'CASH/CREDIT', 3),
    dtl('04', 'BANK CHECK', 4),
    dtl('05', 'DEBIT&CREDIT CARD', 5),
    dtl('06', 'MOBILE MONEY', 6),
    dtl('07', 'OTHER', 7),
  ]),
  cls('10', 'Quantity Unit', [dtl('NO', 'Number', 1), dtl('KG', 'Kilogram', 2), dtl('U', 'Pieces/item [Number]', 3)]),
  cls('12', 'Stock I/O Type', [
    dtl('01', 'Import', 1),
    dtl('02', 'Purchase', 2),
    dtl('06', 'Adjustment', 6),
    dtl('11', 'Sale', 11),
    dtl('16', 'Adjustment', 16),
  ]),
  cls('17', 'Packing Unit', [dtl('NT', 'NET', 1), dtl('BX', 'Box', 2), dtl('BG', 'Bag', 3)]),
  cls('32', 'Refund Reason', [
    dtl('01', 'Missing Quantity', 1),
    dtl('02', 'Missing Data', 2),
    dtl('03', 'Damaged', 3),
    dtl('04', 'Wasted', 4),
    dtl('05', 'Raw Material Shortage', 5),
    dtl('06', 'Refund', 6),
  ]),
];

export const ITEM_CLASSES = [
  { itemClsCd: '5020230100', itemClsNm: 'Beverages', itemClsLvl: 4, taxTyCd: 'B', mjrTgYn: 'N', useYn: 'Y' },
  { itemClsCd: '5310000000', itemClsNm: 'Clothing', itemClsLvl: 1, taxTyCd: 'B', mjrTgYn: 'N', useYn: 'Y' },
  { itemClsCd: '4321150000', itemClsNm: 'Computers', itemClsLvl: 2, taxTyCd: 'B', mjrTgYn: 'N', useYn: 'Y' },
  { itemClsCd: '5010000000', itemClsNm: 'Food', itemClsLvl: 1, taxTyCd: 'C', mjrTgYn: 'N', useYn: 'Y' },
  { itemClsCd: '9999999999', itemClsNm: 'Other goods', itemClsLvl: 1, taxTyCd: 'B', mjrTgYn: 'N', useYn: 'Y' },
];
