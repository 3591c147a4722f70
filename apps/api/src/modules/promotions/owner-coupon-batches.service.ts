import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OwnerCouponBatch, OwnerCouponBatchSummary } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../../platform/request-context';
import { resolveTargets } from './coupon-targets';
import { OwnerPromotionsRepository } from './owner-promotions.repository';
import { csvCell, toBatchSummary, toUsage, translateCouponError, type CouponRow } from './promotion-views';

/** Letters and digits nobody misreads on a phone (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_RANDOM_LENGTH = 6;

/**
 * Batches of single-use codes (e.g. 50 codes for a WhatsApp campaign): generated with the same
 * terms, listed with their usage, downloadable as CSV, ended together. Audited.
 */
@Injectable()
export class OwnerCouponBatchesService {
  constructor(
    private readonly repository: OwnerPromotionsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
  ) {}

  /** `count` single-use codes PREFIX-XXXXXX with the same terms, as one batch. */
  async generateBatch(
    ctx: RequestContext,
    input: OwnerCouponBatch,
  ): Promise<{ batch: OwnerCouponBatchSummary; codes: string[] }> {
    return this.tenantDb.run(ctx, async (trx) => {
      const targets = await resolveTargets(trx, this.repository, ctx, input.categorySlugs, input.productSlugs);
      const batchId = crypto.randomUUID();
      const codes = new Set<string>();
      while (codes.size < input.count) codes.add(`${input.prefix}-${randomCode()}`);
      const rows = [...codes].map((code) => ({
        tenant_id: ctx.tenantId,
        code,
        name: input.name,
        kind: input.kind,
        value: input.kind === 'free_delivery' ? 0 : input.value,
        min_subtotal_kes: input.minSubtotalKes,
        starts_at: input.startsAt ?? new Date(),
        ends_at: input.endsAt ?? null,
        max_uses: 1,
        max_uses_per_phone: 1,
        batch_id: batchId,
      }));
      const inserted: CouponRow[] = [];
      for (let i = 0; i < rows.length; i += 500)
        inserted.push(
          ...(await this.repository
            .insertCoupons(trx, rows.slice(i, i + 500))
            .catch((e: unknown) => translateCouponError(e, `${input.prefix}-...`))),
        );
      await this.repository.replaceTargets(
        trx,
        ctx.tenantId,
        inserted.map((r) => r.id),
        targets.categoryIds,
        targets.productIds,
      );
      const [summary] = await this.repository.batches(trx, ctx.tenantId, batchId);
      const batch = toBatchSummary(summary!, toUsage(undefined));
      await this.audit.record(trx, ctx, {
        action: 'coupon_batch.generated',
        entity: { type: 'coupon_batch', id: batchId },
        after: { prefix: input.prefix, count: input.count, kind: input.kind, value: batch.value, name: input.name },
      });
      return { batch, codes: inserted.map((r) => r.code).sort() };
    });
  }

  async batches(ctx: RequestContext): Promise<{ items: OwnerCouponBatchSummary[] }> {
    return this.tenantDb.run(ctx, async (trx) => {
      const rows = await this.repository.batches(trx, ctx.tenantId);
      const usage = await this.repository.usage(
        trx,
        ctx.tenantId,
        'batch',
        rows.map((r) => r.id),
      );
      return { items: rows.map((r) => toBatchSummary(r, toUsage(usage.find((u) => u.key === r.id)))) };
    });
  }

  /** The batch's codes as CSV: code, status, used. */
  async batchCsv(ctx: RequestContext, batchId: string): Promise<string> {
    return this.tenantDb.run(ctx, async (trx) => {
      const codes = await this.repository.batchCodes(trx, ctx.tenantId, batchId);
      if (codes.length === 0) throw ApiError.notFound('not_found', `No batch of codes ${batchId}`, { batch: batchId });
      const lines = ['code,status,used'];
      for (const c of codes)
        lines.push(
          [csvCell(c.code), c.ended_at ? 'ended' : c.used_count > 0 ? 'used' : 'unused', String(c.used_count)].join(
            ',',
          ),
        );
      return `${lines.join('\n')}\n`;
    });
  }

  async endBatch(ctx: RequestContext, batchId: string): Promise<OwnerCouponBatchSummary> {
    return this.tenantDb.run(ctx, async (trx) => {
      const [found] = await this.repository.batches(trx, ctx.tenantId, batchId);
      if (!found) throw ApiError.notFound('not_found', `No batch of codes ${batchId}`, { batch: batchId });
      const ended = await this.repository.endBatch(trx, ctx.tenantId, batchId);
      await this.audit.record(trx, ctx, {
        action: 'coupon_batch.ended',
        entity: { type: 'coupon_batch', id: batchId },
        after: { endedCodes: ended },
      });
      const [summary] = await this.repository.batches(trx, ctx.tenantId, batchId);
      const [usage] = await this.repository.usage(trx, ctx.tenantId, 'batch', [batchId]);
      return toBatchSummary(summary!, toUsage(usage));
    });
  }
}

function randomCode(): string {
  let out = '';
  for (let i = 0; i < CODE_RANDOM_LENGTH; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}
