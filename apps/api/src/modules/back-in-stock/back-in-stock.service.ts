import { Injectable } from '@nestjs/common';
import type { BackInStockSignupResponse, BackInStockWaiting } from '@sokoni/contracts';
import type { backInStockSignupSchema } from '@sokoni/contracts';
import type { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { BackInStockMetrics } from './back-in-stock.metrics';
import { BackInStockRepository } from './back-in-stock.repository';

/**
 * The shopper's "Tell me when it's back" and the owner's count of who waits. Sending is
 * BackInStockRelay's (worker); the restock that owes the message is the database's trigger
 * (migration 0035), so every stock path is covered.
 */
@Injectable()
export class BackInStockService {
  constructor(
    private readonly repository: BackInStockRepository,
    private readonly tenantDb: TenantDb,
    private readonly metrics: BackInStockMetrics,
  ) {}

  /**
   * Records the request with its consent (the words shown and now). Only for a variant that is
   * on sale and sold out: an unknown SKU is a 404, one in stock a 409 (add it to the cart
   * instead). The same phone asking again for the same variant is the same request.
   */
  async signUp(
    ctx: RequestContext,
    input: z.output<typeof backInStockSignupSchema>,
  ): Promise<BackInStockSignupResponse['request']> {
    try {
      const result = await this.tenantDb.run(ctx, async (trx) => {
        const variant = await this.repository.variantForSignup(trx, ctx.tenantId, input.sku);
        if (!variant || variant.status !== 'active' || variant.product_status !== 'active')
          throw new ApiError(404, 'not_found', 'That item is not sold here (check the SKU)', { field: 'sku' });
        if (variant.on_hand > 0)
          throw new ApiError(409, 'conflict', 'That item is in stock: add it to your cart instead', {
            field: 'sku',
            reason: 'in_stock',
          });
        return this.repository.upsertRequest(trx, {
          tenant_id: ctx.tenantId,
          variant_id: variant.id,
          phone: input.phone,
          channel: input.channel,
          language: input.language,
          consent_text: input.consentText,
          consent_at: new Date(),
        });
      });
      this.metrics.events.inc({ event: 'signed_up' });
      return { sku: input.sku, channel: input.channel, status: result.status, created: result.created };
    } catch (error) {
      if (error instanceof ApiError) this.metrics.events.inc({ event: 'refused' });
      throw error;
    }
  }

  /** Per variant with any request: shoppers still waiting and shoppers already told. */
  async waiting(ctx: RequestContext, productSlug?: string): Promise<BackInStockWaiting> {
    const rows = await this.tenantDb.run(ctx, (trx) =>
      this.repository.waitingPerVariant(trx, ctx.tenantId, productSlug),
    );
    const variants = rows.map((r) => ({
      productSlug: r.product_slug,
      productTitle: r.product_title,
      sku: r.sku,
      options: r.options,
      onHand: r.on_hand,
      waiting: Number(r.waiting),
      notified: Number(r.notified),
    }));
    return { variants, totalWaiting: variants.reduce((sum, v) => sum + v.waiting, 0) };
  }
}
