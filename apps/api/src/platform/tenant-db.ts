import { Inject, Injectable } from '@nestjs/common';
import { withTenant, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
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
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  run<T>(ctx: RequestContext, fn: (trx: TenantTransaction) => Promise<T>): Promise<T> {
    const tenantId = ctx.tenantId;
    requestContext.noteTenant(tenantId);
    return withTenant(this.db, tenantId, fn);
  }
}
