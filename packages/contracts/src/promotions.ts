import { z } from 'zod';
import { percentOf } from './money';
import { kesSchema, productSlugSchema } from './storefront';
import { displayName } from './text';

// ---------------------------------------------------------------------------------------------
// THE PRECEDENCE RULE (the one place it is written in code; docs/promotions.md says the same).
//
// 1. Automatic line promotions ("x % off a category", "x % off a collection", "buy X get Y free"
//    on a product) never stack with each other: each cart line gets at most ONE, the one that
//    takes the most off that line at its quantity (ties: the earliest listed). A percent takes
//    percentOf(unit price) off EVERY unit (so the badge's unit price x quantity is exactly what
//    checkout charges); buy X get Y takes floor(qty / (X+Y)) x Y units off.
// 2. Automatic "free delivery over KES N": when the cart subtotal (before any discount) is at
//    least N, the delivery fee is taken off. Several such promotions are one free delivery.
// 3. At most ONE coupon per order, on top of 1 and 2: a percent or fixed coupon discounts what is
//    left of the lines it applies to (all lines, or the lines of its categories/products) after
//    step 1; a free-delivery coupon takes off the delivery fee that step 2 left (refused when
//    delivery is already free). Minimum subtotals are compared with the subtotal before discounts.
// 4. No discount is ever above what it discounts: a line's discount <= its line total, a coupon
//    <= what is left of its lines, a delivery discount <= the fee, and the order's discount <=
//    subtotal + delivery. A total is therefore never negative (the orders table checks it too).
// 5. A category covers its subcategories: categories nest one level (Phones > Android), so
//    "x % off Phones" and a coupon limited to Phones also cover a product filed under Android
//    (a shopper browsing Phones sees it there). Never upwards: off Android is not off Phones.
//    `inCategory` below; the coverage query (apps/api promotions.repository.ts) says the same in SQL.
// Sale prices (price rules) are not promotions: they change the unit price the rules start from.
// ---------------------------------------------------------------------------------------------

/** Where a product is filed: its category and that category's parent (null at the top level). */
export interface ProductPlacement {
  categoryId: string | null;
  parentCategoryId: string | null;
}

/** Rule 5: whether a category promotion or a category-limited coupon on `categoryId` covers the product. */
export function inCategory(categoryId: string, product: ProductPlacement): boolean {
  return product.categoryId === categoryId || product.parentCategoryId === categoryId;
}

export interface LinePromotion {
  id: string;
  label: string;
  kind: 'percent' | 'buy_x_get_y';
  percent?: number | null;
  buyQty?: number | null;
  getQty?: number | null;
}

/** What one automatic line promotion takes off `quantity` units at `unitKes` (rule 1 and 4). */
export function lineDiscount(unitKes: number, quantity: number, promotion: LinePromotion): number {
  const lineTotal = unitKes * quantity;
  let amount = 0;
  if (promotion.kind === 'percent') amount = percentOf(unitKes, promotion.percent ?? 0) * quantity;
  else {
    const buy = promotion.buyQty ?? 0;
    const get = promotion.getQty ?? 0;
    if (buy > 0 && get > 0) amount = Math.floor(quantity / (buy + get)) * get * unitKes;
  }
  return Math.max(0, Math.min(amount, lineTotal));
}

/** The one promotion a line gets (rule 1): the largest discount; ties keep the earliest listed. */
export function bestLinePromotion(
  unitKes: number,
  quantity: number,
  promotions: readonly LinePromotion[],
): { promotion: LinePromotion; amountKes: number } | null {
  let best: { promotion: LinePromotion; amountKes: number } | null = null;
  for (const promotion of promotions) {
    const amountKes = lineDiscount(unitKes, quantity, promotion);
    if (amountKes > 0 && (!best || amountKes > best.amountKes)) best = { promotion, amountKes };
  }
  return best;
}

/** The price of ONE unit after rule 1: what a sale badge shows, and what checkout charges for it. */
export function promotedUnitPrice(unitKes: number, promotions: readonly LinePromotion[]): number {
  return unitKes - (bestLinePromotion(unitKes, 1, promotions)?.amountKes ?? 0);
}

/** An order's discount line (automatic free delivery is a 'promotion' line too). */
export interface DiscountLineResult {
  kind: 'promotion' | 'coupon';
  label: string;
  amountKes: number;
  code?: string;
}

export interface DiscountInput {
  lines: {
    sku: string;
    unitPriceKes: number;
    quantity: number;
    /** Automatic line promotions covering this line (any order). */
    promotions: readonly LinePromotion[];
    /** Whether the typed coupon may discount this line (its categories/products, or all). */
    couponEligible: boolean;
  }[];
  subtotalKes: number;
  deliveryFeeKes: number;
  freeDeliveryOver: readonly { label: string; minSubtotalKes: number }[];
  /** A coupon already found valid for this store, time, phone and minimum subtotal. */
  coupon: { code: string; kind: 'percent' | 'fixed' | 'free_delivery'; value: number } | null;
}

export interface DiscountResult {
  lines: DiscountLineResult[];
  discountKes: number;
  couponApplied: boolean;
  /** Why the coupon adds nothing (null when it applied or none was given). */
  couponProblem: string | null;
}

/** Rules 1-4 over a cart. Pure: the checkout and the tests call exactly this. */
export function applyDiscounts(input: DiscountInput): DiscountResult {
  const out: DiscountLineResult[] = [];
  const byPromotion = new Map<string, DiscountLineResult>();
  let couponBase = 0;
  let anyEligible = false;
  for (const line of input.lines) {
    const lineTotal = line.unitPriceKes * line.quantity;
    const best = bestLinePromotion(line.unitPriceKes, line.quantity, line.promotions);
    const taken = best?.amountKes ?? 0;
    if (best) {
      const entry = byPromotion.get(best.promotion.id) ?? {
        kind: 'promotion',
        label: best.promotion.label,
        amountKes: 0,
      };
      entry.amountKes += taken;
      byPromotion.set(best.promotion.id, entry);
    }
    if (line.couponEligible) {
      anyEligible = true;
      couponBase += lineTotal - taken;
    }
  }
  out.push(...byPromotion.values());

  let deliveryLeft = input.deliveryFeeKes;
  const freeDelivery = input.freeDeliveryOver
    .filter((f) => input.subtotalKes >= f.minSubtotalKes)
    .sort((a, b) => a.minSubtotalKes - b.minSubtotalKes)[0];
  if (freeDelivery && deliveryLeft > 0) {
    out.push({ kind: 'promotion', label: freeDelivery.label, amountKes: deliveryLeft });
    deliveryLeft = 0;
  }

  let couponApplied = false;
  let couponProblem: string | null = null;
  const coupon = input.coupon;
  if (coupon) {
    if (coupon.kind === 'free_delivery') {
      if (freeDelivery) couponProblem = `Delivery is already free on this order: coupon ${coupon.code} adds nothing`;
      else {
        couponApplied = true;
        out.push({
          kind: 'coupon',
          code: coupon.code,
          label: `${coupon.code}: free delivery`,
          amountKes: deliveryLeft,
        });
      }
    } else if (!anyEligible) {
      couponProblem = `Coupon ${coupon.code} does not apply to anything in your cart`;
    } else {
      couponApplied = true;
      const amount = coupon.kind === 'percent' ? percentOf(couponBase, Math.min(coupon.value, 100)) : coupon.value;
      out.push({
        kind: 'coupon',
        code: coupon.code,
        label: `Coupon ${coupon.code}`,
        amountKes: Math.min(amount, couponBase),
      });
    }
  }
  const sum = out.reduce((s, l) => s + l.amountKes, 0);
  const discountKes = Math.min(sum, input.subtotalKes + input.deliveryFeeKes);
  return {
    lines: out.filter((l) => l.amountKes > 0 || l.kind === 'coupon'),
    discountKes,
    couponApplied,
    couponProblem,
  };
}

// ---------------------------------------------------------------------------------------------
// Storefront: the automatic promotions running now, each with the products it covers (resolved
// by the API with the same query the checkout uses), for badges and the promotion strip.
// ---------------------------------------------------------------------------------------------

export const storefrontPromotionSchema = z.object({
  id: z.string(),
  kind: z.enum(['category_percent', 'collection_percent', 'buy_x_get_y', 'free_delivery_over']),
  label: z.string(),
  percent: z.number().int().nullable(),
  buyQty: z.number().int().nullable(),
  getQty: z.number().int().nullable(),
  minSubtotalKes: kesSchema.nullable(),
  endsAt: z.string().nullable(),
  /** Products the promotion covers (line promotions); empty for free delivery. */
  productSlugs: z.array(z.string()),
});
export type StorefrontPromotion = z.infer<typeof storefrontPromotionSchema>;
export const storefrontPromotionsSchema = z.object({ items: z.array(storefrontPromotionSchema) });
export type StorefrontPromotions = z.infer<typeof storefrontPromotionsSchema>;

/** A storefront promotion as a line promotion (null for free delivery). */
export function asLinePromotion(p: StorefrontPromotion): LinePromotion | null {
  if (p.kind === 'free_delivery_over') return null;
  return p.kind === 'buy_x_get_y'
    ? { id: p.id, label: p.label, kind: 'buy_x_get_y', buyQty: p.buyQty, getQty: p.getQty }
    : { id: p.id, label: p.label, kind: 'percent', percent: p.percent };
}

/** The line promotions covering one product (by slug), in the storefront's list order. */
export function linePromotionsFor(productSlug: string, promotions: readonly StorefrontPromotion[]): LinePromotion[] {
  return promotions
    .filter((p) => p.productSlugs.includes(productSlug))
    .map(asLinePromotion)
    .filter((p): p is LinePromotion => p !== null);
}

// ---------------------------------------------------------------------------------------------
// Owner API
// ---------------------------------------------------------------------------------------------

export const COUPON_KINDS = ['percent', 'fixed', 'free_delivery'] as const;
export const PROMOTION_KINDS = ['category_percent', 'collection_percent', 'buy_x_get_y', 'free_delivery_over'] as const;
export const MAX_BATCH_CODES = 1000;

export const couponCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{3,32}$/, '3 to 32 letters, digits, - or _')
  .transform((c) => c.toUpperCase());

const dateInput = z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), 'not a date');
const slugList = (max: number) => z.array(productSlugSchema).max(max).default([]);
const positiveInt = z.number().int().positive().max(1_000_000);

const couponBase = z.object({
  name: displayName.trim().max(120).default(''),
  kind: z.enum(COUPON_KINDS),
  /** percent: 1..100; fixed: KES; free_delivery: 0 (may be left out). */
  value: z.number().int().min(0).max(10_000_000).default(0),
  minSubtotalKes: kesSchema.max(10_000_000).default(0),
  startsAt: dateInput.optional(),
  endsAt: dateInput.nullable().optional(),
  maxUses: positiveInt.nullable().optional(),
  maxUsesPerPhone: positiveInt.nullable().optional(),
  categorySlugs: slugList(50),
  productSlugs: slugList(200),
});

type CouponShape = { kind?: string; value?: number; startsAt?: Date; endsAt?: Date | null };
function checkCoupon(c: CouponShape, ctx: z.RefinementCtx) {
  if (c.kind === 'percent' && (c.value === undefined || c.value < 1 || c.value > 100))
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'a percent coupon takes 1 to 100 (%)' });
  if (c.kind === 'fixed' && (c.value === undefined || c.value < 1))
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'a fixed coupon takes at least KES 1' });
  if (c.kind === 'free_delivery' && c.value !== undefined && c.value !== 0)
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'a free-delivery coupon takes no value (0)' });
  if (c.startsAt && c.endsAt && c.endsAt <= c.startsAt)
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
}

export const ownerCouponCreateSchema = couponBase.extend({ code: couponCodeSchema }).superRefine(checkCoupon);
export type OwnerCouponCreate = z.infer<typeof ownerCouponCreateSchema>;

/** Every field optional; kind and value are checked together against the stored coupon. */
export const ownerCouponUpdateSchema = z
  .object({
    code: couponCodeSchema.optional(),
    name: displayName.trim().max(120).optional(),
    kind: z.enum(COUPON_KINDS).optional(),
    value: z.number().int().min(0).max(10_000_000).optional(),
    minSubtotalKes: kesSchema.max(10_000_000).optional(),
    startsAt: dateInput.optional(),
    endsAt: dateInput.nullable().optional(),
    maxUses: positiveInt.nullable().optional(),
    maxUsesPerPhone: positiveInt.nullable().optional(),
    categorySlugs: z.array(productSlugSchema).max(50).optional(),
    productSlugs: z.array(productSlugSchema).max(200).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.startsAt && c.endsAt && c.endsAt <= c.startsAt)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
  });
export type OwnerCouponUpdate = z.infer<typeof ownerCouponUpdateSchema>;

/** N single-use codes with the same terms: PREFIX-XXXXXX, downloadable as CSV. */
export const ownerCouponBatchSchema = couponBase
  .omit({ maxUses: true, maxUsesPerPhone: true })
  .extend({
    prefix: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{2,12}$/, '2 to 12 letters or digits')
      .transform((p) => p.toUpperCase()),
    count: z.number().int().min(1).max(MAX_BATCH_CODES),
  })
  .superRefine(checkCoupon);
export type OwnerCouponBatch = z.infer<typeof ownerCouponBatchSchema>;

export const couponStatusSchema = z.enum(['active', 'scheduled', 'paused', 'ended', 'expired', 'used_up']);
export type CouponStatus = z.infer<typeof couponStatusSchema>;

export const couponUsageSchema = z.object({
  /** Orders placed with the coupon (cancelled-before-payment ones give the use back and are not counted). */
  orders: z.number().int(),
  paidOrders: z.number().int(),
  discountKes: z.number().int(),
  /** Total of the paid orders (neither cancelled nor refunded). */
  revenueKes: z.number().int(),
});
export type CouponUsage = z.infer<typeof couponUsageSchema>;

export const ownerCouponSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(COUPON_KINDS),
  value: z.number().int(),
  minSubtotalKes: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  maxUses: z.number().int().nullable(),
  maxUsesPerPhone: z.number().int().nullable(),
  usedCount: z.number().int(),
  status: couponStatusSchema,
  batchId: z.string().nullable(),
  categories: z.array(z.object({ slug: z.string(), name: z.string() })),
  products: z.array(z.object({ slug: z.string(), title: z.string() })),
  usage: couponUsageSchema,
});
export type OwnerCoupon = z.infer<typeof ownerCouponSchema>;
export const ownerCouponResponseSchema = z.object({ coupon: ownerCouponSchema });
export const ownerCouponListSchema = z.object({ items: z.array(ownerCouponSchema) });

export const ownerCouponBatchSummarySchema = z.object({
  id: z.string(),
  prefix: z.string(),
  name: z.string(),
  kind: z.enum(COUPON_KINDS),
  value: z.number().int(),
  count: z.number().int(),
  used: z.number().int(),
  createdAt: z.string(),
  status: z.enum(['active', 'ended']),
  usage: couponUsageSchema,
});
export type OwnerCouponBatchSummary = z.infer<typeof ownerCouponBatchSummarySchema>;
export const ownerCouponBatchResponseSchema = z.object({ batch: ownerCouponBatchSummarySchema });
export const ownerCouponBatchListSchema = z.object({ items: z.array(ownerCouponBatchSummarySchema) });
export const ownerCouponBatchCreatedSchema = z.object({
  batch: ownerCouponBatchSummarySchema,
  codes: z.array(z.string()),
});

const promotionCommon = {
  name: displayName.trim().min(1).max(120),
  startsAt: dateInput.optional(),
  endsAt: dateInput.nullable().optional(),
};
export const ownerPromotionCreateSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('category_percent'),
      categorySlug: productSlugSchema,
      percent: z.number().int().min(1).max(90),
      ...promotionCommon,
    }),
    z.object({
      kind: z.literal('collection_percent'),
      collectionSlug: productSlugSchema,
      percent: z.number().int().min(1).max(90),
      ...promotionCommon,
    }),
    z.object({
      kind: z.literal('buy_x_get_y'),
      productSlug: productSlugSchema,
      buyQty: z.number().int().min(1).max(20),
      getQty: z.number().int().min(1).max(20),
      ...promotionCommon,
    }),
    z.object({
      kind: z.literal('free_delivery_over'),
      minSubtotalKes: kesSchema.max(10_000_000),
      ...promotionCommon,
    }),
  ])
  .superRefine((p, ctx) => {
    if (p.startsAt && p.endsAt && p.endsAt <= p.startsAt)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
  });
export type OwnerPromotionCreate = z.infer<typeof ownerPromotionCreateSchema>;

/** The kind and what it covers stay; its terms and window may change. */
export const ownerPromotionUpdateSchema = z
  .object({
    name: promotionCommon.name.optional(),
    percent: z.number().int().min(1).max(90).optional(),
    buyQty: z.number().int().min(1).max(20).optional(),
    getQty: z.number().int().min(1).max(20).optional(),
    minSubtotalKes: kesSchema.max(10_000_000).optional(),
    startsAt: dateInput.optional(),
    endsAt: dateInput.nullable().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.startsAt && p.endsAt && p.endsAt <= p.startsAt)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
  });
export type OwnerPromotionUpdate = z.infer<typeof ownerPromotionUpdateSchema>;

export const ownerPromotionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PROMOTION_KINDS),
  percent: z.number().int().nullable(),
  buyQty: z.number().int().nullable(),
  getQty: z.number().int().nullable(),
  minSubtotalKes: z.number().int().nullable(),
  target: z
    .object({ type: z.enum(['category', 'collection', 'product']), slug: z.string(), name: z.string() })
    .nullable(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  status: z.enum(['active', 'scheduled', 'paused', 'ended', 'expired']),
});
export type OwnerPromotion = z.infer<typeof ownerPromotionSchema>;
export const ownerPromotionResponseSchema = z.object({ promotion: ownerPromotionSchema });
export const ownerPromotionListSchema = z.object({ items: z.array(ownerPromotionSchema) });
