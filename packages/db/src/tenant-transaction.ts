import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

/** Not exported: no code outside this file can name it, so none can make a TenantTransaction. */
declare const tenantScope: unique symbol;

/**
 * A transaction scoped to one tenant by SET LOCAL app.tenant_id. Branded: only withTenant (here)
 * produces one, so a repository that takes a TenantTransaction cannot be handed a raw Kysely or
 * an unscoped transaction without an explicit cast. In the API, only TenantDb calls withTenant
 * (tests/architecture/request-context.test.ts checks that).
 */
export type TenantTransaction = Transaction<Database> & { readonly [tenantScope]: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs fn in a transaction whose first statement is SET LOCAL app.tenant_id. Every RLS policy
 * reads that setting, so queries inside can only see and write this tenant's rows, and the
 * setting dies with the transaction (a pooled connection never carries it to the next request).
 * `readOnly` opens it with BEGIN READ ONLY (reads that may be served by a replica).
 *
 * BEGIN and the setting travel in one simple-protocol message, one round trip instead of two (a
 * storefront read is BEGIN, the setting, its query, COMMIT: a quarter of its round trips, and each
 * costs a write and a read syscall on both sides). The tenant id goes into that text as a literal,
 * which is why it must be a well-formed uuid first. On one connection of the pool held for the
 * whole transaction, as Kysely's own transaction() does; an error in fn rolls back and rethrows.
 */
export async function withTenant<T>(
  db: Kysely<Database>,
  tenantId: string,
  fn: (trx: TenantTransaction) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  if (!UUID.test(tenantId)) throw new Error(`withTenant: not a tenant id: ${tenantId}`);
  const begin = options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN';
  return db.connection().execute(async (connection) => {
    await sql
      .raw(`${begin}; SELECT set_config('app.tenant_id', '${tenantId.toLowerCase()}', true)`)
      .execute(connection);
    let result: T;
    try {
      // A Kysely bound to the transaction's one connection: everything a Transaction offers that
      // repositories use (queries), none of what they must not (nested transactions: none exist).
      result = await fn(connection as unknown as TenantTransaction);
    } catch (error) {
      // The statement's own error is the one worth reporting; a failed ROLLBACK (the connection
      // died) leaves the server to end the transaction when the connection closes.
      await sql
        .raw('ROLLBACK')
        .execute(connection)
        .catch(() => undefined);
      throw error;
    }
    await sql.raw('COMMIT').execute(connection);
    return result;
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
