import { Inject, Injectable } from '@nestjs/common';
import { withTenant, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import { requestContext } from './request-context';
import { DB } from './tokens';

/**
 * The only way services reach tenant tables: a transaction scoped to one tenant by
 * SET LOCAL app.tenant_id, so RLS decides what the queries inside can see.
 */
@Injectable()
export class TenantDb {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  run<T>(tenantId: string, fn: (trx: TenantTransaction) => Promise<T>): Promise<T> {
    const context = requestContext.current();
    if (context) context.tenantId = tenantId;
    return withTenant(this.db, tenantId, fn);
  }
}
