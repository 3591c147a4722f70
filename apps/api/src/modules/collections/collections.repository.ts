import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';
import type { ProductCardRow } from '../catalog/product-card';
import { productCardSql } from '../catalog/product-card.repository';

@Injectable()
export class CollectionsRepository {
  /** Collections with their count of active products (empty ones are hidden from shoppers). */
  async list(trx: TenantTransaction) {
    return (
      await sql<{ id: string; slug: string; title: string; description: string; product_count: number }>`
      SELECT c.id, c.slug, c.title, c.description, count(p.id)::int AS product_count
        FROM collections c
        LEFT JOIN collection_products cp ON cp.collection_id = c.id
        LEFT JOIN products p ON p.id = cp.product_id AND p.status = 'active'
       GROUP BY c.tenant_id, c.id ORDER BY c.position, c.title`.execute(trx)
    ).rows;
  }

  async bySlug(trx: TenantTransaction, slug: string) {
    return trx.selectFrom('collections').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  async cards(trx: TenantTransaction, collectionId: string): Promise<ProductCardRow[]> {
    return (
      await sql<ProductCardRow>`
      SELECT card.* FROM (${productCardSql()} WHERE p.status = 'active') card
        JOIN collection_products cp ON cp.product_id = card.id AND cp.collection_id = ${collectionId}
       ORDER BY cp.position, card.slug`.execute(trx)
    ).rows;
  }

  async upsert(
    trx: TenantTransaction,
    tenantId: string,
    slug: string,
    values: { title: string; description: string; position: number },
  ): Promise<string> {
    return (
      await trx
        .insertInto('collections')
        .values({ tenant_id: tenantId, slug, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doUpdateSet(values))
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  async productIds(trx: TenantTransaction, slugs: string[]): Promise<Map<string, string>> {
    if (slugs.length === 0) return new Map();
    return new Map(
      (await trx.selectFrom('products').select(['id', 'slug']).where('slug', 'in', slugs).execute()).map((p) => [
        p.slug,
        p.id,
      ]),
    );
  }

  async replaceProducts(
    trx: TenantTransaction,
    tenantId: string,
    collectionId: string,
    productIds: string[],
  ): Promise<void> {
    await trx.deleteFrom('collection_products').where('collection_id', '=', collectionId).execute();
    if (productIds.length) {
      await trx
        .insertInto('collection_products')
        .values(
          productIds.map((productId, position) => ({
            tenant_id: tenantId,
            collection_id: collectionId,
            product_id: productId,
            position,
          })),
        )
        .execute();
    }
  }
}
