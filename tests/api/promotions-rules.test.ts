// The promotion precedence rule (packages/contracts/src/promotions.ts, docs/promotions.md), as a
// pure function: which promotion a line gets, how a coupon and free delivery combine with them,
// and that no discount is ever above what it discounts (property check over random carts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyDiscounts,
  bestLinePromotion,
  inCategory,
  lineDiscount,
  promotedUnitPrice,
  type DiscountInput,
  type LinePromotion,
} from '@sokoni/contracts';

const tenOff: LinePromotion = { id: 'a', label: '10% off Sofas', kind: 'percent', percent: 10 };
const twentyOff: LinePromotion = { id: 'b', label: '20% off Sale shelf', kind: 'percent', percent: 20 };
const b2g1: LinePromotion = { id: 'c', label: 'Buy 2 get 1 free', kind: 'buy_x_get_y', buyQty: 2, getQty: 1 };

function cart(overrides: Partial<DiscountInput> = {}): DiscountInput {
  return {
    lines: [{ sku: 'S1', unitPriceKes: 1000, quantity: 3, promotions: [], couponEligible: true }],
    subtotalKes: 3000,
    deliveryFeeKes: 250,
    freeDeliveryOver: [],
    coupon: null,
    ...overrides,
  };
}

describe('line promotions (rule 1)', () => {
  test('a percent takes percentOf(unit) off every unit; buy 2 get 1 gives one unit in three', () => {
    assert.equal(lineDiscount(999, 1, tenOff), 100);
    assert.equal(lineDiscount(999, 3, tenOff), 300, 'per unit, so badge x quantity = checkout');
    assert.equal(lineDiscount(1000, 2, b2g1), 0);
    assert.equal(lineDiscount(1000, 3, b2g1), 1000);
    assert.equal(lineDiscount(1000, 7, b2g1), 2000);
  });

  test('promotions never stack on a line: the best one for its quantity wins', () => {
    assert.equal(bestLinePromotion(1000, 1, [tenOff, b2g1])?.promotion.id, 'a', 'one unit: 10 % beats nothing');
    assert.equal(bestLinePromotion(1000, 3, [tenOff, b2g1])?.promotion.id, 'c', 'three units: a free one beats 10 %');
    assert.equal(bestLinePromotion(1000, 1, [tenOff, twentyOff])?.amountKes, 200);
    assert.equal(promotedUnitPrice(1000, [tenOff, twentyOff, b2g1]), 800);
    const r = applyDiscounts(cart({ lines: [{ ...cart().lines[0]!, promotions: [tenOff, b2g1] }] }));
    assert.deepEqual(r.lines, [{ kind: 'promotion', label: 'Buy 2 get 1 free', amountKes: 1000 }]);
  });
});

describe('delivery and coupons (rules 2 and 3)', () => {
  test('free delivery over N takes the fee off from a subtotal of N (before discounts)', () => {
    const over = [{ label: 'Free delivery over KES 3,000', minSubtotalKes: 3000 }];
    assert.equal(applyDiscounts(cart({ freeDeliveryOver: over })).discountKes, 250);
    assert.equal(applyDiscounts(cart({ freeDeliveryOver: [{ ...over[0]!, minSubtotalKes: 3001 }] })).discountKes, 0);
  });

  test('one coupon on what the line promotions left; restricted coupons only on their lines', () => {
    const lines = [
      { sku: 'S1', unitPriceKes: 1000, quantity: 1, promotions: [tenOff], couponEligible: true },
      { sku: 'S2', unitPriceKes: 500, quantity: 2, promotions: [], couponEligible: false },
    ];
    const r = applyDiscounts(cart({ lines, subtotalKes: 2000, coupon: { code: 'X10', kind: 'percent', value: 10 } }));
    // 10 % off the sofa (100), then 10 % of what is left of the eligible line (900) = 90.
    assert.deepEqual(
      r.lines.map((l) => [l.kind, l.amountKes]),
      [
        ['promotion', 100],
        ['coupon', 90],
      ],
    );
    const none = applyDiscounts(
      cart({ lines: [{ ...lines[1]! }], subtotalKes: 1000, coupon: { code: 'X10', kind: 'percent', value: 10 } }),
    );
    assert.equal(none.couponApplied, false);
    assert.match(none.couponProblem ?? '', /does not apply to anything/);
  });

  test('a free-delivery coupon adds nothing when delivery is already free (and says so)', () => {
    const r = applyDiscounts(
      cart({
        freeDeliveryOver: [{ label: 'Free delivery', minSubtotalKes: 0 }],
        coupon: { code: 'SHIP', kind: 'free_delivery', value: 0 },
      }),
    );
    assert.equal(r.discountKes, 250);
    assert.equal(r.couponApplied, false);
    assert.match(r.couponProblem ?? '', /already free/);
  });
});

describe('never more than what is discounted (rule 4)', () => {
  test('a fixed coupon larger than the goods stops at the goods', () => {
    const r = applyDiscounts(cart({ coupon: { code: 'BIG', kind: 'fixed', value: 1_000_000 } }));
    assert.equal(r.discountKes, 3000);
  });

  test('random carts: every total >= 0, each line discount <= its line, order discount <= subtotal + delivery', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pool: LinePromotion[] = [
      tenOff,
      twentyOff,
      b2g1,
      { id: 'd', label: '90%', kind: 'percent', percent: 90 },
      { id: 'e', label: 'b1g5', kind: 'buy_x_get_y', buyQty: 1, getQty: 5 },
    ];
    for (let i = 0; i < 2000; i++) {
      const lines = Array.from({ length: 1 + rand(4) }, (_, j) => ({
        sku: `S${j}`,
        unitPriceKes: rand(20000),
        quantity: 1 + rand(9),
        promotions: pool.filter(() => rand(3) === 0),
        couponEligible: rand(2) === 0,
      }));
      const subtotalKes = lines.reduce((s, l) => s + l.unitPriceKes * l.quantity, 0);
      const deliveryFeeKes = rand(600);
      const kinds = ['percent', 'fixed', 'free_delivery'] as const;
      const kind = kinds[rand(3)]!;
      const input: DiscountInput = {
        lines,
        subtotalKes,
        deliveryFeeKes,
        freeDeliveryOver: rand(2) ? [{ label: 'free', minSubtotalKes: rand(40000) }] : [],
        coupon: rand(2)
          ? { code: 'C', kind, value: kind === 'percent' ? 1 + rand(100) : kind === 'fixed' ? 1 + rand(50000) : 0 }
          : null,
      };
      const r = applyDiscounts(input);
      const total = subtotalKes + deliveryFeeKes - r.discountKes;
      assert.ok(total >= 0, `negative total for ${JSON.stringify(input)}`);
      assert.ok(r.discountKes <= subtotalKes + deliveryFeeKes);
      for (const l of r.lines) assert.ok(l.amountKes >= 0 && Number.isInteger(l.amountKes));
      const goods = r.lines
        .filter((l) => l.kind === 'promotion' && l.label !== 'free')
        .reduce((s, l) => s + l.amountKes, 0);
      assert.ok(goods <= subtotalKes, 'line promotions never exceed the goods');
      for (const l of lines) {
        const best = bestLinePromotion(l.unitPriceKes, l.quantity, l.promotions);
        assert.ok((best?.amountKes ?? 0) <= l.unitPriceKes * l.quantity);
      }
    }
  });
});

describe('categories nest one level (rule 5)', () => {
  test('a category covers its own products and its subcategories, never its parent or a sibling', () => {
    assert.equal(inCategory('phones', { categoryId: 'phones', parentCategoryId: null }), true);
    assert.equal(inCategory('phones', { categoryId: 'android', parentCategoryId: 'phones' }), true);
    assert.equal(inCategory('android', { categoryId: 'phones', parentCategoryId: null }), false, 'never upwards');
    assert.equal(inCategory('android', { categoryId: 'iphone', parentCategoryId: 'phones' }), false, 'not a sibling');
    assert.equal(inCategory('phones', { categoryId: null, parentCategoryId: null }), false, 'uncategorised');
  });
});
