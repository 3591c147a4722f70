import { Injectable } from '@nestjs/common';

import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { TenancyRepository } from '../tenancy/tenancy.repository';
import { CatalogChangeNotifier } from './catalog-change.notifier';
import { OwnerCatalogRepository } from './owner-catalog.repository';
import { translate } from './catalog-rules';
import { requireVariant } from './catalog-lookups';
import type { RequestContext } from '../../platform/request-context';

/** The owner's stock moves (restock, adjustment, return) on the ledger; adjustments are audited. */
@Injectable()
export class OwnerStockService {
  constructor(
    private readonly repository: OwnerCatalogRepository,
    private readonly tenancy: TenancyRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    private readonly notifier: CatalogChangeNotifier,
  ) {}

  async moveStock(
    ctx: RequestContext,
    sku: string,
    kind: 'restock' | 'adjustment' | 'return',
    quantity: number,
    reason?: string,
  ) {
    const { result, store } = await this.tenantDb.run(ctx, async (trx) => {
      const variant = await requireVariant(trx, this.repository, sku);
      try {
        await this.repository.insertMovement(trx, {
          tenant_id: ctx.tenantId,
          variant_id: variant.id,
          kind,
          quantity,
          reason: reason ?? null,
        });
      } catch (error) {
        translate(error);
      }
      const onHand = await this.repository.onHand(trx, variant.id);
      if (kind === 'adjustment') {
        await this.audit.record(trx, ctx, {
          actor: { type: 'user', id: ctx.owner.userId },
          action: 'inventory.adjusted',
          entity: { type: 'variant', id: sku },
          before: { onHand: variant.on_hand },
          after: { onHand, reason: reason ?? null },
        });
      }
      return {
        result: { sku, productSlug: variant.product_slug, onHand },
        store: (await this.tenancy.findCurrent(trx))!.slug,
      };
    });
    await this.notifier.changed(ctx, store, [result.productSlug]);
    return { sku: result.sku, onHand: result.onHand };
  }
}
