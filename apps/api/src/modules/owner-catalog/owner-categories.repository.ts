import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import { sql } from 'kysely';

export interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  parent_id: string | null;
  parent_slug: string | null;
  position: number;
  product_count: number;
}

/** The owner's categories: the tree with product counts, and its writes (RLS scopes every statement). */
@Injectable()
export class OwnerCategoriesRepository {
  async all(trx: TenantTransaction, tenantId: string): Promise<CategoryRow[]> {
    const result = await sql<CategoryRow>`
      SELECT c.id, c.slug, c.name, c.parent_id, parent.slug AS parent_slug, c.position,
             (SELECT count(*)::int FROM products p
               WHERE p.tenant_id = c.tenant_id AND p.category_id = c.id) AS product_count
        FROM categories c
        LEFT JOIN categories parent ON parent.tenant_id = c.tenant_id AND parent.id = c.parent_id
       WHERE c.tenant_id = ${tenantId}
       ORDER BY c.position, c.name`.execute(trx);
    return result.rows;
  }

  /** Serialises category writes of the store (positions are read, then written). */
  async lock(trx: TenantTransaction, tenantId: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('categories:' || ${tenantId}, 0))`.execute(trx);
  }

  async insert(
    trx: TenantTransaction,
    row: { tenant_id: string; slug: string; name: string; parent_id: string | null; position: number },
  ): Promise<string> {
    return (await trx.insertInto('categories').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  async update(
    trx: TenantTransaction,
    id: string,
    changes: Partial<{ slug: string; name: string; parent_id: string | null; position: number }>,
  ): Promise<void> {
    await trx.updateTable('categories').set(changes).where('id', '=', id).execute();
  }

  /** Moves every product of one category to another; returns how many. */
  async moveProducts(trx: TenantTransaction, fromId: string, toId: string): Promise<number> {
    const result = await trx
      .updateTable('products')
      .set({ category_id: toId })
      .where('category_id', '=', fromId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async delete(trx: TenantTransaction, id: string): Promise<void> {
    await trx.deleteFrom('categories').where('id', '=', id).execute();
  }
}
