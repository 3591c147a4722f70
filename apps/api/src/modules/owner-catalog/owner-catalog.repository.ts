import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';

export interface OrderStockMovement {
  tenant_id: string;
  variant_id: string;
  kind: 'reserve' | 'release' | 'sale' | 'return';
  quantity: number;
  reason: string;
  order_id: string;
}

/** The product columns the owner's screens show (one product or the list), with its category's slug. */
const OWNER_PRODUCT_COLUMNS = [
  'p.id',
  'p.slug',
  'p.title',
  'p.brand',
  'p.description',
  'p.status',
  'p.option_names',
  'p.updated_at',
  'c.slug as category_slug',
] as const;

function ownerProducts(trx: TenantTransaction) {
  return trx
    .selectFrom('products as p')
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .select(OWNER_PRODUCT_COLUMNS);
}

/** Owner-side catalog writes and reads (all tenant-scoped by RLS inside the caller's transaction). */
@Injectable()
export class OwnerCatalogRepository {
  async categoryId(trx: TenantTransaction, slug: string): Promise<string | undefined> {
    return (await trx.selectFrom('categories').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
  }

  /** Every category of the store, empty ones too (the storefront lists only those with products). */
  async categories(trx: TenantTransaction): Promise<{ slug: string; name: string }[]> {
    return trx.selectFrom('categories').select(['slug', 'name']).orderBy('position').orderBy('name').execute();
  }

  /** Categories by slug from startPosition on; a slug the store already has is left as it is. */
  async insertCategories(
    trx: TenantTransaction,
    tenantId: string,
    categories: { slug: string; name: string }[],
    startPosition: number,
  ) {
    if (categories.length === 0) return;
    await trx
      .insertInto('categories')
      .values(
        categories.map((c, i) => ({ tenant_id: tenantId, slug: c.slug, name: c.name, position: startPosition + i })),
      )
      .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doNothing())
      .execute();
  }

  async deleteCategories(trx: TenantTransaction, ids: string[]) {
    if (ids.length) await trx.deleteFrom('categories').where('id', 'in', ids).execute();
  }

  async slugTaken(trx: TenantTransaction, slug: string): Promise<boolean> {
    return Boolean(await trx.selectFrom('products').select('id').where('slug', '=', slug).executeTakeFirst());
  }

  async insertProduct(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      slug: string;
      title: string;
      brand: string | null;
      description: string;
      category_id: string | null;
      status: 'draft' | 'active';
      option_names: string[];
    },
  ): Promise<string> {
    return (await trx.insertInto('products').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  async insertVariant(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      product_id: string;
      sku: string;
      options: Record<string, string>;
      price_kes: number;
      compare_at_kes: number | null;
      position: number;
    },
  ): Promise<string> {
    return (
      await trx
        .insertInto('product_variants')
        .values({ ...row, options: JSON.stringify(row.options) })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  /** The product a SKU of this store belongs to, if any (SKUs are unique per store). */
  async skuOwner(trx: TenantTransaction, sku: string): Promise<{ product_slug: string } | undefined> {
    return trx
      .selectFrom('product_variants as v')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .select('p.slug as product_slug')
      .where('v.sku', '=', sku)
      .executeTakeFirst();
  }

  /** Where a variant added to the product goes: after the last one. */
  async nextVariantPosition(trx: TenantTransaction, productId: string): Promise<number> {
    const row = await trx
      .selectFrom('product_variants')
      .select((eb) => eb.fn.max('position').as('last'))
      .where('product_id', '=', productId)
      .executeTakeFirst();
    return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
  }

  /** The product's updated_at drives sitemap lastmod and cache freshness (the trigger sets it). */
  async touchProduct(trx: TenantTransaction, id: string) {
    await trx.updateTable('products').set({ updated_at: new Date() }).where('id', '=', id).execute();
  }

  async insertMovement(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      variant_id: string;
      kind: 'restock' | 'adjustment' | 'return' | 'sale';
      quantity: number;
      reason: string | null;
    },
  ) {
    await trx.insertInto('inventory_movements').values(row).execute();
  }

  /** An order's stock moves (reserve, release, sale), written in the order's own transaction. */
  async insertOrderMovements(trx: TenantTransaction, rows: OrderStockMovement[]) {
    if (rows.length) await trx.insertInto('inventory_movements').values(rows).execute();
  }

  async productBySlug(trx: TenantTransaction, slug: string, forUpdate = false) {
    let query = ownerProducts(trx).where('p.slug', '=', slug);
    if (forUpdate) query = query.forUpdate('p');
    return query.executeTakeFirst();
  }

  async variantsOf(trx: TenantTransaction, productId: string) {
    return trx
      .selectFrom('product_variants as v')
      .innerJoin('variant_prices as vp', 'vp.variant_id', 'v.id')
      .select([
        'v.id',
        'v.sku',
        'v.options',
        'v.price_kes',
        'v.compare_at_kes',
        'vp.price_kes as current_price_kes',
        'v.on_hand',
        'v.status',
      ])
      .where('v.product_id', '=', productId)
      .orderBy('v.position')
      .execute();
  }

  /** Locks the variant row: concurrent price edits and stock movements queue behind each other. */
  async variantBySkuForUpdate(trx: TenantTransaction, sku: string) {
    return trx
      .selectFrom('product_variants as v')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .select(['v.id', 'v.sku', 'v.price_kes', 'v.compare_at_kes', 'v.on_hand', 'p.slug as product_slug'])
      .where('v.sku', '=', sku)
      .forUpdate('v')
      .executeTakeFirst();
  }

  async updateProduct(
    trx: TenantTransaction,
    id: string,
    changes: Partial<{
      title: string;
      brand: string | null;
      description: string;
      category_id: string | null;
      status: 'draft' | 'active' | 'archived';
    }>,
  ) {
    await trx.updateTable('products').set(changes).where('id', '=', id).execute();
  }

  async updatePrice(trx: TenantTransaction, variantId: string, priceKes: number, compareAtKes: number | null) {
    await trx
      .updateTable('product_variants')
      .set({ price_kes: priceKes, compare_at_kes: compareAtKes })
      .where('id', '=', variantId)
      .execute();
    // The product's updated_at drives sitemap lastmod and cache freshness.
    await trx
      .updateTable('products')
      .set({ updated_at: new Date() })
      .where('id', '=', (eb) => eb.selectFrom('product_variants').select('product_id').where('id', '=', variantId))
      .execute();
  }

  async onHand(trx: TenantTransaction, variantId: string): Promise<number> {
    return (
      await trx.selectFrom('product_variants').select('on_hand').where('id', '=', variantId).executeTakeFirstOrThrow()
    ).on_hand;
  }

  async insertPriceRule(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      variant_id: string;
      sale_price_kes: number;
      starts_at: Date;
      ends_at: Date;
      reason: string | null;
    },
  ) {
    return (await trx.insertInto('price_rules').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  async listProducts(
    trx: TenantTransaction,
    status: 'draft' | 'active' | 'archived' | undefined,
    limit: number,
    afterSlug: string | undefined,
  ) {
    let query = ownerProducts(trx).orderBy('p.slug').limit(limit);
    if (status) query = query.where('p.status', '=', status);
    if (afterSlug) query = query.where('p.slug', '>', afterSlug);
    return query.execute();
  }
}
