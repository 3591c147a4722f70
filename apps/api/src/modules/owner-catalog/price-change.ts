import type { TenantTransaction } from '@sokoni/db';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../../platform/request-context';
import type { OwnerCatalogRepository } from './owner-catalog.repository';

export interface VariantPrice {
  priceKes: number;
  compareAtKes: number | null;
}

/**
 * The one way a variant's regular price changes (API edit or CSV import): the update and its
 * audit row (before/after) in the caller's transaction. Returns false when nothing changed.
 */
export async function writePriceChange(
  trx: TenantTransaction,
  repository: OwnerCatalogRepository,
  audit: AuditService,
  ctx: RequestContext,
  variant: { id: string; sku: string; price_kes: number; compare_at_kes: number | null },
  after: VariantPrice,
): Promise<boolean> {
  const before: VariantPrice = { priceKes: variant.price_kes, compareAtKes: variant.compare_at_kes };
  if (before.priceKes === after.priceKes && before.compareAtKes === after.compareAtKes) return false;
  await repository.updatePrice(trx, variant.id, after.priceKes, after.compareAtKes);
  await audit.record(trx, ctx, {
    action: 'product.price_changed',
    entity: { type: 'variant', id: variant.sku },
    before,
    after,
  });
  return true;
}
