import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';

/** The savepoints the import nests: one per product, one per row inside it. */
export type ImportSavepoint = 'import_product' | 'import_row';

/** The CSV import's own SQL: savepoints for its partial commits, and the export's flat rows. */
@Injectable()
export class CatalogImportRepository {
  async savepoint(trx: TenantTransaction, name: ImportSavepoint): Promise<void> {
    await sql`SAVEPOINT ${sql.raw(name)}`.execute(trx);
  }

  async releaseSavepoint(trx: TenantTransaction, name: ImportSavepoint): Promise<void> {
    await sql`RELEASE SAVEPOINT ${sql.raw(name)}`.execute(trx);
  }

  async rollbackToSavepoint(trx: TenantTransaction, name: ImportSavepoint): Promise<void> {
    await sql`ROLLBACK TO SAVEPOINT ${sql.raw(name)}`.execute(trx);
  }

  async variantProductId(trx: TenantTransaction, variantId: string): Promise<string> {
    const row = await trx
      .selectFrom('product_variants')
      .select('product_id')
      .where('id', '=', variantId)
      .executeTakeFirstOrThrow();
    return row.product_id;
  }

  /** One row per variant, products by slug and variants in their order: the export's CSV lines. */
  exportRows(trx: TenantTransaction) {
    return trx
      .selectFrom('products as p')
      .innerJoin('product_variants as v', 'v.product_id', 'p.id')
      .leftJoin('categories as c', 'c.id', 'p.category_id')
      .select([
        'p.slug',
        'p.title',
        'p.brand',
        'c.slug as category',
        'p.description',
        'p.status',
        'p.option_names',
        'v.sku',
        'v.options',
        'v.price_kes',
        'v.compare_at_kes',
        'v.on_hand',
      ])
      .orderBy('p.slug')
      .orderBy('v.position')
      .execute();
  }
}
