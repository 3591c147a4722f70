// The rules apps/api and apps/web both use, from their one home in @sokoni/contracts: KES
// formatting, Kenyan phone numbers, order-status sets, the permission matrix, product limits and
// Nairobi calendar days. Pure functions: no servers needed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addDays,
  can,
  CANCELLABLE_ORDER_STATUSES,
  dayRange,
  daysBetween,
  dayStart,
  DISPATCHABLE_ORDER_STATUSES,
  formatKes,
  formatNairobiDate,
  formatNairobiDateTime,
  formatNairobiDayMonth,
  formatNairobiTime,
  formatNumber,
  isMsisdn,
  isNairobiToday,
  localPhone,
  maskPhone,
  msisdnSchema,
  nairobiDay,
  normaliseKenyanPhone,
  OPEN_ORDER_STATUSES,
  orderStatuses,
  ownerProductCreateSchema,
  PAID_ORDER_STATUSES,
  PAYMENT_RECEIVED_ORDER_STATUSES,
  permissionsOf,
  PRODUCT_LIMITS,
  REFUNDABLE_ORDER_STATUSES,
  ROLES,
  SKU_RE,
} from '@sokoni/contracts';

describe('KES formatting', () => {
  test('whole shillings with Kenyan grouping', () => {
    assert.equal(formatKes(1234), 'KES 1,234');
    assert.equal(formatKes(0), 'KES 0');
    assert.equal(formatKes(10_000_000), 'KES 10,000,000');
    assert.equal(formatNumber(16999), '16,999');
  });
});

describe('Kenyan phone numbers', () => {
  test('the MSISDN pattern: 2547XXXXXXXX and 2541XXXXXXXX only', () => {
    for (const ok of ['254712345678', '254112345678']) assert.equal(isMsisdn(ok), true, ok);
    for (const bad of ['0712345678', '+254712345678', '254812345678', '25471234567', '2547123456789'])
      assert.equal(isMsisdn(bad), false, bad);
    assert.equal(msisdnSchema.safeParse('254712345678').success, true);
    const refused = msisdnSchema.safeParse('0712345678');
    assert.equal(refused.success, false);
    assert.equal(refused.error?.issues[0]?.message, 'phone as 2547XXXXXXXX or 2541XXXXXXXX');
  });

  test('typed numbers normalise to the MSISDN, anything else is null', () => {
    for (const typed of ['0712 345 678', '712345678', '+254 712-345-678', '254712345678', '(0712) 345.678']) {
      assert.equal(normaliseKenyanPhone(typed), '254712345678', typed);
    }
    assert.equal(normaliseKenyanPhone('0112345678'), '254112345678');
    for (const bad of ['0812345678', '12345', '', '+1 202 555 0100'])
      assert.equal(normaliseKenyanPhone(bad), null, bad);
  });

  test('local display and the masked form payments show', () => {
    assert.equal(localPhone('254712345000'), '0712 345 000');
    assert.equal(localPhone('+254 712 345 000'), '0712 345 000');
    assert.equal(localPhone('not a phone'), 'not a phone');
    assert.equal(maskPhone('254712345000'), '0712 *** 000');
    assert.equal(maskPhone('2547******000'), '2547******000', 'C2B numbers arrive masked and are shown as given');
  });
});

describe('order-status sets', () => {
  test('paid, refundable, dispatchable, open, cancellable', () => {
    const members = (set: ReadonlySet<string>) => orderStatuses.filter((s) => set.has(s));
    assert.deepEqual(members(PAID_ORDER_STATUSES), ['paid', 'packed', 'dispatched', 'delivered']);
    assert.deepEqual(members(PAYMENT_RECEIVED_ORDER_STATUSES), [
      'paid',
      'packed',
      'dispatched',
      'delivered',
      'refunded',
    ]);
    assert.deepEqual(members(REFUNDABLE_ORDER_STATUSES), ['paid', 'packed', 'dispatched', 'delivered']);
    assert.deepEqual(members(DISPATCHABLE_ORDER_STATUSES), ['paid', 'packed']);
    assert.deepEqual(members(CANCELLABLE_ORDER_STATUSES), ['pending_payment', 'paid', 'packed']);
    assert.deepEqual([...OPEN_ORDER_STATUSES], ['paid', 'packed', 'dispatched']);
  });
});

describe('permission matrix', () => {
  test('owner has everything; admin all but M-Pesa settings and staff; staff fulfils and counts stock', () => {
    assert.deepEqual([...ROLES], ['owner', 'admin', 'staff']);
    assert.equal(permissionsOf('owner').length, 12);
    assert.deepEqual(
      permissionsOf('owner').filter((p) => !can('admin', p)),
      ['settings.mpesa', 'staff.manage'],
    );
    assert.deepEqual(permissionsOf('staff'), [
      'account.self',
      'catalog.read',
      'inventory.write',
      'orders.read',
      'orders.fulfil',
    ]);
    assert.equal(can('staff', 'orders.refund'), false);
    assert.equal(can('admin', 'orders.refund'), true);
  });
});

describe('product limits', () => {
  const variant = (sku: string, colour?: string) => ({ sku, options: colour ? { Colour: colour } : {}, priceKes: 100 });

  test('the create schema refuses one past each limit and takes the limit itself', () => {
    const base = { title: 'x'.repeat(PRODUCT_LIMITS.titleMax), variants: [variant('A-1')] };
    assert.equal(ownerProductCreateSchema.safeParse(base).success, true);
    assert.equal(
      ownerProductCreateSchema.safeParse({ ...base, title: 'x'.repeat(PRODUCT_LIMITS.titleMax + 1) }).success,
      false,
    );
    const many = (n: number) => Array.from({ length: n }, (_, i) => variant(`V-${i}`, `c${i}`));
    assert.equal(
      ownerProductCreateSchema.safeParse({
        title: 'T',
        optionNames: ['Colour'],
        variants: many(PRODUCT_LIMITS.variantsMax),
      }).success,
      true,
    );
    assert.equal(
      ownerProductCreateSchema.safeParse({
        title: 'T',
        optionNames: ['Colour'],
        variants: many(PRODUCT_LIMITS.variantsMax + 1),
      }).success,
      false,
    );
    const names = ['A', 'B', 'C', 'D'];
    assert.equal(
      ownerProductCreateSchema.safeParse({
        title: 'T',
        optionNames: names,
        variants: [{ sku: 'S', options: { A: '1', B: '1', C: '1', D: '1' }, priceKes: 1 }],
      }).success,
      false,
    );
    assert.equal(
      ownerProductCreateSchema.safeParse({
        ...base,
        variants: [{ ...variant('A-1'), priceKes: PRODUCT_LIMITS.priceMaxKes + 1 }],
      }).success,
      false,
    );
  });

  test('SKU_RE matches what the schema takes', () => {
    assert.equal(SKU_RE.test('A'.repeat(PRODUCT_LIMITS.skuMax)), true);
    assert.equal(SKU_RE.test('A'.repeat(PRODUCT_LIMITS.skuMax + 1)), false);
    assert.equal(SKU_RE.test('HAS SPACE'), false);
  });
});

describe('Nairobi calendar days (UTC+3, no daylight saving)', () => {
  test('the day turns at 21:00 UTC', () => {
    assert.equal(nairobiDay(new Date('2025-03-11T20:59:59Z')), '2025-03-11');
    assert.equal(nairobiDay(new Date('2025-03-11T21:00:00Z')), '2025-03-12');
    assert.equal(nairobiDay('2025-03-11T21:00:00Z'), '2025-03-12');
    assert.equal(dayStart('2025-03-12').toISOString(), '2025-03-11T21:00:00.000Z');
    assert.equal(isNairobiToday('2025-03-11T22:00:00Z', new Date('2025-03-12T20:00:00Z')), true);
    assert.equal(isNairobiToday('2025-03-11T20:00:00Z', new Date('2025-03-12T20:00:00Z')), false);
  });

  test('day arithmetic crosses months and leap days', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
    assert.equal(daysBetween('2024-12-30', '2025-01-02'), 3);
    assert.deepEqual(dayRange('2025-01-30', '2025-02-02'), ['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
  });

  test('formatting in Africa/Nairobi whatever the server zone', () => {
    const at = '2025-03-12T11:05:00Z';
    assert.equal(formatNairobiTime(at), '14:05');
    assert.equal(formatNairobiDayMonth(at), '12 Mar');
    assert.equal(formatNairobiDate(at), '12 Mar 2025');
    assert.equal(formatNairobiDateTime(at), '12 Mar, 14:05');
  });
});
