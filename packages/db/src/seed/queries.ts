import {
  sql,
  type OnConflictBuilder,
  type OnConflictTables,
  type OnConflictUpdateDatabase,
  type UpdateObject,
} from 'kysely';
import type { Database } from '../schema';
import type { TenantTransaction } from '../tenant-transaction';

/**
 * Seed steps that write a store's rows only once (after that the rows are the owner's, or a
 * ledger's) ask these first. The owner may be a superuser, which bypasses RLS: every query
 * names the tenant itself.
 */

/** Whether the store already has a row in `table`: a once-per-store step skips itself then. */
export async function storeHasRow(
  trx: TenantTransaction,
  tenantId: string,
  table: 'delivery_settings' | 'promotions',
): Promise<boolean> {
  const row = await trx.selectFrom(table).select('tenant_id').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row !== undefined;
}

/**
 * The store's variants (id, sku) that have no row yet in `table` (a once-per-variant step:
 * opening stock, a demo sale). The caller may narrow it further before executing.
 */
export function variantsWithoutRowIn(
  trx: TenantTransaction,
  tenantId: string,
  table: 'inventory_movements' | 'price_rules',
) {
  return trx
    .selectFrom('product_variants as v')
    .select(['v.id', 'v.sku'])
    .where('v.tenant_id', '=', tenantId)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM ${sql.table(table)} r WHERE r.tenant_id = v.tenant_id AND r.variant_id = v.id)`,
    );
}

/**
 * The seed's upsert: on conflict, update `columns` from the new row only when one of them
 * differs (`IS DISTINCT FROM`), so a second run with the same data writes nothing.
 * `oc` is the ON CONFLICT builder with its target already named.
 */
export function updateWhenChanged<TB extends keyof Database>(
  oc: OnConflictBuilder<Database, TB>,
  table: TB,
  columns: readonly (keyof Database[TB] & string)[],
) {
  const ours = sql.join(columns.map((c) => sql.ref(`${table}.${c}`)));
  const theirs = sql.join(columns.map((c) => sql.ref(`excluded.${c}`)));
  const fromExcluded = Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]));
  return oc
    .doUpdateSet(
      fromExcluded as UpdateObject<OnConflictUpdateDatabase<Database, TB>, OnConflictTables<TB>, OnConflictTables<TB>>,
    )
    .where(sql<boolean>`(${ours}) IS DISTINCT FROM (${theirs})`);
}

/** The column names a row object sets (its keys), for updateWhenChanged. */
export function columnsOf<T extends object>(row: T): (keyof T & string)[] {
  return Object.keys(row) as (keyof T & string)[];
}

/** An audit row for something the seed did (actor: the system, "seed"). */
export async function auditSeedAction(
  trx: TenantTransaction,
  tenantId: string,
  entry: { action: string; entityType: string; entityId: string; after: unknown },
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: tenantId,
      actor_type: 'system',
      actor_id: 'seed',
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: null,
      after: JSON.stringify(entry.after),
    })
    .execute();
}
