import { Inject, Injectable } from '@nestjs/common';
import { withTenant, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import { ReadRouting } from './read-routing';
import { requestContext, type RequestContext } from './request-context';
import { DB } from './tokens';

/**
 * The only way services reach tenant tables: a transaction scoped to the context's tenant by
 * SET LOCAL app.tenant_id, so RLS decides what the queries inside can see. The TenantTransaction
 * it hands out is branded: repositories that take one refuse a raw Kysely or an unscoped
 * transaction at compile time.
 */
@Injectable()
export class TenantDb {
  constructor(
    @Inject(DB) private readonly db: Kysely<Database>,
    private readonly routing: ReadRouting,
  ) {}

  /** Reads and writes, always on the primary. */
  run<T>(ctx: RequestContext, fn: (trx: TenantTransaction) => Promise<T>): Promise<T> {
    const tenantId = ctx.tenantId;
    requestContext.noteTenant(tenantId);
    return withTenant(this.db, tenantId, fn);
  }

  /**
   * A storefront read: the same tenant transaction, READ ONLY, on the read replica when one is
   * configured, healthy, within REPLICA_MAX_LAG_MS and the caller's session has not just written
   * (platform/read-routing.ts); else on the primary. fn may run twice (replica lost mid-read:
   * once more on the primary), so it must only read.
   */
  read<T>(ctx: RequestContext, fn: (trx: TenantTransaction) => Promise<T>): Promise<T> {
    const tenantId = ctx.tenantId;
    requestContext.noteTenant(tenantId);
    return this.routing.route(ctx.sessions, this.db, (db) => withTenant(db, tenantId, fn, { readOnly: true }));
  }
}
