import type { OwnerProduct } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import type { OwnerCatalogRepository } from './owner-catalog.repository';

/**
 * The reads and the variant insert the owner's catalog services share (products, variants,
 * stock), in the caller's transaction: 404/400 when the named product, variant or category is
 * not in the store, and the owner's view of a product.
 */

type ProductRow = NonNullable<Awaited<ReturnType<OwnerCatalogRepository['productBySlug']>>>;

/** The owner's view of a product as it stands now in the transaction (after a write to it). */
export async function reloadOwnerProduct(
  trx: TenantTransaction,
  repository: OwnerCatalogRepository,
  slug: string,
): Promise<OwnerProduct> {
  return toOwnerProduct(trx, repository, (await repository.productBySlug(trx, slug))!);
}

export async function toOwnerProduct(
  trx: TenantTransaction,
  repository: OwnerCatalogRepository,
  row: ProductRow,
): Promise<OwnerProduct> {
  const variants = await repository.variantsOf(trx, row.id);
  return {
    slug: row.slug,
    title: row.title,
    brand: row.brand,
    description: row.description,
    categorySlug: row.category_slug,
    status: row.status,
    optionNames: row.option_names,
    updatedAt: new Date(row.updated_at).toISOString(),
    variants: variants.map((v) => ({
      sku: v.sku,
      options: v.options,
      priceKes: v.price_kes,
      compareAtKes: v.compare_at_kes,
      currentPriceKes: v.current_price_kes,
      onHand: v.on_hand,
      status: v.status,
    })),
  };
}

export async function requireProduct(
  trx: TenantTransaction,
  repository: OwnerCatalogRepository,
  slug: string,
  forUpdate = false,
) {
  const product = await repository.productBySlug(trx, slug, forUpdate);
  if (!product) throw ApiError.notFound('not_found', `No product "${slug}" in your store`, { product: slug });
  return product;
}

export async function requireVariant(trx: TenantTransaction, repository: OwnerCatalogRepository, sku: string) {
  const variant = await repository.variantBySkuForUpdate(trx, sku);
  if (!variant) throw ApiError.notFound('not_found', `No variant with SKU "${sku}" in your store`, { sku });
  return variant;
}

export async function requireCategory(
  trx: TenantTransaction,
  repository: OwnerCatalogRepository,
  slug: string,
): Promise<string> {
  const id = await repository.categoryId(trx, slug);
  if (!id)
    throw new ApiError(400, 'validation_failed', `No category "${slug}" in your store`, {
      where: 'body',
      field: 'categorySlug',
    });
  return id;
}

export async function freeSlug(trx: TenantTransaction, repository: OwnerCatalogRepository, base: string) {
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await repository.slugTaken(trx, candidate))) return candidate;
  }
  throw new ApiError(409, 'conflict', 'Could not find a free slug for this title; give one explicitly');
}

/** A variant and its opening stock (a restock movement): product creation and "add a variant" alike. */
export async function insertVariant(
  trx: TenantTransaction,
  repository: OwnerCatalogRepository,
  ctx: RequestContext,
  productId: string,
  position: number,
  v: { sku: string; options: Record<string, string>; priceKes: number; compareAtKes?: number | null; stock: number },
): Promise<void> {
  const variantId = await repository.insertVariant(trx, {
    tenant_id: ctx.tenantId,
    product_id: productId,
    sku: v.sku,
    options: v.options,
    price_kes: v.priceKes,
    compare_at_kes: v.compareAtKes ?? null,
    position,
  });
  if (v.stock > 0)
    await repository.insertMovement(trx, {
      tenant_id: ctx.tenantId,
      variant_id: variantId,
      kind: 'restock',
      quantity: v.stock,
      reason: 'opening stock',
    });
}
