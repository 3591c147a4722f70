import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { ProductCardWindowsRepository } from './product-card-windows.repository';

/** Cards per run: the oldest first, so a backlog drains over a few runs instead of one long one. */
export const PRICE_WINDOWS_BATCH = 2000;

/**
 * The job behind catalog.price-windows (every minute): cards whose sale started or ended by the
 * clock are rewritten with the price that holds now. Until then the storefront computes their
 * price live (productCardSql), so this job only makes them cheap again; it never makes one right.
 */
@Injectable()
export class ProductCardWindows {
  constructor(
    private readonly repository: ProductCardWindowsRepository,
    private readonly tenantDb: TenantDb,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async acrossTenantsRefreshDue(
    ctx: RequestContext,
    limit = PRICE_WINDOWS_BATCH,
  ): Promise<{ stores: number; cards: number; failed: number }> {
    const byStore = new Map<string, string[]>();
    for (const due of await this.repository.due(limit)) {
      const products = byStore.get(due.tenantId) ?? [];
      products.push(due.productId);
      byStore.set(due.tenantId, products);
    }
    let cards = 0;
    let failed = 0;
    for (const [tenantId, productIds] of byStore) {
      try {
        cards += await this.tenantDb.run(ctx.withTenant({ tenantId }), (trx) =>
          this.repository.refresh(trx, tenantId, productIds),
        );
      } catch (error) {
        failed++;
        this.logger.warn({ err: error, tenant_id: tenantId }, 'price windows: rewriting cards failed');
      }
    }
    return { stores: byStore.size, cards, failed };
  }
}
