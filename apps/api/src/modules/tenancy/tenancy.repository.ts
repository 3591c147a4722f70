import { Inject, Injectable } from '@nestjs/common';
import { resolveTenant, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import { DB } from '../../platform/tokens';

@Injectable()
export class TenancyRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  /** Slug or custom host -> tenant, without a tenant context (SECURITY DEFINER resolver). */
  resolve(slugOrHost: string) {
    return resolveTenant(this.db, slugOrHost);
  }

  /** The current tenant's own row; RLS hides every other tenant's. */
  findCurrent(trx: TenantTransaction) {
    return trx
      .selectFrom('tenants')
      .select(['id', 'slug', 'name', 'vertical', 'tagline', 'location', 'whatsapp_number', 'return_policy', 'mpesa_kind', 'mpesa_shortcode', 'kra_pin'])
      .executeTakeFirst();
  }
}
