import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { OwnerPromotion, OwnerPromotionCreate, OwnerPromotionUpdate } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../../platform/request-context';
import { OwnerPromotionsRepository } from './owner-promotions.repository';
import { fieldError, toOwnerPromotion } from './promotion-views';

/**
 * The owner's automatic promotions (no code): x % off a category or collection, buy X get Y on a
 * product, free delivery over KES N. Every change writes an audit row and, after commit, asks the
 * storefront to drop its cached pages (badges and the promotion strip change).
 */
@Injectable()
export class OwnerAutomaticPromotionsService {
  constructor(
    private readonly repository: OwnerPromotionsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: OwnerPromotion[] }> {
    return this.tenantDb.run(ctx, async (trx) => ({
      items: (await this.repository.listPromotions(trx, ctx.tenantId)).map(toOwnerPromotion),
    }));
  }

  async create(ctx: RequestContext, input: OwnerPromotionCreate): Promise<OwnerPromotion> {
    const view = await this.tenantDb.run(ctx, async (trx) => {
      const target = await this.resolveTarget(trx, ctx, input);
      const { id } = await this.repository.insertPromotion(trx, {
        tenant_id: ctx.tenantId,
        name: input.name,
        kind: input.kind,
        category_id: target.category_id,
        collection_id: target.collection_id,
        product_id: target.product_id,
        percent: input.kind === 'category_percent' || input.kind === 'collection_percent' ? input.percent : null,
        buy_qty: input.kind === 'buy_x_get_y' ? input.buyQty : null,
        get_qty: input.kind === 'buy_x_get_y' ? input.getQty : null,
        min_subtotal_kes: input.kind === 'free_delivery_over' ? input.minSubtotalKes : null,
        starts_at: input.startsAt ?? new Date(),
        ends_at: input.endsAt ?? null,
      });
      const created = await this.require(trx, ctx, id);
      await this.audit.record(trx, ctx, {
        action: 'promotion.created',
        entity: { type: 'promotion', id },
        after: created,
      });
      return created;
    });
    await this.storefrontChanged(ctx);
    return view;
  }

  async update(ctx: RequestContext, id: string, input: OwnerPromotionUpdate): Promise<OwnerPromotion> {
    const view = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.require(trx, ctx, id);
      if (before.status === 'ended')
        throw new ApiError(409, 'conflict', 'This promotion has ended', { reason: 'ended' });
      const percentKind = before.kind === 'category_percent' || before.kind === 'collection_percent';
      for (const [field, allowed] of [
        ['percent', percentKind],
        ['buyQty', before.kind === 'buy_x_get_y'],
        ['getQty', before.kind === 'buy_x_get_y'],
        ['minSubtotalKes', before.kind === 'free_delivery_over'],
      ] as const)
        if (input[field] !== undefined && !allowed)
          throw fieldError(field, `a ${before.kind} promotion has no ${field}`);
      const startsAt = input.startsAt ?? new Date(before.startsAt);
      const endsAt = input.endsAt === undefined ? (before.endsAt ? new Date(before.endsAt) : null) : input.endsAt;
      if (endsAt && endsAt <= startsAt) throw fieldError('endsAt', 'endsAt must be after startsAt');
      await this.repository.updatePromotion(trx, ctx.tenantId, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.percent !== undefined ? { percent: input.percent } : {}),
        ...(input.buyQty !== undefined ? { buy_qty: input.buyQty } : {}),
        ...(input.getQty !== undefined ? { get_qty: input.getQty } : {}),
        ...(input.minSubtotalKes !== undefined ? { min_subtotal_kes: input.minSubtotalKes } : {}),
        starts_at: startsAt,
        ends_at: endsAt,
      });
      const after = await this.require(trx, ctx, id);
      await this.audit.record(trx, ctx, {
        action: 'promotion.updated',
        entity: { type: 'promotion', id },
        before,
        after,
      });
      return after;
    });
    await this.storefrontChanged(ctx);
    return view;
  }

  async setState(ctx: RequestContext, id: string, action: 'pause' | 'resume' | 'end'): Promise<OwnerPromotion> {
    const view = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.require(trx, ctx, id);
      if (before.status === 'ended')
        throw new ApiError(409, 'conflict', 'This promotion has ended', { reason: 'ended' });
      await this.repository.updatePromotion(
        trx,
        ctx.tenantId,
        id,
        action === 'end' ? { active: false, ended_at: new Date() } : { active: action === 'resume' },
      );
      const after = await this.require(trx, ctx, id);
      await this.audit.record(trx, ctx, {
        action: `promotion.${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'ended'}`,
        entity: { type: 'promotion', id },
        before: { status: before.status },
        after: { status: after.status },
      });
      return after;
    });
    await this.storefrontChanged(ctx);
    return view;
  }

  private async require(trx: TenantTransaction, ctx: RequestContext, id: string): Promise<OwnerPromotion> {
    const [row] = await this.repository.listPromotions(trx, ctx.tenantId, id);
    if (!row) throw ApiError.notFound('not_found', `No promotion ${id} in this store`, { id });
    return toOwnerPromotion(row);
  }

  private async resolveTarget(trx: TenantTransaction, ctx: RequestContext, input: OwnerPromotionCreate) {
    const none = { category_id: null, collection_id: null, product_id: null };
    if (input.kind === 'category_percent') {
      const [c] = await this.repository.categoryIds(trx, ctx.tenantId, [input.categorySlug]);
      if (!c) throw fieldError('categorySlug', `no category "${input.categorySlug}" in this store`);
      return { ...none, category_id: c.id };
    }
    if (input.kind === 'collection_percent') {
      const c = await this.repository.collectionId(trx, ctx.tenantId, input.collectionSlug);
      if (!c) throw fieldError('collectionSlug', `no collection "${input.collectionSlug}" in this store`);
      return { ...none, collection_id: c.id };
    }
    if (input.kind === 'buy_x_get_y') {
      const [p] = await this.repository.productIds(trx, ctx.tenantId, [input.productSlug]);
      if (!p) throw fieldError('productSlug', `no product "${input.productSlug}" in this store`);
      return { ...none, product_id: p.id };
    }
    return none;
  }

  /** After commit: the web drops the store's cached pages (queued: a slow web never fails the edit). */
  private async storefrontChanged(ctx: RequestContext): Promise<void> {
    const store =
      ctx.tenant?.slug ?? (await this.tenantDb.run(ctx, (trx) => this.repository.storeSlug(trx, ctx.tenantId)));
    if (!store) return;
    await enqueue(this.queues.get('seo')!, 'storefront.revalidate', ctx.tenantId, { tags: [`store:${store}`] });
  }
}
