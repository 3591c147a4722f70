import { Injectable } from '@nestjs/common';
import { percentOf } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { PromotionsRepository } from './promotions.repository';
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
  lines: { sku: string; lineTotalKes: number }[];
  subtotalKes: number;
  deliveryFeeKes: number;
  couponCode?: string;
  phone?: string | null;
}

/**
 * Discounts, in one place. Automatic promotions first (best one per line, by category), then
 * at most one coupon on what is left: percent (half-up to whole KES), fixed KES, or free
 * delivery. The total discount never exceeds subtotal + delivery.
 */
@Injectable()
export class PromotionsService {
  constructor(private readonly repository: PromotionsRepository) {}

  async evaluate(trx: TenantTransaction, input: EvaluationInput): Promise<Evaluation> {
    const lines: DiscountLine[] = [];
    const promotions = await this.repository.activeForSkus(
      trx,
      input.lines.map((l) => l.sku),
    );
    const byPromotion = new Map<string, { name: string; amount: number }>();
    for (const line of input.lines) {
      const best = promotions.filter((p) => p.sku === line.sku).sort((a, b) => b.percent - a.percent)[0];
      if (!best) continue;
      const entry = byPromotion.get(best.promotion_id) ?? { name: best.name, amount: 0 };
      entry.amount += percentOf(line.lineTotalKes, best.percent);
      byPromotion.set(best.promotion_id, entry);
    }
    for (const { name, amount } of byPromotion.values())
      if (amount > 0) lines.push({ kind: 'promotion', label: name, amountKes: amount });
    const automatic = lines.reduce((s, l) => s + l.amountKes, 0);

    let coupon: Evaluation['coupon'] = null;
    let couponProblem: string | null = null;
    if (input.couponCode) {
      const found = await this.repository.couponByCode(trx, input.couponCode.trim());
      const now = Date.now();
      if (!found || !found.active) couponProblem = `There is no coupon ${input.couponCode.toUpperCase()} in this store`;
      else if (new Date(found.starts_at).getTime() > now || (found.ends_at && new Date(found.ends_at).getTime() <= now))
        couponProblem = `Coupon ${found.code} is not valid today`;
      else if (input.subtotalKes < found.min_subtotal_kes)
        couponProblem = `Coupon ${found.code} needs a subtotal of at least KES ${found.min_subtotal_kes.toLocaleString('en-KE')}`;
      else if (found.max_uses !== null && found.used_count >= found.max_uses)
        couponProblem = `Coupon ${found.code} has been used up`;
      else if (
        found.max_uses_per_phone !== null &&
        input.phone &&
        (await this.repository.activeRedemptionsForPhone(trx, found.id, input.phone)) >= found.max_uses_per_phone
      ) {
        couponProblem = `You have already used coupon ${found.code}`;
      } else {
        const remaining = input.subtotalKes - automatic;
        const amount =
          found.kind === 'percent'
            ? percentOf(remaining, found.value)
            : found.kind === 'fixed'
              ? Math.min(found.value, remaining)
              : input.deliveryFeeKes;
        coupon = { id: found.id, code: found.code };
        lines.push({
          kind: 'coupon',
          code: found.code,
          label: found.kind === 'free_delivery' ? `${found.code}: free delivery` : `Coupon ${found.code}`,
          amountKes: amount,
        });
      }
    }
    const discountKes = Math.min(
      lines.reduce((s, l) => s + l.amountKes, 0),
      input.subtotalKes + input.deliveryFeeKes,
    );
    return { discountKes, lines, coupon, couponProblem };
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
