import { Injectable } from '@nestjs/common';
import { CatalogWriteKit } from './catalog-write-kit';

import { translate } from './catalog-rules';
import { requireVariant } from './catalog-lookups';
import type { RequestContext } from '../../platform/request-context';

/** The owner's stock moves (restock, adjustment, return) on the ledger; adjustments are audited. */
@Injectable()
export class OwnerStockService {
  constructor(private readonly kit: CatalogWriteKit) {}

  async moveStock(
    ctx: RequestContext,
    sku: string,
    kind: 'restock' | 'adjustment' | 'return',
    quantity: number,
    reason?: string,
  ) {
    const { result, store } = await this.kit.tenantDb.run(ctx, async (trx) => {
      const variant = await requireVariant(trx, this.kit.repository, sku);
      try {
        await this.kit.repository.insertMovement(trx, {
          tenant_id: ctx.tenantId,
          variant_id: variant.id,
          kind,
          quantity,
          reason: reason ?? null,
        });
      } catch (error) {
        translate(error);
      }
      const onHand = await this.kit.repository.onHand(trx, variant.id);
      if (kind === 'adjustment') {
        await this.kit.audit.record(trx, ctx, {
          action: 'inventory.adjusted',
          entity: { type: 'variant', id: sku },
          before: { onHand: variant.on_hand },
          after: { onHand, reason: reason ?? null },
        });
      }
      return {
        result: { sku, productSlug: variant.product_slug, onHand },
        store: (await this.kit.tenancy.findCurrent(trx))!.slug,
      };
    });
    await this.kit.notifier.changed(ctx, store, [result.productSlug]);
    return { sku: result.sku, onHand: result.onHand };
  }
}
