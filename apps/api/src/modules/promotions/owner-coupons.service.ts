import { Injectable } from '@nestjs/common';
import type { OwnerCoupon, OwnerCouponCreate, OwnerCouponUpdate } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../../platform/request-context';
import { OwnerPromotionsRepository } from './owner-promotions.repository';
import { resolveTargets } from './coupon-targets';
import { fieldError, toOwnerCoupon, toUsage, translateCouponError, type CouponRow } from './promotion-views';

/**
 * The owner's coupons: create, edit, pause / resume / end, batches of single-use codes (CSV), and
 * usage per coupon. Every change writes an audit row in the same transaction.
 */
@Injectable()
export class OwnerCouponsService {
  constructor(
    private readonly repository: OwnerPromotionsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: OwnerCoupon[] }> {
    return this.tenantDb.run(ctx, async (trx) => {
      const rows = await this.repository.listCoupons(trx, ctx.tenantId);
      return { items: await this.views(trx, ctx, rows) };
    });
  }

  async get(ctx: RequestContext, code: string): Promise<OwnerCoupon> {
    return this.tenantDb.run(ctx, async (trx) => {
      const row = await this.require(trx, ctx, code);
      return (await this.views(trx, ctx, [row]))[0]!;
    });
  }

  async create(ctx: RequestContext, input: OwnerCouponCreate): Promise<OwnerCoupon> {
    return this.tenantDb.run(ctx, async (trx) => {
      const targets = await resolveTargets(trx, this.repository, ctx, input.categorySlugs, input.productSlugs);
      const [row] = await this.repository
        .insertCoupons(trx, [
          {
            tenant_id: ctx.tenantId,
            code: input.code,
            name: input.name,
            kind: input.kind,
            value: input.kind === 'free_delivery' ? 0 : input.value,
            min_subtotal_kes: input.minSubtotalKes,
            starts_at: input.startsAt ?? new Date(),
            ends_at: input.endsAt ?? null,
            max_uses: input.maxUses ?? null,
            max_uses_per_phone: input.maxUsesPerPhone ?? null,
          },
        ])
        .catch((e: unknown) => translateCouponError(e, input.code));
      await this.repository.replaceTargets(trx, ctx.tenantId, [row!.id], targets.categoryIds, targets.productIds);
      const view = (await this.views(trx, ctx, [row!]))[0]!;
      await this.audit.record(trx, ctx, {
        action: 'coupon.created',
        entity: { type: 'coupon', id: view.code },
        after: auditable(view),
      });
      return view;
    });
  }

  async update(ctx: RequestContext, code: string, input: OwnerCouponUpdate): Promise<OwnerCoupon> {
    return this.tenantDb.run(ctx, async (trx) => {
      const row = await this.require(trx, ctx, code);
      const before = (await this.views(trx, ctx, [row]))[0]!;
      if (before.status === 'ended')
        throw new ApiError(409, 'conflict', `Coupon ${row.code} has ended`, { reason: 'ended' });
      if (input.code && input.code !== row.code && row.used_count > 0)
        throw fieldError(
          'code',
          'a coupon that has been used keeps its code (shoppers have it): end it and create a new one',
        );
      const kind = input.kind ?? row.kind;
      const value = kind === 'free_delivery' ? 0 : (input.value ?? (input.kind ? undefined : row.value));
      if (kind === 'percent' && (value === undefined || value < 1 || value > 100))
        throw fieldError('value', 'a percent coupon takes 1 to 100 (%)');
      if (kind === 'fixed' && (value === undefined || value < 1))
        throw fieldError('value', 'a fixed coupon takes at least KES 1');
      const startsAt = input.startsAt ?? new Date(row.starts_at);
      const endsAt = input.endsAt === undefined ? row.ends_at : input.endsAt;
      if (endsAt && new Date(endsAt) <= startsAt) throw fieldError('endsAt', 'endsAt must be after startsAt');
      const maxUses = input.maxUses === undefined ? row.max_uses : input.maxUses;
      if (maxUses !== null && maxUses < row.used_count)
        throw fieldError('maxUses', `already used ${row.used_count} times: the limit cannot be lower`);
      const updated = await this.repository
        .updateCoupon(trx, ctx.tenantId, row.id, {
          code: input.code ?? row.code,
          name: input.name ?? row.name,
          kind,
          value: value ?? 0,
          min_subtotal_kes: input.minSubtotalKes ?? row.min_subtotal_kes,
          starts_at: startsAt,
          ends_at: endsAt,
          max_uses: maxUses,
          max_uses_per_phone: input.maxUsesPerPhone === undefined ? row.max_uses_per_phone : input.maxUsesPerPhone,
        })
        .catch((e: unknown) => translateCouponError(e, input.code ?? row.code));
      if (input.categorySlugs !== undefined || input.productSlugs !== undefined) {
        const targets = await resolveTargets(
          trx,
          this.repository,
          ctx,
          input.categorySlugs ?? before.categories.map((c) => c.slug),
          input.productSlugs ?? before.products.map((p) => p.slug),
        );
        await this.repository.replaceTargets(trx, ctx.tenantId, [row.id], targets.categoryIds, targets.productIds);
      }
      const after = (await this.views(trx, ctx, [updated]))[0]!;
      await this.audit.record(trx, ctx, {
        action: 'coupon.updated',
        entity: { type: 'coupon', id: after.code },
        before: auditable(before),
        after: auditable(after),
      });
      return after;
    });
  }

  /** Pause (a shopper's code stops working), resume, or end (for good: never resumed). */
  async setState(ctx: RequestContext, code: string, action: 'pause' | 'resume' | 'end'): Promise<OwnerCoupon> {
    return this.tenantDb.run(ctx, async (trx) => {
      const row = await this.require(trx, ctx, code);
      if (row.ended_at) throw new ApiError(409, 'conflict', `Coupon ${row.code} has ended`, { reason: 'ended' });
      const set = action === 'end' ? { active: false, ended_at: new Date() } : { active: action === 'resume' };
      const updated = await this.repository.updateCoupon(trx, ctx.tenantId, row.id, set);
      const view = (await this.views(trx, ctx, [updated]))[0]!;
      await this.audit.record(trx, ctx, {
        action: `coupon.${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'ended'}`,
        entity: { type: 'coupon', id: row.code },
        before: { active: row.active, endedAt: row.ended_at },
        after: { active: updated.active, endedAt: updated.ended_at },
      });
      return view;
    });
  }

  private async require(trx: TenantTransaction, ctx: RequestContext, code: string): Promise<CouponRow> {
    const row = await this.repository.couponByCode(trx, ctx.tenantId, code);
    if (!row) throw ApiError.notFound('not_found', `No coupon ${code} in this store`, { code });
    return row;
  }

  private async views(trx: TenantTransaction, ctx: RequestContext, rows: CouponRow[]): Promise<OwnerCoupon[]> {
    const ids = rows.map((r) => r.id);
    const [targets, usage] = await Promise.all([
      this.repository.targets(trx, ctx.tenantId, ids),
      this.repository.usage(trx, ctx.tenantId, 'coupon', ids),
    ]);
    return rows.map((r) =>
      toOwnerCoupon(
        r,
        targets.filter((t) => t.coupon_id === r.id),
        toUsage(usage.find((u) => u.key === r.id)),
      ),
    );
  }
}

/** What an audit row keeps of a coupon: its terms, not its usage figures. */
function auditable(c: OwnerCoupon) {
  const { usage: _usage, usedCount: _used, status: _status, ...terms } = c;
  return terms;
}
