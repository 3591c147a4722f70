import { Injectable } from '@nestjs/common';
import { formatKes, type PodSettings } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../../platform/api-error';
import { PodRepository } from './pod.repository';

export interface PodQuestion {
  totalKes: number;
  areaSlug: string | undefined;
  deliveryMethod: 'delivery' | 'pickup';
  /** Normalised phone; null when the shopper has not typed one yet. */
  phone: string | null;
}

type Refusal = { reason: string; message: string };

/**
 * Whether pay on delivery may be used for an order: the store's switch, its maximum order value,
 * its areas and its first-time-shopper rule. The checkout preview shows the answer; placing an
 * order checks it again in the order's transaction (the server decides, not the form).
 */
@Injectable()
export class PodRules {
  constructor(private readonly repository: PodRepository) {}

  settingsWithin(trx: TenantTransaction): Promise<PodSettings> {
    return this.repository.settings(trx);
  }

  /** undefined when the store does not offer pay on delivery at all (the checkout shows nothing). */
  async offerWithin(
    trx: TenantTransaction,
    q: PodQuestion,
  ): Promise<{ offered: boolean; reason: string | null; code: string | null } | undefined> {
    const settings = await this.repository.settings(trx);
    if (!settings.enabled) return undefined;
    const refusal = await this.refusal(trx, settings, q);
    // code: the rule's stable name (as details.reason of the 409), which the storefront words in its language.
    return { offered: !refusal, reason: refusal?.message ?? null, code: refusal?.reason ?? null };
  }

  /** 409 in words naming the rule (details.reason) when this order may not be paid on delivery. */
  async assertAllowedWithin(trx: TenantTransaction, q: PodQuestion): Promise<void> {
    const settings = await this.repository.settings(trx);
    const refusal = settings.enabled
      ? await this.refusal(trx, settings, q)
      : { reason: 'pod_off', message: 'This shop does not take pay on delivery: pay with M-Pesa instead' };
    if (refusal)
      throw new ApiError(409, 'conflict', refusal.message, { reason: refusal.reason, field: 'paymentMethod' });
  }

  private async refusal(trx: TenantTransaction, s: PodSettings, q: PodQuestion): Promise<Refusal | null> {
    if (q.deliveryMethod !== 'delivery')
      return { reason: 'pod_pickup', message: 'Pay on delivery is for delivery to your door, not pickup' };
    if (q.totalKes > s.maxOrderKes)
      return {
        reason: 'pod_over_limit',
        message: `Pay on delivery is for orders up to ${formatKes(s.maxOrderKes)}: this one is ${formatKes(q.totalKes)}. Pay with M-Pesa instead.`,
      };
    if (q.areaSlug && s.areaSlugs.length > 0 && !s.areaSlugs.includes(q.areaSlug))
      return { reason: 'pod_area', message: 'Pay on delivery is not offered in your area: pay with M-Pesa instead' };
    // Unknown phone: the preview cannot tell yet; placing the order always knows it.
    if (!s.firstTimeAllowed && q.phone && !(await this.repository.hasPaidBefore(trx, q.phone)))
      return {
        reason: 'pod_first_time',
        message: 'Pay on delivery is for shoppers who have ordered here before: pay with M-Pesa for your first order',
      };
    return null;
  }
}
