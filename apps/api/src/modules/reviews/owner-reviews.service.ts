import { Injectable } from '@nestjs/common';
import type { OwnerReviewList, OwnerReviewResponse } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { ReviewMetrics } from './review-metrics';
import { decodeCursor, encodeCursor, ownerReview } from './review-views';
import { ReviewsRepository, type OwnerFilter, type ReviewRow } from './reviews.repository';
import { ReviewsService } from './reviews.service';
import type { TenantTransaction } from '@sokoni/db';

/**
 * The owner's side of reviews: the list, one public reply per review (editable), and hiding an
 * abusive review with a reason (and showing it again). The shopper's rating and words are never
 * changed: the table's trigger refuses it whatever the code does. Every change writes an audit row.
 */
@Injectable()
export class OwnerReviewsService {
  constructor(
    private readonly repository: ReviewsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    private readonly reviews: ReviewsService,
    private readonly metrics: ReviewMetrics,
  ) {}

  async list(ctx: RequestContext, filter: OwnerFilter, limit: number, cursor?: string): Promise<OwnerReviewList> {
    const after = decodeCursor(cursor);
    return this.tenantDb.run(ctx, async (trx) => {
      const rows = await this.repository.list(trx, ctx.tenantId, filter, limit + 1, after);
      const page = rows.slice(0, limit);
      return {
        items: page.map(ownerReview),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
        summary: await this.repository.totals(trx, ctx.tenantId),
      };
    });
  }

  async get(ctx: RequestContext, id: string): Promise<OwnerReviewResponse> {
    return this.tenantDb.run(ctx, async (trx) => ({ review: ownerReview(await this.locked(trx, ctx, id)) }));
  }

  /** Writes the shop's reply, or replaces it (the one reply stays one; the audit row keeps the old words). */
  async reply(ctx: RequestContext, id: string, body: string): Promise<OwnerReviewResponse> {
    const { review, edited } = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.locked(trx, ctx, id);
      const edited = before.reply_body !== null;
      await this.repository.setReply(trx, ctx.tenantId, id, body, ownerId(ctx));
      await this.audit.record(trx, ctx, {
        action: edited ? 'review.reply_edited' : 'review.replied',
        entity: { type: 'review', id },
        before: edited ? { reply: before.reply_body } : undefined,
        after: { reply: body },
      });
      return { review: await this.locked(trx, ctx, id), edited };
    });
    this.metrics.actions.inc({ action: edited ? 'reply_edited' : 'replied' });
    await this.reviews.revalidate(ctx, review.product_slug);
    return { review: ownerReview(review) };
  }

  /** Hides an abusive review from the storefront and its average, keeping the reason (audit row too). */
  async hide(ctx: RequestContext, id: string, reason: string): Promise<OwnerReviewResponse> {
    const review = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.locked(trx, ctx, id);
      if (before.hidden_at)
        throw new ApiError(409, 'conflict', 'This review is already hidden', { reason: 'already_hidden', field: 'id' });
      await this.repository.setHidden(trx, ctx.tenantId, id, { reason, userId: ownerId(ctx) });
      await this.audit.record(trx, ctx, {
        action: 'review.hidden',
        entity: { type: 'review', id },
        before: { hidden: false },
        after: { hidden: true, reason, rating: Number(before.rating), product: before.product_slug },
      });
      return this.locked(trx, ctx, id);
    });
    this.metrics.actions.inc({ action: 'hidden' });
    await this.reviews.revalidate(ctx, review.product_slug);
    return { review: ownerReview(review) };
  }

  /** Shows a hidden review again (the reason it was hidden stays in the audit log). */
  async unhide(ctx: RequestContext, id: string): Promise<OwnerReviewResponse> {
    const review = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.locked(trx, ctx, id);
      if (!before.hidden_at)
        throw new ApiError(409, 'conflict', 'This review is not hidden', { reason: 'not_hidden', field: 'id' });
      await this.repository.setHidden(trx, ctx.tenantId, id, null);
      await this.audit.record(trx, ctx, {
        action: 'review.unhidden',
        entity: { type: 'review', id },
        before: { hidden: true, reason: before.hidden_reason },
        after: { hidden: false },
      });
      return this.locked(trx, ctx, id);
    });
    this.metrics.actions.inc({ action: 'unhidden' });
    await this.reviews.revalidate(ctx, review.product_slug);
    return { review: ownerReview(review) };
  }

  private async locked(trx: TenantTransaction, ctx: RequestContext, id: string): Promise<ReviewRow> {
    const row = await this.repository.lock(trx, ctx.tenantId, id);
    if (!row) throw ApiError.notFound('not_found', 'No such review at this store', { field: 'id' });
    return row;
  }
}

const ownerId = (ctx: RequestContext) => (ctx.actor.kind === 'owner' ? ctx.actor.userId : null);
