import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

export type TenantTransaction = Transaction<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs fn in a transaction whose first statement is SET LOCAL app.tenant_id. Every RLS policy
 * reads that setting, so queries inside can only see and write this tenant's rows, and the
 * setting dies with the transaction (a pooled connection never carries it to the next request).
 */
export async function withTenant<T>(
  db: Kysely<Database>,
  tenantId: string,
  fn: (trx: TenantTransaction) => Promise<T>,
): Promise<T> {
  if (!UUID.test(tenantId)) throw new Error(`withTenant: not a tenant id: ${tenantId}`);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
    return fn(trx);
  });
}

/** Store slug or custom host -> tenant, through the SECURITY DEFINER resolver (no context needed). */
export async function resolveTenant(
  db: Kysely<Database>,
  slugOrHost: string,
): Promise<{ tenantId: string; slug: string } | null> {
  const result = await sql<{ tenant_id: string; slug: string }>`
    SELECT tenant_id, slug FROM app_resolve_tenant(${slugOrHost})`.execute(db);
  const row = result.rows[0];
  return row ? { tenantId: row.tenant_id, slug: row.slug } : null;
}
