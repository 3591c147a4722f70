import { Inject, Injectable } from '@nestjs/common';
import type { Vertical } from '@sokoni/contracts';
import { resolveTenant, sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import { DB } from '../../platform/tokens';

/** What the store creation wizard changes on a store's row. */
export interface StoreChanges {
  vertical?: Vertical;
  tagline?: string;
  location?: string;
  whatsapp_number?: string;
  return_policy?: string;
  status?: 'active';
  /** Business details (store-identity): the PIN the invoice prints. */
  kra_pin?: string | null;
  /** The storefront's default language (store-identity: StoreLanguageService). */
  default_language?: 'en' | 'sw';
}

/** The store's profile as the owner edits it (settings, onboarding wizard): who, what, where, how paid. */
export const STORE_PROFILE_COLUMNS = [
  'id',
  'slug',
  'name',
  'vertical',
  'tagline',
  'location',
  'whatsapp_number',
  'return_policy',
  'mpesa_kind',
  'mpesa_shortcode',
  'default_language',
] as const;

@Injectable()
export class TenancyRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  /** Slug or custom host -> tenant, without a tenant context (SECURITY DEFINER resolver). */
  resolve(slugOrHost: string) {
    return resolveTenant(this.db, slugOrHost);
  }

  /** Like resolve, but also finds draft stores: for the owner area only (SECURITY DEFINER, 0016). */
  async resolveForOwner(slugOrHost: string): Promise<{ tenantId: string; slug: string } | null> {
    const result = await sql<{
      tenant_id: string;
      slug: string;
    }>`SELECT tenant_id, slug FROM app_resolve_owner_tenant(${slugOrHost})`.execute(this.db);
    const row = result.rows[0];
    return row ? { tenantId: row.tenant_id, slug: row.slug } : null;
  }

  /** A new store's row, as a draft (sign-up). */
  async insertDraft(
    trx: TenantTransaction,
    row: { id: string; slug: string; name: string; vertical: Vertical; tagline: string },
  ) {
    await trx
      .insertInto('tenants')
      .values({ ...row, status: 'draft' })
      .execute();
  }

  async updateCurrent(trx: TenantTransaction, changes: StoreChanges) {
    await trx
      .updateTable('tenants')
      .set(changes)
      .where('id', '=', sql<string>`app_current_tenant()`)
      .execute();
  }

  /** Read model of store-identity's business details: what the invoice prints besides the PIN. */
  businessDetails(trx: TenantTransaction) {
    return trx
      .selectFrom('store_identity')
      .select(['legal_name', 'physical_address'])
      .where('tenant_id', '=', sql<string>`app_current_tenant()`)
      .executeTakeFirst();
  }

  /** The current tenant's own row; RLS hides every other tenant's. */
  findCurrent(trx: TenantTransaction) {
    return trx
      .selectFrom('tenants')
      .select([...STORE_PROFILE_COLUMNS, 'kra_pin'])
      .executeTakeFirst();
  }
}
