import type { TenantTransaction } from '@sokoni/db';
import type { RequestContext } from '../../platform/request-context';
import type { OwnerPromotionsRepository } from './owner-promotions.repository';
import { fieldError } from './promotion-views';

/** Category and product slugs to ids; an unknown one is a 400 naming its field and index. */
export async function resolveTargets(
  trx: TenantTransaction,
  repository: OwnerPromotionsRepository,
  ctx: RequestContext,
  categorySlugs: string[],
  productSlugs: string[],
): Promise<{ categoryIds: string[]; productIds: string[] }> {
  const categories = await repository.categoryIds(trx, ctx.tenantId, categorySlugs);
  const missingCategory = categorySlugs.findIndex((s) => !categories.some((c) => c.slug === s));
  if (missingCategory >= 0)
    throw fieldError(
      `categorySlugs.${missingCategory}`,
      `no category "${categorySlugs[missingCategory]}" in this store`,
    );
  const products = await repository.productIds(trx, ctx.tenantId, productSlugs);
  const missingProduct = productSlugs.findIndex((s) => !products.some((p) => p.slug === s));
  if (missingProduct >= 0)
    throw fieldError(`productSlugs.${missingProduct}`, `no product "${productSlugs[missingProduct]}" in this store`);
  return { categoryIds: categories.map((c) => c.id), productIds: products.map((p) => p.id) };
}
