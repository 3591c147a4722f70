import { Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import type { Insertable } from 'kysely';
import type { MpesaSettingsTable } from '@sokoni/db';

export type MpesaSettingsRow = NonNullable<Awaited<ReturnType<MpesaSettingsRepository['get']>>>;

@Injectable()
export class MpesaSettingsRepository {
  get(trx: TenantTransaction) {
    return trx.selectFrom('mpesa_settings').selectAll().executeTakeFirst();
  }

  async upsert(trx: TenantTransaction, row: Insertable<MpesaSettingsTable>) {
    const { tenant_id: _tenant, callback_secret: _secret, ...changes } = row;
    await trx
      .insertInto('mpesa_settings')
      .values(row)
      // The callback secret is made once: changing credentials must not break callbacks in flight.
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(changes))
      .execute();
  }

  /** What shoppers see on the order page (till or paybill number). */
  async showOnStorefront(trx: TenantTransaction, tenantId: string, kind: 'till' | 'paybill', number: string) {
    await trx
      .updateTable('tenants')
      .set({ mpesa_kind: kind, mpesa_shortcode: number })
      .where('id', '=', tenantId)
      .execute();
  }

  async markC2bRegistered(trx: TenantTransaction) {
    await trx.updateTable('mpesa_settings').set({ c2b_registered_at: new Date() }).execute();
  }

  async markPullRegistered(trx: TenantTransaction) {
    await trx.updateTable('mpesa_settings').set({ pull_registered_at: new Date() }).execute();
  }

  /** Callback intake runs before any tenant is known: a definer function maps the secret to it. */
  async tenantForCallbackSecret(db: Kysely<Database>, secret: string): Promise<string | null> {
    const { rows } = await sql<{
      tenant_id: string | null;
    }>`SELECT app_mpesa_hook_tenant(${secret}) AS tenant_id`.execute(db);
    return rows[0]?.tenant_id ?? null;
  }

  async tenantsWithMpesa(db: Kysely<Database>): Promise<string[]> {
    const { rows } = await sql<{ tenant_id: string }>`SELECT tenant_id FROM app_mpesa_tenants()`.execute(db);
    return rows.map((r) => r.tenant_id);
  }
}
