import { Inject, Injectable } from '@nestjs/common';
import type { ProductReviews, ReviewCreated, ReviewInput, ShopperReviews } from '@sokoni/contracts';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { assertSessionLive, type ShopperSession } from '../shoppers/shopper-session';
import { ReviewMetrics } from './review-metrics';
import { authorName, decodeCursor, encodeCursor, publicReview, reviewableLine } from './review-views';
import { ReviewsRepository } from './reviews.repository';

/** Delivered orders a shopper's review list looks at (newest first). */
const MAX_ORDERS = 50;

/**
 * The shopper's side of reviews: which delivered lines they may review, writing one review per
 * line (phone-verified by the shopper session), and the storefront's public read of a product's
 * reviews (visible ones only; hidden ones are never shown nor counted).
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly repository: ReviewsRepository,
    private readonly tenantDb: TenantDb,
    private readonly metrics: ReviewMetrics,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The session phone's delivered lines (optionally of one order), each with its review. */
  async mine(ctx: RequestContext, session: ShopperSession, orderId?: string): Promise<ShopperReviews> {
    return this.tenantDb.run(ctx, async (trx) => {
      await assertSessionLive(trx, session);
      const rows = await this.repository.shopperLines(trx, ctx.tenantId, session.phone, orderId, MAX_ORDERS);
      return { lines: rows.map(reviewableLine) };
    });
  }

  /**
   * Writes the review of one line of the caller's delivered order. 404: not an order of this
   * phone at this store (another shopper's order looks the same as none), or no such line;
   * 409 order_not_delivered / already_reviewed; 400 for rating and text (zod, before this).
   */
  async submit(
    ctx: RequestContext,
    session: ShopperSession,
    orderId: string,
    input: ReviewInput,
  ): Promise<ReviewCreated> {
    try {
      const { line, productSlug } = await this.tenantDb.run(ctx, async (trx) => {
        await assertSessionLive(trx, session);
        const target = await this.repository.target(trx, ctx.tenantId, orderId, input.line);
        if (!target || target.order_phone !== session.phone)
          throw ApiError.notFound('not_found', 'No such order among yours at this store', { field: 'orderId' });
        if (!target.line_exists || !target.product_id)
          throw new ApiError(400, 'validation_failed', `Order has no line ${input.line}`, {
            where: 'body',
            issues: [{ path: 'line', message: `no line ${input.line} in this order` }],
          });
        if (target.order_status !== 'delivered')
          throw new ApiError(409, 'conflict', 'You can review this order once it has been delivered', {
            reason: 'order_not_delivered',
            field: 'orderId',
            status: target.order_status,
          });
        const inserted = await this.repository.insert(trx, {
          tenantId: ctx.tenantId,
          orderId,
          line: input.line,
          productId: target.product_id,
          phone: session.phone,
          authorName: authorName(target.customer_name),
          rating: input.rating,
          body: input.body,
        });
        if (!inserted)
          throw new ApiError(409, 'conflict', 'You already reviewed this item', {
            reason: 'already_reviewed',
            field: 'line',
          });
        const rows = await this.repository.shopperLines(trx, ctx.tenantId, session.phone, orderId, 1);
        return { line: rows.find((r) => Number(r.line) === input.line)!, productSlug: target.product_slug! };
      });
      this.metrics.actions.inc({ action: 'submitted' });
      await this.revalidate(ctx, productSlug);
      return { review: reviewableLine(line) };
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) this.metrics.actions.inc({ action: 'refused' });
      throw error;
    }
  }

  /** A product's visible reviews, newest first, and its rating summary (404 for an unknown product). */
  async forProduct(ctx: RequestContext, productSlug: string, limit: number, cursor?: string): Promise<ProductReviews> {
    const after = decodeCursor(cursor);
    return this.tenantDb.read(ctx, async (trx) => {
      const productId = await this.repository.activeProductId(trx, ctx.tenantId, productSlug);
      if (!productId) throw ApiError.notFound('not_found', 'Product not found');
      const stars = await this.repository.starCounts(trx, ctx.tenantId, productId);
      const rows = await this.repository.newest(trx, ctx.tenantId, productId, limit + 1, after);
      let count = 0;
      let sum = 0;
      for (const [rating, n] of stars) {
        count += n;
        sum += rating * n;
      }
      const page = rows.slice(0, limit);
      return {
        summary: {
          average: count ? Math.round((sum / count) * 10) / 10 : null,
          count,
          stars: Object.fromEntries([1, 2, 3, 4, 5].map((s) => [String(s), stars.get(s) ?? 0])),
        },
        items: page.map(publicReview),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    });
  }

  /** The product page's cached copy is refreshed (queued: a slow web app never fails the review). */
  async revalidate(ctx: RequestContext, productSlug: string, storeSlug?: string): Promise<void> {
    try {
      const slug =
        storeSlug ??
        ctx.tenant?.slug ??
        (await this.tenantDb.run(ctx, (trx) => this.repository.storeSlug(trx, ctx.tenantId)));
      await enqueue(this.queues.get('seo')!, 'storefront.revalidate', ctx.tenantId, {
        tags: [`product:${slug}:${productSlug}`],
      });
    } catch (error) {
      // The page's cache expires within 30 s anyway.
      this.logger.warn(
        { err: error, tenant_id: ctx.tenantId },
        'review: could not queue the product page revalidation',
      );
    }
  }
}
