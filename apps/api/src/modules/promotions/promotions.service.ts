import { Injectable } from '@nestjs/common';
import {
  applyDiscounts,
  formatKes,
  inCategory,
  type LinePromotion,
  type StorefrontPromotion,
  type StorefrontPromotions,
} from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { PromotionsRepository, type CoveredLine } from './promotions.repository';
import type { RequestContext } from '../../platform/request-context';

export interface DiscountLine {
  kind: 'promotion' | 'coupon';
  label: string;
  amountKes: number;
  code?: string;
}

export interface Evaluation {
  discountKes: number;
  lines: DiscountLine[];
  coupon: { id: string; code: string } | null;
  /** Why a typed coupon does not apply (null when it does, or none was typed). */
  couponProblem: string | null;
}

export interface EvaluationInput {
  lines: { sku: string; unitPriceKes: number; quantity: number; lineTotalKes: number }[];
  subtotalKes: number;
  deliveryFeeKes: number;
  couponCode?: string;
  phone?: string | null;
}

function toLinePromotion(c: CoveredLine): LinePromotion {
  return c.kind === 'buy_x_get_y'
    ? { id: c.promotion_id, label: c.name, kind: 'buy_x_get_y', buyQty: c.buy_qty, getQty: c.get_qty }
    : { id: c.promotion_id, label: c.name, kind: 'percent', percent: c.percent };
}

/**
 * Discounts, in one place: which promotions and which coupon apply is decided here from the
 * database; how they combine is `applyDiscounts` (packages/contracts/src/promotions.ts, the
 * written precedence rule). The storefront's badges read the same coverage (`storefront`).
 */
@Injectable()
export class PromotionsService {
  constructor(
    private readonly repository: PromotionsRepository,
    private readonly tenantDb: TenantDb,
  ) {}

  async evaluate(trx: TenantTransaction, input: EvaluationInput): Promise<Evaluation> {
    const products = await this.repository.productsOfSkus(
      trx,
      input.lines.map((l) => l.sku),
    );
    const productOf = new Map(products.map((p) => [p.sku, p]));
    const covered = await this.repository.coverageFor(trx, [...new Set(products.map((p) => p.product_id))]);
    const freeDelivery = await this.repository.runningFreeDelivery(trx);

    const found = input.couponCode ? await this.findUsableCoupon(trx, input) : null;
    const coupon = found && 'problem' in found ? null : found;
    const targets = coupon ? await this.repository.couponTargets(trx, coupon.id) : [];
    const eligible = (sku: string) => {
      if (targets.length === 0) return true;
      const p = productOf.get(sku);
      return Boolean(
        p &&
        targets.some(
          (t) =>
            t.product_id === p.product_id ||
            (t.category_id &&
              inCategory(t.category_id, { categoryId: p.category_id, parentCategoryId: p.parent_category_id })),
        ),
      );
    };

    const result = applyDiscounts({
      lines: input.lines.map((l) => ({
        sku: l.sku,
        unitPriceKes: l.unitPriceKes,
        quantity: l.quantity,
        promotions: covered.filter((c) => c.product_id === productOf.get(l.sku)?.product_id).map(toLinePromotion),
        couponEligible: eligible(l.sku),
      })),
      subtotalKes: input.subtotalKes,
      deliveryFeeKes: input.deliveryFeeKes,
      freeDeliveryOver: freeDelivery.map((f) => ({ label: f.name, minSubtotalKes: f.min_subtotal_kes })),
      coupon: coupon ? { code: coupon.code, kind: coupon.kind, value: coupon.value } : null,
    });
    const problem = found && 'problem' in found ? found.problem : result.couponProblem;
    return {
      discountKes: result.discountKes,
      lines: result.lines,
      coupon: coupon && result.couponApplied ? { id: coupon.id, code: coupon.code } : null,
      couponProblem: problem,
    };
  }

  /** The typed coupon if this store has it and it may be used now by this phone; else why not. */
  private async findUsableCoupon(trx: TenantTransaction, input: EvaluationInput) {
    const typed = input.couponCode!.trim();
    const found = await this.repository.couponByCode(trx, typed);
    const now = Date.now();
    if (!found || found.ended_at) return { problem: `There is no coupon ${typed.toUpperCase()} in this store` };
    if (!found.active) return { problem: `Coupon ${found.code} is paused` };
    if (new Date(found.starts_at).getTime() > now || (found.ends_at && new Date(found.ends_at).getTime() <= now))
      return { problem: `Coupon ${found.code} is not valid today` };
    if (input.subtotalKes < found.min_subtotal_kes)
      return { problem: `Coupon ${found.code} needs a subtotal of at least ${formatKes(found.min_subtotal_kes)}` };
    if (found.max_uses !== null && found.used_count >= found.max_uses)
      return { problem: `Coupon ${found.code} has been used up` };
    if (
      found.max_uses_per_phone !== null &&
      input.phone &&
      (await this.repository.activeRedemptionsForPhone(trx, found.id, input.phone)) >= found.max_uses_per_phone
    )
      return { problem: `You have already used coupon ${found.code}` };
    return found;
  }

  /**
   * The automatic promotions running now with the products each covers: the storefront's sale
   * badges and promotion strip. Same coverage query as checkout.
   */
  async storefront(ctx: RequestContext): Promise<StorefrontPromotions> {
    return this.tenantDb.read(ctx, async (trx) => {
      const covered = await this.repository.coverageFor(trx, null);
      const freeDelivery = await this.repository.runningFreeDelivery(trx);
      const byId = new Map<string, StorefrontPromotion>();
      for (const c of covered) {
        const entry = byId.get(c.promotion_id) ?? {
          id: c.promotion_id,
          kind: c.kind,
          label: c.name,
          percent: c.percent,
          buyQty: c.buy_qty,
          getQty: c.get_qty,
          minSubtotalKes: null,
          endsAt: c.ends_at ? new Date(c.ends_at).toISOString() : null,
          productSlugs: [],
        };
        entry.productSlugs.push(c.product_slug);
        byId.set(c.promotion_id, entry);
      }
      const items = [...byId.values()];
      for (const f of freeDelivery)
        items.push({
          id: f.id,
          kind: 'free_delivery_over',
          label: f.name,
          percent: null,
          buyQty: null,
          getQty: null,
          minSubtotalKes: f.min_subtotal_kes,
          endsAt: f.ends_at ? new Date(f.ends_at).toISOString() : null,
          productSlugs: [],
        });
      return { items };
    });
  }

  /**
   * Inside the order's transaction: takes one use of the coupon (total and per-phone limits
   * hold under concurrency) and records it against the order.
   */
  async redeem(
    trx: TenantTransaction,
    ctx: RequestContext,
    coupon: { id: string; code: string },
    orderId: string,
    phone: string,
    discountKes: number,
  ): Promise<void> {
    await this.repository.lockPhone(trx, coupon.id, phone);
    const found = await this.repository.couponByCode(trx, coupon.code);
    if (
      found?.max_uses_per_phone != null &&
      (await this.repository.activeRedemptionsForPhone(trx, coupon.id, phone)) >= found.max_uses_per_phone
    ) {
      throw new ApiError(409, 'conflict', `You have already used coupon ${coupon.code}`, { reason: 'coupon_used' });
    }
    if (!(await this.repository.takeUse(trx, coupon.id))) {
      throw new ApiError(409, 'conflict', `Coupon ${coupon.code} has just been used up`, {
        reason: 'coupon_exhausted',
      });
    }
    await this.repository.insertRedemption(trx, {
      tenant_id: ctx.tenantId,
      coupon_id: coupon.id,
      order_id: orderId,
      phone,
      discount_kes: discountKes,
    });
  }

  async release(trx: TenantTransaction, orderId: string): Promise<void> {
    await this.repository.voidRedemption(trx, orderId);
  }
}
