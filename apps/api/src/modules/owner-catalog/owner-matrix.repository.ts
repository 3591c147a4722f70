import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import { sql } from 'kysely';

/** Option matrices, variant photos and bulk edits: the SQL beyond OwnerCatalogRepository's. */
@Injectable()
export class OwnerMatrixRepository {
  /** The store's SKUs that start with this prefix (upper-cased), for generated SKUs. */
  async skusStartingWith(trx: TenantTransaction, tenantId: string, prefix: string): Promise<Set<string>> {
    const rows = await trx
      .selectFrom('product_variants')
      .select('sku')
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`upper(sku) LIKE ${prefix.toUpperCase().replace(/[%_\\]/g, '\\$&') + '%'}`)
      .execute();
    return new Set(rows.map((r) => r.sku.toUpperCase()));
  }

  async defaultPrice(trx: TenantTransaction, productId: string): Promise<number | null> {
    const row = await trx
      .selectFrom('products')
      .select('default_price_kes')
      .where('id', '=', productId)
      .executeTakeFirst();
    return row?.default_price_kes ?? null;
  }

  async setProductOptions(
    trx: TenantTransaction,
    productId: string,
    changes: { option_names?: string[]; default_price_kes?: number | null },
  ): Promise<void> {
    await trx.updateTable('products').set(changes).where('id', '=', productId).execute();
  }

  async setVariantOptions(trx: TenantTransaction, variantId: string, options: Record<string, string>): Promise<void> {
    await trx
      .updateTable('product_variants')
      .set({ options: JSON.stringify(options) })
      .where('id', '=', variantId)
      .execute();
  }

  /** Variant ids and options of a product (with their photo), for matching a colour. */
  async variantsWithMedia(trx: TenantTransaction, productId: string) {
    return trx
      .selectFrom('product_variants')
      .select(['id', 'sku', 'options', 'media_id'])
      .where('product_id', '=', productId)
      .orderBy('position')
      .execute();
  }

  /** The photo, if it is one of this product's. */
  async mediaOfProduct(trx: TenantTransaction, productId: string, mediaId: string) {
    return trx
      .selectFrom('product_media')
      .select(['id', 'storage_key'])
      .where('product_id', '=', productId)
      .where('id', '=', mediaId)
      .executeTakeFirst();
  }

  async setVariantMedia(trx: TenantTransaction, variantIds: string[], mediaId: string | null): Promise<void> {
    if (variantIds.length)
      await trx.updateTable('product_variants').set({ media_id: mediaId }).where('id', 'in', variantIds).execute();
  }

  async clearMedia(trx: TenantTransaction, productId: string, mediaId: string): Promise<void> {
    await trx
      .updateTable('product_variants')
      .set({ media_id: null })
      .where('product_id', '=', productId)
      .where('media_id', '=', mediaId)
      .execute();
  }

  /** Products by slug, locked (bulk edits), with their variants' prices and stock. */
  async productsForBulk(trx: TenantTransaction, slugs: string[]) {
    const products = await trx
      .selectFrom('products')
      .select(['id', 'slug', 'status'])
      .where('slug', 'in', slugs)
      .forUpdate()
      .execute();
    const variants = products.length
      ? await trx
          .selectFrom('product_variants')
          .select(['id', 'sku', 'product_id', 'price_kes', 'compare_at_kes', 'on_hand', 'status'])
          .where(
            'product_id',
            'in',
            products.map((p) => p.id),
          )
          .orderBy('product_id')
          .orderBy('position')
          .forUpdate()
          .execute()
      : [];
    return { products, variants };
  }

  async archiveProducts(trx: TenantTransaction, ids: string[]): Promise<void> {
    if (ids.length) await trx.updateTable('products').set({ status: 'archived' }).where('id', 'in', ids).execute();
  }

  /** The owner's view of a product's photos in order, with the SKUs each is the photo of. */
  async imagesOf(trx: TenantTransaction, productId: string) {
    const media = await trx
      .selectFrom('product_media')
      .select(['id', 'storage_key', 'width', 'height', 'alt', 'position'])
      .where('product_id', '=', productId)
      .orderBy('position')
      .orderBy('created_at')
      .execute();
    const variants = await trx
      .selectFrom('product_variants')
      .select(['sku', 'media_id'])
      .where('product_id', '=', productId)
      .where('media_id', 'is not', null)
      .orderBy('position')
      .execute();
    return media.map((m) => ({ ...m, skus: variants.filter((v) => v.media_id === m.id).map((v) => v.sku) }));
  }
}
